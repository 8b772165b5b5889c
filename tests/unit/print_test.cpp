#include <catch2/catch.hpp>

#include <regex>
#include <set>

#include "base/file_system.h"
#include "link/linker.h"
#include "load/images.h"
#include "load/project_loader.h"
#include "render/print.h"
#include "render/site.h"
#include "test_project.h"

using namespace imsdoc;
using Catch::Matchers::Contains;

namespace {

// print.html of `files` with the built-in default theme.
std::string render(std::map<std::string, std::string> files) {
  MemoryFileSystem mfs(std::move(files));
  Diagnostics diags;
  Project p;
  load_project(mfs, diags, &p);
  link_project(&p, diags);
  REQUIRE_FALSE(diags.has_errors());
  Theme theme;
  REQUIRE(load_theme(mfs, "default", {}, diags, &theme));
  auto templates = TemplateSet::load(theme, required_templates(), diags);
  REQUIRE(templates);
  std::string html;
  PrintInputs inputs{"imsdoc test", read_images(mfs, p)};
  REQUIRE(render_print(p, theme, *templates, inputs, diags, &html));
  return html;
}

std::map<std::string, std::string> project_with_body(const std::string& scope_body) {
  auto files = testing::minimal_project();
  files["content/sub/1.2-scope.md"] =
      "---\nid: IMS-1.2\ntitle: Scope\nsection: \"1.2\"\nowner: Quality\napprover: CEO\n"
      "version: \"1.0\"\neffective: 2026-02-01\nstatus: draft\nclauses: [\"42001:4.3\"]\n---\n" +
      scope_body;
  return files;
}

std::vector<std::string> all(const std::string& html, const std::string& pattern) {
  std::vector<std::string> out;
  std::regex re(pattern);
  for (auto it = std::sregex_iterator(html.begin(), html.end(), re); it != std::sregex_iterator();
       ++it) {
    out.push_back((*it)[1]);
  }
  return out;
}

}  // namespace

TEST_CASE("print: one document, every internal link lands on an element of it", "[print]") {
  std::string html = render(
      project_with_body("## Title\n\n## Boundaries\n\nSee [[AI-001]], [[PRC-01|intake]], "
                        "[[IMS-1]], [[42001:4.3]] and the "
                        "[purpose](../1-intro.md#purpose).\n\nA note[^n].\n\n[^n]: The note.\n"));
  std::vector<std::string> ids = all(html, R"re(\bid="([^"]*)")re");
  std::set<std::string> unique(ids.begin(), ids.end());
  CHECK(unique.size() == ids.size());
  std::vector<std::string> links = all(html, R"re(href="#([^"]*)")re");
  CHECK(links.size() > 15);
  for (const auto& l : links) {
    INFO(l);
    CHECK(unique.count(l) == 1);
  }
  // Nothing but the local stylesheet: no scripts, no remote resources.
  CHECK(all(html, R"re((<script))re").empty());
  CHECK(all(html, R"re(<link[^>]*href="([^"]*)")re") ==
        std::vector<std::string>{"assets/print.css"});
}

TEST_CASE("print: references and links become anchors, clauses without an SoA row stay text",
          "[print]") {
  std::string html =
      render(project_with_body("See [[AI-001]] and [[42001:4.3]]; [intro](../1-intro.md) and "
                               "[its purpose](../1-intro.md#purpose).\n"));
  CHECK_THAT(html, Contains("<a class=\"ref\" href=\"#e.ai-systems.ai-001\">AI-001 Router</a>"));
  CHECK_THAT(html, Contains("<span class=\"ref\">42001 4.3 "));
  CHECK_THAT(html, Contains("<a href=\"#s.ims-1\">intro</a>"));
  CHECK_THAT(html, Contains("<a href=\"#s.ims-1.purpose\">its purpose</a>"));
  // The minimal project's intro links to sub/1.2-scope.md#x, a heading it does not have.
  CHECK_THAT(html, Contains("<a href=\"#s.ims-1-2\">scope</a>"));
  // Register rows are the targets, in the appendix, with their table.
  CHECK_THAT(html, Contains("<tr id=\"e.ai-systems.ai-001\">"));
  CHECK_THAT(html, Contains("<tr id=\"e.processes.prc-01\">"));
}

TEST_CASE("print: sections in order, numbered, body headings below the section heading",
          "[print]") {
  std::string html = render(project_with_body("## Boundaries\n\n### Sites\n\nText.\n"));
  size_t intro = html.find(
      "<h1 class=\"section-title\" id=\"s.ims-1:title\"><span class=\"num\">1"
      "</span> Introduction</h1>");
  size_t scope = html.find(
      "<h2 class=\"section-title\" id=\"s.ims-1-2:title\"><span "
      "class=\"num\">1.2</span> Scope</h2>");
  size_t registers = html.find("id=\"registers\"");
  REQUIRE(intro != std::string::npos);
  REQUIRE(scope != std::string::npos);
  CHECK(intro < scope);
  CHECK(scope < registers);
  CHECK_THAT(html, Contains("<h3 id=\"s.ims-1-2.boundaries\">Boundaries"));
  CHECK_THAT(html, Contains("<h4 id=\"s.ims-1-2.sites\">Sites"));
  CHECK_THAT(html, Contains("class=\"manual-section depth-1 chapter\" id=\"s.ims-1\""));
  CHECK_THAT(html, Contains("class=\"manual-section depth-2\" id=\"s.ims-1-2\""));
  // The TOC lists sections and registers with links for target-counter().
  CHECK_THAT(html, Contains("<li class=\"toc-level-2\"><a href=\"#s.ims-1-2\"><span "
                            "class=\"num\">1.2</span> <span class=\"toc-title\">Scope</span>"));
  CHECK_THAT(html, Contains("<a href=\"#r.ai-systems\"><span class=\"num\">A.1</span>"));
}

TEST_CASE("print: document control data, escaped", "[print]") {
  auto files = project_with_body("Text.\n");
  files["imsdoc.yaml"] =
      "title: A <b>&</b> manual\norganisation: Test Org\nmanual_id: T-1\nversion: \"1.0\"\n"
      "document_control: {approver: Board}\nstandards: [\"9001\", \"42001\"]\n";
  std::string html = render(files);
  CHECK_THAT(html, Contains("<h1 class=\"title-main\">A &lt;b&gt;&amp;&lt;/b&gt; manual</h1>"));
  CHECK_THAT(html, Contains("<span class=\"running-doc\">T-1 · Version 1.0</span>"));
  CHECK_THAT(html, Contains("<th scope=\"row\">Owner</th><td>See each section below</td>"));
  CHECK_THAT(html, Contains("<th scope=\"row\">Approver</th><td>Board</td>"));
  // The latest effective date of the sections (1.2 takes effect after 1).
  CHECK_THAT(html, Contains("<th scope=\"row\">Effective</th><td>2026-02-01 "));
  CHECK_THAT(html, Contains("<td>Not recorded in the manual</td>"));
  CHECK_THAT(html, Contains("<td class=\"nowrap\">IMS-1.2</td><td>1.0</td><td>draft</td>"
                            "<td>Quality</td><td>CEO</td><td class=\"nowrap\">2026-02-01</td>"));
}

TEST_CASE("print: the revision history of imsdoc.yaml, escaped, in order", "[print]") {
  auto files = project_with_body("## Revision history\n\nIn the text too.\n");
  files["imsdoc.yaml"] +=
      "document_control:\n  owner: Q\n  effective: 2026-03-01\n  classification: Internal\n"
      "  revisions:\n    - {version: \"0.9\", date: 2025-01-01, summary: Draft <b>}\n"
      "    - {version: \"1.0\", date: 2026-03-01, summary: First issue, approved_by: CEO}\n";
  std::string html = render(files);
  CHECK_THAT(html, Contains("<th scope=\"row\">Effective</th><td>2026-03-01</td>"));
  CHECK_THAT(html, Contains("<th scope=\"row\">Classification</th><td>Internal</td>"));
  size_t draft = html.find(
      "<tr><td class=\"nowrap\">0.9</td><td class=\"nowrap\">2025-01-01</td>"
      "<td>Draft &lt;b&gt;</td><td></td></tr>");
  size_t first = html.find(
      "<tr><td class=\"nowrap\">1.0</td><td class=\"nowrap\">2026-03-01</td>"
      "<td>First issue</td><td>CEO</td></tr>");
  REQUIRE(draft != std::string::npos);
  REQUIRE(first != std::string::npos);
  CHECK(draft < first);
  // With the table there, the heading in the text is not pointed to instead.
  CHECK(html.find("<a href=\"#s.ims-1-2.revision-history\">") == std::string::npos);
}

TEST_CASE("print: without revisions in imsdoc.yaml, a revision history heading is linked",
          "[print]") {
  std::string html =
      render(project_with_body("## Revision history\n\n| v | date |\n|---|---|\n"
                               "| 1.0 | 2026-02-01 |\n"));
  CHECK_THAT(html, Contains("<a href=\"#s.ims-1-2.revision-history\">Revision history</a> in "
                            "section <a href=\"#s.ims-1-2\">1.2 Scope</a>"));
}

TEST_CASE("print: raw HTML is escaped unless the project allows it", "[print]") {
  auto files = project_with_body("Hi <img src=x onerror=alert(1)> there.\n\n<script>x</script>\n");
  std::string html = render(files);
  CHECK_THAT(html, Contains("&lt;img src=x onerror=alert(1)&gt;"));
  CHECK_THAT(html, Contains("&lt;script&gt;x&lt;/script&gt;"));
  CHECK(html.find("<script>") == std::string::npos);
  files["imsdoc.yaml"] += "options:\n  allow_raw_html: true\n";
  CHECK_THAT(render(files), Contains("<script>x</script>"));
}

TEST_CASE("print: the same input gives the same bytes", "[print]") {
  auto files = project_with_body("See [[AI-001]].\n");
  CHECK(render(files) == render(files));
}

TEST_CASE("print: local images are embedded, remote ones keep their URL", "[print]") {
  auto files = project_with_body("![map](map.png) ![logo](https://example.invalid/l.png)\n");
  files["content/sub/map.png"] = std::string("\x89PNG\r\n", 6);
  std::string html = render(files);
  CHECK_THAT(html, Contains("<img src=\"data:image/png;base64,iVBORw0K\" alt=\"map\">"));
  CHECK_THAT(html, Contains("<img src=\"https://example.invalid/l.png\" alt=\"logo\">"));
}

TEST_CASE("print: each register entry has a detail block with every field that is not a column",
          "[print]") {
  auto files = testing::minimal_project();
  // A project's own register: the block is driven by its schema, not by register-specific code.
  files["registers/schemas/vendors.yaml"] =
      "name: vendors\ntitle: Vendors\nsingular: Vendor\nid_pattern: \"^VND-[0-9]+$\"\n"
      "title_field: name\ncolumns: [id, name]\nfields:\n"
      "  name: {type: string, required: true, label: Vendor}\n"
      "  notes: {type: text, label: Notes}\n"
      "  systems: {type: list, items: reference, to: ai-systems, label: Systems supplied}\n"
      "  critical: {type: boolean, label: Critical}\n"
      "  score: {type: integer, label: Score}\n"
      "  empty: {type: list, items: string, label: Never shown}\n";
  files["registers/vendors.yaml"] =
      "entries:\n  - id: VND-1\n    name: Acme & Co\n    notes: \"**Key** supplier.\"\n"
      "    systems: [AI-001]\n    critical: false\n    score: 7\n    empty: []\n"
      "  - id: VND-2\n    name: Plain\n";
  std::string html = render(files);
  auto block = [&](const std::string& anchor) {
    size_t at = html.find("<section class=\"entry-detail\" id=\"" + anchor + ":details\"");
    REQUIRE(at != std::string::npos);
    return html.substr(at, html.find("</section>", at) - at);
  };
  std::string vendor = block("e.vendors.vnd-1");
  CHECK_THAT(vendor, Contains("<a href=\"#e.vendors.vnd-1\">VND-1</a> Acme &amp; Co</h3>"));
  CHECK_THAT(vendor, Contains("<dt>Notes</dt><dd><p><strong>Key</strong> supplier.</p>"));
  CHECK_THAT(vendor, Contains("<dt>Systems supplied</dt><dd><ul class=\"values\"><li><a "
                              "class=\"ref\" href=\"#e.ai-systems.ai-001\">AI-001</a> <span "
                              "class=\"ref-title\">Router</span></li></ul>"));
  CHECK_THAT(vendor, Contains("<dt>Critical</dt><dd><span class=\"badge badge-no\">No</span>"));
  CHECK_THAT(vendor, Contains("<dt>Score</dt><dd>7</dd>"));
  CHECK(vendor.find("Never shown") == std::string::npos);      // an empty list has no value
  CHECK(vendor.find("<dt>Vendor</dt>") == std::string::npos);  // the title is the heading
  // Everything of VND-2 is in the table: no block.
  CHECK(html.find("id=\"e.vendors.vnd-2:details\"") == std::string::npos);

  // Built-in registers: the purpose (Markdown) of a process, and what cites it.
  std::string process = block("e.processes.prc-01");
  CHECK_THAT(process, Contains("<dt>Purpose</dt><dd><p>Take in <em>requests</em>.</p>"));
  CHECK_THAT(process, Contains("<dt>Cited by</dt><dd><ul class=\"values\"><li><a class=\"ref\" "
                               "href=\"#e.ai-systems.ai-001\">AI-001 Router</a></li>"));
  std::string system = block("e.ai-systems.ai-001");
  CHECK_THAT(system, Contains("<li><a class=\"ref\" href=\"#e.processes.prc-01\">PRC-01</a> "
                              "<span class=\"ref-title\">Intake</span></li>"));
  CHECK_THAT(system, Contains("<dt>Cited by</dt><dd><ul class=\"values\"><li><a class=\"ref\" "
                              "href=\"#e.vendors.vnd-1\">VND-1 Acme &amp; Co</a></li>"));
}

TEST_CASE("print: a draft edition says so and why; an approved one does not", "[print]") {
  auto files = testing::minimal_project();  // section 1.2 is a draft
  std::string html = render(files);
  CHECK_THAT(html, Contains("<p class=\"draft-banner\" role=\"note\"><strong "
                            "class=\"draft-mark\">DRAFT</strong> · not approved: section not "
                            "approved: 1.2 Scope (draft)</p>"));
  files["imsdoc.yaml"] += "document_control:\n  status: in-review\n";
  CHECK_THAT(render(files), Contains("not approved: manual status in-review</p>"));
  files = testing::minimal_project();
  std::string& scope = files["content/sub/1.2-scope.md"];
  scope.replace(scope.find("status: draft"), 13, "status: approved");
  html = render(files);
  CHECK(html.find("draft-banner") == std::string::npos);
  CHECK(html.find("DRAFT") == std::string::npos);
}

TEST_CASE("print: a schema's ratings are shown with the entry's details", "[print]") {
  auto files = testing::minimal_project();
  files["registers/risks.yaml"] =
      "entries:\n  - id: RSK-001\n    title: Drift\n    description: Model drift.\n"
      "    source: ai-system\n    likelihood: 3\n    impact: 4\n    treatment: mitigate\n"
      "    owner: Ops\n    residual_likelihood: 2\n    review_date: 2026-12-01\n"
      "    status: open\n";
  std::string html = render(files);
  CHECK_THAT(html, Contains("<div class=\"entry-field field-inherent_rating\"><dt>Inherent "
                            "rating</dt><dd>12 <span class=\"rating-product\">(3 × "
                            "4)</span></dd></div>"));
  // residual_impact is not set: no residual rating rather than a wrong one.
  CHECK(html.find("Residual rating") == std::string::npos);
}
