#include "load/source_file.h"

#include <cstdio>

#include "base/text.h"

namespace imsdoc {

namespace {

// No section, register or diagram is legitimately this large; a bigger file is a mistake (a
// log or a base64 image pasted in) and would only make the build slow.
constexpr size_t kMaxSourceBytes = 8 * 1024 * 1024;

std::string megabytes(size_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buf;
}

}  // namespace

bool read_source(const FileSystem& fs, const std::string& path, Diagnostics& diags,
                 std::string* text) {
  std::string raw;
  std::string error;
  size_t size = fs.size(path);
  if (size <= kMaxSourceBytes) {
    if (!fs.read(path, &raw, &error)) {
      diags.error({path, 0, 0}, "cannot read file: " + error);
      return false;
    }
    size = raw.size();
  }
  if (size > kMaxSourceBytes) {
    diags.error({path, 0, 0},
                "file too large (" + megabytes(size) + "); source files are limited to " +
                    megabytes(kMaxSourceBytes),
                "split it into several files");
    return false;
  }
  *text = normalize_newlines(raw);
  size_t bad = find_invalid_utf8(*text);
  if (bad != std::string::npos) {
    int line, col;
    line_col_at(*text, bad, &line, &col);
    diags.error({path, line, col}, "invalid UTF-8 byte sequence", "save the file as UTF-8");
    return false;
  }
  return true;
}

}  // namespace imsdoc
