#include "render/csv.h"

namespace imsdoc {

namespace {

std::string cell(std::string s) {
  if (!s.empty() &&
      (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r')) {
    s = "'" + s;
  }
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

void row(std::string* out, const std::vector<std::string>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) *out += ',';
    *out += cell(cells[i]);
  }
  *out += "\r\n";
}

}  // namespace

std::string table_csv(const DataTable& table) {
  std::string out;
  row(&out, table.header);
  for (const auto& r : table.rows) {
    std::vector<std::string> cells;
    for (const auto& c : r) cells.push_back(c.is_number ? std::to_string(c.number) : c.text);
    row(&out, cells);
  }
  return out;
}

std::string register_csv(const Register& reg) { return table_csv(register_table(reg)); }

std::string coverage_csv(const Project& project) { return table_csv(coverage_table(project)); }

}  // namespace imsdoc
