// What changed in meaning between two versions of a manual: sections, register entries,
// coverage of each standard and findings. Computed on two linked Projects (so it does not care
// whether they came from directories or git revisions), read by the report renderers
// (review/report.h). Plain data, no third-party types.
#pragma once

#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "model/project.h"

namespace imsdoc {

// One run of words of a word-level diff. A word token carries the space before it (" scope"),
// so joining tokens gives back the text; punctuation is a token of its own (" sites", ".") so
// that "sites." -> "sites and depots." changes only what changed. Paragraph breaks are the
// token kParagraphBreak.
struct WordRun {
  enum class Kind { kSame, kDeleted, kInserted };
  Kind kind = Kind::kSame;
  std::vector<std::string> words;
};

inline constexpr const char* kParagraphBreak = "\n";

// Splits text into word and punctuation tokens, each with a leading " " when whitespace came
// before it within a paragraph; "\n" separates paragraphs and becomes one kParagraphBreak
// token. Runs of whitespace count as one space; leading and trailing whitespace is dropped.
std::vector<std::string> split_words(const std::string& text);

// The shortest edit turning `old_words` into `new_words`, as runs (longest common subsequence
// of the words after removing the common prefix and suffix). Adjacent runs differ in kind, and
// a deletion always comes before the insertion it pairs with; an unchanged run shorter than
// half of the replacements on both sides of it is folded into them. Inputs too large for an exact
// answer (more than ~16 million word pairs in the changed middle) give one deletion and one
// insertion of the middle.
std::vector<WordRun> diff_words(const std::vector<std::string>& old_words,
                                const std::vector<std::string>& new_words);

// diff_words of two texts, paragraph by paragraph: unchanged paragraphs are matched first,
// then the words of each stretch of changed paragraphs are compared. What the reports use.
std::vector<WordRun> diff_text(const std::string& old_text, const std::string& new_text);

// A changed attribute: a front-matter field of a section or a field of a register entry.
struct FieldChange {
  std::string field;      // "residual_likelihood", "version"
  std::string label;      // from the schema: "Residual likelihood"; for sections: "Version"
  std::string old_value;  // as displayed: lists comma-separated, booleans yes/no; "" if absent
  std::string new_value;
  bool long_text = false;  // a text field: renderers show a word diff, not old -> new
  bool list = false;       // a list field (or a section's clauses):
  std::vector<std::string> added, removed;  // its items only in new / only in old, in order
};

enum class ChangeKind { kAdded, kRemoved, kChanged };
const char* change_kind_name(ChangeKind k);  // "added", "removed", "changed"

struct SectionChange {
  ChangeKind kind = ChangeKind::kChanged;
  std::string id;
  std::string number;  // of the new side (old side if removed)
  std::string title;
  std::string old_path, new_path;   // project-relative source files ("" on the missing side)
  std::vector<FieldChange> fields;  // front matter, in a fixed order
  std::string old_text, new_text;   // the body as plain text, paragraphs separated by "\n"
  std::vector<int> old_levels, new_levels;  // section_heading_levels of each side's body
  // Old body -> new body; for an added (removed) section, the whole body inserted (deleted).
  std::vector<WordRun> text_diff;
  bool text_changed = false;  // a section on both sides whose body differs
  // Its body changed but its front-matter version did not: controlled documents get a new
  // version when they change (ISO 9001 7.5.3.2), so reviewers are told.
  bool version_unchanged = false;
  std::string version;  // the new side's version
};

struct EntryChange {
  ChangeKind kind = ChangeKind::kChanged;
  std::string register_name;   // "risks"
  std::string register_title;  // "Risk register"
  std::string id;
  std::string title;                // the title field (new side, old side if removed)
  std::vector<FieldChange> fields;  // changed fields in schema order (all present ones if
                                    // added or removed)
};

// A clause or control whose coverage status differs between the sides.
struct ClauseChange {
  std::string ref;                     // "9001:4.3"
  std::string title;                   // catalog title
  std::string old_status, new_status;  // coverage_status_name(): "covered", "not covered", ...
  bool annex = false;
};

struct StandardChange {
  std::string short_name;               // "9001"
  std::string title;                    // "ISO 9001:2015"
  bool in_old = false, in_new = false;  // in scope on each side
  int old_clauses_covered = 0, old_clauses_total = 0, new_clauses_covered = 0,
      new_clauses_total = 0;
  int old_controls_covered = 0, old_controls_total = 0, new_controls_covered = 0,
      new_controls_total = 0;
  std::vector<ClauseChange> changes;  // catalog order; only when in scope on both sides

  bool newly_covered(const ClauseChange& c) const { return c.new_status == "covered"; }
  bool lost(const ClauseChange& c) const { return c.old_status == "covered"; }
};

struct FindingChange {
  std::string code;      // "risk-above-appetite"
  std::string severity;  // "error" | "warning"
  std::string message;
  std::string hint;
  SourceSpan span;  // on the side where the finding exists
};

struct DiffSide {
  std::string label;   // as given on the command line: "main", "HEAD~1", "../old"
  std::string commit;  // full hash when the side is a git revision, else ""
  std::string manual_id, title, version;
};

struct ManualDiff {
  DiffSide old_side, new_side;
  std::string as_of;                     // the date findings were checked at
  std::vector<SectionChange> sections;   // by section number (new side first), then removed
  std::vector<EntryChange> entries;      // by register name, then entry order
  std::vector<StandardChange> coverage;  // standards in scope on either side whose coverage
                                         // or scope changed, by short name
  std::vector<FindingChange> findings_introduced, findings_resolved;

  bool empty() const {
    return sections.empty() && entries.empty() && coverage.empty() && findings_introduced.empty() &&
           findings_resolved.empty();
  }
};

// Compares two linked projects. `old_findings` and `new_findings` are what check_findings
// reported on each side (only diagnostics with a code are used; a finding is the same on both
// sides when its code and message are, wherever it sits in the files).
ManualDiff diff_manuals(const Project& old_project, const Diagnostics& old_findings,
                        const Project& new_project, const Diagnostics& new_findings);

// How a field value reads in a report: list items comma-separated, booleans "yes"/"no",
// integers in decimal, Markdown text as plain text.
std::string display_value(const FieldSpec* spec, const FieldValue& value);

// The items of a list value as display_value shows each; a scalar is a list of one.
std::vector<std::string> display_items(const FieldSpec* spec, const FieldValue& value);

// The body of a section as plain text, one line per paragraph, heading, list item, table row
// or code line; what the word diff works on.
std::string section_text(const doc::Document& body);

// The heading level (1-6) of each paragraph of section_text(body) that is not empty, 0 for
// those that are not headings; what the redline uses to show headings as headings.
std::vector<int> section_heading_levels(const doc::Document& body);

}  // namespace imsdoc
