// Findings: what an auditor would raise about the management system itself, as opposed to
// errors in the input files. Statement of Applicability consistency, overdue corrective
// actions, expired exceptions, RACI gaps, AI systems without assessments, untreated risks above
// appetite, evidence without a location. Each finding has a name and a default severity that
// imsdoc.yaml can change (`findings: {overdue-corrective-action: error}`, or `off`).
#pragma once

#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "model/project.h"

namespace imsdoc {

struct FindingKind {
  const char* name;
  Severity severity;  // default
  const char* what;   // one line for the documentation and `--help`
};

const std::vector<FindingKind>& finding_kinds();

// Reports the findings of a linked project as of `as_of` (YYYY-MM-DD), with the severities
// configured in imsdoc.yaml. Unknown finding names in the configuration are errors.
void check_findings(const Project& project, const std::string& as_of, Diagnostics& diags);

}  // namespace imsdoc
