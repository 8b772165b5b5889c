// Project sources from git: a revision of the project exported into a directory, so any
// command can load it like a working tree.
#pragma once

#include <string>
#include <vector>

namespace imsdoc {

// A git submodule of a project: where it sits and the commit the superproject records.
struct GitSubmodule {
  std::string path;      // relative to the project directory, '/'-separated
  std::string commit;    // the commit the superproject's revision records for it
  std::string repo_dir;  // its checked-out work tree; "" when it is not checked out
};

// The submodules below the project directory `project_dir` in revision `rev` ("" = HEAD),
// nested ones included (at most 8 levels). Each that is not checked out, or whose recorded
// commit is not in its clone, has repo_dir "".
std::vector<GitSubmodule> git_submodules(const std::string& project_dir, const std::string& rev);

// Writes the files of `project_dir` as of git revision `rev` (a tag, branch or commit) into
// the existing empty directory `dest`, those of its submodules at the commits the revision
// records included. The project may be a subdirectory of its repository. Returns "" or an
// error message naming the revision; a submodule that cannot be read (not checked out) adds
// a warning to `warnings` and is left out.
std::string export_git_revision(const std::string& project_dir, const std::string& rev,
                                const std::string& dest,
                                std::vector<std::string>* warnings = nullptr);

}  // namespace imsdoc
