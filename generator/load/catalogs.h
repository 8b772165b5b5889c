// Standards catalogs: the built-in ISO 9001, ISO/IEC 27001 and ISO/IEC 42001 catalogs and the
// harmonized structure (compiled in from generator/catalogs/), plus a project's own catalogs in
// standards/*.yaml (an internal control set, SOC 2, EU AI Act articles), in the same format.
#pragma once

#include <string>

#include "base/diagnostic.h"
#include "base/file_system.h"
#include "model/catalog.h"
#include "model/project.h"

namespace imsdoc {

inline constexpr const char* kStandardsDir = "standards";

// Loads every catalog. A project catalog with the short name of a built-in one replaces it.
bool load_catalogs(const FileSystem& fs, Diagnostics& diags, Catalogs* out,
                   const InputLimits& limits = InputLimits{});

// Checks that every standard named in imsdoc.yaml has a catalog.
void check_standards_in_scope(const Config& config, const Catalogs& catalogs, Diagnostics& diags);

// Checks a clause reference such as "42001:6.1.2" or "27001:A.5.1": well formed, of a standard
// in scope, and naming a clause or control of its catalog. Reports an error at `span` (with a
// "did you mean" hint) and returns false otherwise.
bool check_clause_ref(const std::string& ref, const SourceSpan& span, const Project& project,
                      Diagnostics& diags);

}  // namespace imsdoc
