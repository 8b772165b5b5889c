// Reading a source file for a loader: read, check UTF-8, normalise newlines.
#pragma once

#include <string>

#include "base/diagnostic.h"
#include "base/file_system.h"

namespace imsdoc {

// Reads `path` from `fs` into `text` (UTF-8 checked, BOM stripped, newlines normalised to LF).
// On failure reports an error at `path` and returns false.
bool read_source(const FileSystem& fs, const std::string& path, Diagnostics& diags,
                 std::string* text);

}  // namespace imsdoc
