// How generated diagrams look: fonts and colours from the theme's diagram.yaml, so that no
// colour or font is a C++ literal. Hand-authored diagrams keep their own attributes.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "render/theme.h"

namespace imsdoc {

struct DiagramStyle {
  std::string font;                  // a Graphviz/fontconfig family list, "DejaVu Sans"
  std::map<std::string, int> sizes;  // font sizes in points, by role (see kDiagramFontSizes)
  std::map<std::string, std::string> colors;  // "#rrggbb" or a colour name, by role

  // The colour or size of a role; every role exists after load_diagram_style succeeds.
  const std::string& color(const std::string& role) const { return colors.at(role); }
  int size(const std::string& role) const { return sizes.at(role); }
};

// The font-size and colour roles a diagram.yaml may set (all of them, after merging with the
// built-in default theme's file).
const std::vector<std::string>& diagram_font_size_roles();
const std::vector<std::string>& diagram_color_roles();

// Reads `diagram.yaml` of `theme` over the built-in default theme's, so a project theme may set
// only some roles. Unknown keys and invalid values are errors at their line.
bool load_diagram_style(const Theme& theme, Diagnostics& diags, DiagramStyle* style);

}  // namespace imsdoc
