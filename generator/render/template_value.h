// The data given to templates: a small JSON-like value (string, bool, list, map), built by
// renderers and handed to the template engine. Keeps Mustache out of renderer code.
#pragma once

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

  // For maps: sets (or replaces) a key. Returns *this for chaining.
  TemplateValue& set(const std::string& key, TemplateValue value);
  // For lists: appends.
  void push(TemplateValue value) { items_.push_back(std::move(value)); }

  Kind kind() const { return kind_; }
  const std::string& string() const { return string_; }
  bool boolean() const { return bool_; }
  const std::vector<TemplateValue>& items() const { return items_; }
  const std::vector<std::pair<std::string, TemplateValue>>& entries() const { return entries_; }
  bool empty_list() const { return kind_ == Kind::kList && items_.empty(); }

 private:
  Kind kind_;
  std::string string_;
  bool bool_ = false;
  std::vector<TemplateValue> items_;
  std::vector<std::pair<std::string, TemplateValue>> entries_;
};

}  // namespace imsdoc
