#include "render/site.h"

#include <algorithm>
#include <atomic>
#include <functional>
#include <set>
#include <thread>

#include "base/text.h"
#include "link/coverage.h"
#include "link/interactions.h"
#include "link/linker.h"
#include "link/trace.h"
#include "render/document_control.h"
#include "render/escape.h"
#include "render/html.h"
#include "render/register_values.h"
#include "render/search_index.h"
#include "render/section_tree.h"

namespace imsdoc {

const std::vector<std::string>& required_templates() {
  static const std::vector<std::string> kTemplates = {"layout", "home",     "section", "register",
                                                      "entry",  "standard", "clause",  "harmonized",
                                                      "trace",  "search",   "print",   "diagram"};
  return kTemplates;
}

std::string relative_url(const std::string& from, const std::string& to) {
  // Skip the directories both paths share, then climb out of the rest of `from`'s.
  size_t common = 0;
  for (size_t i = 0; i < from.size() && i < to.size() && from[i] == to[i]; ++i) {
    if (from[i] == '/') common = i + 1;
  }
  std::string url;
  for (size_t i = common; i < from.size(); ++i) {
    if (from[i] == '/') url += "../";
  }
  url += to.substr(common);
  return url.empty() ? "./" : url;
}

using TV = TemplateValue;

constexpr const char* kSearchIndex = "search-index.js";

// Not in an anonymous namespace: site.h names it, for Site.
class SiteRenderer {
 public:
  SiteRenderer(const Project& project, const Theme& theme, const TemplateSet& templates,
               const DiagramSet& diagrams, const std::string& generator)
      : project_(project),
        theme_(theme),
        templates_(templates),
        diagrams_(diagrams),
        generator_(generator),
        coverage_(compute_coverage(project)),
        tree_(build_section_tree(project.sections)),
        edition_(edition_status(project)) {
    index_pages();
  }

  // Every file of the site, each page once, on every core (see render_all).
  bool run(Diagnostics& diags, FileSink* out, SiteStats* stats) {
    diags_ = &diags;
    out_ = out;
    size_t pages = render_all();
    for (const auto& reg : project_.registers)
      stats->entries += static_cast<int>(reg.entries.size());
    stats->sections = static_cast<int>(project_.sections.size());
    stats->registers = static_cast<int>(project_.registers.size());
    stats->pages = static_cast<int>(pages);
    return ok_;
  }

  // One file of the site. Each call reports its own template error.
  Site::Result render_one(const std::string& path, Diagnostics& diags, std::string* bytes) {
    auto it = page_index_.find(path);
    if (it == page_index_.end()) {
      std::vector<std::string> others = other_files();
      if (std::find(others.begin(), others.end(), path) == others.end()) {
        return Site::Result::kNotFound;
      }
      *bytes = other_file(path);
      return Site::Result::kOk;
    }
    OutputTree one;
    TreeSink sink(&one);
    diags_ = &diags;
    out_ = &sink;
    ok_ = true;
    pages_[it->second].render();
    out_ = nullptr;
    if (!ok_) return Site::Result::kFailed;
    *bytes = std::move(one[path]);
    return Site::Result::kOk;
  }

  std::vector<std::string> files() const {
    std::vector<std::string> out = other_files();
    for (const auto& [path, _] : page_index_) out.push_back(path);
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  struct Page {
    std::string path;
    std::function<void()> render;
  };

  // The pages of the site, each with the function that renders it: what a build renders and
  // what a single page request renders are the same code.
  void index_pages() {
    add_page("index.html", [this] { home(); });
    for (size_t i = 0; i < project_.sections.size(); ++i) {
      add_page(section_page_path(project_.sections[i]),
               [this, i] { section(static_cast<int>(i)); });
    }
    for (const auto& reg : project_.registers) {
      add_page(register_page_path(reg.name), [this, &reg] { register_page(reg); });
      for (size_t i = 0; i < reg.entries.size(); ++i) {
        add_page(entry_page_path(reg.name, reg.entries[i].id),
                 [this, &reg, i] { entry_page(reg, i); });
      }
    }
    for (const auto& c : coverage_) {
      add_page(standard_page_path(*c.standard), [this, &c] { standard_page(c); });
      for (size_t i = 0; i < c.standard->items.size(); ++i) {
        add_page(clause_page_path(*c.standard, c.standard->items[i]),
                 [this, &c, i] { clause_page(c, i); });
      }
    }
    if (project_.standards_in_scope().size() > 1) {
      add_page("standards/harmonized.html", [this] { harmonized_page(); });
    }
    if (const Register* systems = project_.find_register("ai-systems")) {
      for (const auto& e : systems->entries) {
        add_page(trace_page_path(e.id), [this, &e] { trace_page(e); });
      }
    }
    if (diagrams_.find("process-map")) add_page(kProcessMapPage, [this] { process_map_page(); });
    add_page("search.html", [this] { search_page(); });
  }

  void add_page(std::string path, std::function<void()> render) {
    // Two pages at one path were reported by the linker; the first is rendered, as by a build.
    if (page_index_.emplace(path, pages_.size()).second) {
      pages_.push_back({std::move(path), std::move(render)});
    }
  }

  // The files that are not pages: the theme's assets, the search index, the page list.
  std::vector<std::string> other_files() const {
    std::vector<std::string> out;
    for (const auto& [rel, contents] : theme_.files) {
      if (starts_with(rel, "assets/")) out.push_back(rel);
    }
    out.push_back(kSearchIndex);
    out.push_back("pages.js");
    return out;
  }

  std::string other_file(const std::string& path) const {
    if (path == kSearchIndex) return search_index_js(project_);
    if (path == "pages.js") return pages_js();
    return theme_.files.at(path);
  }

  // ---- search and versions -----------------------------------------------------------
  void search_page() {
    const std::string page = "search.html";
    TV crumbs = TV::list();
    crumbs.push(crumb("Home", relative_url(page, "index.html")));
    emit(page, "search", base_data(page, "Search", "search", -1, ""), std::move(crumbs));
  }

  // The pages of this version, for the version switcher: it stays on the same page in the
  // other version when that version has it.
  std::string pages_js() const {
    std::string list;
    for (const auto& [path, _] : page_index_) {
      if (ends_with(path, ".html")) list += (list.empty() ? "" : ",\n") + json_quote(path);
    }
    return "imsdocPagesLoaded(" + json_quote(project_.config.version) + ", [\n" + list + "\n]);\n";
  }

  // ---- section tree -------------------------------------------------------------------
  bool is_ancestor_or_self(int candidate, int of) const {
    for (int n = of; n >= 0; n = tree_.parent[n]) {
      if (n == candidate) return true;
    }
    return false;
  }

  // One entry of the section tree. In the sidebar (`whole` false) only the branch of the
  // current section is expanded: the top level, and the children of the current section and of
  // its ancestors. The whole tree on every page made page size and build time grow with the
  // square of the number of sections (a 1,000-section manual: 200 KB of navigation per page).
  TV nav_item(int i, const std::string& page, int current, bool whole) const {
    const Section& s = project_.sections[i];
    bool open = current >= 0 && is_ancestor_or_self(i, current);
    TV item;
    item.set("number", s.number)
        .set("title", s.title)
        .set("url", relative_url(page, section_page_path(s)))
        .set("current", i == current)
        .set("open", open);
    TV children = TV::list();
    bool shown = whole || open;
    if (shown) {
      for (int c : tree_.children[i]) children.push(nav_item(c, page, current, whole));
    }
    item.set("has_children", shown && !tree_.children[i].empty());
    item.set("children", std::move(children));
    return item;
  }

  TV nav(const std::string& page, int current) const {
    TV list = TV::list();
    for (int r : tree_.roots) list.push(nav_item(r, page, current, false));
    return list;
  }

  TV section_link(int i, const std::string& page) const {
    const Section& s = project_.sections[i];
    TV v;
    v.set("number", s.number)
        .set("title", s.title)
        .set("url", relative_url(page, section_page_path(s)));
    return v;
  }

  // ---- pages --------------------------------------------------------------------------
  TV base_data(const std::string& page, const std::string& title, const std::string& kind,
               int current_section, const std::string& current_register) const {
    const Config& c = project_.config;
    TV site;
    site.set("title", c.title)
        .set("organisation", c.organisation)
        .set("manual_id", c.manual_id)
        .set("version", c.version);
    TV page_info;
    page_info.set("title", title).set("kind", kind).set("path", page);
    TV registers = TV::list();
    for (const auto& reg : project_.registers) {
      TV r;
      r.set("title", reg.schema->title)
          .set("description", reg.schema->description)
          .set("url", relative_url(page, register_page_path(reg.name)))
          .set("count", std::to_string(reg.entries.size()))
          .set("current", reg.name == current_register);
      registers.push(std::move(r));
    }
    TV standards = TV::list();
    for (const Standard* st : project_.standards_in_scope()) {
      TV v;
      v.set("title", st->title)
          .set("short", st->short_name)
          .set("url", relative_url(page, standard_page_path(*st)))
          .set("current", kind == "standard:" + st->short_name);
      standards.push(std::move(v));
    }
    if (project_.standards_in_scope().size() > 1) {
      TV v;
      v.set("title", "Harmonized structure")
          .set("short", "HS")
          .set("url", relative_url(page, "standards/harmonized.html"))
          .set("current", kind == "harmonized");
      standards.push(std::move(v));
    }
    TV data;
    data.set("standards", std::move(standards));
    if (diagrams_.find("process-map")) {
      TV map;
      map.set("url", relative_url(page, kProcessMapPage)).set("current", kind == "process-map");
      data.set("process_map", std::move(map));
    }
    data.set("site", std::move(site))
        .set("page", std::move(page_info))
        .set("root", relative_url(page, ""))
        .set("home_url", relative_url(page, "index.html"))
        .set("generator", generator_)
        .set("nav", nav(page, current_section))
        .set("registers", std::move(registers));
    if (edition_.draft) {
      TV draft;
      draft.set("reason", edition_.reason);
      data.set("draft", std::move(draft));
    }
    return data;
  }

  // A build makes every file on every core: the other files first (the search index takes
  // longest), then the pages; each thread takes the next file, builds its data, renders its
  // templates and puts it into the sink. Which thread renders what changes nothing in the
  // bytes; a template error is reported for the first failed page in page order. Returns the
  // number of pages put.
  struct Failure {
    std::string template_name, error;
  };
  struct Parallel {
    std::atomic<size_t> stored{0};
    std::vector<Failure> failures;  // by page
  };
  static thread_local Failure* t_failure;  // the page this thread is rendering

  size_t render_all() {
    const std::vector<std::string> others = other_files();
    const size_t n = others.size() + pages_.size();
    Parallel state;
    state.failures.resize(pages_.size());
    std::atomic<size_t> next{0};
    auto work = [&] {
      for (size_t i = next++; i < n; i = next++) {
        if (i < others.size()) {
          if (others[i] == kSearchIndex) {  // 28 MB at 10,000 sections: written as it is made
            search_index_js(project_,
                            [this](std::string_view piece) { out_->append(kSearchIndex, piece); });
          } else {
            out_->put(others[i], other_file(others[i]));
          }
          continue;
        }
        t_failure = &state.failures[i - others.size()];
        pages_[i - others.size()].render();
        t_failure = nullptr;
      }
    };
    parallel_ = &state;
    unsigned threads = std::min(std::max(1u, std::thread::hardware_concurrency()), 8u);
    std::vector<std::thread> helpers;
    for (unsigned t = 1; t < threads && t < n; ++t) helpers.emplace_back(work);
    work();
    for (auto& t : helpers) t.join();
    parallel_ = nullptr;
    for (const auto& f : state.failures) {
      if (!f.template_name.empty()) fail(f.template_name, f.error);
    }
    return state.stored;
  }

  void emit(const std::string& page, const std::string& body_template, TV data, TV breadcrumbs) {
    std::string html, failed, error;
    if (!templates_.render_in_layout(body_template, "layout", data, breadcrumbs, &html, &failed,
                                     &error)) {
      if (!parallel_) {
        fail(failed, error);
      } else if (t_failure && t_failure->template_name.empty()) {
        *t_failure = {failed, error};
      }
      return;
    }
    out_->put(page, std::move(html));
    if (parallel_) ++parallel_->stored;
  }

  void fail(const std::string& template_name, const std::string& error) {
    if (!ok_) return;  // one message per build is enough: the same error repeats on every page
    ok_ = false;
    diags_->error({"themes/" + theme_.name + "/templates/" + template_name + ".mustache", 0, 0},
                  "template error: " + error);
  }

  TV crumb(const std::string& title, const std::string& url) const {
    TV c;
    c.set("title", title).set("url", url);
    return c;
  }

  void home() {
    const std::string page = "index.html";
    TV data = base_data(page, project_.config.title, "home", -1, "");
    TV sections = TV::list();
    for (int r : tree_.roots) sections.push(nav_item(r, page, -1, true));
    data.set("sections", std::move(sections));
    int entries = 0;
    for (const auto& reg : project_.registers) entries += static_cast<int>(reg.entries.size());
    TV stats;
    stats.set("sections", std::to_string(project_.sections.size()))
        .set("entries", std::to_string(entries))
        .set("registers", std::to_string(project_.registers.size()));
    data.set("stats", std::move(stats));
    const DocumentControl& dc = project_.config.document_control;
    TV control;
    // Mustache shows a section for any string, even an empty one: unset fields stay unset.
    bool any = false;
    for (const auto& [key, value] : {std::pair<const char*, const std::string&>{"owner", dc.owner},
                                     {"approver", dc.approver},
                                     {"effective", dc.effective},
                                     {"status", dc.status},
                                     {"classification", dc.classification}}) {
      if (value.empty()) continue;
      control.set(key, value);
      any = true;
    }
    if (project_.config.build_docx) control.set("docx_url", "manual.docx");
    TV revisions = revision_list(dc.revisions);
    control.set("has_revisions", !revisions.empty_list()).set("revisions", std::move(revisions));
    // The newest changes only: the full log is in git, and a home page should stay short.
    const size_t shown = std::min(project_.change_log.size(), kChangeLogShown);
    TV change_log = TV::list();
    for (size_t k = 0; k < shown; ++k) change_log.push(history_row(project_.change_log[k]));
    const size_t earlier = project_.change_log.size() - shown;
    control.set("has_change_log", shown > 0)
        .set("change_log", std::move(change_log))
        .set("has_earlier_changes", earlier > 0)
        .set("earlier_changes", std::to_string(earlier));
    any = any || !dc.revisions.empty() || shown > 0 || project_.config.build_docx;
    if (any) data.set("document_control", std::move(control));
    emit(page, "home", std::move(data), TV::list());
  }

  static constexpr size_t kChangeLogShown = 25;

  static TV history_row(const HistoryEntry& h) {
    TV row;
    row.set("date", h.date)
        .set("author", h.author)
        .set("subject", h.subject)
        .set("commit", h.commit)
        .set("short", h.commit.substr(0, 10));
    return row;
  }

  HtmlOptions html_options(const std::string& page) const {
    HtmlOptions o;
    o.allow_raw_html = project_.config.allow_raw_html;
    o.url_for = [this, page](const std::string& id, const std::string& fragment) {
      const Target* t = project_.resolve(id);
      return t ? relative_url(page, t->output_path) + fragment : std::string("#");
    };
    o.diagrams = &diagrams_;
    return o;
  }

  void section(int i) {
    const Section& s = project_.sections[i];
    const std::string page = section_page_path(s);
    TV data = base_data(page, s.number + " " + s.title, "section", i, "");
    std::vector<Heading> headings;
    std::string body = render_html(s.body, html_options(page), &headings);
    TV toc = TV::list();
    for (const auto& h : headings) {
      if (h.level < 2 || h.level > 4) continue;
      TV t;
      t.set("id", h.id).set("text", h.text).set("level", std::to_string(h.level));
      toc.push(std::move(t));
    }
    TV clauses = TV::list();
    for (const auto& c : s.clauses) clauses.push(clause_link(c, page));
    TV info;
    info.set("id", s.id)
        .set("number", s.number)
        .set("title", s.title)
        .set("summary", s.summary)
        .set("owner", s.owner)
        .set("approver", s.approver)
        .set("version", s.version)
        .set("effective", s.effective)
        .set("status", s.status)
        .set("has_clauses", !s.clauses.empty())
        .set("clauses", std::move(clauses));
    TV history = TV::list();
    for (const HistoryEntry& h : s.history) history.push(history_row(h));
    info.set("has_history", !s.history.empty()).set("history", std::move(history));
    TV children = TV::list();
    for (int c : tree_.children[i]) children.push(section_link(c, page));
    data.set("section", std::move(info))
        .set("body", body)
        .set("has_toc", !toc.empty_list())
        .set("toc", std::move(toc))
        .set("has_children", !tree_.children[i].empty())
        .set("children", std::move(children));
    set_backlinks(&data, s.id, page);
    if (i > 0) data.set("prev", section_link(i - 1, page));
    if (i + 1 < static_cast<int>(project_.sections.size()))
      data.set("next", section_link(i + 1, page));
    TV crumbs = TV::list();
    crumbs.push(crumb("Home", relative_url(page, "index.html")));
    std::vector<int> ancestors;
    for (int p = tree_.parent[i]; p >= 0; p = tree_.parent[p]) ancestors.push_back(p);
    for (auto it = ancestors.rbegin(); it != ancestors.rend(); ++it) {
      const Section& a = project_.sections[*it];
      crumbs.push(crumb(a.number + " " + a.title, relative_url(page, section_page_path(a))));
    }
    emit(page, "section", std::move(data), std::move(crumbs));
  }

  // ---- register values ----------------------------------------------------------------
  ValueLinks value_links(const std::string& page) const {
    ValueLinks links;
    links.url_of = [page](const Target& t) { return relative_url(page, t.output_path); };
    links.markdown = html_options(page);
    return links;
  }

  void register_page(const Register& reg) {
    const Schema& schema = *reg.schema;
    const std::string page = register_page_path(reg.name);
    TV data = base_data(page, schema.title, "register", -1, reg.name);
    TV info;
    info.set("name", reg.name)
        .set("title", schema.title)
        .set("singular", schema.singular)
        .set("description", schema.description)
        .set("count", std::to_string(reg.entries.size()));
    TV columns = TV::list();
    for (const auto& c : schema.columns) {
      const FieldSpec* f = schema.field(c);
      TV col;
      col.set("name", c).set("label", f ? f->label : std::string("ID"));
      columns.push(std::move(col));
    }
    TV rows = TV::list();
    ValueLinks links = value_links(page);
    for (const auto& e : reg.entries) {
      TV cells = TV::list();
      for (const auto& c : schema.columns) {
        TV cell;
        cell.set("name", c).set("html", register_cell_html(project_, reg, e, c, links));
        cells.push(std::move(cell));
      }
      TV row;
      row.set("id", e.id)
          .set("url", relative_url(page, entry_page_path(reg.name, e.id)))
          .set("cells", std::move(cells));
      rows.push(std::move(row));
    }
    data.set("register", std::move(info))
        .set("columns", std::move(columns))
        .set("rows", std::move(rows));
    if (reg.name == "processes" && diagrams_.find("process-map")) {
      data.set("process_map_url", relative_url(page, kProcessMapPage));
    }
    set_backlinks(&data, references_into(reg), page, true);
    TV crumbs = TV::list();
    crumbs.push(crumb("Home", relative_url(page, "index.html")));
    emit(page, "register", std::move(data), std::move(crumbs));
  }

  TV entry_link(const Register& reg, size_t i, const std::string& page) const {
    const RegisterEntry& e = reg.entries[i];
    TV v;
    v.set("id", e.id)
        .set("title", entry_title(e, *reg.schema))
        .set("url", relative_url(page, entry_page_path(reg.name, e.id)));
    return v;
  }

  void entry_page(const Register& reg, size_t i) {
    const RegisterEntry& e = reg.entries[i];
    const Schema& schema = *reg.schema;
    const std::string page = entry_page_path(reg.name, e.id);
    std::string title = entry_title(e, schema);
    TV data = base_data(page, e.id + " " + title, "entry", -1, reg.name);
    TV info;
    info.set("id", e.id)
        .set("title", title)
        .set("register_title", schema.title)
        .set("register_url", relative_url(page, register_page_path(reg.name)))
        .set("singular", schema.singular);
    TV fields = TV::list();
    ValueLinks links = value_links(page);
    for (const auto& f : schema.fields) {
      const FieldValue* v = e.value(f.name);
      std::string html = v ? field_value_html(project_, f, *v, links, true) : "";
      TV field;
      field.set("name", f.name)
          .set("label", f.label)
          .set("html", html)
          .set("is_text", f.type == FieldType::kText)
          .set("empty", html.empty());
      fields.push(std::move(field));
    }
    if (reg.name == "ai-systems") info.set("trace_url", relative_url(page, trace_page_path(e.id)));
    data.set("entry", std::move(info)).set("fields", std::move(fields));
    std::string key = reg.name == "processes"    ? "process:" + e.id
                      : reg.name == "ai-systems" ? "ai-system:" + e.id
                                                 : "";
    if (!key.empty()) {
      if (const RenderedDiagram* d = diagrams_.find(key)) {
        TV diagram = diagram_value(*d, page);
        if (reg.name == "processes") {
          diagram.set("map_url", relative_url(page, kProcessMapPage));
        }
        data.set("diagram", std::move(diagram));
      }
    }
    set_backlinks(&data, e.id, page);
    if (i > 0) data.set("prev", entry_link(reg, i - 1, page));
    if (i + 1 < reg.entries.size()) data.set("next", entry_link(reg, i + 1, page));
    TV crumbs = TV::list();
    crumbs.push(crumb("Home", relative_url(page, "index.html")));
    crumbs.push(crumb(schema.title, relative_url(page, register_page_path(reg.name))));
    emit(page, "entry", std::move(data), std::move(crumbs));
  }

  // ---- diagrams -----------------------------------------------------------------------
  static constexpr const char* kProcessMapPage = "process-map.html";

  TV diagram_value(const RenderedDiagram& d, const std::string& page) const {
    TV v;
    v.set("title", d.title)
        .set("wide", is_wide_diagram(d))
        .set("svg", svg_with_links(d.svg, [this, &page](const std::string& id) {
               const Target* t = project_.resolve(id);
               return t ? relative_url(page, t->output_path) : std::string();
             }));
    return v;
  }

  TV process_link(const std::string& id, const std::string& party, const std::string& page) const {
    TV v;
    if (id.empty()) {
      v.set("id", "").set("title", party).set("url", "").set("external", true);
      return v;
    }
    const Target* t = project_.find(id);
    v.set("id", id)
        .set("title", t ? t->title : id)
        .set("url", t ? relative_url(page, t->output_path) : "")
        .set("external", false);
    return v;
  }

  void process_map_page() {
    const std::string page = kProcessMapPage;
    const Register* processes = project_.find_register("processes");
    TV data = base_data(page, "Process-interaction map", "process-map", -1, "");
    data.set("diagram", diagram_value(*diagrams_.find("process-map"), page));
    ProcessInteractions interactions = compute_interactions(project_);
    TV handoffs = TV::list();
    for (const auto& h : interactions.handoffs) {
      TV row;
      row.set("what", h.what)
          .set("from", process_link(h.from, h.party, page))
          .set("to", process_link(h.to, h.party, page));
      handoffs.push(std::move(row));
    }
    TV info;
    info.set("register_url", relative_url(page, register_page_path(processes->name)))
        .set("register_title", processes->schema->title)
        .set("processes", std::to_string(processes->entries.size()))
        .set("handoffs", std::to_string(interactions.handoffs.size()));
    data.set("map", std::move(info))
        .set("handoffs", std::move(handoffs))
        .set("has_handoffs", !interactions.handoffs.empty());
    TV crumbs = TV::list();
    crumbs.push(crumb("Home", relative_url(page, "index.html")));
    crumbs.push(
        crumb(processes->schema->title, relative_url(page, register_page_path(processes->name))));
    emit(page, "diagram", std::move(data), std::move(crumbs));
  }

  // ---- traceability -------------------------------------------------------------------
  TV clause_link(const std::string& ref, const std::string& page) const {
    TV v;
    const Target* t = project_.resolve(ref);
    v.set("ref", ref)
        .set("title", t ? t->title : "")
        .set("url", t ? relative_url(page, t->output_path) : "");
    return v;
  }

  // A link to what `id` names as a reference: a clause or control before an SoA row.
  TV target_link(const std::string& id, const std::string& page) const {
    return link_value(project_.resolve(id), id, page);
  }

  // A link to the section or entry `id` itself, even for an SoA row whose id names a control.
  TV referrer_link(const std::string& id, const std::string& page) const {
    return link_value(project_.find(id), id, page);
  }

  static TV link_value(const Target* t, const std::string& id, const std::string& page) {
    TV v;
    v.set("id", id)
        .set("title", t ? t->title : id)
        .set("label", t ? t->label : id)
        .set("url", t ? relative_url(page, t->output_path) : "");
    return v;
  }

  void set_backlinks(TV* data, const std::string& key, const std::string& page) const {
    set_backlinks(data, project_.references_to(key), page, false);
  }

  // The references of `refs`, grouped by where they come from: sections first, then each
  // register in project order. Each referrer says how it refers (field or text), or with
  // `via_target`, what it refers to.
  void set_backlinks(TV* data, const std::vector<const Reference*>& refs, const std::string& page,
                     bool via_target) const {
    std::vector<std::string> groups = {""};
    for (const auto& reg : project_.registers) groups.push_back(reg.name);
    TV out = TV::list();
    for (const auto& group : groups) {
      std::vector<std::string> order;
      std::map<std::string, std::set<std::string>> via;  // from -> how
      for (const Reference* r : refs) {
        if (r->from_register != group) continue;
        if (!via.count(r->from)) order.push_back(r->from);
        via[r->from].insert(via_target ? r->to : how_it_refers(*r));
      }
      if (order.empty()) continue;
      TV items = TV::list();
      for (const auto& from : order) {
        TV item = referrer_link(from, page);
        std::string how;
        for (const auto& h : via[from]) how += (how.empty() ? "" : ", ") + h;
        item.set("via", how);
        items.push(std::move(item));
      }
      TV g;
      g.set("title",
            group.empty() ? "Manual sections" : project_.find_register(group)->schema->title)
          .set("count", std::to_string(order.size()))
          .set("items", std::move(items));
      out.push(std::move(g));
    }
    data->set("has_backlinks", !out.empty_list()).set("backlinks", std::move(out));
  }

  std::string how_it_refers(const Reference& r) const {
    if (r.kind == Reference::Kind::kMention) return "text";
    const Register* reg =
        r.from_register.empty() ? nullptr : project_.find_register(r.from_register);
    const FieldSpec* f = reg ? reg->schema->field(r.field) : nullptr;
    return f ? f->label : r.field;
  }

  // What refers to the entries of `reg` from outside it: sections and other registers.
  std::vector<const Reference*> references_into(const Register& reg) const {
    std::vector<const Reference*> out;
    for (const auto& r : project_.references) {
      if (r.from_register == reg.name) continue;
      const Target* t = project_.find(r.to);
      if (t && t->kind == Target::Kind::kEntry && t->register_name == reg.name) out.push_back(&r);
    }
    return out;
  }

  static TV counts_value(const CoverageCounts& c) {
    TV v;
    v.set("covered", std::to_string(c.covered))
        .set("mentioned", std::to_string(c.mentioned))
        .set("not_covered", std::to_string(c.not_covered))
        .set("excluded", std::to_string(c.excluded))
        .set("total", std::to_string(c.total()))
        .set("has_excluded", c.excluded > 0)
        .set("percent",
             std::to_string(c.total() ? (100 * c.covered + c.total() / 2) / c.total() : 0));
    return v;
  }

  TV item_value(const StandardCoverage& c, size_t i, const std::string& page) const {
    const CatalogItem& item = c.standard->items[i];
    std::string ref = c.standard->ref(item);
    TV v;
    const char* status = coverage_status_name(c.status[i]);
    v.set("id", item.id)
        .set("ref", ref)
        .set("title", item.title)
        .set("untitled", item.untitled)
        .set("depth", std::to_string(item.depth))
        .set("is_control", item.kind == CatalogItem::Kind::kControl)
        .set("is_group", item.kind == CatalogItem::Kind::kGroup)
        .set("is_leaf", item.leaf())
        .set("status", status)
        .set("status_class", slugify(status))
        .set("references", std::to_string(project_.references_to(ref).size()))
        .set("url", relative_url(page, clause_page_path(*c.standard, item)));
    return v;
  }

  void standard_page(const StandardCoverage& c) {
    const Standard& st = *c.standard;
    const std::string page = standard_page_path(st);
    TV data = base_data(page, st.title + " coverage", "standard:" + st.short_name, -1, "");
    TV clauses = TV::list(), controls = TV::list();
    for (size_t i = 0; i < st.items.size(); ++i) {
      (st.items[i].annex() ? controls : clauses).push(item_value(c, i, page));
    }
    TV info;
    info.set("title", st.title).set("short", st.short_name).set("origin", st.origin);
    data.set("standard", std::move(info))
        .set("clauses", std::move(clauses))
        .set("has_controls", !controls.empty_list())
        .set("controls", std::move(controls))
        .set("clause_counts", counts_value(c.clauses))
        .set("control_counts", counts_value(c.controls));
    TV crumbs = TV::list();
    crumbs.push(crumb("Home", relative_url(page, "index.html")));
    emit(page, "standard", std::move(data), std::move(crumbs));
  }

  void clause_page(const StandardCoverage& c, size_t i) {
    const Standard& st = *c.standard;
    const CatalogItem& item = st.items[i];
    const std::string page = clause_page_path(st, item);
    std::string ref = st.ref(item);
    TV data = base_data(page, st.short_name + " " + item.id + " " + item.title,
                        "standard:" + st.short_name, -1, "");
    TV info = item_value(c, i, page);
    info.set("standard_title", st.title)
        .set("standard_url", relative_url(page, standard_page_path(st)));
    TV children = TV::list();
    for (int child : item.children) children.push(item_value(c, static_cast<size_t>(child), page));
    data.set("clause", std::move(info))
        .set("has_children", !children.empty_list())
        .set("children", std::move(children));
    if (const RegisterEntry* row = project_.find_entry("soa", ref)) {
      TV soa;
      const FieldValue* applicable = row->value("applicable");
      const FieldValue* status = row->value("status");
      soa.set("url", relative_url(page, entry_page_path("soa", row->id)))
          .set("applicable", applicable && applicable->boolean)
          .set("status", status ? status->text : "");
      data.set("soa", std::move(soa));
    }
    set_backlinks(&data, ref, page);
    TV crumbs = TV::list();
    crumbs.push(crumb("Home", relative_url(page, "index.html")));
    crumbs.push(crumb(st.title, relative_url(page, standard_page_path(st))));
    std::vector<int> ancestors;
    for (int p = item.parent; p >= 0; p = st.items[static_cast<size_t>(p)].parent) {
      ancestors.push_back(p);
    }
    for (auto it = ancestors.rbegin(); it != ancestors.rend(); ++it) {
      const CatalogItem& a = st.items[static_cast<size_t>(*it)];
      crumbs.push(crumb(a.id + " " + a.title, relative_url(page, clause_page_path(st, a))));
    }
    emit(page, "clause", std::move(data), std::move(crumbs));
  }

  void harmonized_page() {
    const std::string page = "standards/harmonized.html";
    TV data = base_data(page, "Harmonized structure", "harmonized", -1, "");
    std::vector<const Standard*> in_scope = project_.standards_in_scope();
    TV heads = TV::list();
    for (const Standard* st : in_scope) {
      TV h;
      h.set("title", st->title).set("short", st->short_name);
      heads.push(std::move(h));
    }
    TV rows = TV::list();
    for (const auto& row : project_.catalogs.harmonized) {
      TV cells = TV::list();
      for (const Standard* st : in_scope) {
        TV cell;
        auto it = row.clause_by_standard.find(st->key);
        std::string id = it == row.clause_by_standard.end() ? "" : it->second;
        const CatalogItem* item = id.empty() ? nullptr : st->find(id);
        const StandardCoverage* cov = nullptr;
        for (const auto& c : coverage_) {
          if (c.standard == st) cov = &c;
        }
        if (item && cov) {
          cell = item_value(*cov, static_cast<size_t>(st->index_of(id)), page);
          cell.set("present", true);
        } else {
          cell.set("present", false);
        }
        cells.push(std::move(cell));
      }
      TV r;
      r.set("id", row.id)
          .set("title", row.title)
          .set("note", row.note)
          .set("cells", std::move(cells));
      rows.push(std::move(r));
    }
    data.set("heads", std::move(heads)).set("rows", std::move(rows));
    TV crumbs = TV::list();
    crumbs.push(crumb("Home", relative_url(page, "index.html")));
    emit(page, "harmonized", std::move(data), std::move(crumbs));
  }

  void trace_page(const RegisterEntry& system) {
    const std::string page = trace_page_path(system.id);
    const Register& reg = *project_.find_register("ai-systems");
    std::string title = entry_title(system, *reg.schema);
    TV data = base_data(page, "Trace: " + system.id + " " + title, "trace", -1, "ai-systems");
    TV info = target_link(system.id, page);
    data.set("system", std::move(info));
    TV steps = TV::list();
    int n = 0;
    for (const auto& step : trace_ai_system(project_, system)) {
      const Register& sreg = *project_.find_register(step.register_name);
      TV items = TV::list();
      for (const RegisterEntry* e : step.entries) {
        TV item = target_link(e->id, page);
        std::string meta;
        for (const auto& column : sreg.schema->columns) {
          if (column == "id" || column == sreg.schema->title_field) continue;
          const FieldValue* v = e->value(column);
          const FieldSpec* f = sreg.schema->field(column);
          if (!v || !f || f->type == FieldType::kText || f->type == FieldType::kList) continue;
          std::string text = f->type == FieldType::kBoolean ? (v->boolean ? "yes" : "no") : v->text;
          meta += (meta.empty() ? "" : " · ") + f->label + ": " + text;
        }
        item.set("meta", meta);
        items.push(std::move(item));
      }
      TV st;
      st.set("number", std::to_string(++n))
          .set("title", step.title)
          .set("how", step.how)
          .set("anchor", "step-" + step.register_name)
          .set("count", std::to_string(step.entries.size()))
          .set("empty", step.entries.empty())
          .set("items", std::move(items));
      steps.push(std::move(st));
    }
    data.set("steps", std::move(steps));
    TV crumbs = TV::list();
    crumbs.push(crumb("Home", relative_url(page, "index.html")));
    crumbs.push(crumb(reg.schema->title, relative_url(page, register_page_path(reg.name))));
    crumbs.push(
        crumb(system.id + " " + title, relative_url(page, entry_page_path(reg.name, system.id))));
    emit(page, "trace", std::move(data), std::move(crumbs));
  }

  const Project& project_;
  const Theme& theme_;
  const TemplateSet& templates_;
  const DiagramSet& diagrams_;
  std::string generator_;
  Diagnostics* diags_ = nullptr;
  FileSink* out_ = nullptr;
  std::vector<StandardCoverage> coverage_;
  SectionTree tree_;
  EditionStatus edition_;         // a draft has a banner on every page
  Parallel* parallel_ = nullptr;  // in run()
  std::vector<Page> pages_;
  std::map<std::string, size_t> page_index_;  // path -> index into pages_
  bool ok_ = true;
};

thread_local SiteRenderer::Failure* SiteRenderer::t_failure = nullptr;

bool render_site(const Project& project, const Theme& theme, const TemplateSet& templates,
                 const DiagramSet& diagrams, const std::string& generator, Diagnostics& diags,
                 FileSink* out, SiteStats* stats) {
  return SiteRenderer(project, theme, templates, diagrams, generator).run(diags, out, stats);
}

bool render_site(const Project& project, const Theme& theme, const TemplateSet& templates,
                 const DiagramSet& diagrams, const std::string& generator, Diagnostics& diags,
                 OutputTree* out, SiteStats* stats) {
  TreeSink sink(out);
  return render_site(project, theme, templates, diagrams, generator, diags, &sink, stats);
}

Site::Site(const Project& project, const Theme& theme, const TemplateSet& templates,
           const DiagramSet& diagrams, const std::string& generator)
    : renderer_(std::make_unique<SiteRenderer>(project, theme, templates, diagrams, generator)) {}

Site::~Site() = default;

std::vector<std::string> Site::files() const { return renderer_->files(); }

Site::Result Site::render(const std::string& path, Diagnostics& diags, std::string* bytes) {
  return renderer_->render_one(path, diags, bytes);
}

}  // namespace imsdoc
