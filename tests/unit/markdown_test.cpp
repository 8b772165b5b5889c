#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "load/markdown.h"

using namespace imsdoc;
using doc::BlockKind;
using doc::InlineKind;

namespace {
doc::Document parse(const std::string& md, Diagnostics* diags = nullptr) {
  Diagnostics local;
  return parse_markdown(md, {"content/x.md", 5, 0}, diags ? *diags : local);
}
}  // namespace

TEST_CASE("markdown: headings, lists and source lines with offset", "[markdown]") {
  auto d = parse("## Scope\n\n- one\n- two\n");
  REQUIRE(d.blocks.size() == 2);
  CHECK(d.blocks[0].kind == BlockKind::kHeading);
  CHECK(d.blocks[0].level == 2);
  CHECK(d.blocks[0].line == 6);
  CHECK(d.blocks[1].kind == BlockKind::kBulletList);
  CHECK(d.blocks[1].children.size() == 2);
  CHECK(d.blocks[1].tight);
}

TEST_CASE("markdown: GFM tables with alignment", "[markdown]") {
  auto d = parse("| a | b |\n|:--|--:|\n| 1 | 2 |\n| 3 |\n");
  REQUIRE(d.blocks.size() == 1);
  const auto& t = d.blocks[0];
  REQUIRE(t.kind == BlockKind::kTable);
  CHECK(t.aligns() == std::vector<doc::Align>{doc::Align::kLeft, doc::Align::kRight});
  REQUIRE(t.rows().size() == 3);
  CHECK(doc::plain_text(t.rows()[0][1]) == "b");
  CHECK(t.rows()[2].size() == 2);  // short row padded
}

TEST_CASE("markdown: task lists, strikethrough, autolinks, footnotes", "[markdown]") {
  auto d =
      parse("- [x] done\n- [ ] open\n\n~~old~~ www.example.com and a note[^n]\n\n[^n]: A note.\n");
  REQUIRE(d.blocks.size() >= 3);
  CHECK(d.blocks[0].children[0].task == 2);
  CHECK(d.blocks[0].children[1].task == 1);
  const auto& para = d.blocks[1].inlines;
  CHECK(para[0].kind == InlineKind::kStrikethrough);
  bool autolink = false, footnote = false;
  for (const auto& in : para) {
    autolink = autolink || (in.kind == InlineKind::kLink && in.url() == "http://www.example.com");
    footnote = footnote || (in.kind == InlineKind::kFootnoteRef && in.text == "1");
  }
  CHECK(autolink);
  CHECK(footnote);
  CHECK(d.blocks.back().kind == BlockKind::kFootnoteDef);
  CHECK(d.blocks.back().info() == "1");
}

TEST_CASE("markdown: raw HTML is kept as raw nodes for the renderer to escape", "[markdown]") {
  auto d = parse("<script>alert(1)</script>\n\nx <b>y</b>\n");
  CHECK(d.blocks[0].kind == BlockKind::kRawHtml);
  CHECK(d.blocks[0].text() == "<script>alert(1)</script>\n");
  CHECK(d.blocks[1].inlines[1].kind == InlineKind::kRawHtml);
}

TEST_CASE("markdown: unsafe URLs are removed with a warning", "[markdown]") {
  Diagnostics diags;
  auto d = parse("[x](javascript:alert(1)) [y](https://example.com)\n", &diags);
  CHECK(d.blocks[0].inlines[0].url().empty());
  CHECK(d.blocks[0].inlines[2].url() == "https://example.com");
  REQUIRE(diags.warning_count() == 1);
  auto w = diags.sorted()[0];
  CHECK(w.span.line == 6);
  CHECK(w.message == "unsafe URL scheme in link 'javascript:alert(1)' removed");
}

TEST_CASE("is_safe_url", "[markdown]") {
  CHECK(is_safe_url("../x.md#a", false));
  CHECK(is_safe_url("https://a.b/c", false));
  CHECK(is_safe_url("mailto:q@example.com", false));
  CHECK_FALSE(is_safe_url("JavaScript:alert(1)", false));
  CHECK_FALSE(is_safe_url("java\tscript:alert(1)", false));
  CHECK_FALSE(is_safe_url("vbscript:x", false));
  CHECK_FALSE(is_safe_url("data:text/html,<script>", true));
  CHECK(is_safe_url("data:image/png;base64,AAAA", true));
  CHECK_FALSE(is_safe_url("data:image/png;base64,AAAA", false));
  CHECK(is_safe_url("a/b:c", false));  // ':' after '/' is not a scheme
}

namespace {
// Counts the inlines of `kind` in blocks and their children.
size_t count_inlines(const std::vector<doc::Inline>& inlines, InlineKind kind) {
  size_t n = 0;
  for (const auto& in : inlines) n += (in.kind == kind) + count_inlines(in.children, kind);
  return n;
}
size_t count_inlines(const std::vector<doc::Block>& blocks, InlineKind kind) {
  size_t n = 0;
  for (const auto& b : blocks)
    n += count_inlines(b.inlines, kind) + count_inlines(b.children, kind);
  return n;
}
}  // namespace

// cmark-gfm keeps the extensions' special characters (~ of strikethrough, : and w of autolink)
// in a table shared by all parsers and clears it when a parser finishes: documents parsed on
// several threads (as the loader does) lost strikethrough and autolinks at random.
TEST_CASE("markdown: parsing on several threads gives the same document", "[markdown]") {
  std::string md;
  for (int i = 0; i < 200; ++i)
    md += "A ~~withdrawn~~ rule, see www.example.com/" + std::to_string(i) + ".\n\n";
  auto one = parse(md).blocks;
  const size_t strike = count_inlines(one, InlineKind::kStrikethrough);
  const size_t links = count_inlines(one, InlineKind::kLink);
  REQUIRE(strike == 200);
  REQUIRE(links == 200);
  std::atomic<int> different{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 60; ++i) {
        auto blocks = parse(md).blocks;
        if (count_inlines(blocks, InlineKind::kStrikethrough) != strike ||
            count_inlines(blocks, InlineKind::kLink) != links) {
          ++different;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  CHECK(different == 0);
}
