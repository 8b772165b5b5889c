#include "model/catalog.h"

namespace imsdoc {

int Standard::index_of(const std::string& id) const {
  auto it = index.find(id);
  return it == index.end() ? -1 : it->second;
}

const CatalogItem* Standard::find(const std::string& id) const {
  int i = index_of(id);
  return i < 0 ? nullptr : &items[static_cast<size_t>(i)];
}

std::vector<std::string> Standard::ids() const {
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const auto& item : items) out.push_back(item.id);
  return out;
}

const Standard* Catalogs::find(const std::string& short_name) const {
  for (const auto& s : standards) {
    if (s.short_name == short_name) return &s;
  }
  return nullptr;
}

std::vector<std::string> Catalogs::short_names() const {
  std::vector<std::string> out;
  for (const auto& s : standards) out.push_back(s.short_name);
  return out;
}

bool split_clause_ref(const std::string& ref, std::string* standard, std::string* clause) {
  size_t colon = ref.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 >= ref.size()) return false;
  *standard = ref.substr(0, colon);
  *clause = ref.substr(colon + 1);
  return true;
}

}  // namespace imsdoc
