#include "import/extend.h"

#include <algorithm>
#include <filesystem>
#include "base/regex.h"
#include "base/text.h"
#include "import/ai_additions.h"
#include "import/clause_detection.h"
#include "import/project_files.h"
#include "import/scaffold.h"

namespace imsdoc {

namespace {

const Regex& section_id_regex() {
  static const Regex kId = Regex::fixed(R"(^[A-Z][A-Z0-9]*-[A-Za-z0-9.\-]+$)");
  return kId;
}

bool valid_number(const std::string& n) {
  static const Regex kNumber = Regex::fixed(R"(^[0-9]{1,6}(\.[0-9]{1,6}){0,9}$)");
  return kNumber.full_match(n);
}

int depth_of(const std::string& number) {
  return 1 + static_cast<int>(std::count(number.begin(), number.end(), '.'));
}

std::string parent_number(const std::string& number) {
  size_t dot = number.rfind('.');
  return dot == std::string::npos ? "" : number.substr(0, dot);
}

// Keeps the source's section numbers where it has valid ones and gives the others the next
// number after the previous section's ("4.2" after "4.1", "9" after "8"; a leading unnumbered
// preface "0"). If that collides, or a source number does not fit (a duplicate, a nested
// number whose parent no section has), all sections are numbered in document order instead:
// "1", "1.1", "1.2", "2" ...
std::vector<std::string> assign_numbers(const std::vector<ImportedSection>& sections) {
  std::set<std::string> taken;
  for (const auto& s : sections) {
    if (valid_number(s.number)) taken.insert(s.number);
  }
  std::vector<std::string> numbers;
  std::set<std::string> seen;
  std::string top, child;  // the current top-level number and its last child
  bool keep = true;
  for (size_t i = 0; i < sections.size() && keep; ++i) {
    const ImportedSection& s = sections[i];
    std::string n = valid_number(s.number) ? s.number : "";
    bool nested = s.level > 1 && !top.empty();
    if (n.empty()) {
      if (i == 0 && s.title == "Preface" && !taken.count("0")) {
        n = "0";
      } else if (nested) {
        int last = child.empty() ? 0 : std::atoi(child.substr(child.rfind('.') + 1).c_str());
        n = top + "." + std::to_string(last + 1);
      } else {
        n = std::to_string(top.empty() ? 1 : std::atoi(top.c_str()) + 1);
      }
      if (taken.count(n)) keep = false;
      taken.insert(n);
    }
    if (!seen.insert(n).second) keep = false;
    // The nav tree is built from numbers: a nested number needs its parent.
    if (depth_of(n) > 1 && !taken.count(parent_number(n))) keep = false;
    if (depth_of(n) == 1) {
      top = n;
      child.clear();
    } else if (depth_of(n) == 2 && parent_number(n) == top) {
      child = n;
    }
    numbers.push_back(n);
  }
  if (keep) return numbers;
  numbers.clear();
  int t = 0, sub = 0;
  for (const auto& s : sections) {
    if (s.level <= 1 || t == 0) {
      numbers.push_back(std::to_string(++t));
      sub = 0;
    } else {
      numbers.push_back(std::to_string(t) + "." + std::to_string(++sub));
    }
  }
  return numbers;
}

std::string all_text(const ImportedManual& manual) {
  std::string text = manual.title + "\n";
  for (const auto& s : manual.sections) text += s.number + " " + s.title + "\n" + s.body + "\n";
  return text;
}

// Rewrites what would not resolve in the new project: links to Markdown files become
// references to the imported sections ([[ID|text]]) or plain text, local images their
// alternative text, and [[references]] to ids the project does not have plain text.
std::string rewrite_links(const std::string& body, const std::string& source,
                          const std::map<std::string, std::string>& id_by_source_path,
                          const std::vector<std::string>& ids_by_index,
                          const std::set<std::string>& ids, const Catalogs& catalogs,
                          const std::vector<std::string>& scope, Diagnostics& diags) {
  static const Regex kLink = Regex::fixed(
      R"((!?)\[([^\]\n]{0,500})\]\(([^)\s]{1,1000}[^)\s]{0,1000})(\s+"[^"\n]{0,500}")?\))");
  static const Regex kRef = Regex::fixed(R"(\[\[([^\]|\\\n]{1,200})(\\?\|([^\]\n]{0,500}))?\]\])");
  std::string dir = source.substr(0, source.find_last_of('/') + 1);
  std::string out;
  size_t last = 0;
  for (const RegexMatch& m : kLink.find_all(body)) {
    std::string target = m.str(3);
    bool external = target.find("://") != std::string::npos || starts_with(target, "mailto:") ||
                    starts_with(target, "#");
    out += body.substr(last, m.position - last);
    last = m.position + m.length;
    if (external) {
      out += m.str(0);
      continue;
    }
    std::string text = m.str(2);
    if (!m.groups[1].empty()) {
      out += "*" + (text.empty() ? std::string("image") : text) +
             "* (image not imported: " + target + ")";
      diags.warning({source, 0, 0}, "image '" + target + "' was not imported; its text is kept");
      continue;
    }
    if (starts_with(target, kSectionLinkScheme)) {
      size_t index = static_cast<size_t>(
          std::atoi(target.substr(std::string(kSectionLinkScheme).size()).c_str()));
      if (index < ids_by_index.size()) {
        out += "[[" + ids_by_index[index] + (text.empty() ? "" : "\\|" + text) + "]]";
      } else {
        out += text;
      }
      continue;
    }
    std::string file = target.substr(0, target.find('#'));
    std::string resolved = (std::filesystem::path(dir) / file).lexically_normal().generic_string();
    auto found = id_by_source_path.find(resolved);
    if (found != id_by_source_path.end()) {
      out += "[[" + found->second + (text.empty() ? "" : "\\|" + text) + "]]";
    } else {
      out += text;
      diags.warning({source, 0, 0},
                    "link to '" + target + "' kept as text: it is not an imported section");
    }
  }
  out += body.substr(last);
  std::string result;
  std::vector<std::string> dangling;
  last = 0;
  for (const RegexMatch& m : kRef.find_all(out)) {
    std::string id = trim(m.str(1));
    result += out.substr(last, m.position - last);
    last = m.position + m.length;
    std::string standard, clause;
    bool clause_ok = split_clause_ref(id, &standard, &clause) &&
                     std::find(scope.begin(), scope.end(), standard) != scope.end() &&
                     catalogs.find(standard) && catalogs.find(standard)->find(clause);
    if (ids.count(id) || clause_ok) {
      result += m.str(0);
    } else {
      result += !m.groups[3].empty() ? m.str(3) : id;
      if (std::find(dangling.begin(), dangling.end(), id) == dangling.end()) dangling.push_back(id);
    }
  }
  result += out.substr(last);
  // One warning per file: a manual's references to its registers are many.
  if (!dangling.empty()) {
    std::string list;
    for (const auto& id : dangling) list += (list.empty() ? "" : ", ") + id;
    diags.warning({source, 0, 0},
                  std::string(dangling.size() == 1 ? "reference" : "references") +
                      " kept as text, nothing in the new project has that id: " + list,
                  "copy the registers they name into registers/ and write [[ID]] again");
  }
  return result;
}

}  // namespace

std::vector<std::string> detected_standards(const ImportedManual& manual) {
  std::set<std::string> found = standards_mentioned(all_text(manual));
  for (const auto& s : manual.sections) {
    for (const auto& ref : s.clauses) {
      std::string standard, clause;
      if (split_clause_ref(ref, &standard, &clause)) found.insert(standard);
    }
  }
  for (const auto& s : manual.standards) found.insert(s);
  if (!found.count("9001") && !found.count("27001") && manual.standards.empty()) {
    found.insert("9001");
    found.insert("27001");
  }
  std::vector<std::string> out;
  for (const char* iso : {"9001", "27001", "42001"}) {
    if (found.erase(iso)) out.push_back(iso);
  }
  out.insert(out.end(), found.begin(), found.end());
  return out;
}

bool plan_extend(const ImportedManual& manual, const ExtendRequest& request,
                 const Catalogs& catalogs, Diagnostics& diags, ExtendPlan* plan) {
  std::vector<std::string> scope;
  for (const auto& s : detected_standards(manual)) {
    if (catalogs.find(s)) {
      scope.push_back(s);
    } else {
      diags.warning(
          {manual.sections.empty() ? request.source_name : manual.sections[0].source, 0, 0},
          "standard '" + s + "' has no catalog; its clause references are dropped");
    }
  }
  if (std::find(scope.begin(), scope.end(), "42001") == scope.end()) {
    auto at = std::find_if(scope.begin(), scope.end(),
                           [](const std::string& s) { return s != "9001" && s != "27001"; });
    scope.insert(at, "42001");
  }
  plan->standards = scope;
  for (const auto& note : manual.notes) diags.warning({request.source_path, 0, 0}, note);

  ClauseDetection detection;
  detection.catalogs = &catalogs;
  detection.scope = scope;
  std::set<std::string> mentioned = standards_mentioned(all_text(manual));
  for (const char* iso : {"9001", "27001", "42001"}) {
    if (mentioned.count(iso)) detection.document_standards.insert(iso);
  }
  if (detection.document_standards.empty() && manual.standards.empty()) {
    detection.document_standards = {"9001", "27001"};
  }

  std::vector<std::string> numbers = assign_numbers(manual.sections);
  // Ids: the source's when valid and unique, else IMS-<number>.
  std::vector<std::string> ids;
  std::set<std::string> used = {"AI-IMS"};
  for (size_t i = 0; i < manual.sections.size(); ++i) {
    auto f = manual.sections[i].fields.find("id");
    std::string id = f != manual.sections[i].fields.end() ? f->second : "";
    if (id.empty() || id.size() > 64 || !section_id_regex().full_match(id) || used.count(id) ||
        starts_with(id, "AI-")) {
      id = "IMS-" + numbers[i];
      for (int n = 2; used.count(id); ++n) id = "IMS-" + numbers[i] + "-" + std::to_string(n);
    }
    used.insert(id);
    ids.push_back(id);
  }
  std::map<std::string, std::string> id_by_source;
  for (size_t i = 0; i < manual.sections.size(); ++i)
    id_by_source[manual.sections[i].source] = ids[i];

  // AI section ids are known before the bodies are rewritten.
  int top = 0;
  for (const auto& n : numbers) top = std::max(top, std::atoi(n.c_str()));
  const std::string ai_chapter = std::to_string(top + 1);
  std::vector<NewSection> added = ai_sections(ai_chapter, {}, request.effective);
  std::set<std::string> all_ids(ids.begin(), ids.end());
  for (const auto& a : added) all_ids.insert(a.id);

  std::map<std::string, std::string> extended;  // HS clause -> imported section id
  std::map<std::string, std::string> dir_of_top;
  for (size_t i = 0; i < manual.sections.size(); ++i) {
    const ImportedSection& in = manual.sections[i];
    NewSection s;
    s.id = ids[i];
    s.number = numbers[i];
    s.title = in.title;
    auto field = [&](const char* key, std::string fallback) {
      auto it = in.fields.find(key);
      return it != in.fields.end() && !it->second.empty() ? it->second : fallback;
    };
    s.summary = field("summary", "");
    s.owner = field("owner", "To be assigned");
    s.approver = field("approver", "To be assigned");
    s.version = field("version", "0.1");
    s.effective = field("effective", request.effective);
    if (!is_iso_date(s.effective)) s.effective = request.effective;
    s.status = field("status", "draft");
    if (s.status != "draft" && s.status != "in-review" && s.status != "approved" &&
        s.status != "withdrawn") {
      s.status = "draft";
    }
    s.comment = "Imported by imsdoc init --extend from " + in.source;
    s.body = rewrite_links(in.body, in.source, id_by_source, ids, all_ids, catalogs, scope, diags);

    std::vector<std::string> refs;
    for (const auto& ref : in.clauses) {
      std::string standard, clause;
      const Standard* st =
          split_clause_ref(ref, &standard, &clause) ? catalogs.find(standard) : nullptr;
      bool in_scope = std::find(scope.begin(), scope.end(), standard) != scope.end();
      if (st && in_scope && st->find(clause)) {
        refs.push_back(ref);
      } else {
        diags.warning({in.source, 0, 0},
                      "dropped clause '" + ref + "': " +
                          (st && in_scope ? "no such clause or control in " + st->title
                                          : "its standard has no catalog"));
      }
    }
    std::string heading = (in.number.empty() ? "" : in.number + " ") + in.title;
    if (!in.clauses_declared) {
      for (const auto& ref :
           detect_clauses(heading, in.body, manual.heading_numbers_are_clauses, detection)) {
        refs.push_back(ref);
      }
    }
    s.clauses = sort_clause_refs(refs, catalogs);
    for (const auto& ref : s.clauses) {
      std::string standard, clause;
      split_clause_ref(ref, &standard, &clause);
      if (standard != "9001" && standard != "27001") continue;
      for (const char* hs : {"4.1", "5.2", "6.1", "8.1", "9.2", "9.3"}) {
        std::string h = hs;
        if ((clause == h || starts_with(clause, h + ".")) && !extended.count(h)) extended[h] = s.id;
      }
    }

    std::string stem = section_file_stem(s.number, s.title);
    std::string top_number = s.number.substr(0, s.number.find('.'));
    if (!dir_of_top.count(top_number)) {
      dir_of_top[top_number] =
          "content/" + std::string(top_number.size() < 2 ? "0" : "") + stem + "/";
    }
    plan->files[dir_of_top[top_number] + stem + ".md"] = section_file(s);
  }

  added = ai_sections(ai_chapter, extended, request.effective);
  std::string ai_dir = "content/" + std::string(ai_chapter.size() < 2 ? "0" : "") + ai_chapter +
                       "-ai-management-system/";
  for (const auto& a : added) {
    std::string path = ai_dir + section_file_stem(a.number, a.title) + ".md";
    plan->files[path] = section_file(a);
    plan->added_sections.insert(path);
  }

  NewConfig config;
  config.title = !request.title.empty()  ? request.title
                 : !manual.title.empty() ? manual.title
                                         : "Integrated Management System Manual";
  config.organisation = !request.organisation.empty()  ? request.organisation
                        : !manual.organisation.empty() ? manual.organisation
                                                       : "Your organisation";
  static const Regex kVersion = Regex::fixed(R"(^[0-9A-Za-z][0-9A-Za-z.\-]{0,30}$)");
  if (!manual.manual_id.empty() && manual.manual_id.size() < 64)
    config.manual_id = manual.manual_id;
  if (kVersion.full_match(manual.version) && version_name_problem(manual.version).empty()) {
    config.version = manual.version;
  }
  config.standards = scope;
  config.findings = relaxed_findings(scope);
  plan->files["imsdoc.yaml"] = config_file(config);
  plan->files["README.md"] = readme_file(config, request.source_name);
  auto schemas = builtin_schemas();
  for (const char* name : {"ai-systems", "impact-assessments", "risks", "soa", "processes",
                           "audits", "management-reviews"}) {
    auto it = schemas.find(name);
    if (it != schemas.end())
      plan->files["registers/" + std::string(name) + ".yaml"] = empty_register_file(*it->second);
  }
  for (const auto& [path, bytes] : manual.files) plan->files[path] = bytes;
  return true;
}

}  // namespace imsdoc
