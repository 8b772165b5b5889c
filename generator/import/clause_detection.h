// Finding clause numbers mentioned in imported text.
//
// Rules (docs/import.md):
//  - Qualified mentions name the standard: "42001:6.1.2", "ISO 9001 8.5", "ISO/IEC 27001:2022
//    clause 6.1.3", "27001 A.5.1". A year after the number (":2015") is skipped.
//  - Bare mentions do not: "clause 6.1.2", "control A.5.1", "A.8.25", and — when
//    `heading_number` is set — a heading's leading number ("4.1 Understanding ..."). Bare clause
//    numbers must start with 4 to 10 and have a dot: "8 Operation" or "clause 8" would claim the
//    whole chapter. (A qualified "42001:8" does.)
//  - A bare mention belongs to the standards the same text names (by number: 9001, 27001,
//    42001), else to the document's standards (`document_standards`). It is recorded for each of
//    those whose catalog has that clause or control.
//  - Only clauses and controls that exist in the catalogs of `scope` are returned.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "model/catalog.h"

namespace imsdoc {

// The ISO standards named in `text` by number ("9001", "27001", "42001").
std::set<std::string> standards_mentioned(const std::string& text);

struct ClauseDetection {
  const Catalogs* catalogs = nullptr;
  std::vector<std::string> scope;            // short names whose clauses may be returned
  std::set<std::string> document_standards;  // for bare mentions in text naming none
};

// The clause references in `heading` and `text`, sorted by standard (9001, 27001, 42001, then
// others by name) and catalog order, without
// duplicates. `heading_number`: whether the heading's leading number is a clause number.
std::vector<std::string> detect_clauses(const std::string& heading, const std::string& text,
                                        bool heading_number, const ClauseDetection& context);

// Orders clause references by standard (9001, 27001, 42001, then others) and catalog order,
// dropping duplicates; references to unknown standards or clauses are kept at the end in text
// order.
std::vector<std::string> sort_clause_refs(const std::vector<std::string>& refs,
                                          const Catalogs& catalogs);

}  // namespace imsdoc
