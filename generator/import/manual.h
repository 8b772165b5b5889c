// The imported manual: what every reader (DOCX, Markdown folder, comply project) produces and
// what init writes as a project. Plain data.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace imsdoc {

// A link target in an imported section's body that names another imported section by its
// index in ImportedManual::sections ("imsdoc-section:3"); init turns it into [[ID|text]].
inline constexpr const char* kSectionLinkScheme = "imsdoc-section:";

struct ImportedSection {
  std::string title;
  std::string number;  // dotted section number from the source, "" if it has none
  int level = 1;       // 1: top-level section, 2: nested below the previous top-level one
  std::string body;    // GitHub-flavoured Markdown
  // Clause references the source states explicitly (front matter, comply's satisfies:,
  // imsdoc's own section metadata), "STANDARD:CLAUSE"; unchecked.
  std::vector<std::string> clauses;
  // Whether the source declares the section's clauses (front matter `clauses:` or `satisfies:`,
  // imsdoc's section metadata): then they are taken as they are and none are detected in the
  // text, where mentions ([[27001:A.5.1]]) are references, not coverage.
  bool clauses_declared = false;
  // Front matter fields imsdoc knows, kept from the source (id, summary, owner, approver,
  // version, effective, status).
  std::map<std::string, std::string> fields;
  std::string source;  // where it came from, for messages ("legacy.docx", "policies/a.md")
  std::string stem;    // suggested file name without extension ("", derive from the title)
};

struct ImportedManual {
  std::string title;               // document title, if the source has one
  std::string organisation;        // if the source names it
  std::string manual_id, version;  // the controlled-document id and version, if it states them
  std::vector<ImportedSection> sections;
  // Whether a leading number in a heading ("4.1 Understanding the organization") is a clause
  // number. False for imsdoc's own Word edition, whose heading numbers are section numbers.
  bool heading_numbers_are_clauses = true;
  // Standards the source declares (comply's TSC), in addition to those detected.
  std::vector<std::string> standards;
  // What the reader could not carry over, for warnings ("3 images were not imported").
  std::vector<std::string> notes;
  // Extra project files (project-relative path -> bytes), e.g. standards/tsc.yaml.
  std::map<std::string, std::string> files;
};

}  // namespace imsdoc
