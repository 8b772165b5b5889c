// Loads a project again and again as its files change (imsdoc serve): keeps the parsed
// sections and register files in the Project itself and parses again only the files that
// changed.
//
// After each load() the project equals what load_project() gives for the same files, unlinked
// as far as link_project() is concerned: linking it again replaces what the previous link
// filled (see link/linker.h). A change of imsdoc.yaml, registers/schemas/ or standards/
// changes how every file is parsed: everything is loaded again then.
#pragma once

#include <map>
#include <set>
#include <string>

#include "base/diagnostic.h"
#include "base/file_system.h"
#include "load/project_loader.h"
#include "model/project.h"

namespace imsdoc {

class IncrementalLoader {
 public:
  // `fs` must outlive the loader.
  explicit IncrementalLoader(const FileSystem& fs) : fs_(fs) {}

  // Brings `project` up to date, reporting to `diags` what load_project() would report, and
  // returns what it would return. `project` must be the same object on every call (the loader
  // keeps the parsed files in it), changed by nothing but link_project() and section history
  // in between. `changed`: project-relative paths of files or directories created, modified or
  // removed since the previous load (a directory stands for everything below it, "" for the
  // whole project); the first load parses everything.
  bool load(const std::set<std::string>& changed, Diagnostics& diags, Project* project);

  // How many section and register files the last load() parsed (the others were reused).
  int files_parsed() const { return static_cast<int>(parsed_.size()); }
  // Their paths (all files after a first load or a change of imsdoc.yaml or the schemas).
  const std::set<std::string>& parsed_paths() const { return parsed_; }

 private:
  // What parsing one file gave, besides the section or register kept in the project.
  struct FileState {
    bool ok = false;
    Diagnostics diags;
  };

  bool base_changed(const std::set<std::string>& changed) const;
  bool same_files(const std::set<std::string>& changed) const;
  void forget(const std::set<std::string>& changed);

  const FileSystem& fs_;
  bool loaded_ = false;
  bool config_ok_ = false;
  Diagnostics base_diags_;  // of imsdoc.yaml, the catalogs and the schemas
  std::map<std::string, FileState> sections_, registers_;    // by path
  std::vector<std::string> section_paths_, register_paths_;  // as the last load listed them
  std::set<std::string> parsed_;
};

}  // namespace imsdoc
