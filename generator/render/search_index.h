// The offline search index: every section, register, register entry and clause page with its
// title and plain text, as a classic script (no fetch: it must work from file:// and from an
// extracted zip). The theme's search page loads it and ranks matches in the browser.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "model/project.h"

namespace imsdoc {

// search-index.js: `window.imsdocSearchIndex = {"version": ..., "docs": [[url, kind, label,
// title, text], ...]};` with site-relative URLs, in a fixed order (sections, registers with
// their entries, then the clauses and controls of each standard in scope).
std::string search_index_js(const Project& project);
// The same, handed to `write` in pieces of about a megabyte.
void search_index_js(const Project& project, const std::function<void(std::string_view)>& write);

}  // namespace imsdoc
