// The live preview behind imsdoc serve: the project loaded, linked and checked as imsdoc build
// does it, kept in memory, rebuilt when files change, and its site served page by page.
//
// Nothing is written anywhere. Each rebuild parses again only the changed files
// (IncrementalLoader, in place), links the whole project again (cross-references, backlinks,
// navigation, coverage and the search index may depend on any file) and starts a new generation
// with an empty page cache: a page is rendered when it is first asked for, so a page served after a
// change is the page a full build gives for the files as they are then.
//
// While the project has errors, every page is an error page listing them (the theme's
// stylesheets and scripts are still served, from the last good generation); once they are
// fixed the pages come back. The last good site is not served underneath: its pages would
// show content that is no longer in the files, and the project is changed in place. Served pages
// load /__imsdoc/reload.js, which reloads them when a new generation is built: the site's
// Content-Security-Policy allows scripts from the site but no fetch() or EventSource, so the script
// waits for the next generation by loading /__imsdoc/events as a script, which the server answers
// when the generation changes (a long poll: the HttpServer keeps it waiting, without a thread,
// until notify() after a rebuild or its timeout; when too many wait, the script is told to ask
// again later, kEventRetryMs).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <string>

#include "base/diagnostic.h"
#include "base/file_system.h"
#include "serve/http_server.h"

namespace imsdoc {

struct Theme;

struct PreviewOptions {
  std::string as_of;        // the date findings are checked at, YYYY-MM-DD
  std::string generator;    // "imsdoc 0.1.0", as build writes it into pages
  std::string shown_as;     // how messages name the project directory ("" for ".")
  std::string git_dir;      // where `history: git` reads the log ("" = no history)
  bool live_reload = true;  // inject the reload script into pages
};

// What a rebuild did, for the terminal.
struct RebuildReport {
  uint64_t generation = 0;
  bool ok = false;       // no errors: pages are served
  int files_parsed = 0;  // section and register files parsed again
  int errors = 0, warnings = 0;
  std::string diagnostics;  // formatted as on the terminal, sorted
  double load_ms = 0, link_ms = 0, diagrams_ms = 0, total_ms = 0;
};

class Preview {
 public:
  // `fs`: the project's files; must outlive the preview.
  Preview(const FileSystem& fs, PreviewOptions options);
  ~Preview();
  Preview(const Preview&) = delete;
  Preview& operator=(const Preview&) = delete;

  // Loads what changed (project-relative paths, see IncrementalLoader::load; the first call
  // loads everything) and makes the result the current generation. One caller at a time.
  RebuildReport rebuild(const std::set<std::string>& changed);

  // Answers a GET: "/" is the root page of the versions, /<version>/... and /latest/... the
  // site, /__imsdoc/... the reload machinery. Any thread.
  HttpResponse respond(const HttpRequest& request);

  uint64_t generation() const;
  // Makes /__imsdoc/events requests answer at once from now on.
  void shutdown();

  // How long the reload script waits before it asks again when the server has no room for
  // another waiting /__imsdoc/events request.
  static constexpr int kEventRetryMs = 5000;

  // The tag injected before </body> of served pages of `generation`.
  static std::string reload_tag(uint64_t generation);

 private:
  struct Build;
  HttpResponse site_file(const std::shared_ptr<Build>& build, const std::string& path);
  HttpResponse error_page(const Build& build) const;
  HttpResponse events(const HttpRequest& request);
  std::string format(const Diagnostics& diags) const;

  const FileSystem& fs_;
  PreviewOptions options_;
  struct State;
  std::unique_ptr<State> state_;  // what rebuilds keep: parsed files, theme, layouts

  mutable std::mutex mutex_;  // guards current_, good_theme_, generation_, stopping_
  std::shared_ptr<Build> current_;
  std::shared_ptr<const Theme> good_theme_;  // of the last generation without errors
  uint64_t generation_ = 0;
  bool stopping_ = false;
  // Held by rebuilds (which change the project in place) and by every render: pages are
  // rendered one at a time, from the current generation.
  std::mutex render_mutex_;
};

// Splits a request path into a site-relative file path: "/" -> "index.html", "/1.0/" ->
// "1.0/index.html". Returns false for paths that could name something outside the site
// ("..", ".", empty segments, backslashes, NUL): those are answered 404.
bool site_path_for_url(const std::string& url_path, std::string* site_path);

// `html` with `tag` inserted before its last </body> (appended if there is none).
std::string inject_before_body_end(const std::string& html, const std::string& tag);

}  // namespace imsdoc
