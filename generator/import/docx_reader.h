// Reading a Word document (.docx, as written by Word, LibreOffice or imsdoc) into an imported
// manual: headings become sections, paragraphs, emphasis, hyperlinks, lists and tables become
// Markdown. Mapping rules: docs/import.md.
#pragma once

#include <string>

#include "import/manual.h"

namespace imsdoc {

// Reads the package in `bytes`. `source` names the file in messages and section sources.
// Returns false and sets `error` ("not a zip archive", "word/document.xml is not well-formed
// XML: line 3: ...") when it is not a readable Word document.
bool read_docx(const std::string& bytes, const std::string& source, ImportedManual* out,
               std::string* error);

}  // namespace imsdoc
