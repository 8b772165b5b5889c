// The ISO/IEC 42001 parts `imsdoc init --extend` adds to an imported 9001/27001 manual, as
// clearly identified draft sections (ids AI-..., a front matter comment and summary saying
// "Added by imsdoc init --extend"): the AI policy, the AI process register, AI risk and
// impact assessment, the SoA for 42001 Annex A, and the AI additions to context, the audit
// programme and management review. Each links to the imported section it extends.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "import/project_files.h"

namespace imsdoc {

inline constexpr const char* kAddedMarker = "Added by imsdoc init --extend";

// `chapter`: the section number of the new top-level chapter ("9"); `extended`: HS clause
// ("4.1", "9.2", ...) -> id of the imported section that addresses it, if any.
std::vector<NewSection> ai_sections(const std::string& chapter,
                                    const std::map<std::string, std::string>& extended,
                                    const std::string& effective);

}  // namespace imsdoc
