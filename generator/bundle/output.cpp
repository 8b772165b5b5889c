#include "bundle/output.h"

#include <fcntl.h>
#include <stdio.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <system_error>

#include "base/file_system.h"

namespace fs = std::filesystem;

namespace imsdoc {

namespace {

// Removes a directory tree we created (no symlink following: remove_all does not follow).
void remove_tree(const fs::path& p) {
  std::error_code ec;
  fs::remove_all(p, ec);
}

bool write_file(const fs::path& path, const std::string& bytes, std::string* error) {
  std::error_code ec;
  fs::create_directories(path.parent_path(), ec);
  if (ec) {
    *error = "cannot create directory " + display_path(path.parent_path()) + ": " + ec.message();
    return false;
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) {
    *error = "cannot write " + display_path(path) + ": " + std::strerror(errno);
    return false;
  }
  return true;
}

// True if `path` is a regular file (not a symbolic link) that holds exactly `bytes`.
bool holds(const fs::path& path, const std::string& bytes) {
  struct stat st;
  if (lstat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode) ||
      static_cast<size_t>(st.st_size) != bytes.size()) {
    return false;
  }
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return false;
  std::string old(bytes.size(), '\0');
  size_t got = 0;
  while (got < old.size()) {
    ssize_t n = ::read(fd, old.data() + got, old.size() - got);
    if (n <= 0) break;
    got += static_cast<size_t>(n);
  }
  ::close(fd);
  return got == old.size() && old == bytes;
}

// Atomically exchanges two paths (Linux renameat2 RENAME_EXCHANGE).
bool exchange(const fs::path& a, const fs::path& b) {
#ifdef SYS_renameat2
  constexpr unsigned kRenameExchange = 2;
  return syscall(SYS_renameat2, AT_FDCWD, a.c_str(), AT_FDCWD, b.c_str(), kRenameExchange) == 0;
#else
  (void)a;
  (void)b;
  errno = ENOSYS;
  return false;
#endif
}

}  // namespace

std::string check_output_location(const std::string& project_dir, const std::string& output_dir) {
  if (output_dir.empty()) return "the output directory is empty";
  fs::path project = normalized_path(project_dir);
  fs::path out = normalized_path(output_dir);
  if (out == project) return "the output directory is the project directory";
  if (is_within(project, out)) return "the output directory contains the project directory";
  for (const char* dir : {"content", "registers", "diagrams", "themes"}) {
    if (is_within(out, project / dir)) {
      return std::string("the output directory is inside the project's ") + dir + "/ directory";
    }
  }
  std::error_code ec;
  fs::path as_given = fs::absolute(output_dir, ec);
  if (fs::is_symlink(as_given, ec)) return "the output directory is a symbolic link";
  if (fs::exists(out, ec)) {
    if (!fs::is_directory(out, ec)) return "the output path exists and is not a directory";
    bool empty = fs::is_empty(out, ec);
    if (!empty && !fs::exists(out / kOutputMarker, ec)) {
      return "the output directory exists and was not created by imsdoc (no " +
             std::string(kOutputMarker) + " file); refusing to replace it";
    }
  }
  return "";
}

TreeWriter::~TreeWriter() {
  if (!tmp_.empty()) remove_tree(tmp_);
}

std::string TreeWriter::begin(const std::string& output_dir) {
  fs::path out = normalized_path(output_dir);
  fs::path parent = out.parent_path();
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) return problem_ = "cannot create " + display_path(parent) + ": " + ec.message();

  std::string pattern = (parent / ("." + out.filename().string() + ".imsdoc-tmp-XXXXXX")).string();
  std::vector<char> buffer(pattern.begin(), pattern.end());
  buffer.push_back('\0');
  if (!mkdtemp(buffer.data())) {
    return problem_ = "cannot create a temporary directory in " + display_path(parent) + ": " +
                      std::strerror(errno);
  }
  out_ = out.string();
  tmp_ = buffer.data();
  fs::permissions(tmp_,
                  fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                      fs::perms::others_read | fs::perms::others_exec,
                  ec);
  // On ext4, creating thousands of files just after deleting thousands was a third of a
  // repeated build's time: unchanged files are linked from the previous tree, which is only
  // read.
  previous_ = fs::is_directory(out, ec) && !fs::is_symlink(out, ec);
  return "";
}

std::string TreeWriter::prepare(const std::string& rel) {
  if (!problem_.empty()) return problem_;
  if (tmp_.empty()) return problem_ = "internal error: TreeWriter::put before begin";
  if (!is_safe_relative_path(rel)) return problem_ = "refusing to write unsafe path '" + rel + "'";
  std::error_code ec;
  fs::path parent = (fs::path(tmp_) / rel).parent_path();
  fs::create_directories(parent, ec);
  if (ec) {
    return problem_ = "cannot create directory " + display_path(parent) + ": " + ec.message();
  }
  return "";
}

std::string TreeWriter::put(const std::string& rel, const std::string& bytes) {
  if (!prepare(rel).empty()) return problem_;
  fs::path target = fs::path(tmp_) / rel;
  fs::path old = fs::path(out_) / rel;
  if (previous_ && holds(old, bytes) && ::link(old.c_str(), target.c_str()) == 0) return "";
  write_file(target, bytes, &problem_);
  return problem_;
}

std::string TreeWriter::append(const std::string& rel, std::string_view bytes) {
  if (!prepare(rel).empty()) return problem_;
  fs::path target = fs::path(tmp_) / rel;
  std::ofstream out(target, std::ios::binary | std::ios::app);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) problem_ = "cannot write " + display_path(target) + ": " + std::strerror(errno);
  return problem_;
}

std::string TreeWriter::link(const std::string& rel, const std::string& existing) {
  if (!prepare(rel).empty()) return problem_;
  fs::path target = fs::path(tmp_) / rel;
  if (::link(existing.c_str(), target.c_str()) == 0) return "";
  std::error_code ec;
  fs::copy_file(existing, target, ec);
  if (ec) problem_ = "cannot write " + display_path(target) + ": " + ec.message();
  return problem_;
}

std::string TreeWriter::commit() {
  if (!problem_.empty()) return problem_;
  if (tmp_.empty()) return "internal error: TreeWriter::commit before begin";
  fs::path out(out_), tmp(tmp_);
  std::error_code ec;
  if (!fs::exists(out, ec)) {
    if (rename(tmp.c_str(), out.c_str()) != 0) {
      return problem_ = "cannot move the new output into place at " + display_path(out) + ": " +
                        std::strerror(errno);
    }
    tmp_.clear();
    return "";
  }
  // Swap the new tree in with one atomic exchange; the old output ends up at `tmp`.
  if (!exchange(tmp, out)) {
    // Fallback for file systems without RENAME_EXCHANGE: two renames, a short window.
    fs::path old = tmp;
    old += ".old";
    if (rename(out.c_str(), old.c_str()) != 0 || rename(tmp.c_str(), out.c_str()) != 0) {
      std::string reason = std::strerror(errno);
      if (fs::exists(old, ec) && !fs::exists(out, ec)) rename(old.c_str(), out.c_str());
      return problem_ =
                 "cannot move the new output into place at " + display_path(out) + ": " + reason;
    }
    tmp_.clear();
    remove_tree(old);
    return "";
  }
  remove_tree(tmp);  // the previous output
  tmp_.clear();
  return "";
}

std::string write_tree_atomically(const std::map<std::string, std::string>& files,
                                  const std::string& output_dir) {
  TreeWriter writer;
  std::string problem = writer.begin(output_dir);
  for (const auto& [rel, bytes] : files) {
    if (problem.empty()) problem = writer.put(rel, bytes);
  }
  return problem.empty() ? writer.commit() : problem;
}

std::vector<std::string> list_tree(const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->is_regular_file(ec) && !it->is_symlink(ec)) {
      out.push_back(it->path().lexically_relative(dir).generic_string());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

OutputLock::OutputLock(const std::string& dir) {
  fd_ = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd_ >= 0 && flock(fd_, LOCK_EX) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

OutputLock::~OutputLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

void remove_stale_temporaries(const std::string& dir) {
  std::error_code ec;
  std::vector<fs::path> stale;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    // Directories of killed version builds, and files of killed atomic writes (the root's
    // versions.json, index.html...); never a symbolic link.
    if (name.size() > 1 && name[0] == '.' && name.find(".imsdoc-tmp-") != std::string::npos &&
        !it->is_symlink(ec) && (it->is_directory(ec) || it->is_regular_file(ec))) {
      stale.push_back(it->path());
    }
  }
  for (const auto& p : stale) remove_tree(p);
}

std::string read_tree(const std::string& dir, std::map<std::string, std::string>* files) {
  std::error_code ec;
  fs::recursive_directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (!in.good() && !in.eof()) return "cannot read " + display_path(it->path());
    (*files)[it->path().lexically_relative(dir).generic_string()] = std::move(bytes);
  }
  if (ec) return "cannot read " + dir + ": " + ec.message();
  return "";
}

}  // namespace imsdoc
