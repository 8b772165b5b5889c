// Template data of the manual's document control, shared by the site's home page and the print
// document (and so by the PDF).
#pragma once

#include <vector>

#include "model/project.h"
#include "render/template_value.h"

namespace imsdoc {

// The revision history (imsdoc.yaml `document_control: revisions:`) as a list of
// {version, date, summary, approved_by}.
TemplateValue revision_list(const std::vector<Revision>& revisions);

}  // namespace imsdoc
