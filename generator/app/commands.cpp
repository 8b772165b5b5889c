#include "app/commands.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>
#include <thread>

#include "base/file_system.h"
#include "base/process.h"
#include "base/resources.h"
#include "base/temp_dir.h"
#include "base/text.h"
#include "bundle/file_output.h"
#include "bundle/layout_cache.h"
#include "bundle/output.h"
#include "bundle/pdf.h"
#include "bundle/signature.h"
#include "bundle/snapshot.h"
#include "bundle/versions.h"
#include "bundle/xlsx.h"
#include "bundle/zip.h"
#include "check/findings.h"
#include "diagram/diagrams.h"
#include "diagram/style.h"
#include "import/init.h"
#include "link/coverage.h"
#include "link/linker.h"
#include "load/config.h"
#include "load/git_history.h"
#include "load/git_source.h"
#include "load/images.h"
#include "load/project_loader.h"
#include "render/csv.h"
#include "render/docx/docx.h"
#include "render/model_json.h"
#include "render/print.h"
#include "render/site.h"
#include "render/templates.h"
#include "render/theme.h"
#include "review/diff.h"
#include "review/report.h"

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
  if (project_dir.back() == ':') return project_dir + file;  // "v2.1:content/a.md"
  std::string dir = project_dir;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  return dir + "/" + file;
}

// The lines of the file diagnostics point into, for their excerpts. Diagnostics come sorted by
// file, so only the last file is kept: each file is read and split once, however many
// diagnostics it has (a register of 100,000 bad entries must not be read 100,000 times).
class SourceLines {
 public:
  explicit SourceLines(const FileSystem& fs) : fs_(fs) {}

  std::string line(const std::string& file, int line) {
    if (line <= 0) return "";
    if (file != file_) load(file);
    if (static_cast<size_t>(line) >= starts_.size()) return "";
    size_t begin = starts_[line - 1], end = starts_[line];
    if (end > begin && text_[end - 1] == '\n') --end;
    return text_.substr(begin, end - begin);
  }

 private:
  void load(const std::string& file) {
    file_ = file;
    std::string raw, error;
    if (starts_with(file, "<built-in>/")) {
      for (const auto& f : embedded_files()) {
        if (file.substr(11) == f.path) raw = std::string(f.data);
      }
    } else if (!fs_.read(file, &raw, &error)) {
      raw.clear();
    }
    text_ = normalize_newlines(raw);
    starts_ = {0};
    for (size_t i = 0; i < text_.size(); ++i) {
      if (text_[i] == '\n') starts_.push_back(i + 1);
    }
    if (starts_.back() != text_.size() || text_.empty()) starts_.push_back(text_.size());
  }

  const FileSystem& fs_;
  std::string file_;
  std::string text_;
  std::vector<size_t> starts_;  // where each line starts, then the end of the text
};

// GitHub Actions workflow commands: '%', CR and LF are escaped everywhere, ':' and ',' too
// in properties.
std::string github_escape(const std::string& s, bool property) {
  std::string out;
  for (char c : s) {
    if (c == '%') {
      out += "%25";
    } else if (c == '\r') {
      out += "%0D";
    } else if (c == '\n') {
      out += "%0A";
    } else if (property && c == ':') {
      out += "%3A";
    } else if (property && c == ',') {
      out += "%2C";
    } else {
      out += c;
    }
  }
  return out;
}

void print_diagnostics(const Diagnostics& diags, const FileSystem& fs,
                       const CommandOptions& options, std::ostream& out, std::ostream& err) {
  const std::string& project_dir =
      options.shown_as.empty() ? options.project_dir : options.shown_as;
  if (options.format == "github") {
    for (const auto& d : diags.sorted()) {
      out << (d.severity == Severity::kError ? "::error" : "::warning")
          << " file=" << github_escape(display_path(project_dir, d.span.file), true);
      if (d.span.line > 0) out << ",line=" << d.span.line;
      if (d.span.col > 0) out << ",col=" << d.span.col;
      out << ",title=" << github_escape("imsdoc" + (d.code.empty() ? "" : " " + d.code), true)
          << "::" << github_escape(d.message + (d.hint.empty() ? "" : "\nhint: " + d.hint), false)
          << "\n";
    }
    return;
  }
  if (options.format == "json") {
    out << "{\n  \"diagnostics\": [";
    bool first = true;
    for (const auto& d : diags.sorted()) {
      out << (first ? "\n" : ",\n")
          << "    {\"severity\": " << (d.severity == Severity::kError ? "\"error\"" : "\"warning\"")
          << ", \"file\": " << json_quote(display_path(project_dir, d.span.file))
          << ", \"line\": " << d.span.line << ", \"column\": " << d.span.col
          << ", \"code\": " << json_quote(d.code) << ", \"message\": " << json_quote(d.message)
          << ", \"hint\": " << json_quote(d.hint) << "}";
      first = false;
    }
    out << (first ? "],\n" : "\n  ],\n") << "  \"errors\": " << diags.error_count()
        << ",\n  \"warnings\": " << diags.warning_count() << "\n}\n";
    return;
  }
  SourceLines lines(fs);
  for (const auto& d : diags.sorted()) {
    err << format_diagnostic(d, display_path(project_dir, d.span.file),
                             lines.line(d.span.file, d.span.line));
  }
}

void print_counts(const Diagnostics& diags, const CommandOptions& options, std::ostream& err) {
  if (diags.empty() || options.format != "text") return;
  auto plural = [](int n, const char* word) {
    return std::to_string(n) + " " + word + (n == 1 ? "" : "s");
  };
  err << plural(diags.error_count(), "error") << ", " << plural(diags.warning_count(), "warning")
      << "\n";
}

bool failed(const Diagnostics& diags, const CommandOptions& options) {
  return diags.has_errors() || (options.fail_on == "warning" && diags.warning_count() > 0);
}

// SOURCE_DATE_EPOCH's date (reproducible builds), else today, in UTC.
std::string default_as_of() {
  std::time_t t = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) {
    char* end = nullptr;
    long long v = std::strtoll(epoch, &end, 10);
    if (end != epoch && *end == '\0' && v >= 0) t = static_cast<std::time_t>(v);
  }
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[16];
  std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
  return buf;
}

struct Loaded {
  std::unique_ptr<FileSystem> fs;
  Project project;
  Diagnostics diags;
  bool config_ok = false;
  Theme theme;
  bool theme_loaded = false;
  // The diagrams, rendered once per run by render_project_diagrams (with PNG for Word).
  DiagramSet diagrams;
  enum class Diagrams { kNone, kSvg, kSvgAndPng } diagrams_rendered = Diagrams::kNone;
  bool diagrams_ok = false;
  DiagramStyle diagram_style;
  DiagramRenderer renderer;
  MemoryLayoutCache memo;  // when the caller has no cache of its own
};

// Loads and links the project and checks findings. Returns false on a usage problem (already
// reported).
bool load_and_link(CommandOptions options, std::ostream& err, Loaded* loaded,
                   bool check_diagrams_too = false) {
  if (options.format != "text" && options.format != "github" && options.format != "json") {
    err << "imsdoc: error: unknown format '" << options.format
        << "'\nhint: use text, github or json\n";
    return false;
  }
  if (options.fail_on != "error" && options.fail_on != "warning") {
    err << "imsdoc: error: --fail-on must be error or warning, not '" << options.fail_on << "'\n";
    return false;
  }
  if (options.as_of.empty()) {
    options.as_of = default_as_of();
  } else if (!is_iso_date(options.as_of)) {
    err << "imsdoc: error: --as-of '" << options.as_of
        << "' is not a date\nhint: write YYYY-MM-DD, e.g. --as-of 2026-06-30\n";
    return false;
  }
  std::error_code ec;
  if (!fs::is_directory(options.project_dir, ec)) {
    err << "imsdoc: error: project directory '" << options.project_dir << "' does not exist\n";
    return false;
  }
  loaded->fs = make_disk_file_system(options.project_dir);
  loaded->config_ok = load_project(*loaded->fs, loaded->diags, &loaded->project);
  if (loaded->config_ok && loaded->project.config.document_control.history_from_git) {
    std::vector<std::string> warnings;
    load_git_history(options.history_repo.empty() ? options.project_dir : options.history_repo,
                     options.history_rev, &loaded->project, &warnings);
    for (const auto& w : warnings) err << "imsdoc: warning: " << w << "\n";
  }
  if (loaded->config_ok) {
    link_project(&loaded->project, loaded->diags);
    check_images(*loaded->fs, loaded->project, loaded->diags);
  }
  // Findings are about a consistent manual: after input errors they would only add noise.
  if (loaded->config_ok && !loaded->diags.has_errors()) {
    check_findings(loaded->project, options.as_of, loaded->diags);
  }
  // `check` reports DOT errors too; `build` finds them when it renders the diagrams.
  if (check_diagrams_too && loaded->config_ok && !loaded->diags.has_errors()) {
    DiagramRenderer renderer;
    check_diagrams(loaded->project, renderer, loaded->diags);
  }
  return true;
}

bool load_project_theme(Loaded* loaded) {
  if (!loaded->theme_loaded && loaded->config_ok) {
    const Config& c = loaded->project.config;
    loaded->theme_loaded =
        load_theme(*loaded->fs, c.theme, c.theme_span, loaded->diags, &loaded->theme, c.limits);
  }
  return loaded->theme_loaded;
}

// archive_mtime() as a W3C date-time, for document properties.
std::string archive_date_time() {
  std::time_t t = static_cast<std::time_t>(archive_mtime());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// When the Word edition was made, for docProps/core.xml: SOURCE_DATE_EPOCH when set; else
// the newest commit of the project's history (document_control: history: git); else the day
// the manual takes effect (imsdoc.yaml, else its latest section). Never the clock: the same
// input gives the same document. 2000-01-01 only when none of these is known.
std::string docx_date_time(const Project& project) {
  if (std::getenv("SOURCE_DATE_EPOCH")) return archive_date_time();
  std::string day = project.change_log.empty() ? "" : project.change_log.front().date;
  if (day.empty()) day = project.config.document_control.effective;
  if (day.empty()) {
    for (const auto& s : project.sections) day = std::max(day, s.effective);
  }
  return day.size() == 10 ? day + "T00:00:00Z" : archive_date_time();
}

// The word/styles.xml of a reference document (a user's reference.docx). Returns "" and sets
// `error` if it is not a DOCX with styles.
std::string reference_styles(const std::string& bytes, std::string* error) {
  std::map<std::string, std::string> parts;
  if (!read_zip(bytes, &parts, error)) return "";
  auto it = parts.find("word/styles.xml");
  if (it == parts.end() || it->second.find("</w:styles>") == std::string::npos) {
    *error = "it has no word/styles.xml";
    return "";
  }
  return it->second;
}

// Renders the diagrams of a loaded project without input errors into loaded->diagrams: every
// diagram as SVG for the site (png false), or what print shows with PNG
// (render_diagrams_for_print), merged into what the site pass rendered; each pass once (a
// second report of the same messages is dropped). `cache`: layouts to reuse (nullptr: an
// in-process memo).
bool render_project_diagrams(Loaded* loaded, LayoutCache* cache, bool png) {
  using State = Loaded::Diagrams;
  if (loaded->diagrams_rendered == State::kSvgAndPng ||
      (loaded->diagrams_rendered == State::kSvg && !png)) {
    return loaded->diagrams_ok;
  }
  Diagnostics again;  // a second rendering repeats what the first reported
  Diagnostics& diags = loaded->diagrams_rendered == State::kNone ? loaded->diags : again;
  if (loaded->diagrams_rendered == State::kNone) {
    if (!load_project_theme(loaded)) return false;
    if (!load_diagram_style(loaded->theme, diags, &loaded->diagram_style)) return false;
  }
  DiagramSet fresh;
  LayoutCache* layouts = cache ? cache : &loaded->memo;
  bool ok = png ? render_diagrams_for_print(loaded->project, loaded->diagram_style,
                                            loaded->renderer, layouts, diags, &fresh)
                : render_diagrams(loaded->project, loaded->diagram_style, loaded->renderer, layouts,
                                  diags, &fresh, false);
  if (loaded->diagrams_rendered == State::kSvg) {
    // The print pass renders only the diagrams print shows: they replace their SVG-only
    // renderings, the others stay for the site.
    for (auto& [key, d] : fresh.diagrams) loaded->diagrams.diagrams[key] = std::move(d);
    loaded->diagrams_ok = loaded->diagrams_ok && ok;
  } else {
    loaded->diagrams = std::move(fresh);
    loaded->diagrams_ok = ok;
  }
  loaded->diagrams_rendered = png ? State::kSvgAndPng : State::kSvg;
  return loaded->diagrams_ok;
}

// Renders manual.docx of a loaded project without input errors. `reference_doc` is a path
// given on the command line ("" for the theme's reference.docx, if any). Problems go to
// loaded->diags, or to *diagnostics when given (or, for the command-line file, to *usage_error).
bool render_docx_bytes(Loaded* loaded, const std::string& reference_doc, std::string* bytes,
                       std::string* usage_error, Diagnostics* diagnostics = nullptr) {
  // With `diagnostics` (for another thread), the caller has loaded the theme and the diagrams
  // with their PNGs and found no errors: loaded is only read.
  if (!diagnostics && (!load_project_theme(loaded) || loaded->diags.has_errors())) return false;
  Diagnostics& diags = diagnostics ? *diagnostics : loaded->diags;
  const Theme& theme = loaded->theme;
  DocxInputs inputs;
  auto styles = theme.files.find("docx/styles.xml");
  if (styles == theme.files.end()) {
    diags.error({"themes/" + theme.name + "/docx/styles.xml", 0, 0}, "the theme has no Word styles",
                "copy docx/styles.xml of the default theme");
    return false;
  }
  std::string reference, error;
  if (!reference_doc.empty()) {
    std::ifstream in(reference_doc, std::ios::binary);
    std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) data.clear();
    reference = in ? reference_styles(data, &error) : "";
    if (!in) error = "cannot read it";
    if (reference.empty()) {
      *usage_error = "cannot use '" + reference_doc + "' as reference document: " + error;
      return false;
    }
  } else if (auto ref = theme.files.find("reference.docx"); ref != theme.files.end()) {
    reference = reference_styles(ref->second, &error);
    if (reference.empty()) {
      diags.error({theme.origin.at("reference.docx"), 0, 0},
                  "cannot use this reference document: " + error,
                  "save it from Word or LibreOffice as .docx");
      return false;
    }
  }
  inputs.styles_xml = merge_docx_styles(styles->second, reference);
  inputs.images = read_images(*loaded->fs, loaded->project);
  if (!render_project_diagrams(loaded, nullptr, /*png=*/true)) return false;
  inputs.diagrams = &loaded->diagrams;
  inputs.generator = version_string();
  inputs.date = docx_date_time(loaded->project);
  DocxParts parts;
  if (!render_docx(loaded->project, inputs, diags, &parts)) return false;
  std::vector<ZipEntry> entries;
  for (auto& [name, data] : parts) entries.push_back({name, std::move(data)});
  if (!write_zip(entries, archive_mtime(), bytes, &error)) {
    diags.error({kConfigFile, 0, 0}, "cannot write the Word document: " + error);
    return false;
  }
  return true;
}

// Loads the theme (once) and its templates for a loaded project without input errors.
// Returns whether it did; problems go to loaded->diags.
bool load_templates(Loaded* loaded, std::unique_ptr<TemplateSet>* templates) {
  if (load_project_theme(loaded)) {
    *templates = TemplateSet::load(loaded->theme, required_templates(), loaded->diags);
  }
  return !loaded->diags.has_errors() && *templates;
}

// Loads the theme, renders the diagrams (reusing the layouts in `cache`) and renders the site of a
// loaded project without input errors, print.html included, with manual.docx when configured.
// `docx`, if set, receives the Word edition whether configured or not. Returns whether it
// rendered; problems go to loaded->diags. `layouts`: how many diagrams were laid out.
bool render_site_tree(Loaded* loaded, LayoutCache* cache, FileSink* out, SiteStats* stats,
                      int* layouts = nullptr, std::string* docx = nullptr) {
  Diagnostics& diags = loaded->diags;
  std::unique_ptr<TemplateSet> templates;
  if (!load_templates(loaded, &templates)) return false;
  // SVG for the site; manual.docx adds PNGs of the few diagrams it shows, rendered here too:
  // the diagrams must not change while the site's pages read them.
  const bool build_docx = loaded->project.config.build_docx;
  std::string docx_bytes;
  if (!docx && build_docx) docx = &docx_bytes;
  bool diagrams_ok = render_project_diagrams(loaded, cache, /*png=*/false);
  if (layouts) *layouts = loaded->renderer.layouts();
  if (!diagrams_ok || (docx && !render_project_diagrams(loaded, nullptr, /*png=*/true))) {
    return false;
  }
  PrintInputs print{version_string(), read_images(*loaded->fs, loaded->project), &loaded->diagrams};
  // print.html (one long page, into the sink piece by piece as it is rendered) and the Word
  // edition render beside the site's pages, which use every core too: they fill each other's
  // gaps. Each has its own diagnostics, merged in the order of a serial build.
  Diagnostics print_diags, docx_diags;
  bool print_ok = false, docx_ok = true;
  std::thread printer([&] {
    print_ok = render_print(loaded->project, loaded->theme, *templates, print, print_diags,
                            [out](std::string_view piece) { out->append(kPrintPage, piece); });
  });
  std::thread word;
  if (docx) {
    word = std::thread([&] {
      std::string unused;
      docx_ok = render_docx_bytes(loaded, "", docx, &unused, &docx_diags);
    });
  }
  bool site_ok = render_site(loaded->project, loaded->theme, *templates, loaded->diagrams,
                             print.generator, diags, out, stats);
  printer.join();
  if (word.joinable()) word.join();
  if (!site_ok) return false;  // its messages first, alone, as when the others came after it
  diags.merge(print_diags);
  if (!print_ok) return false;
  diags.merge(docx_diags);
  if (!docx_ok) return false;
  // The site links to the Word edition when the project builds one (outputs: [site, docx]).
  if (build_docx) out->put("manual.docx", *docx);
  return true;
}

void print_coverage(const std::vector<StandardCoverage>& coverage, std::ostream& out) {
  auto line = [&](const char* what, const CoverageCounts& c) {
    out << "  " << what << ": " << c.covered << "/" << c.total() << " covered, " << c.mentioned
        << " only mentioned, " << c.not_covered << " not covered";
    if (c.excluded > 0) out << ", " << c.excluded << " excluded";
    out << "\n";
  };
  for (const auto& c : coverage) {
    out << c.standard->title << "\n";
    line("clauses", c.clauses);
    if (c.controls.total() > 0) line("Annex A controls", c.controls);
  }
}

// Before any work: refuses an output file that must not be written (exit 2), after the
// diagnostics found so far unless the caller has printed them already (`unprinted` null).
// `what` names the output in the message ("the PDF").
bool refuse_output_file(const Loaded* unprinted, const CommandOptions& options,
                        const std::string& output, const std::string& extension,
                        const std::string& what, std::ostream& out, std::ostream& err) {
  std::string problem = check_output_file(options.project_dir, output, extension);
  if (problem.empty()) return false;
  if (unprinted) print_diagnostics(unprinted->diags, *unprinted->fs, options, out, err);
  err << "imsdoc: error: cannot write " << what << " to '" << output << "': " << problem << "\n";
  return true;
}

// Writes `bytes` to `output` atomically; kExitOk, or kExitIoError with the reason printed.
int write_output_file(const std::string& bytes, const std::string& output, std::ostream& err) {
  std::string problem = write_file_atomically(bytes, output);
  if (problem.empty()) return kExitOk;
  err << "imsdoc: error: " << problem << "\n";
  return kExitIoError;
}

}  // namespace

std::string default_findings_date() { return default_as_of(); }

int run_check(const CommandOptions& options, std::ostream& out, std::ostream& err) {
  auto start = Clock::now();
  Loaded loaded;
  if (!load_and_link(options, err, &loaded, /*check_diagrams_too=*/true)) return kExitUsage;
  print_diagnostics(loaded.diags, *loaded.fs, options, out, err);
  print_counts(loaded.diags, options, err);
  if (options.coverage && loaded.config_ok && !loaded.diags.has_errors()) {
    print_coverage(compute_coverage(loaded.project), options.format == "text" ? out : err);
  }
  if (failed(loaded.diags, options)) return kExitInputError;
  if (!options.quiet && options.format == "text") {
    int entries = 0;
    for (const auto& r : loaded.project.registers) entries += static_cast<int>(r.entries.size());
    out << "imsdoc: checked " << loaded.project.sections.size() << " sections and " << entries
        << " register entries in " << format_seconds(seconds_since(start)) << ": "
        << (loaded.diags.empty()
                ? std::string("no errors")
                : std::to_string(loaded.diags.warning_count()) +
                      (loaded.diags.warning_count() == 1 ? " warning" : " warnings"))
        << "\n";
  }
  return kExitOk;
}

namespace {

// Builds each revision of options.from_git from an export in a temporary directory, into the
// output of the working tree's configuration (or -o).
int run_build_from_git(const BuildOptions& options, std::ostream& out, std::ostream& err) {
  std::string output = options.output;
  if (output.empty()) {
    auto disk = make_disk_file_system(options.project_dir);
    Diagnostics diags;
    Config config;
    if (!load_config(*disk, diags, &config)) {
      err << "imsdoc: error: --from-git needs -o or the output of "
          << display_path(options.project_dir, kConfigFile) << ", which does not load\n";
      return kExitUsage;
    }
    output = (fs::path(options.project_dir) / config.output).lexically_normal().string();
  }
  output = fs::absolute(output).lexically_normal().string();
  int worst = kExitOk;
  for (const auto& rev : options.from_git) {
    TempDir tmp_dir;
    if (std::string why = tmp_dir.create("imsdoc-git-"); !why.empty()) {
      err << "imsdoc: error: cannot create a temporary directory: " << why << "\n";
      return kExitIoError;
    }
    const std::string& tmp = tmp_dir.path();
    std::vector<std::string> warnings;
    std::string problem = export_git_revision(options.project_dir, rev, tmp, &warnings);
    for (const auto& w : warnings) err << "imsdoc: warning: " << w << "\n";
    int rc = kExitUsage;
    if (!problem.empty()) {
      err << "imsdoc: error: " << problem << "\n";
    } else {
      BuildOptions one = options;
      one.from_git.clear();
      one.project_dir = tmp;
      one.output = output;
      one.shown_as = rev + ":";
      one.history_repo = options.project_dir;
      one.history_rev = rev;
      rc = run_build(one, out, err);
    }
    worst = std::max(worst, rc);
  }
  return worst;
}

}  // namespace

int run_build(const BuildOptions& options, std::ostream& out, std::ostream& err) {
  if (!options.from_git.empty()) return run_build_from_git(options, out, err);
  auto start = Clock::now();
  Loaded loaded;
  if (!options.version.empty()) {
    std::string problem = version_name_problem(options.version);
    if (!problem.empty()) {
      err << "imsdoc: error: invalid --version: " << problem << "\n";
      return kExitUsage;
    }
  }
  if (!load_and_link(options, err, &loaded)) return kExitUsage;
  Project& project = loaded.project;
  Diagnostics& diags = loaded.diags;
  if (!options.version.empty()) project.config.version = options.version;
  auto phase = [&](const char* name) {
    if (options.verbose)
      err << "imsdoc: " << name << " done at " << format_seconds(seconds_since(start)) << "\n";
  };
  phase("load");

  // Where the output goes: -o relative to the working directory, else the config's `output`
  // relative to the project directory.
  std::string output_dir = options.output;
  bool from_config = output_dir.empty();
  if (from_config && loaded.config_ok) {
    output_dir =
        (fs::path(options.project_dir) / project.config.output).lexically_normal().string();
  }
  if (loaded.config_ok) {
    std::string problem = check_output_location(options.project_dir, output_dir);
    if (!problem.empty()) {
      if (!from_config) {
        print_diagnostics(diags, *loaded.fs, options, out, err);
        err << "imsdoc: error: cannot use '" << output_dir << "' as output: " << problem << "\n";
        return kExitUsage;
      }
      diags.error(project.config.output_span,
                  "cannot use '" + project.config.output + "' as output: " + problem,
                  "set 'output' to a directory of its own, such as 'site'");
    }
  }

  SiteStats stats;
  // Layouts of the previous build into the same output are reused (see bundle/layout_cache.h).
  DiskLayoutCache cache((fs::path(output_dir) / kLayoutCacheDir).string());
  int layouts = 0;
  // Pages go into a temporary directory as they are rendered; it replaces the version only if
  // all went well (the writer removes it otherwise).
  VersionedSiteWriter site(project.config.version, project.config.title, output_dir);
  std::string problem;
  if (!diags.has_errors()) {
    problem = site.begin();
    if (problem.empty() && render_site_tree(&loaded, &cache, &site, &stats, &layouts)) {
      phase("render");
    }
  }
  print_diagnostics(diags, *loaded.fs, options, out, err);
  print_counts(diags, options, err);
  if (failed(diags, options)) {
    err << "imsdoc: build failed; the previous output (if any) is unchanged\n";
    return kExitInputError;
  }
  if (problem.empty()) problem = site.commit();
  if (!problem.empty()) {
    err << "imsdoc: error: " << problem << "\n";
    err << "imsdoc: build failed; the previous output (if any) is unchanged\n";
    return site.refused() ? kExitUsage : kExitIoError;
  }
  phase("write");
  std::string cache_problem = cache.commit();
  if (!cache_problem.empty()) {
    err << "imsdoc: warning: the diagram layout cache was not updated: " << cache_problem << "\n";
  }
  if (options.verbose) {
    err << "imsdoc: diagrams: " << layouts << " laid out, " << cache.hits()
        << " from the layout cache\n";
  }
  if (!options.quiet) {
    out << "imsdoc: built " << stats.pages << " pages (" << stats.sections << " sections, "
        << stats.entries << " entries in " << stats.registers << " registers) in "
        << format_seconds(seconds_since(start)) << " -> "
        << (fs::path(output_dir) / project.config.version).generic_string() << "/\n";
  }
  return kExitOk;
}

namespace {

// The commit the project is built from, whether its work tree has changes, and the commit's
// date (0 when unknown); commit "" when it is not in a git work tree or git is missing.
struct GitState {
  std::string commit;
  bool dirty = false;
  int64_t time = 0;
};

GitState git_state_of(const std::string& project_dir) {
  GitState state;
  ProcessResult head =
      run_process({"git", "-C", project_dir, "log", "-1", "--format=%H %ct", "HEAD"});
  if (head.exit_code != 0) return state;
  std::string line = trim(head.out);
  size_t space = line.find(' ');
  if (space == std::string::npos) return state;
  state.commit = line.substr(0, space);
  state.time = std::strtoll(line.c_str() + space + 1, nullptr, 10);
  ProcessResult status = run_process({"git", "-C", project_dir, "status", "--porcelain", "."});
  state.dirty = status.exit_code == 0 && !trim(status.out).empty();
  return state;
}

}  // namespace

namespace {

std::string read_binary(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// Renders the print edition `html` (with the theme's print stylesheet) to PDF with
// WeasyPrint, which reads it from a private directory and may fetch nothing else; URLs it
// refused are warnings on `err`. Returns "" and sets *pdf, or the problem (*missing tells
// whether it is that WeasyPrint is not installed).
std::string print_to_pdf(const Theme& theme, const std::string& html, std::string* pdf,
                         bool* missing, std::ostream& err) {
  WeasyPrint weasyprint;
  std::string problem = find_weasyprint(&weasyprint);
  *missing = !problem.empty();
  if (*missing) return problem;
  TempDir tmp_dir;
  if (std::string why = tmp_dir.create("imsdoc-pdf-"); !why.empty()) {
    return "cannot create a temporary directory: " + why;
  }
  const std::string& tmp = tmp_dir.path();
  auto css = theme.files.find(kPrintStylesheet);
  OutputTree files = {{kPrintPage, html},
                      {kPrintStylesheet, css == theme.files.end() ? "" : css->second}};
  for (const auto& [rel, bytes] : files) {
    if (problem.empty()) problem = write_file_atomically(bytes, (fs::path(tmp) / rel).string());
  }
  PdfResult result;
  if (problem.empty()) {
    result = render_pdf(weasyprint, (fs::path(tmp) / kPrintPage).string(),
                        (fs::path(tmp) / "manual.pdf").string());
    problem = result.error;
    if (problem.empty()) *pdf = read_binary((fs::path(tmp) / "manual.pdf").string());
  }
  for (const auto& url : result.refused) {
    err << "imsdoc: warning: not fetched while rendering the PDF (imsdoc renders offline): " << url
        << "\n";
  }
  return problem;
}

}  // namespace

int run_snapshot(const SnapshotOptions& options, std::ostream& out, std::ostream& err) {
  auto start = Clock::now();
  Loaded loaded;
  if (!load_and_link(options, err, &loaded)) return kExitUsage;
  Project& project = loaded.project;
  std::string output = options.output;
  if (output.empty() && loaded.config_ok) output = "ims-" + project.config.version + ".zip";
  if (loaded.config_ok &&
      refuse_output_file(&loaded, options, output, ".zip", "the snapshot", out, err)) {
    return kExitUsage;
  }
  OutputTree site;
  SiteStats stats;
  // The layouts of the last build of the project reused, read only: the cache is never
  // committed, so the snapshot writes nothing but its zip.
  DiskLayoutCache cache(
      (fs::path(options.project_dir) / project.config.output / kLayoutCacheDir).string());
  std::string docx;
  TreeSink sink(&site);
  render_site_tree(&loaded, &cache, &sink, &stats, nullptr, &docx);
  print_diagnostics(loaded.diags, *loaded.fs, options, out, err);
  print_counts(loaded.diags, options, err);
  if (failed(loaded.diags, options)) {
    err << "imsdoc: snapshot failed; nothing was written\n";
    return kExitInputError;
  }
  const Config& c = project.config;
  GitState git = git_state_of(options.project_dir);
  SnapshotInfo info{c.manual_id, c.title, c.organisation,  c.version, git.commit, git.dirty,
                    0,           "",      version_string()};
  info.build_time = snapshot_build_time(git.time, &info.build_date_from);
  FileTree files;
  for (const auto& [path, bytes] :
       version_root_files({c.version}, c.title, c.version, snapshot_made_line(info))) {
    files["site/" + path] = bytes;
  }
  // The PDF edition when WeasyPrint is installed (the README of the snapshot lists what is in).
  if (options.pdf) {
    bool no_weasyprint = false;
    std::string pdf;
    std::string pdf_problem =
        print_to_pdf(loaded.theme, site[kPrintPage], &pdf, &no_weasyprint, err);
    if (!pdf_problem.empty() && !no_weasyprint) {
      err << "imsdoc: error: " << pdf_problem << "\n";
      return kExitIoError;
    }
    if (no_weasyprint && !options.quiet) {
      err << "imsdoc: note: the snapshot has no manual.pdf: " << pdf_problem << "\n";
    }
    if (!pdf.empty()) files["manual.pdf"] = std::move(pdf);
  }
  // Moved, not copied: the site is tens of MB.
  for (auto& [path, bytes] : site) files["site/" + c.version + "/" + path] = std::move(bytes);
  for (const auto& reg : project.registers)
    files["registers/" + reg.name + ".csv"] = register_csv(reg);
  files["coverage.csv"] = coverage_csv(project);
  files["manual.docx"] = std::move(docx);

  ChecksumSigner signer;
  if (!options.sign_key.empty()) {
    signer = [&](const std::string& sums, std::string* signature) {
      return ssh_sign(sums, options.sign_key, kSignatureNamespace, signature);
    };
  }
  const size_t file_count = files.size() + 3;  // with README.txt, SHA256SUMS, manifest.json
  std::string zip, error;
  if (!make_snapshot_zip(std::move(files), info, &zip, &error, signer)) {
    err << "imsdoc: error: " << error << "\n";
    return options.sign_key.empty() ? kExitIoError : kExitUsage;
  }
  if (int code = write_output_file(zip, output, err)) return code;
  if (!options.quiet) {
    out << "imsdoc: snapshot of " << c.manual_id << " version " << c.version << ": " << file_count
        << " files, " << zip.size() / 1024 << " KiB in " << format_seconds(seconds_since(start))
        << " -> " << output << "\n";
  }
  return kExitOk;
}

int run_docx(const DocxOptions& options, std::ostream& out, std::ostream& err) {
  auto start = Clock::now();
  Loaded loaded;
  if (!load_and_link(options, err, &loaded)) return kExitUsage;
  std::string output = options.output.empty() ? "manual.docx" : options.output;
  if (loaded.config_ok &&
      refuse_output_file(&loaded, options, output, ".docx", "the Word document", out, err)) {
    return kExitUsage;
  }
  std::string bytes, usage_error;
  render_docx_bytes(&loaded, options.reference_doc, &bytes, &usage_error);
  print_diagnostics(loaded.diags, *loaded.fs, options, out, err);
  print_counts(loaded.diags, options, err);
  if (!usage_error.empty()) {
    err << "imsdoc: error: " << usage_error << "\n";
    return kExitUsage;
  }
  if (failed(loaded.diags, options) || bytes.empty()) {
    err << "imsdoc: docx failed; nothing was written\n";
    return kExitInputError;
  }
  if (int code = write_output_file(bytes, output, err)) return code;
  if (!options.quiet) {
    out << "imsdoc: wrote " << loaded.project.sections.size() << " sections to " << output << " ("
        << bytes.size() / 1024 << " KiB) in " << format_seconds(seconds_since(start)) << "\n";
  }
  return kExitOk;
}

int run_export(const ExportOptions& options, std::ostream& out, std::ostream& err) {
  const std::string& format = options.export_format;
  if (format != "csv" && format != "xlsx" && format != "json") {
    err << "imsdoc: error: unknown export format '" << format << "'\nhint: use csv, xlsx or json\n";
    return kExitUsage;
  }
  Loaded loaded;
  if (!load_and_link(options, err, &loaded)) return kExitUsage;
  print_diagnostics(loaded.diags, *loaded.fs, options, out, err);
  print_counts(loaded.diags, options, err);
  if (failed(loaded.diags, options)) {
    err << "imsdoc: export failed; nothing was written\n";
    return kExitInputError;
  }
  const Project& project = loaded.project;
  std::vector<std::string> names;
  for (const auto& r : project.registers) names.push_back(r.name);
  const Register* only = nullptr;
  if (!options.register_name.empty()) {
    only = project.find_register(options.register_name);
    if (!only) {
      std::string guess = closest_match(options.register_name, names);
      err << "imsdoc: error: no register '" << options.register_name << "'\nhint: "
          << (guess.empty() ? "the registers are " + quoted_list(names, "and")
                            : "did you mean '" + guess + "'?")
          << "\n";
      return kExitUsage;
    }
  } else if (format == "csv") {
    err << "imsdoc: error: a CSV file holds one register: add --register NAME\nhint: the "
           "registers are "
        << quoted_list(names, "and") << "; --format xlsx puts them all in one workbook\n";
    return kExitUsage;
  }
  const Config& c = project.config;
  std::string output = options.output;
  if (output.empty()) {
    output = format == "csv"    ? only->name + ".csv"
             : format == "xlsx" ? c.manual_id + "-" + c.version + "-registers.xlsx"
                                : c.manual_id + "-" + c.version + ".json";
  }
  if (output == "-" && format == "xlsx") {
    err << "imsdoc: error: a workbook cannot go to standard output\nhint: pass -o FILE.xlsx\n";
    return kExitUsage;
  }
  if (output != "-" &&
      refuse_output_file(nullptr, options, output, "." + format, "the export", out, err)) {
    return kExitUsage;
  }
  std::string problem;
  if (format == "xlsx") {
    std::vector<DataTable> tables;
    for (const auto& reg : project.registers) {
      if (!only || &reg == only) tables.push_back(register_table(reg));
    }
    if (!only) tables.push_back(coverage_table(project));
    problem = write_xlsx(tables,
                         {c.title + " registers", c.organisation,
                          c.manual_id + " version " + c.version, archive_mtime()},
                         output);
  } else {
    std::string bytes = format == "csv"
                            ? register_csv(*only)
                            : model_json(project, version_string(), only ? only->name : "");
    if (output == "-") {
      out << bytes;
    } else {
      problem = write_file_atomically(bytes, output);
    }
  }
  if (!problem.empty()) {
    err << "imsdoc: error: " << problem << "\n";
    return kExitIoError;
  }
  if (!options.quiet && output != "-") {
    out << "imsdoc: exported " << (only ? "register " + only->name : std::string("the manual"))
        << " as " << format << " -> " << output << "\n";
  }
  return kExitOk;
}

int run_pdf(const PdfOptions& options, std::ostream& out, std::ostream& err) {
  auto start = Clock::now();
  Loaded loaded;
  if (!load_and_link(options, err, &loaded)) return kExitUsage;
  const std::string output = options.output.empty() ? "manual.pdf" : options.output;
  if (refuse_output_file(&loaded, options, output, ".pdf", "the PDF", out, err)) return kExitUsage;
  std::unique_ptr<TemplateSet> templates;
  std::string html;
  if (load_templates(&loaded, &templates) &&
      render_project_diagrams(&loaded, nullptr, /*png=*/false)) {
    PrintInputs print{version_string(), read_images(*loaded.fs, loaded.project), &loaded.diagrams};
    render_print(loaded.project, loaded.theme, *templates, print, loaded.diags, &html);
  }
  print_diagnostics(loaded.diags, *loaded.fs, options, out, err);
  print_counts(loaded.diags, options, err);
  if (failed(loaded.diags, options)) {
    err << "imsdoc: pdf failed; nothing was written\n";
    return kExitInputError;
  }
  std::string pdf_bytes;
  bool missing = false;
  std::string problem = print_to_pdf(loaded.theme, html, &pdf_bytes, &missing, err);
  if (problem.empty()) problem = write_file_atomically(pdf_bytes, output);
  if (!problem.empty()) {
    err << "imsdoc: error: " << problem << "\n";
    if (missing || starts_with(problem, "weasyprint is not installed")) {
      err << "hint: " << kWeasyPrintMissingHint << "\n";
    }
    return kExitIoError;
  }
  if (!options.quiet) {
    out << "imsdoc: PDF of " << loaded.project.config.manual_id << " version "
        << loaded.project.config.version << ": " << pdf_bytes.size() / 1024 << " KiB in "
        << format_seconds(seconds_since(start)) << " -> " << output << "\n";
  }
  return kExitOk;
}

namespace {

struct DiffInput {
  TempDir export_dir;  // the exported revision, for a git side
  std::string dir;     // where the project is loaded from
  Loaded loaded;
  DiffSide side;
};

// Finds out what `arg` names (an existing directory wins over a revision of the same name),
// exports a revision, then loads and links it. Returns an exit code, or -1 when loaded.
int load_diff_side(const std::string& arg, const DiffOptions& options, std::ostream& out,
                   std::ostream& err, DiffInput* in) {
  in->side.label = arg;
  CommandOptions load = options;
  load.format = "text";
  load.fail_on = "error";
  std::error_code ec;
  if (!arg.empty() && fs::is_directory(arg, ec)) {
    in->dir = arg;
    load.project_dir = arg;
    load.shown_as = "";
  } else {
    const std::string& repo = options.project_dir;
    ProcessResult commit{};
    if (!arg.empty() && arg.front() != '-') {
      commit =
          run_process({"git", "-C", repo, "rev-parse", "--verify", "--quiet", arg + "^{commit}"});
    }
    if (commit.exit_code != 0) {
      ProcessResult top = run_process({"git", "-C", repo, "rev-parse", "--show-toplevel"});
      err << "imsdoc: error: '" << arg << "' is neither a directory nor a git revision";
      if (top.exit_code != 0) {
        err << " ('" << repo << "' is not in a git repository)\n"
            << "hint: give two project directories, or run imsdoc diff inside the manual's git "
               "repository (or name it with -C DIR)\n";
      } else {
        err << " of the repository at '" << repo << "'\n"
            << "hint: name a branch, tag or commit ('git log --oneline' lists commits, "
               "'git tag' lists tags), or an existing project directory\n";
      }
      return kExitUsage;
    }
    in->side.commit = trim(commit.out);
    std::string problem = in->export_dir.create("imsdoc-diff-");
    if (!problem.empty()) {
      err << "imsdoc: error: cannot create a temporary directory: " << problem << "\n";
      return kExitIoError;
    }
    std::vector<std::string> warnings;
    problem = export_git_revision(repo, in->side.commit, in->export_dir.path(), &warnings);
    for (const auto& w : warnings) err << "imsdoc: warning: " << w << "\n";
    if (!problem.empty()) {
      err << "imsdoc: error: " << problem << "\n";
      return kExitIoError;
    }
    in->dir = in->export_dir.path();
    load.project_dir = in->dir;
    load.shown_as = arg + ":";
    load.history_repo = repo;
    load.history_rev = in->side.commit;
  }
  if (!load_and_link(load, err, &in->loaded)) return kExitUsage;
  bool input_errors = !in->loaded.config_ok;
  for (const auto& d : in->loaded.diags.sorted()) {
    input_errors = input_errors || (d.severity == Severity::kError && d.code.empty());
  }
  if (input_errors) {
    print_diagnostics(in->loaded.diags, *in->loaded.fs, load, out, err);
    print_counts(in->loaded.diags, load, err);
    err << "imsdoc: cannot compare: '" << arg << "' has errors in its input\n";
    return kExitInputError;
  }
  return -1;
}

}  // namespace

int run_diff(const DiffOptions& given, std::ostream& out, std::ostream& err) {
  DiffOptions options = given;
  if (options.report_format != "markdown" && options.report_format != "json") {
    err << "imsdoc: error: unknown report format '" << options.report_format
        << "'\nhint: use markdown or json\n";
    return kExitUsage;
  }
  if (options.as_of.empty()) {
    options.as_of = default_as_of();
  } else if (!is_iso_date(options.as_of)) {
    err << "imsdoc: error: --as-of '" << options.as_of
        << "' is not a date\nhint: write YYYY-MM-DD, e.g. --as-of 2026-06-30\n";
    return kExitUsage;
  }
  if (options.html && options.output.empty()) {
    err << "imsdoc: error: --html needs an output directory\nhint: imsdoc diff --html OLD NEW "
           "-o redline\n";
    return kExitUsage;
  }
  std::error_code ec;
  if (!fs::is_directory(options.project_dir, ec)) {
    err << "imsdoc: error: project directory '" << options.project_dir << "' does not exist\n";
    return kExitUsage;
  }
  // Where the report may go: never into either side's sources or the project's.
  if (!options.output.empty()) {
    std::vector<std::string> projects = {options.project_dir};
    for (const std::string* side : {&options.old_side, &options.new_side}) {
      if (fs::is_directory(*side, ec)) projects.push_back(*side);
    }
    for (const std::string& p : projects) {
      std::string problem =
          options.html ? check_output_location(p, options.output)
                       : check_output_file(p, options.output,
                                           options.report_format == "json" ? ".json" : ".md");
      if (!problem.empty()) {
        err << "imsdoc: error: cannot write the " << (options.html ? "redline" : "report")
            << " to '" << options.output << "': " << problem << "\n";
        return kExitUsage;
      }
    }
  }

  DiffInput old_in, new_in;
  int rc = load_diff_side(options.old_side, options, out, err, &old_in);
  if (rc >= 0) return rc;
  const bool working_tree = options.new_side.empty();
  rc = load_diff_side(working_tree ? options.project_dir : options.new_side, options, out, err,
                      &new_in);
  if (rc >= 0) return rc;
  if (working_tree) new_in.side.label = "working tree";

  ManualDiff diff = diff_manuals(old_in.loaded.project, old_in.loaded.diags, new_in.loaded.project,
                                 new_in.loaded.diags);
  diff.old_side.label = old_in.side.label;
  diff.old_side.commit = old_in.side.commit;
  diff.new_side.label = new_in.side.label;
  diff.new_side.commit = new_in.side.commit;
  diff.as_of = options.as_of;

  if (options.html) {
    auto files = render_diff_html(diff, version_string());
    std::string problem = write_tree_atomically(files, options.output);
    if (!problem.empty()) {
      err << "imsdoc: error: " << problem << "\n";
      return kExitIoError;
    }
    if (!options.quiet) {
      out << "imsdoc: redline of " << diff.sections.size()
          << (diff.sections.size() == 1 ? " section and " : " sections and ") << diff.entries.size()
          << (diff.entries.size() == 1 ? " entry" : " entries") << " -> "
          << (fs::path(options.output) / "index.html").generic_string() << "\n";
    }
    return kExitOk;
  }
  std::string report =
      options.report_format == "json" ? render_diff_json(diff) : render_diff_markdown(diff);
  if (options.output.empty()) {
    out << report;
    return kExitOk;
  }
  std::string problem = write_file_atomically(report, options.output);
  if (!problem.empty()) {
    err << "imsdoc: error: " << problem << "\n";
    return kExitIoError;
  }
  return kExitOk;
}

int run_verify(const VerifyOptions& options, std::ostream& out, std::ostream& err) {
  const std::string& zip_path = options.zip;
  std::error_code ec;
  if (!options.allowed_signers.empty() && !fs::is_regular_file(options.allowed_signers, ec)) {
    err << "imsdoc: error: --allowed-signers '" << options.allowed_signers << "' is not a file\n";
    return kExitUsage;
  }
  std::ifstream in(zip_path, std::ios::binary);
  if (!in) {
    err << "imsdoc: error: cannot open '" << zip_path << "'\n";
    return kExitIoError;
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  SnapshotCheck check = verify_snapshot(bytes);
  std::string signer;
  if (!options.allowed_signers.empty() && check.problems.empty()) {
    if (check.signature.empty()) {
      check.problems.push_back(std::string("not signed: the snapshot has no ") + kSignatureFile);
    } else {
      SignatureCheck sig = ssh_verify(check.checksums, check.signature, options.allowed_signers,
                                      kSignatureNamespace);
      if (sig.tool_missing) {
        err << "imsdoc: error: " << sig.problem << "\n";
        return kExitIoError;
      }
      if (!sig.valid) check.problems.push_back("bad signature: " + sig.problem);
      signer = sig.signer;
    }
  }
  for (const auto& p : check.problems) err << zip_path << ": " << p << "\n";
  if (!check.problems.empty()) {
    err << "imsdoc: " << zip_path << " does NOT verify: " << check.problems.size()
        << (check.problems.size() == 1 ? " problem" : " problems") << "\n";
    return kExitInputError;
  }
  if (!options.quiet) {
    out << "imsdoc: " << zip_path << ": " << check.manual
        << (check.build_date.empty() ? "" : " made " + check.build_date) << ", all "
        << check.files_verified << " files match the manifest\n";
    if (!signer.empty()) {
      out << "imsdoc: " << zip_path << ": signed by " << signer << "\n";
    } else if (!check.signature.empty()) {
      out << "imsdoc: " << zip_path << ": signed, but the signature was not checked (give "
          << "--allowed-signers FILE)\n";
    }
  }
  return kExitOk;
}

int run_init(const InitOptions& options, std::ostream& out, std::ostream& err) {
  InitRequest request;
  request.dir = options.dir;
  request.extend = options.extend;
  request.standards = options.standards;
  request.title = options.title;
  request.organisation = options.organisation;
  request.effective = default_as_of();
  request.quiet = options.quiet;
  return init_project(request, out, err);
}

}  // namespace imsdoc
