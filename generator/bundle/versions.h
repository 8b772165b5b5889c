// The versioned site: <root>/<version>/ per built version, <root>/latest/ (a copy of the
// highest version), and at the root versions.json, versions.js (the same list as a classic
// script, for the version switcher from file://) and index.html (goes to latest/).
//
// Building one version replaces only that version's directory and the root files; the other
// versions stay, and so does anything else the user keeps in the root (CNAME, .git/). Every
// step swaps complete trees or files into place with renames, so a failed or killed build
// leaves complete versions behind. Each version folder, latest/ and the root carry a manifest
// of what imsdoc wrote there (bundle/ownership.h): a root that is not empty and has none is
// refused, and a folder holding anything imsdoc did not write is never replaced. Builds into
// one root take turns (OutputLock), so concurrent builds of different versions all survive.
#pragma once

#include <map>
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

// The root files for these versions (any order): versions.json, versions.js and index.html. `title`
// is the manual's title, shown on the root page; `alias_dir` is where the newest version is reached
// (latest/, or the version itself in a snapshot without the alias). `note`, when given, is a line
// shown on the root page (a snapshot's date and commit).
FileTree version_root_files(const std::vector<std::string>& versions, const std::string& title,
                            const std::string& alias_dir = kLatestDir,
                            const std::string& note = "");

// The versions built under `root` (folders whose manifest says they are a version of the
// site, `latest` excluded, symbolic links never), highest first.
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
  // True when the problem is that something in the output is not imsdoc's to replace.
  bool refused() const { return refused_ || writer_.refused() || latest_.refused(); }

 private:
  void link_latest(const std::string& path);
  std::string check_root();
  std::string commit_fresh_root();
  bool will_be_newest() const;
  std::string update_latest();
  std::string write_root_files();

  std::string version_, title_, root_;
  bool fresh_root_ = false;  // no root yet (or an empty one): the whole root in one swap
  OutputLock lock_;
  std::mutex mutex_;  // put() and append() come from several threads
  std::set<std::string> appended_;
  TreeWriter writer_;  // the version (or, on a new root, the whole root)
  TreeWriter latest_;  // latest/, when this build makes it anew
  std::string problem_;
  bool refused_ = false;
};

// Writes `site` as version `version` under `root` (a VersionedSiteWriter given every file).
// Returns "" or an error message; on error the versions already there are unchanged.
std::string write_versioned_site(const FileTree& site, const std::string& version,
                                 const std::string& title, const std::string& root);

}  // namespace imsdoc
