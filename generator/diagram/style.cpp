#include "diagram/style.h"

#include <algorithm>
#include <cstdlib>
#include <functional>

#include "base/regex.h"
#include "base/resources.h"
#include "base/text.h"
#include "load/fields.h"
#include "load/yaml.h"

namespace imsdoc {

const std::vector<std::string>& diagram_font_size_roles() {
  static const std::vector<std::string> kRoles = {"title", "node", "detail", "edge", "cluster"};
  return kRoles;
}

const std::vector<std::string>& diagram_color_roles() {
  static const std::vector<std::string> kRoles = {
      "background",   "text",          "muted_text",      "node_fill",
      "node_border",  "gate_fill",     "gate_border",     "focus_fill",
      "focus_border", "external_fill", "external_border", "edge",
      "edge_text",    "cluster_fill",  "cluster_border",  "cluster_text"};
  return kRoles;
}

namespace {

constexpr const char* kStyleFile = "diagram.yaml";

bool valid_color(const std::string& v) {
  // A colour reaches DOT quoted, but keep it to what Graphviz understands: #rgb(a) hex or a
  // colour name.
  static const Regex kColor = Regex::fixed("^(#[0-9a-fA-F]{6}([0-9a-fA-F]{2})?|[a-zA-Z]+)$");
  return kColor.full_match(v);
}

bool valid_font(const std::string& v) {
  if (v.empty()) return false;
  for (char c : v) {
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) return false;
  }
  return true;
}

void read_map(const YamlNode& root, const std::string& key, const std::string& file,
              const std::vector<std::string>& roles, Diagnostics& diags,
              const std::function<void(const std::string&, const YamlNode&)>& read) {
  const YamlNode* m = root.get(key);
  if (!m) return;
  if (!m->is_map()) {
    diags.error(m->span(file),
                "'" + key + "' must be a mapping of role to value, found " + describe(*m));
    return;
  }
  check_known_keys(*m, file, roles, file + " " + key, diags);
  for (const auto& [k, v] : m->entries) {
    if (std::find(roles.begin(), roles.end(), k.scalar) == roles.end()) continue;
    if (!v.is_scalar()) {
      diags.error(v.span(file),
                  "'" + key + "." + k.scalar + "' must be a value, found " + describe(v));
      continue;
    }
    read(k.scalar, v);
  }
}

bool read_style_file(const std::string& text, const std::string& file, Diagnostics& diags,
                     DiagramStyle* style) {
  int before = diags.error_count();
  YamlNode root;
  if (!parse_yaml(text, file, 0, &root, diags)) return false;
  if (root.is_null()) return true;
  if (!root.is_map()) {
    diags.error(root.span(file), "diagram.yaml must be a mapping, found " + describe(root),
                "see docs/themes.md for its keys");
    return false;
  }
  check_known_keys(root, file, {"font", "font_size", "colors"}, file, diags);
  const YamlNode* font_node = nullptr;
  std::string font;
  if (read_string(root, "font", file, false, file, diags, &font, &font_node)) {
    if (valid_font(font)) {
      style->font = font;
    } else {
      diags.error(font_node->span(file), "invalid font '" + font + "'",
                  "a font family name such as \"DejaVu Sans\"");
    }
  }
  read_map(root, "font_size", file, diagram_font_size_roles(), diags,
           [&](const std::string& role, const YamlNode& v) {
             char* end = nullptr;
             long n = std::strtol(v.scalar.c_str(), &end, 10);
             if (v.scalar.empty() || *end != '\0' || n < 4 || n > 72) {
               diags.error(v.span(file), "font size '" + v.scalar + "' of '" + role +
                                             "' must be a whole number of points from 4 to 72");
               return;
             }
             style->sizes[role] = static_cast<int>(n);
           });
  read_map(root, "colors", file, diagram_color_roles(), diags,
           [&](const std::string& role, const YamlNode& v) {
             if (!valid_color(v.scalar)) {
               diags.error(v.span(file), "invalid colour '" + v.scalar + "' for '" + role + "'",
                           "write #rrggbb, #rrggbbaa or a colour name such as white");
               return;
             }
             style->colors[role] = v.scalar;
           });
  return diags.error_count() == before;
}

}  // namespace

bool load_diagram_style(const Theme& theme, Diagnostics& diags, DiagramStyle* style) {
  int before = diags.error_count();
  const std::string builtin = std::string("themes/default/") + kStyleFile;
  for (const auto& f : embedded_files()) {
    if (f.path == builtin) {
      read_style_file(std::string(f.data), "<built-in>/" + builtin, diags, style);
    }
  }
  auto it = theme.files.find(kStyleFile);
  if (it != theme.files.end() && theme.origin.at(kStyleFile) != "<built-in>/" + builtin) {
    read_style_file(normalize_newlines(it->second), theme.origin.at(kStyleFile), diags, style);
  }
  for (const auto& role : diagram_font_size_roles()) {
    if (!style->sizes.count(role)) style->sizes[role] = 10;
  }
  for (const auto& role : diagram_color_roles()) {
    if (!style->colors.count(role)) style->colors[role] = "black";
  }
  if (style->font.empty()) style->font = "sans-serif";
  return diags.error_count() == before;
}

}  // namespace imsdoc
