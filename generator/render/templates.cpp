#include "render/templates.h"

#include <kainjow/mustache.hpp>

#include <map>
#include <regex>
#include <vector>

#include "base/text.h"

namespace imsdoc {

namespace mus = kainjow::mustache;

namespace {

// kainjow reports positions as " at <byte offset>" at the end of its message: turn that into a
// line and column of the template so the diagnostic can point at it.
Diagnostic template_error(const std::string& file, const std::string& text,
                          const std::string& message) {
  Diagnostic d{Severity::kError, {file, 0, 0}, "template error: " + message, "", ""};
  size_t at = message.rfind(" at ");
  if (at != std::string::npos && at + 4 < message.size() &&
      message.find_first_not_of("0123456789", at + 4) == std::string::npos) {
    size_t offset = std::stoul(message.substr(at + 4));
    line_col_at(text, offset, &d.span.line, &d.span.col);
    d.message = "template error: " + message.substr(0, at);
  }
  return d;
}

// kainjow parses a partial again every time it renders it: the navigation of a thousand
// sections parsed nav-item a thousand times per page, half of a page's rendering. Templates are
// therefore compiled with their partials written in (which renders the same bytes: kainjow
// renders a partial into the same output and line state as the text around it), nested up to
// kInlineDepth levels; deeper uses, as in a deeper section tree, stay partials. A partial that
// sets delimiters is never written in: the change would reach the text after it.
constexpr int kInlineDepth = 6;
constexpr size_t kInlineLimit = 1 << 20;  // bytes of template text, for partials used often

std::string inline_partials(const std::string& text,
                            const std::map<std::string, std::string>& partials, int depth) {
  static const std::regex kPartialUse(R"(\{\{>\s*([^}\s]+)\s*\}\})");
  if (depth == 0) return text;
  std::string out;
  size_t pos = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kPartialUse);
       it != std::sregex_iterator(); ++it) {
    size_t at = static_cast<size_t>(it->position(0));
    out.append(text, pos, at - pos);
    pos = at + static_cast<size_t>(it->length(0));
    auto p = partials.find((*it)[1].str());
    if (p == partials.end() || p->second.find("{{=") != std::string::npos ||
        out.size() + p->second.size() > kInlineLimit) {
      out += it->str(0);
    } else {
      out += inline_partials(p->second, partials, depth - 1);
    }
  }
  out.append(text, pos, std::string::npos);
  return out;
}

}  // namespace

struct TemplateSet::Impl {
  std::map<std::string, std::string> partials;      // name -> source
  mus::data partial_data{mus::data::type::object};  // name -> partial returning the source
  std::map<std::string, std::unique_ptr<mus::mustache>> compiled;
  std::vector<std::map<std::string, std::unique_ptr<mus::mustache>>> copies;  // slots 1..

  const std::map<std::string, std::unique_ptr<mus::mustache>>& slot(int i) const {
    return i == 0 ? compiled : copies.at(static_cast<size_t>(i - 1));
  }
};

TemplateSet::TemplateSet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TemplateSet::~TemplateSet() = default;

std::unique_ptr<TemplateSet> TemplateSet::load(const Theme& theme,
                                               const std::vector<std::string>& required,
                                               Diagnostics& diags) {
  auto impl = std::make_unique<Impl>();
  int before = diags.error_count();
  const std::string prefix = "templates/";
  const std::string suffix = ".mustache";
  for (const auto& [rel, text] : theme.files) {
    if (!starts_with(rel, prefix) || !ends_with(rel, suffix)) continue;
    std::string name = rel.substr(prefix.size(), rel.size() - prefix.size() - suffix.size());
    auto compiled = std::make_unique<mus::mustache>(text);
    if (!compiled->is_valid()) {
      diags.add(template_error(theme.origin.at(rel), text, compiled->error_message()));
      continue;
    }
    if (starts_with(name, "partials/")) {
      impl->partials[name.substr(9)] = text;
    } else {
      impl->compiled[name] = std::move(compiled);
    }
  }
  // kainjow renders an unknown partial as nothing: check every {{> name}} exists instead.
  static const std::regex kPartialUse(R"(\{\{>\s*([^}\s]+)\s*\}\})");
  for (const auto& [rel, text] : theme.files) {
    if (!starts_with(rel, prefix) || !ends_with(rel, suffix)) continue;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), kPartialUse);
         it != std::sregex_iterator(); ++it) {
      std::string used = (*it)[1].str();
      if (impl->partials.count(used)) continue;
      Diagnostic d{
          Severity::kError,
          {theme.origin.at(rel), 0, 0},
          "unknown partial '" + used + "'",
          "partials are the files in templates/partials/, e.g. templates/partials/" + used + suffix,
          ""};
      line_col_at(text, static_cast<size_t>(it->position(0)), &d.span.line, &d.span.col);
      diags.add(d);
    }
  }
  for (const auto& name : required) {
    if (!impl->compiled.count(name) && diags.error_count() == before) {
      diags.error({"themes/" + theme.name + "/templates/" + name + suffix, 0, 0},
                  "theme '" + theme.name + "' has no template '" + name + "'");
    }
  }
  if (diags.error_count() != before) return nullptr;
  impl->copies.resize(kSlots - 1);
  for (auto& [name, compiled] : impl->compiled) {
    std::string text = theme.files.at(prefix + name + suffix);
    if (text.find("{{=") == std::string::npos) {
      std::string inlined = inline_partials(text, impl->partials, kInlineDepth);
      if (mus::mustache(inlined).is_valid()) text = std::move(inlined);
    }
    compiled = std::make_unique<mus::mustache>(text);
    for (auto& copy : impl->copies) copy[name] = std::make_unique<mus::mustache>(text);
  }
  for (const auto& [name, source] : impl->partials) {
    const std::string* text = &source;
    impl->partial_data.set(name, mus::partial([text] { return *text; }));
  }
  return std::unique_ptr<TemplateSet>(new TemplateSet(std::move(impl)));
}

namespace {

// kainjow's set() and push_back() take const references and copy: a value is moved into the
// slot they made instead (the containers are not const, only the accessors), or a nested list
// such as the navigation of a thousand sections is copied once per level.
void move_into(const mus::data* slot, mus::data&& value) {
  *const_cast<mus::data*>(slot) = std::move(value);
}

mus::data to_data(const TemplateValue& v) {
  switch (v.kind()) {
    case TemplateValue::Kind::kString:
      return mus::data(v.string());
    case TemplateValue::Kind::kBool:
      return mus::data(v.boolean() ? mus::data::type::bool_true : mus::data::type::bool_false);
    case TemplateValue::Kind::kList: {
      mus::data list(mus::data::type::list);
      auto& items = const_cast<mus::basic_list<std::string>&>(list.list_value());
      items.reserve(v.items().size());
      for (const auto& item : v.items()) items.push_back(to_data(item));
      return list;
    }
    case TemplateValue::Kind::kMap: {
      mus::data map(mus::data::type::object);
      for (const auto& [k, item] : v.entries()) {
        map.set(k, mus::data());
        move_into(map.get(k), to_data(item));
      }
      return map;
    }
  }
  return mus::data();
}

// Looks partials up in their own table, never in the data: a value named like a partial
// ("backlinks") must not hide the partial, and a partial must not hide a value.
class PartialContext : public mus::context<std::string> {
 public:
  PartialContext(const mus::data* values, const mus::data* partials)
      : mus::context<std::string>(values), partials_(partials) {}

  const mus::data* get_partial(const std::string& name) const override {
    return partials_->get(name);
  }

 private:
  const mus::data* partials_;
};

}  // namespace

namespace {

bool render_compiled(const std::map<std::string, std::unique_ptr<mus::mustache>>& compiled,
                     const mus::data& partials, const std::string& name, const mus::data& values,
                     std::string* out, std::string* error) {
  auto it = compiled.find(name);
  if (it == compiled.end()) {
    *error = "no template '" + name + "'";
    return false;
  }
  PartialContext ctx(&values, &partials);
  *out = it->second->render(ctx);
  if (!it->second->is_valid()) {
    *error = it->second->error_message();
    return false;
  }
  return true;
}

}  // namespace

bool TemplateSet::render(const std::string& name, const TemplateValue& data, std::string* out,
                         std::string* error, int slot) const {
  return render_compiled(impl_->slot(slot), impl_->partial_data, name, to_data(data), out, error);
}

bool TemplateSet::render_in_layout(const std::string& body_template, const std::string& layout,
                                   const TemplateValue& data, const TemplateValue& breadcrumbs,
                                   std::string* out, std::string* failed, std::string* error,
                                   int slot) const {
  const auto& compiled = impl_->slot(slot);
  // The data is converted once for both templates: for a large manual the conversion of the
  // navigation costs as much as rendering it.
  mus::data values = to_data(data);
  std::string body;
  if (!render_compiled(compiled, impl_->partial_data, body_template, values, &body, error)) {
    *failed = body_template;
    return false;
  }
  values.set("content", mus::data());
  move_into(values.get("content"), mus::data(std::move(body)));
  values.set("breadcrumbs", mus::data());
  move_into(values.get("breadcrumbs"), to_data(breadcrumbs));
  if (!render_compiled(compiled, impl_->partial_data, layout, values, out, error)) {
    *failed = layout;
    return false;
  }
  return true;
}

}  // namespace imsdoc
