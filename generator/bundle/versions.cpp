#include "bundle/versions.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <system_error>

#include "base/text.h"
#include "bundle/file_output.h"
#include "bundle/output.h"
#include "bundle/ownership.h"
#include "render/escape.h"

namespace fs = std::filesystem;

namespace imsdoc {

namespace {

constexpr const char* kVersionKind = "version";
constexpr const char* kRootKind = "root";

// Splits "3.0.1-rc2" into parts at '.', '-' and '_'.
std::vector<std::string> version_parts(const std::string& v) {
  std::vector<std::string> parts(1);
  for (char c : v) {
    if (c == '.' || c == '-' || c == '_') {
      parts.emplace_back();
    } else {
      parts.back() += c;
    }
  }
  return parts;
}

bool is_number(const std::string& s) {
  return !s.empty() &&
         std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c) != 0; });
}

// Compares two version parts: numbers numerically, text before numbers, text by bytes.
int compare_part(const std::string& a, const std::string& b) {
  bool na = is_number(a), nb = is_number(b);
  if (na && nb) {
    std::string x = a.substr(std::min(a.find_first_not_of('0'), a.size()));
    std::string y = b.substr(std::min(b.find_first_not_of('0'), b.size()));
    if (x.size() != y.size()) return x.size() < y.size() ? -1 : 1;
    return x.compare(y) < 0 ? -1 : (x == y ? 0 : 1);
  }
  if (na != nb) return na ? 1 : -1;
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

std::string root_index_html(const std::vector<std::string>& versions, const std::string& title,
                            const std::string& alias_dir, const std::string& note) {
  std::string latest = versions.empty() ? "" : versions.front();
  std::string t = html_escape(title);
  std::string out =
      "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; base-uri "
      "'none'; form-action 'none'\">\n"
      "<meta http-equiv=\"refresh\" content=\"0; url=" +
      html_escape(alias_dir) +
      "/index.html\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
      t + "</title>\n</head>\n<body>\n<h1>" + t + "</h1>\n" +
      (note.empty() ? std::string() : "<p class=\"note\">" + html_escape(note) + "</p>\n") +
      "<p><a href=\"" + html_escape(alias_dir) + "/index.html\">" + "Go to the latest version (" +
      html_escape(latest) + ")</a></p>\n<h2>All versions</h2>\n<ul>\n";
  for (const auto& v : versions) {
    std::string e = html_escape(v);
    out += "<li><a href=\"" + e + "/index.html\">Version " + e + "</a></li>\n";
  }
  return out + "</ul>\n</body>\n</html>\n";
}

std::string versions_json(const std::vector<std::string>& versions, const std::string& title,
                          const std::string& alias_dir) {
  std::string list;
  for (const auto& v : versions) list += (list.empty() ? "" : ", ") + json_quote(v);
  return "{\"title\": " + json_quote(title) +
         ", \"latest\": " + json_quote(versions.empty() ? "" : versions.front()) +
         ", \"latest_dir\": " + json_quote(alias_dir) + ", \"versions\": [" + list + "]}";
}

}  // namespace

bool version_less(const std::string& a, const std::string& b) {
  std::vector<std::string> pa = version_parts(a), pb = version_parts(b);
  for (size_t i = 0; i < std::min(pa.size(), pb.size()); ++i) {
    int c = compare_part(pa[i], pb[i]);
    if (c != 0) return c < 0;
  }
  if (pa.size() != pb.size()) return pa.size() < pb.size();
  return a < b;  // "3.0" vs "3.00": still a strict order
}

FileTree version_root_files(const std::vector<std::string>& versions, const std::string& title,
                            const std::string& alias_dir, const std::string& note) {
  std::vector<std::string> sorted = versions;
  std::sort(sorted.begin(), sorted.end(),
            [](const std::string& a, const std::string& b) { return version_less(b, a); });
  std::string json = versions_json(sorted, title, alias_dir);
  FileTree files;
  files["versions.json"] = json + "\n";
  files["versions.js"] = "window.imsdocVersions = " + json + ";\n";
  files["index.html"] = root_index_html(sorted, title, alias_dir, note);
  return files;
}

std::vector<std::string> installed_versions(const std::string& root) {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it(root, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (!version_name_problem(name).empty() || it->is_symlink(ec) || !it->is_directory(ec)) {
      continue;
    }
    if (has_ownership_manifest(it->path().string(), kVersionKind)) out.push_back(name);
  }
  std::sort(out.begin(), out.end(),
            [](const std::string& a, const std::string& b) { return version_less(b, a); });
  return out;
}

namespace {

// The root files imsdoc would overwrite that are not imsdoc's ("" if none).
std::string root_files_problem(const fs::path& root, const std::string& shown,
                               const OwnershipManifest& manifest) {
  for (const auto& [path, bytes] : version_root_files({}, "")) {
    struct stat st;
    if (lstat((root / path).c_str(), &st) != 0) continue;
    std::string problem = owned_file_problem(st, manifest, path, shown + "/" + path);
    if (!problem.empty()) return problem;
  }
  return "";
}

}  // namespace

VersionedSiteWriter::VersionedSiteWriter(std::string version, std::string title, std::string root)
    : version_(std::move(version)), title_(std::move(title)), root_(std::move(root)) {}

VersionedSiteWriter::~VersionedSiteWriter() = default;

std::string VersionedSiteWriter::begin() {
  problem_ = version_name_problem(version_);
  if (!problem_.empty()) return problem_ = "cannot build version '" + version_ + "': " + problem_;
  // Held until this writer is gone: checks, the version's swap, latest/ and the root files.
  problem_ = lock_.acquire(root_);
  if (!problem_.empty()) return problem_;
  fs::path given = fs::path(root_).lexically_normal();
  remove_stale_temporaries(normalized_path(parent_folder(given)).string(),
                           concat({".", given.filename().string(), ".imsdoc-tmp-"}));
  problem_ = check_root();
  refused_ = !problem_.empty();
  if (refused_) return problem_;
  if (fresh_root_) return problem_ = writer_.begin(root_);
  remove_stale_temporaries(root_);
  problem_ = writer_.begin((fs::path(root_) / version_).string());
  if (!problem_.empty() || !will_be_newest()) return problem_;
  // latest/ is begun (and so checked) now too, so that a folder that is not imsdoc's stops the
  // build before anything is replaced.
  problem_ = latest_.begin((fs::path(root_) / kLatestDir).string(), LinkAtTarget::kReplace);
  refused_ = latest_.refused();
  return problem_;
}

// True if this build's version is (or will be) the newest one under the root, or latest/ is
// not a complete copy of a version: then the commit makes latest/ anew.
bool VersionedSiteWriter::will_be_newest() const {
  std::vector<std::string> versions = installed_versions(root_);
  return versions.empty() || !version_less(version_, versions.front()) ||
         !has_ownership_manifest((fs::path(root_) / kLatestDir).string(), kVersionKind);
}

// A missing or empty root is written whole; an existing one must carry imsdoc's manifest, and
// the root files imsdoc rewrites must be the ones it wrote.
std::string VersionedSiteWriter::check_root() {
  fs::path r(root_);
  std::string shown = r.lexically_normal().generic_string();
  struct stat st;
  std::error_code ec;
  if (lstat(root_.c_str(), &st) != 0 || (S_ISDIR(st.st_mode) && fs::is_empty(r, ec))) {
    fresh_root_ = true;
    return "";
  }
  if (S_ISLNK(st.st_mode)) return shown + " is a symbolic link; choose another output folder";
  OwnershipManifest manifest;
  if (!S_ISDIR(st.st_mode) || !read_ownership_manifest(root_, &manifest) ||
      manifest.kind != kRootKind) {
    return shown + " is not empty and has no imsdoc manifest (" + kOwnershipManifest +
           "), so imsdoc did not write it; choose a new or empty output folder";
  }
  return root_files_problem(r, shown, manifest);
}

void VersionedSiteWriter::put(const std::string& path, std::string bytes) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!problem_.empty()) return;
  const std::string rel = fresh_root_ ? version_ + "/" + path : path;
  problem_ = writer_.put(rel, bytes);
  link_latest(path);
}

void VersionedSiteWriter::append(const std::string& path, std::string_view bytes) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!problem_.empty()) return;
  const std::string rel = fresh_root_ ? version_ + "/" + path : path;
  problem_ = writer_.append(rel, bytes);
  if (appended_.insert(path).second) link_latest(path);
}

// On a new root, latest/ is written in the same tree: a hard link to the version's file (an
// appended file gets its link at its first piece; the link sees the rest).
void VersionedSiteWriter::link_latest(const std::string& path) {
  if (!fresh_root_ || !problem_.empty()) return;
  problem_ = writer_.link(std::string(kLatestDir) + "/" + path,
                          (fs::path(writer_.staging_dir()) / version_ / path).string());
}

std::string VersionedSiteWriter::commit() {
  if (!problem_.empty()) return problem_;
  if (fresh_root_) return problem_ = commit_fresh_root();
  problem_ = writer_.commit(kVersionKind);
  if (problem_.empty()) problem_ = update_latest();
  if (problem_.empty()) problem_ = write_root_files();
  return problem_;
}

// The version, latest/ and the root files with their manifests, swapped in as one tree.
std::string VersionedSiteWriter::commit_fresh_root() {
  const std::string version_dir = version_ + "/";
  OwnershipManifest version{kVersionKind, writer_.files_under(version_dir), {}};
  std::string problem =
      writer_.put(version_dir + kOwnershipManifest, ownership_manifest_json(version));
  // latest/ holds links to the version's files, its manifest included.
  link_latest(kOwnershipManifest);
  if (problem.empty()) problem = problem_;
  OwnershipManifest root{kRootKind, {}, {version_, kLatestDir}};
  for (const auto& [path, bytes] : version_root_files({version_}, title_)) {
    root.files[path] = bytes.size();
    if (problem.empty()) problem = writer_.put(path, bytes);
  }
  if (problem.empty()) problem = writer_.put(kOwnershipManifest, ownership_manifest_json(root));
  return problem.empty() ? writer_.commit("") : problem;
}

// latest/ follows the newest version: made anew from it when begin() found that it must be
// (this build is the newest, or latest/ is missing or incomplete), as hard links to its files.
std::string VersionedSiteWriter::update_latest() {
  if (latest_.staging_dir().empty()) return "";
  std::vector<std::string> versions = installed_versions(root_);
  fs::path newest = fs::path(root_) / (versions.empty() ? version_ : versions.front());
  std::string problem;
  for (const auto& rel : list_tree(newest.string())) {
    if (problem.empty()) problem = latest_.link(rel, (newest / rel).string());
  }
  return problem.empty() ? latest_.commit("") : problem;
}

// The root files for every installed version, then the root manifest, each atomically.
std::string VersionedSiteWriter::write_root_files() {
  fs::path r(root_);
  std::vector<std::string> versions = installed_versions(root_);
  OwnershipManifest root{kRootKind, {}, versions};
  root.dirs.push_back(kLatestDir);
  for (const auto& [path, bytes] : version_root_files(versions, title_)) {
    root.files[path] = bytes.size();
    std::string problem = write_file_atomically(bytes, (r / path).string());
    if (!problem.empty()) return problem;
  }
  return write_file_atomically(ownership_manifest_json(root), (r / kOwnershipManifest).string());
}

std::string write_versioned_site(const FileTree& site, const std::string& version,
                                 const std::string& title, const std::string& root) {
  VersionedSiteWriter writer(version, title, root);
  if (std::string problem = writer.begin(); !problem.empty()) return problem;
  for (const auto& [path, bytes] : site) writer.put(path, bytes);
  return writer.commit();
}

}  // namespace imsdoc
