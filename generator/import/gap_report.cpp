#include "import/gap_report.h"

#include "base/file_system.h"
#include "check/findings.h"
#include "link/coverage.h"
#include "link/linker.h"
#include "load/project_loader.h"

namespace imsdoc {

bool load_planned_project(const std::map<std::string, std::string>& files, const std::string& as_of,
                          Diagnostics& diags, Project* project) {
  MemoryFileSystem fs(files);
  if (!load_project(fs, diags, project)) return false;
  link_project(project, diags);
  if (!diags.has_errors()) check_findings(*project, as_of, diags);
  return true;
}

namespace {

void wrap_list(const std::vector<std::string>& items, std::string* out) {
  const size_t width = 96;
  std::string line = "    not covered:";
  for (const auto& item : items) {
    if (line.size() + 1 + item.size() > width) {
      *out += line + "\n";
      line = "     ";
    }
    line += " " + item;
  }
  *out += line + "\n";
}

}  // namespace

std::string gap_report(const Project& full, const Project& imported) {
  std::vector<StandardCoverage> all = compute_coverage(full);
  std::vector<StandardCoverage> before = compute_coverage(imported);
  std::string out =
      "imsdoc: gap report (requirement clauses and Annex A controls not covered by "
      "any section)\n";
  bool annex_gaps = false;
  for (const auto& c : all) {
    const StandardCoverage* b = nullptr;
    for (const auto& x : before) {
      if (x.standard->short_name == c.standard->short_name) b = &x;
    }
    out += c.standard->title + "\n";
    for (bool annex : {false, true}) {
      int total = 0, by_import = 0, by_added = 0;
      std::vector<std::string> missing;
      const auto& items = c.standard->items;
      for (size_t i = 0; i < items.size(); ++i) {
        if (!items[i].leaf() || items[i].annex() != annex) continue;
        ++total;
        bool covered_before = b && (b->status[i] == CoverageStatus::kCovered ||
                                    b->status[i] == CoverageStatus::kExcluded);
        bool covered_now =
            c.status[i] == CoverageStatus::kCovered || c.status[i] == CoverageStatus::kExcluded;
        if (covered_before) {
          ++by_import;
        } else if (covered_now) {
          ++by_added;
        } else {
          missing.push_back(c.standard->ref(items[i]));
        }
      }
      if (total == 0) continue;
      out += std::string("  ") + (annex ? "Annex A controls" : "clauses") + ": " +
             std::to_string(total) + " in total, " + std::to_string(by_import) +
             " covered by the imported manual, " + std::to_string(by_added) +
             " by the added AI sections, " + std::to_string(missing.size()) + " not covered\n";
      if (!missing.empty()) wrap_list(missing, &out);
      if (annex && !missing.empty()) annex_gaps = true;
    }
  }
  if (annex_gaps) {
    out +=
        "hint: an Annex A control is covered by its row in registers/soa.yaml (applicable, "
        "with evidence, or excluded with a justification), or by a section that names it in "
        "clauses:\n";
  }
  return out;
}

}  // namespace imsdoc
