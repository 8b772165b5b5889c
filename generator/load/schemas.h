// Register schemas: the built-in ones (generator/schemas/, compiled in) merged with the
// project's registers/schemas/*.yaml.
//
// A project file named like a built-in schema extends it: its settings replace the built-in
// ones and its fields are added (or replace fields of the same name); `replace: true` starts
// from nothing instead. A file with a new name defines a new register.
#pragma once

#include <map>
#include <memory>

#include "base/diagnostic.h"
#include "base/file_system.h"
#include "model/project.h"

namespace imsdoc {

inline constexpr const char* kSchemaDir = "registers/schemas";

// Loads all schemas into `out` (by name). Returns false if any schema has errors.
bool load_schemas(const FileSystem& fs, Diagnostics& diags,
                  std::map<std::string, std::unique_ptr<Schema>>* out,
                  const InputLimits& limits = InputLimits{});

}  // namespace imsdoc
