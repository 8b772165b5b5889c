// Registers: registers/*.yaml, each validated against the schema of the same name.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "base/diagnostic.h"
#include "base/file_system.h"
#include "model/project.h"

namespace imsdoc {

inline constexpr const char* kRegisterDir = "registers";

// Loads and validates one register file (`registers/<name>.yaml`). References are only
// checked for form here; the linker checks that they resolve. `project` supplies the schemas
// and the catalogs clause fields are checked against.
bool load_register(const FileSystem& fs, const std::string& path, const Project& project,
                   Diagnostics& diags, Register* out);

}  // namespace imsdoc
