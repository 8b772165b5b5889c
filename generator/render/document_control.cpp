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

}  // namespace imsdoc
