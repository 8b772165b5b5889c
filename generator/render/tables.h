// Registers and coverage as plain tables, the one tabular view that CSV and spreadsheet
// exports render: the same columns and values whatever the format.
#pragma once

#include <string>
#include <vector>

#include "model/project.h"

namespace imsdoc {

struct TableCell {
  std::string text;
  bool is_number = false;  // integers: spreadsheets keep them as numbers
  long long number = 0;
};

struct DataTable {
  std::string name;   // "risks", "coverage": a sheet name
  std::string title;  // "Risk register"
  std::vector<std::string> header;
  std::vector<std::vector<TableCell>> rows;
};

// One row per entry: id, then every schema field in schema order (lists joined with "; ",
// Markdown as plain text, booleans yes/no, integers as numbers).
DataTable register_table(const Register& reg);

// One row per clause and control of each standard in scope: standard, ref, kind, title,
// status (covered, mentioned, not covered, excluded), and the sections and entries citing it.
DataTable coverage_table(const Project& project);

}  // namespace imsdoc
