// The loaded project: configuration, manual sections, register schemas and entries.
//
// Built by load/ (which reports every problem as a Diagnostic), completed by link/ (which
// resolves references), then only read by renderers. Plain data, no third-party types.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "base/limits.h"
#include "base/regex.h"
#include "model/catalog.h"
#include "model/document.h"

namespace imsdoc {

// One row of the manual's revision history (imsdoc.yaml `document_control: revisions:`).
struct Revision {
  std::string version;
  std::string date;  // YYYY-MM-DD
  std::string summary;
  std::string approved_by;
  SourceSpan span;
};

// Document control data of the manual as a whole (clause 7.5): who owns and approves it, when
// it takes effect, and what changed in each version. Every field is optional.
struct DocumentControl {
  std::string owner;
  std::string approver;
  std::string effective;  // YYYY-MM-DD
  std::string status;
  std::string classification;
  std::vector<Revision> revisions;  // as written, oldest first
  // `history: git`: each section's revision history and the manual's change log come from
  // the git log of the project (load/git_history.h). Off by default: a site then depends on
  // the repository's history, not only on the files.
  bool history_from_git = false;
};

// One commit of the project's git history: a row of a section's revision history or of the
// manual's change log.
struct HistoryEntry {
  std::string commit;  // full hash
  std::string date;    // author date, YYYY-MM-DD
  std::string author;
  std::string subject;  // first line of the message
};

// What one diagram may cost (imsdoc.yaml `diagrams:`): checked after Graphviz parses it and
// before the layout, which is then stopped after layout_seconds of processor time. The defaults
// hold any real process map with room to spare.
struct DiagramLimits {
  long long max_nodes = 1000;
  long long max_edges = 5000;
  long long max_label_bytes = 10000;  // of one label (a node's name when it has none)
  int layout_seconds = 30;
};

struct Config {
  std::string title;
  std::string organisation;
  std::string manual_id;
  std::string version;
  std::vector<std::string> standards;  // in scope, by short name: "9001", "27001", "42001"
  std::vector<SourceSpan> standard_spans;
  std::string theme = "default";
  std::string output = "site";
  bool allow_raw_html = false;
  DocumentControl document_control;
  bool build_docx = false;  // `outputs: [site, docx]`: build also writes manual.docx
  DiagramLimits diagram_limits;
  int risk_appetite = 12;   // likelihood x impact above this needs treatment
  // findings: name -> "error" | "warning" | "off", with where each is set.
  std::map<std::string, std::pair<std::string, SourceSpan>> finding_severity;
  SourceSpan span;         // the whole file
  SourceSpan output_span;  // where `output:` is set (line 0 if defaulted)
  SourceSpan theme_span;   // where `theme:` is set
  InputLimits limits;      // `limits:`, what reading the input may cost
};

struct Section {
  std::string id;      // "IMS-1.4"
  std::string number;  // "1.4"
  std::string title;
  std::string summary;
  std::string owner;
  std::string approver;
  std::string version;
  std::string effective;  // YYYY-MM-DD
  std::string status;
  std::vector<std::string> clauses;  // "42001:6.1.2"
  std::vector<SourceSpan> clause_spans;
  std::string path;  // source file, project-relative
  SourceSpan span;   // where the id is declared
  doc::Document body;
  // Commits that changed the section's file (following renames), newest first. Empty unless
  // document_control.history is git and the project is in a git repository.
  std::vector<HistoryEntry> history;
};

enum class FieldType {
  kString,
  kText,
  kEnum,
  kDate,
  kInteger,
  kBoolean,
  kList,
  kReference,
  kClause
};

const char* field_type_name(FieldType t);

struct FieldSpec {
  std::string name;
  std::string label;
  std::string description;
  FieldType type = FieldType::kString;
  FieldType item_type = FieldType::kString;  // for kList
  bool required = false;
  std::vector<std::string> values;  // for kEnum (or a list of enums)
  std::string target;               // register name for kReference (or a list of references)
  std::optional<long long> min, max;
  SourceSpan span;

  // The type of a single value: item_type for lists, type otherwise.
  FieldType value_type() const { return type == FieldType::kList ? item_type : type; }
};

// A value a schema derives from integer fields: the product of `factors`, e.g. a risk's
// rating = likelihood x impact. Shown with an entry's details when every factor has a value.
struct RatingSpec {
  std::string name;                  // "inherent_rating"
  std::string label;                 // "Inherent rating"
  std::vector<std::string> factors;  // integer fields of the schema
  SourceSpan span;
};

struct Schema {
  std::string name;  // "risks"
  std::string title;
  std::string singular;
  std::string description;
  std::string id_pattern;
  std::shared_ptr<const Regex> id_regex;
  std::string title_field;
  std::vector<std::string> columns;  // field names shown in the register table ("id" allowed)
  std::vector<FieldSpec> fields;     // in display order
  std::vector<RatingSpec> ratings;   // in schema order
  std::string origin;                // "built-in" or the project file that defined it
  SourceSpan span;

  const FieldSpec* field(const std::string& name) const;
};

// One value of a register field, with where it was written.
struct FieldValue {
  SourceSpan span;
  std::string text;               // scalar as written (strings, enums, dates, references, clauses)
  long long integer = 0;          // kInteger
  bool boolean = false;           // kBoolean
  doc::Document markdown;         // kText
  std::vector<FieldValue> items;  // kList

  // The scalars of the value: the items of a list, or the value itself.
  std::vector<std::string> texts() const;
};

struct RegisterEntry {
  std::string id;
  std::string register_name;
  SourceSpan span;                           // where `id:` is
  std::map<std::string, FieldValue> values;  // only the fields that are present

  const FieldValue* value(const std::string& field) const;
};

struct Register {
  std::string name;
  std::string path;  // source file
  const Schema* schema = nullptr;
  std::vector<RegisterEntry> entries;  // in file order
};

// What an id names: a section, a register entry, or a clause or control of a standard.
struct Target {
  enum class Kind { kSection, kEntry, kClause } kind = Kind::kSection;
  std::string id;  // "IMS-1.4", "RSK-004", "42001:A.6.2.4"
  std::string title;
  std::string output_path;  // site-relative page path, e.g. "registers/risks/rsk-004.html"
  std::string register_name;
  std::string label;  // how a [[reference]] to it reads: "RSK-004 Biased...", "1.4 Processes"
};

// One reference from a section or register entry to a section, entry, clause or control: the
// raw material of backlinks, coverage and traces. Filled by the linker.
struct Reference {
  enum class Kind {
    kCites,    // front matter `clauses:` or a register field of type clause: covers the clause
    kField,    // a register field of type reference
    kMention,  // [[...]] or a link in Markdown text: mentions, does not cover
  };
  Kind kind = Kind::kMention;
  std::string from;           // id of the section or entry that refers
  std::string from_register;  // its register; "" for a section
  std::string field;          // the field (or "clauses" in front matter); "" for text
  std::string to;             // id or clause reference ("42001:6.1.2") referred to
  SourceSpan span;
  // Does this reference claim that `from` addresses the clause or control `to`? Front matter
  // and clause fields do, and so do references to SoA rows (a risk's or process's controls).
  bool covers() const { return kind == Kind::kCites || (kind == Kind::kField && to_soa); }
  bool to_soa = false;
};

// A hand-authored Graphviz diagram, diagrams/*.dot or *.gv, as read (newlines normalised).
struct DiagramFile {
  std::string path;  // project-relative
  std::string text;
};

struct Project {
  std::string root_display;  // how the project directory is shown in messages ("." -> "")
  Config config;
  Catalogs catalogs;  // every catalog available; config.standards says which are in scope
  std::vector<Section> sections;  // sorted by section number
  std::map<std::string, std::unique_ptr<Schema>> schemas;
  std::vector<Register> registers;               // sorted by name
  std::vector<DiagramFile> diagram_files;        // diagrams/**/*.dot, sorted by path
  std::map<std::string, Target> targets;         // filled by the linker: id -> target
  std::map<std::string, Target> clause_targets;  // "42001:6.1.2" -> clause page, in scope only
  std::vector<Reference> references;  // sections in order, then registers and entries in order
  std::map<std::string, std::vector<size_t>> backlinks;  // `to` -> indices into references
  // Local images the content shows: project-relative path -> where it is first referred to.
  std::map<std::string, SourceSpan> images;
  // Source files that exist but could not be loaded (already reported). References into them
  // are not reported again as dangling.
  std::set<std::string> unloadable_files;
  // The manual's change log: commits that changed any file of the project, newest first.
  // Filled with the sections' history (see Section::history).
  std::vector<HistoryEntry> change_log;

  const Target* find(const std::string& id) const;
  // What a [[reference]] or a link names: a clause or control of a standard in scope
  // ("42001:A.6.2.4", which is also the id of its SoA row), else a section or entry id.
  const Target* resolve(const std::string& ref) const;
  // The catalog of a standard in scope, by short name; nullptr if not in scope.
  const Standard* standard_in_scope(const std::string& short_name) const;
  // The catalogs of the standards in scope, in imsdoc.yaml order.
  std::vector<const Standard*> standards_in_scope() const;
  const Register* find_register(const std::string& name) const;
  const RegisterEntry* find_entry(const std::string& register_name, const std::string& id) const;
  // References to `to`, in the order of `references`.
  std::vector<const Reference*> references_to(const std::string& to) const;
};

// Compares dotted section numbers numerically: 1.2 < 1.10 < 2.
bool section_number_less(const std::string& a, const std::string& b);

}  // namespace imsdoc
