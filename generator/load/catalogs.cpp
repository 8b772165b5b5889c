#include "load/catalogs.h"

#include <algorithm>

#include "base/regex.h"
#include "base/resources.h"
#include "base/text.h"
#include "load/fields.h"
#include "load/source_file.h"
#include "load/yaml.h"

namespace imsdoc {

namespace {

using Kind = CatalogItem::Kind;

class CatalogReader {
 public:
  CatalogReader(const std::string& file, Diagnostics& diags, Standard* out)
      : file_(file), diags_(diags), out_(out) {}

  void read(const YamlNode& root) {
    check_known_keys(root, file_, {"standard", "clauses", "annex_a"}, "catalog", diags_);
    const YamlNode* standard = root.get("standard");
    if (!standard || !standard->is_map()) {
      diags_.error(root.span(file_), "a catalog needs a 'standard:' mapping",
                   "standard: {id: soc2, title: SOC 2 Trust Services Criteria, short: TSC}");
      return;
    }
    const std::string ctx = "catalog 'standard'";
    check_known_keys(*standard, file_, {"id", "title", "short", "edition"}, ctx, diags_);
    read_string(*standard, "id", file_, true, ctx, diags_, &out_->key);
    read_string(*standard, "title", file_, true, ctx, diags_, &out_->title);
    const YamlNode* short_node = nullptr;
    if (read_string(*standard, "short", file_, true, ctx, diags_, &out_->short_name, &short_node)) {
      static const Regex kShort = Regex::fixed("^[A-Za-z0-9][A-Za-z0-9_-]*$");
      if (!kShort.full_match(out_->short_name)) {
        diags_.error(short_node->span(file_), "malformed short name '" + out_->short_name + "'",
                     "letters, digits, '-' and '_': it is the prefix of references such as "
                     "'" +
                         std::string("TSC:CC6.1'"));
      }
    }
    read_string(*standard, "edition", file_, false, ctx, diags_, &out_->edition);
    out_->span = standard->span(file_);
    if (const YamlNode* clauses = root.get("clauses")) {
      read_list(*clauses, Kind::kClause, -1);
    }
    if (const YamlNode* annex = root.get("annex_a")) read_list(*annex, Kind::kGroup, -1);
  }

 private:
  void read_list(const YamlNode& list, Kind kind, int parent) {
    if (!list.is_sequence()) {
      diags_.error(list.span(file_),
                   "expected a list of {id, title} items, found " + describe(list));
      return;
    }
    for (const auto& node : list.items) read_item(node, kind, parent);
  }

  void read_item(const YamlNode& node, Kind kind, int parent) {
    if (!node.is_map()) {
      diags_.error(node.span(file_), "expected {id, title}, found " + describe(node));
      return;
    }
    const std::string ctx = "catalog item";
    check_known_keys(node, file_, {"id", "title", "untitled", "children", "controls", "groups"},
                     ctx, diags_);
    CatalogItem item;
    item.kind = kind;
    item.parent = parent;
    item.depth = parent < 0 ? 0 : out_->items[static_cast<size_t>(parent)].depth + 1;
    const YamlNode* id_node = nullptr;
    if (!read_string(node, "id", file_, true, ctx, diags_, &item.id, &id_node)) return;
    read_string(node, "title", file_, true, ctx, diags_, &item.title);
    read_bool(node, "untitled", file_, ctx, diags_, &item.untitled);
    if (item.id.find_first_of(" :|[]") != std::string::npos) {
      diags_.error(id_node->span(file_), "malformed clause id '" + item.id + "'",
                   "clause ids may not contain spaces, ':', '|', '[' or ']'");
      return;
    }
    if (out_->index_of(item.id) >= 0) {
      diags_.error(id_node->span(file_), "duplicate clause id '" + item.id + "'");
      return;
    }
    int index = static_cast<int>(out_->items.size());
    out_->items.push_back(item);
    out_->index.emplace(item.id, index);
    if (parent >= 0) out_->items[static_cast<size_t>(parent)].children.push_back(index);
    if (kind == Kind::kClause) {
      if (const YamlNode* children = node.get("children")) {
        read_list(*children, Kind::kClause, index);
      }
    } else {
      if (const YamlNode* controls = node.get("controls")) {
        read_list(*controls, Kind::kControl, index);
      }
      if (const YamlNode* groups = node.get("groups")) {
        read_list(*groups, Kind::kGroup, index);
      }
    }
  }

  const std::string& file_;
  Diagnostics& diags_;
  Standard* out_;
};

bool load_catalog(const std::string& file, const std::string& text, const InputLimits& limits,
                  Diagnostics& diags, Standard* out) {
  int before = diags.error_count();
  YamlNode root;
  if (!parse_yaml(text, file, 0, &root, diags, limits)) return false;
  if (!root.is_map()) {
    diags.error(root.span(file), "a catalog must be a mapping, found " + describe(root),
                "start with 'standard: {id: ..., title: ..., short: ...}'");
    return false;
  }
  CatalogReader(file, diags, out).read(root);
  return diags.error_count() == before;
}

void load_harmonized(const std::string& file, const std::string& text, Diagnostics& diags,
                     Catalogs* out) {
  YamlNode root;
  if (!parse_yaml(text, file, 0, &root, diags) || !root.is_map()) return;
  if (const YamlNode* keys = root.get("standards")) {
    for (const auto& k : keys->items) out->harmonized_keys.push_back(k.scalar);
  }
  auto read_rows = [&](const char* section, const char* title_key) {
    const YamlNode* rows = root.get(section);
    if (!rows) return;
    for (const auto& row : rows->items) {
      HarmonizedRow r;
      for (const auto& [k, v] : row.entries) {
        if (k.scalar == "id") {
          r.id = v.scalar;
        } else if (k.scalar == title_key) {
          r.title = v.scalar;
        } else if (k.scalar == "note") {
          r.note = v.scalar;
        } else {
          r.clause_by_standard[k.scalar] = v.is_scalar() ? v.scalar : "";
        }
      }
      out->harmonized.push_back(r);
    }
  };
  read_rows("common", "title");
  read_rows("specific", "topic");
}

}  // namespace

bool load_catalogs(const FileSystem& fs, Diagnostics& diags, Catalogs* out,
                   const InputLimits& limits) {
  int before = diags.error_count();
  auto add = [&](Standard s) {
    for (auto& existing : out->standards) {
      if (existing.short_name == s.short_name) {
        existing = std::move(s);
        return;
      }
    }
    out->standards.push_back(std::move(s));
  };
  for (const auto& f : embedded_files_under("catalogs/")) {
    std::string path = "<built-in>/" + std::string(f.path);
    if (ends_with(path, "/harmonized.yaml")) {
      load_harmonized(path, std::string(f.data), diags, out);
      continue;
    }
    Standard s;
    if (load_catalog(path, std::string(f.data), InputLimits{}, diags, &s)) {
      s.origin = "built-in";
      add(std::move(s));
    }
  }
  for (const auto& file : fs.list(kStandardsDir, ".yaml")) {
    std::string text;
    if (!read_source(fs, file, diags, &text, limits)) continue;
    Standard s;
    if (load_catalog(file, text, limits, diags, &s)) {
      s.origin = file;
      add(std::move(s));
    }
  }
  std::sort(out->standards.begin(), out->standards.end(),
            [](const Standard& a, const Standard& b) { return a.short_name < b.short_name; });
  return diags.error_count() == before;
}

void check_standards_in_scope(const Config& config, const Catalogs& catalogs, Diagnostics& diags) {
  for (size_t i = 0; i < config.standards.size(); ++i) {
    const std::string& s = config.standards[i];
    if (catalogs.find(s)) continue;
    std::vector<std::string> names = catalogs.short_names();
    std::string guess = closest_match(s, names);
    diags.error(i < config.standard_spans.size() ? config.standard_spans[i] : config.span,
                "unknown standard '" + s + "'",
                guess.empty() ? "standards with a catalog: " + quoted_list(names) +
                                    "; add your own in standards/<name>.yaml"
                              : "did you mean '" + guess + "'?");
  }
}

bool check_clause_ref(const std::string& ref, const SourceSpan& span, const Project& project,
                      Diagnostics& diags) {
  std::string standard, clause;
  if (!split_clause_ref(ref, &standard, &clause) ||
      clause.find_first_of(" |[]") != std::string::npos) {
    diags.error(span, "malformed clause reference '" + ref + "'",
                "write STANDARD:CLAUSE, e.g. '42001:6.1.2' or '27001:A.5.1'");
    return false;
  }
  const Standard* catalog = project.standard_in_scope(standard);
  if (!catalog) {
    diags.error(
        span, "clause '" + ref + "' belongs to standard " + standard + ", which is not in scope",
        "standards in scope (imsdoc.yaml): " + quoted_list(project.config.standards, "and"));
    return false;
  }
  if (!catalog->find(clause)) {
    std::string guess = closest_match(clause, catalog->ids());
    diags.error(span, "no clause or control " + clause + " in " + catalog->title,
                guess.empty() ? "see the catalog of " + catalog->title
                              : "did you mean '" + standard + ":" + guess + "'?");
    return false;
  }
  return true;
}

}  // namespace imsdoc
