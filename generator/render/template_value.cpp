#include "render/template_value.h"

namespace imsdoc {

TemplateValue& TemplateValue::set(const std::string& key, TemplateValue value) {
  for (auto& [k, v] : entries_) {
    if (k == key) {
      v = std::move(value);
      return *this;
    }
  }
  entries_.emplace_back(key, std::move(value));
  return *this;
}

}  // namespace imsdoc
