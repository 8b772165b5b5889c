#include "render/section_tree.h"

#include <map>

namespace imsdoc {

int SectionTree::depth(int section) const {
  int d = 0;
  for (int n = section; n >= 0; n = parent[static_cast<size_t>(n)]) ++d;
  return d;
}

SectionTree build_section_tree(const std::vector<Section>& sections) {
  SectionTree tree;
  tree.parent.assign(sections.size(), -1);
  tree.children.resize(sections.size());
  std::map<std::string, int> by_number;
  for (size_t i = 0; i < sections.size(); ++i) by_number[sections[i].number] = static_cast<int>(i);
  for (size_t i = 0; i < sections.size(); ++i) {
    std::string n = sections[i].number;
    int parent = -1;
    for (size_t dot = n.rfind('.'); dot != std::string::npos; dot = n.rfind('.')) {
      n = n.substr(0, dot);
      auto it = by_number.find(n);
      if (it != by_number.end()) {
        parent = it->second;
        break;
      }
    }
    tree.parent[i] = parent;
    (parent < 0 ? tree.roots : tree.children[static_cast<size_t>(parent)])
        .push_back(static_cast<int>(i));
  }
  return tree;
}

}  // namespace imsdoc
