#include "import/comply.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/regex.h"
#include "base/text.h"
#include "import/markdown_folder.h"
#include "import/markdown_text.h"
#include "load/yaml.h"

namespace imsdoc {

namespace {

struct Folder {
  const char* dir;
  const char* title;
  const char* prefix;  // section id prefix
};
const Folder kFolders[] = {{"narratives", "Narratives", "NAR"},
                           {"policies", "Policies", "POL"},
                           {"procedures", "Procedures", "PRO"}};

// The AICPA 2017 Trust Services Criteria families (the comply file names only their ids).
std::string family_title(const std::string& family) {
  static const std::map<std::string, std::string> kFamilies = {
      {"CC1", "Control environment"},
      {"CC2", "Communication and information"},
      {"CC3", "Risk assessment"},
      {"CC4", "Monitoring activities"},
      {"CC5", "Control activities"},
      {"CC6", "Logical and physical access controls"},
      {"CC7", "System operations"},
      {"CC8", "Change management"},
      {"CC9", "Risk mitigation"},
      {"A1", "Additional criteria for availability"},
      {"C1", "Additional criteria for confidentiality"},
      {"PI1", "Additional criteria for processing integrity"},
      {"P1", "Privacy: notice and communication of objectives"},
      {"P2", "Privacy: choice and consent"},
      {"P3", "Privacy: collection"},
      {"P4", "Privacy: use, retention and disposal"},
      {"P5", "Privacy: access"},
      {"P6", "Privacy: disclosure and notification"},
      {"P7", "Privacy: quality"},
      {"P8", "Privacy: monitoring and enforcement"},
  };
  auto it = kFamilies.find(family);
  return it == kFamilies.end() ? "Family " + family : it->second;
}

std::string id_part(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    } else if (!out.empty() && out.back() != '-') {
      out += '-';
    }
  }
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out.empty() ? "X" : out;
}

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
  return s;
}

}  // namespace

bool is_comply_project(const FileSystem& fs) {
  if (!fs.is_directory("standards")) return false;
  for (const auto& f : kFolders) {
    if (fs.is_directory(f.dir)) return true;
  }
  return false;
}

std::string comply_standard_catalog(const std::string& text, const std::string& path,
                                    Diagnostics& diags, std::string* short_name) {
  YamlNode root;
  int before = diags.error_count();
  if (!parse_yaml(normalize_newlines(text), path, 0, &root, diags) ||
      diags.error_count() > before) {
    return "";
  }
  const YamlNode* name = root.is_map() ? root.get("name") : nullptr;
  if (!name || !name->is_scalar()) {
    diags.error(root.span(path), "a comply standard needs 'name:' and one entry per control",
                "name: TSC, then e.g. CC1.1: {family: CC1, name: ..., description: ...}");
    return "";
  }
  static const Regex kShort = Regex::fixed("^[A-Za-z0-9][A-Za-z0-9_-]*$");
  if (!kShort.full_match(name->scalar)) {
    diags.error(name->span(path),
                "the standard's name '" + name->scalar + "' cannot prefix clause references",
                "letters, digits, '-' and '_'");
    return "";
  }
  *short_name = name->scalar;
  std::vector<std::string> families;
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> controls;
  for (const auto& [key, value] : root.entries) {
    if (key.scalar == "name") continue;
    if (!value.is_map()) {
      diags.warning(key.span(path), "skipped '" + key.scalar + "': not a control mapping");
      continue;
    }
    if (key.scalar.find_first_of(" :|[]") != std::string::npos) {
      diags.warning(key.span(path), "skipped control '" + key.scalar + "': malformed id");
      continue;
    }
    const YamlNode* family = value.get("family");
    const YamlNode* title = value.get("name");
    std::string f = family && family->is_scalar() ? family->scalar : "Other";
    if (!controls.count(f)) families.push_back(f);
    controls[f].push_back({key.scalar, title && title->is_scalar() ? title->scalar : key.scalar});
  }
  std::string out = "# Converted by imsdoc init --extend from " + path + "\n";
  out += "standard: {id: " + slugify(*short_name) + ", title: " +
         yaml_quote(*short_name == "TSC" ? "SOC 2 Trust Services Criteria (2017)" : *short_name) +
         ", short: " + yaml_quote(*short_name) + "}\n";
  out += "clauses:\n";
  for (const auto& f : families) {
    out += "  - id: " + yaml_quote(f) + "\n    title: " + yaml_quote(family_title(f)) +
           "\n    children:\n";
    for (const auto& [id, title] : controls[f]) {
      out += "      - {id: " + yaml_quote(id) + ", title: " + yaml_quote(title) + "}\n";
    }
  }
  return out;
}

bool read_comply_project(const FileSystem& fs, const std::string& shown_as,
                         const std::string& organisation, Diagnostics& diags, ImportedManual* out) {
  auto shown = [&](const std::string& f) { return shown_as.empty() ? f : shown_as + "/" + f; };
  bool ok = true;
  std::vector<std::string> standard_files = fs.list("standards", ".yml");
  for (const auto& f : fs.list("standards", ".yaml")) standard_files.push_back(f);
  std::sort(standard_files.begin(), standard_files.end());
  for (const auto& f : standard_files) {
    std::string text, error;
    if (!fs.read(f, &text, &error)) {
      diags.error({shown(f), 0, 0}, "cannot read: " + error);
      ok = false;
      continue;
    }
    std::string short_name;
    std::string catalog = comply_standard_catalog(text, shown(f), diags, &short_name);
    if (catalog.empty()) {
      ok = false;
      continue;
    }
    std::string file = "standards/" + slugify(short_name) + ".yaml";
    if (out->files.count(file)) {
      diags.error({shown(f), 1, 1}, "a second standard named '" + short_name + "'");
      ok = false;
      continue;
    }
    out->files[file] = catalog;
    out->standards.push_back(short_name);
  }
  std::set<std::string> ids;
  for (const auto& folder : kFolders) {
    if (!fs.is_directory(folder.dir)) continue;
    ImportedSection chapter;
    chapter.title = folder.title;
    chapter.level = 1;
    chapter.source = shown(folder.dir);
    chapter.fields["id"] = folder.prefix + std::string("-0");
    chapter.stem = folder.dir;
    std::string readme = std::string(folder.dir) + "/README.md";
    if (fs.is_file(readme)) {
      std::string text, error;
      ImportedSection r;
      if (fs.read(readme, &text, &error) && read_markdown_file(text, shown(readme), diags, &r)) {
        chapter.body = r.body;
      }
    }
    out->sections.push_back(chapter);
    for (const auto& f : fs.list(folder.dir, ".md")) {
      if (f == readme) continue;
      std::string text, error;
      if (!fs.read(f, &text, &error)) {
        diags.error({shown(f), 0, 0}, "cannot read: " + error);
        ok = false;
        continue;
      }
      ImportedSection s;
      if (!read_markdown_file(text, shown(f), diags, &s)) {
        ok = false;
        continue;
      }
      s.level = 2;
      std::string stem = f.substr(f.find_last_of('/') + 1);
      stem.resize(stem.size() - 3);
      // comply's ids ("patch") and acronyms ("AOTP") become section ids: POL-AOTP, PRO-PATCH.
      std::string key = s.fields.count("acronym") ? s.fields["acronym"]
                        : s.fields.count("id")    ? s.fields["id"]
                                                  : stem;
      std::string id = std::string(folder.prefix) + "-" + id_part(key);
      for (int n = 2; ids.count(id); ++n)
        id = std::string(folder.prefix) + "-" + id_part(key) + "-" + std::to_string(n);
      ids.insert(id);
      s.fields["id"] = id;
      s.fields.erase("acronym");
      s.stem = stem;
      s.title = replace_all(s.title, "{{.Name}}", organisation);
      s.body = replace_all(s.body, "{{.Name}}", organisation);
      out->sections.push_back(std::move(s));
    }
  }
  out->heading_numbers_are_clauses = false;
  return ok;
}

}  // namespace imsdoc
