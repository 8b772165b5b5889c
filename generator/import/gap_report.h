// Checking a planned project before it is written, and the gap report of `init --extend`:
// per standard in scope, how many clauses and Annex A controls the imported manual covers, how
// many more the added AI sections address, and which are not covered by any section.
#pragma once

#include <map>
#include <string>

#include "base/diagnostic.h"
#include "model/project.h"

namespace imsdoc {

// Loads `files` (project-relative path -> contents) as a project in memory, links it and checks
// its findings as of `as_of`. Returns false if it could not be loaded at all.
bool load_planned_project(const std::map<std::string, std::string>& files, const std::string& as_of,
                          Diagnostics& diags, Project* project);

// The report text (see docs/import.md for its form). `imported` is the same project without
// the added sections.
std::string gap_report(const Project& full, const Project& imported);

}  // namespace imsdoc
