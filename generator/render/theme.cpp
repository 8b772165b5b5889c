#include "render/theme.h"

#include "base/resources.h"
#include "base/text.h"
#include "load/source_file.h"

namespace imsdoc {

namespace {

bool is_text_asset(const std::string& path) {
  for (const char* ext : {".mustache", ".css", ".js", ".html", ".yaml", ".yml", ".svg", ".txt"}) {
    if (ends_with(path, ext)) return true;
  }
  return false;
}

}  // namespace

bool load_theme(const FileSystem& fs, const std::string& name, const SourceSpan& span,
                Diagnostics& diags, Theme* theme, const InputLimits& limits) {
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
    // Theme files are project input like any other: bounded in size, and the text ones (a
    // template, a stylesheet, a script) valid UTF-8 without NUL bytes; images may be binary.
    if (static_cast<int64_t>(fs.size(path)) > limits.file_bytes) {
      diags.error({path, 0, 0},
                  concat({"theme file is over limits.file_size_mb (",
                          std::to_string(limits.file_bytes >> 20), " MB)"}),
                  "make it smaller, or raise limits.file_size_mb in imsdoc.yaml");
      continue;
    }
    if (!fs.read(path, &contents, &error)) {
      diags.error({path, 0, 0}, "cannot read theme file: " + error);
      continue;
    }
    if (is_text_asset(path) && !check_source_text(contents, path, 0, diags)) continue;
    std::string rel = path.substr(dir.size() + 1);
    theme->files[rel] = std::move(contents);
    theme->origin[rel] = path;
  }
  return true;
}

}  // namespace imsdoc
