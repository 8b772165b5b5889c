#include "load/source_file.h"

#include "base/text.h"

namespace imsdoc {

bool read_source(const FileSystem& fs, const std::string& path, Diagnostics& diags,
                 std::string* text) {
  std::string raw;
  std::string error;
  if (!fs.read(path, &raw, &error)) {
    diags.error({path, 0, 0}, "cannot read file: " + error);
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
