// The versioned site: <root>/<version>/ per built version, <root>/latest/ (a copy of the
// highest version), and at the root versions.json, versions.js (the same list as a classic
// script, for the version switcher from file://) and index.html (goes to latest/).
//
// Building one version replaces only that version's directory and the root files; the other
// versions stay. Every step swaps complete trees or files into place with renames, so a failed
// or killed build leaves complete versions behind.
#pragma once

#include <map>
#include <string>
#include <vector>

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

// Writes `site` as version `version` under `root`. Returns "" or an error message; on error
// the versions already there are unchanged.
std::string write_versioned_site(const FileTree& site, const std::string& version,
                                 const std::string& title, const std::string& root);

}  // namespace imsdoc
