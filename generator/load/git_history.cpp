#include "load/git_history.h"

#include <map>
#include <vector>

#include "base/process.h"
#include "base/text.h"

namespace imsdoc {

// Records start with RS (0x1e); fields are separated by US (0x1f), which cannot occur in
// names or subjects git prints.
const char* const kGitLogFormat = "%x1e%H%x1f%ad%x1f%an%x1f%s";

namespace {

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t end = s.find(sep, start);
    out.push_back(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  return out;
}

}  // namespace

void apply_git_log(const std::string& log, Project* project) {
  // Walking from the newest commit back, each section is known by the name its file had at
  // that point: a rename moves the section to the old name, an addition ends its history.
  std::map<std::string, Section*> by_path;
  for (Section& s : project->sections) {
    s.history.clear();
    by_path[s.path] = &s;
  }
  project->change_log.clear();
  for (const std::string& record : split(log, '\x1e')) {
    if (trim(record).empty()) continue;
    size_t header_end = record.find('\n');
    std::vector<std::string> f = split(record.substr(0, header_end), '\x1f');
    if (f.size() != 4) continue;
    // Names and subjects are whatever the committers wrote: keep the output valid UTF-8.
    HistoryEntry entry{f[0], f[1], valid_utf8(f[2]), valid_utf8(f[3])};
    project->change_log.push_back(entry);
    if (header_end == std::string::npos) continue;
    for (const std::string& line : split(record.substr(header_end + 1), '\n')) {
      std::vector<std::string> cols = split(line, '\t');
      if (cols.size() < 2 || cols[0].empty()) continue;
      const char status = cols[0][0];
      const std::string& path = cols.back();  // the new name of a rename or copy
      auto it = by_path.find(path);
      if (it == by_path.end()) continue;
      Section* section = it->second;
      if (section->history.empty() || section->history.back().commit != entry.commit) {
        section->history.push_back(entry);
      }
      if ((status == 'R' || status == 'C') && cols.size() == 3) {
        by_path.erase(it);
        by_path[cols[1]] = section;
      } else if (status == 'A') {
        by_path.erase(it);  // an older file of the same name is another document
      }
    }
  }
}

bool load_git_history(const std::string& project_dir, const std::string& rev, Project* project) {
  if (!rev.empty() && rev.front() == '-') return false;
  std::vector<std::string> argv = {"git",
                                   "-C",
                                   project_dir,
                                   "-c",
                                   "core.quotePath=false",
                                   "log",
                                   "--no-color",
                                   "--no-show-signature",
                                   "--relative",
                                   "-M",
                                   "--name-status",
                                   "--date=short",
                                   std::string("--format=") + kGitLogFormat};
  if (!rev.empty()) argv.push_back(rev);
  argv.insert(argv.end(), {"--", "."});
  ProcessResult log = run_process(argv);
  if (log.exit_code != 0) {
    for (Section& s : project->sections) s.history.clear();
    project->change_log.clear();
    return false;
  }
  apply_git_log(log.out, project);
  return true;
}

}  // namespace imsdoc
