#include "load/git_source.h"

#include <filesystem>
#include <system_error>

#include "base/process.h"
#include "base/text.h"

namespace imsdoc {

namespace {

std::string first_line(const std::string& s) {
  std::string line = trim(s.substr(0, s.find('\n')));
  return line.empty() ? "no message" : line;
}

}  // namespace

namespace {

constexpr int kMaxSubmoduleDepth = 8;

// Where `dir` sits in its repository: the top of the work tree and the prefix of `dir`.
bool repository_of(const std::string& dir, std::string* top, std::string* prefix,
                   std::string* error) {
  ProcessResult where =
      run_process({"git", "-C", dir, "rev-parse", "--show-toplevel", "--show-prefix"});
  if (where.exit_code != 0) {
    *error = "'" + dir + "' is not in a git repository (" + first_line(where.err) + ")";
    return false;
  }
  *top = where.out.substr(0, where.out.find('\n'));
  *prefix = trim(where.out.substr(where.out.find('\n') + 1));
  return true;
}

// The work tree of the submodule checked out at `dir`, if `dir` is the top of a work tree of
// its own that has `commit` (an uninitialised submodule is an empty folder, which git would
// take for the superproject).
bool checked_out_with(const std::string& dir, const std::string& commit) {
  ProcessResult top = run_process({"git", "-C", dir, "rev-parse", "--show-toplevel"});
  if (top.exit_code != 0) return false;
  std::error_code ec;
  if (!std::filesystem::equivalent(trim(top.out), dir, ec)) return false;
  return run_process({"git", "-C", dir, "cat-file", "-e", commit + "^{commit}"}).exit_code == 0;
}

// Appends the submodules of the tree `commit`:`prefix` of the repository at `top`; their paths
// relative to `prefix`, shown below `shown_prefix`.
void collect_submodules(const std::string& top, const std::string& commit,
                        const std::string& prefix, const std::string& shown_prefix, int depth,
                        std::vector<GitSubmodule>* out) {
  if (depth > kMaxSubmoduleDepth) return;
  std::vector<std::string> argv = {"git", "-C", top, "ls-tree", "-r", "-z", commit};
  if (!prefix.empty()) argv.insert(argv.end(), {"--", prefix});
  ProcessResult tree = run_process(argv);
  if (tree.exit_code != 0) return;
  for (size_t start = 0; start < tree.out.size();) {
    size_t end = std::min(tree.out.find('\0', start), tree.out.size());
    std::string entry = tree.out.substr(start, end - start);
    start = end + 1;
    // "<mode> <type> <object>\t<path>"; a submodule is a gitlink, mode 160000.
    size_t tab = entry.find('\t');
    if (tab == std::string::npos || !starts_with(entry, "160000 commit ")) continue;
    std::string sha = entry.substr(14, tab - 14);
    std::string full = entry.substr(tab + 1);
    std::string rel = full.substr(prefix.size());
    std::string dir = top + "/" + full;
    GitSubmodule sub{shown_prefix + rel, sha, checked_out_with(dir, sha) ? dir : ""};
    out->push_back(sub);
    if (!sub.repo_dir.empty()) {
      collect_submodules(sub.repo_dir, sha, "", sub.path + "/", depth + 1, out);
    }
  }
}

// Unpacks the tree `treeish` of the repository at `top` into `dest`. Returns "" or the
// problem.
std::string unpack(const std::string& top, const std::string& treeish, const std::string& dest) {
  std::error_code ec;
  std::filesystem::create_directories(dest, ec);
  std::string tar = dest + "/.imsdoc-source.tar";
  ProcessResult archive =
      run_process({"git", "-C", top, "archive", "--format=tar", "-o", tar, treeish});
  if (archive.exit_code != 0) return first_line(archive.err);
  ProcessResult untar = run_process({"tar", "-xf", tar, "-C", dest});
  std::filesystem::remove(tar, ec);
  return untar.exit_code == 0 ? "" : first_line(untar.err);
}

}  // namespace

std::vector<GitSubmodule> git_submodules(const std::string& project_dir, const std::string& rev) {
  std::string top, prefix, error;
  std::vector<GitSubmodule> out;
  if (!rev.empty() && rev.front() == '-') return out;
  if (!repository_of(project_dir, &top, &prefix, &error)) return out;
  ProcessResult commit = run_process({"git", "-C", project_dir, "rev-parse", "--verify", "--quiet",
                                      (rev.empty() ? "HEAD" : rev) + "^{commit}"});
  if (commit.exit_code != 0) return out;
  collect_submodules(top, trim(commit.out), prefix, "", 0, &out);
  return out;
}

std::string export_git_revision(const std::string& project_dir, const std::string& rev,
                                const std::string& dest, std::vector<std::string>* warnings) {
  if (rev.empty() || rev.front() == '-') return "'" + rev + "' is not a git revision";
  std::string top, prefix, error;
  if (!repository_of(project_dir, &top, &prefix, &error)) return error;
  // The commit first, so an unknown name gets git's own message, not one about a path.
  ProcessResult commit = run_process(
      {"git", "-C", project_dir, "rev-parse", "--verify", "--quiet", rev + "^{commit}"});
  if (commit.exit_code != 0) return "unknown git revision '" + rev + "'";
  // git archive from a subdirectory archives only that subdirectory: run it at the top.
  if (std::string why = unpack(top, trim(commit.out) + ":" + prefix, dest); !why.empty()) {
    return "cannot export revision '" + rev + "': " + why;
  }
  // git archive leaves submodules out (an empty folder each): their own repositories have them.
  std::vector<GitSubmodule> subs;
  collect_submodules(top, trim(commit.out), prefix, "", 0, &subs);
  for (const auto& sub : subs) {
    if (sub.repo_dir.empty()) {
      if (warnings) {
        warnings->push_back("submodule '" + sub.path + "' is not checked out or lacks commit " +
                            sub.commit.substr(0, 12) +
                            ": its files are left out; run 'git submodule update --init'");
      }
      continue;
    }
    if (std::string why = unpack(sub.repo_dir, sub.commit, dest + "/" + sub.path); !why.empty()) {
      return "cannot export submodule '" + sub.path + "' of revision '" + rev + "': " + why;
    }
  }
  return "";
}

}  // namespace imsdoc
