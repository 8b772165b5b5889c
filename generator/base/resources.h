// Files compiled into the binary: built-in register schemas and the default theme.
// Generated at build time by cmake/embed.cmake from generator/schemas/ and themes/default/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace imsdoc {

struct EmbeddedFile {
  std::string_view path;  // "schemas/risks.yaml", "themes/default/assets/style.css"
  std::string_view data;
};

// All embedded files, sorted by path.
const std::vector<EmbeddedFile>& embedded_files();

// Embedded files below `prefix` ("schemas/"), sorted by path.
std::vector<EmbeddedFile> embedded_files_under(std::string_view prefix);

}  // namespace imsdoc
