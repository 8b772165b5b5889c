// imsdoc.yaml: the project configuration.
#pragma once

#include "base/diagnostic.h"
#include "base/file_system.h"
#include "model/project.h"

namespace imsdoc {

inline constexpr const char* kConfigFile = "imsdoc.yaml";


// Loads and validates imsdoc.yaml. Returns false if it is missing or has errors.
bool load_config(const FileSystem& fs, Diagnostics& diags, Config* config);

}  // namespace imsdoc
