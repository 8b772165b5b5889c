#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "base/file_system.h"

using namespace imsdoc;
namespace fs = std::filesystem;

TEST_CASE("is_safe_relative_path rejects escapes", "[fs]") {
  CHECK(is_safe_relative_path("content/a.md"));
  CHECK_FALSE(is_safe_relative_path("/etc/passwd"));
  CHECK_FALSE(is_safe_relative_path("../x"));
  CHECK_FALSE(is_safe_relative_path("a/../../x"));
  CHECK_FALSE(is_safe_relative_path("a//b"));
  CHECK_FALSE(is_safe_relative_path("a\\b"));
  CHECK_FALSE(is_safe_relative_path(""));
}

TEST_CASE("MemoryFileSystem lists sorted files by suffix, skipping hidden ones", "[fs]") {
  MemoryFileSystem mfs({{"content/b.md", "b"},
                        {"content/a/c.md", "c"},
                        {"content/.draft/x.md", "x"},
                        {"content/notes.txt", "t"},
                        {"registers/r.yaml", "r"}});
  CHECK(mfs.list("content", ".md") == std::vector<std::string>{"content/a/c.md", "content/b.md"});
  CHECK(mfs.is_directory("content/a"));
  CHECK_FALSE(mfs.is_directory("content/b.md"));
  std::string text, error;
  CHECK_FALSE(mfs.read("missing.md", &text, &error));
  CHECK(error == "no such file");
}

TEST_CASE("disk file system refuses symbolic links that leave the project", "[fs]") {
  fs::path root = fs::temp_directory_path() / "imsdoc-fs-test";
  fs::remove_all(root);
  fs::create_directories(root / "content");
  fs::path outside = fs::temp_directory_path() / "imsdoc-fs-test-outside.md";
  std::ofstream(outside) << "secret";
  std::ofstream(root / "content" / "inside.md") << "hello";
  fs::create_symlink(outside, root / "content" / "leak.md");
  auto disk = make_disk_file_system(root.string());
  CHECK(disk->list("content", ".md") ==
        std::vector<std::string>{"content/inside.md", "content/leak.md"});
  std::string text, error;
  CHECK(disk->read("content/inside.md", &text, &error));
  CHECK(text == "hello");
  CHECK_FALSE(disk->read("content/leak.md", &text, &error));
  CHECK(error == "symbolic link leaves the project");
  CHECK_FALSE(disk->read("../imsdoc-fs-test-outside.md", &text, &error));
  fs::remove_all(root);
  fs::remove(outside);
}
