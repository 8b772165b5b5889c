// Reading a strongdm/comply project: narratives/, policies/ and procedures/ (Markdown with
// comply's front matter: name, acronym, satisfies, majorRevisions) and the standards in
// standards/*.yml (control id -> family, name, description), which become custom imsdoc
// catalogs (standards/<name>.yaml). Mapping rules: docs/import.md.
#pragma once

#include <string>

#include "base/diagnostic.h"
#include "base/file_system.h"
#include "import/manual.h"

namespace imsdoc {

// True if the root of `fs` looks like a comply project: a standards/ folder and at least one
// of narratives/, policies/, procedures/.
bool is_comply_project(const FileSystem& fs);

// Reads the project. `shown_as` prefixes paths in messages; `organisation` replaces comply's
// {{.Name}} placeholder. Returns false (with diagnostics) if a file cannot be used.
bool read_comply_project(const FileSystem& fs, const std::string& shown_as,
                         const std::string& organisation, Diagnostics& diags, ImportedManual* out);

// The imsdoc catalog (YAML text) for a comply standard file's parsed contents; `short_name`
// receives its short name ("TSC"). Returns "" and reports to `diags` if the file is not a
// comply standard.
std::string comply_standard_catalog(const std::string& text, const std::string& path,
                                    Diagnostics& diags, std::string* short_name);

}  // namespace imsdoc
