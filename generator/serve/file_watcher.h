// Watches a project's source directories for changes, with inotify: the only user of
// <sys/inotify.h>. Directories created later (also by a move) are watched too.
#pragma once

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <vector>

namespace imsdoc {

class FileWatcher {
 public:
  // Watches `roots` (paths relative to `project_dir`: directories, watched recursively, or
  // files such as imsdoc.yaml, whose directory is watched for that name only). Roots that do
  // not exist yet are picked up when they are created in the project directory.
  FileWatcher(std::string project_dir, std::vector<std::string> roots);
  ~FileWatcher();
  FileWatcher(const FileWatcher&) = delete;
  FileWatcher& operator=(const FileWatcher&) = delete;

  // "" when watching, else why not (inotify unavailable, limit of watches reached).
  const std::string& error() const { return error_; }
  // The inotify descriptor, to poll() for readability together with other descriptors.
  int fd() const { return fd_; }

  // Reads the events that are ready, then keeps reading until `quiet` passes without one (an
  // editor's save is a burst: write a temporary file, rename, change attributes), at most
  // `longest` in all. Once a file was closed after writing or moved into place, its contents
  // are complete: then only `settled` must pass without an event. Returns the
  // project-relative paths that changed: files, and directories created, moved or removed
  // (standing for everything below them). Hidden names (".x", editor swap files) and names
  // ending in '~' are left out.
  std::set<std::string> read_changes(std::chrono::milliseconds quiet,
                                     std::chrono::milliseconds settled,
                                     std::chrono::milliseconds longest);

 private:
  void watch_tree(const std::string& rel);
  void watch_dir(const std::string& rel);
  bool is_watched_root_path(const std::string& rel) const;
  // Returns whether a file was closed after writing or moved in.
  bool drain(std::set<std::string>* changed);

  std::string dir_;
  std::vector<std::string> roots_;
  int fd_ = -1;
  int top_wd_ = -1;                  // the project directory itself
  std::map<int, std::string> dirs_;  // watch descriptor -> project-relative directory
  std::string error_;
};

}  // namespace imsdoc
