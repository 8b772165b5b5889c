// Renders the linked project as a Word document (Office Open XML, ISO/IEC 29500): the parts
// of a DOCX package, which bundle/zip packs. Never touches the file system.
//
// The document has a title page, a document-control table (manual id, version, owner,
// approver, effective date, revision history, and the control data of every section), a TOC
// field that Word and LibreOffice update on open (pre-filled with the section headings, so
// readers that do not update fields still show it), every section with its number, and the
// registers as tables with repeating header rows. Cross-references become internal links to
// bookmarks on the target heading or register row; external links become hyperlinks.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "base/diagnostic.h"
#include "model/project.h"

namespace imsdoc {

struct DocxInputs {
  // word/styles.xml: the theme's styles, or those of a reference document merged with them
  // (see merge_docx_styles).
  std::string styles_xml;
  // Images the content refers to: project-relative path -> file bytes (PNG or JPEG).
  std::map<std::string, std::string> images;
  std::string generator;  // "imsdoc 0.1.0", for docProps/app.xml
  std::string date;       // W3C date-time for docProps/core.xml, e.g. "2026-03-01T00:00:00Z"
};

using DocxParts = std::vector<std::pair<std::string, std::string>>;  // part name -> bytes

// Renders the package parts in package order ([Content_Types].xml first). Problems with the
// content that the document can survive (characters XML cannot hold) are warnings in `diags`.
// Returns false only if the document cannot be written.
bool render_docx(const Project& project, const DocxInputs& inputs, Diagnostics& diags,
                 DocxParts* parts);

// The styles part to use: `base` (the theme's word/styles.xml) when `reference` is empty,
// otherwise `reference` (a reference document's styles.xml) with every style of `base` that it
// lacks (by w:styleId) appended, so the styles the generator uses always exist.
std::string merge_docx_styles(const std::string& base, const std::string& reference);

}  // namespace imsdoc
