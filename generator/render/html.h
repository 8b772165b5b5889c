// Renders the document model as HTML. Knows nothing about pages or templates.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "diagram/diagrams.h"
#include "model/document.h"

namespace imsdoc {

struct Heading {
  int level;
  std::string id;
  std::string text;
};

struct HtmlOptions {
  bool allow_raw_html = false;
  // Relative URL of the page of a section/entry id (for links the linker resolved).
  std::function<std::string(const std::string& id)> url_for;
  // Added to generated element ids (headings, footnotes) so several documents can share a page.
  std::string id_prefix;
  // Rendered diagrams: ```dot blocks and images of diagrams/*.dot become inline SVG (their
  // imsdoc: links through url_for). Without them, or for a diagram that failed, a ```dot block
  // is shown as code and a diagram image as an image.
  const DiagramSet* diagrams = nullptr;
};

// Renders `d`; collects headings (with their generated, page-unique ids) into `headings`.
std::string render_html(const doc::Document& d, const HtmlOptions& options,
                        std::vector<Heading>* headings = nullptr);

}  // namespace imsdoc
