// The import module: clause detection, the XML reader, DOCX to Markdown, Markdown folders,
// comply standards, and the projects init plans (checked in memory).
#include <catch2/catch.hpp>

#include "base/file_system.h"
#include "bundle/zip.h"
#include "import/clause_detection.h"
#include "import/comply.h"
#include "import/docx_reader.h"
#include "import/extend.h"
#include "import/gap_report.h"
#include "import/markdown_folder.h"
#include "import/markdown_text.h"
#include "import/scaffold.h"
#include "import/xml.h"
#include "load/catalogs.h"

using namespace imsdoc;

namespace {

Catalogs builtin_catalogs() {
  MemoryFileSystem none;
  Diagnostics diags;
  Catalogs c;
  load_catalogs(none, diags, &c);
  return c;
}

std::vector<std::string> detect(const std::string& heading, const std::string& text,
                                bool heading_number = true,
                                std::set<std::string> document = {"9001", "27001"}) {
  static const Catalogs catalogs = builtin_catalogs();
  ClauseDetection d;
  d.catalogs = &catalogs;
  d.scope = {"9001", "27001", "42001"};
  d.document_standards = std::move(document);
  return detect_clauses(heading, text, heading_number, d);
}

using Refs = std::vector<std::string>;

// A minimal Word package: document.xml with `body`, plus styles and numbering.
std::string docx_with(const std::string& body) {
  const std::string w =
      "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
      "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";
  std::vector<ZipEntry> entries = {
      {"[Content_Types].xml", "<?xml version=\"1.0\"?><Types/>"},
      {"word/document.xml",
       "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document " + w +
           "><w:body>" + body + "<w:sectPr/></w:body></w:document>"},
      {"word/styles.xml",
       "<w:styles " + w +
           ">"
           "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/></w:style>"
           "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/>"
           "</w:style>"
           "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/>"
           "</w:style>"
           "<w:style w:type=\"paragraph\" w:styleId=\"Kapitel\"><w:name w:val=\"Kapitel\"/>"
           "<w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style>"
           "<w:style w:type=\"paragraph\" w:styleId=\"TOC1\"><w:name w:val=\"toc 1\"/></w:style>"
           "<w:style w:type=\"paragraph\" w:styleId=\"SourceCode\"><w:name w:val=\"Source "
           "Code\"/></w:style>"
           "<w:style w:type=\"paragraph\" w:styleId=\"Quote\"><w:name w:val=\"Quote\"/>"
           "</w:style>"
           "<w:style w:type=\"character\" w:styleId=\"Strong\"><w:name w:val=\"Strong\"/>"
           "<w:rPr><w:b/></w:rPr></w:style>"
           "</w:styles>"},
      {"word/numbering.xml",
       "<w:numbering " + w +
           "><w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"bullet\"/>"
           "</w:lvl><w:lvl w:ilvl=\"1\"><w:numFmt w:val=\"bullet\"/></w:lvl></w:abstractNum>"
           "<w:abstractNum w:abstractNumId=\"1\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"decimal\"/>"
           "</w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
           "<w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/></w:num></w:numbering>"},
      {"word/_rels/document.xml.rels",
       "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
       "<Relationship Id=\"rId9\" Type=\"hyperlink\" Target=\"https://example.com/a b\" "
       "TargetMode=\"External\"/></Relationships>"},
  };
  std::string bytes, error;
  REQUIRE(write_zip(entries, 946684800, &bytes, &error));
  return bytes;
}

std::string p(const std::string& style, const std::string& runs) {
  return "<w:p>" + (style.empty() ? "" : "<w:pPr><w:pStyle w:val=\"" + style + "\"/></w:pPr>") +
         runs + "</w:p>";
}
std::string r(const std::string& text, const std::string& props = "") {
  return "<w:r>" + (props.empty() ? "" : "<w:rPr>" + props + "</w:rPr>") +
         "<w:t xml:space=\"preserve\">" + text + "</w:t></w:r>";
}
std::string item(const std::string& num, int level, const std::string& text) {
  return "<w:p><w:pPr><w:numPr><w:ilvl w:val=\"" + std::to_string(level) + "\"/><w:numId w:val=\"" +
         num + "\"/></w:numPr></w:pPr>" + r(text) + "</w:p>";
}

}  // namespace

TEST_CASE("clause detection: qualified mentions", "[import]") {
  CHECK(detect("", "As ISO 9001 8.5 requires") == Refs{"9001:8.5"});
  CHECK(detect("", "see 42001:6.1.2 and ISO/IEC 27001:2022 clause 6.1.3.") ==
        Refs{"27001:6.1.3", "42001:6.1.2"});
  CHECK(detect("", "27001 A.5.1 applies") == Refs{"27001:A.5.1"});
  // A year alone is no clause; neither is a number that is not in the catalog.
  CHECK(detect("", "certified to ISO 9001:2015 since 2019").empty());
  CHECK(detect("", "ISO 9001 4 sites").empty());
  CHECK(detect("", "ISO 9001 8.9").empty());
}

TEST_CASE("clause detection: bare mentions belong to the standards named nearby", "[import]") {
  // The text names no standard: the document's standards (both have 6.1.2).
  CHECK(detect("", "as clause 6.1.2 requires") == Refs{"9001:6.1.2", "27001:6.1.2"});
  // The text names 27001: only 27001.
  CHECK(detect("", "ISO/IEC 27001 wants risk assessment (clause 6.1.2)") == Refs{"27001:6.1.2"});
  // Annex A controls exist only in 27001 among the document's standards.
  CHECK(detect("", "access follows A.5.15 and A.8.5.") == Refs{"27001:A.5.15", "27001:A.8.5"});
  CHECK(detect("", "A.5 alone is a group, not a control").empty());
  // A whole chapter is never claimed by a bare number.
  CHECK(detect("8 Operation", "see clause 8").empty());
}

TEST_CASE("clause detection: heading numbers", "[import]") {
  CHECK(detect("4.1 Understanding the organization", "") == Refs{"9001:4.1", "27001:4.1"});
  CHECK(detect("4.1 Understanding the organization", "", false).empty());
  CHECK(detect("4.1.9 Nothing", "").empty());
  CHECK(detect("12.3 Appendix", "").empty());
  CHECK(detect("7.1.5.1 General", "", true, {"9001"}) == Refs{"9001:7.1.5.1"});
}

TEST_CASE("standards mentioned and sorting of references", "[import]") {
  CHECK(standards_mentioned("ISO 9001:2015 and ISO/IEC 27001, not 190011") ==
        std::set<std::string>{"9001", "27001"});
  const Catalogs catalogs = builtin_catalogs();
  CHECK(sort_clause_refs({"42001:8.1", "9001:10.2", "9001:4.1", "27001:A.5.1", "9001:4.1", "X:1"},
                         catalogs) ==
        Refs{"9001:4.1", "9001:10.2", "27001:A.5.1", "42001:8.1", "X:1"});
}

TEST_CASE("xml: elements, attributes, entities, errors", "[import]") {
  std::string error;
  auto root = parse_xml(
      "<?xml version=\"1.0\"?><!-- c --><a x=\"1 &amp; 2\"><b>t&lt;&#233;&#x20AC;</b>"
      "<![CDATA[<raw>]]><c/></a>",
      &error);
  REQUIRE(root);
  CHECK(root->name == "a");
  CHECK(*root->attribute("x") == "1 & 2");
  CHECK(root->child("b")->all_text() == "t<\xC3\xA9\xE2\x82\xAC");
  CHECK(root->all_text() == "t<\xC3\xA9\xE2\x82\xAC<raw>");
  CHECK(root->child("c") != nullptr);
  CHECK(parse_xml("<a>\n<b></a>", &error) == nullptr);
  CHECK(error == "line 2: </a> closes <b>");
  CHECK(parse_xml("<!DOCTYPE a [<!ENTITY x \"y\">]><a/>", &error) == nullptr);
  CHECK(error == "line 1: a DOCTYPE is not allowed");
  CHECK(parse_xml("<a>&nbsp;</a>", &error) == nullptr);
  CHECK(error == "line 1: unknown entity &nbsp;");
  CHECK(parse_xml("<a></a><b/>", &error) == nullptr);
  CHECK(error == "line 1: content after the root element");
}

TEST_CASE("markdown text: escaping and emphasis", "[import]") {
  CHECK(escape_markdown("a*b_c [x] <y> `z`", false) == "a\\*b\\_c \\[x\\] \\<y> \\`z\\`");
  CHECK(escape_markdown("1. not a list", true) == "1\\. not a list");
  CHECK(escape_markdown("# not a heading", true) == "\\# not a heading");
  CHECK(escape_markdown("a | b", false, true) == "a \\| b");
  CHECK(emphasize(" bold ", true, false) == " **bold** ");
  CHECK(emphasize("both", true, true) == "***both***");
  CHECK(yaml_quote("say \"hi\"\\") == "\"say \\\"hi\\\"\\\\\"");
}

TEST_CASE("docx: headings become sections, runs and lists become Markdown", "[import]") {
  std::string body =
      p("Title", r("Old Manual")) + p("TOC1", r("4 Context 3")) + p("", r("Before any heading.")) +
      p("Heading1", r("4 Context of the organization")) +
      p("", r("We move ") + r("cold", "<w:b/>") + r(" and ") + r("dry", "<w:i/>") + r(" goods ") +
                "<w:r><w:rPr><w:rStyle w:val=\"Strong\"/></w:rPr><w:t>fast</w:t></w:r>" +
                "<w:hyperlink r:id=\"rId9\">" + r("here") + "</w:hyperlink>" + r(" *now*.")) +
      p("Heading2", r("4.1 Issues")) + item("1", 0, "fuel") + item("1", 1, "diesel") +
      item("1", 0, "drivers") + p("", r("Then:")) + item("2", 0, "plan") + item("2", 0, "do") +
      p("Kapitel", r("Operation")) + "<w:p><w:r><w:drawing/></w:r></w:p>";
  ImportedManual m;
  std::string error;
  REQUIRE(read_docx(docx_with(body), "old.docx", &m, &error));
  CHECK(m.title == "Old Manual");
  REQUIRE(m.sections.size() == 4);
  CHECK(m.sections[0].title == "Preface");
  CHECK(m.sections[0].body == "Before any heading.\n");
  CHECK(m.sections[1].number == "4");
  CHECK(m.sections[1].title == "Context of the organization");
  CHECK(m.sections[1].level == 1);
  CHECK(m.sections[1].body ==
        "We move **cold** and *dry* goods **fast**[here](https://example.com/a%20b) \\*now\\*.\n");
  CHECK(m.sections[2].number == "4.1");
  CHECK(m.sections[2].level == 2);
  CHECK(m.sections[2].body == "- fuel\n    - diesel\n- drivers\n\nThen:\n\n1. plan\n1. do\n");
  // A custom style with an outline level is a heading.
  CHECK(m.sections[3].title == "Operation");
  CHECK(m.sections[3].level == 1);
  CHECK(m.sections[3].number.empty());
  CHECK(m.notes == std::vector<std::string>{
                       "1 image was not imported (save them into the project and link them from "
                       "the sections)"});
}

TEST_CASE("docx: tables become pipe tables, the TOC field is skipped", "[import]") {
  auto cell = [](const std::string& t) { return "<w:tc>" + p("", r(t)) + "</w:tc>"; };
  std::string body =
      p("Heading1", r("Parties")) +
      "<w:p><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> TOC \\o "
      "</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>" +
      r("Parties 1") + "</w:p>" + p("", r("Still the TOC")) +
      "<w:p><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>" + "<w:tbl><w:tr>" + cell("Party") +
      cell("Needs") + "</w:tr><w:tr>" + cell("Customers") + cell("fast | cold") +
      "</w:tr><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>" + p("", r("merged")) +
      "</w:tc></w:tr></w:tbl>";
  ImportedManual m;
  std::string error;
  REQUIRE(read_docx(docx_with(body), "t.docx", &m, &error));
  REQUIRE(m.sections.size() == 1);
  CHECK(m.sections[0].body ==
        "| Party | Needs |\n|---|---|\n| Customers | fast \\| cold |\n| merged |  |\n");
}

TEST_CASE("docx: internal links to a section's heading", "[import]") {
  auto link = [](const std::string& anchor, const std::string& text) {
    return "<w:hyperlink w:anchor=\"" + anchor + "\">" + r(text) + "</w:hyperlink>";
  };
  std::string body =
      p("Heading1", r("Intro")) +
      p("", r("See ") + link("_Toc2", "the scope") + r(", ") + link("_Ref9", "a risk") + r(".")) +
      "<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:bookmarkStart w:id=\"1\" "
      "w:name=\"_Toc2\"/>" +
      r("Scope") + "<w:bookmarkEnd w:id=\"1\"/></w:p>";
  ImportedManual m;
  std::string error;
  REQUIRE(read_docx(docx_with(body), "l.docx", &m, &error));
  REQUIRE(m.sections.size() == 2);
  // The scope section is the second one (index 1); the risk's bookmark is no section's.
  CHECK(m.sections[0].body == "See [the scope](imsdoc-section:1), a risk.\n");
  ExtendRequest request{"", "", "2026-05-01", "l.docx", "l.docx"};
  Diagnostics diags;
  ExtendPlan plan;
  REQUIRE(plan_extend(m, request, builtin_catalogs(), diags, &plan));
  CHECK(plan.files.at("content/01-intro/1-intro.md").find("See [[IMS-2\\|the scope]], a risk.") !=
        std::string::npos);
}

TEST_CASE("docx: HYPERLINK fields", "[import]") {
  auto field = [](const std::string& instr, const std::string& text) {
    return "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>" + instr +
           "</w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>" + r(text) +
           "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";
  };
  std::string body =
      p("Heading1", r("Links")) + p("", field(" HYPERLINK \"https://example.org/x\" ", "site") +
                                            r(" and ") + field("PAGE", "7"));
  ImportedManual m;
  std::string error;
  REQUIRE(read_docx(docx_with(body), "f.docx", &m, &error));
  REQUIRE(m.sections.size() == 1);
  CHECK(m.sections[0].body == "[site](https://example.org/x) and 7\n");
}

TEST_CASE("docx: code and quotation styles", "[import]") {
  std::string body = p("Heading1", r("Tools")) + p("SourceCode", r("run `x`  --all")) +
                     p("SourceCode", r("done")) + p("Quote", r("Quoted *text*"));
  ImportedManual m;
  std::string error;
  REQUIRE(read_docx(docx_with(body), "c.docx", &m, &error));
  REQUIRE(m.sections.size() == 1);
  CHECK(m.sections[0].body == "```\nrun `x`  --all\ndone\n```\n\n> Quoted \\*text\\*\n");
}

TEST_CASE("docx: a table of contents in a content control is skipped", "[import]") {
  std::string body =
      "<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val=\"Table of Contents\"/>"
      "</w:docPartObj></w:sdtPr><w:sdtContent>" +
      p("TOC1", r("1 Scope 3")) + p("", r("Contents note")) + "</w:sdtContent></w:sdt>" +
      "<w:sdt><w:sdtContent>" + p("Heading1", r("Scope")) + "</w:sdtContent></w:sdt>" +
      p("", r("All sites.")) + "<w:p><w:del><w:r><w:delText>gone</w:delText></w:r></w:del><w:ins>" +
      r("new") + "</w:ins></w:p>";
  ImportedManual m;
  std::string error;
  REQUIRE(read_docx(docx_with(body), "s.docx", &m, &error));
  REQUIRE(m.sections.size() == 1);
  CHECK(m.sections[0].title == "Scope");
  // Tracked changes: deletions are gone, insertions kept.
  CHECK(m.sections[0].body == "All sites.\n\nnew\n");
}

TEST_CASE("docx: unreadable packages", "[import]") {
  ImportedManual m;
  std::string error;
  CHECK_FALSE(read_docx("not a zip", "x.docx", &m, &error));
  CHECK(error == "not a zip archive");
  std::vector<ZipEntry> entries = {{"word/document.xml", "<w:document><w:body>"}};
  std::string bytes;
  REQUIRE(write_zip(entries, 946684800, &bytes, &error));
  CHECK_FALSE(read_docx(bytes, "x.docx", &m, &error));
  CHECK(error ==
        "word/document.xml is not well-formed XML: line 1: element <w:body> is not closed");
  entries = {{"word/other.xml", "<a/>"}};
  REQUIRE(write_zip(entries, 946684800, &bytes, &error));
  CHECK_FALSE(read_docx(bytes, "x.docx", &m, &error));
  CHECK(error == "it has no word/document.xml (is it a Word document?)");
}

TEST_CASE("markdown import: known fields kept, others mapped or dropped", "[import]") {
  Diagnostics diags;
  ImportedSection s;
  REQUIRE(
      read_markdown_file("---\nname: Access Policy\nowner: IT Lead\ntags: [a]\n"
                         "effective: June 2020\nsatisfies:\n  TSC: [CC6.1, CC6.2]\n---\n"
                         "# Purpose\n\nText.\n\n## Detail\n",
                         "in/access.md", diags, &s));
  CHECK(s.title == "Access Policy");
  CHECK(s.fields.at("owner") == "IT Lead");
  CHECK(s.fields.count("effective") == 0);
  CHECK(s.clauses == Refs{"TSC:CC6.1", "TSC:CC6.2"});
  CHECK(s.body == "## Purpose\n\nText.\n\n### Detail\n");
  auto d = diags.sorted();
  REQUIRE(d.size() == 2);
  CHECK(d[0].span.line == 4);
  CHECK(d[0].message == "dropped front matter field 'tags': imsdoc sections have no such field");
  CHECK(d[1].span.line == 5);
  CHECK(d[1].message ==
        "dropped front matter field 'effective': 'June 2020' is not a YYYY-MM-DD date");
}

TEST_CASE("markdown import: title from the first heading or the file name", "[import]") {
  Diagnostics diags;
  ImportedSection a, b, c;
  REQUIRE(read_markdown_file("# Incident response\n\nCall us.\n", "x/incident.md", diags, &a));
  CHECK(a.title == "Incident response");
  CHECK(a.body == "Call us.\n");
  REQUIRE(read_markdown_file("Just text.\n", "x/data-retention_rules.md", diags, &b));
  CHECK(b.title == "Data retention rules");
  // comply's form: YAML lines, then '---', without an opening line.
  REQUIRE(
      read_markdown_file("name: Log Policy\nmajorRevisions:\n  - date: Jun 1 2018\n"
                         "    comment: Initial document\n---\n# Purpose\n\nLogs.\n",
                         "p/log.md", diags, &c));
  CHECK(c.title == "Log Policy");
  CHECK(c.body ==
        "## Purpose\n\nLogs.\n\n## Revision history\n\n| Date | Change |\n|---|---|\n"
        "| Jun 1 2018 | Initial document |\n");
  CHECK(diags.empty());
}

TEST_CASE("markdown import: bad front matter is an error with its position", "[import]") {
  Diagnostics diags;
  ImportedSection s;
  CHECK_FALSE(read_markdown_file("---\ntitle: [unclosed\n---\nText\n", "m/a.md", diags, &s));
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.sorted()[0].span.file == "m/a.md");
  // As the section loader reports it: where yaml-cpp noticed, the closing line.
  CHECK(diags.sorted()[0].span.line == 3);
  CHECK(diags.sorted()[0].message == "invalid YAML: end of sequence flow not found");
  Diagnostics more;
  CHECK_FALSE(read_markdown_file("---\ntitle: x\n", "m/b.md", more, &s));
  CHECK(more.sorted()[0].message == "front matter is not closed");
}

TEST_CASE("comply: a standard file becomes a catalog", "[import]") {
  Diagnostics diags;
  std::string short_name;
  std::string catalog = comply_standard_catalog(
      "name: TSC\nCC1.1:\n  family: CC1\n  name: Integrity\nCC1.2:\n  family: CC1\n  name: Board\n"
      "A1.1:\n  family: A1\n  name: Capacity\n",
      "s/TSC.yml", diags, &short_name);
  CHECK(short_name == "TSC");
  CHECK(catalog ==
        "# Converted by imsdoc init --extend from s/TSC.yml\n"
        "standard: {id: tsc, title: \"SOC 2 Trust Services Criteria (2017)\", short: \"TSC\"}\n"
        "clauses:\n"
        "  - id: \"CC1\"\n    title: \"Control environment\"\n    children:\n"
        "      - {id: \"CC1.1\", title: \"Integrity\"}\n      - {id: \"CC1.2\", title: \"Board\"}\n"
        "  - id: \"A1\"\n    title: \"Additional criteria for availability\"\n    children:\n"
        "      - {id: \"A1.1\", title: \"Capacity\"}\n");
  CHECK(diags.empty());
}

TEST_CASE("init: a fresh project checks without errors", "[import]") {
  ScaffoldRequest request{{"9001", "42001"}, "Manual", "Org", "2026-05-01"};
  auto files = scaffold_project(request, builtin_catalogs());
  CHECK(files.count("content/04-context-of-the-organization/4.1-understanding-the-organization-"
                    "and-its-context.md") == 1);
  CHECK(files.count("registers/soa.yaml") == 1);
  Project project;
  Diagnostics diags;
  REQUIRE(load_planned_project(files, "2026-05-01", diags, &project));
  CHECK(diags.error_count() == 0);
  CHECK(project.sections.size() == 35);
}

TEST_CASE("init --extend: numbering, clauses, AI sections and the gap report", "[import]") {
  ImportedManual m;
  ImportedSection a, b, c;
  a.title = "Context";
  a.number = "4";
  a.body = "We follow ISO 9001.\n";
  b.title = "Issues";
  b.number = "4.1";
  b.level = 2;
  b.body = "Reviewed yearly, see [c](c.md).\n";
  b.source = "in/b.md";
  c.title = "Interested parties";
  c.level = 2;
  c.body = "Listed in [[RSK-001]].\n";
  c.source = "in/c.md";
  m.sections = {a, b, c};
  ExtendRequest request{"", "", "2026-05-01", "in", "in"};
  Diagnostics diags;
  ExtendPlan plan;
  Catalogs catalogs = builtin_catalogs();
  REQUIRE(plan_extend(m, request, catalogs, diags, &plan));
  CHECK(plan.standards == Refs{"9001", "42001"});
  const std::string issues = plan.files.at("content/04-context/4.1-issues.md");
  CHECK(issues.find("clauses: [\"9001:4.1\"]") != std::string::npos);
  CHECK(issues.find("see [[IMS-4.2\\|c]]") != std::string::npos);
  const std::string parties = plan.files.at("content/04-context/4.2-interested-parties.md");
  CHECK(parties.find("Listed in RSK-001.") != std::string::npos);
  CHECK(plan.added_sections.size() == 8);
  CHECK(plan.files
            .at("content/05-ai-management-system/5.1-ai-additions-to-the-context-of-the-"
                "organization.md")
            .find("This section extends [[IMS-4.1]].") != std::string::npos);
  CHECK(diags.warning_count() == 1);
  CHECK(diags.sorted()[0].message ==
        "reference kept as text, nothing in the new project has that id: RSK-001");

  Project full, imported;
  Diagnostics check;
  REQUIRE(load_planned_project(plan.files, "2026-05-01", check, &full));
  CHECK(check.error_count() == 0);
  auto without = plan.files;
  for (const auto& path : plan.added_sections) without.erase(path);
  REQUIRE(load_planned_project(without, "2026-05-01", check, &imported));
  std::string report = gap_report(full, imported);
  CHECK(report.find("ISO 9001:2015\n  clauses: 65 in total, 1 covered by the imported manual, 0 "
                    "by the added AI sections, 64 not covered\n") != std::string::npos);
  CHECK(report.find("ISO/IEC 42001:2023\n  clauses: 32 in total, 0 covered by the imported "
                    "manual, 18 by the added AI sections, 14 not covered\n    not covered: "
                    "42001:5.1 42001:5.3 42001:6.2 42001:6.3 42001:7.1 42001:7.2 42001:7.3 "
                    "42001:7.4\n") != std::string::npos);
}
