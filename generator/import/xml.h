// A small XML reader for the parts of OOXML packages (word/document.xml, styles.xml,
// numbering.xml, relationships). The only XML parser of the import module.
//
// It reads well-formed XML 1.0 as Word and LibreOffice write it: elements, attributes,
// character data, CDATA, the five predefined entities and numeric character references;
// comments and processing instructions are skipped. A DOCTYPE is refused (OOXML parts never
// have one, and refusing it rules out entity expansion attacks). Names are kept as written,
// prefix included ("w:p"): OOXML producers use the conventional prefixes.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace imsdoc {

struct XmlNode {
  std::string name;  // element name as written ("w:p"); empty for a text node
  std::string text;  // character data of a text node
  std::vector<std::pair<std::string, std::string>> attributes;
  std::vector<std::unique_ptr<XmlNode>> children;

  bool is_text() const { return name.empty(); }
  // The value of attribute `key` ("w:val"), or nullptr.
  const std::string* attribute(const std::string& key) const;
  // The first child element called `child_name`, or nullptr.
  const XmlNode* child(const std::string& child_name) const;
  // All character data below this node, in document order.
  std::string all_text() const;
};

// Parses `text` into a tree whose root is the document element. Returns nullptr and sets
// `error` ("line 3: expected '>'") if it is not well-formed. Nesting deeper than 512
// elements is refused.
std::unique_ptr<XmlNode> parse_xml(const std::string& text, std::string* error);

}  // namespace imsdoc
