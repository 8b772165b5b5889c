#include "serve/file_watcher.h"

#include <poll.h>
#include <sys/inotify.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

namespace fs = std::filesystem;

namespace imsdoc {

namespace {

constexpr uint32_t kDirMask = IN_CREATE | IN_DELETE | IN_MODIFY | IN_CLOSE_WRITE | IN_MOVED_FROM |
                              IN_MOVED_TO | IN_ATTRIB | IN_DELETE_SELF | IN_ONLYDIR;

bool ignored_name(const std::string& name) {
  return name.empty() || name[0] == '.' || name.back() == '~' || name == "4913";  // vim probe
}

std::string join(const std::string& dir, const std::string& name) {
  return dir.empty() ? name : dir + "/" + name;
}

}  // namespace

FileWatcher::FileWatcher(std::string project_dir, std::vector<std::string> roots)
    : dir_(std::move(project_dir)), roots_(std::move(roots)) {
  fd_ = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
  if (fd_ < 0) {
    error_ = std::string("inotify: ") + std::strerror(errno);
    return;
  }
  // The project directory itself, for the top-level files and for roots created later.
  top_wd_ = inotify_add_watch(fd_, dir_.c_str(), kDirMask);
  if (top_wd_ < 0) {
    error_ = "cannot watch '" + dir_ + "': " + std::strerror(errno);
    return;
  }
  dirs_[top_wd_] = "";
  for (const auto& root : roots_) watch_tree(root);
}

FileWatcher::~FileWatcher() {
  if (fd_ >= 0) close(fd_);
}

bool FileWatcher::is_watched_root_path(const std::string& rel) const {
  for (const auto& root : roots_) {
    if (rel == root || (rel.size() > root.size() && rel.compare(0, root.size(), root) == 0 &&
                        rel[root.size()] == '/')) {
      return true;
    }
  }
  return false;
}

void FileWatcher::watch_dir(const std::string& rel) {
  int wd = inotify_add_watch(fd_, (fs::path(dir_) / rel).c_str(), kDirMask);
  if (wd >= 0) {
    dirs_[wd] = rel;
  } else if (errno == ENOSPC && error_.empty()) {
    error_ = "the limit of inotify watches is reached (fs.inotify.max_user_watches)";
  }
}

void FileWatcher::watch_tree(const std::string& rel) {
  std::error_code ec;
  fs::path abs = fs::path(dir_) / rel;
  if (!fs::is_directory(abs, ec) || fs::is_symlink(abs, ec)) return;
  watch_dir(rel);
  for (fs::recursive_directory_iterator it(abs, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (!it->is_directory(ec) || it->is_symlink(ec)) continue;
    if (ignored_name(name)) {
      it.disable_recursion_pending();
      continue;
    }
    watch_dir(fs::relative(it->path(), dir_, ec).generic_string());
  }
}

bool FileWatcher::drain(std::set<std::string>* changed) {
  alignas(inotify_event) char buf[64 * 1024];
  bool settled = false;
  for (;;) {
    ssize_t n = read(fd_, buf, sizeof buf);
    if (n <= 0) return settled;  // EAGAIN: nothing more for now
    for (char* p = buf; p < buf + n;) {
      auto* ev = reinterpret_cast<inotify_event*>(p);
      p += sizeof(inotify_event) + ev->len;
      if (ev->mask & IN_Q_OVERFLOW) {
        changed->insert("");  // events were lost: everything may have changed
        continue;
      }
      if (ev->mask & IN_IGNORED) {
        dirs_.erase(ev->wd);
        continue;
      }
      auto it = dirs_.find(ev->wd);
      if (it == dirs_.end() || ev->len == 0) continue;
      std::string name = ev->name;
      if (ignored_name(name)) continue;
      std::string rel = join(it->second, name);
      if (!is_watched_root_path(rel)) continue;  // another file of the project directory
      changed->insert(rel);
      settled = settled || (ev->mask & (IN_CLOSE_WRITE | IN_MOVED_TO));
      if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO))) watch_tree(rel);
    }
  }
}

std::set<std::string> FileWatcher::read_changes(std::chrono::milliseconds quiet,
                                                std::chrono::milliseconds settled,
                                                std::chrono::milliseconds longest) {
  std::set<std::string> changed;
  if (fd_ < 0) return changed;
  auto start = std::chrono::steady_clock::now();
  bool complete = drain(&changed);
  for (;;) {
    auto left = longest - std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::steady_clock::now() - start);
    if (left.count() <= 0) break;
    pollfd pfd{fd_, POLLIN, 0};
    int wait = static_cast<int>(std::min(complete ? settled : quiet, left).count());
    if (poll(&pfd, 1, wait) <= 0) break;  // quiet long enough
    complete = drain(&changed) || complete;
  }
  return changed;
}

}  // namespace imsdoc
