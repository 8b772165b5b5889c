// The loaded project: configuration, manual sections, register schemas and entries.
//
// Built by load/ (which reports every problem as a Diagnostic), completed by link/ (which
// resolves references), then only read by renderers. Plain data, no third-party types.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "model/document.h"

namespace imsdoc {

struct Config {
  std::string title;
  std::string organisation;
  std::string manual_id;
  std::string version;
  std::vector<std::string> standards;  // "9001", "27001", "42001"
  std::string theme = "default";
  std::string output = "site";
  bool allow_raw_html = false;
  SourceSpan span;         // the whole file
  SourceSpan output_span;  // where `output:` is set (line 0 if defaulted)
  SourceSpan theme_span;   // where `theme:` is set
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
  std::string path;                  // source file, project-relative
  SourceSpan span;                   // where the id is declared
  doc::Document body;
};

enum class FieldType { kString, kText, kEnum, kDate, kInteger, kBoolean, kList, kReference, kClause };

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

struct Schema {
  std::string name;  // "risks"
  std::string title;
  std::string singular;
  std::string description;
  std::string id_pattern;
  std::shared_ptr<const std::regex> id_regex;
  std::string title_field;
  std::vector<std::string> columns;  // field names shown in the register table ("id" allowed)
  std::vector<FieldSpec> fields;     // in display order
  std::string origin;                // "built-in" or the project file that defined it
  SourceSpan span;

  const FieldSpec* field(const std::string& name) const;
};

// One value of a register field, with where it was written.
struct FieldValue {
  SourceSpan span;
  std::string text;         // scalar as written (strings, enums, dates, references, clauses)
  long long integer = 0;    // kInteger
  bool boolean = false;     // kBoolean
  doc::Document markdown;   // kText
  std::vector<FieldValue> items;  // kList
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

// What an id names: a section or a register entry.
struct Target {
  enum class Kind { kSection, kEntry } kind = Kind::kSection;
  std::string id;
  std::string title;
  std::string output_path;  // site-relative page path, e.g. "registers/risks/rsk-004.html"
  std::string register_name;
};

struct Project {
  std::string root_display;  // how the project directory is shown in messages ("." -> "")
  Config config;
  std::vector<Section> sections;  // sorted by section number
  std::map<std::string, std::unique_ptr<Schema>> schemas;
  std::vector<Register> registers;  // sorted by name
  std::map<std::string, Target> targets;  // filled by the linker: id -> target
  // Source files that exist but could not be loaded (already reported). References into them
  // are not reported again as dangling.
  std::set<std::string> unloadable_files;

  const Target* find(const std::string& id) const;
  const Register* find_register(const std::string& name) const;
};

// Compares dotted section numbers numerically: 1.2 < 1.10 < 2.
bool section_number_less(const std::string& a, const std::string& b);

}  // namespace imsdoc
