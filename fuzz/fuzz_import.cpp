// Fuzzes `imsdoc init --extend` of a Word document: the input is word/document.xml of a package
// with fixed styles and numbering. Whatever the document, the import must not crash, and a
// document it reads must give a project that loads and links without errors (init refuses to
// write one that does not: that would be a bug in the import).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "base/file_system.h"
#include "bundle/zip.h"
#include "import/docx_reader.h"
#include "import/extend.h"
#include "import/gap_report.h"
#include "import/xml.h"
#include "load/catalogs.h"

namespace {

const char* kStyles =
    "<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/></w:style>"
    "<w:style w:type=\"paragraph\" w:styleId=\"SectionMeta\"><w:name w:val=\"Section Meta\"/>"
    "</w:style></w:styles>";
const char* kNumbering =
    "<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
    "<w:abstractNum w:abstractNumId=\"0\"><w:lvl w:ilvl=\"0\"><w:numFmt w:val=\"decimal\"/>"
    "</w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num>"
    "</w:numbering>";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace imsdoc;
  std::string document(reinterpret_cast<const char*>(data), size);
  std::string error;
  parse_xml(document, &error);
  std::vector<ZipEntry> entries = {{"word/document.xml", document},
                                   {"word/numbering.xml", kNumbering},
                                   {"word/styles.xml", kStyles}};
  std::string bytes;
  if (!write_zip(entries, 946684800, &bytes, &error)) return 0;
  ImportedManual manual;
  if (!read_docx(bytes, "fuzz.docx", &manual, &error) || manual.sections.empty()) return 0;
  static const Catalogs catalogs = [] {
    MemoryFileSystem none;
    Diagnostics diags;
    Catalogs c;
    load_catalogs(none, diags, &c);
    return c;
  }();
  Diagnostics diags;
  ExtendPlan plan;
  plan_extend(manual, {"", "", "2026-01-01", "fuzz.docx", "fuzz.docx"}, catalogs, diags, &plan);
  Project project;
  Diagnostics check;
  if (!load_planned_project(plan.files, "2026-01-01", check, &project) || check.has_errors()) {
    std::abort();
  }
  return 0;
}
