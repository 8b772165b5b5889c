// Renders the linked project as a static HTML site: bytes keyed by site-relative path.
// Never touches the file system; bundle/ writes the result.
#pragma once

#include <map>
#include <string>

#include "base/diagnostic.h"
#include "diagram/diagrams.h"
#include "model/project.h"
#include "render/templates.h"
#include "render/theme.h"

namespace imsdoc {

using OutputTree = std::map<std::string, std::string>;  // "sections/ims-1-4.html" -> bytes

struct SiteStats {
  int pages = 0;
  int sections = 0;
  int entries = 0;
  int registers = 0;
};

// The template names every theme must provide.
const std::vector<std::string>& required_templates();

// Relative URL from page `from` to site path `to` (both site-relative, '/'-separated).
std::string relative_url(const std::string& from, const std::string& to);

// Renders every page and copies the theme's assets. `diagrams` (from render_diagrams) are
// embedded as inline SVG; missing ones are left out. Template errors are reported to `diags`.
bool render_site(const Project& project, const Theme& theme, const TemplateSet& templates,
                 const DiagramSet& diagrams, const std::string& generator, Diagnostics& diags,
                 OutputTree* out, SiteStats* stats);

}  // namespace imsdoc
