#include "model/project.h"

#include <cstdlib>

namespace imsdoc {

const char* field_type_name(FieldType t) {
  switch (t) {
    case FieldType::kString: return "string";
    case FieldType::kText: return "text";
    case FieldType::kEnum: return "enum";
    case FieldType::kDate: return "date";
    case FieldType::kInteger: return "integer";
    case FieldType::kBoolean: return "boolean";
    case FieldType::kList: return "list";
    case FieldType::kReference: return "reference";
    case FieldType::kClause: return "clause";
  }
  return "?";
}

const FieldSpec* Schema::field(const std::string& name) const {
  for (const auto& f : fields) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

std::vector<std::string> FieldValue::texts() const {
  std::vector<std::string> out;
  for (const auto& item : items) out.push_back(item.text);
  if (items.empty() && !text.empty()) out.push_back(text);
  return out;
}

const FieldValue* RegisterEntry::value(const std::string& field) const {
  auto it = values.find(field);
  return it == values.end() ? nullptr : &it->second;
}

const Target* Project::find(const std::string& id) const {
  auto it = targets.find(id);
  return it == targets.end() ? nullptr : &it->second;
}

const Target* Project::resolve(const std::string& ref) const {
  auto it = clause_targets.find(ref);
  return it != clause_targets.end() ? &it->second : find(ref);
}

const Standard* Project::standard_in_scope(const std::string& short_name) const {
  for (const auto& s : config.standards) {
    if (s == short_name) return catalogs.find(s);
  }
  return nullptr;
}

std::vector<const Standard*> Project::standards_in_scope() const {
  std::vector<const Standard*> out;
  for (const auto& s : config.standards) {
    if (const Standard* catalog = catalogs.find(s)) out.push_back(catalog);
  }
  return out;
}

const Register* Project::find_register(const std::string& name) const {
  for (const auto& r : registers) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

bool section_number_less(const std::string& a, const std::string& b) {
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    char* end_a;
    char* end_b;
    long x = std::strtol(a.c_str() + i, &end_a, 10);
    long y = std::strtol(b.c_str() + j, &end_b, 10);
    if (x != y) return x < y;
    i = end_a - a.c_str();
    j = end_b - b.c_str();
    if (i < a.size() && a[i] == '.') ++i;
    if (j < b.size() && b[j] == '.') ++j;
  }
  return a.size() - i < b.size() - j;
}

const RegisterEntry* Project::find_entry(const std::string& register_name,
                                         const std::string& id) const {
  const Register* reg = find_register(register_name);
  if (!reg) return nullptr;
  for (const auto& e : reg->entries) {
    if (e.id == id) return &e;
  }
  return nullptr;
}

std::vector<const Reference*> Project::references_to(const std::string& to) const {
  std::vector<const Reference*> out;
  auto it = backlinks.find(to);
  if (it == backlinks.end()) return out;
  for (size_t i : it->second) out.push_back(&references[i]);
  return out;
}

}  // namespace imsdoc
