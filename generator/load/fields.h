// Helpers for reading typed values out of a YamlNode mapping with precise diagnostics.
#pragma once

#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "load/yaml.h"

namespace imsdoc {

// Reports every key of `map` not in `known` as "unknown key 'x' in <context>", with a
// "did you mean" hint or the list of allowed keys.
void check_known_keys(const YamlNode& map, const std::string& file,
                      const std::vector<std::string>& known, const std::string& context,
                      Diagnostics& diags);

// Reads a scalar string. Missing: error at `owner` if `required`. Wrong kind: error at value.
// Returns true if a value was read.
bool read_string(const YamlNode& map, const std::string& key, const std::string& file,
                 bool required, const std::string& context, Diagnostics& diags, std::string* out,
                 const YamlNode** node = nullptr);

// Reads a list of scalar strings (a single scalar is an error: lists must be lists).
bool read_string_list(const YamlNode& map, const std::string& key, const std::string& file,
                      bool required, const std::string& context, Diagnostics& diags,
                      std::vector<std::string>* out, std::vector<const YamlNode*>* nodes = nullptr);

// Reads `true`/`false`.
bool read_bool(const YamlNode& map, const std::string& key, const std::string& file,
               const std::string& context, Diagnostics& diags, bool* out);

// True if `map` has a key that looks like a typo of `key` (it is reported as an unknown key
// with a "did you mean" hint, so reporting `key` as missing too would only repeat it).
bool has_misspelling_of(const YamlNode& map, const std::string& key);

// "a value" / "a list" ... for "expected X, found Y" messages.
std::string describe(const YamlNode& node);

}  // namespace imsdoc
