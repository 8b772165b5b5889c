#include <catch2/catch.hpp>

#include "load/git_history.h"

using namespace imsdoc;

namespace {

std::string record(const std::string& hash, const std::string& date, const std::string& author,
                   const std::string& subject, const std::string& files) {
  return "\x1e" + hash + "\x1f" + date + "\x1f" + author + "\x1f" + subject + "\n\n" + files;
}

Project two_sections() {
  Project p;
  Section a, b;
  a.id = "IMS-1";
  a.path = "content/1-intro.md";
  b.id = "IMS-1.2";
  b.path = "content/1.2-scope-of-the-ims.md";
  p.sections = {a, b};
  return p;
}

}  // namespace

TEST_CASE("git history: renames are followed, additions end a file's history", "[history]") {
  Project p = two_sections();
  std::string log =
      record("c4", "2026-04-04", "Bob", "Registers only", "M\tregisters/risks.yaml\n") +
      record(
          "c3", "2026-03-03", "Ada", "Rename",
          "R100\tcontent/1.2-scope.md\tcontent/1.2-scope-of-the-ims.md\nM\tcontent/1-intro.md\n") +
      record("c2", "2026-02-02", "Bob", "Scope: depots", "M\tcontent/1.2-scope.md\n") +
      record("c1", "2026-01-10", "Ada", "First",
             "A\tcontent/1-intro.md\nA\tcontent/1.2-scope.md\n") +
      record("c0", "2025-12-01", "Eve", "An older, deleted file of the same name",
             "A\tcontent/1-intro.md\n");
  apply_git_log(log, &p);
  REQUIRE(p.change_log.size() == 5);
  CHECK(p.change_log[0].commit == "c4");
  CHECK(p.change_log[0].subject == "Registers only");
  CHECK(p.change_log[4].author == "Eve");
  std::vector<std::string> intro, scope;
  for (const auto& h : p.sections[0].history) intro.push_back(h.commit);
  for (const auto& h : p.sections[1].history) scope.push_back(h.commit);
  CHECK(intro == std::vector<std::string>{"c3", "c1"});
  CHECK(scope == std::vector<std::string>{"c3", "c2", "c1"});
  CHECK(p.sections[1].history[1].date == "2026-02-02");
  CHECK(p.sections[1].history[1].author == "Bob");
}

TEST_CASE("git history: empty or malformed logs give no history", "[history]") {
  Project p = two_sections();
  apply_git_log("", &p);
  CHECK(p.change_log.empty());
  apply_git_log(
      "not a git log\n\x1e"
      "only\x1f"
      "two fields\n",
      &p);
  CHECK(p.change_log.empty());
  CHECK(p.sections[0].history.empty());
}

TEST_CASE("git history: names and subjects are made valid UTF-8", "[history]") {
  Project p = two_sections();
  apply_git_log(record("c1", "2026-01-10", "J\xF6rg", "Caf\xE9 \xE2\x80\x94 done", ""), &p);
  REQUIRE(p.change_log.size() == 1);
  CHECK(p.change_log[0].author == "J\xEF\xBF\xBDrg");
  CHECK(p.change_log[0].subject == "Caf\xEF\xBF\xBD \xE2\x80\x94 done");
}

TEST_CASE("git history: a directory outside git falls back to no history", "[history]") {
  Project p = two_sections();
  p.sections[0].history.push_back({"stale", "", "", ""});
  CHECK_FALSE(load_git_history("/", "", &p));
  CHECK(p.sections[0].history.empty());
  CHECK_FALSE(load_git_history(".", "--output=/tmp/x", &p));
}
