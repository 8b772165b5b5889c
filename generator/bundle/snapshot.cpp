#include "bundle/snapshot.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "base/sha256.h"
#include "base/text.h"
#include "bundle/zip.h"

namespace imsdoc {

namespace {

std::string readme(const SnapshotInfo& info, const FileTree& files) {
  auto has = [&files](const std::string& p) { return files.count(p) > 0; };
  std::string out = info.title + "\n" + std::string(info.title.size(), '=') + "\n\n" + "Manual " +
                    info.manual_id + ", version " + info.version + ", of " + info.organisation +
                    ".\nSnapshot made by " + info.generator +
                    (info.build_date.empty() ? "" : " on " + info.build_date) +
                    (info.git_commit.empty() ? "" : " from git commit " + info.git_commit) +
                    ".\n\nContents\n--------\n" +
                    "site/index.html       the manual as a website; open it in a browser, no "
                    "network needed\n";
  if (has("manual.docx")) out += "manual.docx           the manual as a Word document\n";
  if (has("manual.pdf")) out += "manual.pdf            the manual as PDF\n";
  out +=
      "registers/*.csv       every register (AI systems, risks, SoA, ...) as CSV\n"
      "coverage.csv          each clause and control of each standard: covered or not, and by "
      "what\n"
      "manifest.json         every file's size and SHA-256\n"
      "SHA256SUMS            the same hashes for sha256sum\n\n"
      "Checking the snapshot\n---------------------\n"
      "With imsdoc:      imsdoc verify THIS.zip\n"
      "Without imsdoc:   unzip THIS.zip, then in this folder: sha256sum -c SHA256SUMS\n\n"
      "Tracing an AI system\n--------------------\n"
      "Open site/index.html, then AI system register, an AI system, and \"Audit trail\": it "
      "follows the system through its processes, risks, SoA controls, evidence, incidents, "
      "corrective actions and management reviews.\n";
  return out;
}

// `sha256`: the hash of each of `files`.
std::string manifest(const FileTree& files, const std::map<std::string, std::string>& sha256,
                     const SnapshotInfo& info) {
  nlohmann::ordered_json j;
  j["manual_id"] = info.manual_id;
  j["title"] = info.title;
  j["organisation"] = info.organisation;
  j["version"] = info.version;
  j["git_commit"] =
      info.git_commit.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(info.git_commit);
  j["build_date"] =
      info.build_date.empty() ? nlohmann::ordered_json() : nlohmann::ordered_json(info.build_date);
  j["generator"] = info.generator;
  j["files"] = nlohmann::ordered_json::array();
  for (const auto& [path, bytes] : files) {
    j["files"].push_back({{"path", path}, {"size", bytes.size()}, {"sha256", sha256.at(path)}});
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

}  // namespace

bool make_snapshot_zip(FileTree files, const SnapshotInfo& info, std::string* zip,
                       std::string* error) {
  files["README.txt"] = readme(info, files);
  // Each file hashed once, for SHA256SUMS and the manifest; the data moved, not copied, into
  // the zip entries (a site is tens of MB).
  std::map<std::string, std::string> sha256 = hash_files(files);
  std::string sums;
  for (const auto& [path, hash] : sha256) sums += hash + "  " + path + "\n";
  sha256["SHA256SUMS"] = sha256_hex(sums);
  files["SHA256SUMS"] = std::move(sums);
  std::string manifest_json = manifest(files, sha256, info);  // before it is one of `files`
  files[kManifestFile] = std::move(manifest_json);
  std::string top = info.manual_id + "-" + info.version + "/";
  std::vector<ZipEntry> entries;
  entries.reserve(files.size());
  for (auto& [path, bytes] : files) entries.push_back({top + path, std::move(bytes)});
  return write_zip(entries, archive_mtime(), zip, error);
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
  check.manual =
      m.value("manual_id", std::string()) + " version " + m.value("version", std::string());
  std::set<std::string> listed = {kManifestFile};
  for (const auto& f : m["files"]) {
    if (!f.is_object() || !f.contains("path") || !f["path"].is_string()) {
      check.problems.push_back("manifest.json has an entry without a path");
      continue;
    }
    std::string path = f["path"];
    listed.insert(path);
    auto it = files.find(path);
    if (it == files.end()) {
      check.problems.push_back("missing: " + path);
      continue;
    }
    const std::string& data = it->second->data;
    if (!f.contains("size") || f["size"] != data.size()) {
      check.problems.push_back("changed: " + path + " (size differs)");
    } else if (!f.contains("sha256") || f["sha256"] != sha256_hex(data)) {
      check.problems.push_back("changed: " + path + " (SHA-256 differs)");
    } else {
      ++check.files_verified;
    }
  }
  for (const auto& [path, _] : files) {
    if (!listed.count(path)) check.problems.push_back("extra: " + path + " (not in the manifest)");
  }
  return check;
}

}  // namespace imsdoc
