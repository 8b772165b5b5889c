#include "model/document.h"

namespace imsdoc::doc {

std::string plain_text(const Inlines& inlines) {
  std::string out;
  for (const Inline& in : inlines) {
    switch (in.kind) {
      case InlineKind::kText:
      case InlineKind::kCode:
        out += in.text;
        break;
      case InlineKind::kSoftBreak:
      case InlineKind::kLineBreak:
        out += ' ';
        break;
      case InlineKind::kRawHtml:
      case InlineKind::kFootnoteRef:
        break;
      case InlineKind::kRef:
        out += in.title().empty() ? in.text : in.title();
        break;
      default:
        out += plain_text(in.children);
    }
  }
  return out;
}

namespace {

void append_blocks(const std::vector<Block>& blocks, std::string* out) {
  for (const Block& b : blocks) {
    std::string text = plain_text(b.inlines);
    if (b.kind == BlockKind::kCodeBlock || b.kind == BlockKind::kRawHtml) text = b.text();
    for (const auto& row : b.rows()) {
      for (const auto& cell : row) {
        if (!text.empty()) text += ' ';
        text += plain_text(cell);
      }
    }
    if (!text.empty()) *out += (out->empty() ? "" : " ") + text;
    append_blocks(b.children, out);
  }
}

}  // namespace

std::string plain_text_of(const Document& d) {
  std::string out;
  append_blocks(d.blocks, &out);
  return out;
}

}  // namespace imsdoc::doc
