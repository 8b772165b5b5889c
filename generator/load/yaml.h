// YAML parsing into a small positioned tree. The only user of yaml-cpp.
//
// Every node keeps its 1-based line/column. Mapping keys keep their order and duplicates are
// reported (yaml-cpp silently keeps the first one). What a document may cost is bounded by
// InputLimits (base/limits.h): nodes with every alias expanded (limits.yaml_nodes) and nesting
// (limits.yaml_depth); going over either is an error at the node (or alias) where it happens,
// never a stack overflow or an exhausted memory.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "base/diagnostic.h"
#include "base/limits.h"

namespace imsdoc {

struct YamlEntry;

struct YamlNode {
  enum class Kind { kNull, kScalar, kSequence, kMap };
  Kind kind = Kind::kNull;
  std::string scalar;   // for kScalar
  bool quoted = false;  // scalar was written in quotes (or as a block scalar)
  int line = 0;
  int col = 0;
  std::vector<YamlNode> items;     // kSequence
  std::vector<YamlEntry> entries;  // kMap, in document order

  bool is_map() const { return kind == Kind::kMap; }
  bool is_sequence() const { return kind == Kind::kSequence; }
  bool is_scalar() const { return kind == Kind::kScalar; }
  bool is_null() const { return kind == Kind::kNull; }
  const YamlNode* get(const std::string& key) const;  // first entry with that key
  SourceSpan span(const std::string& file) const { return {file, line, col}; }
  const char* kind_name() const;  // "a mapping", "a list", "a value", "empty"
};

// One key and value of a mapping. (A std::pair of the incomplete YamlNode is not allowed.)
struct YamlEntry {
  YamlNode first;   // the key
  YamlNode second;  // the value
};

// Parses `text` (the first YAML document in it) as read from `file`. `line_offset` is added to
// every line number (for front matter inside a Markdown file). Reports syntax errors, duplicate
// keys and limits exceeded to `diags`; returns false (and an empty `out`) if the text could not
// be parsed or went over `limits`.
bool parse_yaml(const std::string& text, const std::string& file, int line_offset, YamlNode* out,
                Diagnostics& diags, const InputLimits& limits = InputLimits{});

}  // namespace imsdoc
