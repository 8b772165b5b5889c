// The linked project as JSON, for GRC tools and scripts: the manual's configuration and
// document control, every section, every register entry with typed values, every reference,
// and the coverage of each standard in scope. Keys keep a fixed order; documented in
// docs/formats.md ("imsdoc export --format json").
#pragma once

#include <string>

#include "model/project.h"

namespace imsdoc {

inline constexpr int kModelJsonVersion = 1;  // raised when a key changes meaning or goes away

// The whole model, or only the register `only_register` (which must exist) when not empty.
std::string model_json(const Project& project, const std::string& generator,
                       const std::string& only_register = "");

}  // namespace imsdoc
