// Renders the whole manual as one HTML document for paged media (print.html, the source of
// `imsdoc pdf`): title page, document control, table of contents, every section in number
// order with numbered headings, and the registers as an appendix. References between sections
// and entries are #anchors inside the document; clauses of a standard are not part of it, so a
// reference to one is plain text unless it names an SoA row. Never touches the file system.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "base/diagnostic.h"
#include "diagram/diagrams.h"
#include "model/project.h"
#include "render/templates.h"
#include "render/theme.h"

namespace imsdoc {

// The path of the print document in a site version, and of its stylesheet (a theme asset).
inline constexpr const char* kPrintPage = "print.html";
inline constexpr const char* kPrintStylesheet = "assets/print.css";

struct PrintInputs {
  std::string generator;  // "imsdoc 0.1.0"
  // Local images the content shows, by project-relative path (load/images read_images): PNG,
  // JPEG, GIF and SVG are embedded as data: URLs, so print.html needs no other file. Diagrams
  // are given below.
  std::map<std::string, std::string> images;
  // Diagrams Markdown embeds (render_diagrams): inline SVG whose node links go to the
  // #anchors of this document. nullptr: a diagram image stays an image, a ```dot block code.
  const DiagramSet* diagrams = nullptr;
};

// Renders template "print" of `templates` (the theme's templates/print.mustache) into *html.
// A template error is reported to `diags` against the theme's file; returns false then.
bool render_print(const Project& project, const Theme& theme, const TemplateSet& templates,
                  const PrintInputs& inputs, Diagnostics& diags, std::string* html);
// The same, handing the page to `write` in pieces as it is rendered: the whole manual as one
// page is never in memory at once.
bool render_print(const Project& project, const Theme& theme, const TemplateSet& templates,
                  const PrintInputs& inputs, Diagnostics& diags,
                  const std::function<void(std::string_view)>& write);

}  // namespace imsdoc
