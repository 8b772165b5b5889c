#include "load/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <cctype>
#include <cstring>
#include <mutex>

#include "base/text.h"

namespace imsdoc {

using doc::Align;
using doc::Block;
using doc::BlockKind;
using doc::Inline;
using doc::InlineKind;

bool is_safe_url(const std::string& url, bool image) {
  // Find a scheme: letters, digits, + - . before the first ':' that precedes any '/', '?', '#'.
  size_t colon = url.find(':');
  size_t delim = url.find_first_of("/?#");
  if (colon == std::string::npos || (delim != std::string::npos && delim < colon)) return true;
  std::string scheme;
  for (size_t i = 0; i < colon; ++i) {
    unsigned char c = static_cast<unsigned char>(url[i]);
    if (std::isspace(c) || std::iscntrl(c)) continue;  // browsers ignore these: "java\tscript:"
    scheme += static_cast<char>(std::tolower(c));
  }
  if (scheme == "http" || scheme == "https" || scheme == "mailto" || scheme == "tel" ||
      scheme == "ftp") {
    return true;
  }
  if (image && scheme == "data") {
    std::string rest = url.substr(colon + 1, 10);
    for (auto& c : rest) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return rest.rfind("image/png", 0) == 0 || rest.rfind("image/gif", 0) == 0 ||
           rest.rfind("image/jpeg", 0) == 0 || rest.rfind("image/webp", 0) == 0;
  }
  return false;
}

namespace {

const char* type_string(cmark_node* node) { return cmark_node_get_type_string(node); }

struct Converter {
  const MarkdownSource& source;
  Diagnostics& diags;
  int footnotes = 0;

  int line_of(cmark_node* node) const {
    int l = cmark_node_get_start_line(node);
    return l > 0 ? l + source.line_offset : 0;
  }
  int col_of(cmark_node* node) const {
    int l = cmark_node_get_start_line(node);
    int c = cmark_node_get_start_column(node);
    if (c <= 0) return 0;
    return c + (l == 1 ? source.col_offset : 0);
  }

  static std::string literal(cmark_node* node) {
    const char* s = cmark_node_get_literal(node);
    return s ? s : "";
  }

  doc::Inlines inlines(cmark_node* parent) {
    doc::Inlines out;
    for (cmark_node* n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
      Inline in = inline_node(n, parent);
      // cmark splits text at '[' and ']': join runs so that [[...]] can be found in one piece.
      if (in.kind == InlineKind::kText && !out.empty() && out.back().kind == InlineKind::kText &&
          out.back().line == in.line) {
        out.back().text += in.text;
      } else {
        out.push_back(std::move(in));
      }
    }
    bool in_link = cmark_node_get_type(parent) == CMARK_NODE_LINK;
    return in_link ? out : split_references(std::move(out));
  }

  // Splits [[ID]] and [[ID|label]] out of text inlines into kRef inlines.
  doc::Inlines split_references(doc::Inlines list) {
    doc::Inlines out;
    for (auto& in : list) {
      if (in.kind != InlineKind::kText || in.text.find("[[") == std::string::npos) {
        out.push_back(std::move(in));
        continue;
      }
      const std::string& t = in.text;
      size_t done = 0;
      for (size_t open = t.find("[["); open != std::string::npos; open = t.find("[[", open)) {
        size_t close = t.find("]]", open + 2);
        if (close == std::string::npos) break;
        std::string inner = t.substr(open + 2, close - open - 2);
        if (inner.find('[') != std::string::npos) {
          open += 1;  // "[[[x]]": the reference starts at the innermost "[["
          continue;
        }
        Inline ref;
        ref.kind = InlineKind::kRef;
        ref.line = in.line;
        ref.col = in.col > 0 ? in.col + static_cast<int>(open) : 0;
        size_t bar = inner.find('|');
        ref.text = trim(inner.substr(0, bar));
        if (bar != std::string::npos) ref.title = trim(inner.substr(bar + 1));
        if (ref.text.empty()) {
          diags.error({source.file, ref.line, ref.col}, "empty reference '[[" + inner + "]]'",
                      "write [[ID]] or [[ID|label]], e.g. [[RSK-004]] or [[42001:6.1.2]]");
          open = close + 2;
          continue;
        }
        if (open > done) {
          Inline text = in;
          text.text = t.substr(done, open - done);
          text.col = in.col > 0 ? in.col + static_cast<int>(done) : 0;
          out.push_back(std::move(text));
        }
        out.push_back(std::move(ref));
        done = open = close + 2;
      }
      if (done < t.size()) {
        Inline text = in;
        text.text = t.substr(done);
        text.col = in.col > 0 ? in.col + static_cast<int>(done) : 0;
        out.push_back(std::move(text));
      }
    }
    return out;
  }

  Inline inline_node(cmark_node* n, cmark_node* parent) {
    Inline in;
    in.line = line_of(n);
    in.col = col_of(n);
    if (in.line == 0) {
      in.line = line_of(parent);
      in.col = col_of(parent);
    }
    switch (cmark_node_get_type(n)) {
      case CMARK_NODE_TEXT:
        in.kind = InlineKind::kText;
        in.text = literal(n);
        break;
      case CMARK_NODE_SOFTBREAK:
        in.kind = InlineKind::kSoftBreak;
        break;
      case CMARK_NODE_LINEBREAK:
        in.kind = InlineKind::kLineBreak;
        break;
      case CMARK_NODE_CODE:
        in.kind = InlineKind::kCode;
        in.text = literal(n);
        break;
      case CMARK_NODE_HTML_INLINE:
        in.kind = InlineKind::kRawHtml;
        in.text = literal(n);
        break;
      case CMARK_NODE_EMPH:
        in.kind = InlineKind::kEmph;
        in.children = inlines(n);
        break;
      case CMARK_NODE_STRONG:
        in.kind = InlineKind::kStrong;
        in.children = inlines(n);
        break;
      case CMARK_NODE_FOOTNOTE_REFERENCE:
        in.kind = InlineKind::kFootnoteRef;
        in.text = literal(n);  // the definition's number, see kFootnoteDef
        break;
      case CMARK_NODE_LINK:
      case CMARK_NODE_IMAGE: {
        bool image = cmark_node_get_type(n) == CMARK_NODE_IMAGE;
        in.kind = image ? InlineKind::kImage : InlineKind::kLink;
        const char* url = cmark_node_get_url(n);
        const char* title = cmark_node_get_title(n);
        in.url = url ? url : "";
        in.title = title ? title : "";
        in.children = inlines(n);
        if (!is_safe_url(in.url, image)) {
          diags.warning({source.file, in.line, in.col},
                        std::string("unsafe URL scheme in ") + (image ? "image" : "link") + " '" +
                            in.url + "' removed",
                        "only http, https, mailto, tel, ftp and relative URLs are allowed");
          in.url.clear();
        }
        break;
      }
      default:
        if (std::strcmp(type_string(n), "strikethrough") == 0) {
          in.kind = InlineKind::kStrikethrough;
          in.children = inlines(n);
        } else {
          // Unknown inline extension: keep its text.
          in.kind = InlineKind::kText;
          in.text = literal(n);
        }
    }
    return in;
  }

  std::vector<Block> blocks(cmark_node* parent) {
    std::vector<Block> out;
    for (cmark_node* n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
      out.push_back(block_node(n));
    }
    return out;
  }

  Block block_node(cmark_node* n) {
    Block b;
    b.line = line_of(n);
    switch (cmark_node_get_type(n)) {
      case CMARK_NODE_PARAGRAPH:
        b.kind = BlockKind::kParagraph;
        b.inlines = inlines(n);
        break;
      case CMARK_NODE_HEADING:
        b.kind = BlockKind::kHeading;
        b.level = cmark_node_get_heading_level(n);
        b.inlines = inlines(n);
        break;
      case CMARK_NODE_LIST:
        b.kind = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST ? BlockKind::kOrderedList
                                                                   : BlockKind::kBulletList;
        b.start = cmark_node_get_list_start(n);
        b.tight = cmark_node_get_list_tight(n) != 0;
        b.children = blocks(n);
        break;
      case CMARK_NODE_ITEM:
        b.kind = BlockKind::kListItem;
        if (std::strcmp(type_string(n), "tasklist") == 0) {
          b.task = cmark_gfm_extensions_get_tasklist_item_checked(n) ? 2 : 1;
        }
        b.children = blocks(n);
        break;
      case CMARK_NODE_CODE_BLOCK: {
        b.kind = BlockKind::kCodeBlock;
        b.text = literal(n);
        const char* info = cmark_node_get_fence_info(n);
        b.info = info ? info : "";
        break;
      }
      case CMARK_NODE_HTML_BLOCK:
        b.kind = BlockKind::kRawHtml;
        b.text = literal(n);
        break;
      case CMARK_NODE_BLOCK_QUOTE:
        b.kind = BlockKind::kBlockQuote;
        b.children = blocks(n);
        break;
      case CMARK_NODE_THEMATIC_BREAK:
        b.kind = BlockKind::kThematicBreak;
        break;
      case CMARK_NODE_FOOTNOTE_DEFINITION:
        // cmark-gfm sorts definitions by first reference, drops unreferenced ones and gives
        // each reference the definition's index as its literal: label definitions the same way.
        b.kind = BlockKind::kFootnoteDef;
        b.info = std::to_string(++footnotes);
        b.children = blocks(n);
        break;
      default:
        if (std::strcmp(type_string(n), "table") == 0) {
          table(n, &b);
        } else {
          // Unknown block extension: keep its children as paragraphs.
          b.kind = BlockKind::kBlockQuote;
          b.children = blocks(n);
        }
    }
    return b;
  }

  void table(cmark_node* n, Block* b) {
    b->kind = BlockKind::kTable;
    uint16_t columns = cmark_gfm_extensions_get_table_columns(n);
    uint8_t* aligns = cmark_gfm_extensions_get_table_alignments(n);
    for (uint16_t i = 0; i < columns; ++i) {
      switch (aligns ? aligns[i] : 0) {
        case 'l':
          b->aligns.push_back(Align::kLeft);
          break;
        case 'c':
          b->aligns.push_back(Align::kCenter);
          break;
        case 'r':
          b->aligns.push_back(Align::kRight);
          break;
        default:
          b->aligns.push_back(Align::kNone);
      }
    }
    for (cmark_node* row = cmark_node_first_child(n); row; row = cmark_node_next(row)) {
      std::vector<doc::Inlines> cells;
      for (cmark_node* cell = cmark_node_first_child(row); cell; cell = cmark_node_next(cell)) {
        cells.push_back(inlines(cell));
      }
      check_split_references(cells);
      cells.resize(columns);  // GFM: short rows are padded, long rows cut
      b->rows.push_back(std::move(cells));
    }
  }

  // In a table row '|' ends a cell, also inside [[ID|label]]: the reference arrives split over
  // two cells and would silently become plain text.
  void check_split_references(const std::vector<doc::Inlines>& cells) {
    for (size_t c = 0; c + 1 < cells.size(); ++c) {
      if (cells[c].empty() || cells[c + 1].empty()) continue;
      const Inline& last = cells[c].back();
      const Inline& next = cells[c + 1].front();
      if (last.kind != InlineKind::kText || next.kind != InlineKind::kText) continue;
      size_t open = last.text.rfind("[[");
      size_t close = next.text.find("]]");
      if (open == std::string::npos || last.text.find("]]", open) != std::string::npos ||
          close == std::string::npos ||
          next.text.substr(0, close).find("[[") != std::string::npos) {
        continue;
      }
      std::string ref = last.text.substr(open) + "|" + next.text.substr(0, close + 2);
      std::string escaped = last.text.substr(open) + "\\|" + next.text.substr(0, close + 2);
      diags.error({source.file, last.line, last.col > 0 ? last.col + static_cast<int>(open) : 0},
                  "the '|' of '" + ref + "' ends the table cell",
                  "inside a table write it as " + escaped);
    }
  }
};

void ensure_extensions_registered() {
  static std::once_flag once;
  std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

}  // namespace

doc::Document parse_markdown(const std::string& text, const MarkdownSource& source,
                             Diagnostics& diags) {
  ensure_extensions_registered();
  const int options = CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8;
  cmark_parser* parser = cmark_parser_new(options);
  for (const char* name : {"table", "strikethrough", "autolink", "tasklist"}) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser, ext);
    }
  }
  cmark_parser_feed(parser, text.data(), text.size());
  cmark_node* root = cmark_parser_finish(parser);
  Converter converter{source, diags};
  doc::Document out;
  out.blocks = converter.blocks(root);
  cmark_node_free(root);
  cmark_parser_free(parser);
  return out;
}

}  // namespace imsdoc
