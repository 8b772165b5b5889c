// Reading a folder of Markdown files (with or without YAML front matter, imsdoc's or another
// tool's) into an imported manual. Mapping rules: docs/import.md.
#pragma once

#include <string>

#include "base/diagnostic.h"
#include "base/file_system.h"
#include "import/manual.h"

namespace imsdoc {

// Reads one Markdown file's text. `path` names it in diagnostics (front matter YAML errors are
// errors there, with line and column; unknown fields are dropped with a warning). Returns false
// if the front matter is unusable.
bool read_markdown_file(const std::string& text, const std::string& path, Diagnostics& diags,
                        ImportedSection* out);

// Reads every *.md file below the root of `fs` (sorted by path; files named README.md are
// skipped when `skip_readme`). `shown_as` prefixes paths in diagnostics and sources. Returns
// false if any file has errors.
bool read_markdown_folder(const FileSystem& fs, const std::string& shown_as, bool skip_readme,
                          Diagnostics& diags, ImportedManual* out);

}  // namespace imsdoc
