// The text of the files init writes: section files with front matter, imsdoc.yaml, empty
// registers described by their schemas, the README for the manual's authors.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "model/project.h"

namespace imsdoc {

struct NewSection {
  std::string id, title, number, summary;
  std::string owner = "To be assigned", approver = "To be assigned";
  std::string version = "0.1", effective, status = "draft";
  std::vector<std::string> clauses;
  std::string body;     // Markdown
  std::string comment;  // a YAML comment line in the front matter (without '#'), optional
};

// "---\nid: ...\n---\n\nbody".
std::string section_file(const NewSection& s);

struct NewConfig {
  std::string title, organisation, manual_id = "IMS-M-001", version = "0.1";
  std::vector<std::string> standards;
  // Findings whose severity the new project lowers, each with the reason (a YAML comment).
  std::vector<std::pair<std::string, std::string>> findings;
};

std::string config_file(const NewConfig& c);

// registers/<name>.yaml with `entries: []`, headed by a comment that lists the schema's fields.
std::string empty_register_file(const Schema& schema);

// The built-in schemas, by name.
std::map<std::string, std::unique_ptr<Schema>> builtin_schemas();

// README.md for the authors: how the project is laid out and the commands to use. `extended`
// names the imported source ("" for a fresh project).
std::string readme_file(const NewConfig& c, const std::string& extended);

// "IMS-4.1"-style file name pieces: "4.1-understanding-the-organization".
std::string section_file_stem(const std::string& number, const std::string& title);

}  // namespace imsdoc
