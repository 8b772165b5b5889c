#include "bundle/snapshot.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <ctime>
#include <map>
#include <set>
#include <thread>

#include "base/sha256.h"
#include "base/text.h"
#include "bundle/zip.h"

namespace imsdoc {

namespace {

std::string readme(const SnapshotInfo& info, const FileTree& files, bool signed_sums) {
  auto has = [&files](const std::string& p) { return files.count(p) > 0; };
  std::string out = info.title + "\n" + std::string(info.title.size(), '=') + "\n\n" + "Manual " +
                    info.manual_id + ", version " + info.version + ", of " + info.organisation +
                    ".\n" + snapshot_made_line(info) + "\n\nContents\n--------\n" +
                    "site/index.html       the manual as a website; open it in a browser, no "
                    "network needed\n";
  if (has("manual.docx")) out += "manual.docx           the manual as a Word document\n";
  if (has("manual.pdf")) out += "manual.pdf            the manual as PDF\n";
  out +=
      "registers/*.csv       every register (AI systems, risks, SoA, ...) as CSV\n"
      "coverage.csv          each clause and control of each standard: covered or not, and by "
      "what\n"
      "manifest.json         every file's size and SHA-256, and when and from what the snapshot "
      "was made\n"
      "SHA256SUMS            the same hashes for sha256sum\n";
  if (signed_sums) {
    out += "SHA256SUMS.sig        an SSH signature of SHA256SUMS (namespace " +
           std::string(kSignatureNamespace) + ")\n";
  }
  out +=
      "\nChecking the snapshot\n---------------------\n"
      "With imsdoc:      imsdoc verify THIS.zip\n"
      "Without imsdoc:   unzip THIS.zip, then in this folder: sha256sum -c SHA256SUMS\n";
  if (signed_sums) {
    out += std::string("The signature:    ssh-keygen -Y verify -f allowed_signers -I SIGNER -n ") +
           kSignatureNamespace +
           " -s SHA256SUMS.sig < SHA256SUMS\n"
           "                  (allowed_signers: the signer's public key, from the signer, not "
           "from this zip)\n";
  }
  out +=
      "\nTracing an AI system\n--------------------\n"
      "Open site/index.html, then AI system register, an AI system, and \"Audit trail\": it "
      "follows the system through its processes, risks, SoA controls, evidence, incidents, "
      "corrective actions and management reviews.\n";
  return out;
}

// The manifest lists the files of `sha256` (every file but the signature).
std::string manifest(const FileTree& files, const std::map<std::string, std::string>& sha256,
                     const SnapshotInfo& info) {
  nlohmann::ordered_json j;
  j["manual_id"] = info.manual_id;
  j["title"] = info.title;
  j["organisation"] = info.organisation;
  j["version"] = info.version;
  j["git_commit"] =
      info.git_commit.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(info.git_commit);
  j["git_dirty"] = info.git_dirty;
  j["build_date"] = iso8601_utc(info.build_time);
  j["build_date_from"] = info.build_date_from;
  j["generator"] = info.generator;
  j["files"] = nlohmann::ordered_json::array();
  for (const auto& [path, hash] : sha256) {
    j["files"].push_back({{"path", path}, {"size", files.at(path).size()}, {"sha256", hash}});
  }
  return j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

// Why an entry name could write outside the folder it is extracted into, or "".
std::string unsafe_name(const std::string& name) {
  if (name.empty()) return "empty name";
  if (name[0] == '/') return "absolute path";
  if (name.find('\\') != std::string::npos) return "backslash in path";
  if (name.size() > 1 && name[1] == ':') return "drive letter";
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('/', start);
    if (end == std::string::npos) end = name.size();
    if (name.compare(start, end - start, "..") == 0) return "'..' in path";
    start = end + 1;
  }
  return "";
}

// The SHA-256 of each of `files`, hashed on every core when there is enough to share. Each
// file is hashed whole by one thread, so the hashes do not depend on timing.
std::map<std::string, std::string> hash_files(const FileTree& files) {
  std::vector<const std::pair<const std::string, std::string>*> order;
  uint64_t total = 0;
  for (const auto& file : files) {
    order.push_back(&file);
    total += file.second.size();
  }
  std::vector<std::string> hashes(order.size());
  size_t threads = std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), 8);
  if (total < (1u << 20)) threads = 1;  // threads would cost more than they save
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < order.size(); i = next++) hashes[i] = sha256_hex(order[i]->second);
  };
  std::vector<std::thread> helpers;
  for (size_t t = 1; t < threads; ++t) helpers.emplace_back(work);
  work();
  for (auto& t : helpers) t.join();
  std::map<std::string, std::string> by_path;
  for (size_t i = 0; i < order.size(); ++i) by_path.emplace(order[i]->first, std::move(hashes[i]));
  return by_path;
}

std::string json_text(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
}

// SHA256SUMS must list exactly the manifest's files but itself, with the manifest's hashes
// (the content was checked against the manifest already): a manifest fixed up after a change
// while SHA256SUMS still disagrees, or the other way round, is caught here.
void compare_checksums(const std::map<std::string, const ZipListing*>& files,
                       const std::map<std::string, std::string>& manifest_sha256,
                       SnapshotCheck* check) {
  auto it = files.find(kChecksumsFile);
  if (it == files.end()) {
    if (!manifest_sha256.count(kChecksumsFile)) {
      check->problems.push_back(std::string("missing: ") + kChecksumsFile);
    }
    return;
  }
  check->checksums = it->second->data;
  std::map<std::string, std::string> sums;
  const std::string& text = check->checksums;
  size_t line_no = 0;
  for (size_t start = 0; start < text.size();) {
    size_t end = std::min(text.find('\n', start), text.size());
    std::string line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (line.empty()) continue;
    // "<64 hex>  <path>" (or " *<path>", binary mode)
    if (line.size() < 67 || line[64] != ' ' || (line[65] != ' ' && line[65] != '*') ||
        line.find_first_not_of("0123456789abcdef") < 64) {
      check->problems.push_back(std::string(kChecksumsFile) + ":" + std::to_string(line_no) +
                                ": not a checksum line");
      continue;
    }
    std::string path = line.substr(66);
    if (!sums.emplace(path, line.substr(0, 64)).second) {
      check->problems.push_back(std::string(kChecksumsFile) + " lists " + path + " twice");
    }
  }
  for (const auto& [path, hash] : manifest_sha256) {
    if (path == kChecksumsFile) continue;
    auto s = sums.find(path);
    if (s == sums.end()) {
      check->problems.push_back(std::string(kChecksumsFile) + " does not list " + path);
    } else if (s->second != hash) {
      check->problems.push_back(std::string(kChecksumsFile) + " and manifest.json disagree on " +
                                path);
    }
  }
  for (const auto& [path, hash] : sums) {
    if (!manifest_sha256.count(path)) {
      check->problems.push_back(std::string(kChecksumsFile) + " lists " + path +
                                ", which manifest.json does not");
    }
  }
}

}  // namespace

std::string snapshot_made_line(const SnapshotInfo& info) {
  return "Snapshot made by " + info.generator + " on " + iso8601_utc(info.build_time) +
         (info.git_commit.empty() ? std::string()
                                  : " from git commit " + info.git_commit +
                                        (info.git_dirty ? " with uncommitted changes" : "")) +
         ".";
}

int64_t snapshot_build_time(int64_t commit_time, std::string* from) {
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) {
    char* end = nullptr;
    long long v = std::strtoll(epoch, &end, 10);
    if (end != epoch && *end == '\0' && v >= 315532800) {  // zip dates start in 1980
      *from = "SOURCE_DATE_EPOCH";
      return v;
    }
  }
  if (commit_time >= 315532800) {
    *from = "git commit date";
    return commit_time;
  }
  *from = "clock";
  return static_cast<int64_t>(std::time(nullptr));
}

std::string iso8601_utc(int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

bool make_snapshot_zip(FileTree files, const SnapshotInfo& info, std::string* zip,
                       std::string* error, const ChecksumSigner& sign) {
  files["README.txt"] = readme(info, files, static_cast<bool>(sign));
  // Each file hashed once, for SHA256SUMS and the manifest; the data moved, not copied, into
  // the zip entries (a site is tens of MB).
  std::map<std::string, std::string> sha256 = hash_files(files);
  std::string sums;
  for (const auto& [path, hash] : sha256) sums += hash + "  " + path + "\n";
  if (sign) {
    std::string signature;
    if (std::string problem = sign(sums, &signature); !problem.empty()) {
      *error = problem;
      return false;
    }
    files[kSignatureFile] = std::move(signature);  // not in the manifest: it signs its list
  }
  sha256[kChecksumsFile] = sha256_hex(sums);
  files[kChecksumsFile] = std::move(sums);
  std::string manifest_json = manifest(files, sha256, info);
  files[kManifestFile] = std::move(manifest_json);
  std::string top = info.manual_id + "-" + info.version + "/";
  std::vector<ZipEntry> entries;
  entries.reserve(files.size());
  for (auto& [path, bytes] : files) entries.push_back({top + path, std::move(bytes)});
  return write_zip(entries, info.build_time, zip, error);
}

SnapshotCheck verify_snapshot(const std::string& bytes) {
  SnapshotCheck check;
  std::vector<ZipListing> entries;
  std::string error;
  if (!list_zip(bytes, &entries, &error)) {
    check.problems.push_back(error);
    return check;
  }
  // Every entry must be safe to extract, and sit in the one top folder of the manifest.
  std::string top;
  for (const auto& e : entries) {
    if (e.name.size() > 14 && e.name.compare(e.name.size() - 14, 14, "/manifest.json") == 0 &&
        e.name.find('/') == e.name.size() - 14) {
      top = e.name.substr(0, e.name.size() - 13);
    }
  }
  std::map<std::string, const ZipListing*> files;
  for (const auto& e : entries) {
    std::string why = unsafe_name(e.name);
    if (e.symlink) why = "symbolic link";
    if (!why.empty()) {
      check.problems.push_back("unsafe entry: " + e.name + " (" + why + ")");
      continue;
    }
    if (e.directory) continue;
    if (top.empty() || e.name.compare(0, top.size(), top) != 0) {
      check.problems.push_back("extra: " + e.name + " (outside the snapshot folder)");
      continue;
    }
    if (!files.emplace(e.name.substr(top.size()), &e).second) {
      check.problems.push_back("duplicate entry: " + e.name);
    }
  }
  if (top.empty()) {
    check.problems.push_back("missing: manifest.json (not an imsdoc snapshot)");
    return check;
  }
  nlohmann::json m = nlohmann::json::parse(files[kManifestFile]->data, nullptr, false);
  if (m.is_discarded() || !m.is_object() || !m.contains("files") || !m["files"].is_array()) {
    check.problems.push_back("manifest.json is not a valid manifest");
    return check;
  }
  if (m["files"].empty()) {
    check.problems.push_back("manifest.json lists no files");
    return check;
  }
  check.manual = json_text(m, "manual_id") + " version " + json_text(m, "version");
  check.build_date = json_text(m, "build_date");
  std::map<std::string, std::string> manifest_sha256;
  for (const auto& f : m["files"]) {
    if (!f.is_object() || !f.contains("path") || !f["path"].is_string()) {
      check.problems.push_back("manifest.json has an entry without a path");
      continue;
    }
    std::string path = f["path"];
    std::string hash = f.contains("sha256") && f["sha256"].is_string() ? f["sha256"] : "";
    if (!manifest_sha256.emplace(path, hash).second) {
      check.problems.push_back("manifest.json lists " + path + " twice");
      continue;
    }
    if (path == kManifestFile || path == kSignatureFile) {
      check.problems.push_back("manifest.json lists " + path + ", which it cannot vouch for");
      continue;
    }
    auto it = files.find(path);
    if (it == files.end()) {
      check.problems.push_back("missing: " + path);
      continue;
    }
    const std::string& data = it->second->data;
    if (!f.contains("size") || f["size"] != data.size()) {
      check.problems.push_back("changed: " + path + " (size differs)");
    } else if (hash != sha256_hex(data)) {
      check.problems.push_back("changed: " + path + " (SHA-256 differs)");
    } else {
      ++check.files_verified;
    }
  }
  for (const auto& [path, _] : files) {
    if (!manifest_sha256.count(path) && path != kManifestFile && path != kSignatureFile) {
      check.problems.push_back("extra: " + path + " (not in the manifest)");
    }
  }
  compare_checksums(files, manifest_sha256, &check);
  if (auto sig = files.find(kSignatureFile); sig != files.end()) {
    check.signature = sig->second->data;
  }
  return check;
}

}  // namespace imsdoc
