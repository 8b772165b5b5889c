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
  const std::string refused =
      "the output directory exists, is not empty and has no valid imsdoc manifest "
      "(.imsdoc-manifest.json): imsdoc did not write it; choose a new or empty folder (a folder "
      "written by an imsdoc before 0.2 must be deleted once by hand)";
  CHECK(check_output_location(project, (t.path / "docs").string()) == refused);
  // A marker file proves nothing, nor does a manifest that is not one.
  std::ofstream(t.path / "docs" / ".imsdoc-site") << "";
  CHECK(check_output_location(project, (t.path / "docs").string()) == refused);
  std::ofstream(t.path / "docs" / ".imsdoc-manifest.json") << "{\"files\": []}";
  CHECK(check_output_location(project, (t.path / "docs").string()) == refused);
  CHECK(check_output_location(project, project + "/site").empty());
}

TEST_CASE("output: writes atomically and replaces the previous output", "[output]") {
  TempDir t;
  fs::path out = t.path / "project" / "site";
  REQUIRE(write_tree_atomically({{"a/b.html", "one"}}, out.string()).empty());
  CHECK(slurp(out / "a" / "b.html") == "one");
  REQUIRE(write_tree_atomically({{"c.html", "two"}}, out.string()).empty());
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
  REQUIRE(write_tree_atomically({{"keep.html", "old"}}, out.string()).empty());
  std::string error = write_tree_atomically({{"../escape.html", "x"}}, out.string());
  CHECK(error == "refusing to write unsafe path '../escape.html'");
  CHECK(slurp(out / "keep.html") == "old");
  CHECK_FALSE(fs::exists(t.path / "project" / "escape.html"));
}

TEST_CASE("output: unchanged files are linked from the previous output, changed ones written",
          "[output]") {
  TempDir t;
  std::string out = (t.path / "site" / "1.0").string();
  REQUIRE(write_tree_atomically({{"a.html", "same"}, {"b.html", "old"}}, out) == "");
  fs::path a = fs::path(out) / "a.html", b = fs::path(out) / "b.html";
  auto inode = [](const fs::path& p) {
    struct stat st {};
    REQUIRE(::lstat(p.c_str(), &st) == 0);
    return st.st_ino;
  };
  auto a_before = inode(a), b_before = inode(b);
  REQUIRE(write_tree_atomically({{"a.html", "same"}, {"b.html", "new"}}, out) == "");
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
  fs::create_directories(t.path / "other");
  std::ofstream(t.path / ".other.imsdoc-tmp-abc") << "another root's";
  fs::create_symlink(site / "versions.json", site / ".x.imsdoc-tmp-link");
  remove_stale_temporaries(site.string());
  CHECK_FALSE(fs::exists(site / ".3.0.imsdoc-tmp-abc123"));
  CHECK_FALSE(fs::exists(site / ".versions.json.imsdoc-tmp-Kw12ab"));
  CHECK(fs::exists(site / "versions.json"));
  CHECK(fs::exists(site / ".imsdoc-site"));
  CHECK(fs::is_symlink(site / ".x.imsdoc-tmp-link"));  // never follows or removes links
}

TEST_CASE("output: only the temporaries of the named root are removed from its parent",
          "[output]") {
  TempDir t;
  std::ofstream(t.path / ".site.imsdoc-tmp-abc123") << "ours";
  std::ofstream(t.path / ".docs.imsdoc-tmp-abc123") << "another root's";
  remove_stale_temporaries(t.path.string(), ".site.imsdoc-tmp-");
  CHECK_FALSE(fs::exists(t.path / ".site.imsdoc-tmp-abc123"));
  CHECK(fs::exists(t.path / ".docs.imsdoc-tmp-abc123"));
}

TEST_CASE("output: a folder with a file imsdoc did not write is not replaced", "[output]") {
  TempDir t;
  fs::path out = t.path / "redline";
  REQUIRE(write_tree_atomically({{"index.html", "one"}, {"a/b.html", "two"}}, out.string()) == "");
  CHECK(fs::exists(out / ".imsdoc-manifest.json"));
  std::ofstream(out / "a" / "precious.txt") << "keep";
  std::string shown = out.lexically_normal().generic_string();
  CHECK(write_tree_atomically({{"index.html", "new"}}, out.string()) ==
        shown +
            "/a/precious.txt was not written by imsdoc; move it away or choose another output "
            "folder");
  CHECK(slurp(out / "a" / "precious.txt") == "keep");
  CHECK(slurp(out / "index.html") == "one");
  // A file imsdoc wrote and someone changed is not imsdoc's either.
  fs::remove(out / "a" / "precious.txt");
  std::ofstream(out / "index.html") << "edited by hand";
  CHECK(write_tree_atomically({{"index.html", "new"}}, out.string()) ==
        shown +
            "/index.html was changed after imsdoc wrote it; move it away or choose another "
            "output folder");
  std::ofstream(out / "index.html") << "one";
  REQUIRE(write_tree_atomically({{"index.html", "new"}}, out.string()) == "");
  CHECK(slurp(out / "index.html") == "new");
  CHECK_FALSE(fs::exists(out / "a"));
}

TEST_CASE("output: a symbolic link is never followed, refused or replaced as a link", "[output]") {
  TempDir t;
  fs::path elsewhere = t.path / "elsewhere";
  fs::create_directories(elsewhere);
  std::ofstream(elsewhere / "index.html") << "the user's";
  fs::path out = t.path / "out";
  fs::create_symlink(elsewhere, out);
  std::string shown = out.lexically_normal().generic_string();
  CHECK(write_tree_atomically({{"index.html", "new"}}, out.string()) ==
        shown +
            " is a symbolic link, which imsdoc did not write; move it away or choose another "
            "output folder");
  CHECK(slurp(elsewhere / "index.html") == "the user's");
  // A link inside a tree imsdoc wrote is not imsdoc's: the tree is not replaced.
  fs::remove(out);
  REQUIRE(write_tree_atomically({{"a/index.html", "one"}}, out.string()) == "");
  fs::remove_all(out / "a");
  fs::create_symlink(elsewhere, out / "a");
  CHECK(write_tree_atomically({{"a/index.html", "new"}}, out.string()) ==
        shown + "/a was not written by imsdoc; move it away or choose another output folder");
  CHECK(slurp(elsewhere / "index.html") == "the user's");
  // latest/ may be a link (other tools make it so): the link is replaced, its target kept.
  fs::path latest = t.path / "latest";
  fs::create_symlink(elsewhere, latest);
  TreeWriter writer;
  REQUIRE(writer.begin(latest.string(), LinkAtTarget::kReplace) == "");
  REQUIRE(writer.put("index.html", "latest") == "");
  REQUIRE(writer.commit("alias") == "");
  CHECK_FALSE(fs::is_symlink(latest));
  CHECK(slurp(latest / "index.html") == "latest");
  CHECK(slurp(elsewhere / "index.html") == "the user's");
}
