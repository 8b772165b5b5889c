#include "load/registers.h"

#include <set>

#include "base/regex.h"
#include "base/text.h"
#include "load/catalogs.h"
#include "load/fields.h"
#include "load/markdown.h"
#include "load/source_file.h"
#include "load/yaml.h"

namespace imsdoc {

namespace {

struct EntryChecker {
  const std::string& file;
  const Project& project;
  const Schema& schema;
  Diagnostics& diags;

  // Checks one scalar value of type `type` and fills `out`. Returns false on error.
  bool scalar(const FieldSpec& f, FieldType type, const YamlNode& node, FieldValue* out) {
    out->span = node.span(file);
    if (!node.is_scalar()) {
      diags.error(node.span(file),
                  "field '" + f.name + "' must be a single value, found " + describe(node));
      return false;
    }
    out->text = node.scalar;
    const std::string& v = node.scalar;
    switch (type) {
      case FieldType::kString:
      case FieldType::kReference:
        if (trim(v).empty()) {
          diags.error(node.span(file), "field '" + f.name + "' must not be empty");
          return false;
        }
        return true;
      case FieldType::kText: {
        // Block scalars start on the line after the '|' indicator.
        bool block = v.find('\n') != std::string::npos;
        out->markdown = parse_markdown(
            v, {file, block ? node.line : node.line - 1, block ? 0 : node.col - 1}, diags);
        return true;
      }
      case FieldType::kEnum: {
        for (const auto& allowed : f.values) {
          if (allowed == v) return true;
        }
        std::string guess = closest_match(v, f.values);
        diags.error(node.span(file), "unknown value '" + v + "' for field '" + f.name + "'",
                    guess.empty()
                        ? "expected " + quoted_list(f.values)
                        : "did you mean '" + guess + "'? (expected " + quoted_list(f.values) + ")");
        return false;
      }
      case FieldType::kDate:
        if (!is_iso_date(v)) {
          diags.error(node.span(file), "invalid date '" + v + "' for field '" + f.name + "'",
                      "write dates as YYYY-MM-DD, e.g. 2026-03-01");
          return false;
        }
        return true;
      case FieldType::kInteger: {
        static const Regex kInt = Regex::fixed(R"(^-?[0-9]{1,18}$)");
        if (node.quoted || !kInt.full_match(v)) {
          diags.error(node.span(file),
                      "field '" + f.name + "' must be an integer, found '" + v + "'");
          return false;
        }
        out->integer = std::stoll(v);
        if ((f.min && out->integer < *f.min) || (f.max && out->integer > *f.max)) {
          diags.error(node.span(file), "field '" + f.name + "' is " + v + ", outside " +
                                           (f.min ? std::to_string(*f.min) : "") + ".." +
                                           (f.max ? std::to_string(*f.max) : ""));
          return false;
        }
        return true;
      }
      case FieldType::kBoolean:
        if (node.quoted || (v != "true" && v != "false")) {
          diags.error(node.span(file),
                      "field '" + f.name + "' must be true or false, found '" + v + "'");
          return false;
        }
        out->boolean = v == "true";
        return true;
      case FieldType::kClause:
        return check_clause_ref(v, node.span(file), project, diags);
      case FieldType::kList:
        break;
    }
    return false;
  }

  void field(const FieldSpec& f, const YamlNode& node, FieldValue* out) {
    out->span = node.span(file);
    if (f.type != FieldType::kList) {
      scalar(f, f.type, node, out);
      return;
    }
    if (!node.is_sequence()) {
      diags.error(node.span(file), "field '" + f.name + "' must be a list, found " + describe(node),
                  node.is_scalar() ? "write a list: " + f.name + ": [" + node.scalar + "]" : "");
      return;
    }
    std::set<std::string> seen;
    for (const auto& item : node.items) {
      FieldValue v;
      if (!scalar(f, f.item_type, item, &v)) continue;
      if (!seen.insert(v.text).second) {
        diags.warning(item.span(file), "'" + v.text + "' is listed twice in '" + f.name + "'");
        continue;
      }
      out->items.push_back(std::move(v));
    }
  }

  void entry(const YamlNode& node, Register* reg, std::set<std::string>* ids) {
    if (!node.is_map()) {
      diags.error(node.span(file),
                  "each entry must be a mapping with an 'id', found " + describe(node));
      return;
    }
    RegisterEntry e;
    e.register_name = schema.name;
    e.span = node.span(file);
    const YamlNode* id_node = nullptr;
    if (read_string(node, "id", file, true, "entry", diags, &e.id, &id_node)) {
      e.span = id_node->span(file);
      if (schema.id_regex && !schema.id_regex->partial_match(e.id)) {
        diags.error(id_node->span(file), "id '" + e.id + "' does not match the pattern " +
                                             schema.id_pattern + " of register '" + schema.name +
                                             "'");
      }
      if (!ids->insert(e.id).second) {
        diags.error(id_node->span(file),
                    "duplicate id '" + e.id + "' in register '" + schema.name + "'");
      }
    }
    std::vector<std::string> known = {"id"};
    for (const auto& f : schema.fields) known.push_back(f.name);
    check_known_keys(node, file, known, schema.singular + " " + (e.id.empty() ? "entry" : e.id),
                     diags);
    for (const auto& f : schema.fields) {
      const YamlNode* value = node.get(f.name);
      if (!value || value->is_null()) {
        if (f.required && (value || !has_misspelling_of(node, f.name))) {
          diags.error(e.span, (e.id.empty() ? std::string("entry") : e.id) +
                                  ": missing required field '" + f.name + "'");
        }
        continue;
      }
      FieldValue v;
      field(f, *value, &v);
      e.values.emplace(f.name, std::move(v));
    }
    reg->entries.push_back(std::move(e));
  }
};

}  // namespace

bool load_register(const FileSystem& fs, const std::string& path, const Project& project,
                   Diagnostics& diags, Register* out) {
  const auto& schemas = project.schemas;
  std::string name = path.substr(path.rfind('/') + 1);
  name = name.substr(0, name.size() - 5);  // ".yaml"
  out->name = name;
  out->path = path;
  auto it = schemas.find(name);
  if (it == schemas.end()) {
    std::vector<std::string> names;
    for (const auto& [n, _] : schemas) names.push_back(n);
    std::string guess = closest_match(name, names);
    diags.error({path, 0, 0}, "no schema for register '" + name + "'",
                guess.empty()
                    ? "add registers/schemas/" + name +
                          ".yaml, or use a register name with a schema: " + quoted_list(names)
                    : "did you mean " + guess + ".yaml?");
    return false;
  }
  out->schema = it->second.get();
  std::string text;
  const InputLimits& limits = project.config.limits;
  if (!read_source(fs, path, diags, &text, limits)) return false;
  YamlNode root;
  if (!parse_yaml(text, path, 0, &root, diags, limits)) return false;
  if (root.is_null()) {
    diags.error({path, 1, 1}, "the register file is empty",
                "write 'entries: []' for a register without entries");
    return false;
  }
  if (!root.is_map()) {
    diags.error(root.span(path),
                "a register file must be a mapping with 'entries:', found " + describe(root),
                "write 'entries:' followed by a list of entries, each starting with '- id: ...'");
    return false;
  }
  check_known_keys(root, path, {"entries"}, "register file", diags);
  const YamlNode* entries = root.get("entries");
  if (!entries) {
    diags.error(root.span(path), "missing 'entries:' in register file");
    return false;
  }
  if (entries->is_null()) return true;
  if (!entries->is_sequence()) {
    diags.error(entries->span(path), "'entries' must be a list, found " + describe(*entries));
    return false;
  }
  EntryChecker checker{path, project, *out->schema, diags};
  std::set<std::string> ids;
  for (const auto& node : entries->items) checker.entry(node, out, &ids);
  return true;
}

}  // namespace imsdoc
