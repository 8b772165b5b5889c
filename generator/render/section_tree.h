// The sections of a manual as a tree: each section's parent is the nearest existing ancestor by
// number (1.2.3 -> 1.2 -> 1). Shared by the site's navigation and the print document.
#pragma once

#include <vector>

#include "model/project.h"

namespace imsdoc {

struct SectionTree {
  std::vector<int> parent;                 // per section index; -1 for a root
  std::vector<std::vector<int>> children;  // per section index, in section order
  std::vector<int> roots;                  // in section order

  // 1 for a root, 2 for its children, ...
  int depth(int section) const;
};

// `sections` sorted by number, as in Project::sections.
SectionTree build_section_tree(const std::vector<Section>& sections);

}  // namespace imsdoc
