// The auditor snapshot: one deterministic zip with the site of one version, the manual as
// documents, the registers and coverage as CSV, a manifest of SHA-256 hashes and a README; and
// its verification.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "bundle/versions.h"

namespace imsdoc {

struct SnapshotInfo {
  std::string manual_id;
  std::string title;
  std::string organisation;
  std::string version;
  std::string git_commit;       // "" when not built from a git work tree
  bool git_dirty = false;       // the work tree had changes not in git_commit
  int64_t build_time = 0;       // seconds since the epoch (see snapshot_build_time)
  std::string build_date_from;  // "SOURCE_DATE_EPOCH", "git commit date" or "clock"
  std::string generator;        // "imsdoc 0.1.0"
};

inline constexpr const char* kManifestFile = "manifest.json";
inline constexpr const char* kChecksumsFile = "SHA256SUMS";
inline constexpr const char* kSignatureFile = "SHA256SUMS.sig";
// The namespace of snapshot signatures (ssh-keygen -Y sign -n), so that a signature made for
// anything else (a git commit, a file) is not taken for one.
inline constexpr const char* kSignatureNamespace = "imsdoc-snapshot";

// When a snapshot was made: SOURCE_DATE_EPOCH if set and valid, else `commit_time` (the commit
// date of HEAD, 0 when unknown), else the clock. Sets `*from` to which one.
int64_t snapshot_build_time(int64_t commit_time, std::string* from);

// "Snapshot made by imsdoc 0.1.0 on 2026-03-01T00:00:00Z from git commit 0123abc…."
std::string snapshot_made_line(const SnapshotInfo& info);

// "2026-03-01T00:00:00Z"
std::string iso8601_utc(int64_t seconds);

// Signs the text of SHA256SUMS: returns "" and sets `*signature` (an armoured SSH signature),
// or the problem.
using ChecksumSigner = std::function<std::string(const std::string& sums, std::string* signature)>;

// Packs `files` (paths relative to the snapshot's top folder; taken: move them in) with
// manifest.json, SHA256SUMS (and SHA256SUMS.sig when `sign` is given) and README.txt into a
// zip whose entries all sit in one top folder, `<manual_id>-<version>/`, dated
// info.build_time. Equal input gives equal bytes. Returns false and sets `error` on failure.
bool make_snapshot_zip(FileTree files, const SnapshotInfo& info, std::string* zip,
                       std::string* error, const ChecksumSigner& sign = nullptr);

// What is wrong with a snapshot: each problem as one line ("changed: x (SHA-256 differs)").
struct SnapshotCheck {
  std::vector<std::string> problems;
  int files_verified = 0;
  std::string manual;      // "IMS-M-001 version 3.0" from the manifest
  std::string build_date;  // from the manifest, "" if it has none
  std::string checksums;   // the text of SHA256SUMS, for checking its signature
  std::string signature;   // the text of SHA256SUMS.sig, "" when unsigned
};

// Checks the zip in `bytes` strictly: the manifest must be there, valid and list files; every
// listed file must be there with its size and SHA-256; nothing else may be there but the
// manifest and the signature; SHA256SUMS must agree with the manifest; no entry may escape the
// folder it is extracted to (absolute paths, '..', backslashes, symbolic links) or be there
// twice. The signature itself is checked by check_snapshot_signature.
SnapshotCheck verify_snapshot(const std::string& bytes);

}  // namespace imsdoc
