#include "render/docx/ooxml.h"

#include <cstdint>
#include <cstdio>

#include "base/text.h"

namespace imsdoc::ooxml {

namespace {

// Length of the UTF-8 sequence starting at s[i] (valid input assumed) and its code point.
uint32_t decode(std::string_view s, size_t i, size_t* len) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  if (c < 0x80 || i + 1 >= s.size()) {
    *len = 1;
    return c;
  }
  if (c < 0xE0) {
    *len = 2;
    return ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3Fu);
  }
  if (c < 0xF0 && i + 2 < s.size()) {
    *len = 3;
    return ((c & 0x0Fu) << 12) | ((static_cast<unsigned char>(s[i + 1]) & 0x3Fu) << 6) |
           (static_cast<unsigned char>(s[i + 2]) & 0x3Fu);
  }
  *len = std::min<size_t>(4, s.size() - i);
  return 0x10000;  // a supplementary-plane character: always allowed
}

bool allowed(uint32_t cp) {
  if (cp < 0x20) return cp == 0x9 || cp == 0xA || cp == 0xD;
  return cp != 0xFFFE && cp != 0xFFFF;
}

}  // namespace

std::string escape(std::string_view raw, int* removed) {
  std::string valid;
  if (find_invalid_utf8(raw) != std::string_view::npos) {
    valid = valid_utf8(raw);
    raw = valid;
  }
  std::string out;
  out.reserve(raw.size() + raw.size() / 8);
  for (size_t i = 0; i < raw.size();) {
    size_t len = 1;
    uint32_t cp = decode(raw, i, &len);
    if (!allowed(cp)) {
      if (removed) ++*removed;
    } else if (cp == '&') {
      out += "&amp;";
    } else if (cp == '<') {
      out += "&lt;";
    } else if (cp == '>') {
      out += "&gt;";
    } else if (cp == '"') {
      out += "&quot;";
    } else {
      out.append(raw.substr(i, len));
    }
    i += len;
  }
  return out;
}

size_t find_invalid_char(std::string_view s, std::string* name) {
  for (size_t i = 0; i < s.size();) {
    size_t len = 1;
    uint32_t cp = decode(s, i, &len);
    if (!allowed(cp)) {
      char buf[16];
      std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
      if (name) *name = buf;
      return i;
    }
    i += len;
  }
  return std::string_view::npos;
}

bool image_size(std::string_view b, int* width, int* height, std::string* extension) {
  auto u8 = [&b](size_t i) { return static_cast<uint32_t>(static_cast<unsigned char>(b[i])); };
  if (b.size() >= 24 && b.substr(0, 8) == std::string_view("\x89PNG\r\n\x1a\n", 8) &&
      b.substr(12, 4) == "IHDR") {
    *width = static_cast<int>((u8(16) << 24) | (u8(17) << 16) | (u8(18) << 8) | u8(19));
    *height = static_cast<int>((u8(20) << 24) | (u8(21) << 16) | (u8(22) << 8) | u8(23));
    *extension = "png";
    return *width > 0 && *height > 0;
  }
  if (b.size() >= 4 && u8(0) == 0xFF && u8(1) == 0xD8) {
    // Walk the JPEG segments to the first start-of-frame marker, which holds the size.
    size_t i = 2;
    while (i + 9 < b.size()) {
      if (u8(i) != 0xFF) return false;
      uint32_t marker = u8(i + 1);
      uint32_t length = (u8(i + 2) << 8) | u8(i + 3);
      bool sof =
          marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
      if (sof) {
        *height = static_cast<int>((u8(i + 5) << 8) | u8(i + 6));
        *width = static_cast<int>((u8(i + 7) << 8) | u8(i + 8));
        *extension = "jpeg";
        return *width > 0 && *height > 0;
      }
      i += 2 + length;
    }
  }
  return false;
}

}  // namespace imsdoc::ooxml
