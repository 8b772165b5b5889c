#include <catch2/catch.hpp>

#include "base/file_system.h"
#include "base/text.h"
#include "link/linker.h"
#include "load/project_loader.h"
#include "render/site.h"
#include "test_project.h"

using namespace imsdoc;
using Catch::Matchers::Contains;

namespace {

Theme tiny_theme() {
  Theme t;
  t.name = "tiny";
  auto add = [&t](const std::string& rel, const std::string& text) {
    t.files[rel] = text;
    t.origin[rel] = "themes/tiny/" + rel;
  };
  add("templates/layout.mustache",
      "<title>{{page.title}}</title><nav>{{#nav}}{{> nav-item}}{{/nav}}</nav>{{{content}}}");
  add("templates/partials/nav-item.mustache",
      "<a href=\"{{url}}\"{{#current}} aria-current=\"page\"{{/current}}>{{number}}</a>"
      "{{#children}}{{> nav-item}}{{/children}}");
  add("templates/home.mustache", "home {{stats.sections}} {{stats.entries}}");
  add("templates/section.mustache",
      "{{section.id}}|{{#toc}}{{id}};{{/toc}}|{{{body}}}|{{#next}}{{url}}{{/next}}");
  add("templates/register.mustache",
      "{{#rows}}{{#cells}}[{{{html}}}]{{/cells}}{{/rows}}{{> backlinks}}");
  add("templates/entry.mustache",
      "{{#fields}}{{label}}={{{html}}};{{/fields}}{{> backlinks}}"
      "{{#diagram}}<diagram {{title}} {{map_url}}>{{{svg}}}</diagram>{{/diagram}}");
  // A partial named like the value it shows: the partial must not hide the value.
  add("templates/partials/backlinks.mustache",
      "{{#backlinks}}({{title}}:{{#items}}<{{id}} {{via}}>{{/items}}){{/backlinks}}");
  add("templates/standard.mustache",
      "{{standard.title}}{{#clauses}}[{{id}} {{status}}]{{/clauses}}");
  add("templates/clause.mustache",
      "{{clause.ref}}{{#backlinks}}{{#items}}<{{id}}>{{/items}}{{/backlinks}}");
  add("templates/harmonized.mustache", "{{#rows}}{{id}};{{/rows}}");
  add("templates/search.mustache", "search");
  add("templates/diagram.mustache",
      "{{diagram.title}}|{{{diagram.svg}}}|{{#handoffs}}{{#from}}{{id}}{{title}}{{/from}}>"
      "{{what}}>{{#to}}{{id}}{{/to}};{{/handoffs}}");
  add("templates/trace.mustache", "{{#steps}}{{title}}:{{#items}}{{id}},{{/items}};{{/steps}}");
  add("templates/print.mustache", "{{site.title}}{{#sections}}<{{anchor}}>{{/sections}}");
  add("assets/style.css", "body{}");
  return t;
}

OutputTree render(const std::map<std::string, std::string>& files,
                  const DiagramSet& diagrams = {}) {
  MemoryFileSystem mfs(files);
  Diagnostics diags;
  Project p;
  load_project(mfs, diags, &p);
  link_project(&p, diags);
  REQUIRE_FALSE(diags.has_errors());
  Theme theme = tiny_theme();
  auto templates = TemplateSet::load(theme, required_templates(), diags);
  REQUIRE(templates);
  OutputTree out;
  SiteStats stats;
  REQUIRE(render_site(p, theme, *templates, diagrams, "imsdoc test", diags, &out, &stats));
  CHECK(stats.sections == 2);
  CHECK(stats.entries == 2);
  return out;
}

}  // namespace

TEST_CASE("relative_url climbs out of the page's directory", "[site]") {
  CHECK(relative_url("index.html", "sections/a.html") == "sections/a.html");
  CHECK(relative_url("registers/risks/rsk-1.html", "sections/a.html") == "../../sections/a.html");
  CHECK(relative_url("sections/a.html", "") == "../");
  CHECK(relative_url("sections/a.html", "sections/b.html") == "b.html");
  CHECK(relative_url("registers/risks.html", "registers/risks/r-1.html") == "risks/r-1.html");
  CHECK(relative_url("index.html", "") == "./");
}

TEST_CASE("site: pages, nav tree, links and assets", "[site]") {
  OutputTree out = render(testing::minimal_project());
  std::vector<std::string> paths;
  for (const auto& [path, _] : out) {
    if (!starts_with(path, "standards/")) paths.push_back(path);
  }
  CHECK(paths == std::vector<std::string>{
                     "assets/style.css", "index.html", "pages.js", "registers/ai-systems.html",
                     "registers/ai-systems/ai-001.html", "registers/processes.html",
                     "registers/processes/prc-01.html", "search-index.js", "search.html",
                     "sections/ims-1-2.html", "sections/ims-1.html", "trace/ai-001.html"});
  // A page per clause and control of each standard in scope, with its backlinks.
  CHECK(out.count("standards/9001/8-5-1.html"));
  CHECK(out.count("standards/42001/a-6-2-4.html"));
  CHECK(out["standards/42001/4-3.html"].find("42001:4.3<IMS-1.2>") != std::string::npos);
  CHECK(out.count("standards/harmonized.html"));
  // The trace of an AI system follows its processes.
  CHECK(out["trace/ai-001.html"].find("Processes:PRC-01,;") != std::string::npos);
  // The sidebar shows the top level, and below it only the branch of the current section.
  CHECK(out["index.html"] ==
        "<title>Test Manual</title><nav><a href=\"sections/ims-1.html\">1</a></nav>home 2 2");
  const std::string& intro = out["sections/ims-1.html"];
  CHECK_THAT(intro, Contains("<a href=\"ims-1.html\" aria-current=\"page\">1</a>"
                             "<a href=\"ims-1-2.html\">1.2</a></nav>"));
  CHECK_THAT(intro, Contains("IMS-1|purpose;|"));
  CHECK_THAT(intro, Contains("<a href=\"ims-1-2.html#x\">scope</a>"));
  CHECK_THAT(intro, Contains("|ims-1-2.html"));  // next
}

TEST_CASE("site: register tables and entry pages render typed values", "[site]") {
  OutputTree out = render(testing::minimal_project());
  const std::string& table = out["registers/ai-systems.html"];
  CHECK_THAT(
      table,
      Contains("[<a href=\"ai-systems/ai-001.html\">AI-001</a>][Router][Ops][<span class=\"badge "
               "badge-origin-internal\">internal</span>]"));
  const std::string& entry = out["registers/ai-systems/ai-001.html"];
  CHECK_THAT(
      entry,
      Contains("Processes=<ul class=\"values\"><li><a class=\"ref\" "
               "href=\"../processes/prc-01.html\">PRC-01</a> <span class=\"ref-title\">Intake"
               "</span></li></ul>;"));
  const std::string& process = out["registers/processes/prc-01.html"];
  CHECK_THAT(process, Contains("Purpose=<p>Take in <em>requests</em>.</p>\n;"));
}

TEST_CASE("site: entry and register pages show what refers to them", "[site]") {
  OutputTree out = render(testing::minimal_project());
  // The entry: who refers to it and through which field.
  CHECK_THAT(out["registers/processes/prc-01.html"],
             Contains("(AI system register:<AI-001 Processes>)"));
  // The register: who refers to its entries, and to which.
  CHECK_THAT(out["registers/processes.html"], Contains("(AI system register:<AI-001 PRC-01>)"));
}

TEST_CASE("site: template syntax errors are reported", "[site]") {
  Theme theme = tiny_theme();
  theme.files["templates/home.mustache"] = "{{#stats}}unclosed";
  Diagnostics diags;
  auto templates = TemplateSet::load(theme, required_templates(), diags);
  CHECK_FALSE(templates);
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.sorted()[0].span.file == "themes/tiny/templates/home.mustache");
  CHECK(diags.sorted()[0].message == "template error: Unclosed section \"stats\"");
}

TEST_CASE("site: a partial that does not exist is an error", "[site]") {
  Theme theme = tiny_theme();
  theme.files["templates/layout.mustache"] = "<nav>\n  {{#nav}}{{> nav-itme}}{{/nav}}</nav>";
  Diagnostics diags;
  CHECK_FALSE(TemplateSet::load(theme, required_templates(), diags));
  REQUIRE(diags.error_count() == 1);
  auto d = diags.sorted()[0];
  CHECK(d.span.line == 2);
  CHECK(d.span.col == 11);
  CHECK(d.message == "unknown partial 'nav-itme'");
}

TEST_CASE("site: template errors point at the template line", "[site]") {
  Theme theme = tiny_theme();
  theme.files["templates/entry.mustache"] = "<dl>\n{{#fields}}\n<dt>{{label}}</dt>\n";
  Diagnostics diags;
  CHECK_FALSE(TemplateSet::load(theme, required_templates(), diags));
  REQUIRE(diags.error_count() == 1);
  auto d = diags.sorted()[0];
  CHECK(d.span.file == "themes/tiny/templates/entry.mustache");
  CHECK(d.span.line == 2);
  CHECK(d.span.col == 1);
  CHECK(d.message == "template error: Unclosed section \"fields\"");
}

TEST_CASE("site: the search index and the page list are classic scripts", "[site]") {
  OutputTree out = render(testing::minimal_project());
  const std::string& index = out["search-index.js"];
  CHECK(starts_with(index,
                    "window.imsdocSearchIndex = {\"version\": \"1.0\", \"fields\": "
                    "[\"url\", \"kind\", \"label\", \"title\", \"text\"], \"docs\": [\n"
                    "[\"sections/ims-1.html\",\"section\",\"1\","));
  CHECK_THAT(index, Contains("[\"registers/processes/prc-01.html\",\"entry\",\"PRC-01\","
                             "\"Intake\",\"Take in requests. AI Lead operation\"]"));
  CHECK_THAT(index, Contains("[\"standards/42001/a-6-2-4.html\",\"clause\",\"42001:A.6.2.4\","));
  CHECK(ends_with(index, "]};\n"));
  const std::string& pages = out["pages.js"];
  CHECK(starts_with(pages, "imsdocPagesLoaded(\"1.0\", [\n\"index.html\",\n"));
  CHECK_THAT(pages, Contains("\"search.html\""));
  CHECK_THAT(pages, !Contains("search-index.js"));
}

TEST_CASE("site: the process map page and diagrams on entry pages, links relative to the page",
          "[site]") {
  DiagramSet diagrams;
  const std::string svg = "<svg><a xlink:href=\"imsdoc:PRC-01\"><text>x</text></a></svg>\n";
  diagrams.diagrams["process-map"] = {"Process-interaction map", svg, "", 10, 10};
  diagrams.diagrams["process:PRC-01"] = {"Context of PRC-01", svg, "", 10, 10};
  diagrams.diagrams["ai-system:AI-001"] = {"Lifecycle of AI-001", svg, "", 10, 10};
  auto files = testing::minimal_project();
  files["registers/processes.yaml"] +=
      "    outputs: [Record]\n    external_inputs: [\"Users: Requests\"]\n";
  OutputTree out = render(files, diagrams);
  REQUIRE(out.count("process-map.html"));
  CHECK_THAT(out["process-map.html"],
             Contains("Process-interaction map|<svg><a xlink:href=\"registers/processes/"
                      "prc-01.html\">"));
  CHECK_THAT(out["process-map.html"], Contains("Users>Requests>PRC-01;"));
  CHECK_THAT(out["registers/processes/prc-01.html"],
             Contains("<diagram Context of PRC-01 ../../process-map.html><svg><a "
                      "xlink:href=\"prc-01.html\">"));
  CHECK_THAT(out["registers/ai-systems/ai-001.html"],
             Contains("<diagram Lifecycle of AI-001 ><svg><a xlink:href=\"../processes/"
                      "prc-01.html\">"));
  // Without diagrams there is no map page.
  CHECK_FALSE(render(files).count("process-map.html"));
}

TEST_CASE("site: the home page shows only the document control data that is set", "[site]") {
  auto render_home = [](const std::string& extra_config) {
    auto files = testing::minimal_project();
    files["imsdoc.yaml"] += extra_config;
    MemoryFileSystem mfs(files);
    Diagnostics diags;
    Project p;
    load_project(mfs, diags, &p);
    link_project(&p, diags);
    REQUIRE_FALSE(diags.has_errors());
    Theme theme;
    REQUIRE(load_theme(mfs, "default", {}, diags, &theme));
    auto templates = TemplateSet::load(theme, required_templates(), diags);
    REQUIRE(templates);
    OutputTree out;
    SiteStats stats;
    REQUIRE(render_site(p, theme, *templates, {}, "imsdoc test", diags, &out, &stats));
    return out.at("index.html");
  };
  std::string none = render_home("");
  CHECK_THAT(none, !Contains("Document control"));
  std::string owner = render_home("document_control: {owner: Head of Quality}\n");
  CHECK_THAT(owner, Contains("<dt>Owner</dt><dd>Head of Quality</dd>"));
  CHECK_THAT(owner, !Contains("Approved by"));
  CHECK_THAT(owner, !Contains("Revision history"));
}
