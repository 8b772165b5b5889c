// The commands behind the CLI, callable from tests. Each returns the process exit code:
// 0 success, 1 errors in the input, 2 usage errors, 3 I/O failure.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace imsdoc {

enum ExitCode { kExitOk = 0, kExitInputError = 1, kExitUsage = 2, kExitIoError = 3 };

struct CommandOptions {
  std::string project_dir = ".";
  bool quiet = false;    // only errors and warnings
  bool verbose = false;  // phase timings
  std::string as_of;     // findings date, YYYY-MM-DD; empty: SOURCE_DATE_EPOCH's date, or today
  std::string format = "text";    // diagnostics: text | github | json
  std::string fail_on = "error";  // exit 1 on: error | warning
  bool coverage = false;          // check: print the coverage summary of each standard
  std::string shown_as;           // how messages name the project directory; "" = project_dir
  // Where `document_control: history: git` reads the git log: the repository directory and
  // revision of a project exported from git; "" = project_dir at HEAD.
  std::string history_repo, history_rev;
};

struct BuildOptions : CommandOptions {
  std::string output;   // empty: the config's `output`, relative to the project directory
  std::string version;  // empty: the config's `version`
  // Build these git revisions (tags) of the project, each as the version its imsdoc.yaml
  // names, instead of the working tree.
  std::vector<std::string> from_git;
};

struct SnapshotOptions : CommandOptions {
  std::string output;  // empty: ims-<version>.zip in the current directory
  bool pdf = true;  // false: leave manual.pdf out (WeasyPrint is most of a large snapshot's time)
  std::string sign_key;  // non-empty: sign SHA256SUMS with this SSH key (ssh-keygen -Y sign)
};

struct VerifyOptions {
  std::string zip;
  std::string allowed_signers;  // non-empty: the snapshot must be signed by one of these
  bool quiet = false;
};

struct DocxOptions : CommandOptions {
  std::string output;         // empty: manual.docx in the current directory
  std::string reference_doc;  // a .docx whose styles replace the theme's (as pandoc's)
};

struct ExportOptions : CommandOptions {
  std::string export_format = "json";  // csv | xlsx | json
  std::string register_name;           // only this register ("" = all; csv needs one)
  std::string output;                  // "-" = standard output (csv, json)
};

struct PdfOptions : CommandOptions {
  std::string output;  // empty: manual.pdf in the current directory
};

struct DiffOptions : CommandOptions {
  // Each side: an existing directory (a project), else a git revision of the repository
  // that contains project_dir ("main", "HEAD~3", "v2.1"). An empty new_side is project_dir
  // itself, shown as "working tree".
  std::string old_side, new_side;
  std::string report_format = "markdown";  // markdown | json
  bool html = false;   // write redline pages into `output` (a directory) instead
  std::string output;  // the report file ("" = stdout), or the redline directory
};

struct InitOptions {
  std::string dir;        // the new project (must not exist, or be empty)
  std::string extend;     // --extend EXISTING: a .docx, a Markdown folder or a comply project
  std::string standards;  // --standards 9001,27001 (fresh projects; "" = all three)
  std::string title, organisation;
  bool quiet = false;
};

struct ServeOptions {
  std::string project_dir = ".";
  int port = 8000;          // 0: a free port the system picks
  bool live_reload = true;  // --no-reload: no reload script in pages
  bool quiet = false;
  bool verbose = false;  // rebuild timings per change
  std::string as_of;     // findings date; empty: as for check
};

// The version string, e.g. "imsdoc 0.1.0": outputs name it as their generator, so it carries no
// git description (--version adds that, base/build_info.h).
std::string version_string();

// The date findings are checked at when --as-of is not given: SOURCE_DATE_EPOCH's, else today.
std::string default_findings_date();

int run_check(const CommandOptions& options, std::ostream& out, std::ostream& err);
int run_build(const BuildOptions& options, std::ostream& out, std::ostream& err);
int run_snapshot(const SnapshotOptions& options, std::ostream& out, std::ostream& err);
int run_docx(const DocxOptions& options, std::ostream& out, std::ostream& err);
int run_export(const ExportOptions& options, std::ostream& out, std::ostream& err);
// Renders print.html and turns it into a PDF with WeasyPrint: exit 3 if WeasyPrint is missing
// or fails.
int run_pdf(const PdfOptions& options, std::ostream& out, std::ostream& err);
// Compares two versions of the manual (directories or git revisions): the report goes to
// `out` (or options.output); input errors of either side are reported prefixed with the side
// and exit 1; a side that is neither a directory nor a revision exits 2.
int run_diff(const DiffOptions& options, std::ostream& out, std::ostream& err);
// Creates a project in options.dir, fresh or imported from options.extend (import/init.h).
int run_init(const InitOptions& options, std::ostream& out, std::ostream& err);

// Serves the site from memory on 127.0.0.1 and rebuilds it when files change, until SIGINT or
// SIGTERM (exit 0). Exit 2 on usage errors, 3 if it cannot listen or watch.
int run_serve(const ServeOptions& options, std::ostream& out, std::ostream& err);
// Checks a snapshot zip against its manifest: exit 0 if it verifies, 1 if not, 3 if unreadable.
int run_verify(const VerifyOptions& options, std::ostream& out, std::ostream& err);

}  // namespace imsdoc
