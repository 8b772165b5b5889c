#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <sys/stat.h>
#include <unistd.h>

#include "base/text.h"
#include "bundle/output.h"
#include "bundle/versions.h"

using namespace imsdoc;
namespace fs = std::filesystem;

namespace {

struct TempRoot {
  fs::path path;
  TempRoot() {
    path = fs::temp_directory_path() / ("imsdoc-versions-test-" + std::to_string(::getpid()));
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempRoot() { fs::remove_all(path); }
};

std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

FileTree site(const std::string& marker_text) {
  return {{".imsdoc-site", "marker\n"}, {"index.html", marker_text}, {"pages.js", "p"}};
}

}  // namespace

TEST_CASE("versions: numeric parts compare as numbers", "[versions]") {
  CHECK(version_less("2.9", "2.10"));
  CHECK(version_less("2.10", "10.0"));
  CHECK(version_less("3.0", "3.0.1"));
  CHECK(version_less("3.0-rc1", "3.0.1"));
  CHECK(version_less("2026-03", "2026-11"));
  CHECK_FALSE(version_less("3.0", "3.0"));
  CHECK_FALSE(version_less("10.0", "9.9"));
}

TEST_CASE("versions: names that cannot be a version directory", "[versions]") {
  CHECK(version_name_problem("2.1").empty());
  CHECK(version_name_problem("2026-Q1_draft").empty());
  CHECK(version_name_problem("latest") ==
        "'latest' is reserved for the alias of the newest version");
  CHECK(version_name_problem("..") == "'..' is reserved");
  CHECK(version_name_problem("a/b") == "'a/b' may only contain letters, digits, '.', '-' and '_'");
  CHECK(version_name_problem("") == "the version is empty");
}

TEST_CASE("versions: root files list the versions, newest first", "[versions]") {
  FileTree files = version_root_files({"2.9", "3.0", "2.10"}, "Manual <IMS>");
  CHECK(files["versions.json"] ==
        "{\"title\": \"Manual <IMS>\", \"latest\": \"3.0\", \"latest_dir\": \"latest\", "
        "\"versions\": [\"3.0\", \"2.10\", \"2.9\"]}\n");
  CHECK(starts_with(files["versions.js"], "window.imsdocVersions = {\"title\""));
  const std::string& index = files["index.html"];
  CHECK(index.find("url=latest/index.html") != std::string::npos);
  CHECK(index.find("<title>Manual &lt;IMS&gt;</title>") != std::string::npos);
  CHECK(index.find("<a href=\"2.10/index.html\">Version 2.10</a>") != std::string::npos);
}

TEST_CASE("versions: building versions side by side keeps the others", "[versions]") {
  TempRoot t;
  std::string root = (t.path / "site").string();
  REQUIRE(write_versioned_site(site("v2.9"), "2.9", "M", root) == "");
  CHECK(slurp(t.path / "site/2.9/index.html") == "v2.9");
  CHECK(slurp(t.path / "site/latest/index.html") == "v2.9");

  REQUIRE(write_versioned_site(site("v3.0"), "3.0", "M", root) == "");
  CHECK(installed_versions(root) == std::vector<std::string>{"3.0", "2.9"});
  CHECK(slurp(t.path / "site/2.9/index.html") == "v2.9");
  CHECK(slurp(t.path / "site/latest/index.html") == "v3.0");

  // Rebuilding an older version does not move latest.
  REQUIRE(write_versioned_site(site("v2.9 fixed"), "2.9", "M", root) == "");
  CHECK(slurp(t.path / "site/2.9/index.html") == "v2.9 fixed");
  CHECK(slurp(t.path / "site/latest/index.html") == "v3.0");
  CHECK(slurp(t.path / "site/versions.json").find("\"versions\": [\"3.0\", \"2.9\"]") !=
        std::string::npos);

  // A lost latest/ comes back as a copy of the newest version.
  fs::remove_all(t.path / "site/latest");
  REQUIRE(write_versioned_site(site("v2.9 again"), "2.9", "M", root) == "");
  CHECK(slurp(t.path / "site/latest/index.html") == "v3.0");
  // Nothing is left behind: no temporary files or directories.
  for (const auto& e : fs::directory_iterator(t.path / "site")) {
    CHECK(e.path().filename().string().find("tmp") == std::string::npos);
  }
  // Beside the root, only the lock file that builds into it take turns on.
  for (const auto& e : fs::directory_iterator(t.path)) {
    CHECK((e.path().filename() == "site" || e.path().filename() == ".site.imsdoc-lock"));
  }
}

TEST_CASE("versions: a folder imsdoc did not write as a versioned site is refused", "[versions]") {
  TempRoot t;
  std::string root = (t.path / "site").string();
  REQUIRE(write_tree_atomically({{"sections/a.html", "old"}}, root) == "");
  std::string shown = fs::path(root).lexically_normal().generic_string();
  CHECK(write_versioned_site(site("v1"), "1.0", "M", root) ==
        shown +
            " is not empty and has no imsdoc manifest (.imsdoc-manifest.json), so imsdoc did not "
            "write it; choose a new or empty output folder");
  CHECK(slurp(t.path / "site/sections/a.html") == "old");
  CHECK_FALSE(fs::exists(t.path / "site/1.0"));
}

TEST_CASE("versions: the user's files in the root stay, in a version folder stop the build",
          "[versions]") {
  TempRoot t;
  fs::path r = t.path / "site";
  std::string root = r.string();
  REQUIRE(write_versioned_site(site("v1"), "1.0", "M", root) == "");
  // A published-site checkout: the user's CNAME and .git/ beside imsdoc's files.
  std::ofstream(r / "CNAME") << "manual.example.com\n";
  fs::create_directories(r / ".git" / "objects");
  std::ofstream(r / ".git" / "HEAD") << "ref: refs/heads/gh-pages\n";
  fs::remove(r / "versions.json");  // lost: the manifest still proves what is imsdoc's
  REQUIRE(write_versioned_site(site("v2"), "2.0", "M", root) == "");
  REQUIRE(write_versioned_site(site("v1 again"), "1.0", "M", root) == "");
  CHECK(slurp(r / "CNAME") == "manual.example.com\n");
  CHECK(slurp(r / ".git" / "HEAD") == "ref: refs/heads/gh-pages\n");
  CHECK(installed_versions(root) == std::vector<std::string>{"2.0", "1.0"});
  CHECK(slurp(r / "latest/index.html") == "v2");

  std::ofstream(r / "1.0" / "precious.txt") << "mine";
  std::string shown = r.lexically_normal().generic_string();
  CHECK(write_versioned_site(site("v1 fixed"), "1.0", "M", root) ==
        shown +
            "/1.0/precious.txt was not written by imsdoc; move it away or choose another output "
            "folder");
  CHECK(slurp(r / "1.0" / "precious.txt") == "mine");
  CHECK(slurp(r / "1.0" / "index.html") == "v1 again");
  // The same in latest/, when the newest version is rebuilt.
  std::ofstream(r / "latest" / "notes.txt") << "mine";
  CHECK(write_versioned_site(site("v2 fixed"), "2.0", "M", root) ==
        shown +
            "/latest/notes.txt was not written by imsdoc; move it away or choose another output "
            "folder");
  CHECK(slurp(r / "2.0" / "index.html") == "v2");
  // A root file imsdoc rewrites must be the one it wrote.
  fs::remove(r / "latest" / "notes.txt");
  std::ofstream(r / "index.html") << "<p>my own landing page</p>";
  CHECK(write_versioned_site(site("v2 fixed"), "2.0", "M", root) ==
        shown +
            "/index.html was changed after imsdoc wrote it; move it away or choose another "
            "output folder");
  CHECK(slurp(r / "index.html") == "<p>my own landing page</p>");
}

TEST_CASE("versions: symbolic links for a version or latest/ are never followed", "[versions]") {
  TempRoot t;
  fs::path r = t.path / "site";
  std::string root = r.string();
  fs::path outside = t.path / "outside";
  fs::create_directories(outside);
  std::ofstream(outside / "index.html") << "not imsdoc's";
  REQUIRE(write_versioned_site(site("v1"), "1.0", "M", root) == "");
  fs::remove_all(r / "latest");
  fs::create_symlink(outside, r / "latest");
  REQUIRE(write_versioned_site(site("v2"), "2.0", "M", root) == "");
  CHECK_FALSE(fs::is_symlink(r / "latest"));
  CHECK(slurp(r / "latest" / "index.html") == "v2");
  CHECK(slurp(outside / "index.html") == "not imsdoc's");

  fs::create_symlink(outside, r / "3.0");
  std::string shown = r.lexically_normal().generic_string();
  CHECK(write_versioned_site(site("v3"), "3.0", "M", root) ==
        shown +
            "/3.0 is a symbolic link, which imsdoc did not write; move it away or choose another "
            "output folder");
  CHECK(slurp(outside / "index.html") == "not imsdoc's");
  CHECK(fs::is_symlink(r / "3.0"));
}

TEST_CASE("versions: concurrent first builds into one root all survive", "[versions]") {
  TempRoot t;
  std::string root = (t.path / "site").string();
  std::vector<std::string> results(4);
  std::vector<std::thread> builds;
  for (int i = 0; i < 4; ++i) {
    builds.emplace_back([&, i] {
      std::string v = std::to_string(i + 1) + ".0";
      results[i] = write_versioned_site(site("v" + v), v, "M", root);
    });
  }
  for (auto& b : builds) b.join();
  for (const auto& r : results) CHECK(r == "");
  CHECK(installed_versions(root) == std::vector<std::string>{"4.0", "3.0", "2.0", "1.0"});
  CHECK(slurp(t.path / "site/latest/index.html") == "v4.0");
  CHECK(slurp(t.path / "site/versions.json").find("[\"4.0\", \"3.0\", \"2.0\", \"1.0\"]") !=
        std::string::npos);
}

TEST_CASE("versions: a reserved version name is refused before anything is written", "[versions]") {
  TempRoot t;
  std::string root = (t.path / "site").string();
  CHECK(write_versioned_site(site("x"), "latest", "M", root) ==
        "cannot build version 'latest': 'latest' is reserved for the alias of the newest "
        "version");
  CHECK_FALSE(fs::exists(t.path / "site"));
}

TEST_CASE("versions: pages are on disk as they are put, visible only after commit", "[versions]") {
  TempRoot t;
  std::string root = (t.path / "site").string();
  REQUIRE(write_versioned_site(site("v1"), "1.0", "M", root) == "");
  {
    VersionedSiteWriter writer("1.0", "M", root);
    REQUIRE(writer.begin() == "");
    writer.put(".imsdoc-site", "marker");
    writer.put("index.html", "v1 again");
    // Written already, into a temporary directory beside the version: not yet in place.
    bool staged = false;
    for (const auto& e : fs::directory_iterator(t.path / "site")) {
      if (starts_with(e.path().filename().string(), ".1.0.imsdoc-tmp-")) {
        staged = slurp(e.path() / "index.html") == "v1 again";
      }
    }
    CHECK(staged);
    CHECK(slurp(t.path / "site/1.0/index.html") == "v1");
    // Destroyed without commit(): the previous version stays, the temporary goes.
  }
  CHECK(slurp(t.path / "site/1.0/index.html") == "v1");
  for (const auto& e : fs::directory_iterator(t.path / "site")) {
    CHECK(e.path().filename().string().find("tmp") == std::string::npos);
  }
  VersionedSiteWriter writer("1.0", "M", root);
  REQUIRE(writer.begin() == "");
  writer.put(".imsdoc-site", "marker");
  writer.put("index.html", "v1 fixed");
  writer.put("../escape.html", "x");
  CHECK(writer.commit() == "refusing to write unsafe path '../escape.html'");
  CHECK(slurp(t.path / "site/1.0/index.html") == "v1");
  CHECK_FALSE(fs::exists(t.path / "escape.html"));
}

TEST_CASE("versions: latest/ is hard links to the newest version's files", "[versions]") {
  TempRoot t;
  std::string root = (t.path / "site").string();
  for (const char* v : {"1.0", "2.0"}) {  // a new root, then an existing one
    REQUIRE(write_versioned_site(site(std::string("v") + v), v, "M", root) == "");
    struct stat version_file, latest_file;
    REQUIRE(::stat((t.path / "site" / v / "index.html").c_str(), &version_file) == 0);
    REQUIRE(::stat((t.path / "site/latest/index.html").c_str(), &latest_file) == 0);
    CHECK(version_file.st_ino == latest_file.st_ino);
    CHECK(slurp(t.path / "site/latest/index.html") == std::string("v") + v);
  }
  // Rebuilding the newest version replaces latest/ too; the older one is left alone.
  REQUIRE(write_versioned_site(site("v2 fixed"), "2.0", "M", root) == "");
  CHECK(slurp(t.path / "site/latest/index.html") == "v2 fixed");
  CHECK(slurp(t.path / "site/1.0/index.html") == "v1.0");
}

TEST_CASE("versions: an appended file is written piece by piece, in latest/ too", "[versions]") {
  TempRoot t;
  std::string root = (t.path / "site").string();
  for (int build = 0; build < 2; ++build) {  // a new root, then an existing one
    VersionedSiteWriter writer("1.0", "M", root);
    REQUIRE(writer.begin() == "");
    writer.put(".imsdoc-site", "marker\n");
    writer.append("print.html", "<html>");
    writer.append("print.html", build == 0 ? "first" : "second");
    writer.append("print.html", "</html>");
    REQUIRE(writer.commit() == "");
    const std::string expected = build == 0 ? "<html>first</html>" : "<html>second</html>";
    CHECK(slurp(t.path / "site/1.0/print.html") == expected);
    CHECK(slurp(t.path / "site/latest/print.html") == expected);
  }
}
