// Loads a whole project: imsdoc.yaml, schemas, content/**/*.md and registers/*.yaml.
#pragma once

#include "base/diagnostic.h"
#include "base/file_system.h"
#include "model/project.h"

namespace imsdoc {

inline constexpr const char* kContentDir = "content";

// Loads everything it can, reporting every problem. Returns false if imsdoc.yaml itself could
// not be loaded (nothing else is meaningful then); other errors are only in `diags`.
bool load_project(const FileSystem& fs, Diagnostics& diags, Project* project);

}  // namespace imsdoc
