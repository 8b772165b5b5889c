#include "render/csv.h"

#include <set>

#include "link/coverage.h"

namespace imsdoc {

namespace {

std::string cell(std::string s) {
  if (!s.empty() &&
      (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r')) {
    s = "'" + s;
  }
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void row(std::string* out, const std::vector<std::string>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) *out += (i ? "," : "") + cell(cells[i]);
  *out += "\r\n";
}

std::string value_text(const FieldSpec& f, const FieldValue& v) {
  switch (f.type) {
    case FieldType::kText:
      return doc::plain_text_of(v.markdown);
    case FieldType::kBoolean:
      return v.boolean ? "yes" : "no";
    case FieldType::kInteger:
      return std::to_string(v.integer);
    default: {
      std::string out;
      for (const auto& t : v.texts()) out += (out.empty() ? "" : "; ") + t;
      return out;
    }
  }
}

}  // namespace

std::string register_csv(const Register& reg) {
  std::string out;
  std::vector<std::string> header = {"id"};
  for (const auto& f : reg.schema->fields) header.push_back(f.name);
  row(&out, header);
  for (const auto& e : reg.entries) {
    std::vector<std::string> cells = {e.id};
    for (const auto& f : reg.schema->fields) {
      const FieldValue* v = e.value(f.name);
      cells.push_back(v ? value_text(f, *v) : "");
    }
    row(&out, cells);
  }
  return out;
}

std::string coverage_csv(const Project& project) {
  std::string out;
  row(&out, {"standard", "ref", "kind", "title", "status", "covered_by"});
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
      row(&out,
          {c.standard->short_name, ref, kind, item.title, coverage_status_name(c.status[i]), by});
    }
  }
  return out;
}

}  // namespace imsdoc
