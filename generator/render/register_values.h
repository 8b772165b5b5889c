// HTML of register field values and register table cells, shared by the site's pages and the
// print document. Knows nothing about pages: links come from the caller's `url_of`.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "model/project.h"
#include "render/html.h"

namespace imsdoc {

struct ValueLinks {
  // URL of a section, entry or clause from the document being rendered; "" renders unlinked.
  std::function<std::string(const Target&)> url_of;
  // For Markdown (text) fields.
  HtmlOptions markdown;
};

// One field value (a list as <ul class="values">). `with_titles` adds the title of referenced
// entries after their id.
std::string field_value_html(const Project& project, const FieldSpec& f, const FieldValue& v,
                             const ValueLinks& links, bool with_titles);

// The cell of `column` ("id" or a field name) for entry `e` in a register table: the id links
// to the entry, text fields are shown as plain text, a missing value is "".
std::string register_cell_html(const Project& project, const Register& reg, const RegisterEntry& e,
                               const std::string& column, const ValueLinks& links);

// The fields the detail block of entry `e` shows, in schema order: every field with a value
// that is not a column of the register table. The schema's `columns` are the summary; the
// other fields are the details, so each field with a value is in one or the other. The title
// field is the block's heading and not repeated.
std::vector<const FieldSpec*> detail_fields(const Schema& schema, const RegisterEntry& e);

// A rating of the schema (RatingSpec) for entry `e`: its value and how it was derived ("3 × 4").
struct RatingValue {
  const RatingSpec* spec = nullptr;
  long long value = 0;
  std::string product;
};
// The ratings of `e` whose factors all have values, in schema order.
std::vector<RatingValue> entry_ratings(const Schema& schema, const RegisterEntry& e);

// The sections and entries that refer to entry `e` (for an SoA row: that cite its control),
// each once, in the order of Project::references; never `e` itself.
std::vector<const Target*> citing_targets(const Project& project, const RegisterEntry& e);

}  // namespace imsdoc
