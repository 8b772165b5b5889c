// A theme: templates and assets. The built-in default theme is compiled in; a project's
// themes/<name>/ files replace built-in files of the same relative path.
#pragma once

#include <map>
#include <string>

#include "base/diagnostic.h"
#include "base/file_system.h"
#include "base/limits.h"

namespace imsdoc {

struct Theme {
  std::string name;
  std::map<std::string, std::string> files;   // "templates/layout.mustache" -> contents
  std::map<std::string, std::string> origin;  // same keys -> where it came from (for messages)
};

// Loads theme `name` (span: where the config names it, for the error if it does not exist).
// The project's own theme files are bounded by limits.file_bytes, and its text files (templates,
// stylesheets, scripts) must be UTF-8 without NUL bytes.
bool load_theme(const FileSystem& fs, const std::string& name, const SourceSpan& span,
                Diagnostics& diags, Theme* theme, const InputLimits& limits = InputLimits{});

}  // namespace imsdoc
