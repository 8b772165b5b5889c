// Coverage of each standard in scope: which clauses and Annex A controls the manual addresses.
//
// A clause is *covered* when a section's front matter `clauses:`, a register field of type
// clause, or a reference to its SoA row (a risk's or process's `controls:`) names it or one of
// its parents; *mentioned* when it is only referred to in text ([[42001:6.1.2]]); *not covered*
// otherwise. An Annex A control is also covered when its SoA row is applicable and lists
// evidence, and *excluded* when its SoA row says it is not applicable. A parent is covered when
// all of its children are. Counts
// are over requirement clauses and controls, i.e. the leaves of the catalog tree.
#pragma once

#include <string>
#include <vector>

#include "model/project.h"

namespace imsdoc {

enum class CoverageStatus { kCovered, kMentioned, kNotCovered, kExcluded };
const char* coverage_status_name(CoverageStatus s);  // "covered", "mentioned", ...

struct CoverageCounts {
  int covered = 0, mentioned = 0, not_covered = 0, excluded = 0;
  int total() const { return covered + mentioned + not_covered + excluded; }
};

struct StandardCoverage {
  const Standard* standard = nullptr;
  std::vector<CoverageStatus> status;  // parallel to standard->items
  CoverageCounts clauses;              // leaf clauses 4-10
  CoverageCounts controls;             // Annex A controls
};

std::vector<StandardCoverage> compute_coverage(const Project& project);

}  // namespace imsdoc
