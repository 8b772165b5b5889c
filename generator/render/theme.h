// A theme: templates and assets. The built-in default theme is compiled in; a project's
// themes/<name>/ files replace built-in files of the same relative path.
#pragma once

#include <map>
#include <string>

#include "base/diagnostic.h"
#include "base/file_system.h"

namespace imsdoc {

struct Theme {
  std::string name;
  std::map<std::string, std::string> files;   // "templates/layout.mustache" -> contents
  std::map<std::string, std::string> origin;  // same keys -> where it came from (for messages)
};

// Loads theme `name` (span: where the config names it, for the error if it does not exist).
bool load_theme(const FileSystem& fs, const std::string& name, const SourceSpan& span,
                Diagnostics& diags, Theme* theme);

}  // namespace imsdoc
