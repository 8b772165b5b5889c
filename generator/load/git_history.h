// Document control from git: each section's revision history (the commits that changed its
// file, following renames) and the manual's change log (the commits that changed the
// project), read with one `git log` of the project directory. Used when imsdoc.yaml says
// `document_control: history: git`; deterministic, since everything comes from the commits.
#pragma once

#include <string>
#include <vector>

#include "model/project.h"

namespace imsdoc {

// Fills Section::history and Project::change_log from the git log of `project_dir` up to
// revision `rev` ("" = HEAD). Returns false, leaving both empty, when git is missing, the
// directory is not in a git repository or has no commits: the manual then simply shows no
// history. Uncommitted changes are not part of any history.
// Sections in git submodules get their history from the submodules' own logs; a submodule
// that is not checked out adds a warning naming it to `warnings`.
bool load_git_history(const std::string& project_dir, const std::string& rev, Project* project,
                      std::vector<std::string>* warnings = nullptr);

// The output of `git log --relative -M --name-status --date=short` with kGitLogFormat,
// applied to the project's sections; separate for tests.
extern const char* const kGitLogFormat;
void apply_git_log(const std::string& log, Project* project);

}  // namespace imsdoc
