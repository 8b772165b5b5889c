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
  if (renderer.render(dot, false, nullptr, &out, &messages)) {
    svg_with_links(out.svg, [](const std::string& id) { return id + ".html"; });
  }
  return 0;
}
