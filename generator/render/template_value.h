// The data given to templates: a small JSON-like value (string, bool, list, map), built by
// renderers and handed to the template engine. Keeps Mustache out of renderer code.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace imsdoc {

class TemplateValue {
 public:
  enum class Kind { kString, kBool, kList, kMap };

  TemplateValue() : kind_(Kind::kMap) {}
  TemplateValue(std::string s) : kind_(Kind::kString), string_(std::move(s)) {}  // NOLINT
  TemplateValue(const char* s) : kind_(Kind::kString), string_(s) {}             // NOLINT
  TemplateValue(bool b) : kind_(Kind::kBool), bool_(b) {}                        // NOLINT

  static TemplateValue list() {
    TemplateValue v;
    v.kind_ = Kind::kList;
    return v;
  }

  // A list whose items are made when a template goes through it, one at a time, each dropped
  // after use, so that a long list (the print edition's sections: the whole manual) is never
  // all in memory at once. `make` is called with 0 <= i < count and must stay valid as long
  // as the value is rendered.
  static TemplateValue generated(size_t count, std::function<TemplateValue(size_t)> make) {
    TemplateValue v = list();
    v.count_ = count;
    v.make_ = std::make_shared<const std::function<TemplateValue(size_t)>>(std::move(make));
    return v;
  }

  // For maps: sets (or replaces) a key. Returns *this for chaining.
  TemplateValue& set(const std::string& key, TemplateValue value);
  // For lists: appends.
  void push(TemplateValue value) { items_.push_back(std::move(value)); }

  Kind kind() const { return kind_; }
  const std::string& string() const { return string_; }
  bool boolean() const { return bool_; }
  // A list's items (none for a generated list: see size() and make_item()).
  const std::vector<TemplateValue>& items() const { return items_; }
  bool is_generated() const { return make_ != nullptr; }
  size_t size() const { return make_ ? count_ : items_.size(); }
  TemplateValue make_item(size_t i) const { return make_ ? (*make_)(i) : items_.at(i); }
  const std::vector<std::pair<std::string, TemplateValue>>& entries() const { return entries_; }
  bool empty_list() const { return kind_ == Kind::kList && size() == 0; }

 private:
  Kind kind_;
  std::string string_;
  bool bool_ = false;
  std::vector<TemplateValue> items_;
  std::vector<std::pair<std::string, TemplateValue>> entries_;
  size_t count_ = 0;
  std::shared_ptr<const std::function<TemplateValue(size_t)>> make_;
};

}  // namespace imsdoc
