#include "render/theme.h"

#include "base/resources.h"
#include "base/text.h"

namespace imsdoc {

bool load_theme(const FileSystem& fs, const std::string& name, const SourceSpan& span,
                Diagnostics& diags, Theme* theme) {
  theme->name = name;
  const std::string builtin_prefix = "themes/" + name + "/";
  for (const auto& f : embedded_files_under(builtin_prefix)) {
    std::string rel(f.path.substr(builtin_prefix.size()));
    theme->files[rel] = std::string(f.data);
    theme->origin[rel] = "<built-in>/" + std::string(f.path);
  }
  const std::string dir = "themes/" + name;
  bool project_theme = fs.is_directory(dir);
  if (theme->files.empty() && !project_theme) {
    diags.error(span, "unknown theme '" + name + "'",
                "use 'default' or create the folder themes/" + name + "/");
    return false;
  }
  if (!project_theme) return true;
  for (const auto& path : fs.list(dir, "")) {
    std::string contents, error;
    if (!fs.read(path, &contents, &error)) {
      diags.error({path, 0, 0}, "cannot read theme file: " + error);
      continue;
    }
    std::string rel = path.substr(dir.size() + 1);
    theme->files[rel] = std::move(contents);
    theme->origin[rel] = path;
  }
  return true;
}

}  // namespace imsdoc
