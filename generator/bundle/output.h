// Writing a generated tree to disk, atomically and only where allowed.
//
// The tree is written into a fresh temporary directory next to the output directory and then
// swapped into place with one rename, so readers and later builds only ever see a complete
// site: a failed or killed build leaves the previous output untouched. A folder is replaced
// only when everything in it is imsdoc's (bundle/ownership.h); the previous tree is removed
// after the swap, file by file as its manifest lists them, never through a symbolic link.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "base/cleanup.h"
#include "bundle/ownership.h"

namespace imsdoc {

// Checks that `output_dir` may be written by a build of the project in `project_dir`: it is
// not the project directory, does not contain it, is not inside content/, registers/,
// diagrams/ or themes/, is not a symbolic link, and — if it exists and is not empty — holds a
// valid imsdoc manifest (bundle/ownership.h). Returns "" if fine, else the reason.
std::string check_output_location(const std::string& project_dir, const std::string& output_dir);

// The folder `path` is in ("." for a bare name), as given: not resolved.
std::string parent_folder(const std::filesystem::path& path);

// What a new tree may do with a symbolic link where it goes: refuse it (a link is not
// imsdoc's), or replace the link itself, never what it points to (latest/, which other tools
// make as a link).
enum class LinkAtTarget { kRefuse, kReplace };

// Why the folder `dir` (shown as `shown` in messages) may not be replaced by a new tree: ""
// when it does not exist, is an empty folder or everything in it is imsdoc's. Several problems
// are joined by "\nimsdoc: error: ", one per line.
std::string replace_problem(const std::string& dir, const std::string& shown, LinkAtTarget links);

// Writes a new tree for `output_dir` file by file, then swaps it into place: files go into a
// fresh temporary directory next to `output_dir` as they are put, so a large site is never
// held in memory whole; commit() replaces the previous output with one atomic exchange.
// Destroyed without a successful commit(), it removes the temporary directory and the
// previous output stays as it was (so does an interrupt: base/cleanup.h). A file the previous
// output already has with the same bytes is hard-linked from it instead of written.
class TreeWriter {
 public:
  TreeWriter() = default;
  ~TreeWriter();
  TreeWriter(const TreeWriter&) = delete;
  TreeWriter& operator=(const TreeWriter&) = delete;

  // Creates the temporary directory, after checking that the previous output there may be
  // replaced (replace_problem). Returns "" or the problem. Messages show `output_dir` as given.
  std::string begin(const std::string& output_dir, LinkAtTarget links = LinkAtTarget::kRefuse);
  // Writes `bytes` as `rel` ('/'-separated, relative) of the new tree. Returns "" or the
  // problem; after a problem, commit() fails with it.
  std::string put(const std::string& rel, const std::string& bytes);
  // Adds `bytes` to the end of `rel` of the new tree, created by the first call.
  std::string append(const std::string& rel, std::string_view bytes);
  // Makes `rel` of the new tree a hard link to the file `existing` (a copy where links are
  // not possible).
  std::string link(const std::string& rel, const std::string& existing);
  // Puts the tree's manifest (kind `manifest_kind`, listing every file put, appended or
  // linked; "" for none: the caller puts its own), checks the previous output again and swaps
  // the new tree into place. Returns "" or the problem (the previous output unchanged).
  std::string commit(const std::string& manifest_kind = "tree");

  // True when begin() or commit() failed because the previous output is not imsdoc's to
  // replace (a usage problem, not an I/O failure).
  bool refused() const { return refused_; }
  // Where the new tree is being written (valid between begin() and commit()).
  const std::string& staging_dir() const { return tmp_; }
  // The files written so far whose path starts with `prefix`, that prefix removed.
  std::map<std::string, uint64_t> files_under(const std::string& prefix) const;

 private:
  std::string prepare(const std::string& rel);
  std::string swap_into_place();
  const OwnershipManifest* previous_manifest() const {
    return has_previous_manifest_ ? &previous_manifest_ : nullptr;
  }
  std::string out_, shown_, tmp_, problem_;
  LinkAtTarget links_ = LinkAtTarget::kRefuse;
  bool previous_ = false;
  bool refused_ = false;
  std::map<std::string, uint64_t> files_;  // relative path -> size
  OwnershipManifest previous_manifest_;    // of the output being replaced, when it has one
  bool has_previous_manifest_ = false;
  CleanupGuard cleanup_;
};

// Writes `files` (site-relative path -> bytes) as the new contents of `output_dir`.
// Returns "" on success, else an error message (and the previous output is unchanged).
std::string write_tree_atomically(const std::map<std::string, std::string>& files,
                                  const std::string& output_dir);

// Every regular file below `dir` (symbolic links are not followed), as sorted '/'-separated
// relative paths.
std::vector<std::string> list_tree(const std::string& dir);

// Holds an exclusive lock (flock) on the lock file beside the output root `root`
// (".<name>.imsdoc-lock" in its parent, which exists before the root does), so builds into the
// same root take turns, first builds included; the kernel releases it when the process ends,
// however it ends. The lock file stays (removing it would race with a waiting build).
class OutputLock {
 public:
  OutputLock() = default;
  ~OutputLock();
  OutputLock(const OutputLock&) = delete;
  OutputLock& operator=(const OutputLock&) = delete;
  // Waits for the lock. Returns "" or the problem.
  std::string acquire(const std::string& root);

 private:
  int fd_ = -1;
};

// Removes the temporary directories and files ("<prefix>*.imsdoc-tmp-XXXXXX", hidden) that
// killed builds left in `dir`; never a symbolic link. Call only while holding the OutputLock
// of the root they belong to: a live build's directory would go too.
void remove_stale_temporaries(const std::string& dir, const std::string& prefix = ".");

// Reads every regular file below `dir` (symbolic links are not followed) into `files`, keyed
// by '/'-separated relative path. Returns "" or an error message.
std::string read_tree(const std::string& dir, std::map<std::string, std::string>* files);

}  // namespace imsdoc
