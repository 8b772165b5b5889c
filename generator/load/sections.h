// Manual sections: content/**/*.md with YAML front matter.
#pragma once

#include <string>

#include "base/diagnostic.h"
#include "base/file_system.h"
#include "model/project.h"

namespace imsdoc {

// Loads one section file. Returns false (with diagnostics) if the file cannot be used at all.
bool load_section(const FileSystem& fs, const std::string& path, const Config& config,
                  Diagnostics& diags, Section* section);

// Checks a clause reference such as "42001:6.1.2" or "27001:A.5.1": well formed and of a
// standard in scope. Reports an error at `span` and returns false otherwise.
bool check_clause_ref(const std::string& ref, const SourceSpan& span, const Config& config,
                      Diagnostics& diags);

}  // namespace imsdoc
