#include "link/coverage.h"

namespace imsdoc {

const char* coverage_status_name(CoverageStatus s) {
  switch (s) {
    case CoverageStatus::kCovered:
      return "covered";
    case CoverageStatus::kMentioned:
      return "mentioned";
    case CoverageStatus::kNotCovered:
      return "not covered";
    case CoverageStatus::kExcluded:
      return "excluded";
  }
  return "";
}

namespace {

// How the clause itself is referred to: 2 covered, 1 mentioned, 0 not at all.
int direct_level(const Project& project, const std::string& ref) {
  int level = 0;
  for (const Reference* r : project.references_to(ref))
    level = std::max(level, r->covers() ? 2 : 1);
  return level;
}

// What the SoA row of a control says: excluded, implemented with evidence, or neither.
enum class SoaState { kNone, kExcluded, kEvidenced };

SoaState soa_state(const Project& project, const std::string& ref) {
  const RegisterEntry* row = project.find_entry("soa", ref);
  if (!row) return SoaState::kNone;
  const FieldValue* applicable = row->value("applicable");
  if (applicable && !applicable->boolean) return SoaState::kExcluded;
  const FieldValue* evidence = row->value("evidence");
  return evidence && !evidence->items.empty() ? SoaState::kEvidenced : SoaState::kNone;
}

}  // namespace

std::vector<StandardCoverage> compute_coverage(const Project& project) {
  std::vector<StandardCoverage> out;
  for (const Standard* standard : project.standards_in_scope()) {
    StandardCoverage c;
    c.standard = standard;
    const auto& items = standard->items;
    // Items are in document order, so a parent's level is known before its children's.
    std::vector<int> level(items.size(), 0);
    c.status.resize(items.size(), CoverageStatus::kNotCovered);
    for (size_t i = 0; i < items.size(); ++i) {
      const CatalogItem& item = items[i];
      level[i] = direct_level(project, standard->ref(item));
      if (item.parent >= 0) level[i] = std::max(level[i], level[static_cast<size_t>(item.parent)]);
      c.status[i] = level[i] == 2   ? CoverageStatus::kCovered
                    : level[i] == 1 ? CoverageStatus::kMentioned
                                    : CoverageStatus::kNotCovered;
      if (item.kind == CatalogItem::Kind::kControl) {
        SoaState soa = soa_state(project, standard->ref(item));
        if (soa == SoaState::kExcluded) c.status[i] = CoverageStatus::kExcluded;
        if (soa == SoaState::kEvidenced) c.status[i] = CoverageStatus::kCovered;
      }
    }
    // A parent is covered when all of its children are (bottom-up, reverse document order).
    for (size_t i = items.size(); i-- > 0;) {
      const CatalogItem& item = items[i];
      if (item.leaf() || c.status[i] == CoverageStatus::kCovered) continue;
      bool all = true;
      for (int child : item.children) {
        CoverageStatus s = c.status[static_cast<size_t>(child)];
        all = all && (s == CoverageStatus::kCovered || s == CoverageStatus::kExcluded);
      }
      if (all) c.status[i] = CoverageStatus::kCovered;
    }
    for (size_t i = 0; i < items.size(); ++i) {
      if (!items[i].leaf()) continue;
      CoverageCounts& counts = items[i].annex() ? c.controls : c.clauses;
      switch (c.status[i]) {
        case CoverageStatus::kCovered:
          ++counts.covered;
          break;
        case CoverageStatus::kMentioned:
          ++counts.mentioned;
          break;
        case CoverageStatus::kNotCovered:
          ++counts.not_covered;
          break;
        case CoverageStatus::kExcluded:
          ++counts.excluded;
          break;
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace imsdoc
