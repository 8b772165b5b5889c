// Proof of what imsdoc wrote in an output folder, so that it deletes nothing else.
//
// Every tree imsdoc writes (a version of the site, latest/, a redline folder) carries a
// manifest, `.imsdoc-manifest.json`, written last into the tree before it is swapped into
// place: the path and size of every file imsdoc put there. The output root carries one too,
// listing the root files and the folders imsdoc made. A folder is imsdoc's to replace only when
// its manifest is valid and everything in it is listed with its size; a marker file alone
// proves nothing. Checks and removal never follow a symbolic link: a link is never imsdoc's.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace imsdoc {

inline constexpr const char* kOwnershipManifest = ".imsdoc-manifest.json";

// What a manifest says imsdoc wrote.
struct OwnershipManifest {
  std::string kind;                       // "version", "alias", "root", "tree"
  std::map<std::string, uint64_t> files;  // '/'-separated relative path -> size in bytes
  std::vector<std::string> dirs;          // for the root: the folders imsdoc made there
};

// The manifest's JSON text (stable: sorted paths).
std::string ownership_manifest_json(const OwnershipManifest& manifest);

// Reads `dir`/.imsdoc-manifest.json. Returns false if it is missing, is not a regular file, or
// is not a valid manifest.
bool read_ownership_manifest(const std::string& dir, OwnershipManifest* manifest);

// True if `dir` has a manifest of `kind` by its first lines (cheap: nothing else is read; the
// files are checked when the folder is replaced).
bool has_ownership_manifest(const std::string& dir, const std::string& kind);

// Why `dir` (shown as `shown` in messages) may not be replaced: one message per entry that is
// not imsdoc's ("site/1.0/precious.txt was not written by imsdoc; move it away or choose
// another output folder"), at most `limit`. Empty when `dir` is an empty folder or everything
// in it is listed in its manifest. `dir` itself must not be a symbolic link (callers check).
std::vector<std::string> unowned_entries(const std::string& dir, const std::string& shown,
                                         size_t limit = 10);
// The same with the manifest of `dir` read already (nullptr: it has none).
std::vector<std::string> unowned_entries(const std::string& dir, const std::string& shown,
                                         const OwnershipManifest* manifest, size_t limit = 10);

// Removes from `dir` the files its manifest lists (with their recorded size), the manifest,
// and then the folders left empty, `dir` included. Never follows a symbolic link; anything
// else stays. Returns true if `dir` is gone.
bool remove_owned_tree(const std::string& dir);
// The same with the manifest that `dir` had when it was checked.
bool remove_owned_tree(const std::string& dir, const OwnershipManifest& manifest);

// The message for a path that imsdoc did not write.
std::string not_written_by_imsdoc(const std::string& shown);

// Why the entry `rel` (shown as `shown`), found with lstat as `st`, is not the file `manifest`
// lists there with its size: "" if it is.
std::string owned_file_problem(const struct stat& st, const OwnershipManifest& manifest,
                               const std::string& rel, const std::string& shown);

}  // namespace imsdoc
