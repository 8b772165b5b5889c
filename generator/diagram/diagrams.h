// Diagrams: every Graphviz diagram of a project, laid out once per build and shared by all
// renderers (site, print, DOCX). No Graphviz types here: graphviz.cpp is the only file that
// includes Graphviz headers.
//
// Which diagrams a project has, by key:
//   "process-map"            the process-interaction map (processes register)
//   "process:PRC-01"         the context diagram of a process (its suppliers and consumers)
//   "ai-system:AI-001"       the lifecycle diagram of an AI system (its processes and gates)
//   diagram_key_for_file(p)  a hand-authored diagrams/*.dot file (p project-relative)
//   diagram_key_for_block(t) a fenced ```dot block whose text is t (doc::Block::text)
// In Markdown, an image of a diagram file (`![Context](../diagrams/context.dot)`, relative to the
// Markdown file) or of a generated diagram (`![Map](imsdoc:process-map)`) has its target_id set
// to the diagram's key by the linker; renderers look it up with DiagramSet::find(target_id).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "base/diagnostic.h"
#include "diagram/style.h"
#include "model/project.h"

namespace imsdoc {

struct RenderedDiagram {
  std::string title;                // for alt text and captions
  std::string svg;                  // an <svg> element (no XML prolog/DOCTYPE), deterministic
  std::string png;                  // PNG at 192 dpi, at most 2000 px wide (for Word); empty when
                                    // render_diagrams was asked for SVG only
  int width_pt = 0, height_pt = 0;  // natural size in points (1/72 in)
};

struct DiagramSet {
  std::map<std::string, RenderedDiagram> diagrams;
  // nullptr when there is no diagram with that key (e.g. it failed to render).
  const RenderedDiagram* find(const std::string& key) const;
};

// True for a diagram too wide to scale down to a page's width and stay readable: renderers show
// it at its natural size (the site lets it scroll).
inline bool is_wide_diagram(const RenderedDiagram& d) { return d.width_pt > 900; }

std::string diagram_key_for_file(const std::string& project_relative_path);
std::string diagram_key_for_block(const std::string& dot_text);

// Rewrites every link URL="imsdoc:<ID>" of `svg` (rendered by render_diagrams) to url_for(ID),
// XML-escaped. An empty url_for result removes the link target (the node stays, unlinked).
std::string svg_with_links(const std::string& svg,
                           const std::function<std::string(const std::string& id)>& url_for);

// What a layout produced, before it is stored under a key: the content-addressed unit of the
// cache. Keyed by the SHA-256 of the DOT text and the renderer version.
class LayoutCache {
 public:
  virtual ~LayoutCache() = default;
  virtual bool get(const std::string& hash, RenderedDiagram* out) = 0;
  virtual void put(const std::string& hash, const RenderedDiagram& diagram) = 0;
};

// The in-process memo: a map from hash to diagram.
class MemoryLayoutCache : public LayoutCache {
 public:
  bool get(const std::string& hash, RenderedDiagram* out) override;
  void put(const std::string& hash, const RenderedDiagram& diagram) override;
  int hits() const { return hits_; }
  int misses() const { return misses_; }

 private:
  std::map<std::string, RenderedDiagram> entries_;
  int hits_ = 0, misses_ = 0;
};

class GraphvizRenderer;

// Renders DOT text to SVG and PNG with Graphviz's dot layout, in the Graphviz context of the
// process (created on first use: plugin loading is the slow part). Create one per run and pass
// it in; it counts the layouts it did.
class DiagramRenderer {
 public:
  DiagramRenderer();
  ~DiagramRenderer();
  DiagramRenderer(const DiagramRenderer&) = delete;
  DiagramRenderer& operator=(const DiagramRenderer&) = delete;

  // A problem Graphviz reported, with the 1-based line of the DOT text when it names one.
  struct Message {
    Severity severity = Severity::kError;
    int line = 0;
    std::string text;  // Graphviz's message without its "Error: <file>:" prefix
    // The diagram exceeds one of its DiagramLimits: `text` names the setting
    // ("5,000 nodes exceeds diagrams.max_nodes (1,000)"), `hint` says how to go on.
    bool limit = false;
    std::string hint;
  };
  // Lays out and renders `dot` (a cache hit skips the layout). Returns false if the DOT text
  // does not parse or lay out, or exceeds `limits` (counted before the layout; the layout's
  // processor time is limited); `messages` gets Graphviz's errors and warnings either way.
  bool render(const std::string& dot, bool png, const DiagramLimits& limits, LayoutCache* cache,
              RenderedDiagram* out, std::vector<Message>* messages);
  int layouts() const { return layouts_; }

 private:
  std::unique_ptr<GraphvizRenderer> graphviz_;
  int layouts_ = 0;
};

// Renders every diagram of a linked project: the process map and the context and lifecycle
// diagrams generated from registers (styled by `style`), every diagrams/*.dot file and every
// fenced ```dot block in sections and text fields. DOT errors are reported at the file and line
// they come from. Returns false if any diagram failed (`out` then holds the ones that did not).
// Without `png` (the site needs SVG only) no PNG is rendered, which is most of the cost.
bool render_diagrams(const Project& project, const DiagramStyle& style, DiagramRenderer& renderer,
                     LayoutCache* cache, Diagnostics& diags, DiagramSet* out, bool png = true);

// The diagrams a printed document (the Word edition) can show, with PNG: those Markdown shows
// as images, ```dot blocks, and (for their errors) the hand-authored files; the per-entry
// diagrams generated from registers, which only the site shows, are left out. With a large
// register they would cost seconds.
bool render_diagrams_for_print(const Project& project, const DiagramStyle& style,
                               DiagramRenderer& renderer, LayoutCache* cache, Diagnostics& diags,
                               DiagramSet* out);

// Reports what render_diagrams would report about the hand-authored diagrams (diagrams/*.dot
// and ```dot blocks), for `imsdoc check`; the generated diagrams are not laid out.
bool check_diagrams(const Project& project, DiagramRenderer& renderer, Diagnostics& diags);

}  // namespace imsdoc
