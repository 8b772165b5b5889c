// Mustache templates of a theme, compiled once by render/mustache.h.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "base/diagnostic.h"
#include "render/template_value.h"
#include "render/theme.h"

namespace imsdoc {

class TemplateSet {
 public:
  ~TemplateSet();

  // Compiles every templates/*.mustache of `theme` and checks the required ones exist and
  // every partial tag names a partial. Template names are file names without extension
  // ("layout"); files in templates/partials/ are partials named after the file
  // ({{> nav-item}}). Syntax errors are reported at the line and column of their tag.
  static std::unique_ptr<TemplateSet> load(const Theme& theme,
                                           const std::vector<std::string>& required,
                                           Diagnostics& diags);

  // Rendering is const and thread-safe: any number of threads may render at once.

  // Renders template `name` with `data`. Returns false and sets `error` on a rendering error.
  bool render(const std::string& name, const TemplateValue& data, std::string* out,
              std::string* error) const;
  // The same, handing the output to `write` in pieces of about a megabyte as it is rendered
  // (for one long document: print.html).
  bool render_streamed(const std::string& name, const TemplateValue& data,
                       const std::function<void(std::string_view)>& write,
                       std::string* error) const;

  // Renders `body_template` with `data`, then `layout` with the same data plus `content` (the
  // body, raw) and `breadcrumbs` looked up before the data's own values of those names. On a
  // rendering error sets `failed` to the template's name.
  bool render_in_layout(const std::string& body_template, const std::string& layout,
                        const TemplateValue& data, const TemplateValue& breadcrumbs,
                        std::string* out, std::string* failed, std::string* error) const;

 private:
  struct Impl;
  explicit TemplateSet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace imsdoc
