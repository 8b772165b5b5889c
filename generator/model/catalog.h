// Standards catalogs: the clause and Annex A control numbers and titles of each standard, and
// the harmonized structure that maps the shared clauses between them. Loaded by load/catalogs
// (built-in ISO 9001, ISO/IEC 27001, ISO/IEC 42001, plus a project's own catalogs), read by the
// linker, the checks and the renderers. Plain data.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/diagnostic.h"

namespace imsdoc {

struct CatalogItem {
  enum class Kind { kClause, kGroup, kControl };
  Kind kind = Kind::kClause;
  std::string id;             // "6.1.2", "A.6", "A.6.2.4"
  std::string title;          // short reference title only, never the standard's text
  bool untitled = false;      // numbered sub-clause without a heading of its own (9001 4.4.1)
  int parent = -1;            // index into Standard::items, -1 at the top level
  std::vector<int> children;  // indices into Standard::items
  int depth = 0;              // 0 at the top level

  bool leaf() const { return children.empty(); }
  bool annex() const { return kind != Kind::kClause; }
};

struct Standard {
  std::string key;         // "iso42001": names it in harmonized.yaml
  std::string short_name;  // "42001": the prefix of references such as 42001:6.1.2
  std::string title;       // "ISO/IEC 42001:2023"
  std::string edition;
  std::string origin;  // "built-in" or the project file
  SourceSpan span;
  std::vector<CatalogItem> items;    // document order: clauses first, then Annex A
  std::map<std::string, int> index;  // id -> position in items

  const CatalogItem* find(const std::string& id) const;
  int index_of(const std::string& id) const;  // -1 if absent
  std::vector<std::string> ids() const;
  // "42001:6.1.2"
  std::string ref(const CatalogItem& item) const { return short_name + ":" + item.id; }
};

// One clause of the harmonized structure and the clause that carries it in each standard.
struct HarmonizedRow {
  std::string id;     // "6.1"; empty for standard-specific topics
  std::string title;  // the HS title, or the topic
  std::string note;
  std::map<std::string, std::string> clause_by_standard;  // standard key -> clause id ("" none)
};

struct Catalogs {
  std::vector<Standard> standards;           // every catalog available, sorted by short name
  std::vector<std::string> harmonized_keys;  // standard keys, in harmonized.yaml order
  std::vector<HarmonizedRow> harmonized;     // common rows, then specific topics

  const Standard* find(const std::string& short_name) const;
  std::vector<std::string> short_names() const;
};

// Splits "42001:A.6.2.4" into ("42001", "A.6.2.4"); false if there is no ':' with text on
// both sides.
bool split_clause_ref(const std::string& ref, std::string* standard, std::string* clause);

}  // namespace imsdoc
