// Writing a generated tree to disk, atomically and only where allowed.
//
// The tree is written into a fresh temporary directory next to the output directory and then
// swapped into place with one rename, so readers and later builds only ever see a complete
// site: a failed or killed build leaves the previous output untouched. The previous output is
// removed only after the swap, and only if it carries imsdoc's marker file.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace imsdoc {

inline constexpr const char* kOutputMarker = ".imsdoc-site";

// Checks that `output_dir` may be (re)placed by a build of the project in `project_dir`:
// it is not the project directory, does not contain it, is not inside content/, registers/,
// diagrams/ or themes/, is not a symbolic link, and — if it exists and is not empty — was
// created by imsdoc (has the marker file). Returns "" if fine, else the reason.
std::string check_output_location(const std::string& project_dir, const std::string& output_dir);

// Writes a new tree for `output_dir` file by file, then swaps it into place: files go into a
// fresh temporary directory next to `output_dir` as they are put, so a large site is never
// held in memory whole; commit() replaces the previous output with one atomic exchange.
// Destroyed without a successful commit(), it removes the temporary directory and the
// previous output stays as it was. A file the previous output already has with the same
// bytes is hard-linked from it instead of written.
class TreeWriter {
 public:
  TreeWriter() = default;
  ~TreeWriter();
  TreeWriter(const TreeWriter&) = delete;
  TreeWriter& operator=(const TreeWriter&) = delete;

  // Creates the temporary directory. Returns "" or the problem.
  std::string begin(const std::string& output_dir);
  // Writes `bytes` as `rel` ('/'-separated, relative) of the new tree. Returns "" or the
  // problem; after a problem, commit() fails with it.
  std::string put(const std::string& rel, const std::string& bytes);
  // Adds `bytes` to the end of `rel` of the new tree, created by the first call.
  std::string append(const std::string& rel, std::string_view bytes);
  // Makes `rel` of the new tree a hard link to the file `existing` (a copy where links are
  // not possible).
  std::string link(const std::string& rel, const std::string& existing);
  // Swaps the new tree into place. Returns "" or the problem (the previous output unchanged).
  std::string commit();

  // Where the new tree is being written (valid between begin() and commit()).
  const std::string& staging_dir() const { return tmp_; }

 private:
  std::string prepare(const std::string& rel);
  std::string out_, tmp_, problem_;
  bool previous_ = false;
};

// Writes `files` (site-relative path -> bytes) as the new contents of `output_dir`.
// Returns "" on success, else an error message (and the previous output is unchanged).
std::string write_tree_atomically(const std::map<std::string, std::string>& files,
                                  const std::string& output_dir);

// Every regular file below `dir` (symbolic links are not followed), as sorted '/'-separated
// relative paths.
std::vector<std::string> list_tree(const std::string& dir);

// Holds an exclusive lock (flock) on the directory `dir` while one build updates an existing
// output root, so builds into the same root take turns; the kernel releases it when the
// process ends, however it ends. Creates no file. Does nothing if `dir` cannot be opened.
class OutputLock {
 public:
  explicit OutputLock(const std::string& dir);
  ~OutputLock();
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;

 private:
  int fd_ = -1;
};

// Removes the temporary directories and files (".<name>.imsdoc-tmp-XXXXXX") that killed builds
// left in `dir`. Call only while holding its OutputLock: a live build's directory would go too.
void remove_stale_temporaries(const std::string& dir);

// Reads every regular file below `dir` (symbolic links are not followed) into `files`, keyed
// by '/'-separated relative path. Returns "" or an error message.
std::string read_tree(const std::string& dir, std::map<std::string, std::string>* files);

}  // namespace imsdoc
