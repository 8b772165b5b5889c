#include <catch2/catch.hpp>

#include "load/markdown.h"
#include "render/escape.h"
#include "render/html.h"

using namespace imsdoc;

namespace {
std::string html(const std::string& md, bool raw = false,
                 std::vector<Heading>* headings = nullptr) {
  Diagnostics diags;
  HtmlOptions o;
  o.allow_raw_html = raw;
  return render_html(parse_markdown(md, {"x.md", 0, 0}, diags), o, headings);
}
}  // namespace

TEST_CASE("html_escape escapes all five characters", "[html]") {
  CHECK(html_escape("<a href=\"x\">'&'</a>") ==
        "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
}

TEST_CASE("html: paragraphs and emphasis", "[html]") {
  CHECK(html("Hello *world* and **all** `x<y`\n") ==
        "<p>Hello <em>world</em> and <strong>all</strong> <code>x&lt;y</code></p>\n");
}

TEST_CASE("html: headings get unique ids and are collected for the TOC", "[html]") {
  std::vector<Heading> headings;
  std::string out = html("## Scope\n\n## Scope\n\n### Sub & more\n", false, &headings);
  REQUIRE(headings.size() == 3);
  CHECK(headings[0].id == "scope");
  CHECK(headings[1].id == "scope-1");
  CHECK(headings[2].id == "sub-more");
  CHECK(headings[2].text == "Sub & more");
  CHECK(out.find("<h3 id=\"sub-more\">Sub &amp; more <a class=\"anchor\" href=\"#sub-more\"") !=
        std::string::npos);
}

TEST_CASE("html: raw HTML is escaped unless allowed", "[html]") {
  CHECK(html("<script>alert(1)</script>\n") ==
        "<p class=\"raw-html\">&lt;script&gt;alert(1)&lt;/script&gt;\n</p>\n");
  CHECK(html("a <img src=x onerror=alert(1)> b\n") ==
        "<p>a &lt;img src=x onerror=alert(1)&gt; b</p>\n");
  CHECK(html("<div>ok</div>\n", true) == "<div>ok</div>\n");
}

TEST_CASE("html: links, titles and removed unsafe links", "[html]") {
  CHECK(html("[a](https://x.org/?q=1&r=2 \"T\")\n") ==
        "<p><a href=\"https://x.org/?q=1&amp;r=2\" title=\"T\">a</a></p>\n");
  CHECK(html("[a](javascript:alert(1))\n") == "<p>a</p>\n");
}

TEST_CASE("html: tables, task lists, strikethrough", "[html]") {
  CHECK(html("| a | b |\n|---|:-:|\n| 1 | 2 |\n") ==
        "<div class=\"table-wrap\"><table>\n<thead>\n<tr><th>a</th><th class=\"align-center\">b"
        "</th></tr>\n</thead>\n<tbody>\n<tr><td>1</td><td class=\"align-center\">2</td></tr>\n"
        "</tbody>\n</table></div>\n");
  CHECK(html("- [x] done\n- [ ] open\n") ==
        "<ul class=\"task-list\">\n<li class=\"task\"><input type=\"checkbox\" disabled checked> "
        "done</li>\n<li class=\"task\"><input type=\"checkbox\" disabled> open</li>\n</ul>\n");
  CHECK(html("~~gone~~\n") == "<p><del>gone</del></p>\n");
}

TEST_CASE("html: footnotes are numbered by first reference", "[html]") {
  std::string out = html("A[^b] B[^a] C[^b]\n\n[^a]: Note a.\n[^b]: Note b.\n");
  CHECK(out ==
        "<p>A<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1\">1</a></sup> "
        "B<sup class=\"footnote-ref\"><a href=\"#fn-2\" id=\"fnref-2\">2</a></sup> "
        "C<sup class=\"footnote-ref\"><a href=\"#fn-1\" id=\"fnref-1-2\">1</a></sup></p>\n"
        "<section class=\"footnotes\" aria-label=\"Footnotes\">\n<ol>\n"
        "<li id=\"fn-1\">\n<p>Note b.</p>\n<a class=\"footnote-back\" href=\"#fnref-1\" "
        "aria-label=\"Back to reference\">↩</a>\n</li>\n"
        "<li id=\"fn-2\">\n<p>Note a.</p>\n<a class=\"footnote-back\" href=\"#fnref-2\" "
        "aria-label=\"Back to reference\">↩</a>\n</li>\n</ol>\n</section>\n");
}

TEST_CASE("html: ordered lists keep their start and loose lists get paragraphs", "[html]") {
  CHECK(html("3. c\n4. d\n") == "<ol start=\"3\">\n<li>c</li>\n<li>d</li>\n</ol>\n");
  CHECK(html("- a\n\n- b\n") == "<ul>\n<li><p>a</p>\n</li>\n<li><p>b</p>\n</li>\n</ul>\n");
}

TEST_CASE("html: footnotes at the reference, for paged media", "[html]") {
  Diagnostics diags;
  HtmlOptions o;
  o.footnotes_at_reference = true;
  o.footnote_offset = 4;
  o.id_prefix = "s.";
  std::string out = render_html(
      parse_markdown("A[^x] B[^y] C[^x]\n\n[^y]: Note *b*.\n\n[^x]: Note a.\n\n    code\n",
                     {"x.md", 0, 0}, diags),
      o);
  CHECK(out ==
        "<p>A<span class=\"footnote\" id=\"s.fn-1\">Note a.<br>code</span> "
        "B<span class=\"footnote\" id=\"s.fn-2\">Note <em>b</em>.</span> "
        "C<sup class=\"footnote-ref\"><a href=\"#s.fn-1\" id=\"s.fnref-1-2\">5</a></sup></p>\n");
}
