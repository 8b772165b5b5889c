#include <catch2/catch.hpp>

#include "base/file_system.h"
#include "check/findings.h"
#include "link/linker.h"
#include "load/project_loader.h"
#include "review/diff.h"
#include "review/report.h"
#include "test_project.h"

using namespace imsdoc;

namespace {

using Files = std::map<std::string, std::string>;

struct Side {
  Project project;
  Diagnostics findings;
};

void load(const Files& files, Side* side) {
  MemoryFileSystem mfs(files);
  Diagnostics diags;
  REQUIRE(load_project(mfs, diags, &side->project));
  link_project(&side->project, diags);
  for (const auto& d : diags.sorted())
    UNSCOPED_INFO(d.span.file << ":" << d.span.line << ": " << d.message);
  REQUIRE(!diags.has_errors());
  check_findings(side->project, "2026-03-01", side->findings);
}

ManualDiff diff_of(const Files& a, const Files& b) {
  Side old_side, new_side;
  load(a, &old_side);
  load(b, &new_side);
  return diff_manuals(old_side.project, old_side.findings, new_side.project, new_side.findings);
}

// Runs as "=same -deleted +inserted" for compact expectations.
std::string show(const std::vector<WordRun>& runs) {
  std::string out;
  for (const auto& r : runs) {
    out += r.kind == WordRun::Kind::kSame ? "=" : r.kind == WordRun::Kind::kDeleted ? "-" : "+";
    out += "[";
    for (const auto& w : r.words) out += w == kParagraphBreak ? "\\n" : w;
    out += "]";
  }
  return out;
}

std::string words_diff(const std::string& a, const std::string& b) {
  return show(diff_words(split_words(a), split_words(b)));
}

void replace(std::string* s, const std::string& from, const std::string& to) {
  size_t at = s->find(from);
  REQUIRE(at != std::string::npos);
  s->replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("diff: words carry their leading space, punctuation is a token", "[diff]") {
  CHECK(split_words("The scope  covers\tall sites.") ==
        std::vector<std::string>{"The", " scope", " covers", " all", " sites", "."});
  CHECK(split_words("RSK-004 (likelihood 4.3) don't") ==
        std::vector<std::string>{"RSK-004", " (", "likelihood", " 4.3", ")", " don't"});
  CHECK(split_words("  one\n\n\ntwo \n") ==
        std::vector<std::string>{"one", kParagraphBreak, "two"});
  CHECK(split_words("Größe-Ü") == std::vector<std::string>{"Größe-Ü"});
  CHECK(split_words("").empty());
  CHECK(split_words(" \n ").empty());
}

TEST_CASE("diff: word-level runs, deletion before insertion", "[diff]") {
  CHECK(words_diff("a b c", "a b c") == "=[a b c]");
  CHECK(words_diff("The scope covers all sites.", "The scope covers all sites and depots.") ==
        "=[The scope covers all sites]+[ and depots]=[.]");
  CHECK(words_diff("likelihood 4", "likelihood 2") == "=[likelihood]-[ 4]+[ 2]");
  CHECK(words_diff("", "new text") == "+[new text]");
  CHECK(words_diff("old text", "") == "-[old text]");
  // Interleaved edits inside one changed stretch read as one replacement.
  CHECK(words_diff("x a y b z", "x c y d z") == "=[x]-[ a]+[ c]=[ y]-[ b]+[ d]=[ z]");
  // A rewritten sentence: the incidental "of" is folded into one replacement.
  CHECK(words_diff("the first part of the old text ends",
                   "a new beginning of a whole rewrite ends") ==
        "-[the first part of the old text]+[a new beginning of a whole rewrite]=[ ends]");
  // Pure insertions keep the context between them.
  CHECK(words_diff("a b", "a x y z b w v u") == "=[a]+[ x y z]=[ b]+[ w v u]");
  CHECK(words_diff("one\ntwo", "one\nthree\ntwo") == "=[one\\n]+[three\\n]=[two]");
}

TEST_CASE("diff: texts are compared paragraph by paragraph, then word by word", "[diff]") {
  CHECK(show(diff_text("alpha beta\ngamma delta", "alpha beta\nnew paragraph\ngamma delta")) ==
        "=[alpha beta\\n]+[new paragraph\\n]=[gamma delta]");
  CHECK(show(diff_text("one two three\nfour", "one 2 three\nfour")) ==
        "=[one]-[ two]+[ 2]=[ three\\nfour]");
  // 3000 paragraphs: far too many word pairs for one table, but one changed paragraph is
  // still found as the only change.
  std::string a, b;
  for (int i = 0; i < 3000; ++i) {
    std::string p = "paragraph " + std::to_string(i) + " has some words";
    if (i > 0) {
      a += '\n';
      b += '\n';
    }
    a += p;
    b += i == 1500 ? "paragraph 1500 has other words" : p;
  }
  auto runs = diff_text(a, b);
  REQUIRE(runs.size() == 4);
  CHECK(show({runs[1], runs[2]}) == "-[ some]+[ other]");
}

TEST_CASE("diff: joined runs give back both texts", "[diff]") {
  std::string a =
      "Top management shall establish, implement and maintain an AI policy.\nIt is "
      "reviewed yearly.";
  std::string b =
      "Top management establishes and maintains the AI policy (P-120).\nIt is "
      "reviewed every year by the board.";
  std::string old_text, new_text;
  for (const auto& r : diff_words(split_words(a), split_words(b))) {
    for (const auto& w : r.words) {
      if (r.kind != WordRun::Kind::kInserted) old_text += w;
      if (r.kind != WordRun::Kind::kDeleted) new_text += w;
    }
  }
  CHECK(old_text == a);
  CHECK(new_text == b);
}

TEST_CASE("diff: very large changed middles fall back to one replacement", "[diff]") {
  std::vector<std::string> a, b;
  for (int i = 0; i < 5000; ++i) {
    a.push_back(" a" + std::to_string(i));
    b.push_back(" b" + std::to_string(i));
  }
  auto runs = diff_words(a, b);
  REQUIRE(runs.size() == 2);
  CHECK(runs[0].words.size() == 5000);
  CHECK(runs[1].kind == WordRun::Kind::kInserted);
}

TEST_CASE("diff: markdown_escape neutralises markup", "[diff]") {
  CHECK(markdown_escape("a*b_c [x](y) <b> | ~~ & `c`") ==
        "a\\*b\\_c \\[x\\](y) \\<b\\> \\| \\~\\~ \\& \\`c\\`");
  CHECK(markdown_escape("line\nbreak") == "line break");
  CHECK(markdown_escape("RSK-004 (1-5): 4.3") == "RSK-004 (1-5): 4.3");
}

TEST_CASE("diff: sections matched by id across a renamed file", "[diff]") {
  Files a = testing::minimal_project(), b = a;
  b.erase("content/sub/1.2-scope.md");
  std::string scope = a["content/sub/1.2-scope.md"];
  replace(&scope, "Scope text.", "Scope text for every site.");
  replace(&scope, "status: draft", "status: approved");
  b["content/1.2-scope.md"] = scope;
  replace(&b["content/1-intro.md"], "sub/1.2-scope.md#x", "1.2-scope.md#x");
  ManualDiff d = diff_of(a, b);
  // The intro's link target moved, but it reads the same: no change is reported for it.
  REQUIRE(d.sections.size() == 1);
  const SectionChange& s = d.sections[0];
  CHECK(s.kind == ChangeKind::kChanged);
  CHECK(s.id == "IMS-1.2");
  REQUIRE(s.fields.size() == 2);
  CHECK(s.fields[0].label == "Status");
  CHECK(s.fields[0].old_value == "draft");
  CHECK(s.fields[0].new_value == "approved");
  CHECK(s.fields[1].field == "path");
  CHECK(s.fields[1].new_value == "content/1.2-scope.md");
  CHECK(show(s.text_diff) == "=[Scope text]+[ for every site]=[.]");
  CHECK(s.version_unchanged);
  CHECK(render_diff_markdown(d).find("  - Version: still 1.0 although the text changed\n") !=
        std::string::npos);
}

TEST_CASE("diff: text from the manual is escaped in the Markdown report", "[diff]") {
  Files a = testing::minimal_project(), b = a;
  replace(&b["content/sub/1.2-scope.md"], "title: Scope", "title: \"Scope <b>*all*</b> | ~~x~~\"");
  ManualDiff d = diff_of(a, b);
  std::string md = render_diff_markdown(d);
  CHECK(md.find("- **Changed** 1.2 Scope \\<b\\>\\*all\\*\\</b\\> \\| \\~\\~x\\~\\~ (`IMS-1.2`)\n"
                "  - Title: Scope → Scope \\<b\\>") != std::string::npos);
  CHECK(md.find("<b>") == std::string::npos);
}

TEST_CASE("diff: identical projects have no changes", "[diff]") {
  Files a = testing::minimal_project();
  ManualDiff d = diff_of(a, a);
  CHECK(d.empty());
  d.old_side.label = "main";
  d.new_side.label = "HEAD";
  d.as_of = "2026-03-01";
  CHECK(render_diff_markdown(d) ==
        "<!-- imsdoc-diff -->\n## Manual changes: main → HEAD\n\n**T-1** Test Manual, version "
        "1.0. Findings as of 2026-03-01.\n\nNo changes to sections, register entries, coverage "
        "or findings.\n");
}

TEST_CASE("diff: register entries field by field with schema labels", "[diff]") {
  Files a = testing::minimal_project(), b = a;
  b["registers/ai-systems.yaml"] =
      "entries:\n  - id: AI-001\n    name: Router\n    purpose: Routes.\n    owner: Ops\n"
      "    origin: internal\n    lifecycle_stage: monitor\n    risk_level: high\n"
      "    status: active\n    processes: [PRC-02, PRC-01]\n";
  b["registers/processes.yaml"] +=
      "  - id: PRC-02\n    name: Release\n    purpose: Gate.\n"
      "    owner: AI Lead\n    area: operation\n";
  ManualDiff d = diff_of(a, b);
  REQUIRE(d.entries.size() == 2);
  const EntryChange& ai = d.entries[0];
  CHECK(ai.register_name == "ai-systems");
  CHECK(ai.id == "AI-001");
  CHECK(ai.title == "Router");
  REQUIRE(ai.fields.size() == 3);
  CHECK(ai.fields[0].field == "lifecycle_stage");
  CHECK(ai.fields[0].old_value == "deploy");
  CHECK(ai.fields[0].new_value == "monitor");
  CHECK_FALSE(ai.fields[0].list);
  CHECK(ai.fields[1].field == "risk_level");
  CHECK(ai.fields[2].field == "processes");
  CHECK(ai.fields[2].list);
  CHECK(ai.fields[2].old_value == "PRC-01");
  CHECK(ai.fields[2].new_value == "PRC-02, PRC-01");
  CHECK(ai.fields[2].added == std::vector<std::string>{"PRC-02"});
  CHECK(ai.fields[2].removed.empty());
  CHECK(d.entries[1].kind == ChangeKind::kAdded);
  CHECK(d.entries[1].id == "PRC-02");
  d.old_side.label = "a";
  d.new_side.label = "b";
  std::string md = render_diff_markdown(d);
  CHECK(md.find("- **Changed** AI-001 Router\n  - Lifecycle stage: deploy → monitor\n") !=
        std::string::npos);
  CHECK(md.find("- **Added** PRC-02 Release\n") != std::string::npos);
  CHECK(md.find("  - Processes: added PRC-02\n") != std::string::npos);
}

TEST_CASE("diff: coverage lost and gained per standard", "[diff]") {
  Files a = testing::minimal_project(), b = a;
  replace(&b["content/sub/1.2-scope.md"], "clauses: [\"42001:4.3\"]", "clauses: [\"42001:4.1\"]");
  ManualDiff d = diff_of(a, b);
  REQUIRE(d.coverage.size() == 1);
  const StandardChange& s = d.coverage[0];
  CHECK(s.short_name == "42001");
  REQUIRE(s.changes.size() == 2);
  CHECK(s.changes[0].ref == "42001:4.1");
  CHECK(s.newly_covered(s.changes[0]));
  CHECK(s.changes[1].ref == "42001:4.3");
  CHECK(s.lost(s.changes[1]));
  CHECK(s.old_clauses_covered == s.new_clauses_covered);
}

TEST_CASE("diff: the redline shows headings as headings", "[diff]") {
  Files a = testing::minimal_project(), b = a;
  a["content/1-intro.md"] += "\n## Old heading\n\nText two.\n";
  b["content/1-intro.md"] += "\nText two.\n";
  replace(&b["content/1-intro.md"], "## Purpose", "## Purpose and scope");
  ManualDiff d = diff_of(a, b);
  REQUIRE(d.sections.size() == 1);
  CHECK(d.sections[0].old_levels == std::vector<int>{2, 0, 2, 0});
  CHECK(d.sections[0].new_levels == std::vector<int>{2, 0, 0});
  const std::string page = render_diff_html(d, "imsdoc test").at("sections/ims-1.html");
  INFO(page);
  CHECK(page.find("<div class=\"redline\">\n<h3>Purpose <ins>and scope</ins></h3>\n<p>See "
                  "scope.</p>\n<h3><del>Old heading</del></h3>\n<p>Text two.</p>\n</div>") !=
        std::string::npos);
}

TEST_CASE("diff: redline HTML escapes everything and keeps tags balanced", "[diff]") {
  Files a = testing::minimal_project(), b = a;
  replace(&b["content/sub/1.2-scope.md"], "Scope text.",
          "Scope `<script>alert(1)</script>` text & more.\n\nA new paragraph.");
  ManualDiff d = diff_of(a, b);
  auto files = render_diff_html(d, "imsdoc test");
  REQUIRE(files.count("index.html"));
  REQUIRE(files.count("redline.css"));
  CHECK_FALSE(files["redline.css"].empty());
  const std::string& page = files.at("sections/ims-1-2.html");
  INFO(page);
  CHECK(page.find("<script") == std::string::npos);
  CHECK(page.find("<p>Scope <ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins> text <ins>&amp; "
                  "more.</ins></p>\n<p><ins>A new paragraph</ins>.</p>") != std::string::npos);
  CHECK(files.at("index.html").find("href=\"sections/ims-1-2.html\"") != std::string::npos);
}
