// The only user of the Graphviz C library (cgraph + gvc). Internal to diagram/.
#pragma once

#include <string>
#include <vector>

#include "model/project.h"

namespace imsdoc {

// Renders DOT with the Graphviz context (GVC_t) of the process: plugins load once, and a
// context is never freed (see graphviz.cpp for the Graphviz bug that forbids a second one).
class GraphvizRenderer {
 public:
  struct Output {
    std::string svg;  // as Graphviz wrote it (prolog, comments and all)
    std::string png;  // at 192 dpi, or less to stay at most 2000 pixels wide
  };
  struct Message {
    bool error = true;
    // A DiagramLimits budget was exceeded: `text` says which ("5,000 nodes exceeds
    // diagrams.max_nodes (1,000)") and `hint` how to go on; no line of the DOT text applies.
    bool limit = false;
    std::string text;  // one line of Graphviz's output, "Error: " / "Warning: " stripped
    std::string hint;
  };

  GraphvizRenderer();
  ~GraphvizRenderer();
  GraphvizRenderer(const GraphvizRenderer&) = delete;
  GraphvizRenderer& operator=(const GraphvizRenderer&) = delete;

  // Parses `dot`, lays it out with dot and renders SVG (and PNG if `png`). Returns false if it
  // does not parse, uses an attribute that would read files or one whose value is out of range,
  // is bigger than `limits` allow, or fails to lay out within limits.layout_seconds. The layout
  // runs in a child process, so that a crash inside Graphviz is an error message, not ours, and
  // the child's processor time and memory are limited.
  bool render(const std::string& dot, bool png, const DiagramLimits& limits, Output* out,
              std::vector<Message>* messages);

  // The Graphviz library version, e.g. "2.43.0": layouts differ between versions.
  std::string version() const;

 private:
  bool render_here(const std::string& dot, bool png, const DiagramLimits& limits, Output* out,
                   std::vector<Message>* messages);
  void* gvc_ = nullptr;  // GVC_t*, opaque so that no Graphviz header leaks out of graphviz.cpp
};

}  // namespace imsdoc
