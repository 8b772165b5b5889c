// The versioned site: <root>/<version>/ per built version, <root>/latest/ (a copy of the
// highest version), and at the root versions.json, versions.js (the same list as a classic
// script, for the version switcher from file://) and index.html (goes to latest/).
//
// Building one version replaces only that version's directory and the root files; the other
// versions stay. Every step swaps complete trees or files into place with renames, so a failed
// or killed build leaves complete versions behind.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "bundle/output.h"
#include "render/site.h"

namespace imsdoc {

using FileTree = std::map<std::string, std::string>;  // relative path -> bytes

inline constexpr const char* kLatestDir = "latest";  // see version_name_problem()

// Orders version names with numeric parts compared as numbers: 2.9 < 2.10 < 10.0, 3.0 < 3.0.1;
// a part that is not a number sorts before one that is (3.0-rc1 < 3.0.1).
bool version_less(const std::string& a, const std::string& b);

// The root files for these versions (any order): versions.json, versions.js, index.html and
// the marker. `title` is the manual's title, shown on the root page; `alias_dir` is where the
// newest version is reached (latest/, or the version itself in a snapshot without the alias).
FileTree version_root_files(const std::vector<std::string>& versions, const std::string& title,
                            const std::string& alias_dir = kLatestDir);

// The versions built under `root` (directories with imsdoc's marker, `latest` excluded),
// highest first.
std::vector<std::string> installed_versions(const std::string& root);

// Writes version `version` of the site under `root` as its files are put (a FileSink for
// render_site): begin(), put() every file, commit(). Until commit() returns "" the versions
// already there are unchanged; a writer destroyed without committing leaves nothing behind.
// latest/ (when this is the newest version) is made of hard links to the version's files.
class VersionedSiteWriter : public FileSink {
 public:
  VersionedSiteWriter(std::string version, std::string title, std::string root);
  ~VersionedSiteWriter() override;

  // Returns "" or the problem (a bad version name, an unwritable root).
  std::string begin();
  void put(const std::string& path, std::string bytes) override;
  void append(const std::string& path, std::string_view bytes) override;
  // Returns "" or the first problem of begin(), put() or the swap.
  std::string commit();

 private:
  void link_latest(const std::string& path);

  std::string version_, title_, root_;
  bool fresh_root_ = false;  // no versions.json yet: the whole root is written in one swap
  std::unique_ptr<OutputLock> lock_;
  std::mutex mutex_;  // put() and append() come from several threads
  std::set<std::string> appended_;
  TreeWriter writer_;
  std::string problem_;
};

// Writes `site` as version `version` under `root` (a VersionedSiteWriter given every file).
// Returns "" or an error message; on error the versions already there are unchanged.
std::string write_versioned_site(const FileTree& site, const std::string& version,
                                 const std::string& title, const std::string& root);

}  // namespace imsdoc
