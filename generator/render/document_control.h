// Template data of the manual's document control, shared by the site's home page and the print
// document (and so by the PDF).
#pragma once

#include <string>
#include <vector>

#include "model/project.h"
#include "render/template_value.h"

namespace imsdoc {

// The revision history (imsdoc.yaml `document_control: revisions:`) as a list of
// {version, date, summary, approved_by}.
TemplateValue revision_list(const std::vector<Revision>& revisions);

// Whether an edition of the manual (site, print/PDF, DOCX) is a draft: the manual's status
// (imsdoc.yaml `document_control: status:`) is set and is not "approved", or a section's
// status is not "approved". `reason` says why, for the reader: "manual status in-review",
// "sections not approved: 2 Context (draft), ..." (three named, then "and N more"). An
// approved edition: draft false, reason "".
struct EditionStatus {
  bool draft = false;
  std::string reason;
};
EditionStatus edition_status(const Project& project);

}  // namespace imsdoc
