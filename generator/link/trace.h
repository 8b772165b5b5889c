// The audit trail of one AI system, the path an auditor samples end to end: the AI system ->
// its processes -> its impact assessments and risks -> the SoA controls treating those risks ->
// the evidence of those controls -> exceptions, incidents and corrective actions -> audits and
// management reviews that looked at it. Computed from the linked references, so it follows
// whatever the registers say; registers a project does not have are left out.
#pragma once

#include <string>
#include <vector>

#include "model/project.h"

namespace imsdoc {

struct TraceStep {
  std::string title;                          // "Risks"
  std::string register_name;                  // "risks"
  std::string how;                            // how the step was found, for the reader
  std::vector<const RegisterEntry*> entries;  // in register order
};

std::vector<TraceStep> trace_ai_system(const Project& project, const RegisterEntry& system);

// Site-relative path of an AI system's trace page: "trace/ai-001.html".
std::string trace_page_path(const std::string& ai_system_id);

}  // namespace imsdoc
