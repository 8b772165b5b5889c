#include "load/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <mutex>
#include <string_view>

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
    std::string rest = ascii_lower(url.substr(colon + 1, 10));
    return rest.rfind("image/png", 0) == 0 || rest.rfind("image/gif", 0) == 0 ||
           rest.rfind("image/jpeg", 0) == 0 || rest.rfind("image/webp", 0) == 0;
  }
  return false;
}

namespace {

const char* type_string(cmark_node* node) { return cmark_node_get_type_string(node); }

// Containers (lists, items, quotes, emphasis, links...) nested deeper than this are cut off
// with an error: the document model and every renderer recurse, and a hostile file of a few
// KB ("> > > > ..." 20,000 times) must not overflow the stack.
constexpr int kMaxNesting = 100;

struct Converter {
  const MarkdownSource& source;
  Diagnostics& diags;
  const std::string& text;  // what cmark parsed
  int footnotes = 0;
  int depth = 0;
  bool too_deep = false;

  // Enters one more level of nesting at `node`; false (reported once) when that is too deep.
  bool enter(cmark_node* node) {
    if (depth < kMaxNesting) {
      ++depth;
      return true;
    }
    if (!too_deep) {
      too_deep = true;
      diags.error({source.file, line_of(node), col_of(node)},
                  "content nested more than " + std::to_string(kMaxNesting) +
                      " levels deep (lists, block quotes, emphasis or links inside each other)",
                  "flatten the structure; everything deeper is left out");
    }
    return false;
  }

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

  // cmark-gfm 0.29 gives an autolink (<scheme:...>) after a soft line break the column it would
  // have if the paragraph were one line. Finds "<url>" on the reported line instead; a column
  // that cannot be confirmed becomes 0 (unknown) rather than pointing somewhere wrong. Only
  // links that read as their own URL can be autolinks: others are not looked at.
  void fix_autolink_column(cmark_node* n, Inline* in) const {
    cmark_node* child = cmark_node_first_child(n);
    if (!child || cmark_node_next(child) || cmark_node_get_type(child) != CMARK_NODE_TEXT ||
        !ends_with(in->url(), literal(child))) {
      return;
    }
    int line = cmark_node_get_start_line(n);
    int col = cmark_node_get_start_column(n);
    if (line <= 0 || col <= 0) return;
    std::string row = line_text(text, line);
    size_t at = static_cast<size_t>(col - 1);
    if (at < row.size() && (row[at] == '[' || row.compare(at, in->url().size(), in->url()) == 0)) {
      return;
    }
    size_t found = row.find("<" + in->url() + ">");
    in->col = found == std::string::npos
                  ? 0
                  : static_cast<int>(found) + 1 + (line == 1 ? source.col_offset : 0);
  }

  doc::Inlines inlines(cmark_node* parent) {
    doc::Inlines out;
    if (!enter(parent)) return out;
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
    --depth;
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
        if (bar != std::string::npos) ref.target().title = trim(inner.substr(bar + 1));
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
        in.target().url = url ? url : "";
        in.target().title = title ? title : "";
        in.children = inlines(n);
        if (!image) fix_autolink_column(n, &in);
        bool generated_diagram = image && in.url().rfind("imsdoc:", 0) == 0;  // the linker checks
        if (!generated_diagram && !is_safe_url(in.url(), image)) {
          diags.warning({source.file, in.line, in.col},
                        std::string("unsafe URL scheme in ") + (image ? "image" : "link") + " '" +
                            in.url() + "' removed",
                        "only http, https, mailto, tel, ftp and relative URLs are allowed");
          in.target().url.clear();
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
    if (!enter(parent)) return out;
    for (cmark_node* n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
      out.push_back(block_node(n));
    }
    --depth;
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
        b.content().text = literal(n);
        const char* info = cmark_node_get_fence_info(n);
        b.content().info = info ? info : "";
        break;
      }
      case CMARK_NODE_HTML_BLOCK:
        b.kind = BlockKind::kRawHtml;
        b.content().text = literal(n);
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
        b.content().info = std::to_string(++footnotes);
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
          b->content().aligns.push_back(Align::kLeft);
          break;
        case 'c':
          b->content().aligns.push_back(Align::kCenter);
          break;
        case 'r':
          b->content().aligns.push_back(Align::kRight);
          break;
        default:
          b->content().aligns.push_back(Align::kNone);
      }
    }
    for (cmark_node* row = cmark_node_first_child(n); row; row = cmark_node_next(row)) {
      std::vector<doc::Inlines> cells;
      for (cmark_node* cell = cmark_node_first_child(row); cell; cell = cmark_node_next(cell)) {
        cells.push_back(inlines(cell));
      }
      check_split_references(cells);
      cells.resize(columns);  // GFM: short rows are padded, long rows cut
      b->content().rows.push_back(std::move(cells));
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

// cmark-gfm 0.29 adds the attached extensions' special characters (~ of strikethrough, : and w
// of autolink) to a table all parsers share when inline parsing starts, and clears them when it
// ends (blocks.c, process_inlines): a parser finishing on one thread made another one, still
// parsing inlines, lose strikethrough and autolinks. Inline parsing (cmark_parser_finish) is
// therefore one thread at a time; block parsing and the conversion stay parallel.
std::mutex& inline_parsing_mutex() {
  static std::mutex m;
  return m;
}

void ensure_extensions_registered() {
  static std::once_flag once;
  std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

// cmark-gfm 0.29.0.gfm.6 (Debian 12) matches emphasis and link brackets within one paragraph
// in quadratic time: a 3 MB paragraph takes minutes. Longer paragraphs are refused before
// parsing. A run of lines counts as one paragraph unless a blank line, a fence, or a line that
// starts a list item, quote, heading or table row ends it (code in fences is not counted).
constexpr size_t kMaxParagraphBytes = 256 * 1024;

bool starts_new_block(std::string_view line) {
  size_t i = line.find_first_not_of(' ');
  if (i == std::string_view::npos) return true;
  char c = line[i];
  if (c == '-' || c == '*' || c == '+' || c == '>' || c == '#' || c == '|') return true;
  size_t d = line.find_first_not_of("0123456789", i);
  return d != i && d != std::string_view::npos && (line[d] == '.' || line[d] == ')');
}

bool check_paragraph_lengths(const std::string& text, const MarkdownSource& source,
                             Diagnostics& diags) {
  int line_no = 0, run_line = 0;
  size_t run_bytes = 0;
  bool in_fence = false;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + pos, end - pos);
    pos = end + 1;
    ++line_no;
    std::string_view body = line.substr(std::min(line.find_first_not_of(' '), line.size()));
    bool fence = body.rfind("```", 0) == 0 || body.rfind("~~~", 0) == 0;
    if (fence) in_fence = !in_fence;
    if (fence || in_fence || body.empty()) {
      run_bytes = 0;
      continue;
    }
    if (run_bytes == 0 || starts_new_block(line)) {
      run_line = line_no;
      run_bytes = 0;
    }
    run_bytes += line.size() + 1;
    if (run_bytes > kMaxParagraphBytes) {
      diags.error({source.file, run_line + source.line_offset, 1},
                  "paragraph longer than " + std::to_string(kMaxParagraphBytes / 1024) +
                      " KB (no blank line from here on)",
                  "separate paragraphs with blank lines; cmark-gfm takes quadratic time on very "
                  "long paragraphs");
      return false;
    }
  }
  return true;
}

}  // namespace

doc::Document parse_markdown(const std::string& text, const MarkdownSource& source,
                             Diagnostics& diags) {
  if (!check_paragraph_lengths(text, source, diags)) return {};
  ensure_extensions_registered();
  const int options = CMARK_OPT_SOURCEPOS | CMARK_OPT_FOOTNOTES | CMARK_OPT_VALIDATE_UTF8;
  cmark_parser* parser = cmark_parser_new(options);
  for (const char* name : {"table", "strikethrough", "autolink", "tasklist"}) {
    if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name)) {
      cmark_parser_attach_syntax_extension(parser, ext);
    }
  }
  cmark_parser_feed(parser, text.data(), text.size());
  cmark_node* root = nullptr;
  {
    std::lock_guard<std::mutex> lock(inline_parsing_mutex());
    root = cmark_parser_finish(parser);
  }
  Converter converter{source, diags, text};
  doc::Document out;
  out.blocks = converter.blocks(root);
  cmark_node_free(root);
  cmark_parser_free(parser);
  return out;
}

}  // namespace imsdoc
