// Loads a project again and again as its files change (imsdoc serve): keeps every parsed
// section and register file and parses again only the files that changed.
//
// Each load() gives a new, unlinked Project equal to what load_project() gives for the same
// files (the loader's own copies stay unlinked, since linking changes sections). A change of
// imsdoc.yaml, registers/schemas/ or standards/ changes how every file is parsed: everything
// is loaded again then.
#pragma once

#include <algorithm>
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

  // Loads the project into `project` (a fresh Project), reporting to `diags` as
  // load_project() does, and returns what it returns. `changed`: project-relative paths of
  // files or directories created, modified or removed since the previous load (a directory
  // stands for everything below it); ignored by the first load, which parses everything.
  bool load(const std::set<std::string>& changed, Diagnostics& diags, Project* project);

  // How many section and register files the last load() parsed (the others were reused).
  int files_parsed() const { return files_parsed_; }

 private:
  bool base_changed(const std::set<std::string>& changed) const;
  void forget(const std::set<std::string>& changed);
  void copy_base(Project* project) const;

  const FileSystem& fs_;
  bool loaded_ = false;
  bool config_ok_ = false;
  Project base_;  // config, catalogs and schemas, as load_project_base() left them
  Diagnostics base_diags_;
  std::map<std::string, ParsedSection> sections_;    // by path
  std::map<std::string, ParsedRegister> registers_;  // by path
  int files_parsed_ = 0;
};

}  // namespace imsdoc
