#include "load/git_history.h"

#include <algorithm>
#include <map>
#include <vector>

#include "base/process.h"
#include "base/text.h"
#include "load/git_source.h"

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

namespace {

// The git log of the repository at `dir` up to `rev` ("" = HEAD) for `paths`, or false.
bool git_log(const std::string& dir, const std::string& rev, const std::string& pathspec,
             std::string* out) {
  std::vector<std::string> argv = {"git",
                                   "-C",
                                   dir,
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
  argv.insert(argv.end(), {"--", pathspec});
  ProcessResult log = run_process(argv);
  if (log.exit_code != 0) return false;
  *out = std::move(log.out);
  return true;
}

// `log`'s records with every path prefixed by `prefix` ("content/"), as one list.
std::vector<std::string> records_below(const std::string& log, const std::string& prefix) {
  std::vector<std::string> out;
  for (const std::string& record : split(log, '\x1e')) {
    if (trim(record).empty()) continue;
    size_t header_end = record.find('\n');
    std::string rewritten = record.substr(0, header_end);
    if (header_end != std::string::npos) {
      for (const std::string& line : split(record.substr(header_end + 1), '\n')) {
        std::vector<std::string> cols = split(line, '\t');
        rewritten += "\n" + cols[0];
        for (size_t i = 1; i < cols.size(); ++i) rewritten += "\t" + prefix + cols[i];
      }
    }
    out.push_back(std::move(rewritten));
  }
  return out;
}

// The date field of a record ("<hash>\x1f<YYYY-MM-DD>\x1f...").
std::string record_date(const std::string& record) {
  std::vector<std::string> f = split(record.substr(0, record.find('\n')), '\x1f');
  return f.size() > 1 ? f[1] : std::string();
}

}  // namespace

bool load_git_history(const std::string& project_dir, const std::string& rev, Project* project,
                      std::vector<std::string>* warnings) {
  if (!rev.empty() && rev.front() == '-') return false;
  std::string log;
  if (!git_log(project_dir, rev, ".", &log)) {
    for (Section& s : project->sections) s.history.clear();
    project->change_log.clear();
    return false;
  }
  // Sections kept in submodules have their history in the submodules' own logs, up to the
  // commit the project's revision records: merged, newest first, into one log.
  std::vector<GitSubmodule> subs = git_submodules(project_dir, rev);
  if (!subs.empty()) {
    std::vector<std::string> records = records_below(log, "");
    for (const auto& sub : subs) {
      std::string sub_log;
      if (sub.repo_dir.empty() && warnings) {
        warnings->push_back("submodule '" + sub.path +
                            "' is not checked out: the revision history leaves its files out; "
                            "run 'git submodule update --init'");
      }
      if (sub.repo_dir.empty() || !git_log(sub.repo_dir, sub.commit, ".", &sub_log)) continue;
      std::vector<std::string> more = records_below(sub_log, sub.path + "/");
      records.insert(records.end(), more.begin(), more.end());
    }
    std::stable_sort(
        records.begin(), records.end(),
        [](const std::string& a, const std::string& b) { return record_date(a) > record_date(b); });
    log.clear();
    for (const auto& r : records) log += "\x1e" + r + "\n";
  }
  apply_git_log(log, project);
  return true;
}

}  // namespace imsdoc
