// Writing one generated file (manual.docx, manual.pdf, print.html) atomically and only where
// allowed: the bytes go to a temporary file in the same directory, which is renamed over the
// target, so readers never see a half-written document.
#pragma once

#include <string>

namespace imsdoc {

// Checks that `path` may be (re)written as a generated file with extension `extension`
// (".docx"): the name must end in it, the path must not be inside the project's content/,
// registers/, diagrams/ or themes/, must not be a directory or a symbolic link. Returns "" if
// fine, else the reason.
std::string check_output_file(const std::string& project_dir, const std::string& path,
                              const std::string& extension);

// Writes `bytes` to `path` (creating its directory). Returns "" on success, else an error
// message; on failure `path` is unchanged.
std::string write_file_atomically(const std::string& bytes, const std::string& path);

// Moves the finished file `from` (in the same file system) to `path` atomically.
std::string move_file_into_place(const std::string& from, const std::string& path);

}  // namespace imsdoc
