// Reading a source file for a loader: read, check size, UTF-8 and NUL bytes, normalise newlines.
#pragma once

#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "base/file_system.h"
#include "base/limits.h"

namespace imsdoc {

// Reads `path` from `fs` into `text` (UTF-8 checked, no NUL byte, BOM stripped, newlines
// normalised to LF). A file larger than limits.file_bytes is not read. On failure reports an
// error at `path` (at the offending line and column for a bad byte) and returns false.
bool read_source(const FileSystem& fs, const std::string& path, Diagnostics& diags,
                 std::string* text, const InputLimits& limits = InputLimits{});

// Checks that `text` (normalised, as read from `path`) is valid UTF-8 without NUL bytes;
// reports the first bad byte at its line and column (`line_offset` added) and returns false.
bool check_source_text(const std::string& text, const std::string& path, int line_offset,
                       Diagnostics& diags);

// Whether the files `paths` (in the order given) together fit in limits.total_bytes. If not,
// reports an error at the first file that goes over and returns false.
bool check_total_size(const FileSystem& fs, const std::vector<std::string>& paths,
                      const InputLimits& limits, Diagnostics& diags);

}  // namespace imsdoc
