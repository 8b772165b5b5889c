#include "bundle/ownership.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace imsdoc {

namespace {

constexpr const char* kGenerator = "imsdoc";
constexpr int kFormat = 1;
// Manifests are a few MB at most (10,000 pages); anything far bigger is not ours.
constexpr off_t kMaxManifestBytes = 256 << 20;

// An open directory, closed on scope exit.
class Dir {
 public:
  explicit Dir(int fd) : fd_(fd) {}
  ~Dir() {
    if (dir_) {
      closedir(dir_);
    } else if (fd_ >= 0) {
      close(fd_);
    }
  }
  Dir(const Dir&) = delete;
  Dir& operator=(const Dir&) = delete;
  int fd() const { return fd_; }
  bool ok() const { return fd_ >= 0; }
  // The names in it, "." and ".." left out, sorted.
  std::vector<std::string> names() {
    std::vector<std::string> out;
    int dup_fd = dup(fd_);
    if (dup_fd < 0) return out;
    dir_ = fdopendir(dup_fd);
    if (!dir_) {
      close(dup_fd);
      return out;
    }
    while (dirent* e = readdir(dir_)) {
      std::string name = e->d_name;
      if (name != "." && name != "..") out.push_back(std::move(name));
    }
    closedir(dir_);
    dir_ = nullptr;
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  int fd_ = -1;
  DIR* dir_ = nullptr;
};

int open_dir_at(int parent, const std::string& name) {
  return openat(parent, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
}

// The folders that lead to listed files ("a", "a/b" for "a/b/c.html").
std::set<std::string> listed_dirs(const OwnershipManifest& m) {
  std::set<std::string> out;
  for (const auto& [path, size] : m.files) {
    for (size_t slash = path.find('/'); slash != std::string::npos;
         slash = path.find('/', slash + 1)) {
      out.insert(path.substr(0, slash));
    }
  }
  return out;
}

struct Walk {
  const OwnershipManifest& manifest;
  std::set<std::string> dirs;
  std::string shown;
  size_t limit;
  std::vector<std::string> problems;

  void add(std::string message) {
    if (problems.size() < limit) problems.push_back(std::move(message));
  }

  void check(int fd, const std::string& prefix) {
    Dir dir(fd);
    for (const std::string& name : dir.names()) {
      std::string rel = prefix + name;
      if (rel == kOwnershipManifest) continue;
      struct stat st;
      if (fstatat(dir.fd(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
      std::string where = shown + "/" + rel;
      if (S_ISDIR(st.st_mode) && dirs.count(rel)) {
        int child = open_dir_at(dir.fd(), name);
        if (child >= 0) check(child, rel + "/");
        continue;
      }
      if (std::string problem = owned_file_problem(st, manifest, rel, where); !problem.empty()) {
        add(std::move(problem));
      }
    }
  }

  // Removes what is listed; returns true if the folder at `fd` is now empty.
  bool remove(int fd, const std::string& prefix) {
    Dir dir(fd);
    bool empty = true;
    for (const std::string& name : dir.names()) {
      std::string rel = prefix + name;
      struct stat st;
      if (fstatat(dir.fd(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        empty = false;
        continue;
      }
      bool gone = false;
      if (S_ISDIR(st.st_mode) && dirs.count(rel)) {
        int child = open_dir_at(dir.fd(), name);
        gone = child >= 0 && remove(child, rel + "/") &&
               unlinkat(dir.fd(), name.c_str(), AT_REMOVEDIR) == 0;
      } else if (S_ISREG(st.st_mode)) {
        auto listed = manifest.files.find(rel);
        bool ours =
            rel == kOwnershipManifest ||
            (listed != manifest.files.end() && listed->second == static_cast<uint64_t>(st.st_size));
        gone = ours && unlinkat(dir.fd(), name.c_str(), 0) == 0;
      }
      empty = empty && gone;
    }
    return empty;
  }
};

}  // namespace

std::string not_written_by_imsdoc(const std::string& shown) {
  return shown + " was not written by imsdoc; move it away or choose another output folder";
}

// The first lines of every manifest, up to its kind, exactly as ownership_manifest_json writes
// them.
static std::string manifest_head(const std::string& kind) {
  return "{\"generator\":\"" + std::string(kGenerator) +
         "\",\"format\":" + std::to_string(kFormat) + ",\"kind\":\"" + kind + "\",";
}

std::string owned_file_problem(const struct stat& st, const OwnershipManifest& manifest,
                               const std::string& rel, const std::string& shown) {
  auto listed = manifest.files.find(rel);
  if (!S_ISREG(st.st_mode) || listed == manifest.files.end()) return not_written_by_imsdoc(shown);
  if (static_cast<uint64_t>(st.st_size) != listed->second) {
    return shown +
           " was changed after imsdoc wrote it; move it away or choose another output folder";
  }
  return "";
}

std::string ownership_manifest_json(const OwnershipManifest& manifest) {
  nlohmann::ordered_json j;
  j["generator"] = kGenerator;
  j["format"] = kFormat;
  j["kind"] = manifest.kind;
  j["note"] = "The files imsdoc wrote here; imsdoc replaces or deletes nothing else.";
  if (!manifest.dirs.empty()) {
    std::vector<std::string> dirs = manifest.dirs;
    std::sort(dirs.begin(), dirs.end());
    dirs.erase(std::unique(dirs.begin(), dirs.end()), dirs.end());
    j["dirs"] = dirs;
  }
  // [path, size in bytes], sorted by path (an array: appending is cheap, an ordered object's
  // insertion is not)
  nlohmann::ordered_json files = nlohmann::ordered_json::array();
  for (const auto& [path, size] : manifest.files) files.push_back({path, size});
  j["files"] = std::move(files);
  return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

bool read_ownership_manifest(const std::string& dir, OwnershipManifest* manifest) {
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dfd < 0) return false;
  int fd = openat(dfd, kOwnershipManifest, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  close(dfd);
  if (fd < 0) return false;
  struct stat st;
  std::string text;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < kMaxManifestBytes) {
    text.resize(static_cast<size_t>(st.st_size));
    size_t got = 0;
    while (got < text.size()) {
      ssize_t n = ::read(fd, text.data() + got, text.size() - got);
      if (n <= 0) break;
      got += static_cast<size_t>(n);
    }
    text.resize(got);
  }
  close(fd);
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("generator", "") != kGenerator ||
      j.value("format", 0) != kFormat || !j.contains("kind") || !j["kind"].is_string() ||
      !j.contains("files") || !j["files"].is_array()) {
    return false;
  }
  OwnershipManifest m;
  m.kind = j["kind"].get<std::string>();
  for (const auto& f : j["files"]) {
    if (!f.is_array() || f.size() != 2 || !f[0].is_string() || !f[1].is_number_unsigned()) {
      return false;
    }
    m.files.emplace_hint(m.files.end(), f[0].get<std::string>(), f[1].get<uint64_t>());
  }
  if (j.contains("dirs")) {
    if (!j["dirs"].is_array()) return false;
    for (const auto& d : j["dirs"]) {
      if (!d.is_string()) return false;
      m.dirs.push_back(d.get<std::string>());
    }
  }
  *manifest = std::move(m);
  return true;
}

bool has_ownership_manifest(const std::string& dir, const std::string& kind) {
  int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (dfd < 0) return false;
  int fd = openat(dfd, kOwnershipManifest, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  close(dfd);
  if (fd < 0) return false;
  const std::string head = manifest_head(kind);
  std::string text(head.size(), '\0');
  ssize_t n = ::read(fd, text.data(), text.size());
  close(fd);
  return n == static_cast<ssize_t>(head.size()) && text == head;
}

std::vector<std::string> unowned_entries(const std::string& dir, const std::string& shown,
                                         size_t limit) {
  OwnershipManifest manifest;
  bool has = read_ownership_manifest(dir, &manifest);
  return unowned_entries(dir, shown, has ? &manifest : nullptr, limit);
}

std::vector<std::string> unowned_entries(const std::string& dir, const std::string& shown,
                                         const OwnershipManifest* manifest, size_t limit) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return {not_written_by_imsdoc(shown)};
  if (!manifest) {
    Dir d(fd);
    if (d.names().empty()) return {};
    return {shown + " was not written by imsdoc (it has no valid " + kOwnershipManifest +
            "); move it away or choose another output folder"};
  }
  Walk walk{*manifest, listed_dirs(*manifest), shown, limit, {}};
  walk.check(fd, "");
  return walk.problems;
}

bool remove_owned_tree(const std::string& dir) {
  OwnershipManifest manifest;
  read_ownership_manifest(dir, &manifest);  // none: only empty folders go
  return remove_owned_tree(dir, manifest);
}

bool remove_owned_tree(const std::string& dir, const OwnershipManifest& manifest) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return false;
  Walk walk{manifest, listed_dirs(manifest), dir, 0, {}};
  return walk.remove(fd, "") && ::rmdir(dir.c_str()) == 0;
}

}  // namespace imsdoc
