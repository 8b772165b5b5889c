#include "load/source_file.h"

#include <cstdio>

#include "base/text.h"

namespace imsdoc {

namespace {

std::string megabytes(int64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  return buf;
}

std::string whole_megabytes(int64_t bytes) { return with_thousands(bytes >> 20) + " MB"; }

}  // namespace

bool check_source_text(const std::string& text, const std::string& path, int line_offset,
                       Diagnostics& diags) {
  int line = 0, col = 0;
  size_t bad = find_invalid_utf8(text);
  if (bad != std::string::npos) {
    line_col_at(text, bad, &line, &col);
    diags.error({path, line + line_offset, col}, "invalid UTF-8 byte sequence",
                "save the file as UTF-8");
    return false;
  }
  // Valid UTF-8, but no text format imsdoc reads has a use for it, and C libraries (cmark,
  // Graphviz) would silently stop or cut the text there.
  size_t nul = text.find('\0');
  if (nul != std::string::npos) {
    line_col_at(text, nul, &line, &col);
    diags.error({path, line + line_offset, col}, "NUL byte (0x00) in a text file",
                "remove it; is this a binary file saved under a text file's name?");
    return false;
  }
  return true;
}

bool read_source(const FileSystem& fs, const std::string& path, Diagnostics& diags,
                 std::string* text, const InputLimits& limits) {
  std::string raw;
  std::string error;
  int64_t size = static_cast<int64_t>(fs.size(path));
  if (size <= limits.file_bytes) {
    if (!fs.read(path, &raw, &error)) {
      diags.error({path, 0, 0}, "cannot read file: " + error);
      return false;
    }
    size = static_cast<int64_t>(raw.size());
  }
  // No section, register or diagram is legitimately this large; a bigger file is a mistake (a
  // log or a base64 image pasted in) and would only make the build slow.
  if (size > limits.file_bytes) {
    diags.error({path, 0, 0},
                "file is " + megabytes(size) + ", over limits.file_size_mb (" +
                    whole_megabytes(limits.file_bytes) + ")",
                "split it into several files, or raise limits.file_size_mb in imsdoc.yaml");
    return false;
  }
  *text = normalize_newlines(raw);
  return check_source_text(*text, path, 0, diags);
}

bool check_total_size(const FileSystem& fs, const std::vector<std::string>& paths,
                      const InputLimits& limits, Diagnostics& diags) {
  int64_t total = 0;
  for (const auto& path : paths) {
    total += static_cast<int64_t>(fs.size(path));
    if (total > limits.total_bytes) {
      diags.error({path, 0, 0},
                  "the project's source files reach " + megabytes(total) +
                      " with this one, over limits.total_size_mb (" +
                      whole_megabytes(limits.total_bytes) + "); nothing more is read",
                  "remove what does not belong in the manual, or raise limits.total_size_mb in "
                  "imsdoc.yaml");
      return false;
    }
  }
  return true;
}

}  // namespace imsdoc
