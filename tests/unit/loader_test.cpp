#include <catch2/catch.hpp>

#include "base/file_system.h"
#include "load/project_loader.h"
#include "test_project.h"

using namespace imsdoc;

namespace {

// Loads `files` and returns the diagnostics as "file:line:col: message" lines.
std::vector<std::string> load_messages(const std::map<std::string, std::string>& files,
                                       Project* project = nullptr) {
  MemoryFileSystem mfs(files);
  Diagnostics diags;
  Project local;
  load_project(mfs, diags, project ? project : &local);
  std::vector<std::string> out;
  for (const auto& d : diags.sorted()) {
    out.push_back(d.span.file + ":" + std::to_string(d.span.line) + ":" +
                  std::to_string(d.span.col) + ": " + d.message);
  }
  return out;
}

std::map<std::string, std::string> with(std::map<std::string, std::string> files,
                                        const std::string& path, const std::string& text) {
  files[path] = text;
  return files;
}

}  // namespace

TEST_CASE("loader: the minimal project loads cleanly", "[loader]") {
  Project p;
  CHECK(load_messages(testing::minimal_project(), &p).empty());
  CHECK(p.config.title == "Test Manual");
  CHECK(p.config.standards == std::vector<std::string>{"9001", "42001"});
  REQUIRE(p.sections.size() == 2);
  CHECK(p.sections[0].number == "1");
  CHECK(p.sections[1].clauses == std::vector<std::string>{"42001:4.3"});
  CHECK(p.sections[0].body.blocks[0].line == 12);  // body lines count from the file start
  REQUIRE(p.registers.size() == 2);
  CHECK(p.registers[0].name == "ai-systems");
  CHECK(p.registers[0].entries[0].value("processes")->items[0].text == "PRC-01");
  CHECK(p.schemas.count("soa") == 1);
}

TEST_CASE("loader: config errors", "[loader]") {
  auto files =
      with(testing::minimal_project(), "imsdoc.yaml",
           "title: T\norganization: O\nmanual_id: M\nversion: \"1\"\nstandards: [9001, 14001]\n");
  // The misspelt key is reported once, not also as a missing 'organisation'.
  CHECK(load_messages(files) ==
        std::vector<std::string>{"imsdoc.yaml:2:1: unknown key 'organization' in imsdoc.yaml",
                                 "imsdoc.yaml:5:19: unknown standard '14001'"});
}

TEST_CASE("loader: front matter errors", "[loader]") {
  auto files =
      with(testing::minimal_project(), "content/x.md",
           "---\nid: IMS-9\ntitle: X\nsection: \"9\"\nowner: O\napprover: A\n"
           "version: \"1\"\neffective: 2026-02-30\nstatus: aproved\nclauses: [\"27001:4.1\"]\n"
           "colour: red\n---\nbody\n");
  CHECK(
      load_messages(files) ==
      std::vector<std::string>{
          "content/x.md:8:12: invalid date '2026-02-30'",
          "content/x.md:9:9: unknown status 'aproved'",
          "content/x.md:10:11: clause '27001:4.1' belongs to standard 27001, which is not in scope",
          "content/x.md:11:1: unknown key 'colour' in front matter"});
}

TEST_CASE("loader: missing front matter and duplicate section numbers", "[loader]") {
  auto files = with(testing::minimal_project(), "content/a.md", "# No front matter\n");
  files = with(files, "content/b.md",
               "---\nid: IMS-1b\ntitle: B\nsection: \"1\"\nowner: O\napprover: A\nversion: \"1\"\n"
               "effective: 2026-01-01\nstatus: draft\n---\n");
  CHECK(load_messages(files) ==
        std::vector<std::string>{
            "content/a.md:1:1: missing front matter",
            "content/b.md:2:5: section number 1 is also used by content/1-intro.md"});
}

TEST_CASE("loader: register field validation", "[loader]") {
  auto files = with(testing::minimal_project(), "registers/ai-systems.yaml",
                    "entries:\n"
                    "  - id: AI-001\n    name: Router\n    purpose: Routes.\n    owner: Ops\n"
                    "    origin: internal\n    lifecycle_stage: deploy\n    risk_level: hgh\n"
                    "    status: active\n    processes: PRC-01\n    colour: red\n"
                    "  - id: AI-1\n    name: Bad id\n"
                    "  - id: AI-001\n    name: Again\n    name: Twice\n");
  CHECK(load_messages(files) ==
        std::vector<std::string>{
            "registers/ai-systems.yaml:8:17: unknown value 'hgh' for field 'risk_level'",
            "registers/ai-systems.yaml:10:16: field 'processes' must be a list, found a value",
            "registers/ai-systems.yaml:11:5: unknown key 'colour' in AI system AI-001",
            "registers/ai-systems.yaml:12:9: id 'AI-1' does not match the pattern ^AI-[0-9]{3}$ of "
            "register 'ai-systems'",
            "registers/ai-systems.yaml:12:9: AI-1: missing required field 'purpose'",
            "registers/ai-systems.yaml:12:9: AI-1: missing required field 'owner'",
            "registers/ai-systems.yaml:12:9: AI-1: missing required field 'origin'",
            "registers/ai-systems.yaml:12:9: AI-1: missing required field 'lifecycle_stage'",
            "registers/ai-systems.yaml:12:9: AI-1: missing required field 'risk_level'",
            "registers/ai-systems.yaml:12:9: AI-1: missing required field 'status'",
            "registers/ai-systems.yaml:14:9: duplicate id 'AI-001' in register 'ai-systems'",
            "registers/ai-systems.yaml:14:9: AI-001: missing required field 'purpose'",
            "registers/ai-systems.yaml:14:9: AI-001: missing required field 'owner'",
            "registers/ai-systems.yaml:14:9: AI-001: missing required field 'origin'",
            "registers/ai-systems.yaml:14:9: AI-001: missing required field 'lifecycle_stage'",
            "registers/ai-systems.yaml:14:9: AI-001: missing required field 'risk_level'",
            "registers/ai-systems.yaml:14:9: AI-001: missing required field 'status'",
            "registers/ai-systems.yaml:16:5: duplicate key 'name'"});
}

TEST_CASE("loader: a project schema adds a register and extends a built-in one", "[loader]") {
  auto files = testing::minimal_project();
  files["registers/schemas/vendors.yaml"] =
      "title: Vendors\nid_pattern: \"^VND-[0-9]+$\"\ntitle_field: name\n"
      "columns: [id, name, tier]\nfields:\n  name: {type: string, required: true}\n"
      "  tier: {type: integer, min: 1, max: 3}\n  ai_systems: {type: list, items: reference, to: "
      "ai-systems}\n";
  files["registers/vendors.yaml"] = "entries:\n  - id: VND-1\n    name: Acme\n    tier: 4\n";
  files["registers/schemas/processes.yaml"] =
      "fields:\n  cost_centre: {type: string, required: true}\n";
  Project p;
  CHECK(load_messages(files, &p) ==
        std::vector<std::string>{
            "registers/processes.yaml:2:9: PRC-01: missing required field 'cost_centre'",
            "registers/vendors.yaml:4:11: field 'tier' is 4, outside 1..3"});
  const Schema& processes = *p.schemas.at("processes");
  CHECK(processes.field("owner"));        // built-in fields kept
  CHECK(processes.field("cost_centre"));  // project field added
  CHECK(processes.origin == "registers/schemas/processes.yaml");
}

TEST_CASE("loader: schema errors", "[loader]") {
  auto files = testing::minimal_project();
  files["registers/schemas/x.yaml"] =
      "id_pattern: \"^X-[\"\ntitle_field: nme\nfields:\n  name: {type: strng}\n"
      "  owner: {type: reference, to: peoples}\n";
  auto messages = load_messages(files);
  CHECK(messages ==
        std::vector<std::string>{
            "registers/schemas/x.yaml:1:1: title_field 'nme' is not a field of the schema",
            "registers/schemas/x.yaml:1:13: invalid id_pattern '^X-[': missing ]: [",
            "registers/schemas/x.yaml:4:16: unknown field type 'strng'",
            "registers/schemas/x.yaml:5:10: field 'owner' refers to unknown register 'peoples'"});
}

TEST_CASE("loader: rating errors", "[loader]") {
  auto files = testing::minimal_project();
  files["registers/schemas/x.yaml"] =
      "id_pattern: \"^X-[0-9]+$\"\ntitle_field: name\nfields:\n  name: {type: string}\n"
      "  score: {type: integer}\nratings:\n  name: {product: [score]}\n"
      "  bad: {label: Bad, product: [name, missing]}\n  none: {product: []}\n";
  auto messages = load_messages(files);
  CHECK(messages ==
        std::vector<std::string>{
            "registers/schemas/x.yaml:7:3: rating 'name' has the name of a field",
            "registers/schemas/x.yaml:8:3: rating 'bad': 'name' is not an integer field of "
            "schema 'x'",
            "registers/schemas/x.yaml:8:3: rating 'bad': 'missing' is not an integer field of "
            "schema 'x'",
            "registers/schemas/x.yaml:9:3: rating 'none' has no factors"});
}

TEST_CASE("loader: invalid UTF-8 and unknown registers", "[loader]") {
  auto files = with(testing::minimal_project(), "registers/riscs.yaml", "entries: []\n");
  files["content/bad.md"] = "---\nid: IMS-9\ntitle: caf\xE9\n---\n";
  CHECK(load_messages(files) ==
        std::vector<std::string>{"content/bad.md:3:11: invalid UTF-8 byte sequence",
                                 "registers/riscs.yaml:0:0: no schema for register 'riscs'"});
}

TEST_CASE("loader: limits in imsdoc.yaml apply to registers and front matter", "[loader]") {
  auto files = testing::minimal_project();
  const std::string config = files["imsdoc.yaml"];
  // Four values behind an anchor, used again: the file is 31 nodes (the list, the copy kept for
  // the alias and the alias count 5 each), the other files at most 23.
  files["registers/processes.yaml"] =
      "entries:\n  - id: PRC-01\n    name: Intake\n    purpose: Take in.\n    owner: AI Lead\n"
      "    area: operation\n    inputs: &p [a, b, c, d]\n    outputs: *p\n";
  CHECK(load_messages(files).empty());

  files["imsdoc.yaml"] = config + "limits:\n  yaml_nodes: 30\n";
  CHECK(
      load_messages(files) ==
      std::vector<std::string>{"registers/processes.yaml:8:14: YAML expands to more than 30 nodes "
                               "(limits.yaml_nodes)"});

  files["imsdoc.yaml"] = config + "limits: {yaml_depth: 1}\n";
  const std::string too_deep = "YAML nested more than 1 levels deep (limits.yaml_depth)";
  CHECK(load_messages(files) == std::vector<std::string>{
                                    "content/sub/1.2-scope.md:10:10: " + too_deep,
                                    "registers/ai-systems.yaml:2:3: " + too_deep,
                                    "registers/processes.yaml:2:3: " + too_deep,
                                });
}

TEST_CASE("loader: file sizes are bounded by limits.file_size_mb and total_size_mb", "[loader]") {
  auto files = testing::minimal_project();
  const std::string config = files["imsdoc.yaml"];
  std::string big = files["content/sub/1.2-scope.md"];
  for (int i = 0; i < 1024; ++i) big += "\n" + std::string(1023, 'x') + "\n";  // 1 MB more
  files["content/sub/1.2-scope.md"] = big;
  files["imsdoc.yaml"] = config + "limits: {file_size_mb: 1}\n";
  CHECK(load_messages(files) ==
        std::vector<std::string>{
            "content/sub/1.2-scope.md:0:0: file is 1.0 MB, over limits.file_size_mb (1 MB)"});
  files["imsdoc.yaml"] = config + "limits: {file_size_mb: 2}\n";
  CHECK(load_messages(files).empty());
  files["content/sub/1.3-more.md"] = big;
  files["imsdoc.yaml"] = config + "limits: {file_size_mb: 2, total_size_mb: 2}\n";
  CHECK(load_messages(files) ==
        std::vector<std::string>{"content/sub/1.3-more.md:0:0: the project's source files "
                                 "reach 2.0 MB with this one, over limits.total_size_mb (2 MB); "
                                 "nothing more is read"});
}
