// imsdoc serve: the preview server's main loop. Signals are taken with signalfd, so that the
// loop waits on them and on the file watcher together, and Ctrl-C stops the server cleanly
// (running requests finish, the port is released).
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <ostream>

#include "app/commands.h"
#include "base/file_system.h"
#include "base/text.h"
#include "serve/file_watcher.h"
#include "serve/http_server.h"
#include "serve/preview.h"

namespace fs = std::filesystem;

namespace imsdoc {

namespace {

// What a project's site is built from; the output directory is not among them.
const std::vector<std::string> kWatched = {"content", "registers", "diagrams",
                                           "themes",  "standards", "imsdoc.yaml"};

// Diagnostics are printed when they differ from the previous rebuild's: a warning that stays
// is not repeated on every save.
void print_report(const RebuildReport& r, bool first, const ServeOptions& options,
                  std::string* shown, std::ostream& out, std::ostream& err) {
  bool same = !first && r.diagnostics == *shown;
  *shown = r.diagnostics;
  if (!same) err << r.diagnostics;
  if (!same && r.errors + r.warnings > 0) {
    err << r.errors << (r.errors == 1 ? " error, " : " errors, ") << r.warnings
        << (r.warnings == 1 ? " warning" : " warnings") << "\n";
  }
  if (!r.ok) {
    if (!same) err << "imsdoc: the pages show the errors until they are fixed\n";
  } else if (!first && !options.quiet) {
    out << "imsdoc: rebuilt (generation " << r.generation << ")\n";
  }
  if (options.verbose) {
    char buf[200];
    std::snprintf(buf, sizeof buf,
                  "imsdoc: generation %llu: %d files parsed; load %.1f ms, link and check %.1f "
                  "ms, diagrams %.1f ms; rebuild %.1f ms\n",
                  static_cast<unsigned long long>(r.generation), r.files_parsed, r.load_ms,
                  r.link_ms, r.diagrams_ms, r.total_ms);
    err << buf;
  }
  out.flush();
  err.flush();
}

}  // namespace

int run_serve(const ServeOptions& options, std::ostream& out, std::ostream& err) {
  std::error_code ec;
  if (!fs::is_directory(options.project_dir, ec)) {
    err << "imsdoc: error: project directory '" << options.project_dir << "' does not exist\n";
    return kExitUsage;
  }
  if (options.port < 0 || options.port > 65535) {
    err << "imsdoc: error: --port must be between 0 and 65535\n";
    return kExitUsage;
  }
  PreviewOptions preview_options;
  preview_options.as_of = options.as_of.empty() ? default_findings_date() : options.as_of;
  if (!is_iso_date(preview_options.as_of)) {
    err << "imsdoc: error: --as-of '" << options.as_of
        << "' is not a date\nhint: write YYYY-MM-DD, e.g. --as-of 2026-06-30\n";
    return kExitUsage;
  }
  preview_options.generator = version_string();
  preview_options.live_reload = options.live_reload;
  preview_options.git_dir = options.project_dir;
  std::string dir = options.project_dir;
  while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
  preview_options.shown_as = dir == "." ? "" : dir;

  // Blocked before any thread starts, so that every thread inherits the mask and only the
  // signalfd sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);  // a browser that goes away mid-response
  int signal_fd = signalfd(-1, &stop_signals, SFD_CLOEXEC);
  if (signal_fd < 0) {
    err << "imsdoc: error: cannot wait for signals\n";
    return kExitIoError;
  }

  auto files = make_disk_file_system(options.project_dir);
  Preview preview(*files, preview_options);
  // Watching starts before the first load: nothing saved meanwhile is missed.
  FileWatcher watcher(options.project_dir, kWatched);
  if (!watcher.error().empty()) {
    err << "imsdoc: error: cannot watch the project for changes: " << watcher.error() << "\n";
    close(signal_fd);
    return kExitIoError;
  }
  std::string shown;
  print_report(preview.rebuild({}), true, options, &shown, out, err);

  HttpServer server([&preview](const HttpRequest& r) { return preview.respond(r); });
  std::string problem = server.start(options.port);
  if (!problem.empty()) {
    err << "imsdoc: error: " << problem << "\nhint: choose another port with --port N, or "
        << "--port 0 for any free port\n";
    close(signal_fd);
    return kExitIoError;
  }
  out << "imsdoc: serving at http://127.0.0.1:" << server.port() << "/ (Ctrl-C to stop)"
      << std::endl;

  for (;;) {
    pollfd fds[2] = {{signal_fd, POLLIN, 0}, {watcher.fd(), POLLIN, 0}};
    if (poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[0].revents & POLLIN) break;
    if (fds[1].revents & POLLIN) {
      // Editors save in bursts (temporary file, rename, attributes): wait until 20 ms pass
      // without an event, or 2 ms once a file was closed after writing or moved into place
      // (its contents are complete), at most 250 ms.
      std::set<std::string> changed =
          watcher.read_changes(std::chrono::milliseconds(20), std::chrono::milliseconds(2),
                               std::chrono::milliseconds(250));
      if (!changed.empty()) {
        print_report(preview.rebuild(changed), false, options, &shown, out, err);
        server.notify();  // live-reload requests waiting for the new generation
      }
    }
  }
  preview.shutdown();
  server.notify();
  server.stop();
  close(signal_fd);
  if (!options.quiet) out << "imsdoc: stopped" << std::endl;
  return kExitOk;
}

}  // namespace imsdoc
