#include "render/templates.h"

#include <map>
#include <span>

#include "base/text.h"
#include "render/mustache.h"

namespace imsdoc {

struct TemplateSet::Impl {
  std::map<std::string, std::unique_ptr<MustacheTemplate>> templates;  // "layout" -> compiled
  std::map<std::string, std::unique_ptr<MustacheTemplate>> partials;   // "nav-item" -> compiled
};

TemplateSet::TemplateSet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
TemplateSet::~TemplateSet() = default;

namespace {

// Every {{> name}} of `tmpl` points at the partial of that name; a missing one is an error at
// the tag (a partial that does not exist would render as nothing).
void link_partials(MustacheTemplate* tmpl, const std::string& file,
                   const std::map<std::string, std::unique_ptr<MustacheTemplate>>& partials,
                   const std::string& suffix, Diagnostics& diags) {
  const auto& tags = tmpl->partial_tags();
  for (size_t i = 0; i < tags.size(); ++i) {
    auto it = partials.find(tags[i].name);
    if (it != partials.end()) {
      tmpl->link_partial(i, it->second.get());
      continue;
    }
    diags.add({Severity::kError,
               {file, tags[i].line, tags[i].col},
               "unknown partial '" + tags[i].name + "'",
               "partials are the files in templates/partials/, e.g. templates/partials/" +
                   tags[i].name + suffix,
               ""});
  }
}

}  // namespace

std::unique_ptr<TemplateSet> TemplateSet::load(const Theme& theme,
                                               const std::vector<std::string>& required,
                                               Diagnostics& diags) {
  auto impl = std::make_unique<Impl>();
  int before = diags.error_count();
  const std::string prefix = "templates/";
  const std::string suffix = ".mustache";
  const std::string partial_prefix = "partials/";
  std::map<MustacheTemplate*, std::string> files;  // compiled -> its file, for messages
  for (const auto& [rel, text] : theme.files) {
    if (!starts_with(rel, prefix) || !ends_with(rel, suffix)) continue;
    std::string name = rel.substr(prefix.size(), rel.size() - prefix.size() - suffix.size());
    MustacheError error;
    auto compiled = MustacheTemplate::parse(text, &error);
    if (!compiled) {
      diags.add({Severity::kError,
                 {theme.origin.at(rel), error.line, error.col},
                 "template error: " + error.message,
                 "",
                 ""});
      continue;
    }
    files[compiled.get()] = theme.origin.at(rel);
    if (starts_with(name, partial_prefix)) {
      impl->partials[name.substr(partial_prefix.size())] = std::move(compiled);
    } else {
      impl->templates[name] = std::move(compiled);
    }
  }
  for (auto* compiled : {&impl->templates, &impl->partials}) {
    for (auto& [name, tmpl] : *compiled) {
      link_partials(tmpl.get(), files.at(tmpl.get()), impl->partials, suffix, diags);
    }
  }
  for (const auto& name : required) {
    if (!impl->templates.count(name) && diags.error_count() == before) {
      diags.error({"themes/" + theme.name + "/templates/" + name + suffix, 0, 0},
                  "theme '" + theme.name + "' has no template '" + name + "'");
    }
  }
  if (diags.error_count() != before) return nullptr;
  return std::unique_ptr<TemplateSet>(new TemplateSet(std::move(impl)));
}

namespace {

bool render_template(const std::map<std::string, std::unique_ptr<MustacheTemplate>>& templates,
                     const std::string& name, const TemplateValue& data,
                     std::span<const MustacheTemplate::RootValue> root_values, std::string* out,
                     std::string* error) {
  auto it = templates.find(name);
  if (it == templates.end()) {
    *error = "no template '" + name + "'";
    return false;
  }
  out->clear();
  if (!it->second->render(data, root_values, out, error)) return false;
  // A page is kept until the site is written, so the spare capacity its growth left (up to
  // as much again) is given back: 8 MB of peak memory for a 1,000-section site.
  out->shrink_to_fit();
  return true;
}

}  // namespace

bool TemplateSet::render(const std::string& name, const TemplateValue& data, std::string* out,
                         std::string* error) const {
  return render_template(impl_->templates, name, data, {}, out, error);
}

bool TemplateSet::render_streamed(const std::string& name, const TemplateValue& data,
                                  const std::function<void(std::string_view)>& write,
                                  std::string* error) const {
  auto it = impl_->templates.find(name);
  if (it == impl_->templates.end()) {
    *error = "no template '" + name + "'";
    return false;
  }
  MustacheTemplate::Drain drain{write};
  std::string rest;
  if (!it->second->render(data, {}, &rest, error, &drain)) return false;
  write(rest);
  return true;
}

bool TemplateSet::render_in_layout(const std::string& body_template, const std::string& layout,
                                   const TemplateValue& data, const TemplateValue& breadcrumbs,
                                   std::string* out, std::string* failed,
                                   std::string* error) const {
  std::string body;
  if (!render_template(impl_->templates, body_template, data, {}, &body, error)) {
    *failed = body_template;
    return false;
  }
  // The layout sees the page's data with `content` and `breadcrumbs` added, as if set in it.
  const TemplateValue content(std::move(body));
  const MustacheTemplate::RootValue added[] = {{"content", &content},
                                               {"breadcrumbs", &breadcrumbs}};
  if (!render_template(impl_->templates, layout, data, added, out, error)) {
    *failed = layout;
    return false;
  }
  return true;
}

}  // namespace imsdoc
