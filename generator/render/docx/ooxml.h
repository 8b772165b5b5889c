// Small building blocks of WordprocessingML shared by the DOCX parts.
#pragma once

#include <string>
#include <string_view>

namespace imsdoc::ooxml {

// Escapes & < > " for XML text and attribute values and drops every character XML 1.0 cannot
// hold (C0 controls other than tab, LF and CR; U+FFFE, U+FFFF); `removed` counts the drops.
// Invalid UTF-8 becomes U+FFFD.
std::string escape(std::string_view s, int* removed = nullptr);

// The byte offset of the first character of `s` XML cannot hold (npos if none); `name` gets
// it as "U+0001".
size_t find_invalid_char(std::string_view s, std::string* name = nullptr);

inline constexpr const char* kXmlDeclaration =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

// Namespace declarations of the main document, headers, footers and footnotes.
inline constexpr const char* kWordNamespaces =
    " xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
    " xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
    " xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\""
    " xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\""
    " xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\""
    " xmlns:asvg=\"http://schemas.microsoft.com/office/drawing/2016/SVG/main\"";

// Relationship types.
inline constexpr const char* kRelBase =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";

// Natural size of a PNG or JPEG image in pixels; false if `bytes` is neither.
bool image_size(std::string_view bytes, int* width, int* height, std::string* extension);

}  // namespace imsdoc::ooxml
