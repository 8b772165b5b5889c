// `imsdoc init DIR`: the files of a new project — imsdoc.yaml, one section per clause 4 to 10
// (and each of their sub-clauses) of the chosen standards with placeholder prose that says what
// to write, every built-in register empty, and a README for the manual's authors.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "model/catalog.h"

namespace imsdoc {

struct ScaffoldRequest {
  std::vector<std::string> standards;  // short names, e.g. {"9001", "27001", "42001"}
  std::string title, organisation;
  std::string effective;  // YYYY-MM-DD of the new sections
};

// Project-relative path -> contents. The standards must have catalogs in `catalogs`.
std::map<std::string, std::string> scaffold_project(const ScaffoldRequest& request,
                                                    const Catalogs& catalogs);

// What a section addressing `clause_id` (an HS clause such as "6.1") should say, or "" if there
// is no specific advice.
std::string writing_hint(const std::string& clause_id);

// Findings that a new project lowers to warnings until its registers are filled in, each with
// the reason.
std::vector<std::pair<std::string, std::string>> relaxed_findings(
    const std::vector<std::string>& standards);

}  // namespace imsdoc
