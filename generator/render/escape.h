// Escaping for HTML text and attribute values. Every string that reaches HTML goes through here.
#pragma once

#include <string>
#include <string_view>

namespace imsdoc {

// Escapes & < > " ' so the result is safe in element content and in quoted attributes.
std::string html_escape(std::string_view s);

// Appends html_escape(s) to *out.
void append_html_escaped(std::string* out, std::string_view s);

}  // namespace imsdoc
