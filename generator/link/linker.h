// Resolves what refers to what, once, after loading: assigns every section and register entry
// its page path, checks ids are unique across the project, resolves reference fields and
// relative links to other Markdown files. Renderers rely on the result and never resolve again.
#pragma once

#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

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

// What linking each section and register file produced, kept for linking the same Project
// again after some files were parsed again (imsdoc serve). Linking a file depends on the file
// and on its environment: the targets (ids, titles, pages), the clauses in scope, the section
// and diagram files and the files that could not be loaded. While that environment is
// unchanged, a file that was not parsed again links as before: its references, images and
// messages are taken from here, and its Markdown still carries what the last link set.
struct LinkCache {
  struct FileResult {
    std::vector<Reference> references;
    std::vector<std::pair<std::string, SourceSpan>> images;
    Diagnostics diags;
  };
  std::string environment;  // fingerprint of the environment the results were linked in
  std::map<std::string, FileResult> files;  // by source path
};

// link_project() with `cache`: files in `reparsed` (paths), and every file when the
// environment changed, are linked again; the result equals link_project()'s.
void link_project(Project* project, Diagnostics& diags, LinkCache* cache,
                  const std::set<std::string>& reparsed);

}  // namespace imsdoc
