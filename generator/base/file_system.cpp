#include "base/file_system.h"

#include "base/text.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

namespace fs = std::filesystem;

namespace imsdoc {

bool is_safe_relative_path(const std::string& path) {
  if (path.empty() || path.front() == '/') return false;
  if (path.find('\\') != std::string::npos || path.find('\0') != std::string::npos) return false;
  size_t start = 0;
  while (true) {
    size_t end = path.find('/', start);
    std::string part =
        path.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (part.empty() || part == "." || part == "..") return false;
    if (end == std::string::npos) return true;
    start = end + 1;
  }
}

namespace {

bool has_hidden_component(const std::string& rel) {
  size_t start = 0;
  while (start < rel.size()) {
    if (rel[start] == '.') return true;
    size_t end = rel.find('/', start);
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return false;
}

class DiskFileSystem : public FileSystem {
 public:
  explicit DiskFileSystem(const std::string& root) {
    std::error_code ec;
    root_ = fs::weakly_canonical(fs::absolute(root), ec);
    if (ec) root_ = fs::absolute(root);
  }

  bool read(const std::string& path, std::string* contents, std::string* error) const override {
    fs::path full;
    if (!resolve(path, &full, error)) return false;
    // One open, fstat and read: a build reads thousands of files, and iostreams copied each
    // twice.
    int fd = ::open(full.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
      *error = errno == ENOENT ? "no such file" : std::strerror(errno);
      return false;
    }
    struct stat st;
    bool ok = ::fstat(fd, &st) == 0;
    if (ok && S_ISDIR(st.st_mode)) {
      ::close(fd);
      *error = "is a directory";
      return false;
    }
    std::string data(ok && S_ISREG(st.st_mode) ? static_cast<size_t>(st.st_size) : 0, '\0');
    size_t got = 0;
    while (ok) {
      // Past the size fstat gave (a file still growing, or not a regular file): a piece more.
      char extra[4096];
      const bool more = got == data.size();
      ssize_t n =
          more ? ::read(fd, extra, sizeof extra) : ::read(fd, data.data() + got, data.size() - got);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) ok = false;
      if (n <= 0) break;
      if (more) data.append(extra, static_cast<size_t>(n));
      got += static_cast<size_t>(n);
    }
    ::close(fd);
    if (!ok) {
      *error = "read error";
      return false;
    }
    data.resize(got);
    *contents = std::move(data);
    return true;
  }

  bool is_file(const std::string& path) const override {
    fs::path full;
    std::string error;
    std::error_code ec;
    return resolve(path, &full, &error) && fs::is_regular_file(full, ec);
  }

  size_t size(const std::string& path) const override {
    fs::path full;
    std::string error;
    std::error_code ec;
    if (!resolve(path, &full, &error)) return 0;
    auto n = fs::file_size(full, ec);
    return ec ? 0 : static_cast<size_t>(n);
  }

  bool is_directory(const std::string& path) const override {
    fs::path full;
    std::string error;
    std::error_code ec;
    return resolve(path, &full, &error) && fs::is_directory(full, ec);
  }

  std::vector<std::string> list(const std::string& dir, const std::string& suffix) const override {
    std::vector<std::string> out;
    fs::path base;
    std::string error;
    std::error_code ec;
    if (!resolve(dir, &base, &error) || !fs::is_directory(base, ec)) return out;
    // Symbolic links are listed (not followed for directories) so that read() can refuse the
    // ones leaving the project with a clear message instead of silently skipping them.
    for (auto it = fs::recursive_directory_iterator(base, ec); !ec && it != fs::end(it);
         it.increment(ec)) {
      std::string rel = it->path().lexically_relative(root_).generic_string();
      std::string name = it->path().filename().string();
      if (!name.empty() && name[0] == '.') {
        if (it->is_directory(ec)) it.disable_recursion_pending();
        continue;
      }
      if (has_hidden_component(rel)) continue;
      bool file = it->is_symlink(ec) ? !fs::is_directory(it->path(), ec) : it->is_regular_file(ec);
      if (file && ends_with(name, suffix)) out.push_back(rel);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  bool resolve(const std::string& path, fs::path* full, std::string* error) const {
    if (path != "." && !is_safe_relative_path(path)) {
      *error = "path leaves the project";
      return false;
    }
    fs::path candidate = path == "." ? root_ : root_ / path;
    // realpath(3) resolves an existing path in one call; weakly_canonical (for paths that do
    // not exist) costs a system call or more per component, for every file a build reads.
    fs::path real;
    if (char* resolved = ::realpath(candidate.c_str(), nullptr)) {
      real = resolved;
      std::free(resolved);
    } else {
      std::error_code ec;
      real = fs::weakly_canonical(candidate, ec);
      if (ec) real = candidate;
    }
    auto rel = real.lexically_relative(root_);
    if (rel.empty() || *rel.begin() == "..") {
      *error = "symbolic link leaves the project";
      return false;
    }
    *full = real;
    return true;
  }

  fs::path root_;
};

}  // namespace

std::unique_ptr<FileSystem> make_disk_file_system(const std::string& root) {
  return std::make_unique<DiskFileSystem>(root);
}

MemoryFileSystem::MemoryFileSystem(std::map<std::string, std::string> files)
    : files_(std::move(files)) {}

bool MemoryFileSystem::read(const std::string& path, std::string* contents,
                            std::string* error) const {
  if (!is_safe_relative_path(path)) {
    *error = "path leaves the project";
    return false;
  }
  auto it = files_.find(path);
  if (it == files_.end()) {
    *error = is_directory(path) ? "is a directory" : "no such file";
    return false;
  }
  *contents = it->second;
  return true;
}

bool MemoryFileSystem::is_file(const std::string& path) const { return files_.count(path) > 0; }

size_t MemoryFileSystem::size(const std::string& path) const {
  auto it = files_.find(path);
  return it == files_.end() ? 0 : it->second.size();
}

bool MemoryFileSystem::is_directory(const std::string& path) const {
  if (path == ".") return true;
  std::string prefix = path + "/";
  auto it = files_.lower_bound(prefix);
  return it != files_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
}

std::vector<std::string> MemoryFileSystem::list(const std::string& dir,
                                                const std::string& suffix) const {
  std::vector<std::string> out;
  std::string prefix = dir == "." ? "" : dir + "/";
  for (const auto& [path, _] : files_) {
    if (path.compare(0, prefix.size(), prefix) != 0) continue;
    if (has_hidden_component(path.substr(prefix.size()))) continue;
    if (ends_with(path, suffix)) out.push_back(path);
  }
  return out;  // std::map iteration is already sorted
}

std::filesystem::path normalized_path(const std::string& p) {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  fs::path canon = fs::weakly_canonical(abs, ec);
  return (ec ? abs : canon).lexically_normal();
}

bool is_within(const std::filesystem::path& inner, const std::filesystem::path& outer) {
  auto rel = inner.lexically_relative(outer);
  return !rel.empty() && *rel.begin() != "..";
}

std::string display_path(const std::filesystem::path& p) {
  std::error_code ec;
  std::filesystem::path cwd = std::filesystem::current_path(ec);
  if (!ec && p.is_absolute()) {
    std::filesystem::path rel = p.lexically_relative(cwd);
    auto it = rel.begin();
    bool up_once = it != rel.end() && *it == ".." && (++it == rel.end() || *it != "..");
    if (!rel.empty() && (up_once || *rel.begin() != "..")) return rel.generic_string();
  }
  return p.generic_string();
}

}  // namespace imsdoc
