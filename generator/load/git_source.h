// Project sources from git: a revision of the project exported into a directory, so any
// command can load it like a working tree.
#pragma once

#include <string>

namespace imsdoc {

// Writes the files of `project_dir` as of git revision `rev` (a tag, branch or commit) into
// the existing empty directory `dest`. The project may be a subdirectory of its repository.
// Returns "" or an error message naming the revision.
std::string export_git_revision(const std::string& project_dir, const std::string& rev,
                                const std::string& dest);

}  // namespace imsdoc
