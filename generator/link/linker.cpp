#include "link/linker.h"

#include <functional>
#include <map>

#include "base/text.h"
#include "diagram/diagrams.h"
#include "load/catalogs.h"

namespace imsdoc {

std::string section_page_path(const Section& s) { return "sections/" + slugify(s.id) + ".html"; }

std::string register_page_path(const std::string& register_name) {
  return "registers/" + register_name + ".html";
}

std::string entry_page_path(const std::string& register_name, const std::string& id) {
  return "registers/" + register_name + "/" + slugify(id) + ".html";
}

std::string clause_page_path(const Standard& standard, const CatalogItem& item) {
  return "standards/" + slugify(standard.short_name) + "/" + slugify(item.id) + ".html";
}

std::string standard_page_path(const Standard& standard) {
  return "standards/" + slugify(standard.short_name) + ".html";
}

std::string entry_title(const RegisterEntry& e, const Schema& schema) {
  const FieldValue* v = e.value(schema.title_field);
  return v && !v->text.empty() ? v->text : e.id;
}

namespace {

// "content/a/b.md" + "../c/d.md#x" -> "content/c/d.md" (fragment dropped). "" if it leaves
// the project.
std::string resolve_relative(const std::string& from_file, const std::string& url) {
  std::string path = url.substr(0, url.find_first_of("#?"));
  std::vector<std::string> parts;
  size_t slash = from_file.rfind('/');
  std::string base = slash == std::string::npos ? "" : from_file.substr(0, slash);
  auto push_all = [&parts](const std::string& s) -> bool {
    size_t start = 0;
    while (start <= s.size()) {
      size_t end = s.find('/', start);
      std::string part =
          s.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (part == "..") {
        if (parts.empty()) return false;
        parts.pop_back();
      } else if (!part.empty() && part != ".") {
        parts.push_back(part);
      }
      if (end == std::string::npos) break;
      start = end + 1;
    }
    return true;
  };
  if (!push_all(base) || !push_all(path)) return "";
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

// True if `url` has a scheme ("https:", "mailto:").
bool has_scheme(const std::string& url) {
  size_t colon = url.find(':');
  return colon != std::string::npos && colon < url.find_first_of("/?#");
}

// A local image file (not a diagram, which the diagram module draws).
bool is_local_image(const std::string& url) {
  if (url.empty() || url[0] == '#' || url[0] == '/' || has_scheme(url)) return false;
  std::string path = url.substr(0, url.find_first_of("#?"));
  return !ends_with(path, ".dot") && !ends_with(path, ".gv");
}

// A relative URL (no scheme, not absolute, not only a fragment) whose path ends in `suffix`.
bool is_relative_link_to(const std::string& url, const char* suffix) {
  if (url.empty() || url[0] == '#' || url[0] == '/' || has_scheme(url)) return false;
  std::string path = url.substr(0, url.find_first_of("#?"));
  return ends_with(path, suffix);
}

bool is_relative_md_link(const std::string& url) { return is_relative_link_to(url, ".md"); }

class Linker {
 public:
  Linker(Project* project, Diagnostics& diags, LinkCache* cache = nullptr,
         const std::set<std::string>* reparsed = nullptr)
      : project_(project), diags_(&diags), cache_(cache), reparsed_(reparsed) {}

  void run() {
    // What a previous link of the same project filled (imsdoc serve links again after a change).
    project_->targets.clear();
    project_->clause_targets.clear();
    project_->references.clear();
    project_->backlinks.clear();
    project_->images.clear();
    index_targets();
    index_clauses();
    bool reuse = false;
    if (cache_) {
      std::string environment = fingerprint();
      reuse = environment == cache_->environment;
      if (!reuse) {
        cache_->files.clear();
        cache_->environment = std::move(environment);
      }
    }
    for (auto& s : project_->sections) {
      link_file(s.path, reuse, [&] {
        Origin from{s.id, "", s.path};
        for (size_t i = 0; i < s.clauses.size(); ++i) {
          add_reference(Reference::Kind::kCites, from, "clauses", s.clauses[i],
                        i < s.clause_spans.size() ? s.clause_spans[i] : s.span);
        }
        link_document(from, &s.body);
      });
    }
    for (auto& reg : project_->registers) {
      link_file(reg.path, reuse, [&] {
        for (auto& e : reg.entries) link_entry(reg, &e);
      });
    }
    for (size_t i = 0; i < project_->references.size(); ++i) {
      project_->backlinks[project_->references[i].to].push_back(i);
    }
  }

 private:
  // Links one source file, or takes what linking it gave last time from the cache.
  void link_file(const std::string& path, bool reuse, const std::function<void()>& link) {
    if (!cache_) {
      link();
      return;
    }
    auto cached = cache_->files.find(path);
    if (reuse && cached != cache_->files.end() && !reparsed_->count(path)) {
      const LinkCache::FileResult& r = cached->second;
      project_->references.insert(project_->references.end(), r.references.begin(),
                                  r.references.end());
      for (const auto& [image, span] : r.images) project_->images.emplace(image, span);
      diags_->merge(r.diags);
      return;
    }
    LinkCache::FileResult r;
    size_t first_reference = project_->references.size();
    Diagnostics* outer = diags_;
    diags_ = &r.diags;
    images_ = &r.images;
    link();
    diags_ = outer;
    images_ = nullptr;
    r.references.assign(project_->references.begin() + static_cast<long>(first_reference),
                        project_->references.end());
    diags_->merge(r.diags);
    cache_->files[path] = std::move(r);
  }

  // Everything linking a file depends on besides the file, as one string.
  std::string fingerprint() const {
    std::string f;
    auto add = [&f](const std::string& s) {
      f += s;
      f += '\0';
    };
    for (const auto& [id, t] : project_->targets) {
      add(id);
      add(std::to_string(static_cast<int>(t.kind)));
      add(t.title);
      add(t.output_path);
      add(t.register_name);
      add(t.label);
    }
    f += '\1';
    for (const auto& [ref, t] : project_->clause_targets) {
      add(ref);
      add(t.output_path);
      add(t.label);
    }
    f += '\1';
    for (const auto& [path, id] : section_by_path_) {
      add(path);
      add(id);
    }
    f += '\1';
    for (const auto& d : project_->diagram_files) add(d.path);
    f += '\1';
    for (const auto& path : project_->unloadable_files) add(path);
    f += '\1';
    for (const auto& reg : project_->registers) add(reg.name);
    return f;
  }

  // Who is referring: a section or an entry, and the file it is written in.
  struct Origin {
    std::string id;
    std::string register_name;
    std::string file;
  };

  void add_target(Target t, const SourceSpan& span) {
    if (const Target* existing = project_->find(t.id)) {
      // Two entries of one register with the same id were already reported by the loader.
      if (existing->kind != t.kind || existing->register_name != t.register_name) {
        diags_->error(span, "id '" + t.id + "' is already used",
                      "ids must be unique in the project");
      }
      return;
    }
    auto [it, inserted] = by_page_.emplace(t.output_path, t.id);
    if (!inserted) {
      diags_->error(
          span, "'" + t.id + "' and '" + it->second + "' would get the same page " + t.output_path,
          "ids must differ in more than case and punctuation");
      return;
    }
    project_->targets.emplace(t.id, t);
  }

  void index_targets() {
    for (const auto& s : project_->sections) {
      if (s.id.empty()) continue;
      Target t{Target::Kind::kSection, s.id, s.title,
               section_page_path(s),   "",   s.number.empty() ? s.title : s.number + " " + s.title};
      add_target(t, s.span);
      section_by_path_[s.path] = s.id;
    }
    for (const auto& reg : project_->registers) {
      for (const auto& e : reg.entries) {
        if (e.id.empty()) continue;
        std::string title = entry_title(e, *reg.schema);
        add_target({Target::Kind::kEntry, e.id, title, entry_page_path(reg.name, e.id), reg.name,
                    title == e.id ? e.id : e.id + " " + title},
                   e.span);
      }
    }
  }

  void index_clauses() {
    for (const Standard* standard : project_->standards_in_scope()) {
      for (const auto& item : standard->items) {
        std::string ref = standard->ref(item);
        project_->clause_targets.emplace(
            ref, Target{Target::Kind::kClause, ref, item.title, clause_page_path(*standard, item),
                        "", standard->short_name + " " + item.id + " " + item.title});
      }
    }
  }

  void add_reference(Reference::Kind kind, const Origin& from, const std::string& field,
                     const std::string& to, const SourceSpan& span, bool to_soa = false) {
    if (to == from.id) {
      // A page does not back-link to itself; a reference field naming its own entry is a
      // mistake (a copied row), a [[...]] to the page it is on links nowhere.
      if (kind != Reference::Kind::kCites) {
        diags_->warning(span,
                        kind == Reference::Kind::kField
                            ? "'" + field + "' of " + to + " refers to " + to + " itself"
                            : to + " refers to itself",
                        "name another section or entry, or remove the reference");
      }
      return;
    }
    Reference r;
    r.kind = kind;
    r.from = from.id;
    r.from_register = from.register_name;
    r.field = field;
    r.to = to;
    r.span = span;
    r.to_soa = to_soa;
    project_->references.push_back(std::move(r));
  }

  // Resolves [[ref]]: fills target_id and, without a label, the target's label as title.
  void link_reference(const Origin& from, doc::Inline* in) {
    if (in->title_from_target()) {
      in->target().title.clear();
      in->target().title_from_target = false;
    }
    const SourceSpan span{from.file, in->line, in->col};
    std::string standard, clause;
    const Target* target = nullptr;
    if (split_clause_ref(in->text, &standard, &clause) && project_->catalogs.find(standard)) {
      if (!check_clause_ref(in->text, span, *project_, *diags_)) return;
      target = project_->resolve(in->text);
    } else {
      target = project_->find(in->text);
      if (!target) {
        if (!project_->unloadable_files.empty()) return;  // it may name an id in one of them
        std::vector<std::string> ids;
        for (const auto& [id, _] : project_->targets) ids.push_back(id);
        std::string guess = closest_match(in->text, ids);
        diags_->error(span, "unknown reference '[[" + in->text + "]]'",
                      guess.empty() ? "[[...]] names a section id (IMS-1.4), a register entry id "
                                      "(RSK-004) or a clause (42001:6.1.2, 27001:A.5.1)"
                                    : "did you mean '" + guess + "'?");
        return;
      }
    }
    if (!target) return;
    in->target().target_id = in->text;
    if (in->title().empty()) {
      in->target().title = target->label;
      in->target().title_from_target = true;
    }
    add_reference(Reference::Kind::kMention, from, "", in->text, span);
  }

  void link_inlines(const Origin& from, doc::Inlines* inlines) {
    for (auto& in : *inlines) {
      in.clear_resolved();
      if (in.kind == doc::InlineKind::kRef) {
        link_reference(from, &in);
        continue;
      }
      if (in.kind == doc::InlineKind::kImage &&
          (is_relative_link_to(in.url(), ".dot") || is_relative_link_to(in.url(), ".gv") ||
           starts_with(in.url(), "imsdoc:"))) {
        link_diagram(from, &in);
        continue;
      }
      if (in.kind == doc::InlineKind::kImage && is_local_image(in.url())) {
        in.target().path = resolve_relative(from.file, in.url());
        if (in.path().empty()) {
          diags_->error({from.file, in.line, in.col},
                        "image '" + in.url() + "': the path leaves the project",
                        "keep images inside the project, next to the Markdown that shows them");
        } else {
          project_->images.emplace(in.path(), SourceSpan{from.file, in.line, in.col});
          if (images_) images_->push_back({in.path(), SourceSpan{from.file, in.line, in.col}});
        }
      }
      if (in.kind == doc::InlineKind::kLink && is_relative_md_link(in.url())) {
        const std::string& file = from.file;
        std::string target = resolve_relative(file, in.url());
        auto it = section_by_path_.find(target);
        if (it != section_by_path_.end()) {
          in.target().target_id = it->second;
          // A link to its own file ("#part" of this page) is fine: not a reference.
          if (it->second != from.id) {
            add_reference(Reference::Kind::kMention, from, "", it->second, {file, in.line, in.col});
          }
        } else if (!project_->unloadable_files.count(target)) {
          std::vector<std::string> paths;
          for (const auto& [p, _] : section_by_path_) paths.push_back(p);
          std::string guess = closest_match(target, paths);
          diags_->error(
              {file, in.line, in.col},
              "link to '" + in.url() + "': " +
                  (target.empty() ? "the path leaves the project" : "no section file " + target),
              guess.empty() ? "links to sections are relative to this file"
                            : "did you mean " + guess + "?");
        }
      }
      if (in.kind == doc::InlineKind::kLink && leaves_project(from.file, in.url())) {
        diags_->error({from.file, in.line, in.col},
                      "link to '" + in.url() + "': the path leaves the project",
                      "link to a section (its .md file or [[ID]]) or to a full URL (https://...)");
      }
      link_inlines(from, &in.children);
    }
  }

  // A relative or absolute path (not a URL with a scheme, not //host/...) that does not stay
  // inside the project: it would point into the reader's own disk from file://.
  static bool leaves_project(const std::string& file, const std::string& url) {
    if (url.empty() || url[0] == '#' || has_scheme(url) || starts_with(url, "//")) return false;
    if (is_relative_md_link(url)) return false;  // reported with the section links
    return url[0] == '/' || resolve_relative(file, url).empty();
  }

  // ![Title](../diagrams/x.dot), relative to this file, or ![Title](imsdoc:process-map) for a
  // generated diagram: target_id becomes the diagram's key.
  void link_diagram(const Origin& from, doc::Inline* in) {
    const SourceSpan span{from.file, in->line, in->col};
    if (starts_with(in->url(), "imsdoc:")) {
      std::string key = in->url().substr(7);
      std::vector<std::string> keys = generated_diagram_keys();
      if (std::find(keys.begin(), keys.end(), key) != keys.end()) {
        in->target().target_id = key;
        return;
      }
      std::string guess = closest_match(key, keys);
      diags_->error(span, "unknown generated diagram '" + in->url() + "'",
                    guess.empty()
                        ? "generated diagrams are imsdoc:process-map, "
                          "imsdoc:process:<process id> and imsdoc:ai-system:<AI system id>"
                        : "did you mean 'imsdoc:" + guess + "'?");
      return;
    }
    std::string target = resolve_relative(from.file, in->url());
    std::vector<std::string> paths;
    for (const auto& f : project_->diagram_files) {
      if (f.path == target) {
        in->target().target_id = diagram_key_for_file(target);
        return;
      }
      paths.push_back(f.path);
    }
    if (project_->unloadable_files.count(target)) return;
    std::string guess = closest_match(target, paths);
    diags_->error(
        span,
        "diagram '" + in->url() +
            "': " + (target.empty() ? "the path leaves the project" : "no diagram file " + target),
        guess.empty() ? "diagram images are relative to this file, e.g. "
                        "![Context](../diagrams/context.dot) in content/"
                      : "did you mean " + guess + "?");
  }

  // The keys render_diagrams gives the diagrams it generates from registers.
  std::vector<std::string> generated_diagram_keys() const {
    std::vector<std::string> keys;
    if (const Register* p = project_->find_register("processes")) {
      keys.push_back("process-map");
      for (const auto& e : p->entries) keys.push_back("process:" + e.id);
    }
    if (const Register* s = project_->find_register("ai-systems")) {
      for (const auto& e : s->entries) keys.push_back("ai-system:" + e.id);
    }
    return keys;
  }

  void link_document(const Origin& from, doc::Document* d) {
    std::function<void(std::vector<doc::Block>*)> walk = [&](std::vector<doc::Block>* blocks) {
      for (auto& b : *blocks) {
        link_inlines(from, &b.inlines);
        if (auto* rows = b.mutable_rows()) {
          for (auto& row : *rows) {
            for (auto& cell : row) link_inlines(from, &cell);
          }
        }
        walk(&b.children);
      }
    };
    walk(&d->blocks);
  }

  bool check_reference(const FieldSpec& f, const FieldValue& v) {
    if (project_->unloadable_files.count(std::string("registers/") + f.target + ".yaml")) {
      return false;
    }
    if (project_->find_entry(f.target, v.text)) return true;
    std::vector<std::string> ids;
    const Register* target = project_->find_register(f.target);
    if (target) {
      for (const auto& e : target->entries) ids.push_back(e.id);
    }
    std::string guess = closest_match(v.text, ids);
    const Schema* schema =
        project_->schemas.count(f.target) ? project_->schemas.at(f.target).get() : nullptr;
    std::string what = schema ? schema->singular : f.target;
    diags_->error(v.span, "unknown " + what + " '" + v.text + "' in field '" + f.name + "'",
                  guess.empty()
                      ? (target ? "no entry with that id in registers/" + f.target + ".yaml"
                                : "the register '" + f.target + "' has no entries")
                      : "did you mean '" + guess + "'?");
    return false;
  }

  void link_value(const Origin& from, const FieldSpec& f, const FieldValue& v) {
    switch (f.value_type()) {
      case FieldType::kReference:
        if (check_reference(f, v)) {
          add_reference(Reference::Kind::kField, from, f.name, v.text, v.span, f.target == "soa");
        }
        break;
      case FieldType::kClause:
        add_reference(Reference::Kind::kCites, from, f.name, v.text, v.span);
        break;
      default:
        break;
    }
  }

  void link_entry(const Register& reg, RegisterEntry* e) {
    Origin from{e->id, reg.name, reg.path};
    for (const auto& f : reg.schema->fields) {
      auto it = e->values.find(f.name);
      if (it == e->values.end()) continue;
      FieldValue& v = it->second;
      if (f.type == FieldType::kText) link_document(from, &v.markdown);
      if (f.type == FieldType::kList) {
        for (const auto& item : v.items) link_value(from, f, item);
      } else {
        link_value(from, f, v);
      }
    }
  }

  Project* project_;
  Diagnostics* diags_;
  LinkCache* cache_;
  const std::set<std::string>* reparsed_;
  std::vector<std::pair<std::string, SourceSpan>>* images_ = nullptr;  // of the file linked
  std::map<std::string, std::string> by_page_;                         // output path -> id
  std::map<std::string, std::string> section_by_path_;                 // source path -> section id
};

}  // namespace

void link_project(Project* project, Diagnostics& diags) { Linker(project, diags).run(); }

void link_project(Project* project, Diagnostics& diags, LinkCache* cache,
                  const std::set<std::string>& reparsed) {
  Linker(project, diags, cache, &reparsed).run();
}

}  // namespace imsdoc
