// Diagrams: DOT generated from registers (golden files), interactions, Graphviz rendering,
// error positions, links, the layout cache and the diagram style of a theme.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "base/file_system.h"
#include "base/process.h"
#include "check/findings.h"
#include "diagram/diagrams.h"
#include "diagram/process_dot.h"
#include "link/interactions.h"
#include "link/linker.h"
#include "load/project_loader.h"
#include "render/html.h"
#include "render/theme.h"
#include "test_project.h"

using namespace imsdoc;
using Catch::Matchers::Contains;
using Catch::Matchers::StartsWith;

namespace {

// Three processes with a hand-off each way between two of them, a gate, an external party on
// each side, an unproduced input, an unconsumed output and a process with no interactions; one
// AI system linked to two of them.
std::map<std::string, std::string> fixture() {
  auto files = testing::minimal_project();
  files["registers/processes.yaml"] =
      "entries:\n"
      "  - id: PRC-01\n    name: AI system intake\n    purpose: Intake.\n"
      "    owner: AI Governance Lead\n    area: operation\n    gate: intake\n"
      "    inputs: [AI use request, Corrective action status]\n"
      "    external_inputs: [\"Customers: Customer requirements\"]\n"
      "    outputs: [AI system record]\n"
      "  - id: PRC-02\n    name: Service delivery with a rather long name that wraps\n"
      "    purpose: Delivery.\n    owner: \"Operations Director & Deputy\"\n    area: operation\n"
      "    inputs: [AI system record]\n"
      "    outputs: [AI use request, \"Quality \\\"KPI\\\" report\"]\n"
      "    external_outputs: [\"Customers: Deliveries <on time>\"]\n"
      "  - id: PRC-03\n    name: Corrective action\n    purpose: Fixes.\n"
      "    owner: Head of Quality\n    area: improvement\n"
      "  - id: PRC-04\n    name: Lone process\n    purpose: Nothing.\n    owner: Nobody\n"
      "    area: support\n    inputs: [Wishes]\n";
  files["registers/ai-systems.yaml"] =
      "entries:\n  - id: AI-001\n    name: Router\n    purpose: Routes.\n    owner: Ops\n"
      "    origin: internal\n    lifecycle_stage: deploy\n    risk_level: medium\n"
      "    status: active\n    processes: [PRC-01, PRC-02]\n";
  return files;
}

struct Loaded {
  MemoryFileSystem fs;
  Project project;
  Diagnostics diags;
  DiagramStyle style;
};

std::unique_ptr<Loaded> load(const std::map<std::string, std::string>& files) {
  auto l = std::make_unique<Loaded>();
  l->fs = MemoryFileSystem(files);
  load_project(l->fs, l->diags, &l->project);
  link_project(&l->project, l->diags);
  Theme theme;
  REQUIRE(load_theme(l->fs, "default", {}, l->diags, &theme));
  REQUIRE(load_diagram_style(theme, l->diags, &l->style));
  return l;
}

std::string source_dir() {
  const char* dir = std::getenv("IMSDOC_SOURCE_DIR");
  return dir ? dir : ".";
}

// Compares `actual` with tests/unit/diagram-golden/<name>; IMSDOC_ACCEPT=1 rewrites the file.
void check_golden(const std::string& name, const std::string& actual) {
  std::string path = source_dir() + "/tests/unit/diagram-golden/" + name;
  const char* accept = std::getenv("IMSDOC_ACCEPT");
  if (accept && std::string(accept) == "1") {
    std::ofstream(path, std::ios::binary) << actual;
    WARN("accepted " << path);
    return;
  }
  std::ifstream in(path, std::ios::binary);
  INFO("golden file " << path << " (re-accept with IMSDOC_ACCEPT=1 and review the diff)");
  REQUIRE(in.good());
  std::stringstream expected;
  expected << in.rdbuf();
  CHECK(actual == expected.str());
}

std::string messages(const Diagnostics& diags, bool findings_only = false) {
  std::string out;
  for (const auto& d : diags.sorted()) {
    if (findings_only && d.code != "unproduced-input" && d.code != "unconsumed-output" &&
        d.code != "isolated-process") {
      continue;
    }
    out += d.span.file + ":" + std::to_string(d.span.line) + ":" + std::to_string(d.span.col) +
           ": " + (d.severity == Severity::kError ? "error: " : "warning: ") + d.message + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("interactions: hand-offs, external parties and loose ends", "[diagram]") {
  auto l = load(fixture());
  REQUIRE(messages(l->diags) == "");
  ProcessInteractions in = compute_interactions(l->project);
  std::vector<std::string> handoffs;
  for (const auto& h : in.handoffs) {
    handoffs.push_back((h.from.empty() ? "[" + h.party + "]" : h.from) + ">" +
                       (h.to.empty() ? "[" + h.party + "]" : h.to) + ":" + h.what);
  }
  CHECK(handoffs == std::vector<std::string>{"[Customers]>PRC-01:Customer requirements",
                                             "PRC-01>PRC-02:AI system record",
                                             "PRC-02>PRC-01:AI use request",
                                             "PRC-02>[Customers]:Deliveries <on time>"});
  REQUIRE(in.unproduced_inputs.size() == 2);
  CHECK(in.unproduced_inputs[0].what == "Corrective action status");
  CHECK(in.unproduced_inputs[1].process == "PRC-04");
  CHECK(in.unproduced_inputs[1].span.line > 0);
  REQUIRE(in.unconsumed_outputs.size() == 1);
  CHECK(in.unconsumed_outputs[0].what == "Quality \"KPI\" report");
  CHECK(in.isolated == std::vector<std::string>{"PRC-03", "PRC-04"});
  CHECK(in.parties == std::vector<std::string>{"Customers"});
  CHECK(split_external("Regulators: Legal updates") ==
        std::pair<std::string, std::string>{"Regulators", "Legal updates"});
  CHECK(split_external("Legal updates") ==
        std::pair<std::string, std::string>{"External", "Legal updates"});
}

TEST_CASE("interactions: findings name the loose ends and can be turned off", "[diagram]") {
  auto files = fixture();
  auto l = load(files);
  check_findings(l->project, "2026-03-01", l->diags);
  std::string m = messages(l->diags, true);
  CHECK_THAT(m, Contains("warning: input 'Corrective action status' of PRC-01 is not an output "
                         "of any process"));
  CHECK_THAT(m, Contains("warning: output 'Quality \"KPI\" report' of PRC-02 is not an input"));
  CHECK_THAT(m, Contains("warning: PRC-03 has no interactions with other processes"));
  files["imsdoc.yaml"] +=
      "findings: {unproduced-input: off, unconsumed-output: error, "
      "isolated-process: off}\n";
  auto off = load(files);
  check_findings(off->project, "2026-03-01", off->diags);
  CHECK(messages(off->diags, true) ==
        "registers/processes.yaml:17:31: error: output 'Quality \"KPI\" report' of PRC-02 is not "
        "an input of any process\n");
}

TEST_CASE("diagram: DOT generated from the fixture register matches the golden files",
          "[diagram]") {
  auto l = load(fixture());
  ProcessInteractions in = compute_interactions(l->project);
  check_golden("process-map.dot", process_map_dot(l->project, in, l->style));
  check_golden(
      "process-PRC-02.dot",
      process_context_dot(l->project, in, *l->project.find_entry("processes", "PRC-02"), l->style));
  check_golden(
      "ai-system-AI-001.dot",
      ai_lifecycle_dot(l->project, *l->project.find_entry("ai-systems", "AI-001"), l->style));
}

TEST_CASE("diagram: DOT escaping and word wrapping", "[diagram]") {
  CHECK(dot_quote("a \"b\" \\ c\nd") == "\"a \\\"b\\\" \\\\ c\\nd\"");
  CHECK(dot_html_escape("R&D <x> \"y\"") == "R&amp;D &lt;x&gt; &quot;y&quot;");
  CHECK(wrap_words("one two three four", 9) ==
        std::vector<std::string>{"one two", "three", "four"});
  CHECK(wrap_words("averyveryverylongword x", 5) ==
        std::vector<std::string>{"averyveryverylongword", "x"});
}

TEST_CASE("diagram: every diagram renders to clean, deterministic SVG and PNG", "[diagram]") {
  auto l = load(fixture());
  DiagramRenderer renderer;
  MemoryLayoutCache cache;
  DiagramSet set;
  REQUIRE(render_diagrams(l->project, l->style, renderer, &cache, l->diags, &set));
  REQUIRE(messages(l->diags) == "");
  std::vector<std::string> keys;
  for (const auto& [key, _] : set.diagrams) keys.push_back(key);
  CHECK(keys == std::vector<std::string>{"ai-system:AI-001", "process-map", "process:PRC-01",
                                         "process:PRC-02", "process:PRC-03", "process:PRC-04"});
  const RenderedDiagram* map = set.find("process-map");
  REQUIRE(map);
  CHECK(set.find("nothing") == nullptr);
  CHECK(map->title == "Process-interaction map");
  CHECK_THAT(map->svg, StartsWith("<svg width=\""));
  CHECK(map->svg.find("<?xml") == std::string::npos);
  CHECK(map->svg.find("<!--") == std::string::npos);
  CHECK(map->svg.find("graphviz") == std::string::npos);
  CHECK(map->svg.find(" style=\"") == std::string::npos);  // the site's CSP forbids them
  CHECK(map->width_pt > 100);
  CHECK(map->height_pt > 100);
  REQUIRE(map->png.size() > 8);
  CHECK(map->png.substr(0, 8) == "\x89PNG\r\n\x1a\n");
  // IHDR: width and height in pixels, big-endian, at 192 dpi (8/3 pixels per point).
  auto be32 = [&](size_t at) {
    unsigned v = 0;
    for (size_t i = 0; i < 4; ++i) v = v << 8 | static_cast<unsigned char>(map->png[at + i]);
    return static_cast<int>(v);
  };
  CHECK(std::abs(be32(16) - map->width_pt * 8 / 3) <= 3);
  CHECK(std::abs(be32(20) - map->height_pt * 8 / 3) <= 3);

  // A second renderer, without the cache, produces the same bytes.
  DiagramRenderer fresh;
  DiagramSet again;
  Diagnostics diags;
  REQUIRE(render_diagrams(l->project, l->style, fresh, nullptr, diags, &again));
  for (const auto& [key, d] : set.diagrams) {
    INFO(key);
    if (again.find(key)->svg != d.svg) {
      std::ofstream("/tmp/svg-a-" + key.substr(0, 3) + ".svg") << d.svg;
      std::ofstream("/tmp/svg-b-" + key.substr(0, 3) + ".svg") << again.find(key)->svg;
    }
    CHECK(again.find(key)->svg == d.svg);
    CHECK(again.find(key)->png == d.png);
  }
}

TEST_CASE("diagram: node links point where the renderer says, escaped", "[diagram]") {
  auto l = load(fixture());
  DiagramRenderer renderer;
  DiagramSet set;
  REQUIRE(render_diagrams(l->project, l->style, renderer, nullptr, l->diags, &set));
  const std::string& svg = set.find("process-map")->svg;
  CHECK_THAT(svg, Contains("xlink:href=\"imsdoc:PRC-01\""));
  std::vector<std::string> asked;
  std::string linked = svg_with_links(svg, [&](const std::string& id) {
    asked.push_back(id);
    return id == "PRC-04" ? std::string() : "registers/processes/" + id + ".html?a=1&b=\"2\"";
  });
  CHECK(linked.find("imsdoc:") == std::string::npos);
  CHECK_THAT(linked,
             Contains("xlink:href=\"registers/processes/PRC-01.html?a=1&amp;b=&quot;2&quot;\""));
  CHECK(std::count(asked.begin(), asked.end(), "PRC-02") == 1);
  // An empty URL leaves the node unlinked.
  CHECK(linked.find("PRC-04.html") == std::string::npos);
  CHECK(asked.size() == 4);
}

TEST_CASE("diagram: the SVG is well-formed XML (xmllint)", "[diagram]") {
  if (run_process({"xmllint", "--version"}).exit_code != 0) {
    WARN("SKIPPED: xmllint not found; install the libxml2-utils package");
    return;
  }
  auto files = fixture();
  files["diagrams/amp.dot"] =
      "digraph { a [URL=\"https://example.org/?x=1&y=2\", label=\"R&D <x>\"]; a -> b }\n";
  auto l = load(files);
  DiagramRenderer renderer;
  DiagramSet set;
  REQUIRE(render_diagrams(l->project, l->style, renderer, nullptr, l->diags, &set));
  for (const auto& [key, d] : set.diagrams) {
    INFO(key);
    char name[] = "/tmp/imsdoc-svg-XXXXXX";
    int fd = mkstemp(name);
    REQUIRE(fd >= 0);
    close(fd);
    std::string path = name;
    std::ofstream(path) << svg_with_links(
        d.svg, [](const std::string& id) { return "x.html?id=" + id + "&k=1"; });
    ProcessResult r = run_process({"xmllint", "--noout", path});
    std::remove(path.c_str());
    INFO(r.err);
    CHECK(r.exit_code == 0);
  }
}

TEST_CASE("diagram: DOT errors point at the line in the .dot file or the Markdown file",
          "[diagram]") {
  auto files = fixture();
  files["diagrams/bad.dot"] = "digraph {\n  a -> b\n  c -> ;\n}\n";
  files["content/1-intro.md"] +=
      "\nText.\n\n```dot\ndigraph {\n  x [label=\"ok\"]\n  x -> -> y\n}\n```\n";
  auto l = load(files);
  REQUIRE(messages(l->diags) == "");
  DiagramRenderer renderer;
  DiagramSet set;
  CHECK_FALSE(render_diagrams(l->project, l->style, renderer, nullptr, l->diags, &set));
  // The fence is on line 18 of the Markdown file; the error on line 3 of the block.
  CHECK(messages(l->diags) ==
        "content/1-intro.md:21:0: error: DOT: syntax error near '->'\n"
        "diagrams/bad.dot:3:0: error: DOT: syntax error near ';'\n");
  CHECK(set.find(diagram_key_for_file("diagrams/bad.dot")) == nullptr);
  CHECK(set.find("process-map") != nullptr);
}

TEST_CASE("diagram: hand-authored diagrams cannot read files or link unsafely", "[diagram]") {
  auto files = fixture();
  files["diagrams/image.dot"] = "digraph {\n  a [image=\"/etc/passwd\"]\n}\n";
  files["diagrams/img.dot"] = "digraph {\n  a [label=<<IMG SRC=\"/etc/x.png\"/>>]\n}\n";
  files["diagrams/js.dot"] = "digraph {\n  a [URL=\"javascript:alert(1)\"]\n}\n";
  files["diagrams/ref.dot"] =
      "digraph {\n  a [URL=\"imsdoc:PRC-09\"]\n  b [URL=\"imsdoc:PRC-01\"]\n}\n";
  auto l = load(files);
  DiagramRenderer renderer;
  DiagramSet set;
  CHECK_FALSE(render_diagrams(l->project, l->style, renderer, nullptr, l->diags, &set));
  CHECK(messages(l->diags) ==
        "diagrams/image.dot:2:0: error: DOT: attribute 'image' is not allowed: a diagram cannot "
        "refer to other files\n"
        "diagrams/img.dot:2:0: error: DOT: <IMG> is not allowed in labels: a diagram cannot "
        "refer to other files\n"
        "diagrams/js.dot:2:0: warning: DOT: unsafe URL 'javascript:alert(1)' removed from the "
        "diagram\n"
        "diagrams/ref.dot:2:11: error: unknown reference 'imsdoc:PRC-09' in a diagram link\n");
  const RenderedDiagram* js = set.find(diagram_key_for_file("diagrams/js.dot"));
  REQUIRE(js);
  CHECK(js->svg.find("javascript") == std::string::npos);
}

TEST_CASE("diagram: the layout cache skips unchanged diagrams", "[diagram]") {
  auto l = load(fixture());
  DiagramRenderer renderer;
  MemoryLayoutCache cache;
  DiagramSet first, second;
  REQUIRE(render_diagrams(l->project, l->style, renderer, &cache, l->diags, &first));
  int layouts = renderer.layouts();
  CHECK(layouts == 6);
  REQUIRE(render_diagrams(l->project, l->style, renderer, &cache, l->diags, &second));
  CHECK(renderer.layouts() == layouts);
  CHECK(cache.hits() == 6);
  CHECK(second.find("process-map")->svg == first.find("process-map")->svg);
  // SVG only (the site): the same SVG, no PNG, its own cache entries.
  DiagramSet svg_only;
  REQUIRE(render_diagrams(l->project, l->style, renderer, &cache, l->diags, &svg_only, false));
  CHECK(renderer.layouts() == 2 * layouts);
  CHECK(svg_only.find("process-map")->png.empty());
  CHECK(svg_only.find("process-map")->svg == first.find("process-map")->svg);
}

TEST_CASE("diagram: Markdown embeds diagrams as inline SVG", "[diagram]") {
  auto files = fixture();
  files["diagrams/ctx.dot"] = "digraph { a [URL=\"imsdoc:IMS-1.2\"] }\n";
  files["content/1-intro.md"] +=
      "\n![Context & more](../diagrams/ctx.dot)\n\n![Map](imsdoc:process-map)\n\n"
      "```dot\ndigraph { b }\n```\n";
  auto l = load(files);
  REQUIRE(messages(l->diags) == "");
  DiagramRenderer renderer;
  DiagramSet set;
  REQUIRE(render_diagrams(l->project, l->style, renderer, nullptr, l->diags, &set));
  HtmlOptions options;
  options.diagrams = &set;
  options.url_for = [](const std::string& id, const std::string&) {
    return "page-of-" + id + ".html";
  };
  const Section& intro = l->project.sections[0];
  std::string html = render_html(intro.body, options);
  CHECK_THAT(html, Contains("<figure class=\"diagram\">\n<svg"));
  CHECK_THAT(html, Contains("xlink:href=\"page-of-IMS-1.2.html\""));
  CHECK_THAT(html, Contains("<figcaption>Context &amp; more</figcaption>"));
  CHECK_THAT(html, Contains("xlink:href=\"page-of-PRC-01.html\""));
  CHECK(html.find("<pre><code class=\"language-dot\">") == std::string::npos);
  // Without diagrams a block stays code.
  HtmlOptions plain;
  CHECK_THAT(render_html(intro.body, plain), Contains("<pre><code class=\"language-dot\">"));
}

TEST_CASE("diagram: unknown diagram images are errors with a hint", "[diagram]") {
  auto files = fixture();
  files["diagrams/context.dot"] = "digraph { a }\n";
  files["content/1-intro.md"] += "\n![A](../diagrams/contxt.dot)\n\n![B](imsdoc:process-mop)\n";
  MemoryFileSystem fs(files);
  Diagnostics diags;
  Project p;
  load_project(fs, diags, &p);
  link_project(&p, diags);
  std::string m;
  for (const auto& d : diags.sorted()) m += d.message + " | " + d.hint + "\n";
  CHECK(m ==
        "diagram '../diagrams/contxt.dot': no diagram file diagrams/contxt.dot | did you mean "
        "diagrams/context.dot?\n"
        "unknown generated diagram 'imsdoc:process-mop' | did you mean 'imsdoc:process-map'?\n");
}

TEST_CASE("diagram: a theme's diagram.yaml overrides some roles and is checked", "[diagram]") {
  auto files = testing::minimal_project();
  files["themes/default/diagram.yaml"] =
      "font: Liberation Sans\ncolors:\n  edge: \"#ff0000\"\n  node_fil: red\n  text: \"red;x\"\n"
      "font_size:\n  node: 99\n";
  MemoryFileSystem fs(files);
  Diagnostics diags;
  Theme theme;
  REQUIRE(load_theme(fs, "default", {}, diags, &theme));
  DiagramStyle style;
  CHECK_FALSE(load_diagram_style(theme, diags, &style));
  CHECK(style.font == "Liberation Sans");
  CHECK(style.color("edge") == "#ff0000");
  CHECK(style.color("node_fill") == "#f4f6f8");  // from the built-in file
  std::string m;
  for (const auto& d : diags.sorted()) {
    m += std::to_string(d.span.line) + ": " + d.message + "\n";
  }
  CHECK(m ==
        "4: unknown key 'node_fil' in themes/default/diagram.yaml colors\n"
        "5: invalid colour 'red;x' for 'text'\n"
        "7: font size '99' of 'node' must be a whole number of points from 4 to 72\n");
}
