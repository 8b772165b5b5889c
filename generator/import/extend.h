// `imsdoc init --extend`: turns an imported manual into the files of a project — sections with
// front matter (ids, numbers, detected clauses), the ISO/IEC 42001 additions, the registers they
// need, imsdoc.yaml and a README. Mapping rules: docs/import.md.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "import/manual.h"
#include "model/catalog.h"

namespace imsdoc {

struct ExtendRequest {
  std::string title, organisation;  // "" = the source's, else a placeholder
  std::string effective;            // YYYY-MM-DD of new sections and of imported ones without
  std::string source_name;          // how the README names the source
  std::string source_path;          // EXISTING as given, for messages
};

struct ExtendPlan {
  std::map<std::string, std::string> files;  // project-relative path -> contents
  std::set<std::string> added_sections;      // paths of the sections imsdoc added (AI-...)
  std::vector<std::string> standards;        // in scope
};

// The standards a document mentions or declares, ISO ones first ("9001", "27001", "42001").
// With none of 9001/27001 named and nothing declared, a 9001/27001 manual is assumed.
std::vector<std::string> detected_standards(const ImportedManual& manual);

// Plans the project. `catalogs` must include the manual's own catalogs (manual.files'
// standards/*.yaml). Problems with the source's clause references and links are warnings.
bool plan_extend(const ImportedManual& manual, const ExtendRequest& request,
                 const Catalogs& catalogs, Diagnostics& diags, ExtendPlan* plan);

}  // namespace imsdoc
