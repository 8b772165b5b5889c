// Fuzzes DOT input: the bytes as a hand-authored diagrams/fuzz.dot laid out and rendered to
// SVG by Graphviz in-process, with its errors mapped to the file (imsdoc check's path), and the
// SVG's node links rewritten.
#include <cstddef>
#include <cstdint>

#include "diagram/diagrams.h"
#include "fuzz_project.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace imsdoc;
  // One renderer for the process: Graphviz keeps process-wide state (see DiagramRenderer).
  static DiagramRenderer renderer;
  std::string dot(reinterpret_cast<const char*>(data), size);
  RenderedDiagram out;
  std::vector<DiagramRenderer::Message> messages;
  // Small limits, so that inputs reach the budget checks as well as the layout; a short time
  // limit keeps slow layouts from stalling the run (the child is killed, an error follows).
  DiagramLimits limits;
  limits.max_nodes = 200;
  limits.max_edges = 400;
  limits.max_label_bytes = 2000;
  limits.layout_seconds = 5;
  if (renderer.render(dot, false, limits, nullptr, &out, &messages)) {
    svg_with_links(out.svg, [](const std::string& id) { return id + ".html"; });
  }
  return 0;
}
