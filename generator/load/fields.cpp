#include "load/fields.h"

#include "base/text.h"

namespace imsdoc {

void check_known_keys(const YamlNode& map, const std::string& file,
                      const std::vector<std::string>& known, const std::string& context,
                      Diagnostics& diags) {
  for (const auto& [key, value] : map.entries) {
    if (!key.is_scalar()) {
      diags.error(key.span(file), "keys in " + context + " must be plain names");
      continue;
    }
    bool found = false;
    for (const auto& k : known) found = found || k == key.scalar;
    if (found) continue;
    std::string suggestion = closest_match(key.scalar, known);
    diags.error(key.span(file), "unknown key '" + key.scalar + "' in " + context,
                suggestion.empty() ? "allowed keys: " + quoted_list(known, "and")
                                   : "did you mean '" + suggestion + "'?");
  }
}

std::string describe(const YamlNode& node) { return node.kind_name(); }

bool has_misspelling_of(const YamlNode& map, const std::string& key) {
  for (const auto& [k, v] : map.entries) {
    if (k.is_scalar() && k.scalar != key && closest_match(k.scalar, {key}) == key) return true;
  }
  return false;
}

bool read_string(const YamlNode& map, const std::string& key, const std::string& file,
                 bool required, const std::string& context, Diagnostics& diags, std::string* out,
                 const YamlNode** node) {
  const YamlNode* value = map.get(key);
  if (node) *node = value;
  if (!value || value->is_null()) {
    if (required && (value || !has_misspelling_of(map, key))) {
      diags.error(value ? value->span(file) : map.span(file),
                  "missing required key '" + key + "' in " + context);
    }
    return false;
  }
  if (!value->is_scalar()) {
    diags.error(value->span(file),
                "'" + key + "' must be a single value, found " + describe(*value));
    return false;
  }
  if (required && trim(value->scalar).empty()) {
    diags.error(value->span(file), "'" + key + "' must not be empty");
    return false;
  }
  *out = value->scalar;
  return true;
}

bool read_string_list(const YamlNode& map, const std::string& key, const std::string& file,
                      bool required, const std::string& context, Diagnostics& diags,
                      std::vector<std::string>* out, std::vector<const YamlNode*>* nodes) {
  const YamlNode* value = map.get(key);
  if (!value || value->is_null()) {
    if (required && (value || !has_misspelling_of(map, key))) {
      diags.error(value ? value->span(file) : map.span(file),
                  "missing required key '" + key + "' in " + context);
    }
    return false;
  }
  if (!value->is_sequence()) {
    diags.error(value->span(file), "'" + key + "' must be a list, found " + describe(*value),
                "write a list: " + key + ": [" + (value->is_scalar() ? value->scalar : "a, b") +
                    "]");
    return false;
  }
  bool ok = true;
  for (const auto& item : value->items) {
    if (!item.is_scalar()) {
      diags.error(item.span(file),
                  "items of '" + key + "' must be single values, found " + describe(item));
      ok = false;
      continue;
    }
    out->push_back(item.scalar);
    if (nodes) nodes->push_back(&item);
  }
  return ok;
}

bool read_bool(const YamlNode& map, const std::string& key, const std::string& file,
               const std::string& context, Diagnostics& diags, bool* out) {
  (void)context;
  const YamlNode* value = map.get(key);
  if (!value || value->is_null()) return false;
  if (value->is_scalar() && !value->quoted && (value->scalar == "true" || value->scalar == "false")) {
    *out = value->scalar == "true";
    return true;
  }
  diags.error(value->span(file), "'" + key + "' must be true or false");
  return false;
}

}  // namespace imsdoc
