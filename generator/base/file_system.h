// Read-only access to a project's files, so loaders can be tested without touching the disk.
//
// Paths are project-relative and '/'-separated ("content/1-intro.md"). Implementations never
// resolve a path outside their root: "..", absolute paths and symbolic links that leave the
// root are refused.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace imsdoc {

class FileSystem {
 public:
  virtual ~FileSystem() = default;

  // Reads a whole file. On failure returns false and sets `error` to a short reason
  // ("no such file", "permission denied", "symbolic link leaves the project", ...).
  virtual bool read(const std::string& path, std::string* contents, std::string* error) const = 0;

  virtual bool is_file(const std::string& path) const = 0;
  // The size of a file in bytes, for scheduling work (biggest first); 0 if unknown.
  virtual size_t size(const std::string& path) const = 0;
  virtual bool is_directory(const std::string& path) const = 0;

  // Every regular file below `dir` whose name ends with `suffix`, recursively, sorted
  // byte-wise. Hidden files and directories (".name") are skipped. Missing `dir` gives {}.
  virtual std::vector<std::string> list(const std::string& dir,
                                        const std::string& suffix) const = 0;
};

// The real file system below `root`.
std::unique_ptr<FileSystem> make_disk_file_system(const std::string& root);

// An in-memory file system for tests: path -> contents.
class MemoryFileSystem : public FileSystem {
 public:
  explicit MemoryFileSystem(std::map<std::string, std::string> files = {});
  void set(const std::string& path, std::string contents) { files_[path] = std::move(contents); }
  void remove(const std::string& path) { files_.erase(path); }

  bool read(const std::string& path, std::string* contents, std::string* error) const override;
  bool is_file(const std::string& path) const override;
  size_t size(const std::string& path) const override;
  bool is_directory(const std::string& path) const override;
  std::vector<std::string> list(const std::string& dir, const std::string& suffix) const override;

 private:
  std::map<std::string, std::string> files_;
};

// True if `path` is a safe project-relative path: not empty, not absolute, no "." or ".."
// components, no empty components, no backslashes or NUL bytes.
bool is_safe_relative_path(const std::string& path);

// Paths on the real disk, for output locations.
// `p` made absolute, symbolic links resolved as far as the path exists, "." and ".." folded.
std::filesystem::path normalized_path(const std::string& p);
// True if `inner` is `outer` or below it (both normalized).
bool is_within(const std::filesystem::path& inner, const std::filesystem::path& outer);
// `p` for a message: relative to the working directory when it is there or one level up
// ("site/3.0", "../blocker"), else absolute; '/'-separated.
std::string display_path(const std::filesystem::path& p);

}  // namespace imsdoc
