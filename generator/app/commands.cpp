#include "app/commands.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <ostream>

#include "base/file_system.h"
#include "base/resources.h"
#include "base/text.h"
#include "bundle/output.h"
#include "link/linker.h"
#include "load/project_loader.h"
#include "render/site.h"
#include "render/templates.h"
#include "render/theme.h"

#ifndef IMSDOC_VERSION
#define IMSDOC_VERSION "0.0.0"
#endif

namespace fs = std::filesystem;

namespace imsdoc {

std::string version_string() { return std::string("imsdoc ") + IMSDOC_VERSION; }

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string format_seconds(double s) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f s", s);
  return buf;
}

// "dir/file" as the user would type it from where they ran imsdoc.
std::string display_path(const std::string& project_dir, const std::string& file) {
  if (starts_with(file, "<built-in>") || project_dir == "." || project_dir.empty()) return file;
  std::string dir = project_dir;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir + "/" + file;
}

std::string source_line(const FileSystem& fs, const std::string& file, int line) {
  if (line <= 0) return "";
  std::string text, error;
  if (starts_with(file, "<built-in>/")) {
    for (const auto& f : embedded_files()) {
      if (file.substr(11) == f.path) text = std::string(f.data);
    }
  } else if (!fs.read(file, &text, &error)) {
    return "";
  }
  return line_text(normalize_newlines(text), line);
}

void print_diagnostics(const Diagnostics& diags, const FileSystem& fs,
                       const std::string& project_dir, std::ostream& err) {
  for (const auto& d : diags.sorted()) {
    err << format_diagnostic(d, display_path(project_dir, d.span.file),
                             source_line(fs, d.span.file, d.span.line));
  }
}

void print_counts(const Diagnostics& diags, std::ostream& err) {
  if (diags.empty()) return;
  auto plural = [](int n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  err << plural(diags.error_count(), "error") << ", " << plural(diags.warning_count(), "warning")
      << "\n";
}

struct Loaded {
  std::unique_ptr<FileSystem> fs;
  Project project;
  Diagnostics diags;
  bool config_ok = false;
};

// Loads and links the project. Returns false on a usage problem (already reported).
bool load_and_link(const CommandOptions& options, std::ostream& err, Loaded* loaded) {
  std::error_code ec;
  if (!fs::is_directory(options.project_dir, ec)) {
    err << "imsdoc: error: project directory '" << options.project_dir << "' does not exist\n";
    return false;
  }
  loaded->fs = make_disk_file_system(options.project_dir);
  loaded->config_ok = load_project(*loaded->fs, loaded->diags, &loaded->project);
  if (loaded->config_ok) link_project(&loaded->project, loaded->diags);
  return true;
}

}  // namespace

int run_check(const CommandOptions& options, std::ostream& out, std::ostream& err) {
  auto start = Clock::now();
  Loaded loaded;
  if (!load_and_link(options, err, &loaded)) return kExitUsage;
  print_diagnostics(loaded.diags, *loaded.fs, options.project_dir, err);
  print_counts(loaded.diags, err);
  if (loaded.diags.has_errors()) return kExitInputError;
  if (!options.quiet) {
    int entries = 0;
    for (const auto& r : loaded.project.registers) entries += static_cast<int>(r.entries.size());
    out << "imsdoc: checked " << loaded.project.sections.size() << " sections and " << entries
        << " register entries in " << format_seconds(seconds_since(start)) << ": no errors\n";
  }
  return kExitOk;
}

int run_build(const BuildOptions& options, std::ostream& out, std::ostream& err) {
  auto start = Clock::now();
  Loaded loaded;
  if (!load_and_link(options, err, &loaded)) return kExitUsage;
  Project& project = loaded.project;
  Diagnostics& diags = loaded.diags;
  auto phase = [&](const char* name) {
    if (options.verbose) err << "imsdoc: " << name << " done at " << format_seconds(seconds_since(start)) << "\n";
  };
  phase("load");

  // Where the output goes: -o relative to the working directory, else the config's `output`
  // relative to the project directory.
  std::string output_dir = options.output;
  bool from_config = output_dir.empty();
  if (from_config && loaded.config_ok) {
    output_dir = (fs::path(options.project_dir) / project.config.output).lexically_normal().string();
  }
  if (loaded.config_ok) {
    std::string problem = check_output_location(options.project_dir, output_dir);
    if (!problem.empty()) {
      if (!from_config) {
        print_diagnostics(diags, *loaded.fs, options.project_dir, err);
        err << "imsdoc: error: cannot use '" << output_dir << "' as output: " << problem << "\n";
        return kExitUsage;
      }
      diags.error(project.config.output_span,
                  "cannot use '" + project.config.output + "' as output: " + problem,
                  "set 'output' to a directory of its own, such as 'site'");
    }
  }

  Theme theme;
  std::unique_ptr<TemplateSet> templates;
  if (loaded.config_ok &&
      load_theme(*loaded.fs, project.config.theme, project.config.theme_span, diags, &theme)) {
    templates = TemplateSet::load(theme, required_templates(), diags);
  }
  OutputTree tree;
  SiteStats stats;
  if (!diags.has_errors() && templates) {
    render_site(project, theme, *templates, version_string(), diags, &tree, &stats);
    phase("render");
  }
  print_diagnostics(diags, *loaded.fs, options.project_dir, err);
  print_counts(diags, err);
  if (diags.has_errors()) {
    err << "imsdoc: build failed; the previous output (if any) is unchanged\n";
    return kExitInputError;
  }
  std::string problem = write_tree_atomically(tree, output_dir);
  if (!problem.empty()) {
    err << "imsdoc: error: " << problem << "\n";
    err << "imsdoc: build failed; the previous output (if any) is unchanged\n";
    return kExitIoError;
  }
  phase("write");
  if (!options.quiet) {
    out << "imsdoc: built " << stats.pages << " pages (" << stats.sections << " sections, "
        << stats.entries << " entries in " << stats.registers << " registers) in "
        << format_seconds(seconds_since(start)) << " -> " << output_dir << "\n";
  }
  return kExitOk;
}

}  // namespace imsdoc
