// The only user of the Graphviz C library (cgraph + gvc). Internal to diagram/.
#pragma once

#include <string>
#include <vector>

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
    std::string text;  // one line of Graphviz's output, "Error: " / "Warning: " stripped
  };

  GraphvizRenderer();
  ~GraphvizRenderer();
  GraphvizRenderer(const GraphvizRenderer&) = delete;
  GraphvizRenderer& operator=(const GraphvizRenderer&) = delete;

  // Parses `dot`, lays it out with dot and renders SVG (and PNG if `png`). Returns false if it
  // does not parse, uses an attribute that would read files, or fails to lay out. The layout
  // runs in a child process, so that a crash inside Graphviz is an error message, not ours.
  bool render(const std::string& dot, bool png, Output* out, std::vector<Message>* messages);

  // The Graphviz library version, e.g. "2.43.0": layouts differ between versions.
  std::string version() const;

 private:
  bool render_here(const std::string& dot, bool png, Output* out, std::vector<Message>* messages);
  void* gvc_ = nullptr;  // GVC_t*, opaque so that no Graphviz header leaks out of graphviz.cpp
};

}  // namespace imsdoc
