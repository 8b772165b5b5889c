// Manual sections: content/**/*.md with YAML front matter.
#pragma once

#include <string>

#include "base/diagnostic.h"
#include "base/file_system.h"
#include "model/project.h"

namespace imsdoc {

// Loads one section file. Returns false (with diagnostics) if the file cannot be used at all.
// `project` supplies the configuration and the catalogs clause references are checked against.
bool load_section(const FileSystem& fs, const std::string& path, const Project& project,
                  Diagnostics& diags, Section* section);

}  // namespace imsdoc
