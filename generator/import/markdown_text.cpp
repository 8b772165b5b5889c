#include "import/markdown_text.h"

#include <cstdio>
#include <string_view>

#include "base/text.h"

namespace imsdoc {

std::string escape_markdown(const std::string& text, bool block_start, bool in_table) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    if (c == '\\' || c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '<' ||
        (in_table && c == '|')) {
      out += '\\';
    }
    out += c;
  }
  if (block_start && !out.empty()) {
    char first = out[0];
    if ((first == '#' || first == '>' || first == '-' || first == '+' || first == '=')) {
      out = concat({"\\", out});
    } else if (first >= '0' && first <= '9') {
      // "1. text" or "1) text" would start an ordered list.
      size_t p = 0;
      while (p < out.size() && out[p] >= '0' && out[p] <= '9') ++p;
      if (p < out.size() && (out[p] == '.' || out[p] == ')') &&
          (p + 1 == out.size() || out[p + 1] == ' ')) {
        out = concat({std::string_view(out).substr(0, p), "\\", std::string_view(out).substr(p)});
      }
    }
  }
  return out;
}

std::string emphasize(const std::string& markdown, bool bold, bool italic) {
  if (!bold && !italic) return markdown;
  size_t b = markdown.find_first_not_of(' ');
  if (b == std::string::npos) return markdown;
  size_t e = markdown.find_last_not_of(' ');
  const char* marker = bold && italic ? "***" : bold ? "**" : "*";
  return markdown.substr(0, b) + marker + markdown.substr(b, e - b + 1) + marker +
         markdown.substr(e + 1);
}

std::string yaml_quote(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7F) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02X", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace imsdoc
