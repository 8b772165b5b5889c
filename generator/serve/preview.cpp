#include "serve/preview.h"

#include <functional>
#include <map>

#include "base/resources.h"
#include "base/text.h"
#include "bundle/versions.h"
#include "check/findings.h"
#include "diagram/diagrams.h"
#include "diagram/style.h"
#include "link/linker.h"
#include "load/config.h"
#include "load/git_history.h"
#include "load/images.h"
#include "load/incremental_loader.h"
#include "model/project.h"
#include "render/escape.h"
#include "render/print.h"
#include "render/site.h"
#include "render/templates.h"
#include "render/theme.h"

namespace imsdoc {

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

const char* content_type_of(const std::string& path) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".gif", "image/gif"},
      {".woff2", "font/woff2"},
      {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
  };
  for (const auto& [suffix, type] : kTypes) {
    if (ends_with(path, suffix)) return type;
  }
  return "application/octet-stream";
}

// Polls /__imsdoc/events by adding it as a script (the CSP allows no fetch or EventSource);
// the answer calls imsdocServe(generation). A different generation reloads the page; a
// failure (the server restarting) retries, and a restarted server's generation differs.
constexpr const char* kReloadJs = R"JS((function () {
  "use strict";
  var me = document.currentScript;
  var m = me && /[?&]generation=(\d+)/.exec(me.src);
  var generation = m ? m[1] : "0";
  var failures = 0;
  function poll() {
    var s = document.createElement("script");
    s.src = "/__imsdoc/events?since=" + generation + "&t=" + Date.now();
    s.onload = function () { s.remove(); failures = 0; };
    s.onerror = function () {
      s.remove();
      failures += 1;
      setTimeout(poll, Math.min(5000, 250 * failures));
    };
    document.head.appendChild(s);
  }
  // The server says how long to wait before asking again when it has no room for another
  // waiting request (many open tabs); otherwise the next question follows at once.
  window.imsdocServe = function (g, retryMs) {
    if (String(g) !== generation) { window.location.reload(); return; }
    setTimeout(poll, retryMs || 0);
  };
  // A script added before the load event delays it: the wait starts after it.
  if (document.readyState === "complete") { poll(); } else { window.addEventListener("load", poll); }
})();
)JS";

HttpResponse text_response(int status, std::string body) {
  HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  r.headers.push_back({"Cache-Control", "no-store"});
  return r;
}

// The ```dot blocks of a section with their lines: what render_diagrams takes from it.
std::string dot_blocks_of(const doc::Document& d) {
  std::string out;
  std::function<void(const std::vector<doc::Block>&)> walk = [&](const auto& blocks) {
    for (const auto& b : blocks) {
      if (b.kind == doc::BlockKind::kCodeBlock &&
          b.info().substr(0, b.info().find_first_of(" \t")) == "dot") {
        out += std::to_string(b.line) + "\n" + b.text() + '\0';
      }
      walk(b.children);
    }
  };
  walk(d.blocks);
  return out;
}

}  // namespace

bool site_path_for_url(const std::string& url_path, std::string* site_path) {
  if (url_path.empty() || url_path[0] != '/') return false;
  std::string rest = url_path.substr(1);
  if (rest.find('\\') != std::string::npos || rest.find('\0') != std::string::npos) return false;
  if (rest.empty() || rest.back() == '/') rest += "index.html";
  for (size_t start = 0;;) {
    size_t end = rest.find('/', start);
    std::string part =
        rest.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (part.empty() || part == "." || part == "..") return false;
    if (end == std::string::npos) break;
    start = end + 1;
  }
  *site_path = rest;
  return true;
}

std::string inject_before_body_end(const std::string& html, const std::string& tag) {
  size_t at = html.rfind("</body>");
  if (at == std::string::npos) return html + tag;
  return html.substr(0, at) + tag + html.substr(at);
}

std::string Preview::reload_tag(uint64_t generation) {
  return "<script src=\"/__imsdoc/reload.js?generation=" + std::to_string(generation) +
         "\"></script>\n";
}

// What rebuilds keep from one generation to the next.
struct Preview::State {
  explicit State(const FileSystem& fs) : loader(fs) {}
  IncrementalLoader loader;
  // The project, brought up to date and linked again by each rebuild, in place: only under
  // render_mutex_, since the current generation's Site reads it.
  Project project;
  bool config_ok = false;
  LinkCache links;  // what linking each file gave, for the files not parsed again
  bool theme_loaded = false;
  std::shared_ptr<const Theme> theme;
  std::shared_ptr<const TemplateSet> templates;
  DiagramStyle diagram_style;
  Diagnostics theme_diags;  // problems of the theme, repeated until it changes
  DiagramRenderer renderer;
  MemoryLayoutCache layouts;  // unchanged diagrams are not laid out again
  // The diagrams of the last rebuild that rendered them, and what they were made from: they are
  // made from the registers, the diagram files, the theme, the ```dot blocks of sections and
  // target titles, so after an edit of a section's text alone they are the same again.
  std::shared_ptr<const DiagramSet> diagrams;
  Diagnostics diagram_diags;
  std::string diagram_links;                      // LinkCache::environment when they were rendered
  bool diagram_inputs_changed = true;             // something besides section files changed since
  std::set<std::string> sections_changed;         // section files changed since
  std::map<std::string, std::string> dot_blocks;  // section path -> its ```dot blocks, at lines
  // `history: git`: read once (uncommitted edits are in no history), applied to every load.
  bool history_read = false;
  std::map<std::string, std::vector<HistoryEntry>> history;  // by section file
  std::vector<HistoryEntry> change_log;
};

// One generation: the site of the project as that rebuild left it, with the pages rendered so
// far. Used only while it is current (the next rebuild changes the project).
struct Preview::Build {
  uint64_t generation = 0;
  Diagnostics diags;
  bool ok = false;
  std::string diagnostics;  // formatted
  std::shared_ptr<const Theme> theme;
  std::shared_ptr<const TemplateSet> templates;
  std::shared_ptr<const DiagramSet> diagrams;
  std::unique_ptr<Site> site;
  FileTree root_files;
  std::map<std::string, std::string> cache;  // site path -> bytes, rendered on request
};

Preview::Preview(const FileSystem& fs, PreviewOptions options)
    : fs_(fs), options_(std::move(options)), state_(std::make_unique<State>(fs)) {}

Preview::~Preview() = default;

uint64_t Preview::generation() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return generation_;
}

void Preview::shutdown() {
  std::lock_guard<std::mutex> lock(mutex_);
  stopping_ = true;
}

std::string Preview::format(const Diagnostics& diags) const {
  std::string out;
  for (const auto& d : diags.sorted()) {
    std::string shown = d.span.file;
    if (!options_.shown_as.empty() && !starts_with(d.span.file, "<built-in>")) {
      shown = options_.shown_as + "/" + d.span.file;
    }
    std::string text, error, line;
    if (d.span.line > 0 && !starts_with(d.span.file, "<built-in>") &&
        fs_.read(d.span.file, &text, &error)) {
      line = line_text(normalize_newlines(text), d.span.line);
    }
    out += format_diagnostic(d, shown, line);
  }
  return out;
}

RebuildReport Preview::rebuild(const std::set<std::string>& changed) {
  auto start = Clock::now();
  State& st = *state_;
  auto build = std::make_shared<Build>();
  RebuildReport report;
  bool everything = !st.theme_loaded;
  bool theme_changed = everything;
  for (const auto& path : changed) {
    everything = everything || path.empty() || path == kConfigFile;
    theme_changed = theme_changed || path.empty() || path == kConfigFile || path == "themes" ||
                    starts_with(path, "themes/");
  }

  Diagnostics& diags = build->diags;
  // Requests wait until the project is consistent again, then get the new generation.
  std::unique_lock<std::mutex> render_lock(render_mutex_);
  st.config_ok = st.loader.load(changed, diags, &st.project);
  report.files_parsed = st.loader.files_parsed();
  report.load_ms = ms_since(start);
  Project& project = st.project;
  auto t_link = Clock::now();
  if (st.config_ok) {
    const DocumentControl& dc = project.config.document_control;
    if (everything) st.history_read = false;
    if (dc.history_from_git && !options_.git_dir.empty()) {
      if (!st.history_read) {
        load_git_history(options_.git_dir, "", &project);
        st.history.clear();
        for (const auto& s : project.sections) st.history[s.path] = s.history;
        st.change_log = project.change_log;
        st.history_read = true;
      } else {
        for (auto& s : project.sections) {
          auto it = st.history.find(s.path);
          if (it != st.history.end()) s.history = it->second;
        }
        project.change_log = st.change_log;
      }
    }
    link_project(&project, diags, &st.links, st.loader.parsed_paths());
    check_images(fs_, project, diags);
    if (!diags.has_errors()) check_findings(project, options_.as_of, diags);
  }
  report.link_ms = ms_since(t_link);

  if (st.config_ok && theme_changed) {
    st.theme_diags = Diagnostics{};
    auto theme = std::make_shared<Theme>();
    const Config& c = project.config;
    st.theme_loaded = load_theme(fs_, c.theme, c.theme_span, st.theme_diags, theme.get());
    st.theme = theme;
    st.templates.reset();
    if (st.theme_loaded) {
      st.templates = TemplateSet::load(*theme, required_templates(), st.theme_diags);
      st.diagram_style = DiagramStyle{};
      if (!load_diagram_style(*theme, st.theme_diags, &st.diagram_style)) st.templates.reset();
    }
  }
  if (st.config_ok) diags.merge(st.theme_diags);
  build->theme = st.theme;
  build->templates = st.templates;

  auto t_diagrams = Clock::now();
  for (const auto& path : changed) {
    if (starts_with(path, std::string(kContentDir) + "/") && ends_with(path, ".md")) {
      st.sections_changed.insert(path);
    } else {
      st.diagram_inputs_changed = true;
    }
  }
  if (st.config_ok && !diags.has_errors() && build->templates) {
    bool reuse = st.diagrams && !theme_changed && !st.diagram_inputs_changed &&
                 st.diagram_links == st.links.environment;
    std::map<std::string, std::string> blocks;  // of the changed sections, as they are now
    if (reuse) {
      for (const auto& s : project.sections) {
        if (st.sections_changed.count(s.path)) blocks[s.path] = dot_blocks_of(s.body);
      }
      for (const auto& path : st.sections_changed) {
        auto before = st.dot_blocks.find(path);
        reuse = reuse && (before == st.dot_blocks.end() ? "" : before->second) == blocks[path];
      }
    }
    if (reuse) {
      diags.merge(st.diagram_diags);
      st.sections_changed.clear();  // their blocks are those the diagrams were made from
    } else {
      auto fresh = std::make_shared<DiagramSet>();
      Diagnostics diagram_diags;
      bool ok = render_diagrams(project, st.diagram_style, st.renderer, &st.layouts, diagram_diags,
                                fresh.get(), /*png=*/false);
      diags.merge(diagram_diags);
      st.diagrams = fresh;
      if (ok) {
        st.diagram_diags = diagram_diags;
        st.diagram_links = st.links.environment;
        st.diagram_inputs_changed = false;
        st.sections_changed.clear();
        st.dot_blocks.clear();
        for (const auto& s : project.sections) {
          std::string b = dot_blocks_of(s.body);
          if (!b.empty()) st.dot_blocks[s.path] = std::move(b);
        }
      } else {
        st.diagrams.reset();  // rendered again next time
        build->diagrams = fresh;
      }
    }
    if (st.diagrams) build->diagrams = st.diagrams;
  }
  report.diagrams_ms = ms_since(t_diagrams);

  build->ok = st.config_ok && !diags.has_errors() && build->templates;
  if (build->ok) {
    build->site = std::make_unique<Site>(project, *build->theme, *build->templates,
                                         *build->diagrams, options_.generator);
    const Config& c = project.config;
    build->root_files = version_root_files({c.version}, c.title);
  }
  build->diagnostics = format(diags);
  report.ok = build->ok;
  report.errors = diags.error_count();
  report.warnings = diags.warning_count();
  report.diagnostics = build->diagnostics;
  std::shared_ptr<Build> previous;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    build->generation = report.generation = ++generation_;
    previous = std::move(current_);
    current_ = build;
    if (build->ok) good_theme_ = build->theme;
  }
  render_lock.unlock();
  report.total_ms = ms_since(start);
  previous.reset();  // after the new generation is served: its pages need not wait for this
  return report;
}

// Never blocks: while the generation is the one the page has, the request waits in the
// server (HttpResponse::wait) until the next rebuild or its timeout.
HttpResponse Preview::events(const HttpRequest& request) {
  const std::string since = request.param("since");
  std::lock_guard<std::mutex> lock(mutex_);
  bool same = !stopping_ && std::to_string(generation_) == since;
  if (same && request.wait == HttpRequest::Wait::kMayWait) {
    HttpResponse r;
    r.wait = true;
    return r;
  }
  std::string retry = same && request.wait == HttpRequest::Wait::kNoRoom
                          ? ", " + std::to_string(kEventRetryMs)
                          : "";
  HttpResponse r =
      text_response(200, "imsdocServe(" + std::to_string(generation_) + retry + ");\n");
  r.content_type = "text/javascript; charset=utf-8";
  return r;
}

HttpResponse Preview::error_page(const Build& build) const {
  std::string title = std::to_string(build.diags.error_count()) +
                      (build.diags.error_count() == 1 ? " error" : " errors");
  std::string html =
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>imsdoc serve: " +
      title +
      "</title>\n<style>body{font:16px/1.5 system-ui,sans-serif;margin:2rem;color:#1a1a1a}"
      "h1{color:#a4000f;font-size:1.4rem}pre{background:#fff4f4;border:1px solid #e4b4b4;"
      "padding:1rem;overflow:auto;font-size:14px}</style>\n</head>\n<body>\n"
      "<h1 id=\"imsdoc-errors\">The manual has " +
      title +
      "</h1>\n<p>imsdoc serve shows the site again once they are fixed; this page reloads "
      "when a file is saved.</p>\n<pre class=\"imsdoc-diagnostics\">" +
      html_escape(build.diagnostics) + "</pre>\n";
  if (options_.live_reload) html += reload_tag(build.generation);
  html += "</body>\n</html>\n";
  HttpResponse r = text_response(500, std::move(html));
  r.content_type = "text/html; charset=utf-8";
  r.headers.push_back({"Content-Security-Policy",
                       "default-src 'none'; style-src 'unsafe-inline'; script-src 'self'"});
  return r;
}

HttpResponse Preview::site_file(const std::shared_ptr<Build>& build, const std::string& path) {
  auto found = [&](std::string bytes) {
    HttpResponse r = text_response(200, std::move(bytes));
    r.content_type = content_type_of(path);
    if (options_.live_reload && ends_with(path, ".html")) {
      r.body = inject_before_body_end(r.body, reload_tag(build->generation));
    }
    return r;
  };
  auto root = build->root_files.find(path);
  if (root != build->root_files.end()) return found(root->second);
  const Project& project = state_->project;
  const std::string& version = project.config.version;
  std::string rel;
  for (const std::string& dir : {version, std::string(kLatestDir)}) {
    if (path == dir) {
      HttpResponse r = text_response(301, "");
      r.headers.push_back({"Location", "/" + dir + "/"});
      return r;
    }
    if (starts_with(path, dir + "/")) rel = path.substr(dir.size() + 1);
  }
  // Browsers ask for /favicon.ico on their own; the site has none (a 404 is logged as an error).
  if (path == "favicon.ico") return text_response(204, "");
  if (rel.empty()) return text_response(404, "not found: /" + path + "\n");
  auto cached = build->cache.find(rel);
  if (cached != build->cache.end()) return found(cached->second);
  std::string bytes;
  Diagnostics diags;
  Site::Result result = Site::Result::kNotFound;
  if (rel == kPrintPage) {
    PrintInputs print{options_.generator, read_images(fs_, project), build->diagrams.get()};
    result = render_print(project, *build->theme, *build->templates, print, diags, &bytes)
                 ? Site::Result::kOk
                 : Site::Result::kFailed;
  } else if (rel == "manual.docx" && project.config.build_docx) {
    return text_response(404,
                         "imsdoc serve does not render the Word edition: run imsdoc docx or "
                         "imsdoc build\n");
  } else {
    result = build->site->render(rel, diags, &bytes);
  }
  if (result == Site::Result::kNotFound) return text_response(404, "not found: /" + path + "\n");
  if (result == Site::Result::kFailed) {
    Build failed;
    failed.generation = build->generation;
    failed.diags = diags;
    failed.diagnostics = format(diags);
    return error_page(failed);
  }
  build->cache[rel] = bytes;
  return found(std::move(bytes));
}

HttpResponse Preview::respond(const HttpRequest& request) {
  if (request.path == "/__imsdoc/reload.js") {
    HttpResponse r = text_response(200, kReloadJs);
    r.content_type = "text/javascript; charset=utf-8";
    return r;
  }
  if (request.path == "/__imsdoc/events") return events(request);
  std::string path;
  if (!site_path_for_url(request.path, &path) || starts_with(path, "__imsdoc/")) {
    return text_response(404, "not found\n");
  }
  // Rendering reads the project, which a rebuild changes in place: one at a time, and always
  // from the current generation.
  std::lock_guard<std::mutex> render_lock(render_mutex_);
  std::shared_ptr<Build> build;
  std::shared_ptr<const Theme> good_theme;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    build = current_;
    good_theme = good_theme_;
  }
  if (!build) return text_response(503, "imsdoc serve is still loading the project\n");
  if (!build->ok) {
    // Pages show the errors; the theme's stylesheets and scripts (of the last good
    // generation) are still served, for pages open in other tabs.
    size_t slash = path.find('/');
    std::string rel = slash == std::string::npos ? "" : path.substr(slash + 1);
    if (good_theme && starts_with(rel, "assets/") && good_theme->files.count(rel)) {
      HttpResponse r = text_response(200, good_theme->files.at(rel));
      r.content_type = content_type_of(rel);
      return r;
    }
    return error_page(*build);
  }
  return site_file(build, path);
}

}  // namespace imsdoc
