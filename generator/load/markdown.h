// Markdown (CommonMark + GFM tables, strikethrough, autolinks, task lists, footnotes) into the
// document model. The only user of cmark-gfm.
#pragma once

#include <string>

#include "base/diagnostic.h"
#include "model/document.h"

namespace imsdoc {

struct MarkdownSource {
  std::string file;      // for diagnostics
  int line_offset = 0;   // added to cmark's line numbers (front matter, YAML block scalars)
  int col_offset = 0;    // added to columns on the first line (YAML block scalars: indentation)
};

// Parses `text`. Links and images with a dangerous URL scheme (javascript:, vbscript:, data:
// except images of common formats, file:) are kept as text and reported as warnings.
doc::Document parse_markdown(const std::string& text, const MarkdownSource& source,
                             Diagnostics& diags);

// True for URLs a page may link to: relative URLs and http, https, mailto, tel, ftp.
bool is_safe_url(const std::string& url, bool image);

}  // namespace imsdoc
