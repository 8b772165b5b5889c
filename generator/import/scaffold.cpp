#include "import/scaffold.h"

#include <algorithm>
#include <set>

#include "import/markdown_text.h"
#include "import/project_files.h"

namespace imsdoc {

std::string writing_hint(const std::string& id) {
  static const std::map<std::string, std::string> kHints = {
      {"4.1",
       "the internal and external issues that affect the management system, and how "
       "they are reviewed"},
      {"4.2",
       "the interested parties, their relevant requirements, and which of them the "
       "management system addresses"},
      {"4.3", "the scope: sites, services, systems and exclusions, with the reasons"},
      {"4.4",
       "the processes of the management system, their owners, inputs, outputs and "
       "interactions (the processes register)"},
      {"5.1", "how top management leads the management system and shows commitment"},
      {"5.2", "the policy, where it is published and how it is communicated"},
      {"5.3", "the roles, responsibilities and authorities, and who assigns them"},
      {"6.1",
       "how risks and opportunities are assessed and treated (the risks register, and "
       "for Annex A the Statement of Applicability)"},
      {"6.2", "the objectives, their measures, owners and deadlines"},
      {"6.3", "how changes to the management system are planned"},
      {"7.1", "the resources provided: people, infrastructure, environment, tools"},
      {"7.2", "the competence needed for each role and how it is achieved and recorded"},
      {"7.3",
       "how people are made aware of the policy, their contribution and the "
       "consequences of not conforming"},
      {"7.4", "what is communicated, when, to whom and by whom"},
      {"7.5",
       "how documented information is created, approved, controlled and retained (this "
       "manual's own document control included)"},
      {"8.1", "how operations are planned and controlled, and the records that show it"},
      {"9.1", "what is monitored and measured, how, when, and who evaluates the results"},
      {"9.2", "the internal audit programme (the audits register)"},
      {"9.3",
       "management reviews: inputs, decisions and actions (the management-reviews "
       "register)"},
      {"10.1", "how continual improvement is driven"},
      {"10.2",
       "how nonconformities are handled and corrective actions verified (the "
       "corrective-actions register)"},
  };
  auto it = kHints.find(id);
  return it == kHints.end() ? "" : it->second;
}

std::vector<std::pair<std::string, std::string>> relaxed_findings(
    const std::vector<std::string>& standards) {
  bool annex = false;
  for (const auto& s : standards) annex = annex || s == "27001" || s == "42001";
  if (!annex) return {};
  return {{"soa-missing-control",
           "until registers/soa.yaml has a row for every Annex A control; then delete these "
           "two lines (the default is error)"}};
}

namespace {

struct ClauseTitle {
  std::string standard;  // short name
  std::string title;
};

std::string section_title(const std::string& id, const std::vector<ClauseTitle>& titles,
                          const Catalogs& catalogs) {
  for (const auto& row : catalogs.harmonized) {
    if (row.id == id && !row.title.empty()) return row.title;
  }
  std::vector<std::string> distinct;
  for (const auto& t : titles) {
    if (std::find(distinct.begin(), distinct.end(), t.title) == distinct.end())
      distinct.push_back(t.title);
  }
  if (distinct.size() == 1) return distinct[0];
  std::string out;
  for (const auto& t : titles) {
    out += (out.empty() ? "" : " / ") + t.title + " (" + t.standard + ")";
  }
  return out;
}

std::string placeholder(const std::string& id, const std::vector<ClauseTitle>& titles,
                        const std::vector<const Standard*>& standards) {
  std::string hint = writing_hint(id);
  std::string out = "> **To write:** describe how the organisation meets ";
  out += titles.size() == 1 ? "this clause" : "these clauses";
  out += hint.empty() ? "" : ": " + hint;
  out +=
      ". Say who is responsible, how the work is done and which records prove it; link "
      "the registers that hold them. Replace this paragraph.\n\n";
  out += "Addresses:\n\n";
  for (const auto& t : titles) {
    std::string full;
    for (const Standard* s : standards) {
      if (s->short_name == t.standard) full = s->title;
    }
    out += "- " + escape_markdown(full, false) + " " + id + " " + escape_markdown(t.title, false) +
           "\n";
  }
  return out;
}

}  // namespace

std::map<std::string, std::string> scaffold_project(const ScaffoldRequest& request,
                                                    const Catalogs& catalogs) {
  std::map<std::string, std::string> files;
  std::vector<const Standard*> standards;
  for (const auto& s : request.standards) {
    if (const Standard* st = catalogs.find(s)) standards.push_back(st);
  }
  NewConfig config;
  config.title = request.title;
  config.organisation = request.organisation;
  config.standards = request.standards;
  config.findings = relaxed_findings(request.standards);
  files["imsdoc.yaml"] = config_file(config);
  files["README.md"] = readme_file(config, "");

  // Clauses 4 to 10 and their sub-clauses, merged by number across the standards.
  for (int top = 4; top <= 10; ++top) {
    const std::string chapter = std::to_string(top);
    std::vector<ClauseTitle> chapter_titles;
    std::vector<std::string> sub_ids;
    std::map<std::string, std::vector<ClauseTitle>> sub_titles;
    for (const Standard* s : standards) {
      const CatalogItem* item = s->find(chapter);
      if (!item) continue;
      chapter_titles.push_back({s->short_name, item->title});
      for (int child : item->children) {
        const CatalogItem& c = s->items[static_cast<size_t>(child)];
        if (!sub_titles.count(c.id)) sub_ids.push_back(c.id);
        sub_titles[c.id].push_back({s->short_name, c.title});
      }
    }
    if (chapter_titles.empty()) continue;
    std::sort(sub_ids.begin(), sub_ids.end(), [](const std::string& a, const std::string& b) {
      return std::stoi(a.substr(a.find('.') + 1)) < std::stoi(b.substr(b.find('.') + 1));
    });
    NewSection c;
    c.id = "IMS-" + chapter;
    c.number = chapter;
    c.title = section_title(chapter, chapter_titles, catalogs);
    c.effective = request.effective;
    c.summary = "Clause " + chapter + " of the standards in scope.";
    c.body =
        "> **To write:** a short introduction to this chapter: what it covers and who owns "
        "it. Each sub-section below addresses one clause.\n";
    std::string dir =
        "content/" + std::string(top < 10 ? "0" : "") + section_file_stem(chapter, c.title) + "/";
    files[dir + section_file_stem(chapter, c.title) + ".md"] = section_file(c);
    for (const auto& id : sub_ids) {
      NewSection s;
      s.id = "IMS-" + id;
      s.number = id;
      s.title = section_title(id, sub_titles[id], catalogs);
      s.effective = request.effective;
      for (const auto& t : sub_titles[id]) s.clauses.push_back(t.standard + ":" + id);
      s.body = placeholder(id, sub_titles[id], standards);
      files[dir + section_file_stem(id, s.title) + ".md"] = section_file(s);
    }
  }

  auto schemas = builtin_schemas();
  for (const auto& [name, schema] : schemas) {
    files["registers/" + name + ".yaml"] = empty_register_file(*schema);
  }
  return files;
}

}  // namespace imsdoc
