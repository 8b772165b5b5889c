// Tables as CSV (RFC 4180) for auditors and spreadsheets.
#pragma once

#include <string>

#include "model/project.h"
#include "render/tables.h"

namespace imsdoc {

// CRLF line ends. A cell that a spreadsheet would run as a formula (starting with =, +, -, @,
// tab or CR) is prefixed with an apostrophe.
std::string table_csv(const DataTable& table);

// table_csv of register_table(reg) and coverage_table(project).
std::string register_csv(const Register& reg);
std::string coverage_csv(const Project& project);

}  // namespace imsdoc
