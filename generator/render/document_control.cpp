#include "render/document_control.h"

namespace imsdoc {

TemplateValue revision_list(const std::vector<Revision>& revisions) {
  TemplateValue list = TemplateValue::list();
  for (const auto& r : revisions) {
    TemplateValue v;
    v.set("version", r.version)
        .set("date", r.date)
        .set("summary", r.summary)
        .set("approved_by", r.approved_by);
    list.push(std::move(v));
  }
  return list;
}

EditionStatus edition_status(const Project& project) {
  static const std::string kApproved = "approved";
  EditionStatus out;
  const std::string& manual = project.config.document_control.status;
  if (!manual.empty() && manual != kApproved) {
    out.draft = true;
    out.reason = "manual status " + manual;
    return out;
  }
  // A long list helps no one on every page: the first few, then how many more.
  constexpr size_t kNamed = 3;
  std::vector<std::string> named;
  size_t count = 0;
  for (const auto& s : project.sections) {
    if (s.status == kApproved) continue;
    if (++count <= kNamed) named.push_back(s.number + " " + s.title + " (" + s.status + ")");
  }
  if (count == 0) return out;
  out.draft = true;
  out.reason = count == 1 ? "section not approved: " : "sections not approved: ";
  for (size_t i = 0; i < named.size(); ++i) out.reason += (i ? ", " : "") + named[i];
  if (count > named.size()) out.reason += " and " + std::to_string(count - named.size()) + " more";
  return out;
}

}  // namespace imsdoc
