#include "render/html.h"

#include <cstdlib>
#include <map>
#include <set>

#include "base/text.h"
#include "render/escape.h"

namespace imsdoc {

using doc::Block;
using doc::BlockKind;
using doc::Inline;
using doc::InlineKind;

namespace {

class HtmlWriter {
 public:
  HtmlWriter(const HtmlOptions& options, std::vector<Heading>* headings)
      : options_(options), headings_(headings) {}

  std::string render(const doc::Document& d) {
    std::vector<const Block*> footnotes;
    for (const auto& b : d.blocks) {
      if (b.kind == BlockKind::kFootnoteDef) {
        footnotes.push_back(&b);
        footnote_defs_[b.info()] = &b;
      }
    }
    for (const auto& b : d.blocks) {
      if (b.kind != BlockKind::kFootnoteDef) block(b, false);
    }
    if (!options_.footnotes_at_reference) footnote_section(footnotes);
    return std::move(out_);
  }

 private:
  void esc(std::string_view s) { append_html_escaped(&out_, s); }

  std::string unique_id(const std::string& base) {
    std::string id = options_.id_prefix + (base.empty() ? "section" : base);
    std::string candidate = id;
    for (int n = 1; !used_ids_.insert(candidate).second; ++n) {
      candidate = id + "-" + std::to_string(n);
    }
    return candidate;
  }

  void blocks(const std::vector<Block>& list, bool tight) {
    for (const auto& b : list) block(b, tight);
  }

  void block(const Block& b, bool tight) {
    switch (b.kind) {
      case BlockKind::kParagraph:
        if (b.inlines.size() == 1 && diagram_of(b.inlines[0])) {
          // A diagram alone in its paragraph is a figure, its alt text the caption.
          figure_open(*diagram_of(b.inlines[0]));
          diagram_svg(*diagram_of(b.inlines[0]));
          out_ += "<figcaption>";
          esc(doc::plain_text(b.inlines[0].children));
          out_ += "</figcaption>\n</figure>\n";
          break;
        }
        if (tight) {
          inlines(b.inlines);
        } else {
          out_ += "<p>";
          inlines(b.inlines);
          out_ += "</p>\n";
        }
        break;
      case BlockKind::kHeading: {
        std::string text = doc::plain_text(b.inlines);
        std::string id = unique_id(slugify(text));
        std::string tag = concat({"h", std::to_string(b.level)});
        out_ += "<" + tag + " id=\"";
        esc(id);
        out_ += "\">";
        inlines(b.inlines);
        out_ += " <a class=\"anchor\" href=\"#";
        esc(id);
        out_ += "\" aria-label=\"Link to this heading\">#</a></" + tag + ">\n";
        if (headings_) headings_->push_back({b.level, id, text});
        break;
      }
      case BlockKind::kBulletList:
      case BlockKind::kOrderedList: {
        bool ordered = b.kind == BlockKind::kOrderedList;
        bool task_list = false;
        for (const auto& item : b.children) task_list = task_list || item.task != 0;
        if (ordered) {
          out_ += b.start != 1 ? "<ol start=\"" + std::to_string(b.start) + "\">\n" : "<ol>\n";
        } else {
          out_ += task_list ? "<ul class=\"task-list\">\n" : "<ul>\n";
        }
        for (const auto& item : b.children) list_item(item, b.tight);
        out_ += ordered ? "</ol>\n" : "</ul>\n";
        break;
      }
      case BlockKind::kListItem:
        list_item(b, tight);
        break;
      case BlockKind::kCodeBlock: {
        std::string lang = b.info().substr(0, b.info().find_first_of(" \t"));
        const RenderedDiagram* diagram =
            lang == "dot" && options_.diagrams
                ? options_.diagrams->find(diagram_key_for_block(b.text()))
                : nullptr;
        if (diagram) {
          figure_open(*diagram);
          diagram_svg(*diagram);
          out_ += "</figure>\n";
          break;
        }
        out_ += "<pre><code";
        if (!lang.empty()) {
          out_ += " class=\"language-";
          esc(lang);
          out_ += "\"";
        }
        out_ += ">";
        esc(b.text());
        out_ += "</code></pre>\n";
        break;
      }
      case BlockKind::kBlockQuote:
        out_ += "<blockquote>\n";
        blocks(b.children, false);
        out_ += "</blockquote>\n";
        break;
      case BlockKind::kThematicBreak:
        out_ += "<hr>\n";
        break;
      case BlockKind::kRawHtml:
        if (options_.allow_raw_html) {
          out_ += b.text();
        } else {
          out_ += "<p class=\"raw-html\">";
          esc(b.text());
          out_ += "</p>\n";
        }
        break;
      case BlockKind::kTable:
        table(b);
        break;
      case BlockKind::kFootnoteDef:
        break;  // collected at document level
    }
  }

  const RenderedDiagram* diagram_of(const Inline& in) const {
    if (in.kind != InlineKind::kImage || in.target_id().empty() || !options_.diagrams)
      return nullptr;
    return options_.diagrams->find(in.target_id());
  }

  void figure_open(const RenderedDiagram& d) {
    out_ += is_wide_diagram(d) ? "<figure class=\"diagram diagram-wide\">\n"
                               : "<figure class=\"diagram\">\n";
  }

  void diagram_svg(const RenderedDiagram& d) {
    out_ += svg_with_links(d.svg, [this](const std::string& id) {
      return options_.url_for ? options_.url_for(id, "") : std::string();
    });
  }

  void list_item(const Block& item, bool tight) {
    if (item.task) {
      out_ += "<li class=\"task\"><input type=\"checkbox\" disabled";
      out_ += item.task == 2 ? " checked" : "";
      out_ += "> ";
    } else {
      out_ += "<li>";
    }
    blocks(item.children, tight);
    out_ += "</li>\n";
  }

  static const char* align_attr(doc::Align a) {
    switch (a) {
      case doc::Align::kLeft:
        return " class=\"align-left\"";
      case doc::Align::kCenter:
        return " class=\"align-center\"";
      case doc::Align::kRight:
        return " class=\"align-right\"";
      case doc::Align::kNone:
        return "";
    }
    return "";
  }

  void table(const Block& b) {
    out_ += "<div class=\"table-wrap\"><table>\n";
    for (size_t r = 0; r < b.rows().size(); ++r) {
      const char* cell = r == 0 ? "th" : "td";
      if (r == 0) out_ += "<thead>\n";
      if (r == 1) out_ += "<tbody>\n";
      out_ += "<tr>";
      for (size_t c = 0; c < b.rows()[r].size(); ++c) {
        out_ += std::string("<") + cell;
        out_ += align_attr(c < b.aligns().size() ? b.aligns()[c] : doc::Align::kNone);
        out_ += ">";
        inlines(b.rows()[r][c]);
        out_ += std::string("</") + cell + ">";
      }
      out_ += "</tr>\n";
      if (r == 0) out_ += "</thead>\n";
    }
    if (b.rows().size() > 1) out_ += "</tbody>\n";
    out_ += "</table></div>\n";
  }

  // Definitions arrive in number order (see doc::BlockKind::kFootnoteDef).
  void footnote_section(const std::vector<const Block*>& defs) {
    if (defs.empty()) return;
    out_ += "<section class=\"footnotes\" aria-label=\"Footnotes\">\n<ol>\n";
    for (const Block* def : defs) {
      std::string slug = slugify(def->info());
      out_ += "<li id=\"";
      esc(options_.id_prefix + "fn-" + slug);
      out_ += "\">\n";
      blocks(def->children, false);
      out_ += "<a class=\"footnote-back\" href=\"#";
      esc(options_.id_prefix + "fnref-" + slug);
      out_ += "\" aria-label=\"Back to reference\">↩</a>\n</li>\n";
    }
    out_ += "</ol>\n</section>\n";
  }

  // The URL a link points at: its own, or for a link the linker resolved, what url_for says.
  std::string link_url(const Inline& in) const {
    if (in.target_id().empty() || !options_.url_for) return in.url();
    size_t hash = in.url().find('#');
    return options_.url_for(in.target_id(), hash == std::string::npos ? "" : in.url().substr(hash));
  }

  void link_open(const Inline& in, const std::string& url) {
    out_ += "<a href=\"";
    esc(url);
    out_ += "\"";
    if (!in.title().empty()) {
      out_ += " title=\"";
      esc(in.title());
      out_ += "\"";
    }
    out_ += ">";
  }

  void inlines(const doc::Inlines& list) {
    for (const auto& in : list) inline_node(in);
  }

  void inline_node(const Inline& in) {
    switch (in.kind) {
      case InlineKind::kText:
        esc(in.text);
        break;
      case InlineKind::kSoftBreak:
        out_ += "\n";
        break;
      case InlineKind::kLineBreak:
        out_ += "<br>\n";
        break;
      case InlineKind::kCode:
        out_ += "<code>";
        esc(in.text);
        out_ += "</code>";
        break;
      case InlineKind::kEmph:
        out_ += "<em>";
        inlines(in.children);
        out_ += "</em>";
        break;
      case InlineKind::kStrong:
        out_ += "<strong>";
        inlines(in.children);
        out_ += "</strong>";
        break;
      case InlineKind::kStrikethrough:
        out_ += "<del>";
        inlines(in.children);
        out_ += "</del>";
        break;
      case InlineKind::kLink: {
        std::string url = link_url(in);
        if (url.empty()) {
          inlines(in.children);  // an unsafe URL removed at load time, or a target not shown
          break;
        }
        link_open(in, url);
        inlines(in.children);
        out_ += "</a>";
        break;
      }
      case InlineKind::kImage: {
        if (const RenderedDiagram* diagram = diagram_of(in)) {
          out_ += "<span class=\"diagram\">";
          diagram_svg(*diagram);
          out_ += "</span>";
          break;
        }
        std::string src = options_.image_src ? options_.image_src(in) : "";
        out_ += "<img src=\"";
        esc(src.empty() ? in.url() : src);
        out_ += "\" alt=\"";
        esc(doc::plain_text(in.children));
        out_ += "\"";
        if (!in.title().empty()) {
          out_ += " title=\"";
          esc(in.title());
          out_ += "\"";
        }
        out_ += ">";
        break;
      }
      case InlineKind::kRawHtml:
        if (options_.allow_raw_html) {
          out_ += in.text;
        } else {
          esc(in.text);
        }
        break;
      case InlineKind::kRef: {
        if (in.target_id().empty() || !options_.url_for) {
          esc("[[" + in.text + "]]");  // unresolved: already reported by the linker
          break;
        }
        std::string url = options_.url_for(in.target_id(), "");
        if (url.empty()) {
          out_ += "<span class=\"ref\">";
          esc(in.title());
          out_ += "</span>";
          break;
        }
        out_ += "<a class=\"ref\" href=\"";
        esc(url);
        out_ += "\">";
        esc(in.title());
        out_ += "</a>";
        break;
      }
      case InlineKind::kFootnoteRef: {
        std::string slug = slugify(in.text);
        int& uses = footnote_uses_[in.text];
        ++uses;
        auto def = footnote_defs_.find(in.text);
        if (options_.footnotes_at_reference && uses == 1 && def != footnote_defs_.end()) {
          footnote_at_reference(*def->second, slug);
          break;
        }
        std::string ref_id = options_.id_prefix + "fnref-" + slug;
        if (uses > 1) {
          ref_id += '-';
          ref_id += std::to_string(uses);
        }
        out_ += "<sup class=\"footnote-ref\"><a href=\"#";
        esc(options_.id_prefix + "fn-" + slug);
        out_ += "\" id=\"";
        esc(ref_id);
        out_ += "\">";
        esc(options_.footnote_offset == 0
                ? in.text
                : std::to_string(options_.footnote_offset + std::atoi(in.text.c_str())));
        out_ += "</a></sup>";
        break;
      }
    }
  }

  // The footnote's paragraphs as inline content (a span may not hold blocks), separated by
  // line breaks; other blocks in it as plain text.
  void footnote_at_reference(const Block& def, const std::string& slug) {
    out_ += "<span class=\"footnote\" id=\"";
    esc(options_.id_prefix + "fn-" + slug);
    out_ += "\">";
    for (size_t i = 0; i < def.children.size(); ++i) {
      const Block& b = def.children[i];
      if (i > 0) out_ += "<br>";
      if (b.kind == BlockKind::kParagraph) {
        inlines(b.inlines);
      } else {
        esc(doc::plain_text_of(doc::Document{{b}}));
      }
    }
    out_ += "</span>";
  }

  const HtmlOptions& options_;
  std::vector<Heading>* headings_;
  std::string out_;
  std::set<std::string> used_ids_;
  std::map<std::string, int> footnote_uses_;
  std::map<std::string, const Block*> footnote_defs_;  // by number
};

}  // namespace

std::string render_html(const doc::Document& d, const HtmlOptions& options,
                        std::vector<Heading>* headings) {
  return HtmlWriter(options, headings).render(d);
}

}  // namespace imsdoc
