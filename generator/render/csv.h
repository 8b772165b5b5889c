// Registers and coverage as CSV (RFC 4180) for auditors and spreadsheets.
#pragma once

#include <string>

#include "model/project.h"

namespace imsdoc {

// One row per entry: id, then every schema field in schema order (lists joined with "; ",
// Markdown as plain text, booleans yes/no). CRLF line ends. A cell that a spreadsheet would
// run as a formula (starting with =, +, -, @, tab or CR) is prefixed with an apostrophe.
std::string register_csv(const Register& reg);

// One row per clause and control of each standard in scope: standard, ref, kind, title,
// status (covered, mentioned, not covered, excluded), and the sections and entries citing it.
std::string coverage_csv(const Project& project);

}  // namespace imsdoc
