#include "render/docx/docx.h"

#include <algorithm>
#include <set>

#include "base/text.h"
#include "link/linker.h"
#include "render/document_control.h"
#include "render/docx/ooxml.h"
#include "render/register_values.h"

namespace imsdoc {

using doc::Block;
using doc::BlockKind;
using doc::Inline;
using doc::InlineKind;

namespace {

// A4 with 2 cm side margins: the width text and tables may take, in twentieths of a point.
constexpr int kTextWidthTwips = 9638;
constexpr long long kEmuPerTwip = 635;
constexpr int kListIndentTwips = 360;

// How runs look; nested emphasis accumulates.
struct RunStyle {
  bool bold = false;
  bool italic = false;
  bool strike = false;
  std::string style;  // character style id ("VerbatimChar", "Hyperlink")
};

// Where blocks are being written: their paragraph style and list nesting.
struct BlockContext {
  std::string style = "Normal";
  int list_depth = 0;    // 0 outside lists
  int indent_twips = 0;  // left indent of continuation paragraphs in list items
  bool tight = false;
};

// One relationship of word/document.xml.
struct Relationship {
  std::string id;
  std::string type;  // suffix of ooxml::kRelBase
  std::string target;
  bool external = false;
};

struct ListInstance {
  int abstract_id;  // 1 bullets, 2 numbers
  int level;
  int start;
};

std::string attr(const std::string& s) { return ooxml::escape(s); }

class DocxWriter {
 public:
  DocxWriter(const Project& project, const DocxInputs& inputs, Diagnostics& diags)
      : project_(project), inputs_(inputs), diags_(diags), edition_(edition_status(project)) {}

  bool run(DocxParts* parts) {
    assign_bookmarks();
    out_ = &body_;
    title_page();
    document_control();
    contents();
    for (size_t i = 0; i < project_.sections.size(); ++i) section(project_.sections[i]);
    registers();
    package(parts);
    return true;
  }

 private:
  // ---- bookmarks ------------------------------------------------------------------------
  // Every section heading and register row gets a bookmark, so cross-references and the TOC
  // link to them. Names are short (Word allows 40 characters) and stable: in document order.
  void assign_bookmarks() {
    int n = 0;
    for (const auto& s : project_.sections) bookmarks_[s.id] = "_Toc" + pad(++n);
    for (const auto& reg : project_.registers) {
      for (const auto& e : reg.entries) bookmarks_[e.id] = "_Ref" + pad(++n);
    }
    if (!project_.registers.empty()) registers_bookmark_ = "_Toc_registers";
    for (const auto& reg : project_.registers) register_bookmarks_[reg.name] = "_Toc" + pad(++n);
  }

  static std::string pad(int n) {
    std::string s = std::to_string(n);
    return std::string(s.size() < 6 ? 6 - s.size() : 0, '0') + s;
  }

  // The bookmark a reference to `id` lands on: its section or register row; a clause or
  // control lands on its SoA row when there is one. "" when the document has no such place.
  std::string anchor_for(const std::string& id) const {
    auto it = bookmarks_.find(id);
    if (it != bookmarks_.end()) return it->second;
    const Target* t = project_.resolve(id);
    if (t) {
      auto by_target = bookmarks_.find(t->id);
      if (by_target != bookmarks_.end()) return by_target->second;
    }
    return "";
  }

  void bookmark_start(const std::string& name) {
    *out_ += "<w:bookmarkStart w:id=\"" + std::to_string(++bookmark_ids_) + "\" w:name=\"" +
             attr(name) + "\"/>";
  }
  void bookmark_end() {
    *out_ += "<w:bookmarkEnd w:id=\"" + std::to_string(bookmark_ids_) + "\"/>";
  }

  // ---- text and runs ----------------------------------------------------------------------
  // Escaped text; characters XML cannot hold are left out, with one warning per source line.
  std::string text(const std::string& s) {
    int removed = 0;
    std::string escaped = ooxml::escape(s, &removed);
    if (removed > 0 && warned_.insert(where_.file + ":" + std::to_string(where_.line)).second) {
      std::string name;
      size_t offset = ooxml::find_invalid_char(s, &name);
      SourceSpan at = where_;
      if (at.col > 0 && s.find('\n') > offset) at.col += static_cast<int>(offset);
      diags_.warning(at,
                     "character " + name + " cannot be stored in a Word document and was left out",
                     "remove the control character from the source");
    }
    return escaped;
  }

  void run(const std::string& s, const RunStyle& rs = {}) {
    if (s.empty()) return;
    std::string props;
    if (!rs.style.empty()) props += "<w:rStyle w:val=\"" + rs.style + "\"/>";
    if (rs.bold) props += "<w:b/>";
    if (rs.italic) props += "<w:i/>";
    if (rs.strike) props += "<w:strike/>";
    std::string open = "<w:r>" + (props.empty() ? "" : "<w:rPr>" + props + "</w:rPr>");
    *out_ += open;
    // Tabs and line feeds are elements of their own in WordprocessingML.
    std::string chunk;
    auto flush = [&] {
      if (chunk.empty()) return;
      // Spaces at either end would be dropped without xml:space="preserve".
      bool edge = chunk.front() == ' ' || chunk.back() == ' ';
      *out_ += (edge ? "<w:t xml:space=\"preserve\">" : "<w:t>") + text(chunk) + "</w:t>";
      chunk.clear();
    };
    for (char c : s) {
      if (c == '\t') {
        flush();
        *out_ += "<w:tab/>";
      } else if (c == '\n') {
        flush();
        *out_ += "<w:br/>";
      } else {
        chunk += c;
      }
    }
    flush();
    *out_ += "</w:r>";
  }

  void inlines(const doc::Inlines& list, const RunStyle& rs) {
    for (const auto& in : list) inline_node(in, rs);
  }

  void inline_node(const Inline& in, const RunStyle& rs) {
    if (in.line > 0) where_ = {where_.file, in.line, in.col};
    switch (in.kind) {
      case InlineKind::kText:
        run(in.text, rs);
        break;
      case InlineKind::kSoftBreak:
        run(" ", rs);
        break;
      case InlineKind::kLineBreak:
        *out_ += "<w:r><w:br/></w:r>";
        break;
      case InlineKind::kCode: {
        RunStyle code = rs;
        code.style = "VerbatimChar";
        run(in.text, code);
        break;
      }
      case InlineKind::kEmph: {
        RunStyle s = rs;
        s.italic = true;
        inlines(in.children, s);
        break;
      }
      case InlineKind::kStrong: {
        RunStyle s = rs;
        s.bold = true;
        inlines(in.children, s);
        break;
      }
      case InlineKind::kStrikethrough: {
        RunStyle s = rs;
        s.strike = true;
        inlines(in.children, s);
        break;
      }
      case InlineKind::kLink:
        if (!in.target_id().empty()) {
          internal_link(anchor_for(in.target_id()), in.children, rs);
        } else if (in.url().empty()) {
          inlines(in.children, rs);  // an unsafe URL was removed at load time
        } else if (in.url()[0] == '#') {
          inlines(in.children, rs);  // a fragment of the web page: no place in the document
        } else {
          external_link(in.url(), in.children, rs);
        }
        break;
      case InlineKind::kImage:
        image(in);
        break;
      case InlineKind::kRawHtml:
        run(project_.config.allow_raw_html ? "" : in.text, rs);
        break;
      case InlineKind::kRef: {
        if (in.target_id().empty()) {
          run("[[" + in.text + "]]", rs);  // unresolved: already reported by the linker
          break;
        }
        Inline label;
        label.text = in.title();
        internal_link(anchor_for(in.target_id()), {label}, rs);
        break;
      }
      case InlineKind::kFootnoteRef:
        footnote_reference(in.text);
        break;
    }
  }

  void internal_link(const std::string& anchor, const doc::Inlines& children, RunStyle rs) {
    if (anchor.empty()) {
      inlines(children, rs);
      return;
    }
    rs.style = "Hyperlink";
    *out_ += "<w:hyperlink w:anchor=\"" + attr(anchor) + "\" w:history=\"1\">";
    inlines(children, rs);
    *out_ += "</w:hyperlink>";
  }

  void external_link(const std::string& url, const doc::Inlines& children, RunStyle rs) {
    std::string& id = hyperlink_ids_[url];
    if (id.empty()) id = add_relationship("hyperlink", url, true);
    rs.style = "Hyperlink";
    *out_ += "<w:hyperlink r:id=\"" + id + "\" w:history=\"1\">";
    inlines(children, rs);
    *out_ += "</w:hyperlink>";
  }

  std::string add_relationship(const std::string& type, const std::string& target, bool external) {
    std::string id = "rId" + std::to_string(kFirstDynamicRel + relationships_.size());
    relationships_.push_back({id, type, target, external});
    return id;
  }

  // ---- images -----------------------------------------------------------------------------
  // Diagram `key` as a picture: the PNG, with the SVG beside it for the readers that draw SVG
  // (Word 2016 and later); false if there is none.
  bool diagram_picture(const std::string& key, const std::string& description) {
    const RenderedDiagram* d = inputs_.diagrams ? inputs_.diagrams->find(key) : nullptr;
    if (!d || d->png.empty()) return false;
    std::string& media = media_by_path_["diagram:" + key];
    if (media.empty()) {
      media = "media/image" + std::to_string(media_by_path_.size());
      media_parts_.push_back({"word/" + media + ".png", d->png});
      if (!d->svg.empty()) {
        // Node links lead to site pages, which the document does not have.
        std::string svg = svg_with_links(d->svg, [](const std::string&) { return std::string(); });
        media_parts_.push_back({"word/" + media + ".svg", ooxml::kXmlDeclaration + svg});
      }
    }
    std::string& rel = image_rels_[media + ".png"];
    if (rel.empty()) rel = add_relationship("image", media + ".png", false);
    std::string svg_rel;
    if (!d->svg.empty()) {
      std::string& r = image_rels_[media + ".svg"];
      if (r.empty()) r = add_relationship("image", media + ".svg", false);
      svg_rel = r;
    }
    // drawing() takes pixels at 96 dpi; the diagram's natural size is in points.
    drawing(rel, d->width_pt * 4 / 3, d->height_pt * 4 / 3,
            description.empty() ? d->title : description, svg_rel);
    return true;
  }

  void image(const Inline& in) {
    std::string alt = doc::plain_text(in.children);
    if (!in.target_id().empty() && diagram_picture(in.target_id(), alt)) return;
    auto it = in.path().empty() ? inputs_.images.end() : inputs_.images.find(in.path());
    int width = 0, height = 0;
    std::string extension;
    if (it == inputs_.images.end() || !ooxml::image_size(it->second, &width, &height, &extension)) {
      // Remote images are not fetched (and missing local ones are reported when loading):
      // the document keeps the alternative text and, for a URL, a link to it.
      Inline label;
      label.text = alt.empty() ? in.url() : alt;
      if (in.path().empty() && !in.url().empty()) {
        external_link(in.url(), {label}, {});
      } else {
        run(label.text);
      }
      return;
    }
    std::string& media = media_by_path_[in.path()];
    if (media.empty()) {
      media = "media/image" + std::to_string(media_by_path_.size()) + "." + extension;
      media_parts_.push_back({"word/" + media, it->second});
    }
    std::string& rel = image_rels_[media];
    if (rel.empty()) rel = add_relationship("image", media, false);
    drawing(rel, width, height, alt.empty() ? in.title() : alt);
  }

  // An inline picture `width` x `height` pixels (at 96 dpi), scaled down to the text width.
  // `svg_rel`, if set, names an SVG version of the picture (the Office 2016 svgBlip extension;
  // readers without it show the bitmap).
  void drawing(const std::string& rel, int width, int height, const std::string& description,
               const std::string& svg_rel = "") {
    long long cx = static_cast<long long>(width) * 9525;  // EMU per pixel at 96 dpi
    long long cy = static_cast<long long>(height) * 9525;
    const long long max_cx = kTextWidthTwips * kEmuPerTwip;
    if (cx > max_cx) {
      cy = cy * max_cx / cx;
      cx = max_cx;
    }
    std::string id = std::to_string(++drawing_ids_);
    std::string ext =
        "<wp:extent cx=\"" + std::to_string(cx) + "\" cy=\"" + std::to_string(cy) + "\"/>";
    *out_ += "<w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">" + ext +
             "<wp:docPr id=\"" + id + "\" name=\"Picture " + id + "\" descr=\"" +
             text(description) +
             "\"/><a:graphic><a:graphicData "
             "uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic>"
             "<pic:nvPicPr><pic:cNvPr id=\"" +
             id + "\" name=\"Picture " + id +
             "\"/><pic:cNvPicPr/></pic:nvPicPr><pic:blipFill><a:blip r:embed=\"" + rel + "\"" +
             (svg_rel.empty() ? "/>"
                              : "><a:extLst><a:ext uri=\"{96DAC541-7B7A-43D3-8B79-37D633B846F1}\">"
                                "<asvg:svgBlip r:embed=\"" +
                                    svg_rel + "\"/></a:ext></a:extLst></a:blip>") +
             "<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm>"
             "<a:off x=\"0\" y=\"0\"/><a:ext cx=\"" +
             std::to_string(cx) + "\" cy=\"" + std::to_string(cy) +
             "\"/></a:xfrm><a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr>"
             "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>";
  }

  // ---- footnotes --------------------------------------------------------------------------
  // Footnotes are numbered per section in the model; the document numbers them throughout.
  // A footnote referred to twice is written twice: a Word footnote has one reference.
  void footnote_reference(const std::string& label) {
    auto def = current_footnotes_.find(label);
    if (def == current_footnotes_.end()) {
      run("[" + label + "]");
      return;
    }
    int id = ++footnote_count_;
    *out_ +=
        "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteReference "
        "w:id=\"" +
        std::to_string(id) + "\"/></w:r>";
    std::string* saved = out_;
    std::string note;
    out_ = &note;
    BlockContext ctx;
    ctx.style = "FootnoteText";
    first_footnote_paragraph_ = true;
    for (const auto& b : def->second->children) block(b, ctx);
    if (first_footnote_paragraph_) {
      paragraph_open("FootnoteText");
      paragraph_close();
    }
    out_ = saved;
    footnotes_ += "<w:footnote w:id=\"" + std::to_string(id) + "\">" + note + "</w:footnote>";
  }

  // ---- paragraphs and blocks --------------------------------------------------------------
  void paragraph_open(const std::string& style, const std::string& numbering = "", int indent = 0,
                      const std::string& justify = "") {
    // Normal is the default paragraph style: a plain paragraph needs no properties.
    std::string props = style == "Normal" ? "" : "<w:pStyle w:val=\"" + style + "\"/>";
    props += numbering;
    if (indent > 0) props += "<w:ind w:left=\"" + std::to_string(indent) + "\"/>";
    if (!justify.empty()) props += "<w:jc w:val=\"" + justify + "\"/>";
    *out_ += props.empty() ? "<w:p>" : "<w:p><w:pPr>" + props + "</w:pPr>";
    if (first_footnote_paragraph_) {
      first_footnote_paragraph_ = false;
      *out_ +=
          "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr><w:footnoteRef/></w:r>"
          "<w:r><w:t xml:space=\"preserve\"> </w:t></w:r>";
    }
    last_was_table_ = false;
  }
  void paragraph_close() { *out_ += "</w:p>"; }

  void paragraph(const doc::Inlines& content, const BlockContext& ctx) {
    std::string numbering = std::move(pending_numbering_);
    pending_numbering_.clear();
    paragraph_open(ctx.style, numbering, numbering.empty() ? ctx.indent_twips : 0);
    if (!pending_task_.empty()) {
      run(pending_task_);
      pending_task_.clear();
    }
    inlines(content, {});
    paragraph_close();
  }

  void plain_paragraph(const std::string& style, const std::string& s, const RunStyle& rs = {}) {
    paragraph_open(style);
    run(s, rs);
    paragraph_close();
  }

  void blocks(const std::vector<Block>& list, const BlockContext& ctx) {
    for (const auto& b : list) block(b, ctx);
  }

  void block(const Block& b, const BlockContext& ctx) {
    if (b.line > 0) where_ = {where_.file, b.line, 0};
    switch (b.kind) {
      case BlockKind::kParagraph:
        paragraph(b.inlines, ctx);
        break;
      case BlockKind::kHeading:
        body_heading(b, ctx);
        break;
      case BlockKind::kBulletList:
      case BlockKind::kOrderedList:
        list(b, ctx);
        break;
      case BlockKind::kListItem:
        blocks(b.children, ctx);
        break;
      case BlockKind::kCodeBlock: {
        if (b.info().substr(0, b.info().find_first_of(" \t")) == "dot" && inputs_.diagrams &&
            inputs_.diagrams->find(diagram_key_for_block(b.text()))) {
          paragraph_open("Normal", "", ctx.indent_twips);
          diagram_picture(diagram_key_for_block(b.text()), "");
          paragraph_close();
          break;
        }
        std::string code = b.text();
        if (!code.empty() && code.back() == '\n') code.pop_back();
        paragraph_open(ctx.style == "FootnoteText" ? "FootnoteText" : "SourceCode", "",
                       ctx.indent_twips);
        run(code, ctx.style == "FootnoteText" ? RunStyle{false, false, false, "VerbatimChar"}
                                              : RunStyle{});
        paragraph_close();
        break;
      }
      case BlockKind::kBlockQuote: {
        BlockContext quote = ctx;
        quote.style = "BlockText";
        blocks(b.children, quote);
        break;
      }
      case BlockKind::kThematicBreak:
        paragraph_open("HorizontalRule");
        paragraph_close();
        break;
      case BlockKind::kRawHtml:
        // Raw HTML has no meaning in a Word document: shown as written unless the project
        // allows raw HTML (for the site), in which case it is left out here.
        if (!project_.config.allow_raw_html) {
          paragraph_open(ctx.style);
          run(b.text(), {false, false, false, "VerbatimChar"});
          paragraph_close();
        }
        break;
      case BlockKind::kTable:
        markdown_table(b);
        break;
      case BlockKind::kFootnoteDef:
        break;  // written where referenced
    }
  }

  // Headings inside a section body sit below the section's own heading level.
  void body_heading(const Block& b, const BlockContext& ctx) {
    if (ctx.list_depth > 0 || ctx.style == "FootnoteText") {
      paragraph(b.inlines, ctx);
      return;
    }
    int level = std::min(section_level_ + std::max(b.level - 1, 1), 6);
    paragraph_open("Heading" + std::to_string(level));
    inlines(b.inlines, {});
    paragraph_close();
  }

  void list(const Block& b, const BlockContext& ctx) {
    bool ordered = b.kind == BlockKind::kOrderedList;
    int level = std::min(ctx.list_depth, 8);
    lists_.push_back({ordered ? 2 : 1, level, b.start});
    int num_id = static_cast<int>(lists_.size());
    BlockContext inner = ctx;
    inner.list_depth = ctx.list_depth + 1;
    inner.indent_twips = kListIndentTwips * 2 * (level + 1);
    inner.tight = b.tight;
    if (b.tight && ctx.style == "Normal") inner.style = "Compact";
    for (const auto& item : b.children) {
      pending_numbering_ = "<w:numPr><w:ilvl w:val=\"" + std::to_string(level) +
                           "\"/><w:numId w:val=\"" + std::to_string(num_id) + "\"/></w:numPr>";
      if (item.task) pending_task_ = item.task == 2 ? "\u2612 " : "\u2610 ";
      bool starts_with_paragraph =
          !item.children.empty() && item.children.front().kind == BlockKind::kParagraph;
      if (!starts_with_paragraph) paragraph({}, inner);  // the item's number or bullet
      blocks(item.children, inner);
      pending_numbering_.clear();
      pending_task_.clear();
    }
  }

  // ---- tables -----------------------------------------------------------------------------
  // What a column needs: its longest text (for its share of the width) and its longest word
  // (below which it would break words apart).
  struct ColumnText {
    size_t longest = 0;
    size_t longest_word = 0;
    void add(const std::string& s) {
      longest = std::max(longest, s.size());
      size_t word = 0;
      for (char c : s) {
        word = c == ' ' || c == '\n' ? 0 : word + 1;
        longest_word = std::max(longest_word, word);
      }
    }
  };

  // Every column gets room for its longest word (about 100 twips a character at table text
  // size, plus the cell margins), then the rest of the width in proportion to its longest
  // text, so identifiers stay narrow and descriptions get room.
  static std::vector<int> column_widths(const std::vector<ColumnText>& columns) {
    std::vector<int> minimum;
    long long min_total = 0, share_total = 0;
    for (const auto& c : columns) {
      minimum.push_back(static_cast<int>(std::min<size_t>(c.longest_word, 24) * 100 + 200));
      min_total += minimum.back();
      share_total += static_cast<long long>(std::clamp<size_t>(c.longest, 4, 80));
    }
    std::vector<int> widths;
    long long spare = std::max<long long>(kTextWidthTwips - min_total, 0);
    int used = 0;
    for (size_t i = 0; i < columns.size(); ++i) {
      long long w = minimum[i] +
                    spare * static_cast<long long>(std::clamp<size_t>(columns[i].longest, 4, 80)) /
                        std::max<long long>(share_total, 1);
      if (min_total > kTextWidthTwips) w = minimum[i] * kTextWidthTwips / min_total;
      if (i + 1 == columns.size()) w = kTextWidthTwips - used;
      widths.push_back(static_cast<int>(w));
      used += static_cast<int>(w);
    }
    return widths;
  }

  // Writes a table whose cells are already WordprocessingML (each one or more paragraphs, or
  // empty). The first `header_rows` rows repeat on every page; rows do not split.
  // The shading of label cells (the first column of key-value tables such as the title
  // page's): the light blue-grey of table headings in print.css.
  static constexpr const char* kLabelShading = "E9EBF1";

  // `first_column_fill`, if set, shades the first column (an RGB hex colour).
  void table(const std::vector<std::vector<std::string>>& cells, const std::vector<int>& widths,
             int header_rows, const char* first_column_fill = nullptr) {
    if (last_was_table_) {  // Word would merge two adjacent tables into one
      paragraph_open("Compact");
      paragraph_close();
    }
    std::string& o = *out_;
    o += "<w:tbl><w:tblPr><w:tblStyle w:val=\"ImsTable\"/><w:tblW w:w=\"" +
         std::to_string(kTextWidthTwips) +
         "\" w:type=\"dxa\"/><w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"04A0\" "
         "w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" "
         "w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>";
    for (int w : widths) o += "<w:gridCol w:w=\"" + std::to_string(w) + "\"/>";
    o += "</w:tblGrid>";
    for (size_t r = 0; r < cells.size(); ++r) {
      o += "<w:tr><w:trPr><w:cantSplit/>";
      if (static_cast<int>(r) < header_rows) o += "<w:tblHeader/>";
      o += "</w:trPr>";
      for (size_t c = 0; c < widths.size(); ++c) {
        o += "<w:tc><w:tcPr><w:tcW w:w=\"" + std::to_string(widths[c]) + "\" w:type=\"dxa\"/>";
        if (c == 0 && first_column_fill) {
          o += std::string("<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"") +
               first_column_fill + "\"/>";
        }
        o += "</w:tcPr>";
        const std::string* cell = c < cells[r].size() ? &cells[r][c] : nullptr;
        // A cell must end with a paragraph, even when empty.
        if (cell && !cell->empty()) o += *cell;
        if (!cell || cell->empty() || !ends_with(*cell, "</w:p>")) {
          o += "<w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr></w:p>";
        }
        o += "</w:tc>";
      }
      o += "</w:tr>";
    }
    o += "</w:tbl>";
    last_was_table_ = true;
  }

  // Captures what `write` emits as the WordprocessingML of one table cell.
  template <typename F>
  std::string capture(F write) {
    std::string* saved = out_;
    bool saved_table = last_was_table_;
    std::string cell;
    out_ = &cell;
    write();
    out_ = saved;
    last_was_table_ = saved_table;
    return cell;
  }

  void markdown_table(const Block& b) {
    std::vector<std::vector<std::string>> cells;
    std::vector<ColumnText> longest;
    for (size_t r = 0; r < b.rows().size(); ++r) {
      std::vector<std::string> row;
      for (size_t c = 0; c < b.rows()[r].size(); ++c) {
        doc::Align a = c < b.aligns().size() ? b.aligns()[c] : doc::Align::kNone;
        std::string jc = a == doc::Align::kCenter  ? "center"
                         : a == doc::Align::kRight ? "right"
                                                   : "";
        row.push_back(capture([&] {
          paragraph_open(r == 0 ? "TableHeading" : "TableText", "", 0, jc);
          inlines(b.rows()[r][c], {});
          paragraph_close();
        }));
        if (longest.size() <= c) longest.resize(c + 1);
        longest[c].add(doc::plain_text(b.rows()[r][c]));
      }
      cells.push_back(std::move(row));
    }
    if (!longest.empty()) table(cells, column_widths(longest), 1);
  }

  // A two-column table of labels and plain values.
  void key_value_table(const std::vector<std::pair<std::string, std::string>>& rows) {
    std::vector<std::vector<std::string>> cells;
    for (const auto& row : rows) {
      cells.push_back({capture([&] {
                         plain_paragraph("TableText", row.first, {true, false, false, ""});
                       }),
                       capture([&] { plain_paragraph("TableText", row.second); })});
    }
    table(cells, {2600, kTextWidthTwips - 2600}, 0, kLabelShading);
  }

  // A table of plain strings with one header row.
  void text_table(const std::vector<std::string>& header,
                  const std::vector<std::vector<std::string>>& rows) {
    std::vector<std::vector<std::string>> cells;
    std::vector<ColumnText> longest(header.size());
    std::vector<std::string> head;
    for (size_t c = 0; c < header.size(); ++c) {
      head.push_back(capture([&] { plain_paragraph("TableHeading", header[c]); }));
      longest[c].add(header[c]);
    }
    cells.push_back(std::move(head));
    for (const auto& row : rows) {
      std::vector<std::string> out;
      for (size_t c = 0; c < row.size() && c < header.size(); ++c) {
        out.push_back(capture([&] { plain_paragraph("TableText", row[c]); }));
        longest[c].add(row[c]);
      }
      cells.push_back(std::move(out));
    }
    table(cells, column_widths(longest), 1);
  }

  // ---- front matter -------------------------------------------------------------------------
  static std::string or_dash(const std::string& s) { return s.empty() ? "\u2014" : s; }

  void title_page() {
    const Config& c = project_.config;
    const DocumentControl& dc = c.document_control;
    where_ = {"imsdoc.yaml", 0, 0};
    plain_paragraph("Title", c.title);
    plain_paragraph("Subtitle", c.organisation);
    if (edition_.draft) draft_paragraph("Normal");
    key_value_table({{"Document", c.manual_id},
                     {"Version", c.version},
                     {"Status", or_dash(dc.status)},
                     {"Owner", or_dash(dc.owner)},
                     {"Approved by", or_dash(dc.approver)},
                     {"Effective date", or_dash(dc.effective)},
                     {"Classification", or_dash(dc.classification)},
                     {"Standards", standards_line()}});
  }

  std::string standards_line() const {
    std::string s;
    for (const Standard* st : project_.standards_in_scope())
      s += (s.empty() ? "" : ", ") + st->title;
    return s;
  }

  void document_control() {
    const DocumentControl& dc = project_.config.document_control;
    paragraph_open("TOCHeading");  // starts a new page; not part of the numbered outline
    run("Document control");
    paragraph_close();
    plain_paragraph("FrontHeading", "Revision history");
    std::vector<std::vector<std::string>> rows;
    for (const auto& r : dc.revisions) {
      rows.push_back({r.version, or_dash(r.date), r.summary, or_dash(r.approved_by)});
    }
    if (rows.empty()) {
      plain_paragraph("Normal",
                      "No revision history is recorded in imsdoc.yaml "
                      "(document_control: revisions:).");
    } else {
      text_table({"Version", "Date", "Summary of change", "Approved by"}, rows);
    }
    if (!project_.change_log.empty()) {
      // From git (document_control: history: git): the newest changes, like the site's.
      plain_paragraph("FrontHeading", "Change log");
      rows.clear();
      const size_t shown = std::min<size_t>(project_.change_log.size(), 25);
      for (size_t i = 0; i < shown; ++i) {
        const HistoryEntry& h = project_.change_log[i];
        rows.push_back({h.date, h.subject, h.author, h.commit.substr(0, 10)});
      }
      text_table({"Date", "Change", "Author", "Commit"}, rows);
    }
    plain_paragraph("FrontHeading", "Sections");
    rows.clear();
    const bool history = !project_.change_log.empty();
    for (const auto& s : project_.sections) {
      rows.push_back({s.number, s.title, s.id, or_dash(s.version), or_dash(s.owner),
                      or_dash(s.approver), or_dash(s.effective)});
      if (history) rows.back().push_back(s.history.empty() ? or_dash("") : s.history[0].date);
    }
    std::vector<std::string> header = {"Section", "Title",    "Id",       "Version",
                                       "Owner",   "Approver", "Effective"};
    if (history) header.push_back("Last change");
    text_table(header, rows);
  }

  static int section_depth(const Section& s) {
    return 1 + static_cast<int>(std::count(s.number.begin(), s.number.end(), '.'));
  }

  // The TOC field, with the section headings as its current result. Word updates the field,
  // page numbers included, on open (settings: updateFields); LibreOffice shows the result as
  // written (linked headings) until Tools > Update > Update All. Page numbers are not guessed.
  void contents() {
    paragraph_open("TOCHeading");
    run("Contents");
    paragraph_close();
    // level, text, bookmark: the headings of levels 1-3, as Word's update would list them.
    std::vector<std::pair<int, std::pair<std::string, std::string>>> entries;
    for (const auto& s : project_.sections) {
      int depth = section_depth(s);
      if (depth <= 3) entries.push_back({depth, {s.number + " " + s.title, anchor_for(s.id)}});
    }
    if (!project_.registers.empty()) entries.push_back({1, {"Registers", registers_bookmark_}});
    for (const auto& reg : project_.registers) {
      entries.push_back({2, {reg.schema->title, register_bookmarks_.at(reg.name)}});
    }
    const std::string field_begin =
        "<w:r><w:fldChar w:fldCharType=\"begin\" w:dirty=\"true\"/></w:r><w:r><w:instrText "
        "xml:space=\"preserve\"> TOC \\o \"1-3\" \\h \\z \\u </w:instrText></w:r><w:r><w:fldChar "
        "w:fldCharType=\"separate\"/></w:r>";
    for (size_t i = 0; i < entries.size(); ++i) {
      const auto& [level, entry] = entries[i];
      paragraph_open("TOC" + std::to_string(level));
      if (i == 0) *out_ += field_begin;
      *out_ += "<w:hyperlink w:anchor=\"" + attr(entry.second) + "\" w:history=\"1\">";
      run(entry.first);
      *out_ += "</w:hyperlink>";
      if (i + 1 == entries.size()) *out_ += "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";
      paragraph_close();
    }
    if (entries.empty()) {
      paragraph_open("Normal");
      *out_ += field_begin + "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>";
      paragraph_close();
    }
  }

  // ---- sections -----------------------------------------------------------------------------
  void section(const Section& s) {
    where_ = {s.path, s.span.line, 0};
    section_level_ = std::min(section_depth(s), 6);
    paragraph_open("Heading" + std::to_string(section_level_));
    bookmark_start(bookmarks_.at(s.id));
    run(s.number + " " + s.title);
    bookmark_end();
    paragraph_close();
    std::string meta = s.id;
    if (!s.version.empty()) meta += " \u00b7 version " + s.version;
    if (!s.owner.empty()) meta += " \u00b7 owner " + s.owner;
    if (!s.approver.empty()) meta += " \u00b7 approved by " + s.approver;
    if (!s.effective.empty()) meta += " \u00b7 effective " + s.effective;
    if (!s.clauses.empty()) {
      std::string list;
      for (const auto& c : s.clauses) list += (list.empty() ? "" : ", ") + c;
      meta += " \u00b7 clauses " + list;
    }
    plain_paragraph("SectionMeta", meta);
    current_footnotes_.clear();
    for (const auto& b : s.body.blocks) {
      if (b.kind == BlockKind::kFootnoteDef) current_footnotes_[b.info()] = &b;
    }
    blocks(s.body.blocks, {});
  }

  // ---- registers ----------------------------------------------------------------------------
  std::string scalar_text(FieldType type, const FieldValue& v) const {
    switch (type) {
      case FieldType::kBoolean:
        return v.boolean ? "Yes" : "No";
      case FieldType::kInteger:
        return std::to_string(v.integer);
      case FieldType::kText:
        return doc::plain_text_of(v.markdown);
      default:
        return v.text;
    }
  }

  // One register cell: references link to their row, lists are one line per item.
  void register_cell(const FieldSpec& f, const FieldValue& v) {
    std::vector<const FieldValue*> values;
    if (f.type == FieldType::kList) {
      for (const auto& item : v.items) values.push_back(&item);
    } else {
      values.push_back(&v);
    }
    paragraph_open("TableText");
    for (size_t i = 0; i < values.size(); ++i) {
      if (i > 0) *out_ += "<w:r><w:br/></w:r>";
      where_ = values[i]->span;
      FieldType t = f.value_type();
      std::string s = scalar_text(t, *values[i]);
      std::string anchor =
          t == FieldType::kReference || t == FieldType::kClause ? anchor_for(s) : "";
      Inline label;
      label.text = s;
      internal_link(anchor, {label}, {});
    }
    paragraph_close();
  }

  void registers() {
    if (project_.registers.empty()) return;
    paragraph_open("Heading1");
    bookmark_start(registers_bookmark_);
    run("Registers");
    bookmark_end();
    paragraph_close();
    plain_paragraph("Normal", "The registers published with this manual, as of version " +
                                  project_.config.version + ".");
    for (const auto& reg : project_.registers) register_table(reg);
  }

  void register_table(const Register& reg) {
    const Schema& schema = *reg.schema;
    where_ = {reg.path, 0, 0};
    paragraph_open("Heading2");
    bookmark_start(register_bookmarks_.at(reg.name));
    run(schema.title);
    bookmark_end();
    paragraph_close();
    if (!schema.description.empty()) plain_paragraph("Normal", schema.description);
    std::vector<std::vector<std::string>> cells;
    std::vector<ColumnText> longest(schema.columns.size());
    std::vector<std::string> head;
    for (size_t c = 0; c < schema.columns.size(); ++c) {
      const FieldSpec* f = schema.field(schema.columns[c]);
      std::string label = f ? f->label : "ID";
      head.push_back(capture([&] { plain_paragraph("TableHeading", label); }));
      longest[c].add(label);
    }
    cells.push_back(std::move(head));
    for (const auto& e : reg.entries) {
      std::vector<std::string> row;
      for (size_t c = 0; c < schema.columns.size(); ++c) {
        const std::string& column = schema.columns[c];
        ColumnText& text = longest[c];
        row.push_back(capture([&] {
          if (column == "id") {
            paragraph_open("TableText");
            bookmark_start(bookmarks_.at(e.id));
            run(e.id);
            bookmark_end();
            paragraph_close();
            text.add(e.id);
            return;
          }
          const FieldSpec* f = schema.field(column);
          const FieldValue* v = e.value(column);
          if (!f || !v) return;
          register_cell(*f, *v);
          for (const auto& t : v->texts()) text.add(t);
          if (f->type == FieldType::kText) text.add(doc::plain_text_of(v->markdown));
        }));
      }
      cells.push_back(std::move(row));
    }
    table(cells, column_widths(longest), 1);
    for (const auto& e : reg.entries) entry_details(reg, e);
  }

  // The detail block of an entry after its register's table: the fields that are not table
  // columns, one "Label: value" paragraph each (Markdown fields as their own paragraphs, lists
  // as bullet lists, references as links followed by their titles), then what cites the entry.
  void entry_details(const Register& reg, const RegisterEntry& e) {
    const Schema& schema = *reg.schema;
    std::vector<const FieldSpec*> fields = detail_fields(schema, e);
    std::vector<RatingValue> ratings = entry_ratings(schema, e);
    std::vector<const Target*> cited = citing_targets(project_, e);
    const bool title_shown = std::find(schema.columns.begin(), schema.columns.end(),
                                       schema.title_field) != schema.columns.end();
    if (fields.empty() && ratings.empty() && cited.empty() && title_shown) return;
    where_ = {reg.path, e.span.line, 0};
    paragraph_open("EntryHeading");
    Inline id;
    id.text = e.id;
    internal_link(anchor_for(e.id), {id}, {});
    std::string title = entry_title(e, schema);
    if (title != e.id) run(" " + title);
    paragraph_close();
    for (const FieldSpec* f : fields) detail_field(*f, *e.value(f->name));
    for (const RatingValue& r : ratings) {
      paragraph_open("EntryField");
      run(r.spec->label + ": ", {true, false, false, ""});
      run(std::to_string(r.value) + " (" + r.product + ")");
      paragraph_close();
    }
    if (cited.empty()) return;
    field_label_paragraph("Cited by");
    for (const Target* t : cited) {
      bullet_paragraph_open();
      Inline label;
      label.text = t->label;
      internal_link(anchor_for(t->id), {label}, {});
      paragraph_close();
    }
  }

  void detail_field(const FieldSpec& f, const FieldValue& v) {
    where_ = v.span;
    if (f.type == FieldType::kText) {
      field_label_paragraph(f.label);
      current_footnotes_.clear();
      for (const auto& b : v.markdown.blocks) {
        if (b.kind == BlockKind::kFootnoteDef) current_footnotes_[b.info()] = &b;
      }
      BlockContext ctx;
      ctx.style = "EntryField";
      blocks(v.markdown.blocks, ctx);
      return;
    }
    if (f.type == FieldType::kList) {
      field_label_paragraph(f.label);
      for (const auto& item : v.items) {
        bullet_paragraph_open();
        value_runs(f.item_type, item);
        paragraph_close();
      }
      return;
    }
    paragraph_open("EntryField");
    run(f.label + ": ", {true, false, false, ""});
    value_runs(f.type, v);
    paragraph_close();
  }

  void field_label_paragraph(const std::string& label) {
    paragraph_open("EntryField");
    run(label + ":", {true, false, false, ""});
    paragraph_close();
  }

  // A paragraph of the bullet list all detail blocks share (one numbering instance).
  void bullet_paragraph_open() {
    if (detail_bullets_ == 0) {
      lists_.push_back({1, 0, 1});
      detail_bullets_ = static_cast<int>(lists_.size());
    }
    paragraph_open("EntryField", "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"" +
                                     std::to_string(detail_bullets_) + "\"/></w:numPr>");
  }

  // A scalar value as runs: a reference or clause links to its place in the document and is
  // followed by its title.
  void value_runs(FieldType type, const FieldValue& v) {
    where_ = v.span;
    std::string s = scalar_text(type, v);
    if (type != FieldType::kReference && type != FieldType::kClause) {
      run(s);
      return;
    }
    Inline label;
    label.text = s;
    internal_link(anchor_for(s), {label}, {});
    const Target* t = type == FieldType::kClause ? project_.resolve(s) : project_.find(s);
    if (t && t->title != s) run(" " + t->title);
  }

  // ---- the package ----------------------------------------------------------------------------
  static constexpr int kFirstDynamicRel = 10;             // rId1..rId9 are the fixed parts below
  static constexpr const char* kFirstHeaderRel = "rId7";  // the title page's header (drafts)
  static constexpr const char* kFontTableRel = "rId8";

  std::string numbering_xml() const {
    std::string x =
        std::string(ooxml::kXmlDeclaration) + "<w:numbering" + ooxml::kWordNamespaces + ">";
    static const char* kBullets[] = {"\u2022", "\u25e6", "\u25aa"};
    static const char* kFormats[] = {"decimal", "lowerLetter", "lowerRoman"};
    for (int abstract = 1; abstract <= 2; ++abstract) {
      x += "<w:abstractNum w:abstractNumId=\"" + std::to_string(abstract) +
           "\"><w:multiLevelType w:val=\"hybridMultilevel\"/>";
      for (int level = 0; level < 9; ++level) {
        std::string fmt = abstract == 1 ? "bullet" : kFormats[level % 3];
        std::string lvl_text =
            abstract == 1 ? kBullets[level % 3] : "%" + std::to_string(level + 1) + ".";
        x += "<w:lvl w:ilvl=\"" + std::to_string(level) +
             "\"><w:start w:val=\"1\"/><w:numFmt w:val=\"" + fmt + "\"/><w:lvlText w:val=\"" +
             lvl_text + "\"/><w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"" +
             std::to_string(kListIndentTwips * 2 * (level + 1)) + "\" w:hanging=\"" +
             std::to_string(kListIndentTwips) + "\"/></w:pPr></w:lvl>";
      }
      x += "</w:abstractNum>";
    }
    for (size_t i = 0; i < lists_.size(); ++i) {
      const ListInstance& l = lists_[i];
      x += "<w:num w:numId=\"" + std::to_string(i + 1) + "\"><w:abstractNumId w:val=\"" +
           std::to_string(l.abstract_id) + "\"/>";
      // Each ordered list starts afresh (at its own start number).
      if (l.abstract_id == 2) {
        x += "<w:lvlOverride w:ilvl=\"" + std::to_string(l.level) + "\"><w:startOverride w:val=\"" +
             std::to_string(l.start) + "\"/></w:lvlOverride>";
      }
      x += "</w:num>";
    }
    return x + "</w:numbering>";
  }

  // "DRAFT · not approved: <why>", DRAFT in bold red: the title page and every page's header
  // of a draft edition.
  void draft_paragraph(const std::string& style) {
    paragraph_open(style);
    *out_ += "<w:r><w:rPr><w:b/><w:color w:val=\"B00020\"/></w:rPr><w:t>DRAFT</w:t></w:r>";
    run(" \u00b7 not approved: " + edition_.reason);
    paragraph_close();
  }

  // The header of the title page (the section has w:titlePg): only a draft has one.
  std::string first_header_xml() {
    std::string p = capture([&] { draft_paragraph("Header"); });
    return std::string(ooxml::kXmlDeclaration) + "<w:hdr" + ooxml::kWordNamespaces + ">" + p +
           "</w:hdr>";
  }

  // Header: manual id, title and version (below the DRAFT line of a draft); footer:
  // organisation and "Page X of Y".
  std::string header_xml() {
    const Config& c = project_.config;
    std::string p = capture([&] {
      if (edition_.draft) draft_paragraph("Header");
      paragraph_open("Header");
      run(c.manual_id + " " + c.title);
      *out_ += "<w:r><w:tab/></w:r>";
      run("Version " + c.version);
      paragraph_close();
    });
    return std::string(ooxml::kXmlDeclaration) + "<w:hdr" + ooxml::kWordNamespaces + ">" + p +
           "</w:hdr>";
  }

  std::string footer_xml() {
    const Config& c = project_.config;
    std::string p = capture([&] {
      paragraph_open("Footer");
      run(c.organisation);
      *out_ += "<w:r><w:tab/></w:r>";
      run("Page ");
      *out_ += "<w:fldSimple w:instr=\" PAGE \"><w:r><w:t>1</w:t></w:r></w:fldSimple>";
      run(" of ");
      *out_ += "<w:fldSimple w:instr=\" NUMPAGES \"><w:r><w:t>1</w:t></w:r></w:fldSimple>";
      paragraph_close();
    });
    return std::string(ooxml::kXmlDeclaration) + "<w:ftr" + ooxml::kWordNamespaces + ">" + p +
           "</w:ftr>";
  }

  // The fonts the theme's styles name, with the families and metric-compatible alternatives
  // a reader without them substitutes.
  static std::string font_table_xml() {
    struct Font {
      const char* name;
      const char* alt;
      const char* family;
      const char* pitch;
    };
    static const Font kFonts[] = {{"Liberation Sans", "Arial", "swiss", "variable"},
                                  {"DejaVu Sans", "Verdana", "swiss", "variable"},
                                  {"DejaVu Sans Mono", "Courier New", "modern", "fixed"}};
    std::string x = std::string(ooxml::kXmlDeclaration) + "<w:fonts" + ooxml::kWordNamespaces + ">";
    for (const Font& f : kFonts) {
      x += std::string("<w:font w:name=\"") + f.name + "\"><w:altName w:val=\"" + f.alt +
           "\"/><w:charset w:val=\"00\"/><w:family w:val=\"" + f.family + "\"/><w:pitch w:val=\"" +
           f.pitch + "\"/></w:font>";
    }
    return x + "</w:fonts>";
  }

  void package(DocxParts* parts) {
    const Config& c = project_.config;
    const std::string decl = ooxml::kXmlDeclaration;
    const std::string wml = "application/vnd.openxmlformats-officedocument.wordprocessingml.";
    std::string types =
        decl +
        "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
        "<Default Extension=\"rels\" "
        "ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
        "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        "<Default Extension=\"png\" ContentType=\"image/png\"/>"
        "<Default Extension=\"jpeg\" ContentType=\"image/jpeg\"/>"
        "<Default Extension=\"svg\" ContentType=\"image/svg+xml\"/>"
        "<Override PartName=\"/word/document.xml\" ContentType=\"" +
        wml + "document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"" + wml +
        "styles+xml\"/><Override PartName=\"/word/numbering.xml\" ContentType=\"" + wml +
        "numbering+xml\"/><Override PartName=\"/word/settings.xml\" ContentType=\"" + wml +
        "settings+xml\"/><Override PartName=\"/word/footnotes.xml\" ContentType=\"" + wml +
        "footnotes+xml\"/><Override PartName=\"/word/header1.xml\" ContentType=\"" + wml +
        "header+xml\"/><Override PartName=\"/word/footer1.xml\" ContentType=\"" + wml +
        "footer+xml\"/>" +
        (edition_.draft
             ? "<Override PartName=\"/word/header2.xml\" ContentType=\"" + wml + "header+xml\"/>"
             : std::string()) +
        "<Override PartName=\"/word/fontTable.xml\" ContentType=\"" + wml +
        "fontTable+xml\"/><Override PartName=\"/docProps/core.xml\" "
        "ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>"
        "<Override PartName=\"/docProps/app.xml\" "
        "ContentType=\"application/vnd.openxmlformats-officedocument.extended-properties+xml\"/>"
        "</Types>";
    parts->push_back({"[Content_Types].xml", types});
    parts->push_back(
        {"_rels/.rels",
         decl +
             "<Relationships "
             "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
             "<Relationship Id=\"rId1\" Type=\"" +
             ooxml::kRelBase +
             "officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" "
             "Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/"
             "core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" Type=\"" +
             ooxml::kRelBase +
             "extended-properties\" Target=\"docProps/app.xml\"/></Relationships>"});
    parts->push_back(
        {"docProps/core.xml",
         decl +
             "<cp:coreProperties "
             "xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
             "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
             "xmlns:dcterms=\"http://purl.org/dc/terms/\" "
             "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"><dc:title>" +
             attr(c.title) + "</dc:title><dc:subject>" + attr(c.manual_id) +
             "</dc:subject><dc:creator>" + attr(c.organisation) + "</dc:creator><cp:version>" +
             attr(c.version) + "</cp:version><dcterms:created xsi:type=\"dcterms:W3CDTF\">" +
             attr(inputs_.date) +
             "</dcterms:created><dcterms:modified xsi:type=\"dcterms:W3CDTF\">" +
             attr(inputs_.date) + "</dcterms:modified></cp:coreProperties>"});
    parts->push_back(
        {"docProps/app.xml",
         decl +
             "<Properties "
             "xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\">"
             "<Application>" +
             attr(inputs_.generator) + "</Application><Company>" + attr(c.organisation) +
             "</Company></Properties>"});

    std::string header = header_xml(), footer = footer_xml();
    std::string rels =
        decl +
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
    const std::pair<const char*, const char*> fixed[] = {
        {"styles", "styles.xml"},     {"numbering", "numbering.xml"},
        {"settings", "settings.xml"}, {"footnotes", "footnotes.xml"},
        {"header", "header1.xml"},    {"footer", "footer1.xml"}};
    int n = 0;
    for (const auto& [type, target] : fixed) {
      rels += "<Relationship Id=\"rId" + std::to_string(++n) + "\" Type=\"" + ooxml::kRelBase +
              type + "\" Target=\"" + target + "\"/>";
    }
    rels += "<Relationship Id=\"" + std::string(kFontTableRel) + "\" Type=\"" + ooxml::kRelBase +
            "fontTable\" Target=\"fontTable.xml\"/>";
    if (edition_.draft) {
      rels += "<Relationship Id=\"" + std::string(kFirstHeaderRel) + "\" Type=\"" +
              ooxml::kRelBase + "header\" Target=\"header2.xml\"/>";
    }
    for (const auto& r : relationships_) {
      rels += "<Relationship Id=\"" + r.id + "\" Type=\"" + ooxml::kRelBase + r.type +
              "\" Target=\"" + attr(r.target) + "\"" +
              (r.external ? " TargetMode=\"External\"" : "") + "/>";
    }
    rels += "</Relationships>";

    std::string document =
        decl + "<w:document" + ooxml::kWordNamespaces + "><w:body>" + body_ +
        "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId5\"/>" +
        (edition_.draft
             ? "<w:headerReference w:type=\"first\" r:id=\"" + std::string(kFirstHeaderRel) + "\"/>"
             : std::string()) +
        "<w:footerReference "
        "w:type=\"default\" r:id=\"rId6\"/><w:footnotePr><w:numFmt w:val=\"decimal\"/>"
        "</w:footnotePr><w:pgSz w:w=\"11906\" w:h=\"16838\"/><w:pgMar w:top=\"1418\" "
        "w:right=\"1134\" w:bottom=\"1418\" w:left=\"1134\" w:header=\"709\" w:footer=\"709\" "
        "w:gutter=\"0\"/><w:titlePg/></w:sectPr></w:body></w:document>";
    std::string settings =
        decl + "<w:settings" + ooxml::kWordNamespaces +
        "><w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl "
        "w:val=\"doNotCompress\"/><w:updateFields w:val=\"true\"/><w:footnotePr><w:footnote "
        "w:id=\"-1\"/><w:footnote w:id=\"0\"/></w:footnotePr><w:compat><w:compatSetting "
        "w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" "
        "w:val=\"15\"/></w:compat></w:settings>";
    std::string footnotes =
        decl + "<w:footnotes" + ooxml::kWordNamespaces +
        "><w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:pPr><w:spacing w:after=\"0\"/>"
        "</w:pPr><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote "
        "w:type=\"continuationSeparator\" w:id=\"0\"><w:p><w:pPr><w:spacing w:after=\"0\"/>"
        "</w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>" +
        footnotes_ + "</w:footnotes>";

    parts->push_back({"word/_rels/document.xml.rels", rels});
    parts->push_back({"word/document.xml", document});
    parts->push_back({"word/fontTable.xml", font_table_xml()});
    parts->push_back({"word/footer1.xml", footer});
    parts->push_back({"word/footnotes.xml", footnotes});
    parts->push_back({"word/header1.xml", header});
    if (edition_.draft) parts->push_back({"word/header2.xml", first_header_xml()});
    std::sort(media_parts_.begin(), media_parts_.end());
    for (auto& m : media_parts_) parts->push_back(std::move(m));
    parts->push_back({"word/numbering.xml", numbering_xml()});
    parts->push_back({"word/settings.xml", settings});
    parts->push_back({"word/styles.xml", inputs_.styles_xml});
  }

  const Project& project_;
  const DocxInputs& inputs_;
  Diagnostics& diags_;
  const EditionStatus edition_;
  std::string body_, footnotes_;
  std::string* out_ = nullptr;
  SourceSpan where_;  // the source being written, for warnings
  std::set<std::string> warned_;
  std::map<std::string, std::string> bookmarks_;  // section or entry id -> bookmark name
  std::string registers_bookmark_;
  std::map<std::string, std::string> register_bookmarks_;  // register name -> its heading's
  int bookmark_ids_ = 0;
  int drawing_ids_ = 0;
  int footnote_count_ = 0;
  int section_level_ = 1;
  int detail_bullets_ = 0;  // numId of the detail blocks' bullet list, 0 before the first
  bool last_was_table_ = false;
  bool first_footnote_paragraph_ = false;
  std::string pending_numbering_;
  std::string pending_task_;
  std::map<std::string, const Block*> current_footnotes_;
  std::vector<ListInstance> lists_;
  std::vector<Relationship> relationships_;
  std::map<std::string, std::string> hyperlink_ids_;  // URL -> relationship id
  std::map<std::string, std::string> media_by_path_;  // image path -> media part
  std::map<std::string, std::string> image_rels_;     // media part -> relationship id
  DocxParts media_parts_;
};

// The <w:style .../> elements of a styles part, by w:styleId, in order.
std::vector<std::pair<std::string, std::string>> style_elements(const std::string& xml) {
  std::vector<std::pair<std::string, std::string>> out;
  for (size_t pos = xml.find("<w:style "); pos != std::string::npos;
       pos = xml.find("<w:style ", pos + 1)) {
    size_t end = xml.find("</w:style>", pos);
    if (end == std::string::npos) break;
    std::string element = xml.substr(pos, end + 10 - pos);
    size_t id = element.find("w:styleId=\"");
    if (id == std::string::npos) continue;
    id += 11;
    out.push_back({element.substr(id, element.find('"', id) - id), element});
  }
  return out;
}

}  // namespace

bool render_docx(const Project& project, const DocxInputs& inputs, Diagnostics& diags,
                 DocxParts* parts) {
  return DocxWriter(project, inputs, diags).run(parts);
}

std::string merge_docx_styles(const std::string& base, const std::string& reference) {
  if (reference.empty()) return base;
  size_t close = reference.rfind("</w:styles>");
  if (close == std::string::npos) return base;
  std::string missing;
  for (const auto& [id, element] : style_elements(base)) {
    if (reference.find("w:styleId=\"" + id + "\"") == std::string::npos) missing += element;
  }
  return reference.substr(0, close) + missing + reference.substr(close);
}

}  // namespace imsdoc
