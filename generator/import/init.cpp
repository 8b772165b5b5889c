#include "import/init.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <ostream>

#include <unistd.h>

#include "base/diagnostic.h"
#include "base/file_system.h"
#include "base/text.h"
#include "bundle/output.h"
#include "import/comply.h"
#include "import/docx_reader.h"
#include "import/extend.h"
#include "import/gap_report.h"
#include "import/markdown_folder.h"
#include "import/scaffold.h"
#include "load/catalogs.h"

namespace fs = std::filesystem;

namespace imsdoc {

namespace {

constexpr int kOk = 0, kInput = 1, kUsage = 2, kIo = 3;

void print_error(std::ostream& err, const std::string& path, const std::string& message,
                 const std::string& hint = "") {
  Diagnostic d;
  d.span = {path, 0, 0};
  d.message = message;
  d.hint = hint;
  err << format_diagnostic(d, path, "");
}

void print_all(const Diagnostics& diags, std::ostream& err) {
  for (const auto& d : diags.sorted()) {
    std::string line;
    if (d.span.line > 0) {
      std::ifstream in(d.span.file, std::ios::binary);
      std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      line = line_text(normalize_newlines(text), d.span.line);
    }
    err << format_diagnostic(d, d.span.file, line);
  }
}

// "" if DIR may be created; else the problem.
std::string check_target(const std::string& dir) {
  std::error_code ec;
  fs::path p(dir);
  if (fs::is_symlink(p, ec))
    return "is a symbolic link; init writes only into a new or empty directory";
  if (fs::exists(p, ec)) {
    if (!fs::is_directory(p, ec)) return "exists and is not a directory";
    if (!fs::is_empty(p, ec)) {
      return "the directory is not empty; init writes only into a new or empty directory";
    }
    return "";
  }
  fs::path parent = normalized_path(dir).parent_path();
  if (!fs::is_directory(parent, ec)) {
    return "its parent directory " + parent.generic_string() + " does not exist";
  }
  return "";
}

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  size_t b = 0;
  while (b <= s.size()) {
    size_t e = s.find(',', b);
    std::string item = trim(s.substr(b, e == std::string::npos ? std::string::npos : e - b));
    if (!item.empty()) out.push_back(item);
    if (e == std::string::npos) break;
    b = e + 1;
  }
  return out;
}

// Reads EXISTING into `manual`. Returns an exit code (kOk on success); errors are printed.
int read_existing(const InitRequest& r, ImportedManual* manual, Diagnostics& diags,
                  std::ostream& err) {
  std::error_code ec;
  const std::string& src = r.extend;
  if (!fs::exists(src, ec)) {
    print_error(err, src, "no such file or directory",
                "--extend takes an existing .docx file or a folder of Markdown files");
    return kUsage;
  }
  if (fs::is_directory(src, ec)) {
    auto disk = make_disk_file_system(src);
    std::string shown = src;
    while (shown.size() > 1 && shown.back() == '/') shown.pop_back();
    if (is_comply_project(*disk)) {
      std::string org = r.organisation.empty() ? "the organisation" : r.organisation;
      if (!read_comply_project(*disk, shown, org, diags, manual)) return kInput;
      return kOk;
    }
    if (disk->list(".", ".md").empty()) {
      print_error(err, src, "no Markdown files (*.md) in this folder",
                  "--extend takes a .docx file, a folder of Markdown files or a comply project");
      return kInput;
    }
    if (!read_markdown_folder(*disk, shown, false, diags, manual)) return kInput;
    return kOk;
  }
  if (ascii_lower(fs::path(src).extension().string()) != ".docx") {
    print_error(err, src, "not a .docx file or a folder of Markdown files",
                "save the manual from Word or LibreOffice as .docx");
    return kUsage;
  }
  std::ifstream in(src, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (!in.good() && !in.eof()) {
    print_error(err, src, "cannot read the file");
    return kInput;
  }
  std::string why;
  if (!read_docx(bytes, src, manual, &why)) {
    print_error(err, src, "cannot read it as a Word document: " + why,
                "open it in Word or LibreOffice and save it again as .docx");
    return kInput;
  }
  if (manual->sections.empty()) {
    print_error(err, src, "the document has no text to import");
    return kInput;
  }
  return kOk;
}

// Writes the project into DIR. A new DIR is written atomically (write_tree_atomically: a
// temporary directory next to it, renamed into place). An existing empty DIR is kept — it may
// be the working directory of the user's shell — and its contents are staged next to it, then
// moved in entry by entry; if a move fails, the entries already moved are removed again.
std::string write_project(const std::map<std::string, std::string>& files, const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec)) return write_tree_atomically(files, dir);
  fs::path target = normalized_path(dir);
  fs::path staging;
  for (int n = 0; n < 1000; ++n) {
    staging = target.parent_path() / concat({".", target.filename().string(), ".imsdoc-init-",
                                             std::to_string(::getpid()), "-", std::to_string(n)});
    if (!fs::exists(staging, ec)) break;
  }
  if (std::string error = write_tree_atomically(files, staging.string()); !error.empty()) {
    return error;
  }
  std::vector<fs::path> moved;
  std::vector<fs::path> entries;
  for (fs::directory_iterator it(staging, ec), end; !ec && it != end; it.increment(ec)) {
    entries.push_back(it->path());
  }
  std::sort(entries.begin(), entries.end());
  for (const auto& entry : entries) {
    fs::path to = target / entry.filename();
    fs::rename(entry, to, ec);
    if (ec) {
      std::string reason =
          "cannot move " + entry.filename().string() + " into " + dir + ": " + ec.message();
      for (const auto& m : moved) fs::remove_all(m, ec);
      fs::remove_all(staging, ec);
      return reason;
    }
    moved.push_back(to);
  }
  fs::remove_all(staging, ec);
  return "";
}

int sections_in(const std::map<std::string, std::string>& files) {
  int n = 0;
  for (const auto& [path, _] : files) n += starts_with(path, "content/") && ends_with(path, ".md");
  return n;
}

}  // namespace

int init_project(const InitRequest& r, std::ostream& out, std::ostream& err) {
  if (std::string problem = check_target(r.dir); !problem.empty()) {
    print_error(err, r.dir, problem);
    return kUsage;
  }
  MemoryFileSystem no_files;
  Diagnostics catalog_diags;
  Catalogs builtin;
  load_catalogs(no_files, catalog_diags, &builtin);

  std::map<std::string, std::string> files;
  std::set<std::string> added;
  Diagnostics diags;
  if (r.extend.empty()) {
    ScaffoldRequest s;
    s.standards = split_list(r.standards.empty() ? "9001,27001,42001" : r.standards);
    for (const auto& st : s.standards) {
      if (st != "9001" && st != "27001" && st != "42001") {
        err << "imsdoc: error: unknown standard '" << st
            << "' in --standards\nhint: choose from '9001', '27001' and '42001'\n";
        return kUsage;
      }
    }
    if (s.standards.empty()) {
      err << "imsdoc: error: --standards names no standard\nhint: e.g. --standards 9001,27001\n";
      return kUsage;
    }
    s.title = r.title.empty() ? "Integrated Management System Manual" : r.title;
    s.organisation = r.organisation.empty() ? "Your organisation" : r.organisation;
    s.effective = r.effective;
    files = scaffold_project(s, builtin);
  } else {
    if (!r.standards.empty()) {
      err << "imsdoc: error: --standards does not apply with --extend\n"
             "hint: the standards in scope are those the existing manual names, plus 42001\n";
      return kUsage;
    }
    std::error_code ec;
    if (fs::is_directory(r.extend, ec) &&
        (is_within(normalized_path(r.dir), normalized_path(r.extend)) ||
         is_within(normalized_path(r.extend), normalized_path(r.dir)))) {
      print_error(err, r.dir,
                  "the new project would be inside '" + r.extend + "', the manual being imported",
                  "choose a directory outside it");
      return kUsage;
    }
    ImportedManual manual;
    int rc = read_existing(r, &manual, diags, err);
    if (rc != kOk) {
      print_all(diags, err);
      return rc;
    }
    Catalogs catalogs;
    MemoryFileSystem own(manual.files);
    if (!load_catalogs(own, diags, &catalogs)) {
      print_all(diags, err);
      return kInput;
    }
    ExtendRequest e;
    e.title = r.title;
    e.organisation = r.organisation;
    e.effective = r.effective;
    e.source_path = r.extend;
    e.source_name = fs::path(r.extend).filename().string();
    if (e.source_name.empty()) e.source_name = r.extend;
    ExtendPlan plan;
    plan_extend(manual, e, catalogs, diags, &plan);
    files = std::move(plan.files);
    added = std::move(plan.added_sections);
  }

  // The new project must check cleanly before anything is written.
  Project full;
  Diagnostics check;
  bool loaded = load_planned_project(files, r.effective, check, &full);
  if (!loaded || check.has_errors()) {
    print_all(diags, err);
    Diagnostics shown;
    for (auto d : check.sorted()) {
      d.span.file = r.dir + "/" + d.span.file;
      shown.add(d);
    }
    for (const auto& d : shown.sorted()) err << format_diagnostic(d, d.span.file, "");
    err << "imsdoc: error: the new project would not check; nothing was written\n";
    return kInput;
  }
  if (!r.quiet || diags.warning_count() > 0) print_all(diags, err);
  if (!r.extend.empty()) {
    std::map<std::string, std::string> imported_only = files;
    for (const auto& p : added) imported_only.erase(p);
    Project before;
    Diagnostics ignored;
    load_planned_project(imported_only, r.effective, ignored, &before);
    out << gap_report(full, before);
  }
  if (std::string error = write_project(files, r.dir); !error.empty()) {
    print_error(err, r.dir, error);
    return kIo;
  }
  if (!r.quiet) {
    int registers = 0;
    for (const auto& [path, _] : files) registers += starts_with(path, "registers/");
    int sections = sections_in(files);
    out << "imsdoc: created " << r.dir << ": " << sections << " sections";
    if (!r.extend.empty()) {
      out << " (" << sections - static_cast<int>(added.size()) << " imported, " << added.size()
          << " added for ISO/IEC 42001)";
    }
    out << ", " << registers << " registers\n";
    out << "next: imsdoc check " << r.dir << " --coverage && imsdoc build " << r.dir << "\n";
  }
  return kOk;
}

}  // namespace imsdoc
