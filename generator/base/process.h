// Running a helper program (git, tar) without a shell: arguments are passed as they are, so
// names from the user (tags, paths) cannot inject commands.
#pragma once

#include <string>
#include <vector>

namespace imsdoc {

struct ProcessResult {
  int exit_code = -1;  // -1: could not be started or was killed by a signal
  std::string out;     // what it wrote to stdout
  std::string err;     // what it wrote to stderr, or why it could not be started
};

// Runs argv[0] (looked up in PATH) with `argv` in directory `cwd` ("" = current), stdin from
// the file `stdin_path` ("" = /dev/null), and waits for it.
ProcessResult run_process(const std::vector<std::string>& argv, const std::string& cwd = "",
                          const std::string& stdin_path = "");

}  // namespace imsdoc
