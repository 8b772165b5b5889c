#include <catch2/catch.hpp>

#include "base/file_system.h"
#include "link/linker.h"
#include "load/incremental_loader.h"
#include "load/project_loader.h"
#include "test_project.h"

using namespace imsdoc;

namespace {

std::vector<std::string> messages(const Diagnostics& diags) {
  std::vector<std::string> out;
  for (const auto& d : diags.sorted()) {
    out.push_back(d.span.file + ":" + std::to_string(d.span.line) + ":" +
                  std::to_string(d.span.col) + ": " + d.message);
  }
  return out;
}

std::vector<std::string> section_titles(const Project& p) {
  std::vector<std::string> out;
  for (const auto& s : p.sections) out.push_back(s.number + " " + s.title);
  return out;
}

// What a fresh load_project() + link_project() of the same files gives: the reference
// every incremental load must equal.
struct Fresh {
  Project project;
  Diagnostics diags;
};
void fresh_load(const FileSystem& fs, Fresh* f) {
  load_project(fs, f->diags, &f->project);
  link_project(&f->project, f->diags);
}

std::string section_file(const std::string& id, const std::string& number, const std::string& title,
                         const std::string& body) {
  return "---\nid: " + id + "\ntitle: " + title + "\nsection: \"" + number +
         "\"\nowner: Quality\napprover: CEO\nversion: \"1.0\"\neffective: 2026-01-01\n"
         "status: approved\n---\n" +
         body;
}

}  // namespace

TEST_CASE("incremental loader: the first load is load_project's, then nothing is parsed again",
          "[incremental]") {
  MemoryFileSystem fs(testing::minimal_project());
  IncrementalLoader loader(fs);
  Fresh fresh;
  fresh_load(fs, &fresh);
  Project p;
  for (int round = 0; round < 2; ++round) {
    Diagnostics diags;
    REQUIRE(loader.load({}, diags, &p));
    CHECK(loader.files_parsed() == (round == 0 ? 4 : 0));
    link_project(&p, diags);
    CHECK(messages(diags) == messages(fresh.diags));
    CHECK(section_titles(p) == section_titles(fresh.project));
    REQUIRE(p.registers.size() == 2);
    CHECK(p.references.size() == fresh.project.references.size());
  }
}

TEST_CASE("incremental loader: an edited file is parsed again, the others are reused",
          "[incremental]") {
  MemoryFileSystem fs(testing::minimal_project());
  IncrementalLoader loader(fs);
  Project p;
  {
    Diagnostics diags;
    REQUIRE(loader.load({}, diags, &p));
    link_project(&p, diags);
  }
  fs.set("content/sub/1.2-scope.md",
         section_file("IMS-1.2", "1.2", "Scope and boundaries", "New text.\n"));
  Diagnostics diags;
  REQUIRE(loader.load({"content/sub/1.2-scope.md"}, diags, &p));
  CHECK(loader.files_parsed() == 1);
  CHECK(section_titles(p) ==
        std::vector<std::string>{"1 Introduction", "1.2 Scope and boundaries"});
  link_project(&p, diags);
  Fresh fresh;
  fresh_load(fs, &fresh);
  CHECK(messages(diags) == messages(fresh.diags));
}

TEST_CASE("incremental loader: a changed directory is parsed again below it", "[incremental]") {
  MemoryFileSystem fs(testing::minimal_project());
  IncrementalLoader loader(fs);
  Project p;
  Diagnostics d1;
  REQUIRE(loader.load({}, d1, &p));
  // A directory replaced as a whole (mv new-sub sub): its files are not to be trusted.
  fs.set("content/sub/1.2-scope.md", section_file("IMS-1.2", "1.2", "Moved in", "x\n"));
  Diagnostics diags;
  REQUIRE(loader.load({"content/sub"}, diags, &p));
  CHECK(loader.files_parsed() == 1);
  CHECK(section_titles(p)[1] == "1.2 Moved in");
}

TEST_CASE("incremental loader: new files are added and removed files dropped", "[incremental]") {
  MemoryFileSystem fs(testing::minimal_project());
  IncrementalLoader loader(fs);
  Project p;
  Diagnostics d1;
  REQUIRE(loader.load({}, d1, &p));
  fs.set("content/2-context.md", section_file("IMS-2", "2", "Context", "See [[IMS-1.2]].\n"));
  Diagnostics diags;
  REQUIRE(loader.load({"content/2-context.md"}, diags, &p));
  CHECK(loader.files_parsed() == 1);
  CHECK(section_titles(p) == std::vector<std::string>{"1 Introduction", "1.2 Scope", "2 Context"});

  fs.remove("content/2-context.md");
  Diagnostics dq;
  REQUIRE(loader.load({"content/2-context.md"}, dq, &p));
  CHECK(loader.files_parsed() == 0);
  CHECK(section_titles(p) == std::vector<std::string>{"1 Introduction", "1.2 Scope"});
  CHECK(dq.empty());
}

TEST_CASE("incremental loader: a change of imsdoc.yaml or a schema parses everything again",
          "[incremental]") {
  MemoryFileSystem fs(testing::minimal_project());
  IncrementalLoader loader(fs);
  Project p;
  Diagnostics d1;
  REQUIRE(loader.load({}, d1, &p));
  // Clause references are checked against the standards in scope: 42001 leaves the scope.
  fs.set("imsdoc.yaml",
         "title: Test Manual\norganisation: Test Org\nmanual_id: T-1\nversion: \"1.0\"\n"
         "standards: [\"9001\"]\n");
  Diagnostics diags;
  REQUIRE(loader.load({"imsdoc.yaml"}, diags, &p));
  CHECK(loader.files_parsed() == 4);
  Fresh fresh;
  fresh_load(fs, &fresh);
  link_project(&p, diags);
  CHECK(messages(diags) == messages(fresh.diags));
  CHECK_FALSE(messages(diags).empty());

  Diagnostics dq;
  REQUIRE(loader.load({"registers/schemas/risks.yaml"}, dq, &p));
  CHECK(loader.files_parsed() == 4);
}

TEST_CASE("incremental loader: linking the project again gives a fresh link's result",
          "[incremental]") {
  MemoryFileSystem fs(testing::minimal_project());
  fs.set("content/2-context.md", section_file("IMS-2", "2", "Context", "See [[IMS-1.2]].\n"));
  IncrementalLoader loader(fs);
  Project p;
  auto load_linked = [&](const std::set<std::string>& changed) {
    Diagnostics diags;
    REQUIRE(loader.load(changed, diags, &p));
    link_project(&p, diags);
    REQUIRE_FALSE(diags.has_errors());
  };
  auto ref_label = [&p] {
    const Section& context = p.sections.back();
    REQUIRE(context.id == "IMS-2");
    REQUIRE_FALSE(context.body.blocks.empty());
    std::string label;
    for (const auto& in : context.body.blocks[0].inlines) {
      if (in.kind == doc::InlineKind::kRef) label = in.title();
    }
    return label;
  };
  load_linked({});
  CHECK(ref_label() == "1.2 Scope");
  const size_t references = p.references.size();
  // The label of [[IMS-1.2]] comes from its target: renaming the target changes the text of
  // the section that refers to it, which was not parsed again.
  fs.set("content/sub/1.2-scope.md", section_file("IMS-1.2", "1.2", "Boundaries", "x\n"));
  load_linked({"content/sub/1.2-scope.md"});
  CHECK(loader.files_parsed() == 1);
  CHECK(ref_label() == "1.2 Boundaries");
  for (const auto& reg : p.registers) CHECK(reg.schema == p.schemas.at(reg.schema->name).get());

  Fresh fresh;
  fresh_load(fs, &fresh);
  CHECK(p.references.size() == fresh.project.references.size());
  CHECK(p.targets.size() == fresh.project.targets.size());
  CHECK(p.backlinks.size() == fresh.project.backlinks.size());
  CHECK(references > 0);
}

namespace {

std::vector<std::string> references(const Project& p) {
  std::vector<std::string> out;
  for (const auto& r : p.references) {
    out.push_back(r.from + ">" + r.to + " " + std::to_string(static_cast<int>(r.kind)) + " " +
                  r.field + " " + r.span.file + ":" + std::to_string(r.span.line));
  }
  return out;
}

std::vector<std::string> backlinks(const Project& p) {
  std::vector<std::string> out;
  for (const auto& [to, refs] : p.backlinks) {
    for (size_t i : refs) out.push_back(to + "<" + p.references[i].from);
  }
  return out;
}

}  // namespace

TEST_CASE("incremental loader: linking with a cache equals a fresh link", "[incremental]") {
  MemoryFileSystem fs(testing::minimal_project());
  fs.set("content/2-context.md",
         section_file("IMS-2", "2", "Context", "See [[IMS-1.2]] and [[PRC-01]].\n"));
  IncrementalLoader loader(fs);
  LinkCache cache;
  Project p;
  auto relink = [&](const std::set<std::string>& changed) {
    Diagnostics diags;
    REQUIRE(loader.load(changed, diags, &p));
    link_project(&p, diags, &cache, loader.parsed_paths());
    Fresh fresh;
    fresh_load(fs, &fresh);
    CHECK(messages(diags) == messages(fresh.diags));
    CHECK(references(p) == references(fresh.project));
    CHECK(backlinks(p) == backlinks(fresh.project));
    CHECK(p.targets.size() == fresh.project.targets.size());
    CHECK(p.images.size() == fresh.project.images.size());
  };
  relink({});
  CHECK(cache.files.size() == 5);

  // A body edit: only that file is linked again (the others come from the cache).
  fs.set("content/2-context.md",
         section_file("IMS-2", "2", "Context",
                      "See [[IMS-1]] and [[NOPE-1]].\n\n![Map](../img/map.png)\n"));
  fs.set("img/map.png", "png");
  relink({"content/2-context.md"});
  CHECK(loader.parsed_paths() == std::set<std::string>{"content/2-context.md"});

  // A title edit changes the environment: every file is linked again.
  fs.set("content/sub/1.2-scope.md", section_file("IMS-1.2", "1.2", "Boundaries", "x\n"));
  const std::string before = cache.environment;
  relink({"content/sub/1.2-scope.md"});
  CHECK(cache.environment != before);

  // A register edit, then nothing at all.
  auto files = testing::minimal_project();
  fs.set("registers/processes.yaml", files["registers/processes.yaml"] +
                                         "  - id: PRC-02\n    name: Release\n    purpose: Ship.\n"
                                         "    owner: AI Lead\n    area: operation\n");
  relink({"registers/processes.yaml"});
  relink({});
}
