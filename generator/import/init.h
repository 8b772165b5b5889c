// `imsdoc init DIR` and `imsdoc init --extend EXISTING DIR`: checks the arguments, reads the
// existing manual (a .docx, a folder of Markdown files, or a comply project), plans the new
// project, checks it in memory, prints warnings and the gap report, then writes it into DIR
// atomically (a temporary directory next to DIR, renamed into place): a failed init writes
// nothing, and nothing is ever written outside DIR.
#pragma once

#include <iosfwd>
#include <string>

namespace imsdoc {

struct InitRequest {
  std::string dir;        // the new project
  std::string extend;     // EXISTING, "" for a fresh project
  std::string standards;  // fresh: comma-separated short names ("" = 9001,27001,42001)
  std::string title, organisation;
  std::string effective;  // YYYY-MM-DD for new sections and the findings check
  bool quiet = false;
};

// Returns the exit code: 0, 1 (the existing manual has errors), 2 (usage: non-empty DIR,
// missing EXISTING, DIR inside EXISTING, unknown standard), 3 (cannot write DIR).
int init_project(const InitRequest& request, std::ostream& out, std::ostream& err);

}  // namespace imsdoc
