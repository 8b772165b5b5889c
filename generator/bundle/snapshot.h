// The auditor snapshot: one deterministic zip with the site of one version, the manual as
// documents, the registers and coverage as CSV, a manifest of SHA-256 hashes and a README; and
// its verification.
#pragma once

#include <string>
#include <vector>

#include "bundle/versions.h"

namespace imsdoc {

struct SnapshotInfo {
  std::string manual_id;
  std::string title;
  std::string organisation;
  std::string version;
  std::string git_commit;  // "" when not built from a git work tree
  std::string build_date;  // YYYY-MM-DD from SOURCE_DATE_EPOCH, "" when unset
  std::string generator;   // "imsdoc 0.1.0"
};

inline constexpr const char* kManifestFile = "manifest.json";

// Packs `files` (paths relative to the snapshot's top folder; taken: move them in) with
// manifest.json, SHA256SUMS and README.txt into a zip whose entries all sit in one top folder,
// `<manual_id>-<version>/`. Equal input gives equal bytes. Returns false and sets `error` on
// failure.
bool make_snapshot_zip(FileTree files, const SnapshotInfo& info, std::string* zip,
                       std::string* error);

// What is wrong with a snapshot: each problem as one line ("changed: x (sha256 differs)").
struct SnapshotCheck {
  std::vector<std::string> problems;
  int files_verified = 0;
  std::string manual;  // "IMS-M-001 version 3.0" from the manifest
};

// Checks every entry of the zip in `bytes` against its manifest: missing, extra or changed
// files, and entries that could escape the folder they are extracted to (absolute paths, '..',
// backslashes, symbolic links).
SnapshotCheck verify_snapshot(const std::string& bytes);

}  // namespace imsdoc
