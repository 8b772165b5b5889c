// Bounds on what reading the project's input may cost, set in imsdoc.yaml under `limits:`
// (documented in docs/formats.md). A file over a limit is an error naming the setting that
// raises it; nothing over a limit is parsed further. No third-party dependencies.
#pragma once

#include <cstdint>

namespace imsdoc {

struct InputLimits {
  // limits.file_size_mb: bytes of one source file (Markdown, YAML, DOT).
  int64_t file_bytes = int64_t{8} << 20;
  // limits.total_size_mb: bytes of all source files together.
  int64_t total_bytes = int64_t{512} << 20;
  // limits.yaml_nodes: nodes of one YAML document, every use of an alias counting all the
  // nodes under its anchor again (an "alias bomb" of 1 KB would otherwise expand to billions).
  int64_t yaml_nodes = 1'000'000;
  // limits.yaml_depth: mappings and lists nested inside each other in one YAML document.
  int yaml_depth = 64;
};

// The highest limits.yaml_depth accepted: yaml-cpp's own parser gives up near 500 levels.
inline constexpr int kMaxYamlDepthSetting = 256;

}  // namespace imsdoc
