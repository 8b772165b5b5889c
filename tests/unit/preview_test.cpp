#include <catch2/catch.hpp>

#include <chrono>

#include "base/file_system.h"
#include "check/findings.h"
#include "diagram/diagrams.h"
#include "diagram/style.h"
#include "link/linker.h"
#include "load/images.h"
#include "load/project_loader.h"
#include "render/site.h"
#include "render/templates.h"
#include "render/theme.h"
#include "serve/preview.h"
#include "test_project.h"

using namespace imsdoc;
using Catch::Matchers::Contains;

namespace {

constexpr const char* kAsOf = "2026-03-01";

// The site as imsdoc build renders it from `fs`: the bytes every served page must equal.
OutputTree full_build(const FileSystem& fs) {
  Diagnostics diags;
  Project p;
  REQUIRE(load_project(fs, diags, &p));
  link_project(&p, diags);
  check_images(fs, p, diags);
  check_findings(p, kAsOf, diags);
  Theme theme;
  REQUIRE(load_theme(fs, "default", {}, diags, &theme));
  auto templates = TemplateSet::load(theme, required_templates(), diags);
  REQUIRE(templates);
  DiagramStyle style;
  REQUIRE(load_diagram_style(theme, diags, &style));
  DiagramRenderer renderer;
  MemoryLayoutCache cache;
  DiagramSet diagrams;
  REQUIRE(render_diagrams(p, style, renderer, &cache, diags, &diagrams, false));
  OutputTree out;
  SiteStats stats;
  REQUIRE(render_site(p, theme, *templates, diagrams, "imsdoc test", diags, &out, &stats));
  REQUIRE_FALSE(diags.has_errors());
  return out;
}

PreviewOptions options() {
  PreviewOptions o;
  o.as_of = kAsOf;
  o.generator = "imsdoc test";
  return o;
}

HttpResponse get(Preview& preview, const std::string& path, const std::string& since = "",
                 HttpRequest::Wait wait = HttpRequest::Wait::kMayWait) {
  HttpRequest r;
  r.method = "GET";
  r.path = path;
  r.wait = wait;
  if (!since.empty()) r.query.push_back({"since", since});
  return preview.respond(r);
}

std::string served_page(Preview& preview, const std::string& path) {
  HttpResponse r = get(preview, path);
  REQUIRE(r.status == 200);
  std::string tag = Preview::reload_tag(preview.generation());
  size_t at = r.body.find(tag);
  REQUIRE(at != std::string::npos);
  return r.body.erase(at, tag.size());
}

const char* kSection = "/1.0/sections/ims-1-2.html";

// The minimal project, without the finding that its SoA is incomplete (an error).
std::map<std::string, std::string> project_files() {
  auto files = testing::minimal_project();
  files["imsdoc.yaml"] += "findings: {soa-missing-control: off}\n";
  return files;
}

}  // namespace

TEST_CASE("serve: request paths map into the site and never out of it", "[serve]") {
  std::string p;
  CHECK((site_path_for_url("/", &p) && p == "index.html"));
  CHECK((site_path_for_url("/1.0/", &p) && p == "1.0/index.html"));
  CHECK((site_path_for_url("/1.0/sections/a.html", &p) && p == "1.0/sections/a.html"));
  for (const char* bad : {"", "x", "/..", "/../etc/passwd", "/1.0/../../x", "/1.0/./a.html",
                          "//etc/passwd", "/a//b", "/a\\..\\b", "/..%2f"}) {
    INFO(bad);
    bool ok = site_path_for_url(bad, &p) && p.find("..") == std::string::npos;
    CHECK((!ok || std::string(bad) == "/..%2f"));
  }
  CHECK_FALSE(site_path_for_url(std::string("/a\0b", 4), &p));
}

TEST_CASE("serve: the reload tag goes before the last </body>", "[serve]") {
  CHECK(inject_before_body_end("<p>x</p></body></html>", "<s>") == "<p>x</p><s></body></html>");
  CHECK(inject_before_body_end("<p>no body", "<s>") == "<p>no body<s>");
}

TEST_CASE("serve: every file is the full build's, before and after an edit", "[serve]") {
  MemoryFileSystem fs(project_files());
  Preview preview(fs, options());
  RebuildReport first = preview.rebuild({});
  INFO(first.diagnostics);
  REQUIRE(first.ok);
  CHECK(first.generation == 1);
  OutputTree built = full_build(fs);
  for (const auto& [path, bytes] : built) {
    INFO(path);
    if (path.size() > 5 && path.substr(path.size() - 5) == ".html") {
      CHECK(served_page(preview, "/1.0/" + path) == bytes);
    } else {
      HttpResponse r = get(preview, "/1.0/" + path);
      CHECK(r.status == 200);
      CHECK(r.body == bytes);
    }
  }
  // Pages are rendered once per generation.
  CHECK(served_page(preview, kSection) == built.at("sections/ims-1-2.html"));

  // The new title shows in the page itself, in the navigation of every page and in the
  // search index: the cache of the previous generation is not used.
  fs.set("content/sub/1.2-scope.md",
         "---\nid: IMS-1.2\ntitle: Scope and boundaries\nsection: \"1.2\"\nowner: Quality\n"
         "approver: CEO\nversion: \"1.0\"\neffective: 2026-01-01\nstatus: draft\n"
         "clauses: [\"42001:4.3\"]\n---\nThe new scope.\n");
  RebuildReport second = preview.rebuild({"content/sub/1.2-scope.md"});
  REQUIRE(second.ok);
  CHECK(second.generation == 2);
  CHECK(second.files_parsed == 1);
  OutputTree rebuilt = full_build(fs);
  CHECK(served_page(preview, kSection) == rebuilt.at("sections/ims-1-2.html"));
  CHECK_THAT(served_page(preview, kSection), Contains("The new scope."));
  CHECK(served_page(preview, "/1.0/sections/ims-1.html") == rebuilt.at("sections/ims-1.html"));
  CHECK_THAT(served_page(preview, "/1.0/index.html"), Contains("Scope and boundaries"));
  CHECK(get(preview, "/1.0/search-index.js").body == rebuilt.at("search-index.js"));
}

// Every file the preview serves equals the full build's.
void check_whole_site(Preview& preview, const FileSystem& fs) {
  for (const auto& [path, bytes] : full_build(fs)) {
    INFO(path);
    if (path.size() > 5 && path.substr(path.size() - 5) == ".html") {
      CHECK(served_page(preview, "/1.0/" + path) == bytes);
    } else {
      CHECK(get(preview, "/1.0/" + path).body == bytes);
    }
  }
}

TEST_CASE("serve: diagrams stay right through edits of sections and registers", "[serve]") {
  MemoryFileSystem fs(project_files());
  Preview preview(fs, options());
  REQUIRE(preview.rebuild({}).ok);
  std::string scope, error;
  REQUIRE(fs.read("content/sub/1.2-scope.md", &scope, &error));
  const std::string path = "content/sub/1.2-scope.md";
  auto edit = [&](const std::string& file, const std::string& text) {
    fs.set(file, text);
    RebuildReport r = preview.rebuild({file});
    INFO(r.diagnostics);
    REQUIRE(r.ok);
    check_whole_site(preview, fs);
  };
  // Text only (the diagrams are those of the previous generation), then a ```dot block added,
  // moved down a line, changed and removed again.
  edit(path, scope + "\nMore text.\n");
  edit(path, scope + "\n```dot\ndigraph { a -> b }\n```\n");
  CHECK_THAT(served_page(preview, kSection), Contains("<svg"));
  edit(path, scope + "\nFirst.\n\n```dot\ndigraph { a -> b }\n```\n");
  edit(path, scope + "\n```dot\ndigraph { a -> c }\n```\n");
  edit(path, scope);
  // A register: the generated process diagrams change.
  auto files = project_files();
  edit("registers/processes.yaml", files["registers/processes.yaml"] +
                                       "  - id: PRC-02\n    name: Release\n    purpose: Ship.\n"
                                       "    owner: AI Lead\n    area: operation\n");
  // A section title (shown in diagrams' links and labels).
  edit("content/1-intro.md",
       "---\nid: IMS-1\ntitle: Introduction and purpose\nsection: \"1\"\nowner: Quality\n"
       "approver: CEO\nversion: \"1.0\"\neffective: 2026-01-01\nstatus: approved\n---\n"
       "Text.\n");
}

TEST_CASE("serve: errors replace every page until they are fixed", "[serve]") {
  MemoryFileSystem fs(project_files());
  Preview preview(fs, options());
  REQUIRE(preview.rebuild({}).ok);
  const std::string good = served_page(preview, kSection);
  const std::string css = get(preview, "/1.0/assets/style.css").body;

  std::string original;
  std::string error;
  REQUIRE(fs.read("content/sub/1.2-scope.md", &original, &error));
  std::string broken = original;
  broken.replace(broken.find("status: draft"), 13, "status: <drafty>");
  fs.set("content/sub/1.2-scope.md", broken);
  RebuildReport bad = preview.rebuild({"content/sub/1.2-scope.md"});
  CHECK_FALSE(bad.ok);
  CHECK(bad.errors == 1);
  CHECK_THAT(bad.diagnostics,
             Contains("content/sub/1.2-scope.md:9:9: error: unknown status '<drafty>'"));
  for (const char* path : {kSection, "/1.0/index.html", "/", "/1.0/registers/risks.html"}) {
    INFO(path);
    HttpResponse r = get(preview, path);
    CHECK(r.status == 500);
    CHECK_THAT(r.body, Contains("content/sub/1.2-scope.md:9:9: error: unknown status "
                                "&#39;&lt;drafty&gt;&#39;"));
    CHECK_THAT(r.body, Contains(Preview::reload_tag(bad.generation)));
  }
  // Assets still come from the last good generation.
  CHECK(get(preview, "/1.0/assets/style.css").body == css);

  fs.set("content/sub/1.2-scope.md", original);
  RebuildReport fixed = preview.rebuild({"content/sub/1.2-scope.md"});
  CHECK(fixed.ok);
  CHECK(served_page(preview, kSection) == good);
}

TEST_CASE("serve: /__imsdoc/events answers with the generation once it changes", "[serve]") {
  MemoryFileSystem fs(project_files());
  Preview preview(fs, options());
  REQUIRE(preview.rebuild({}).ok);
  CHECK(get(preview, "/__imsdoc/events", "0").body == "imsdocServe(1);\n");
  // The same generation: the request waits (in the server, which asks again later).
  HttpResponse waiting = get(preview, "/__imsdoc/events", "1");
  CHECK(waiting.wait);
  CHECK(waiting.body.empty());
  CHECK(get(preview, "/__imsdoc/events", "1", HttpRequest::Wait::kTimedOut).body ==
        "imsdocServe(1);\n");
  // No room to wait: the script is told to ask again later.
  CHECK(get(preview, "/__imsdoc/events", "1", HttpRequest::Wait::kNoRoom).body ==
        "imsdocServe(1, 5000);\n");
  CHECK(preview.rebuild({}).generation == 2);
  HttpResponse changed = get(preview, "/__imsdoc/events", "1");
  CHECK_FALSE(changed.wait);
  CHECK(changed.body == "imsdocServe(2);\n");
  HttpResponse js = get(preview, "/__imsdoc/reload.js");
  CHECK(js.status == 200);
  CHECK_THAT(js.body, Contains("/__imsdoc/events?since="));
  CHECK(get(preview, "/1.0/../imsdoc.yaml").status == 404);
  CHECK(get(preview, "/imsdoc.yaml").status == 404);
  CHECK(get(preview, "/1.0/no-such-page.html").status == 404);
  CHECK(get(preview, "/1.0").status == 301);
}
