// The imsdoc command line: parses arguments (the only CLI11 user) and calls app/commands.
#include <CLI/CLI.hpp>

#include <iostream>
#include <string>
#include <string_view>

#include "app/commands.h"
#include "base/build_info.h"
#include "base/cleanup.h"

int main(int argc, char** argv) {
  using namespace imsdoc;
  install_interrupt_cleanup();
  CLI::App app{
      "imsdoc: documentation generator for integrated management systems "
      "(ISO 9001, ISO/IEC 27001, ISO/IEC 42001)",
      "imsdoc"};
  std::string_view git = git_description();
  app.set_version_flag(
      "--version", version_string() + " (git " + std::string(git.empty() ? "unknown" : git) + ")");
  app.require_subcommand(1);
  app.fallthrough();

  BuildOptions options;
  app.add_flag("-q,--quiet", options.quiet, "Print only errors and warnings");
  app.add_flag("-v,--verbose", options.verbose, "Print timings of each phase");

  auto add_findings_options = [&](CLI::App* cmd) {
    cmd->add_option("--as-of", options.as_of,
                    "Date findings are checked at, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, "
                    "else today)");
    cmd->add_option("--format", options.format, "Diagnostics as text, github or json")
        ->check(CLI::IsMember({"text", "github", "json"}));
    cmd->add_option("--fail-on", options.fail_on, "Exit 1 on error (default) or on warning")
        ->check(CLI::IsMember({"error", "warning"}));
  };

  CLI::App* check = app.add_subcommand("check", "Load and validate the project; print diagnostics");
  check->add_option("DIR", options.project_dir, "Project directory (default: .)");
  add_findings_options(check);
  check->add_flag("--coverage", options.coverage, "Print the coverage of each standard");

  CLI::App* build = app.add_subcommand("build", "Check the project, then write the site");
  build->add_option("DIR", options.project_dir, "Project directory (default: .)");
  build->add_option("-o,--output", options.output,
                    "Output directory (default: the config's output, in the project)");
  build->add_option("--version", options.version,
                    "Build as this version, into OUTPUT/VERSION/ (default: the config's version)");
  build
      ->add_option("--from-git", options.from_git,
                   "Build these git tags or revisions, each as the version its imsdoc.yaml "
                   "names")
      ->excludes("--version");
  add_findings_options(build);

  SnapshotOptions snapshot_options;
  CLI::App* snapshot = app.add_subcommand(
      "snapshot", "Check the project, then write the auditor snapshot zip of this version");
  snapshot->add_option("DIR", snapshot_options.project_dir, "Project directory (default: .)");
  snapshot->add_option("-o,--output", snapshot_options.output,
                       "Zip file to write (default: ims-<version>.zip)");
  snapshot->add_option("--as-of", snapshot_options.as_of, "Date findings are checked at");
  snapshot->add_option("--sign", snapshot_options.sign_key,
                       "Sign SHA256SUMS with this SSH key (a private key, or a public key whose "
                       "private half is in ssh-agent), as SHA256SUMS.sig");
  bool snapshot_no_pdf = false;
  snapshot->add_flag("--no-pdf", snapshot_no_pdf,
                     "Leave manual.pdf out (WeasyPrint takes minutes on a very large manual)");

  DocxOptions docx_options;
  CLI::App* docx =
      app.add_subcommand("docx", "Check the project, then write the manual as a Word document");
  docx->add_option("DIR", docx_options.project_dir, "Project directory (default: .)");
  docx->add_option("-o,--output", docx_options.output,
                   "Word document to write (default: manual.docx)");
  docx->add_option("--reference-doc", docx_options.reference_doc,
                   "Take the styles from this .docx (default: the theme's)");
  docx->add_option("--as-of", docx_options.as_of, "Date findings are checked at");

  ExportOptions export_options;
  CLI::App* export_cmd = app.add_subcommand(
      "export", "Check the project, then export its registers or the whole linked model");
  export_cmd->add_option("DIR", export_options.project_dir, "Project directory (default: .)");
  export_cmd->add_option("--format", export_options.export_format, "csv, xlsx or json")->required();
  export_cmd->add_option("--register", export_options.register_name,
                         "Only this register (csv: required)");
  export_cmd->add_option("-o,--output", export_options.output,
                         "File to write, - for standard output (default: named after the "
                         "register or manual)");
  export_cmd->add_option("--as-of", export_options.as_of, "Date findings are checked at");

  PdfOptions pdf_options;
  CLI::App* pdf = app.add_subcommand(
      "pdf", "Check the project, then write the manual as one PDF (print.html through WeasyPrint)");
  pdf->add_option("DIR", pdf_options.project_dir, "Project directory (default: .)");
  pdf->add_option("-o,--output", pdf_options.output, "PDF file to write (default: manual.pdf)");
  pdf->add_option("--as-of", pdf_options.as_of, "Date findings are checked at");

  DiffOptions diff_options;
  CLI::App* diff = app.add_subcommand(
      "diff", "Compare two versions of the manual: sections, register entries, coverage, findings");
  diff->add_option("OLD", diff_options.old_side,
                   "Old side: a project directory or a git revision (main, HEAD~3, v2.1)")
      ->required();
  diff->add_option("NEW", diff_options.new_side,
                   "New side: a project directory or a git revision (default: the project "
                   "directory, i.e. the working tree)");
  diff->add_option("-C,--project", diff_options.project_dir,
                   "Project directory whose git repository revisions are taken from "
                   "(default: .)");
  diff->add_option("--format", diff_options.report_format, "Report as markdown (default) or json")
      ->check(CLI::IsMember({"markdown", "json"}));
  diff->add_flag("--html", diff_options.html,
                 "Write redline pages (index.html, one page per change) into -o DIR");
  diff->add_option("-o,--output", diff_options.output,
                   "Write the report to this file (default: standard output); with --html, the "
                   "directory for the redline pages");
  diff->add_option("--as-of", diff_options.as_of,
                   "Date findings are checked at on both sides (default: SOURCE_DATE_EPOCH, "
                   "else today)");

  InitOptions init_options;
  CLI::App* init = app.add_subcommand(
      "init", "Create a project in DIR, or import an existing manual into it with --extend");
  init->add_option("DIR", init_options.dir, "New project directory (must not exist, or be empty)")
      ->required();
  init->add_option("--extend", init_options.extend,
                   "Import this manual: a .docx, a folder of Markdown files or a comply "
                   "project; then add the ISO/IEC 42001 parts and print a gap report");
  init->add_option("--standards", init_options.standards,
                   "Standards of a new project, e.g. 9001,27001 (default: 9001,27001,42001)");
  init->add_option("--title", init_options.title, "The manual's title");
  init->add_option("--organisation", init_options.organisation, "The organisation's name");

  ServeOptions serve_options;
  bool no_reload = false;
  CLI::App* serve = app.add_subcommand(
      "serve", "Preview the site on 127.0.0.1, rebuilt and reloaded as files change");
  serve->add_option("DIR", serve_options.project_dir, "Project directory (default: .)");
  serve->add_option("--port", serve_options.port, "Port to listen on (default: 8000; 0: any free)");
  serve->add_flag("--no-reload", no_reload,
                  "Do not inject the script that reloads pages after a rebuild");
  serve->add_option("--as-of", serve_options.as_of, "Date findings are checked at");

  VerifyOptions verify_options;
  CLI::App* verify =
      app.add_subcommand("verify", "Check a snapshot zip against its manifest of SHA-256 hashes");
  verify->add_option("ZIP", verify_options.zip, "The snapshot zip")->required();
  verify->add_option("--allowed-signers", verify_options.allowed_signers,
                     "Require a signature by a key of this file (ssh-keygen's allowed signers "
                     "format) and print who signed");

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "imsdoc: error: " << e.what() << "\nhint: run 'imsdoc --help' for usage\n";
    return kExitUsage;
  }
  if (*check) return run_check(options, std::cout, std::cerr);
  if (*build) return run_build(options, std::cout, std::cerr);
  if (*snapshot) {
    snapshot_options.pdf = !snapshot_no_pdf;
    snapshot_options.quiet = options.quiet;
    snapshot_options.verbose = options.verbose;
    return run_snapshot(snapshot_options, std::cout, std::cerr);
  }
  if (*docx) {
    docx_options.quiet = options.quiet;
    docx_options.verbose = options.verbose;
    return run_docx(docx_options, std::cout, std::cerr);
  }
  if (*export_cmd) {
    export_options.quiet = options.quiet;
    export_options.verbose = options.verbose;
    return run_export(export_options, std::cout, std::cerr);
  }
  if (*pdf) {
    pdf_options.quiet = options.quiet;
    pdf_options.verbose = options.verbose;
    return run_pdf(pdf_options, std::cout, std::cerr);
  }
  if (*diff) {
    diff_options.quiet = options.quiet;
    diff_options.verbose = options.verbose;
    return run_diff(diff_options, std::cout, std::cerr);
  }
  if (*init) {
    init_options.quiet = options.quiet;
    return run_init(init_options, std::cout, std::cerr);
  }
  if (*serve) {
    serve_options.quiet = options.quiet;
    serve_options.verbose = options.verbose;
    serve_options.live_reload = !no_reload;
    return run_serve(serve_options, std::cout, std::cerr);
  }
  if (*verify) {
    verify_options.quiet = options.quiet;
    return run_verify(verify_options, std::cout, std::cerr);
  }
  return kExitUsage;
}
