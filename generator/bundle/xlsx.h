// Tables as an Excel workbook (Office Open XML spreadsheet), for auditors and GRC tools. The
// only user of libxlsxwriter.
#pragma once

#include <string>
#include <vector>

#include "render/tables.h"

namespace imsdoc {

struct WorkbookInfo {
  std::string title;
  std::string author;     // the organisation
  std::string subject;    // "IMS-M-001 version 3.0"
  long long created = 0;  // seconds since the epoch: fixed, so equal input gives equal bytes
};

// Writes one sheet per table (named after table.name, cut to Excel's 31 characters and made
// unique): a bold header row that stays in view, an autofilter, column widths that fit the
// content, integers as numbers. The file is written next to `path` and renamed into place.
// Returns "" or an error message (and `path` is unchanged).
std::string write_xlsx(const std::vector<DataTable>& tables, const WorkbookInfo& info,
                       const std::string& path);

}  // namespace imsdoc
