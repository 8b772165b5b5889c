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

constexpr int kPartialDepth = 6;

// `text` with each {{> name}} of a known partial replaced by the partial's source, recursively
// up to `depth` levels.
std::string expand_partials(const std::string& text,
                            const std::map<std::string, std::string>& partials, int depth) {
  static const std::regex kUse(R"(\{\{>\s*([^}\s]+)\s*\}\})");
  if (depth == 0) return text;
  std::string out;
  size_t done = 0;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kUse); it != std::sregex_iterator();
       ++it) {
    auto found = partials.find((*it)[1].str());
    if (found == partials.end()) continue;
    out.append(text, done, static_cast<size_t>(it->position(0)) - done);
    out += expand_partials(found->second, partials, depth - 1);
    done = static_cast<size_t>(it->position(0) + it->length(0));
  }
  out.append(text, done, std::string::npos);
  return out;
}

}  // namespace

struct TemplateSet::Impl {
  std::map<std::string, std::string> partials;      // name -> source
  mus::data partial_data{mus::data::type::object};  // name -> partial returning the source
  std::map<std::string, std::unique_ptr<mus::mustache>> compiled;
  // Further copies of `compiled` for render slots 1.. (kainjow writes its error message into
  // the template object while rendering, so threads must not share one).
  std::vector<std::map<std::string, std::unique_ptr<mus::mustache>>> copies;
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
  for (const auto& [name, source] : impl->partials) {
    const std::string* text = &source;
    impl->partial_data.set(name, mus::partial([text] { return *text; }));
  }
  // kainjow parses a partial's source every time the partial is rendered: the navigation
  // partial runs once per nav entry per page, so parsing dominated a large build. Partials are
  // pasted into the templates instead (kainjow has no standalone-line rules for partials, so the
  // output is the same), recursive ones kPartialDepth levels deep; deeper levels still render
  // through the partial table.
  impl->copies.resize(kSlots - 1);
  for (auto& [name, compiled] : impl->compiled) {
    const std::string& rel = prefix + name + suffix;
    std::string source = expand_partials(theme.files.at(rel), impl->partials, kPartialDepth);
    if (!mus::mustache(source).is_valid()) source = theme.files.at(rel);
    compiled = std::make_unique<mus::mustache>(source);
    for (auto& copy : impl->copies) copy[name] = std::make_unique<mus::mustache>(source);
  }
  return std::unique_ptr<TemplateSet>(new TemplateSet(std::move(impl)));
}

namespace {

mus::data to_data(const TemplateValue& v) {
  switch (v.kind()) {
    case TemplateValue::Kind::kString:
      return mus::data(v.string());
    case TemplateValue::Kind::kBool:
      return mus::data(v.boolean() ? mus::data::type::bool_true : mus::data::type::bool_false);
    case TemplateValue::Kind::kList: {
      mus::data list(mus::data::type::list);
      for (const auto& item : v.items()) list.push_back(to_data(item));
      return list;
    }
    case TemplateValue::Kind::kMap: {
      mus::data map(mus::data::type::object);
      for (const auto& [k, item] : v.entries()) map.set(k, to_data(item));
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

bool TemplateSet::render(const std::string& name, const TemplateValue& data, std::string* out,
                         std::string* error, int slot) const {
  const auto& compiled = slot == 0 ? impl_->compiled : impl_->copies.at(slot - 1);
  auto it = compiled.find(name);
  if (it == compiled.end()) {
    *error = "no template '" + name + "'";
    return false;
  }
  mus::data values = to_data(data);
  PartialContext ctx(&values, &impl_->partial_data);
  *out = it->second->render(ctx);
  if (!it->second->is_valid()) {
    *error = it->second->error_message();
    return false;
  }
  return true;
}

}  // namespace imsdoc
