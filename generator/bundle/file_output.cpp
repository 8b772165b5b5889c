#include "bundle/file_output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

#include "base/cleanup.h"
#include "base/file_system.h"
#include "base/text.h"

namespace fs = std::filesystem;

namespace imsdoc {

std::string check_output_file(const std::string& project_dir, const std::string& path,
                              const std::string& extension) {
  if (path.empty()) return "the output file name is empty";
  if (!ends_with(path, extension)) return "the output file name must end in " + extension;
  fs::path project = normalized_path(project_dir);
  fs::path out = normalized_path(path);
  for (const char* dir : {"content", "registers", "diagrams", "themes"}) {
    if (is_within(out, project / dir)) {
      return std::string("the output file is inside the project's ") + dir + "/ directory";
    }
  }
  std::error_code ec;
  fs::path as_given = fs::absolute(path, ec);
  if (fs::is_symlink(as_given, ec)) return "the output file is a symbolic link";
  if (fs::is_directory(out, ec)) return "the output path is a directory";
  return "";
}

std::string write_file_atomically(const std::string& bytes, const std::string& path) {
  fs::path out = normalized_path(path);
  std::error_code ec;
  fs::create_directories(out.parent_path(), ec);
  if (ec) return "cannot create " + display_path(out.parent_path()) + ": " + ec.message();
  std::string pattern =
      (out.parent_path() / concat({".", out.filename().string(), ".imsdoc-tmp-XXXXXX"})).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  int fd = mkstemp(name.data());
  CleanupGuard cleanup(fd < 0 ? "" : std::string(name.data()));
  if (fd < 0) {
    return "cannot create a temporary file in " + display_path(out.parent_path()) + ": " +
           std::strerror(errno);
  }
  size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      std::string reason = std::strerror(errno);
      ::close(fd);
      ::unlink(name.data());
      return "cannot write " + out.string() + ": " + reason;
    }
    done += static_cast<size_t>(n);
  }
  fchmod(fd, 0644);
  if (::close(fd) != 0) {
    std::string reason = std::strerror(errno);
    ::unlink(name.data());
    return "cannot write " + out.string() + ": " + reason;
  }
  return move_file_into_place(name.data(), out.string());
}

std::string move_file_into_place(const std::string& from, const std::string& path) {
  if (std::rename(from.c_str(), path.c_str()) != 0) {
    std::string reason = std::strerror(errno);
    ::unlink(from.c_str());
    return "cannot move the new file into place at " + path + ": " + reason;
  }
  return "";
}

}  // namespace imsdoc
