// Temporary files and directories that must not outlive an interrupted run.
//
// While a CleanupGuard is alive, SIGINT, SIGTERM, SIGHUP and SIGQUIT remove its path (the
// whole tree, never following a symbolic link) before the process ends with that signal.
// SIGKILL cannot be caught: what a killed run leaves is recognisably named and removed by the
// next run (see bundle/output.h). The removal in the handler uses only async-signal-safe
// system calls.
#pragma once

#include <string>

namespace imsdoc {

// Installs the signal handlers; call once from main before any thread starts. A signal the
// process was started with ignored (nohup) stays ignored.
void install_interrupt_cleanup();

// Registers `path` for removal on a signal for its lifetime (at most 64 at once; beyond that
// the path is simply not registered). `path` should be absolute.
class CleanupGuard {
 public:
  CleanupGuard() = default;
  explicit CleanupGuard(const std::string& path) { arm(path); }
  ~CleanupGuard() { disarm(); }
  CleanupGuard(const CleanupGuard&) = delete;
  CleanupGuard& operator=(const CleanupGuard&) = delete;

  // Registers `path` (releasing any earlier one).
  void arm(const std::string& path);
  // No longer removes anything on a signal (the path was moved into place or removed).
  void disarm();

 private:
  int slot_ = -1;
};

}  // namespace imsdoc
