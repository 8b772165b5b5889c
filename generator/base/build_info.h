// What this binary was built from, for `imsdoc --version` only: never part of any output, so
// sites, documents and snapshots do not change with the commit imsdoc was built from.
// Defined in a source file generated at build time by cmake/git_description.cmake and linked
// into the imsdoc executable (not into imsdoc_lib).
#pragma once

#include <string_view>

namespace imsdoc {

// `git describe --tags --always --dirty` of the source tree ("v3.1.0-12-gabcdef0",
// "7a50645-dirty"), the -DIMSDOC_GIT_DESCRIPTION given at configure time, or "" when neither
// is known (a build from a tarball).
std::string_view git_description();

}  // namespace imsdoc
