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
#include "base/text.h"
#include "bundle/ownership.h"

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

std::string parent_folder(const fs::path& path) {
  fs::path parent = path.lexically_normal().parent_path();
  return parent.empty() ? "." : parent.string();
}

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
    OwnershipManifest manifest;
    if (!fs::is_empty(out, ec) && !read_ownership_manifest(out.string(), &manifest)) {
      return "the output directory exists, is not empty and has no valid imsdoc manifest (" +
             std::string(kOwnershipManifest) +
             "): imsdoc did not write it; choose a new or empty folder (a folder written by an "
             "imsdoc before 0.2 must be deleted once by hand)";
    }
  }
  return "";
}

namespace {

// replace_problem with the manifest `dir` has (nullptr: none, or not read because `dir` is not
// a folder).
std::string replace_problem_with(const std::string& dir, const std::string& shown,
                                 LinkAtTarget links, const OwnershipManifest* manifest) {
  struct stat st;
  if (lstat(dir.c_str(), &st) != 0) return "";
  if (S_ISLNK(st.st_mode)) {
    if (links == LinkAtTarget::kReplace) return "";
    return shown +
           " is a symbolic link, which imsdoc did not write; move it away or choose another "
           "output folder";
  }
  if (!S_ISDIR(st.st_mode)) return not_written_by_imsdoc(shown);
  std::string out;
  for (const auto& problem : unowned_entries(dir, shown, manifest)) {
    out += (out.empty() ? "" : "\nimsdoc: error: ") + problem;
  }
  return out;
}

}  // namespace

std::string replace_problem(const std::string& dir, const std::string& shown, LinkAtTarget links) {
  OwnershipManifest manifest;
  bool has = read_ownership_manifest(dir, &manifest);
  return replace_problem_with(dir, shown, links, has ? &manifest : nullptr);
}

TreeWriter::~TreeWriter() {
  if (!tmp_.empty()) remove_tree(tmp_);
}

std::string TreeWriter::begin(const std::string& output_dir, LinkAtTarget links) {
  // The parent resolved, the last component not: a link there is the link, not its target.
  fs::path given = fs::path(output_dir).lexically_normal();
  fs::path out = normalized_path(parent_folder(given)) / given.filename();
  fs::path parent = out.parent_path();
  shown_ = given.generic_string();
  links_ = links;
  out_ = out.string();
  // Read once: the check before the swap and the removal after it use it too.
  has_previous_manifest_ = read_ownership_manifest(out_, &previous_manifest_);
  problem_ = replace_problem_with(out_, shown_, links_, previous_manifest());
  refused_ = !problem_.empty();
  if (refused_) return problem_;
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
  tmp_ = buffer.data();
  cleanup_.arm(tmp_);
  fs::permissions(tmp_,
                  fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                      fs::perms::others_read | fs::perms::others_exec,
                  ec);
  // On ext4, creating thousands of files just after deleting thousands was a third of a
  // repeated build's time: unchanged files are linked from the previous tree, which is only
  // read (and imsdoc's: checked above).
  struct stat st;
  previous_ = lstat(out_.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
  return "";
}

std::map<std::string, uint64_t> TreeWriter::files_under(const std::string& prefix) const {
  std::map<std::string, uint64_t> out;
  for (auto it = files_.lower_bound(prefix); it != files_.end() && starts_with(it->first, prefix);
       ++it) {
    out.emplace(it->first.substr(prefix.size()), it->second);
  }
  return out;
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
  files_[rel] = bytes.size();
  if (previous_ && holds(old, bytes) && ::link(old.c_str(), target.c_str()) == 0) return "";
  write_file(target, bytes, &problem_);
  return problem_;
}

std::string TreeWriter::append(const std::string& rel, std::string_view bytes) {
  if (!prepare(rel).empty()) return problem_;
  fs::path target = fs::path(tmp_) / rel;
  std::ofstream out(target, std::ios::binary | std::ios::app);
  files_[rel] += bytes.size();
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) problem_ = "cannot write " + display_path(target) + ": " + std::strerror(errno);
  return problem_;
}

std::string TreeWriter::link(const std::string& rel, const std::string& existing) {
  if (!prepare(rel).empty()) return problem_;
  fs::path target = fs::path(tmp_) / rel;
  std::error_code ec;
  files_[rel] = fs::file_size(existing, ec);
  if (::link(existing.c_str(), target.c_str()) == 0) return "";
  fs::copy_file(existing, target, ec);
  if (ec) problem_ = "cannot write " + display_path(target) + ": " + ec.message();
  return problem_;
}

std::string TreeWriter::commit(const std::string& manifest_kind) {
  if (!problem_.empty()) return problem_;
  if (tmp_.empty()) return "internal error: TreeWriter::commit before begin";
  if (!manifest_kind.empty()) {
    OwnershipManifest manifest{manifest_kind, files_, {}};
    manifest.files.erase(kOwnershipManifest);
    if (!put(kOwnershipManifest, ownership_manifest_json(manifest)).empty()) return problem_;
  }
  // Checked again just before the swap: files may have appeared while the tree was written.
  problem_ = replace_problem_with(out_, shown_, links_, previous_manifest());
  refused_ = !problem_.empty();
  if (refused_) return problem_;
  problem_ = swap_into_place();
  return problem_;
}

std::string TreeWriter::swap_into_place() {
  fs::path out(out_), tmp(tmp_);
  struct stat st;
  if (lstat(out.c_str(), &st) != 0) {
    if (rename(tmp.c_str(), out.c_str()) != 0) {
      return "cannot move the new output into place at " + display_path(out) + ": " +
             std::strerror(errno);
    }
    cleanup_.disarm();
    tmp_.clear();
    return "";
  }
  // Swap the new tree in with one atomic exchange; the old output (or link) ends up at `tmp`.
  if (!exchange(tmp, out)) {
    // Fallback for file systems without RENAME_EXCHANGE: two renames, a short window.
    fs::path old = tmp;
    old += ".old";
    if (rename(out.c_str(), old.c_str()) != 0 || rename(tmp.c_str(), out.c_str()) != 0) {
      std::string reason = std::strerror(errno);
      if (lstat(old.c_str(), &st) == 0 && lstat(out.c_str(), &st) != 0) {
        rename(old.c_str(), out.c_str());
      }
      return "cannot move the new output into place at " + display_path(out) + ": " + reason;
    }
    tmp = old;
  }
  cleanup_.disarm();  // `tmp` now holds the previous output: its own files are removed below
  tmp_.clear();
  if (S_ISLNK(st.st_mode)) {
    ::unlink(tmp.c_str());  // the link itself, never what it points to
  } else if (!remove_owned_tree(tmp.string(), previous_manifest_)) {
    // Something appeared in the old tree after the check: kept, under a name that the
    // clean-up of killed builds does not take.
    std::string kept = tmp.string();
    size_t at = kept.rfind(".imsdoc-tmp-");
    if (at != std::string::npos) kept.replace(at, 12, ".imsdoc-kept-");
    rename(tmp.c_str(), kept.c_str());
  }
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

std::string OutputLock::acquire(const std::string& root) {
  fs::path given = fs::path(root).lexically_normal();
  fs::path parent = normalized_path(parent_folder(given));
  std::error_code ec;
  fs::create_directories(parent, ec);
  if (ec) return "cannot create " + display_path(parent) + ": " + ec.message();
  fs::path lock = parent / ("." + given.filename().string() + ".imsdoc-lock");
  fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd_ < 0) return "cannot open the lock file " + display_path(lock) + ": " + strerror(errno);
  while (flock(fd_, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    std::string reason = std::strerror(errno);
    ::close(fd_);
    fd_ = -1;
    return "cannot lock " + display_path(lock) + ": " + reason;
  }
  return "";
}

OutputLock::~OutputLock() {
  if (fd_ >= 0) ::close(fd_);  // releases the lock
}

void remove_stale_temporaries(const std::string& dir, const std::string& prefix) {
  std::error_code ec;
  std::vector<fs::path> stale;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    // Directories of killed builds, and files of killed atomic writes (the root's
    // versions.json, index.html...); never a symbolic link.
    if (name.size() > prefix.size() && starts_with(name, prefix) && name[0] == '.' &&
        name.find(".imsdoc-tmp-") != std::string::npos && !it->is_symlink(ec) &&
        (it->is_directory(ec) || it->is_regular_file(ec))) {
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
