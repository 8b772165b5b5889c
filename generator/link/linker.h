// Resolves what refers to what, once, after loading: assigns every section and register entry
// its page path, checks ids are unique across the project, resolves reference fields and
// relative links to other Markdown files. Renderers rely on the result and never resolve again.
#pragma once

#include "base/diagnostic.h"
#include "model/project.h"

namespace imsdoc {

// Site-relative output paths. Every page of the site lives at one of these.
std::string section_page_path(const Section& s);
std::string register_page_path(const std::string& register_name);
std::string entry_page_path(const std::string& register_name, const std::string& id);
std::string standard_page_path(const Standard& standard);  // "standards/42001.html"
std::string clause_page_path(const Standard& standard, const CatalogItem& item);

// The title of an entry: the value of its schema's title field, or its id.
std::string entry_title(const RegisterEntry& e, const Schema& schema);

// Fills project->targets, clause_targets, references, backlinks and images, and
// Inline::target_id, path and (for [[ref]] without a label) title; reports unresolved
// references. Linking again after sections or entries changed gives what linking a freshly
// loaded project gives: what a previous link filled is replaced.
void link_project(Project* project, Diagnostics& diags);

}  // namespace imsdoc
