#include "base/cleanup.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

namespace imsdoc {

namespace {

constexpr int kSlots = 64;
constexpr size_t kMaxPath = 4096;
constexpr int kMaxDepth = 48;

// A slot is free (0), being filled or emptied (1), or holds a path to remove (2). The handler
// reads only slots in state 2, so it never sees a half-written path.
struct Slot {
  std::atomic<int> state{0};
  char path[kMaxPath];
};
Slot g_slots[kSlots];

struct LinuxDirent64 {
  uint64_t d_ino;
  int64_t d_off;
  unsigned short d_reclen;
  unsigned char d_type;
  char d_name[];
};

// Removes `name` in `dirfd` and everything below it, without following symbolic links: a link
// is unlinked, never entered (O_NOFOLLOW). Only async-signal-safe calls (getdents64 by
// syscall, since readdir may allocate).
void remove_at(int dirfd, const char* name, int depth) {
  if (unlinkat(dirfd, name, 0) == 0 || errno == ENOENT) return;
  if (depth > kMaxDepth) return;
  int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return;
  char buffer[1024];
  // Two passes: entries a writer thread created during the first are caught by the second.
  for (int pass = 0; pass < 2; ++pass) {
    lseek(fd, 0, SEEK_SET);
    for (;;) {
      long n = syscall(SYS_getdents64, fd, buffer, sizeof buffer);
      if (n <= 0) break;
      for (long at = 0; at < n;) {
        auto* entry = reinterpret_cast<LinuxDirent64*>(buffer + at);
        at += entry->d_reclen;
        const char* child = entry->d_name;
        if (std::strcmp(child, ".") == 0 || std::strcmp(child, "..") == 0) continue;
        remove_at(fd, child, depth + 1);
      }
    }
  }
  close(fd);
  unlinkat(dirfd, name, AT_REMOVEDIR);
}

void on_signal(int sig) {
  int saved = errno;
  for (auto& slot : g_slots) {
    if (slot.state.load(std::memory_order_acquire) == 2) remove_at(AT_FDCWD, slot.path, 0);
  }
  errno = saved;
  // End as the signal would have ended the process, so the parent sees how it ended.
  signal(sig, SIG_DFL);
  raise(sig);
}

}  // namespace

void install_interrupt_cleanup() {
  for (int sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT}) {
    struct sigaction old {};
    if (sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;
    struct sigaction action {};
    action.sa_handler = on_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;
    sigaction(sig, &action, nullptr);
  }
}

void CleanupGuard::arm(const std::string& path) {
  disarm();
  if (path.empty() || path.size() >= kMaxPath) return;
  for (int i = 0; i < kSlots; ++i) {
    int expected = 0;
    if (g_slots[i].state.compare_exchange_strong(expected, 1)) {
      std::memcpy(g_slots[i].path, path.c_str(), path.size() + 1);
      g_slots[i].state.store(2, std::memory_order_release);
      slot_ = i;
      return;
    }
  }
}

void CleanupGuard::disarm() {
  if (slot_ < 0) return;
  g_slots[slot_].state.store(0, std::memory_order_release);
  slot_ = -1;
}

}  // namespace imsdoc
