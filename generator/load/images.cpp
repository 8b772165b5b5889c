#include "load/images.h"

namespace imsdoc {

void check_images(const FileSystem& fs, const Project& project, Diagnostics& diags) {
  for (const auto& [path, span] : project.images) {
    if (!fs.is_file(path)) {
      diags.error(span, "image file " + path + " does not exist",
                  "image paths are relative to the Markdown file that shows them");
    }
  }
}

std::map<std::string, std::string> read_images(const FileSystem& fs, const Project& project) {
  std::map<std::string, std::string> out;
  for (const auto& [path, span] : project.images) {
    std::string bytes, error;
    if (fs.read(path, &bytes, &error)) out[path] = std::move(bytes);
  }
  return out;
}

}  // namespace imsdoc
