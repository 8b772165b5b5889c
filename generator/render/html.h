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
  // URL of a section, entry or clause id (for links the linker resolved), given the link's
  // fragment ("" or "#heading" of the target's own body). "" renders the link text unlinked.
  std::function<std::string(const std::string& id, const std::string& fragment)> url_for;
  // Added to generated element ids (headings, footnotes) so several documents can share a page.
  std::string id_prefix;
  // For paged media: each footnote's text is rendered where it is first referenced, as
  // <span class="footnote" id="fn-N"> (CSS `float: footnote` puts it at the foot of the page),
  // later references link to it, and there is no footnotes section at the end.
  bool footnotes_at_reference = false;
  // Added to the numbers shown for footnotes, when one document continues another's numbering.
  int footnote_offset = 0;
  // The src of an image (e.g. a data: URL of a local file); unset or "" keeps the URL written.
  std::function<std::string(const doc::Inline& image)> image_src;
  // Rendered diagrams: ```dot blocks and images of diagrams/*.dot become inline SVG (their
  // imsdoc: links through url_for). Without them, or for a diagram that failed, a ```dot block
  // is shown as code and a diagram image as an image.
  const DiagramSet* diagrams = nullptr;
};

// Renders `d`; collects headings (with their generated, page-unique ids) into `headings`.
std::string render_html(const doc::Document& d, const HtmlOptions& options,
                        std::vector<Heading>* headings = nullptr);

}  // namespace imsdoc
