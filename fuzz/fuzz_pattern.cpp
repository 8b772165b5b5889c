// Fuzzes regular expressions as a schema's id_pattern reaches them: the input up to the first
// NUL byte is the pattern, the rest (or, without a NUL, the pattern itself) the text. Checks the
// regex module's own promises directly, then runs the pattern and the text as a project schema's
// id_pattern and an entry's id through the whole pipeline.
#include <cstddef>
#include <cstdint>
#include <cstdio>

#include "base/regex.h"
#include "fuzz_project.h"

namespace {

// `s` as a YAML double-quoted scalar: every byte that could end or break it escaped.
std::string yaml_quoted(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"";
}

void check(bool ok) {
  if (!ok) __builtin_trap();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  size_t nul = input.find('\0');
  std::string pattern = input.substr(0, nul);
  std::string text = nul == std::string::npos ? pattern : input.substr(nul + 1);

  imsdoc::Regex re(pattern);
  if (re.ok()) {
    bool full = re.full_match(text);
    bool partial = re.partial_match(text);
    check(!full || partial);
    auto all = re.find_all(text);
    check(partial == !all.empty());
    for (const auto& m : all) check(m.position + m.length <= text.size());
    re.replace_all(text, "x");
  } else {
    check(!re.error().empty());
  }

  auto files = imsdoc::fuzz::base_project();
  files["registers/schemas/records.yaml"] =
      "name: records\ntitle: Records\nid_pattern: " + yaml_quoted(pattern) +
      "\ntitle_field: name\nfields:\n  name: {type: string, required: true}\n";
  files["registers/records.yaml"] = "entries:\n  - id: " + yaml_quoted(text) + "\n    name: x\n";
  imsdoc::fuzz::run_pipeline(files);
  return 0;
}
