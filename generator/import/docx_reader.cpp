#include "import/docx_reader.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "base/text.h"
#include "bundle/zip.h"
#include "import/markdown_text.h"
#include "import/xml.h"

namespace imsdoc {

namespace {

constexpr int kTitleLevel = 0;  // the Title style: the document's title, not a section

// An internal link in rendered Markdown until its bookmark is resolved:
// kAnchorMark bookmark kTextMark text kAnchorMark (control characters never in text).
constexpr char kAnchorMark[] = "\x1E";
constexpr char kTextMark[] = "\x1F";

struct StyleInfo {
  std::string name;      // lower-case
  std::string based_on;  // style id
  int outline = -1;      // 0-based outline level from w:outlineLvl, -1 none
  std::string num_id;    // list numbering from the style
  std::string ilvl;
  int bold = -1, italic = -1;  // character formatting: 1 on, 0 off, -1 not set
};

// An attribute's integer value: -1 unless it is a small non-negative number (documents from
// elsewhere may hold anything there; std::atoi's overflow is undefined).
int small_int(const std::string& s) {
  int value = -1;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  return ec == std::errc() && end == s.data() + s.size() && value >= 0 && value < 10000 ? value
                                                                                        : -1;
}

bool on(const XmlNode* n) {
  if (!n) return false;
  const std::string* v = n->attribute("w:val");
  return !v || !(*v == "0" || *v == "false" || *v == "off" || *v == "none");
}

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string attr(const XmlNode* n, const char* key) {
  if (!n) return "";
  const std::string* v = n->attribute(key);
  return v ? *v : "";
}

const XmlNode* path(const XmlNode* n, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (!n) return nullptr;
    n = n->child(name);
  }
  return n;
}

class Styles {
 public:
  void load(const XmlNode* root) {
    if (!root) return;
    for (const auto& s : root->children) {
      if (s->name != "w:style") continue;
      StyleInfo info;
      info.name = lower(attr(s->child("w:name"), "w:val"));
      info.based_on = attr(s->child("w:basedOn"), "w:val");
      if (const XmlNode* lvl = path(s.get(), {"w:pPr", "w:outlineLvl"})) {
        info.outline = small_int(attr(lvl, "w:val"));
      }
      if (const XmlNode* rpr = s->child("w:rPr")) {
        if (const XmlNode* b = rpr->child("w:b")) info.bold = on(b);
        if (const XmlNode* i = rpr->child("w:i")) info.italic = on(i);
      }
      if (const XmlNode* num = path(s.get(), {"w:pPr", "w:numPr"})) {
        info.num_id = attr(num->child("w:numId"), "w:val");
        info.ilvl = attr(num->child("w:ilvl"), "w:val");
      }
      styles_[attr(s.get(), "w:styleId")] = info;
    }
  }

  const StyleInfo* find(const std::string& id) const {
    auto it = styles_.find(id);
    return it == styles_.end() ? nullptr : &it->second;
  }

  bool has(const std::string& id) const { return styles_.count(id) > 0; }

  // The heading level of a paragraph style: 1.. for headings, kTitleLevel for the title, -1
  // for body text. From the name ("heading 2"), the id ("Heading2"), the outline level, or
  // the style it is based on.
  int heading_level(const std::string& id, int depth = 0) const {
    if (id.empty() || depth > 10) return -1;
    const StyleInfo* s = find(id);
    std::string name = s ? s->name : lower(id);
    if (name == "title") return kTitleLevel;
    for (const std::string& candidate : {name, lower(id)}) {
      std::string n = candidate;
      n.erase(std::remove(n.begin(), n.end(), ' '), n.end());
      if (starts_with(n, "heading") && n.size() == 8 && n[7] >= '1' && n[7] <= '9') {
        return n[7] - '0';
      }
    }
    if (!s) return -1;
    if (s->outline >= 0 && s->outline < 9) return s->outline + 1;
    return heading_level(s->based_on, depth + 1);
  }

  // The style's own list numbering, following basedOn.
  std::pair<std::string, std::string> numbering(const std::string& id, int depth = 0) const {
    const StyleInfo* s = find(id);
    if (!s || depth > 10) return {"", ""};
    if (!s->num_id.empty()) return {s->num_id, s->ilvl};
    return numbering(s->based_on, depth + 1);
  }

  // Whether a character style makes text bold (or italic), following basedOn.
  bool bold(const std::string& id, int depth = 0) const {
    const StyleInfo* s = find(id);
    if (!s || depth > 10) return false;
    return s->bold >= 0 ? s->bold == 1 : bold(s->based_on, depth + 1);
  }
  bool italic(const std::string& id, int depth = 0) const {
    const StyleInfo* s = find(id);
    if (!s || depth > 10) return false;
    return s->italic >= 0 ? s->italic == 1 : italic(s->based_on, depth + 1);
  }

  std::string name(const std::string& id) const {
    const StyleInfo* s = find(id);
    return s ? s->name : lower(id);
  }

 private:
  std::map<std::string, StyleInfo> styles_;
};

class Numbering {
 public:
  void load(const XmlNode* root) {
    if (!root) return;
    std::map<std::string, std::map<int, bool>> abstract;  // abstractNumId -> ilvl -> ordered
    for (const auto& n : root->children) {
      if (n->name != "w:abstractNum") continue;
      auto& levels = abstract[attr(n.get(), "w:abstractNumId")];
      for (const auto& l : n->children) {
        if (l->name != "w:lvl") continue;
        std::string fmt = attr(l->child("w:numFmt"), "w:val");
        levels[small_int(attr(l.get(), "w:ilvl"))] =
            !(fmt.empty() || fmt == "bullet" || fmt == "none");
      }
    }
    for (const auto& n : root->children) {
      if (n->name != "w:num") continue;
      auto it = abstract.find(attr(n->child("w:abstractNumId"), "w:val"));
      if (it != abstract.end()) ordered_[attr(n.get(), "w:numId")] = it->second;
    }
  }

  bool ordered(const std::string& num_id, int ilvl) const {
    auto it = ordered_.find(num_id);
    if (it == ordered_.end()) return false;
    auto l = it->second.find(ilvl);
    return l != it->second.end() && l->second;
  }

 private:
  std::map<std::string, std::map<int, bool>> ordered_;
};

// One paragraph or table of the body, classified.
struct Block {
  enum Kind {
    kParagraph,
    kHeading,
    kTitle,
    kListItem,
    kTable,
    kMeta,
    kCode,
    kQuote,
    kSkip
  } kind = kParagraph;
  int level = 0;         // heading level; list nesting (ilvl)
  bool ordered = false;  // list items
  std::string markdown;  // inline Markdown (paragraphs, headings, items); a whole table
  std::string plain;     // the text without markup (headings, metadata)
  std::vector<std::vector<std::string>> cells;  // a table's cells (Markdown)
  std::vector<std::string> bookmarks;           // bookmarks starting in the paragraph
};

struct Segment {
  std::string text;
  bool bold = false, italic = false;
  std::string link;
};

class BodyReader {
 public:
  BodyReader(const Styles& styles, const Numbering& numbering,
             const std::map<std::string, std::string>& links)
      : styles_(styles), numbering_(numbering), links_(links) {}

  void body(const XmlNode& node, std::vector<Block>* out) {
    for (const auto& c : node.children) {
      if (c->name == "w:p") {
        out->push_back(paragraph(*c));
      } else if (c->name == "w:tbl") {
        if (!in_toc()) out->push_back(table(*c));
      } else if (c->name == "w:sdt") {
        // A table of contents inside a content control (Word, LibreOffice): skipped whole.
        std::string gallery =
            attr(path(c.get(), {"w:sdtPr", "w:docPartObj", "w:docPartGallery"}), "w:val");
        if (gallery.find("Table of Contents") != std::string::npos) continue;
        if (const XmlNode* content = c->child("w:sdtContent")) body(*content, out);
      } else if (c->name == "w:customXml" || c->name == "w:ins" || c->name == "w:smartTag") {
        body(*c, out);
      }
    }
  }

 private:
  bool in_toc() const {
    for (const auto& f : fields_) {
      if (starts_with(trim(f.instr), "TOC")) return true;
    }
    return false;
  }
  // The target of the innermost HYPERLINK field whose result is being read: "url" or
  // "#bookmark" (HYPERLINK \l "bookmark"), else "".
  std::string field_link() const {
    for (auto f = fields_.rbegin(); f != fields_.rend(); ++f) {
      std::string instr = trim(f->instr);
      if (!starts_with(instr, "HYPERLINK")) continue;
      bool local = instr.find("\\l") != std::string::npos;
      size_t q = instr.find('"');
      size_t e = q == std::string::npos ? q : instr.find('"', q + 1);
      if (e == std::string::npos) return "";
      std::string target = instr.substr(q + 1, e - q - 1);
      return local ? "#" + target : target;
    }
    return "";
  }

  bool in_instruction() const {
    for (const auto& f : fields_) {
      if (!f.separated) return true;
    }
    return false;
  }

  void inline_content(const XmlNode& node, const std::string& link, std::vector<Segment>* out) {
    for (const auto& c : node.children) {
      const std::string& n = c->name;
      if (n == "w:r") {
        run(*c, link, out);
      } else if (n == "w:hyperlink") {
        std::string target;
        auto it = links_.find(attr(c.get(), "r:id"));
        if (it != links_.end()) target = it->second;
        // An internal link names a bookmark: "#_Toc0007".
        std::string anchor = attr(c.get(), "w:anchor");
        if (target.empty() && !anchor.empty()) target = "#" + anchor;
        inline_content(*c, target.empty() ? link : target, out);
      } else if (n == "w:bookmarkStart") {
        bookmarks_.push_back(attr(c.get(), "w:name"));
      } else if (n == "w:fldSimple") {
        if (!starts_with(trim(attr(c.get(), "w:instr")), "TOC")) inline_content(*c, link, out);
      } else if (n == "w:sdt") {
        if (const XmlNode* content = c->child("w:sdtContent")) inline_content(*content, link, out);
      } else if (n == "w:smartTag" || n == "w:ins" || n == "w:customXml" || n == "w:sdtContent") {
        inline_content(*c, link, out);
      }
    }
  }

  void run(const XmlNode& r, const std::string& link, std::vector<Segment>* out) {
    const XmlNode* props = r.child("w:rPr");
    // Direct formatting wins over the character style (LibreOffice writes "Strong Emphasis"
    // as a style, Word usually as w:b).
    std::string char_style = attr(path(props, {"w:rStyle"}), "w:val");
    const XmlNode* b_node = props ? props->child("w:b") : nullptr;
    const XmlNode* i_node = props ? props->child("w:i") : nullptr;
    bool bold = b_node ? on(b_node) : styles_.bold(char_style);
    bool italic = i_node ? on(i_node) : styles_.italic(char_style);
    for (const auto& c : r.children) {
      const std::string& n = c->name;
      if (n == "w:fldChar") {
        std::string type = attr(c.get(), "w:fldCharType");
        if (type == "begin") {
          fields_.push_back({});
        } else if (type == "separate" && !fields_.empty()) {
          fields_.back().separated = true;
        } else if (type == "end" && !fields_.empty()) {
          fields_.pop_back();
        }
        continue;
      }
      if (n == "w:instrText") {
        if (!fields_.empty() && !fields_.back().separated) fields_.back().instr += c->all_text();
        continue;
      }
      if (in_instruction() || in_toc()) continue;
      std::string text;
      if (n == "w:t") {
        // Control characters (from &#1; ...) are not text; dropping them keeps the markers
        // render() uses free.
        for (char ch : c->all_text()) {
          if (static_cast<unsigned char>(ch) >= 0x20 || ch == '\t') text += ch;
        }
      } else if (n == "w:tab" || n == "w:br" || n == "w:cr") {
        text = " ";
      } else if (n == "w:noBreakHyphen") {
        text = "-";
      } else if (n == "w:drawing" || n == "w:pict" || n == "w:object") {
        ++images_;
        continue;
      } else {
        continue;
      }
      std::string target = link.empty() ? field_link() : link;
      if (!out->empty() && out->back().bold == bold && out->back().italic == italic &&
          out->back().link == target) {
        out->back().text += text;
      } else {
        out->push_back({text, bold, italic, target});
      }
    }
  }

  static std::string collapse_spaces(const std::string& s) {
    std::string out;
    for (char c : s) {
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
      if (c == ' ' && !out.empty() && out.back() == ' ') continue;
      out += c;
    }
    return out;
  }

  static std::string render(std::vector<Segment> segs, bool in_table, bool block_start) {
    std::string plain;
    for (auto& s : segs) {
      s.text = collapse_spaces(s.text);
      plain += s.text;
    }
    std::string md;
    bool first = true;
    for (const auto& s : segs) {
      std::string text = s.text;
      if (first) {
        size_t b = text.find_first_not_of(' ');
        text = b == std::string::npos ? "" : text.substr(b);
      }
      if (text.empty()) continue;
      std::string piece =
          emphasize(escape_markdown(text, first && block_start, in_table), s.bold, s.italic);
      bool external = starts_with(s.link, "http://") || starts_with(s.link, "https://") ||
                      starts_with(s.link, "mailto:");
      if (external) {
        std::string url = s.link;
        std::string escaped;
        for (char c : url) {
          if (c == ' ')
            escaped += "%20";
          else if (c == '(' || c == ')' || c == '<' || c == '>')
            escaped += '\\', escaped += c;
          else
            escaped += c;
        }
        size_t b = piece.find_first_not_of(' ');
        size_t e = piece.find_last_not_of(' ');
        piece = piece.substr(0, b) + "[" + piece.substr(b, e - b + 1) + "](" + escaped + ")" +
                piece.substr(e + 1);
      } else if (starts_with(s.link, "#")) {
        // Resolved by read_docx once it knows which bookmark starts which section.
        piece = std::string(kAnchorMark) + s.link.substr(1) + kTextMark + piece + kAnchorMark;
      }
      md += piece;
      first = false;
    }
    return trim(md);
  }

  static std::string plain_text(const std::vector<Segment>& segs) {
    std::string s;
    for (const auto& g : segs) s += g.text;
    return trim(collapse_spaces(s));
  }

  Block paragraph(const XmlNode& p) {
    Block b;
    bookmarks_.clear();
    const XmlNode* props = p.child("w:pPr");
    std::string style = attr(path(props, {"w:pStyle"}), "w:val");
    std::vector<Segment> segs;
    bool toc_before = in_toc();
    inline_content(p, "", &segs);
    std::string style_name = styles_.name(style);
    if (toc_before || in_toc() || starts_with(style_name, "toc") ||
        starts_with(lower(style), "toc") || style_name == "contents heading" ||
        starts_with(style_name, "contents ")) {
      b.kind = Block::kSkip;
      return b;
    }
    b.plain = plain_text(segs);
    b.bookmarks = bookmarks_;
    if (style == "SectionMeta") {
      b.kind = Block::kMeta;
      return b;
    }
    if (style == "Subtitle" || style_name == "subtitle") {
      b.kind = Block::kTitle;  // level 1: the subtitle (imsdoc's: the organisation)
      b.level = 1;
      return b;
    }
    if (style == "FrontHeading") {
      b.kind = Block::kSkip;  // imsdoc's document control
      return b;
    }
    int level = styles_.heading_level(style);
    if (const XmlNode* lvl = path(props, {"w:outlineLvl"})) {
      int v = small_int(attr(lvl, "w:val"));
      if (v >= 0 && v < 9) level = v + 1;
    }
    if (level == kTitleLevel) {
      b.kind = Block::kTitle;
      return b;
    }
    if (level > 0) {
      b.kind = Block::kHeading;
      b.level = level;
      b.markdown = render(segs, false, false);
      return b;
    }
    std::string num_id = attr(path(props, {"w:numPr", "w:numId"}), "w:val");
    std::string ilvl = attr(path(props, {"w:numPr", "w:ilvl"}), "w:val");
    if (num_id.empty()) std::tie(num_id, ilvl) = styles_.numbering(style);
    if (!num_id.empty() && num_id != "0") {
      b.kind = Block::kListItem;
      b.level = std::clamp(small_int(ilvl), 0, 8);
      b.ordered = numbering_.ordered(num_id, b.level);
      b.markdown = render(segs, false, false);
      return b;
    }
    // Preformatted and quotation styles of Word, LibreOffice and pandoc.
    static const std::set<std::string> kCodeStyles = {
        "source code",       "sourcecode",        "code",
        "html preformatted", "preformatted text", "plain text"};
    static const std::set<std::string> kQuoteStyles = {"quote", "block text", "intense quote",
                                                       "quotations", "block quote"};
    if (kCodeStyles.count(style_name)) {
      b.kind = Block::kCode;
      for (const auto& g : segs) b.markdown += g.text;
      return b;
    }
    b.markdown = render(segs, false, true);
    if (b.markdown.empty()) b.kind = Block::kSkip;
    if (kQuoteStyles.count(style_name)) b.kind = Block::kQuote;
    return b;
  }

  // A cell's text: its paragraphs (and nested tables' text) on one line.
  std::string cell_text(const XmlNode& node) {
    std::string out;
    for (const auto& c : node.children) {
      std::string piece;
      if (c->name == "w:p") {
        std::vector<Segment> segs;
        inline_content(*c, "", &segs);
        piece = render(segs, true, false);
      } else if (c->name == "w:tbl" || c->name == "w:tr" || c->name == "w:tc" ||
                 c->name == "w:sdt" || c->name == "w:sdtContent") {
        piece = cell_text(*c);
      }
      if (!piece.empty()) out += (out.empty() ? "" : " ") + piece;
    }
    return out;
  }

  Block table(const XmlNode& tbl) {
    std::vector<std::vector<std::string>> rows;
    for (const auto& tr : tbl.children) {
      if (tr->name != "w:tr") continue;
      std::vector<std::string> row;
      for (const auto& tc : tr->children) {
        if (tc->name != "w:tc") continue;
        row.push_back(cell_text(*tc));
        int span = small_int(attr(path(tc.get(), {"w:tcPr", "w:gridSpan"}), "w:val"));
        for (int i = 1; i < std::min(span, 64); ++i) row.push_back("");
      }
      rows.push_back(std::move(row));
    }
    Block b;
    size_t columns = 0;
    for (const auto& r : rows) columns = std::max(columns, r.size());
    if (rows.empty() || columns == 0) {
      b.kind = Block::kSkip;
      return b;
    }
    b.kind = Block::kTable;
    b.cells = rows;
    auto line = [&](const std::vector<std::string>& r) {
      std::string s = "|";
      for (size_t c = 0; c < columns; ++c) s += " " + (c < r.size() ? r[c] : "") + " |";
      return s + "\n";
    };
    b.markdown = line(rows[0]) + "|";
    for (size_t c = 0; c < columns; ++c) b.markdown += "---|";
    b.markdown += "\n";
    for (size_t r = 1; r < rows.size(); ++r) b.markdown += line(rows[r]);
    b.markdown.pop_back();
    return b;
  }

  struct Field {
    std::string instr;
    bool separated = false;
  };

  const Styles& styles_;
  const Numbering& numbering_;
  const std::map<std::string, std::string>& links_;
  std::vector<Field> fields_;           // open complex fields (they may span paragraphs)
  std::vector<std::string> bookmarks_;  // of the current paragraph
  int images_ = 0;

 public:
  int images() const { return images_; }
};

std::unique_ptr<XmlNode> parse_part(const std::map<std::string, std::string>& parts,
                                    const std::string& name, bool required, std::string* error) {
  auto it = parts.find(name);
  if (it == parts.end()) {
    if (required) *error = "it has no " + name + " (is it a Word document?)";
    return nullptr;
  }
  std::string why;
  // Invalid UTF-8 would make the imported sections unreadable: replaced, as the loader would
  // otherwise refuse them.
  auto root = parse_xml(valid_utf8(it->second), &why);
  if (!root) *error = name + " is not well-formed XML: " + why;
  return root;
}

// "6.2 AI system life cycle" -> ("6.2", "AI system life cycle").
void split_number(const std::string& heading, std::string* number, std::string* title) {
  size_t p = 0;
  while (p < heading.size() &&
         (std::isdigit(static_cast<unsigned char>(heading[p])) || (heading[p] == '.' && p > 0))) {
    ++p;
  }
  std::string n = heading.substr(0, p);
  while (!n.empty() && n.back() == '.') n.pop_back();
  if (!n.empty() && p < heading.size() && (heading[p] == ' ' || heading[p] == '\t') &&
      n.size() <= 20) {
    *number = n;
    *title = trim(heading.substr(p));
    return;
  }
  number->clear();
  *title = heading;
}

// imsdoc's section metadata line: "IMS-6.2 · version 3.0 · owner X · approved by Y ·
// effective 2026-03-01 · clauses 42001:8.1, 9001:8.3".
void apply_meta(const std::string& meta, ImportedSection* s) {
  const std::string sep = " \u00b7 ";
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t at = meta.find(sep, start);
    parts.push_back(meta.substr(start, at == std::string::npos ? std::string::npos : at - start));
    if (at == std::string::npos) break;
    start = at + sep.size();
  }
  if (!parts.empty()) s->fields["id"] = trim(parts[0]);
  for (size_t i = 1; i < parts.size(); ++i) {
    const std::string& p = parts[i];
    for (const auto& [prefix, key] :
         std::vector<std::pair<std::string, std::string>>{{"version ", "version"},
                                                          {"owner ", "owner"},
                                                          {"approved by ", "approver"},
                                                          {"effective ", "effective"}}) {
      if (starts_with(p, prefix)) s->fields[key] = trim(p.substr(prefix.size()));
    }
    if (starts_with(p, "clauses ")) {
      std::string list = p.substr(8);
      size_t b = 0;
      while (b <= list.size()) {
        size_t e = list.find(',', b);
        std::string ref = trim(list.substr(b, e == std::string::npos ? std::string::npos : e - b));
        if (!ref.empty()) s->clauses.push_back(ref);
        if (e == std::string::npos) break;
        b = e + 1;
      }
    }
  }
}

std::string join_blocks(const std::vector<Block>& blocks, size_t from, size_t to, int level) {
  std::string md;
  const Block* previous = nullptr;
  for (size_t i = from; i < to; ++i) {
    const Block& b = blocks[i];
    std::string text;
    if (b.kind == Block::kCode) {
      // Consecutive code paragraphs are one block, fenced with more backticks than it holds.
      std::string code;
      size_t j = i;
      for (; j < to && (blocks[j].kind == Block::kCode || blocks[j].kind == Block::kSkip); ++j) {
        if (blocks[j].kind == Block::kCode) code += (code.empty() ? "" : "\n") + blocks[j].markdown;
      }
      i = j - 1;
      size_t longest = 0, run = 0;
      for (char c : code) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
      }
      std::string fence(std::max<size_t>(3, longest + 1), '`');
      text = fence + "\n" + code + "\n" + fence;
    }
    switch (b.kind) {
      case Block::kCode:
        break;
      case Block::kQuote:
        text = "> " + b.markdown;
        break;
      case Block::kParagraph:
      case Block::kTable:
        text = b.markdown;
        break;
      case Block::kHeading:
        text = std::string(static_cast<size_t>(std::clamp(b.level - level + 1, 2, 6)), '#') + " " +
               b.markdown;
        break;
      case Block::kListItem:
        text = std::string(static_cast<size_t>(b.level) * 4, ' ') + (b.ordered ? "1. " : "- ") +
               b.markdown;
        break;
      default:
        continue;
    }
    if (!md.empty()) {
      bool tight = previous && previous->kind == Block::kListItem && b.kind == Block::kListItem;
      md += tight ? "\n" : "\n\n";
    }
    md += text;
    previous = &b;
  }
  return md.empty() ? md : md + "\n";
}

// Internal links to a bookmark on a section's heading become links to that section
// ("imsdoc-section:N", see ImportedSection); others keep only their text.
std::string resolve_anchors(const std::string& body, const std::map<std::string, size_t>& anchors) {
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t open = body.find(kAnchorMark, pos);
    size_t mid = open == std::string::npos ? open : body.find(kTextMark, open);
    size_t close = mid == std::string::npos ? mid : body.find(kAnchorMark, mid);
    if (close == std::string::npos) break;
    out += body.substr(pos, open - pos);
    std::string name = body.substr(open + 1, mid - open - 1);
    std::string text = body.substr(mid + 1, close - mid - 1);
    auto it = anchors.find(name);
    size_t b = text.find_first_not_of(' ');
    if (it != anchors.end() && b != std::string::npos &&
        text.find_first_of("[]") == std::string::npos) {
      size_t e = text.find_last_not_of(' ');
      out += text.substr(0, b) + "[" + text.substr(b, e - b + 1) + "](" + kSectionLinkScheme +
             std::to_string(it->second) + ")" + text.substr(e + 1);
    } else {
      out += text;
    }
    pos = close + 1;
  }
  return out + body.substr(pos);
}

}  // namespace

bool read_docx(const std::string& bytes, const std::string& source, ImportedManual* out,
               std::string* error) {
  std::map<std::string, std::string> parts;
  if (!read_zip(bytes, &parts, error)) return false;
  auto document = parse_part(parts, "word/document.xml", true, error);
  if (!document) return false;
  const XmlNode* body = document->child("w:body");
  if (document->name != "w:document" || !body) {
    *error = "word/document.xml has no w:document/w:body";
    return false;
  }
  Styles styles;
  Numbering numbering;
  std::map<std::string, std::string> links;
  if (parts.count("word/styles.xml")) {
    auto root = parse_part(parts, "word/styles.xml", false, error);
    if (!root) return false;
    styles.load(root.get());
  }
  if (parts.count("word/numbering.xml")) {
    auto root = parse_part(parts, "word/numbering.xml", false, error);
    if (!root) return false;
    numbering.load(root.get());
  }
  if (parts.count("word/_rels/document.xml.rels")) {
    auto root = parse_part(parts, "word/_rels/document.xml.rels", false, error);
    if (!root) return false;
    for (const auto& r : root->children) {
      if (attr(r.get(), "TargetMode") == "External")
        links[attr(r.get(), "Id")] = attr(r.get(), "Target");
    }
  }
  std::vector<Block> blocks;
  BodyReader reader(styles, numbering, links);
  reader.body(*body, &blocks);
  if (reader.images() > 0) {
    out->notes.push_back(std::to_string(reader.images()) +
                         (reader.images() == 1 ? " image was" : " images were") +
                         " not imported (save them into the project and link them from the "
                         "sections)");
  }

  // imsdoc's own Word edition: each section heading is followed by its metadata line; the
  // title page, document control and contents come before the first heading, the registers
  // (a level-1 heading without metadata) after the last section.
  const bool ours = styles.has("SectionMeta");
  out->heading_numbers_are_clauses = !ours;
  int min_level = 10;
  for (const auto& b : blocks) {
    if (b.kind == Block::kHeading) min_level = std::min(min_level, b.level);
  }
  auto section_start = [&](size_t i) {
    const Block& b = blocks[i];
    if (b.kind != Block::kHeading) return false;
    if (ours) {
      for (size_t j = i + 1; j < blocks.size(); ++j) {
        if (blocks[j].kind == Block::kSkip) continue;
        return blocks[j].kind == Block::kMeta;
      }
      return false;
    }
    return b.level - min_level + 1 <= 2;
  };
  std::vector<size_t> starts;
  std::map<std::string, size_t> anchors;  // bookmark -> index of the section it starts
  size_t end_of_sections = blocks.size();
  for (size_t i = 0; i < blocks.size(); ++i) {
    if (blocks[i].kind == Block::kTitle && blocks[i].level == 0 && out->title.empty()) {
      out->title = blocks[i].plain;
    }
    if (blocks[i].kind == Block::kTitle && blocks[i].level == 1 && ours &&
        out->organisation.empty()) {
      out->organisation = blocks[i].plain;
    }
    // imsdoc's title page: a two-column table with the document id and version.
    if (ours && starts.empty() && blocks[i].kind == Block::kTable) {
      for (const auto& row : blocks[i].cells) {
        if (row.size() != 2) continue;
        std::string key = row[0];  // bold labels: "**Document**"
        if (key.size() > 4 && starts_with(key, "**") && ends_with(key, "**")) {
          key = key.substr(2, key.size() - 4);
        }
        if (key == "Document" && out->manual_id.empty()) out->manual_id = row[1];
        if (key == "Version" && out->version.empty()) out->version = row[1];
      }
    }
    if (ours && !starts.empty() && blocks[i].kind == Block::kHeading && blocks[i].level == 1 &&
        !section_start(i)) {
      end_of_sections = i;
      break;
    }
    if (section_start(i)) starts.push_back(i);
  }
  // Text before the first heading of a document from elsewhere: a preface section.
  size_t first = starts.empty() ? end_of_sections : starts[0];
  if (!ours) {
    std::string preface = join_blocks(blocks, 0, first, 1);
    if (!preface.empty()) {
      ImportedSection s;
      s.title = "Preface";
      s.body = preface;
      s.source = source;
      out->sections.push_back(std::move(s));
    }
  }
  for (size_t k = 0; k < starts.size(); ++k) {
    size_t i = starts[k];
    size_t next = k + 1 < starts.size() ? starts[k + 1] : end_of_sections;
    const Block& h = blocks[i];
    ImportedSection s;
    s.source = source;
    split_number(h.plain, &s.number, &s.title);
    if (s.title.empty()) s.title = h.plain.empty() ? "Untitled" : h.plain;
    s.level = ours ? static_cast<int>(std::count(s.number.begin(), s.number.end(), '.')) + 1
                   : h.level - min_level + 1;
    if (s.number.empty() && ours) s.level = 1;
    size_t body_from = i + 1;
    if (ours) {
      for (size_t j = i + 1; j < next; ++j) {
        if (blocks[j].kind == Block::kMeta) {
          apply_meta(blocks[j].plain, &s);
          s.clauses_declared = true;
          body_from = j + 1;
          break;
        }
      }
    }
    s.body = join_blocks(blocks, body_from, next, h.level);
    for (const auto& name : h.bookmarks) anchors[name] = out->sections.size();
    out->sections.push_back(std::move(s));
  }
  for (auto& s : out->sections) s.body = resolve_anchors(s.body, anchors);
  return true;
}

}  // namespace imsdoc
