// Renders the linked project as a static HTML site: bytes keyed by site-relative path.
// Never touches the file system; bundle/ writes the result.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "base/diagnostic.h"
#include "diagram/diagrams.h"
#include "model/project.h"
#include "render/templates.h"
#include "render/theme.h"

namespace imsdoc {

using OutputTree = std::map<std::string, std::string>;  // "sections/ims-1-4.html" -> bytes

// Where rendered files go, each as soon as it is finished: a build writes them into the
// output directory at once (bundle/versions.h), so the site is never held in memory whole.
// Every path is put once, or appended to. Both may be called from several threads at once.
class FileSink {
 public:
  virtual ~FileSink() = default;
  virtual void put(const std::string& path, std::string bytes) = 0;
  // Adds `bytes` to the end of the file at `path`, created by the first call: a long file
  // written piece by piece as it is rendered (print.html).
  virtual void append(const std::string& path, std::string_view bytes) = 0;
};

// A FileSink that keeps the files in a map.
class TreeSink : public FileSink {
 public:
  explicit TreeSink(OutputTree* tree) : tree_(tree) {}
  void put(const std::string& path, std::string bytes) override {
    std::lock_guard<std::mutex> lock(mutex_);
    (*tree_)[path] = std::move(bytes);
  }
  void append(const std::string& path, std::string_view bytes) override {
    std::lock_guard<std::mutex> lock(mutex_);
    (*tree_)[path].append(bytes);
  }

 private:
  std::mutex mutex_;
  OutputTree* tree_;
};

struct SiteStats {
  int pages = 0;
  int sections = 0;
  int entries = 0;
  int registers = 0;
};

// The template names every theme must provide.
const std::vector<std::string>& required_templates();

// Relative URL from page `from` to site path `to` (both site-relative, '/'-separated).
std::string relative_url(const std::string& from, const std::string& to);

// Renders every page and copies the theme's assets. `diagrams` (from render_diagrams) are
// embedded as inline SVG; missing ones are left out. Template errors are reported to `diags`.
bool render_site(const Project& project, const Theme& theme, const TemplateSet& templates,
                 const DiagramSet& diagrams, const std::string& generator, Diagnostics& diags,
                 FileSink* out, SiteStats* stats);
// The same, into a map.
bool render_site(const Project& project, const Theme& theme, const TemplateSet& templates,
                 const DiagramSet& diagrams, const std::string& generator, Diagnostics& diags,
                 OutputTree* out, SiteStats* stats);

class SiteRenderer;

// The same site, one file at a time: imsdoc serve renders a page when it is asked for. A file
// rendered here has the bytes render_site() gives it. Keeps references to its arguments, which
// must outlive it. Not thread-safe: one render at a time.
class Site {
 public:
  Site(const Project& project, const Theme& theme, const TemplateSet& templates,
       const DiagramSet& diagrams, const std::string& generator);
  ~Site();
  Site(const Site&) = delete;
  Site& operator=(const Site&) = delete;

  // Site-relative paths of every file render_site() writes, sorted.
  std::vector<std::string> files() const;

  enum class Result { kOk, kNotFound, kFailed };
  // Renders the file at site-relative `path` into *bytes. kNotFound: the site has no such file;
  // kFailed: a template error, reported to `diags`.
  Result render(const std::string& path, Diagnostics& diags, std::string* bytes);

 private:
  std::unique_ptr<SiteRenderer> renderer_;
};

}  // namespace imsdoc
