#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <sys/stat.h>
#include <unistd.h>

#include "bundle/output.h"

using namespace imsdoc;
namespace fs = std::filesystem;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("imsdoc-out-test-" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path / "project" / "content");
  }
  ~TempDir() { fs::remove_all(path); }
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("output: refuses dangerous locations", "[output]") {
  TempDir t;
  std::string project = (t.path / "project").string();
  CHECK(check_output_location(project, project) == "the output directory is the project directory");
  CHECK(check_output_location(project, t.path.string()) ==
        "the output directory contains the project directory");
  CHECK(check_output_location(project, project + "/content/site") ==
        "the output directory is inside the project's content/ directory");
  fs::create_directories(t.path / "docs");
  std::ofstream(t.path / "docs" / "precious.txt") << "keep";
  CHECK(check_output_location(project, (t.path / "docs").string()) ==
        "the output directory exists and was not created by imsdoc (no .imsdoc-site file); "
        "refusing to replace it");
  CHECK(check_output_location(project, project + "/site").empty());
}

TEST_CASE("output: writes atomically and replaces the previous output", "[output]") {
  TempDir t;
  fs::path out = t.path / "project" / "site";
  REQUIRE(
      write_tree_atomically({{".imsdoc-site", "m"}, {"a/b.html", "one"}}, out.string()).empty());
  CHECK(slurp(out / "a" / "b.html") == "one");
  REQUIRE(write_tree_atomically({{".imsdoc-site", "m"}, {"c.html", "two"}}, out.string()).empty());
  CHECK(slurp(out / "c.html") == "two");
  CHECK_FALSE(fs::exists(out / "a"));  // stale files of the previous build are gone
  // No temporary directories are left next to the output.
  int entries = 0;
  for (const auto& e : fs::directory_iterator(t.path / "project")) entries += e.path() != out;
  CHECK(entries == 1);  // only content/
}

TEST_CASE("output: a failed write leaves the previous output intact", "[output]") {
  TempDir t;
  fs::path out = t.path / "project" / "site";
  REQUIRE(
      write_tree_atomically({{".imsdoc-site", "m"}, {"keep.html", "old"}}, out.string()).empty());
  std::string error = write_tree_atomically({{"../escape.html", "x"}}, out.string());
  CHECK(error == "refusing to write unsafe path '../escape.html'");
  CHECK(slurp(out / "keep.html") == "old");
  CHECK_FALSE(fs::exists(t.path / "project" / "escape.html"));
}

TEST_CASE("output: unchanged files are linked from the previous output, changed ones written",
          "[output]") {
  TempDir t;
  std::string out = (t.path / "site" / "1.0").string();
  REQUIRE(write_tree_atomically({{".imsdoc-site", ""}, {"a.html", "same"}, {"b.html", "old"}},
                                out) == "");
  fs::path a = fs::path(out) / "a.html", b = fs::path(out) / "b.html";
  auto inode = [](const fs::path& p) {
    struct stat st {};
    REQUIRE(::lstat(p.c_str(), &st) == 0);
    return st.st_ino;
  };
  auto a_before = inode(a), b_before = inode(b);
  REQUIRE(write_tree_atomically({{".imsdoc-site", ""}, {"a.html", "same"}, {"b.html", "new"}},
                                out) == "");
  CHECK(inode(a) == a_before);  // the same file, linked into the new tree
  CHECK(inode(b) != b_before);
  CHECK(slurp(a) == "same");
  CHECK(slurp(b) == "new");
}

TEST_CASE("output: temporaries of killed builds are removed, nothing else", "[output]") {
  TempDir t;
  fs::path site = t.path / "site";
  fs::create_directories(site / ".3.0.imsdoc-tmp-abc123" / "sections");
  std::ofstream(site / ".versions.json.imsdoc-tmp-Kw12ab") << "half";
  std::ofstream(site / "versions.json") << "{}";
  std::ofstream(site / ".imsdoc-site") << "";
  fs::create_symlink(site / "versions.json", site / ".x.imsdoc-tmp-link");
  remove_stale_temporaries(site.string());
  CHECK_FALSE(fs::exists(site / ".3.0.imsdoc-tmp-abc123"));
  CHECK_FALSE(fs::exists(site / ".versions.json.imsdoc-tmp-Kw12ab"));
  CHECK(fs::exists(site / "versions.json"));
  CHECK(fs::exists(site / ".imsdoc-site"));
  CHECK(fs::is_symlink(site / ".x.imsdoc-tmp-link"));  // never follows or removes links
}
