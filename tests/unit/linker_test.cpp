#include <catch2/catch.hpp>

#include "base/file_system.h"
#include "link/linker.h"
#include "load/project_loader.h"
#include "test_project.h"

using namespace imsdoc;

namespace {
std::vector<std::string> link_messages(std::map<std::string, std::string> files, Project* p) {
  MemoryFileSystem mfs(std::move(files));
  Diagnostics diags;
  load_project(mfs, diags, p);
  link_project(p, diags);
  std::vector<std::string> out;
  for (const auto& d : diags.sorted()) {
    out.push_back(d.span.file + ":" + std::to_string(d.span.line) + ": " + d.message +
                  (d.hint.empty() ? "" : " [" + d.hint + "]"));
  }
  return out;
}
}  // namespace

TEST_CASE("linker: targets get page paths and .md links resolve", "[linker]") {
  Project p;
  CHECK(link_messages(testing::minimal_project(), &p).empty());
  const Target* s = p.find("IMS-1.2");
  REQUIRE(s);
  CHECK(s->output_path == "sections/ims-1-2.html");
  const Target* e = p.find("AI-001");
  REQUIRE(e);
  CHECK(e->output_path == "registers/ai-systems/ai-001.html");
  CHECK(e->title == "Router");
  // "See [scope](sub/1.2-scope.md#x)." in content/1-intro.md
  const auto& link = p.sections[0].body.blocks[1].inlines[1];
  CHECK(link.kind == doc::InlineKind::kLink);
  CHECK(link.target_id() == "IMS-1.2");
}

TEST_CASE("linker: dangling references and links are errors with hints", "[linker]") {
  auto files = testing::minimal_project();
  files["registers/ai-systems.yaml"] =
      "entries:\n  - id: AI-001\n    name: Router\n    purpose: Routes.\n    owner: Ops\n"
      "    origin: internal\n    lifecycle_stage: deploy\n    risk_level: medium\n"
      "    status: active\n    processes: [PRC-10]\n";
  files["content/sub/1.2-scope.md"] += "\nSee [intro](../1-intro.md) and [gone](../2-gone.md).\n";
  Project p;
  CHECK(link_messages(files, &p) ==
        std::vector<std::string>{
            "content/sub/1.2-scope.md:14: link to '../2-gone.md': no section file "
            "content/2-gone.md [links to sections are relative to this file]",
            "registers/ai-systems.yaml:10: unknown Process 'PRC-10' in field 'processes' "
            "[did you mean 'PRC-01'?]"});
}

TEST_CASE("linker: ids must be unique across sections and registers", "[linker]") {
  auto files = testing::minimal_project();
  files["registers/processes.yaml"] =
      "entries:\n  - id: PRC-01\n    name: Intake\n    purpose: P.\n    owner: O\n    area: "
      "operation\n";
  files["registers/schemas/notes.yaml"] =
      "id_pattern: \"^[A-Z]+-[0-9.]+$\"\ntitle_field: text\nfields:\n  text: {type: string}\n";
  files["registers/notes.yaml"] = "entries:\n  - id: IMS-1.2\n    text: clash\n";
  Project p;
  auto messages = link_messages(files, &p);
  REQUIRE(messages.size() == 1);
  CHECK(messages[0] ==
        "registers/notes.yaml:2: id 'IMS-1.2' is already used [ids must be unique in the project]");
}
