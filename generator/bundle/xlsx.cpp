#include "bundle/xlsx.h"

#include <xlsxwriter.h>

#include <unistd.h>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>

#include "base/text.h"
#include "bundle/file_output.h"

namespace fs = std::filesystem;

namespace imsdoc {

namespace {

constexpr size_t kMaxCell = 32767;  // Excel's limit for the text of one cell

// A sheet name Excel accepts: at most 31 characters, none of []:*?/\, unique in the book.
std::string sheet_name(const std::string& name, std::set<std::string>* used) {
  std::string clean;
  for (char c : name) clean += std::string("[]:*?/\\").find(c) == std::string::npos ? c : '_';
  if (clean.empty()) clean = "sheet";
  std::string candidate = clean.substr(0, 31);
  for (int n = 2; !used->insert(candidate).second; ++n) {
    std::string suffix = concat({"~", std::to_string(n)});
    candidate = clean.substr(0, 31 - suffix.size()) + suffix;
  }
  return candidate;
}

std::string cut(const std::string& s) {
  if (s.size() <= kMaxCell) return s;
  size_t end = kMaxCell - 3;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;  // UTF-8
  return s.substr(0, end) + "...";
}

}  // namespace

std::string write_xlsx(const std::vector<DataTable>& tables, const WorkbookInfo& info,
                       const std::string& path) {
  fs::path target(path);
  fs::path dir = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  std::string tmp =
      (dir / concat({".", target.filename().string(), ".imsdoc-tmp-", std::to_string(getpid())}))
          .string();
  lxw_workbook_options options = {};
  options.constant_memory = LXW_FALSE;
  lxw_workbook* book = workbook_new_opt(tmp.c_str(), &options);
  if (!book) return "cannot create " + path;
  lxw_doc_properties props = {};
  std::string title = info.title, author = info.author, subject = info.subject;
  props.title = title.data();
  props.author = author.data();
  props.subject = subject.data();
  props.created = static_cast<time_t>(info.created);
  workbook_set_properties(book, &props);
  lxw_format* head = workbook_add_format(book);
  format_set_bold(head);
  format_set_bottom(head, LXW_BORDER_THIN);
  std::set<std::string> used;
  for (const auto& t : tables) {
    lxw_worksheet* sheet = workbook_add_worksheet(book, sheet_name(t.name, &used).c_str());
    std::vector<size_t> width(t.header.size(), 4);
    for (size_t c = 0; c < t.header.size(); ++c) {
      worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), t.header[c].c_str(), head);
      width[c] = std::max(width[c], t.header[c].size());
    }
    for (size_t r = 0; r < t.rows.size(); ++r) {
      auto row = static_cast<lxw_row_t>(r + 1);
      for (size_t c = 0; c < t.rows[r].size() && c < t.header.size(); ++c) {
        const TableCell& cell = t.rows[r][c];
        auto col = static_cast<lxw_col_t>(c);
        if (cell.is_number) {
          worksheet_write_number(sheet, row, col, static_cast<double>(cell.number), nullptr);
        } else if (!cell.text.empty()) {
          worksheet_write_string(sheet, row, col, cut(cell.text).c_str(), nullptr);
        }
        width[c] = std::max(width[c], std::min<size_t>(cell.text.size(), 60));
      }
    }
    for (size_t c = 0; c < width.size(); ++c) {
      worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           static_cast<double>(width[c]) + 2, nullptr);
    }
    worksheet_freeze_panes(sheet, 1, 0);
    if (!t.header.empty()) {
      worksheet_autofilter(sheet, 0, 0, static_cast<lxw_row_t>(t.rows.size()),
                           static_cast<lxw_col_t>(t.header.size() - 1));
    }
  }
  lxw_error rc = workbook_close(book);
  if (rc != LXW_NO_ERROR) {
    std::remove(tmp.c_str());
    return "cannot write " + path + ": " + lxw_strerror(rc);
  }
  std::string problem = move_file_into_place(tmp, path);
  if (!problem.empty()) std::remove(tmp.c_str());
  return problem;
}

}  // namespace imsdoc
