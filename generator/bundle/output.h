// Writing a generated tree to disk, atomically and only where allowed.
//
// The tree is written into a fresh temporary directory next to the output directory and then
// swapped into place with one rename, so readers and later builds only ever see a complete
// site: a failed or killed build leaves the previous output untouched. The previous output is
// removed only after the swap, and only if it carries imsdoc's marker file.
#pragma once

#include <map>
#include <string>

namespace imsdoc {

inline constexpr const char* kOutputMarker = ".imsdoc-site";

// Checks that `output_dir` may be (re)placed by a build of the project in `project_dir`:
// it is not the project directory, does not contain it, is not inside content/, registers/,
// diagrams/ or themes/, is not a symbolic link, and — if it exists and is not empty — was
// created by imsdoc (has the marker file). Returns "" if fine, else the reason.
std::string check_output_location(const std::string& project_dir, const std::string& output_dir);

// Writes `files` (site-relative path -> bytes) as the new contents of `output_dir`.
// Returns "" on success, else an error message (and the previous output is unchanged).
std::string write_tree_atomically(const std::map<std::string, std::string>& files,
                                  const std::string& output_dir);

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
