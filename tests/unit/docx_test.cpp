#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <regex>
#include <sstream>

#include "base/file_system.h"
#include "link/linker.h"
#include "load/images.h"
#include "load/project_loader.h"
#include "render/docx/docx.h"
#include "render/docx/ooxml.h"
#include "test_project.h"

using namespace imsdoc;
using Catch::Matchers::Contains;

namespace {

// The smallest valid PNG: 1 x 1 pixel. Enough for the writer, which reads only the header.
std::string tiny_png(int width, int height) {
  std::string png("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16);
  for (int v : {width, height}) {
    png += static_cast<char>((v >> 24) & 0xFF);
    png += static_cast<char>((v >> 16) & 0xFF);
    png += static_cast<char>((v >> 8) & 0xFF);
    png += static_cast<char>(v & 0xFF);
  }
  return png + std::string("\x08\x02\0\0\0", 5);
}

// A section that uses every construct the DOCX writer handles.
const char* kRichSection =
    "---\nid: IMS-2\ntitle: Everything\nsection: \"2\"\nowner: Quality\napprover: CEO\n"
    "version: \"1.1\"\neffective: 2026-02-01\nstatus: approved\nclauses: [\"9001:4.4\"]\n---\n\n"
    "Text with *emphasis*, **strong**, ~~struck~~ and `code`, a "
    "[site](https://example.org/a?b=1&c=2),"
    " a cross-reference to [[PRC-01]], one with a label [[AI-001|the router]], a clause "
    "[[9001:4.4]] and a link to [the introduction](1-intro.md).[^1]\n\n"
    "## A heading\n\n"
    "1. first\n2. second\n   - nested bullet\n   - another\n3. third\n\nThen:\n\n"
    "5. starts at five\n6. six\n\n"
    "- [ ] open task\n- [x] done task\n\n"
    "| Left | Centre | Right |\n|:---|:---:|---:|\n| a | | c |\n\n"
    "| Second | table |\n|---|---|\n| x | y |\n\n"
    "```\nline one\n\tindented <tag> & more\n```\n\n"
    "> A quotation\n> over two lines.\n\n"
    "---\n\n"
    "![A diagram](img/diagram.png)\n\n"
    "[^1]: The footnote, with *emphasis*.\n";

Project load(const std::map<std::string, std::string>& files, Diagnostics& diags,
             std::map<std::string, std::string>* images = nullptr) {
  MemoryFileSystem fs(files);
  Project p;
  REQUIRE(load_project(fs, diags, &p));
  link_project(&p, diags);
  check_images(fs, p, diags);
  if (images) *images = read_images(fs, p);
  return p;
}

std::map<std::string, std::string> rich_project() {
  auto files = testing::minimal_project();
  files["content/2-everything.md"] = kRichSection;
  files["content/img/diagram.png"] = tiny_png(1200, 600);
  return files;
}

std::map<std::string, std::string> render(const Project& p,
                                          const std::map<std::string, std::string>& images,
                                          Diagnostics& diags, DocxParts* ordered = nullptr) {
  DocxInputs inputs;
  inputs.styles_xml = "<w:styles/>";
  inputs.images = images;
  inputs.generator = "imsdoc test";
  inputs.date = "2000-01-01T00:00:00Z";
  DocxParts parts;
  REQUIRE(render_docx(p, inputs, diags, &parts));
  if (ordered) *ordered = parts;
  return {parts.begin(), parts.end()};
}

// document.xml with a line break before each paragraph, table and row, for a readable golden.
std::string readable(const std::string& xml) {
  return std::regex_replace(xml, std::regex("<(w:p|w:tbl|w:tr|w:sectPr)([ >])"), "\n<$1$2");
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("docx: package parts come in package order", "[docx]") {
  Diagnostics diags;
  std::map<std::string, std::string> images;
  Project p = load(rich_project(), diags, &images);
  REQUIRE_FALSE(diags.has_errors());
  DocxParts parts;
  render(p, images, diags, &parts);
  REQUIRE(parts.size() == 15);  // with header2.xml (the fixture is a draft) and fontTable.xml
  CHECK(parts[0].first == "[Content_Types].xml");
  CHECK(parts[1].first == "_rels/.rels");
  std::vector<std::string> names;
  for (const auto& [name, _] : parts) names.push_back(name);
  CHECK(std::find(names.begin(), names.end(), "word/media/image1.png") != names.end());
  CHECK(std::find(names.begin(), names.end(), "word/styles.xml") != names.end());
}

TEST_CASE("docx: document.xml of the fixture matches the golden file", "[docx][golden]") {
  Diagnostics diags;
  std::map<std::string, std::string> images;
  Project p = load(rich_project(), diags, &images);
  REQUIRE_FALSE(diags.has_errors());
  auto parts = render(p, images, diags);
  CHECK(diags.empty());
  const char* source = std::getenv("IMSDOC_SOURCE_DIR");
  REQUIRE(source);
  std::string golden = std::string(source) + "/tests/golden/docx/document.xml";
  std::string actual = readable(parts.at("word/document.xml"));
  if (const char* accept = std::getenv("IMSDOC_ACCEPT"); accept && std::string(accept) == "1") {
    std::ofstream(golden, std::ios::binary) << actual;
    WARN("accepted " << golden);
  }
  CHECK(actual == read_file(golden));
}

TEST_CASE("docx: content maps to WordprocessingML", "[docx]") {
  Diagnostics diags;
  std::map<std::string, std::string> images;
  Project p = load(rich_project(), diags, &images);
  auto parts = render(p, images, diags);
  const std::string& d = parts.at("word/document.xml");
  SECTION("numbered section headings with bookmarks") {
    CHECK_THAT(d, Contains("<w:pStyle w:val=\"Heading1\"/></w:pPr><w:bookmarkStart w:id="));
    CHECK_THAT(d, Contains(">2 Everything</w:t>"));
    CHECK_THAT(d, Contains(">1.2 Scope</w:t>"));
    CHECK_THAT(d, Contains("<w:pStyle w:val=\"Heading2\"/></w:pPr><w:r><w:t>A heading"));
  }
  SECTION("a TOC field that readers update") {
    CHECK_THAT(
        d, Contains(
               "<w:instrText xml:space=\"preserve\"> TOC \\o \"1-3\" \\h \\z \\u </w:instrText>"));
    CHECK_THAT(parts.at("word/settings.xml"), Contains("<w:updateFields w:val=\"true\"/>"));
  }
  SECTION("cross-references are internal links to the target's bookmark") {
    std::smatch m;
    REQUIRE(std::regex_search(d, m, std::regex("w:name=\"(_Ref[0-9]+)\"/><w:r><w:t>PRC-01<")));
    CHECK_THAT(d, Contains("<w:hyperlink w:anchor=\"" + m[1].str() + "\""));
  }
  SECTION("external links are hyperlink relationships, escaped") {
    CHECK_THAT(parts.at("word/_rels/document.xml.rels"),
               Contains("Target=\"https://example.org/a?b=1&amp;c=2\" TargetMode=\"External\""));
  }
  SECTION("each ordered list restarts at its own start number") {
    const std::string& n = parts.at("word/numbering.xml");
    CHECK_THAT(n, Contains("<w:startOverride w:val=\"1\"/>"));
    CHECK_THAT(n, Contains("<w:startOverride w:val=\"5\"/>"));
    CHECK_THAT(d, Contains("<w:ilvl w:val=\"1\"/>"));  // the nested bullets
  }
  SECTION("task items show their state") {
    CHECK_THAT(d, Contains("\u2610 </w:t>"));
    CHECK_THAT(d, Contains("\u2612 </w:t>"));
  }
  SECTION("tables: header rows repeat, empty cells hold a paragraph, adjacent tables apart") {
    CHECK_THAT(d, Contains("<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"));
    CHECK_THAT(
        d, Contains("</w:tcPr><w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr></w:p></w:tc>"));
    CHECK_THAT(d, Contains("<w:jc w:val=\"center\"/>"));
    CHECK(d.find("</w:tbl><w:tbl>") == std::string::npos);
  }
  SECTION("code keeps tabs and line breaks; text is escaped") {
    CHECK_THAT(d, Contains("line one</w:t><w:br/><w:tab/><w:t>indented "
                           "&lt;tag&gt; &amp; more"));
  }
  SECTION("footnotes are numbered through the document") {
    CHECK_THAT(d, Contains("<w:footnoteReference w:id=\"1\"/>"));
    CHECK_THAT(parts.at("word/footnotes.xml"), Contains("<w:footnote w:id=\"1\">"));
    CHECK_THAT(parts.at("word/footnotes.xml"), Contains("The footnote, with "));
  }
  SECTION("images are embedded, scaled to the text width") {
    CHECK_THAT(parts.at("word/_rels/document.xml.rels"), Contains("Target=\"media/image1.png\""));
    CHECK_THAT(d, Contains("<wp:extent cx=\"6120130\" cy=\"3060065\"/>"));
    CHECK_THAT(d, Contains("descr=\"A diagram\""));
  }
  SECTION("registers are tables with a bookmark per row") {
    CHECK_THAT(d, Contains(">Registers</w:t>"));
    CHECK_THAT(d, Contains(">Process register</w:t>"));
  }
  SECTION("each entry's detail block: fields that are not columns, and what cites it") {
    // AI-001's purpose is a Markdown field, its processes a list of references.
    CHECK_THAT(d, Contains("<w:pStyle w:val=\"EntryHeading\"/></w:pPr><w:hyperlink "
                           "w:anchor=\""));
    CHECK_THAT(d, Contains("<w:t>AI-001</w:t></w:r></w:hyperlink><w:r><w:t xml:space=\"preserve\">"
                           " Router</w:t></w:r></w:p>"));
    CHECK_THAT(d, Contains("<w:t>Purpose:</w:t></w:r></w:p><w:p><w:pPr><w:pStyle "
                           "w:val=\"EntryField\"/></w:pPr><w:r><w:t>Routes.</w:t>"));
    CHECK(std::regex_search(d, std::regex("<w:t>Processes:</w:t></w:r></w:p><w:p><w:pPr><w:pStyle "
                                          "w:val=\"EntryField\"/><w:numPr><w:ilvl w:val=\"0\"/>"
                                          "<w:numId w:val=\"[0-9]+\"/></w:numPr></w:pPr>"
                                          "<w:hyperlink w:anchor=\"_Ref[0-9]+\" w:history=\"1\">"
                                          "<w:r><w:rPr><w:rStyle w:val=\"Hyperlink\"/></w:rPr>"
                                          "<w:t>PRC-01</w:t></w:r></w:hyperlink><w:r><w:t "
                                          "xml:space=\"preserve\"> Intake</w:t>")));
    size_t cited = d.find(
        "<w:t>Cited by:</w:t></w:r></w:p><w:p><w:pPr><w:pStyle "
        "w:val=\"EntryField\"/><w:numPr>");
    REQUIRE(cited != std::string::npos);
    CHECK(d.find("<w:t>AI-001 Router</w:t>", cited) != std::string::npos);
  }
  SECTION("document control and header and footer") {
    CHECK_THAT(d, Contains(">Document control</w:t>"));
    CHECK_THAT(parts.at("word/header1.xml"), Contains("T-1 Test Manual"));
    CHECK_THAT(parts.at("word/footer1.xml"), Contains("<w:fldSimple w:instr=\" NUMPAGES \">"));
  }
}

TEST_CASE("docx: the same project gives the same bytes", "[docx]") {
  Diagnostics diags;
  std::map<std::string, std::string> images;
  Project p = load(rich_project(), diags, &images);
  auto a = render(p, images, diags);
  auto b = render(p, images, diags);
  CHECK(a == b);
}

TEST_CASE("docx: characters XML cannot hold are left out, with a warning", "[docx]") {
  auto files = testing::minimal_project();
  files["content/sub/1.2-scope.md"] =
      "---\nid: IMS-1.2\ntitle: Scope\nsection: \"1.2\"\nowner: Quality\napprover: CEO\n"
      "version: \"1.0\"\neffective: 2026-01-01\nstatus: draft\n---\nBell\x07 and form\x0c feed.\n";
  Diagnostics diags;
  Project p = load(files, diags);
  REQUIRE_FALSE(diags.has_errors());
  auto parts = render(p, {}, diags);
  CHECK_THAT(parts.at("word/document.xml"), Contains(">Bell and form feed.</w:t>"));
  REQUIRE(diags.warning_count() == 1);
  auto d = diags.sorted().front();
  CHECK(d.span.file == "content/sub/1.2-scope.md");
  CHECK(d.span.line == 11);
  CHECK(d.span.col == 5);
  CHECK(d.message == "character U+0007 cannot be stored in a Word document and was left out");
}

TEST_CASE("docx: a large register stays one valid table", "[docx]") {
  auto files = testing::minimal_project();
  files["registers/schemas/records.yaml"] =
      "name: records\ntitle: Records\nsingular: Record\nid_pattern: \"^REC-[0-9]{5}$\"\n"
      "title_field: name\ncolumns: [id, name, notes]\nfields:\n"
      "  name: {type: string, required: true}\n  notes: {type: text}\n";
  std::string records = "entries:\n";
  for (int i = 1; i <= 5000; ++i) {
    char id[16];
    std::snprintf(id, sizeof id, "REC-%05d", i);
    records += std::string("  - id: ") + id + "\n    name: Record number " + std::to_string(i) +
               "\n    notes: Kept for *six* years.\n";
  }
  files["registers/records.yaml"] = records;
  Diagnostics diags;
  Project p = load(files, diags);
  REQUIRE_FALSE(diags.has_errors());
  auto parts = render(p, {}, diags);
  const std::string& d = parts.at("word/document.xml");
  size_t rows = 0;
  for (size_t at = d.find("<w:tr>"); at != std::string::npos; at = d.find("<w:tr>", at + 1)) ++rows;
  CHECK(rows > 5000);
  CHECK_THAT(d, Contains(">REC-05000</w:t>"));
  CHECK_THAT(d, Contains(">Kept for six years.</w:t>"));
}

TEST_CASE("docx: reference styles keep theirs and gain the missing ones", "[docx]") {
  std::string base =
      "<w:styles><w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"h1\"/>"
      "</w:style><w:style w:type=\"paragraph\" w:styleId=\"SourceCode\"><w:name w:val=\"code\"/>"
      "</w:style></w:styles>";
  std::string reference =
      "<?xml version=\"1.0\"?><w:styles><w:style w:type=\"paragraph\" w:styleId=\"Heading1\">"
      "<w:name w:val=\"theirs\"/></w:style></w:styles>";
  std::string merged = merge_docx_styles(base, reference);
  CHECK_THAT(merged, Contains("<w:name w:val=\"theirs\"/>"));
  CHECK_THAT(merged, !Contains("<w:name w:val=\"h1\"/>"));
  CHECK_THAT(merged, Contains("w:styleId=\"SourceCode\""));
  CHECK(merge_docx_styles(base, "") == base);
}

TEST_CASE("ooxml: escaping and image sizes", "[docx]") {
  int removed = 0;
  CHECK(ooxml::escape("a<b>&\"c\x01\x1f\t", &removed) == "a&lt;b&gt;&amp;&quot;c\t");
  CHECK(removed == 2);
  CHECK(ooxml::escape("\xef\xbf\xbe ok") == " ok");  // U+FFFE
  CHECK(ooxml::escape("caf\xc3\xa9") == "caf\xc3\xa9");
  std::string name;
  CHECK(ooxml::find_invalid_char("ab\x02", &name) == 2);
  CHECK(name == "U+0002");
  int w = 0, h = 0;
  std::string ext;
  CHECK(ooxml::image_size(tiny_png(640, 480), &w, &h, &ext));
  CHECK(w == 640);
  CHECK(h == 480);
  CHECK(ext == "png");
  std::string jpeg("\xff\xd8\xff\xe0\x00\x04\x00\x00\xff\xc0\x00\x11\x08\x01\x2c\x01\x90\x03", 18);
  jpeg += std::string(16, '\0');
  CHECK(ooxml::image_size(jpeg, &w, &h, &ext));
  CHECK(w == 400);
  CHECK(h == 300);
  CHECK(ext == "jpeg");
  CHECK_FALSE(ooxml::image_size("GIF89a", &w, &h, &ext));
}

TEST_CASE("docx: diagrams become pictures at their natural size", "[docx][diagram]") {
  auto files = testing::minimal_project();
  files["diagrams/flow.dot"] = "digraph flow { a -> b }\n";
  files["content/1-intro.md"] +=
      "\n![The flow](../diagrams/flow.dot)\n\n```dot\ndigraph { c -> d }\n```\n\n"
      "![Again](../diagrams/flow.dot)\n";
  Diagnostics diags;
  std::map<std::string, std::string> images;
  Project p = load(files, diags, &images);
  REQUIRE_FALSE(diags.has_errors());
  DiagramSet set;
  set.diagrams[diagram_key_for_file("diagrams/flow.dot")] = {"flow", "<svg/>", tiny_png(400, 300),
                                                             150, 75};
  set.diagrams[diagram_key_for_block("digraph { c -> d }\n")] = {"Diagram", "<svg/>",
                                                                 tiny_png(200, 200), 60, 60};
  DocxInputs inputs;
  inputs.styles_xml = "<w:styles/>";
  inputs.images = images;
  inputs.diagrams = &set;
  DocxParts ordered;
  REQUIRE(render_docx(p, inputs, diags, &ordered));
  std::map<std::string, std::string> parts(ordered.begin(), ordered.end());
  const std::string& doc = parts["word/document.xml"];
  // 150 x 75 pt = 200 x 100 px at 96 dpi = 1905000 x 952500 EMU.
  CHECK_THAT(doc, Contains("<wp:extent cx=\"1905000\" cy=\"952500\"/>"));
  CHECK_THAT(doc, Contains("descr=\"The flow\""));
  CHECK_THAT(doc, Contains("<wp:extent cx=\"762000\" cy=\"762000\"/>"));
  CHECK(doc.find("digraph") == std::string::npos);  // the block is a picture, not code
  // The same diagram twice is one PNG and one SVG part; the picture names both.
  int media = 0;
  for (const auto& [name, _] : parts) media += name.rfind("word/media/", 0) == 0;
  CHECK(media == 4);
  CHECK(parts.count("word/media/image1.svg") == 1);
  CHECK_THAT(parts["word/media/image1.svg"], Contains("<?xml version=\"1.0\""));
  CHECK_THAT(doc, Contains("<asvg:svgBlip r:embed=\""));
  CHECK_THAT(parts["[Content_Types].xml"],
             Contains("Extension=\"svg\" ContentType=\"image/svg+xml\""));
  // Without diagrams: the alt text and the code.
  inputs.diagrams = nullptr;
  DocxParts plain;
  REQUIRE(render_docx(p, inputs, diags, &plain));
  std::map<std::string, std::string> plain_parts(plain.begin(), plain.end());
  CHECK_THAT(plain_parts["word/document.xml"], Contains("digraph { c -&gt; d }"));
  CHECK_THAT(plain_parts["word/document.xml"], Contains("The flow"));
}

TEST_CASE("docx: a draft has a DRAFT header on every page, the title page's too", "[docx]") {
  Diagnostics diags;
  auto files = testing::minimal_project();  // section 1.2 is a draft
  auto parts = render(load(files, diags), {}, diags);
  const std::string draft_line =
      "<w:r><w:rPr><w:b/><w:color w:val=\"B00020\"/></w:rPr><w:t>DRAFT</w:t></w:r><w:r><w:t "
      "xml:space=\"preserve\"> · not approved: section not approved: 1.2 Scope (draft)</w:t>";
  CHECK_THAT(parts.at("word/header1.xml"), Contains(draft_line));
  REQUIRE(parts.count("word/header2.xml"));
  CHECK_THAT(parts.at("word/header2.xml"), Contains(draft_line));
  CHECK_THAT(parts.at("word/document.xml"),
             Contains("<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId5\"/>"
                      "<w:headerReference w:type=\"first\" r:id=\"rId7\"/><w:footerReference"));
  CHECK_THAT(parts.at("word/_rels/document.xml.rels"),
             Contains("<Relationship Id=\"rId7\" Type=\"http://schemas.openxmlformats.org/"
                      "officeDocument/2006/relationships/header\" Target=\"header2.xml\"/>"));
  CHECK_THAT(parts.at("[Content_Types].xml"), Contains("PartName=\"/word/header2.xml\""));
  CHECK_THAT(parts.at("word/document.xml"), Contains(draft_line));  // the title page

  std::string& scope = files["content/sub/1.2-scope.md"];
  scope.replace(scope.find("status: draft"), 13, "status: approved");
  parts = render(load(files, diags), {}, diags);
  CHECK(parts.count("word/header2.xml") == 0);
  for (const auto& [name, xml] : parts) CHECK(xml.find(">DRAFT<") == std::string::npos);
  CHECK(parts.at("word/document.xml").find("rId7") == std::string::npos);
}

TEST_CASE("docx: font table, shaded title-page labels, settings in schema order, full TOC",
          "[docx]") {
  Diagnostics diags;
  auto parts = render(load(rich_project(), diags), {}, diags);
  const std::string& fonts = parts.at("word/fontTable.xml");
  CHECK_THAT(fonts, Contains("<w:font w:name=\"Liberation Sans\"><w:altName w:val=\"Arial\"/>"
                             "<w:charset w:val=\"00\"/><w:family w:val=\"swiss\"/><w:pitch "
                             "w:val=\"variable\"/></w:font>"));
  CHECK_THAT(fonts, Contains("<w:font w:name=\"DejaVu Sans Mono\">"));
  CHECK_THAT(parts.at("[Content_Types].xml"),
             Contains("<Override PartName=\"/word/fontTable.xml\" ContentType=\"application/"
                      "vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml\"/>"));
  CHECK_THAT(parts.at("word/_rels/document.xml.rels"),
             Contains("relationships/fontTable\" Target=\"fontTable.xml\"/>"));
  // CT_Settings: updateFields after characterSpacingControl, before footnotePr.
  CHECK_THAT(parts.at("word/settings.xml"),
             Contains("<w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl "
                      "w:val=\"doNotCompress\"/><w:updateFields w:val=\"true\"/><w:footnotePr>"));
  const std::string& d = parts.at("word/document.xml");
  CHECK_THAT(d, Contains("<w:tcW w:w=\"2600\" w:type=\"dxa\"/><w:shd w:val=\"clear\" "
                         "w:color=\"auto\" w:fill=\"E9EBF1\"/></w:tcPr><w:p><w:pPr><w:pStyle "
                         "w:val=\"TableText\"/></w:pPr><w:r><w:rPr><w:b/></w:rPr><w:t>Document<"));
  // The TOC's cached result lists the registers too, linked to their headings' bookmarks.
  std::smatch m;
  REQUIRE(std::regex_search(d, m,
                            std::regex("<w:pStyle w:val=\"TOC2\"/></w:pPr><w:hyperlink "
                                       "w:anchor=\"(_Toc[0-9]+)\" w:history=\"1\"><w:r><w:t>"
                                       "Process register</w:t>")));
  CHECK_THAT(d, Contains("<w:pStyle w:val=\"Heading2\"/></w:pPr><w:bookmarkStart w:id=\""));
  CHECK(std::regex_search(
      d, std::regex("w:name=\"" + m[1].str() + "\"/><w:r><w:t>Process register</w:t>")));
  CHECK_THAT(d, Contains("<w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"));
}

TEST_CASE("docx: a schema's ratings are shown with the entry's details", "[docx]") {
  Diagnostics diags;
  auto files = testing::minimal_project();
  files["registers/risks.yaml"] =
      "entries:\n  - id: RSK-001\n    title: Drift\n    description: Model drift.\n"
      "    source: ai-system\n    likelihood: 3\n    impact: 4\n    treatment: mitigate\n"
      "    owner: Ops\n    residual_likelihood: 2\n    residual_impact: 2\n"
      "    review_date: 2026-12-01\n    status: open\n";
  auto parts = render(load(files, diags), {}, diags);
  const std::string& d = parts.at("word/document.xml");
  CHECK_THAT(d, Contains("<w:t xml:space=\"preserve\">Inherent rating: </w:t></w:r><w:r><w:t>12 "
                         "(3 × 4)</w:t>"));
  CHECK_THAT(d, Contains("<w:t xml:space=\"preserve\">Residual rating: </w:t></w:r><w:r><w:t>4 "
                         "(2 × 2)</w:t>"));
}
