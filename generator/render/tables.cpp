#include "render/tables.h"

#include <set>

#include "link/coverage.h"

namespace imsdoc {

namespace {

TableCell value_cell(const FieldSpec& f, const FieldValue& v) {
  switch (f.type) {
    case FieldType::kText:
      return {doc::plain_text_of(v.markdown)};
    case FieldType::kBoolean:
      return {v.boolean ? "yes" : "no"};
    case FieldType::kInteger:
      return {std::to_string(v.integer), true, v.integer};
    default: {
      std::string out;
      for (const auto& t : v.texts()) out += (out.empty() ? "" : "; ") + t;
      return {out};
    }
  }
}

}  // namespace

DataTable register_table(const Register& reg) {
  DataTable t;
  t.name = reg.name;
  t.title = reg.schema->title;
  t.header = {"id"};
  for (const auto& f : reg.schema->fields) t.header.push_back(f.name);
  for (const auto& e : reg.entries) {
    std::vector<TableCell> cells = {{e.id}};
    for (const auto& f : reg.schema->fields) {
      const FieldValue* v = e.value(f.name);
      cells.push_back(v ? value_cell(f, *v) : TableCell{});
    }
    t.rows.push_back(std::move(cells));
  }
  return t;
}

DataTable coverage_table(const Project& project) {
  DataTable t;
  t.name = "coverage";
  t.title = "Coverage";
  t.header = {"standard", "ref", "kind", "title", "status", "covered_by"};
  for (const auto& c : compute_coverage(project)) {
    for (size_t i = 0; i < c.standard->items.size(); ++i) {
      const CatalogItem& item = c.standard->items[i];
      std::string ref = c.standard->ref(item);
      std::string by;
      std::set<std::string> seen;
      for (const Reference* r : project.references_to(ref)) {
        if (r->covers() && seen.insert(r->from).second) by += (by.empty() ? "" : "; ") + r->from;
      }
      const char* kind = item.kind == CatalogItem::Kind::kControl ? "control"
                         : item.kind == CatalogItem::Kind::kGroup ? "group"
                                                                  : "clause";
      t.rows.push_back({{c.standard->short_name},
                        {ref},
                        {kind},
                        {item.title},
                        {coverage_status_name(c.status[i])},
                        {by}});
    }
  }
  return t;
}

}  // namespace imsdoc
