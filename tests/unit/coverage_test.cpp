#include <catch2/catch.hpp>

#include "base/file_system.h"
#include "link/coverage.h"
#include "link/linker.h"
#include "load/project_loader.h"
#include "test_project.h"

using namespace imsdoc;

namespace {

// A custom catalog small enough to count by hand:
//   1 Context        1.1 (leaf)  1.2 (leaf)
//   2 Operation      2.1 (leaf)  2.2 (leaf)  2.3 (leaf)
//   Annex A: A.1 group with controls A.1.1 A.1.2 A.1.3
const char* kCatalog =
    "standard: {id: fx, title: Fixture Standard, short: FX}\n"
    "clauses:\n"
    "  - {id: '1', title: Context, children: [{id: '1.1', title: A}, {id: '1.2', title: B}]}\n"
    "  - id: '2'\n    title: Operation\n    children:\n"
    "      - {id: '2.1', title: C}\n      - {id: '2.2', title: D}\n      - {id: '2.3', title: E}\n"
    "annex_a:\n"
    "  - id: A.1\n    title: Controls\n    controls:\n"
    "      - {id: A.1.1, title: F}\n      - {id: A.1.2, title: G}\n      - {id: A.1.3, title: H}\n";

}  // namespace

TEST_CASE("coverage: a project catalog counted by hand", "[coverage]") {
  auto files = testing::minimal_project();
  files["standards/fixture.yaml"] = kCatalog;
  std::string& config = files["imsdoc.yaml"];
  config.replace(config.find("standards: ["), 12, "standards: [\"FX\", ");
  // Covered: 1 (so 1.1 and 1.2 through their parent) by front matter; 2.1 by a process's clause
  // field. Mentioned only: 2.2 ([[FX:2.2]] in text). Not covered: 2.3.
  // Controls: A.1.1 mentioned in text; A.1.2 and A.1.3 not covered (no SoA rows).
  auto& scope = files["content/sub/1.2-scope.md"];
  scope.replace(scope.find("clauses: ["), 10, "clauses: [\"FX:1\", ");
  scope += "\nSee [[FX:2.2]], [[FX:A.1.1|the first control]] and [[FX:1.1]].\n";
  files["registers/processes.yaml"] =
      "entries:\n  - id: PRC-01\n    name: Intake\n    purpose: P.\n    owner: O\n"
      "    area: operation\n    clauses: [\"FX:2.1\"]\n";
  MemoryFileSystem mfs(files);
  Diagnostics diags;
  Project p;
  load_project(mfs, diags, &p);
  link_project(&p, diags);
  for (const auto& d : diags.sorted())
    UNSCOPED_INFO(d.span.file << ":" << d.span.line << ": " << d.message);
  REQUIRE(!diags.has_errors());

  auto coverage = compute_coverage(p);
  const StandardCoverage* fx = nullptr;
  for (const auto& c : coverage) {
    if (c.standard->short_name == "FX") fx = &c;
  }
  REQUIRE(fx);
  CHECK(fx->clauses.covered == 3);      // 1.1, 1.2, 2.1
  CHECK(fx->clauses.mentioned == 1);    // 2.2
  CHECK(fx->clauses.not_covered == 1);  // 2.3
  CHECK(fx->controls.covered == 0);
  CHECK(fx->controls.mentioned == 1);
  CHECK(fx->controls.not_covered == 2);
  auto status = [&](const std::string& id) {
    return coverage_status_name(fx->status[static_cast<size_t>(fx->standard->index_of(id))]);
  };
  CHECK(std::string(status("1")) == "covered");
  CHECK(std::string(status("2")) ==
        "not covered");  // parents are only covered when all children are
  // Backlinks: the clause knows who cites it, and how.
  auto refs = p.references_to("FX:2.1");
  REQUIRE(refs.size() == 1);
  CHECK(refs[0]->from == "PRC-01");
  CHECK(refs[0]->covers());
  // The labelled reference keeps its label; the unlabelled one reads as the clause.
  const Target* t = p.resolve("FX:1.1");
  REQUIRE(t);
  CHECK(t->output_path == "standards/fx/1-1.html");
  CHECK(t->label == "FX 1.1 A");
}
