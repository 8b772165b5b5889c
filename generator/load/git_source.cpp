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

std::string export_git_revision(const std::string& project_dir, const std::string& rev,
                                const std::string& dest) {
  if (rev.empty() || rev.front() == '-') return "'" + rev + "' is not a git revision";
  ProcessResult where =
      run_process({"git", "-C", project_dir, "rev-parse", "--show-toplevel", "--show-prefix"});
  if (where.exit_code != 0) {
    return "'" + project_dir + "' is not in a git repository (" + first_line(where.err) + ")";
  }
  // git archive from a subdirectory archives only that subdirectory: run it at the top.
  std::string top = where.out.substr(0, where.out.find('\n'));
  std::string prefix = trim(where.out.substr(where.out.find('\n') + 1));
  // The commit first, so an unknown name gets git's own message, not one about a path.
  ProcessResult commit = run_process(
      {"git", "-C", project_dir, "rev-parse", "--verify", "--quiet", rev + "^{commit}"});
  if (commit.exit_code != 0) return "unknown git revision '" + rev + "'";
  std::string tar = dest + "/.imsdoc-source.tar";
  ProcessResult archive = run_process(
      {"git", "-C", top, "archive", "--format=tar", "-o", tar, trim(commit.out) + ":" + prefix});
  if (archive.exit_code != 0) {
    return "cannot export revision '" + rev + "': " + first_line(archive.err);
  }
  ProcessResult untar = run_process({"tar", "-xf", tar, "-C", dest});
  std::error_code ec;
  std::filesystem::remove(tar, ec);
  if (untar.exit_code != 0) {
    return "cannot unpack revision '" + rev + "': " + first_line(untar.err);
  }
  return "";
}

}  // namespace imsdoc
