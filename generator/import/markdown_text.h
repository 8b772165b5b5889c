// Writing Markdown text: escaping plain text so that it reads back as the same text, and
// inline emphasis and links around it. Shared by the DOCX reader and the scaffold.
#pragma once

#include <string>

namespace imsdoc {

// Escapes the characters that would start Markdown syntax in `text` ('\', '*', '_', '`', '[',
// ']', '<', and '|' when `in_table`), plus a leading list, heading or quote marker when
// `block_start`.
std::string escape_markdown(const std::string& text, bool block_start, bool in_table = false);

// `markdown` wrapped in emphasis markers: "**b**", "*i*", "***bi***"; white space at either end
// stays outside the markers (Markdown ignores "** b**").
std::string emphasize(const std::string& markdown, bool bold, bool italic);

// A YAML double-quoted scalar: "text" with '"', '\\' and control characters escaped.
std::string yaml_quote(const std::string& text);

}  // namespace imsdoc
