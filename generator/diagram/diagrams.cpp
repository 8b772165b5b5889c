#include "diagram/diagrams.h"

#include <functional>
#include <set>

#include "base/regex.h"
#include "base/sha256.h"
#include "base/text.h"
#include "diagram/graphviz.h"
#include "diagram/process_dot.h"
#include "link/interactions.h"
#include "load/markdown.h"
#include "render/escape.h"

namespace imsdoc {

namespace {

// Part of every cache key, with the Graphviz version: bump it whenever what render() makes of
// the same DOT text changes (SVG post-processing, PNG resolution).
constexpr const char* kRendererVersion = "imsdoc-diagram-3";

// Decodes the entities Graphviz and authors write: &amp; &lt; &gt; &quot; &apos; &#NN; &#xNN;.
// Anything else, including a bare '&', is kept as it is.
std::string xml_unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '&') {
      out += s[i];
      continue;
    }
    size_t semi = s.find(';', i);
    std::string name = semi == std::string::npos ? "" : s.substr(i + 1, semi - i - 1);
    static const std::map<std::string, char> kNamed = {
        {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
    auto it = kNamed.find(name);
    long code = -1;
    if (name.size() > 1 && name[0] == '#') {
      char* end = nullptr;
      bool hex = name[1] == 'x' || name[1] == 'X';
      code = std::strtol(name.c_str() + (hex ? 2 : 1), &end, hex ? 16 : 10);
      if (*end != '\0' || code <= 0 || code > 0x7f) code = -1;  // ASCII only: ids and URLs
    }
    if (it != kNamed.end()) {
      out += it->second;
    } else if (code > 0) {
      out += static_cast<char>(code);
    } else {
      out += '&';
      continue;
    }
    i = semi;
  }
  return out;
}

// Applies `rewrite` to the value of every xlink:href attribute; an empty result drops the
// attribute.
std::string rewrite_hrefs(const std::string& svg,
                          const std::function<std::string(const std::string& url)>& rewrite) {
  static const std::string kAttr = " xlink:href=\"";
  std::string out;
  size_t pos = 0;
  while (true) {
    size_t at = svg.find(kAttr, pos);
    if (at == std::string::npos) break;
    size_t value = at + kAttr.size();
    size_t end = svg.find('"', value);
    if (end == std::string::npos) break;
    out.append(svg, pos, at - pos);
    std::string url = rewrite(xml_unescape(svg.substr(value, end - value)));
    if (!url.empty()) out += kAttr + html_escape(url) + "\"";
    pos = end + 1;
  }
  out.append(svg, pos, std::string::npos);
  return out;
}

std::string replace_all(const std::string& s, const std::string& from, const std::string& to) {
  std::string out;
  size_t pos = 0;
  for (size_t at; (at = s.find(from, pos)) != std::string::npos; pos = at + from.size()) {
    out.append(s, pos, at - pos);
    out += to;
  }
  out.append(s, pos, std::string::npos);
  return out;
}

// `svg` without <!-- comments --> (and the newline after each).
std::string without_comments(const std::string& svg) {
  std::string out;
  size_t pos = 0;
  for (size_t at; (at = svg.find("<!--", pos)) != std::string::npos;) {
    out.append(svg, pos, at - pos);
    size_t end = svg.find("-->", at + 4);
    if (end == std::string::npos) return out;
    pos = end + 3;
    if (pos < svg.size() && svg[pos] == '\n') ++pos;
  }
  out.append(svg, pos, std::string::npos);
  return out;
}

// Graphviz's SVG as an element to embed: no prolog, DOCTYPE or comments (one names the Graphviz
// version), no title of an anonymous graph (numbered per process), ids prefixed so that several
// diagrams can share a page, and every link URL escaped (Graphviz 2.43 writes them raw). Unsafe
// link URLs are dropped and returned in `removed`.
std::string clean_svg(const std::string& raw, const std::string& id_prefix,
                      std::vector<std::string>* removed) {
  size_t start = raw.find("<svg");
  std::string svg = start == std::string::npos ? raw : raw.substr(start);
  svg = without_comments(svg);
  static const Regex kAnonymousTitle = Regex::fixed("<title>%[0-9]+</title>\n?");
  svg = kAnonymousTitle.replace_all(svg, "");
  svg = replace_all(svg, " id=\"", " id=\"" + id_prefix);
  svg = replace_all(svg, "url(#", "url(#" + id_prefix);
  svg = rewrite_hrefs(svg, [&](const std::string& url) {
    if (starts_with(url, "imsdoc:") || is_safe_url(url, false)) return url;
    removed->push_back(url);
    return std::string();
  });
  while (!svg.empty() && svg.back() == '\n') svg.pop_back();
  return svg + "\n";
}

int points_attribute(const std::string& svg, const std::string& name) {
  RegexMatch m;
  const Regex re(" " + Regex::quote(name) + "=\"([0-9.]+)pt\"");
  size_t end = svg.find('>');
  std::string head = svg.substr(0, end);
  if (!re.find(head, 0, &m)) return 0;
  return static_cast<int>(std::stod(m.str(1)) + 0.5);
}

}  // namespace

const RenderedDiagram* DiagramSet::find(const std::string& key) const {
  auto it = diagrams.find(key);
  return it == diagrams.end() ? nullptr : &it->second;
}

std::string diagram_key_for_file(const std::string& project_relative_path) {
  return "file:" + project_relative_path;
}

std::string diagram_key_for_block(const std::string& dot_text) {
  return "block:" + sha256_hex(dot_text).substr(0, 16);
}

std::string svg_with_links(const std::string& svg,
                           const std::function<std::string(const std::string& id)>& url_for) {
  return rewrite_hrefs(svg, [&](const std::string& url) {
    return starts_with(url, "imsdoc:") ? url_for(url.substr(7)) : url;
  });
}

bool MemoryLayoutCache::get(const std::string& hash, RenderedDiagram* out) {
  auto it = entries_.find(hash);
  if (it == entries_.end()) {
    ++misses_;
    return false;
  }
  ++hits_;
  *out = it->second;
  return true;
}

void MemoryLayoutCache::put(const std::string& hash, const RenderedDiagram& diagram) {
  entries_[hash] = diagram;
}

DiagramRenderer::DiagramRenderer() : graphviz_(std::make_unique<GraphvizRenderer>()) {}
DiagramRenderer::~DiagramRenderer() = default;

bool DiagramRenderer::render(const std::string& dot, bool png, const DiagramLimits& limits,
                             LayoutCache* cache, RenderedDiagram* out,
                             std::vector<Message>* messages) {
  // The limits are part of the key: a diagram laid out under generous limits must not pass,
  // from the cache, limits it exceeds.
  const std::string hash =
      sha256_hex(std::string(kRendererVersion) + " graphviz " + graphviz_->version() +
                 (png ? " svg+png" : " svg") + " limits " + std::to_string(limits.max_nodes) + " " +
                 std::to_string(limits.max_edges) + " " + std::to_string(limits.max_label_bytes) +
                 " " + std::to_string(limits.layout_seconds) + "\n" + dot);
  if (cache && cache->get(hash, out)) return true;
  GraphvizRenderer::Output raw;
  std::vector<GraphvizRenderer::Message> gv_messages;
  ++layouts_;
  bool ok = graphviz_->render(dot, png, limits, &raw, &gv_messages);
  static const Regex kInLine = Regex::fixed("^(?:<dot>: )?(.*?) in line ([0-9]+)(.*)$");
  for (const auto& m : gv_messages) {
    if (m.limit) {
      messages->push_back({Severity::kError, 0, m.text, true, m.hint});
      continue;
    }
    Message msg;
    msg.severity = m.error ? Severity::kError : Severity::kWarning;
    RegexMatch match;
    std::string text = m.text;
    if (starts_with(text, "<dot>: ")) text = text.substr(7);
    if (kInLine.find(text, 0, &match)) {
      msg.line = match.groups[2].size() <= 9 ? std::stoi(match.str(2)) : 0;
      text = match.str(1) + match.str(3);
    }
    msg.text = text;
    // "attribute 'image' is not allowed": point at where the attribute is set.
    if (msg.line == 0 && starts_with(text, "attribute '")) {
      std::string name = text.substr(11, text.find('\'', 11) - 11);
      RegexMatch at;
      if (Regex("\\b" + Regex::quote(name) + "\\s*=").find(dot, 0, &at)) {
        int col = 0;
        line_col_at(dot, at.position, &msg.line, &col);
      }
    }
    messages->push_back(std::move(msg));
  }
  if (!ok) return false;
  std::vector<std::string> removed;
  out->svg = clean_svg(raw.svg, "d" + sha256_hex(dot).substr(0, 8) + "-", &removed);
  for (const auto& url : removed) {
    int line = 0, col = 0;
    size_t at = dot.find(url);
    if (at != std::string::npos) line_col_at(dot, at, &line, &col);
    messages->push_back(
        {Severity::kWarning, line, "unsafe URL '" + url + "' removed from the diagram", false, ""});
  }
  out->png = std::move(raw.png);
  out->width_pt = points_attribute(out->svg, "width");
  out->height_pt = points_attribute(out->svg, "height");
  if (cache) cache->put(hash, *out);
  return true;
}

namespace {

class DiagramCollector {
 public:
  DiagramCollector(const Project& project, const DiagramStyle& style, DiagramRenderer& renderer,
                   LayoutCache* cache, Diagnostics& diags, DiagramSet* out, bool png,
                   bool generated = true, bool print_only = false)
      : png_(png),
        print_only_(print_only),
        generated_(generated),
        project_(project),
        style_(style),
        renderer_(renderer),
        cache_(cache),
        diags_(diags),
        out_(out) {}

  bool run() {
    if (print_only_) collect_shown_images();
    ProcessInteractions interactions = compute_interactions(project_);
    const Register* processes = generated_ ? project_.find_register("processes") : nullptr;
    const Register* systems = generated_ ? project_.find_register("ai-systems") : nullptr;
    if (processes) {
      generated("process-map", "Process-interaction map",
                process_map_dot(project_, interactions, style_), processes->path);
      for (const auto& e : processes->entries) {
        generated("process:" + e.id, "Context of " + e.id,
                  process_context_dot(project_, interactions, e, style_), processes->path);
      }
    }
    if (systems) {
      for (const auto& e : systems->entries) {
        generated("ai-system:" + e.id, "Lifecycle of " + e.id,
                  ai_lifecycle_dot(project_, e, style_), systems->path);
      }
    }
    for (const auto& f : project_.diagram_files) {
      std::string stem = f.path.substr(f.path.rfind('/') + 1);
      stem = stem.substr(0, stem.rfind('.'));
      hand_authored(diagram_key_for_file(f.path), stem, f.text, f.path, 0);
    }
    for (const auto& s : project_.sections) blocks_of(s.body, s.path);
    for (const auto& reg : project_.registers) {
      for (const auto& e : reg.entries) {
        for (const auto& f : reg.schema->fields) {
          const FieldValue* v = e.value(f.name);
          if (v && f.type == FieldType::kText) blocks_of(v->markdown, reg.path);
        }
      }
    }
    return ok_;
  }

 private:
  // The diagrams that Markdown shows as images (![..](x.dot), ![..](imsdoc:process-map)): the
  // only ones besides ```dot blocks that a printed document can show, so the only ones that
  // need a PNG. The per-entry diagrams of a large register would otherwise cost seconds.
  void collect_shown_images() {
    std::function<void(const doc::Inlines&)> inlines = [&](const doc::Inlines& list) {
      for (const auto& in : list) {
        if (in.kind == doc::InlineKind::kImage && !in.target_id().empty()) {
          shown_.insert(in.target_id());
        }
        inlines(in.children);
      }
    };
    std::function<void(const std::vector<doc::Block>&)> blocks =
        [&](const std::vector<doc::Block>& list) {
          for (const auto& b : list) {
            inlines(b.inlines);
            for (const auto& row : b.rows()) {
              for (const auto& cell : row) inlines(cell);
            }
            blocks(b.children);
          }
        };
    for (const auto& s : project_.sections) blocks(s.body.blocks);
    for (const auto& reg : project_.registers) {
      for (const auto& e : reg.entries) {
        for (const auto& [_, v] : e.values) {
          blocks(v.markdown.blocks);
          for (const auto& item : v.items) blocks(item.markdown.blocks);
        }
      }
    }
  }

  bool wants_png(const std::string& key) const {
    return png_ && (!print_only_ || shown_.count(key) > 0 || key.rfind("block:", 0) == 0);
  }

  void blocks_of(const doc::Document& d, const std::string& file) {
    std::function<void(const std::vector<doc::Block>&)> walk =
        [&](const std::vector<doc::Block>& blocks) {
          for (const auto& b : blocks) {
            std::string lang = b.info().substr(0, b.info().find_first_of(" \t"));
            if (b.kind == doc::BlockKind::kCodeBlock && lang == "dot") {
              // The DOT text starts on the line after the opening fence.
              hand_authored(diagram_key_for_block(b.text()), "Diagram", b.text(), file, b.line);
            }
            walk(b.children);
          }
        };
    walk(d.blocks);
  }

  // A diagram the user wrote: its errors are theirs, at their lines.
  void hand_authored(const std::string& key, const std::string& title, const std::string& dot,
                     const std::string& file, int line_offset) {
    if (out_->diagrams.count(key)) return;  // the same block twice
    check_links(dot, file, line_offset);
    RenderedDiagram d;
    std::vector<DiagramRenderer::Message> messages;
    bool ok = renderer_.render(dot, wants_png(key), project_.config.diagram_limits, cache_, &d,
                               &messages);
    for (const auto& m : messages) {
      SourceSpan span{file, m.line > 0 ? m.line + line_offset : line_offset, 0};
      std::string text = m.text;
      if (m.limit) {
        diags_.error(span, text, m.hint);
      } else if (m.severity == Severity::kError) {
        diags_.error(span, "DOT: " + text,
                     starts_with(text, "syntax error")
                         ? "see the DOT language at https://graphviz.org/doc/info/lang.html"
                         : "");
      } else {
        diags_.warning(span, "DOT: " + text);
      }
    }
    if (!ok) {
      ok_ = false;
      return;
    }
    d.title = title;
    out_->diagrams[key] = std::move(d);
  }

  // URL="imsdoc:ID" must name a section or entry, as a [[reference]] would.
  void check_links(const std::string& dot, const std::string& file, int line_offset) {
    static const Regex kLink = Regex::fixed("imsdoc:([^\"\\s>]*)");
    for (const RegexMatch& link : kLink.find_all(dot)) {
      std::string id = link.str(1);
      if (project_.resolve(id)) continue;
      int line = 0, col = 0;
      line_col_at(dot, link.position, &line, &col);
      std::vector<std::string> ids;
      for (const auto& [target, _] : project_.targets) ids.push_back(target);
      std::string guess = closest_match(id, ids);
      diags_.error({file, line + line_offset, line_offset == 0 ? col : 0},
                   "unknown reference 'imsdoc:" + id + "' in a diagram link",
                   guess.empty() ? "imsdoc: links name a section id (IMS-1.4) or an entry id"
                                 : "did you mean '" + guess + "'?");
      ok_ = false;
    }
  }

  // A diagram imsdoc generated: an error in it is imsdoc's bug, reported against the register.
  void generated(const std::string& key, const std::string& title, const std::string& dot,
                 const std::string& file) {
    // For print, only what Markdown shows: the per-entry diagrams are the site's.
    if (print_only_ && !shown_.count(key)) return;
    RenderedDiagram d;
    std::vector<DiagramRenderer::Message> messages;
    bool ok = renderer_.render(dot, wants_png(key), project_.config.diagram_limits, cache_, &d,
                               &messages);
    for (const auto& m : messages) {
      if (m.severity != Severity::kError) continue;
      if (m.limit) {
        // The register is too big for one diagram: the user's to decide, not imsdoc's bug.
        size_t at = m.text.find("diagrams.");
        std::string hint = at == std::string::npos
                               ? m.hint
                               : "imsdoc draws it from this register: raise " +
                                     m.text.substr(at, m.text.find(' ', at) - at) +
                                     " in imsdoc.yaml";
        diags_.error({file, 0, 0}, "generated diagram '" + title + "': " + m.text, hint);
        continue;
      }
      diags_.error({file, 0, 0},
                   "internal error: the " + title + " diagram does not render: " + m.text,
                   "please report this as a bug of imsdoc");
    }
    if (!ok) {
      ok_ = false;
      return;
    }
    d.title = title;
    out_->diagrams[key] = std::move(d);
  }

  bool png_;
  bool print_only_;              // only what print shows (see render_diagrams_for_print)
  std::set<std::string> shown_;  // diagram keys shown as images in Markdown
  bool generated_;               // also the diagrams generated from registers
  const Project& project_;
  const DiagramStyle& style_;
  DiagramRenderer& renderer_;
  LayoutCache* cache_;
  Diagnostics& diags_;
  DiagramSet* out_;
  bool ok_ = true;
};

}  // namespace

bool render_diagrams(const Project& project, const DiagramStyle& style, DiagramRenderer& renderer,
                     LayoutCache* cache, Diagnostics& diags, DiagramSet* out, bool png) {
  return DiagramCollector(project, style, renderer, cache, diags, out, png).run();
}

bool render_diagrams_for_print(const Project& project, const DiagramStyle& style,
                               DiagramRenderer& renderer, LayoutCache* cache, Diagnostics& diags,
                               DiagramSet* out) {
  return DiagramCollector(project, style, renderer, cache, diags, out, true, true, true).run();
}

bool check_diagrams(const Project& project, DiagramRenderer& renderer, Diagnostics& diags) {
  DiagramStyle unused;
  DiagramSet discarded;
  return DiagramCollector(project, unused, renderer, nullptr, diags, &discarded, false, false)
      .run();
}

}  // namespace imsdoc
