// PDF from print.html with WeasyPrint: the only place that runs it. WeasyPrint is driven
// through its own Python interpreter with a URL fetcher that loads only files inside the
// directory of the document (and data: URLs) and refuses everything else, so rendering never
// touches the network, whatever the content links to.
#pragma once

#include <string>
#include <vector>

namespace imsdoc {

struct WeasyPrint {
  std::string interpreter;  // the Python that runs the `weasyprint` program found in PATH
};

// Finds `weasyprint` in PATH and the Python interpreter it runs with. Returns "" and fills *w,
// or the reason it is not available.
std::string find_weasyprint(WeasyPrint* w);

struct PdfResult {
  std::string error;                 // "" on success
  std::vector<std::string> refused;  // URLs the document referred to that were not fetched
};

// Renders `html_path` (which must be in a directory holding everything it refers to) into
// `pdf_path`.
PdfResult render_pdf(const WeasyPrint& w, const std::string& html_path,
                     const std::string& pdf_path);

// The message and hint for a missing WeasyPrint, naming the Debian package.
extern const char* const kWeasyPrintMissingHint;

}  // namespace imsdoc
