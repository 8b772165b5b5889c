#include "load/incremental_loader.h"

#include "base/text.h"
#include "load/config.h"
#include "load/registers.h"
#include "load/schemas.h"

namespace imsdoc {

namespace {

// `path` is `dir` or below it.
bool is_at_or_below(const std::string& path, const std::string& dir) {
  return path == dir ||
         (starts_with(path, dir) && path.size() > dir.size() && path[dir.size()] == '/');
}

}  // namespace

bool IncrementalLoader::base_changed(const std::set<std::string>& changed) const {
  for (const auto& path : changed) {
    // "" (the project directory) and "registers" stand for everything below them, schemas too.
    if (path.empty() || path == kConfigFile || path == kRegisterDir ||
        is_at_or_below(path, kSchemaDir) || is_at_or_below(path, "standards")) {
      return true;
    }
  }
  return false;
}

void IncrementalLoader::forget(const std::set<std::string>& changed) {
  for (const auto& path : changed) {
    // A changed directory may have been replaced as a whole: nothing below it can be trusted.
    for (auto it = sections_.lower_bound(path);
         it != sections_.end() && is_at_or_below(it->first, path);) {
      it = sections_.erase(it);
    }
    for (auto it = registers_.lower_bound(path);
         it != registers_.end() && is_at_or_below(it->first, path);) {
      it = registers_.erase(it);
    }
  }
}

// The schemas are copied: each Project owns its own, and the registers of the copy point into
// them.
void IncrementalLoader::copy_base(Project* project) const {
  project->root_display = base_.root_display;
  project->config = base_.config;
  project->catalogs = base_.catalogs;
  for (const auto& [name, schema] : base_.schemas) {
    project->schemas[name] = std::make_unique<Schema>(*schema);
  }
}

bool IncrementalLoader::load(const std::set<std::string>& changed, Diagnostics& diags,
                             Project* project) {
  if (!loaded_ || base_changed(changed)) {
    base_ = Project{};
    base_diags_ = Diagnostics{};
    sections_.clear();
    registers_.clear();
    config_ok_ = load_project_base(fs_, base_diags_, &base_);
    loaded_ = true;
  } else {
    forget(changed);
  }
  diags.merge(base_diags_);
  copy_base(project);
  files_parsed_ = 0;
  if (!config_ok_) return false;

  // The files that are there now: new ones and those that changed are parsed, the others
  // reused; removed ones are dropped.
  std::vector<std::string> section_paths = section_files(fs_), register_paths = register_files(fs_);
  std::vector<std::string> parse_sections, parse_registers;
  for (const auto& p : section_paths) {
    if (!sections_.count(p)) parse_sections.push_back(p);
  }
  for (const auto& p : register_paths) {
    if (!registers_.count(p)) parse_registers.push_back(p);
  }
  std::vector<ParsedSection> new_sections;
  std::vector<ParsedRegister> new_registers;
  parse_source_files(fs_, base_, parse_sections, parse_registers, &new_sections, &new_registers);
  files_parsed_ = static_cast<int>(new_sections.size() + new_registers.size());
  for (auto& p : new_sections) sections_[p.path] = std::move(p);
  for (auto& p : new_registers) registers_[p.path] = std::move(p);

  std::vector<ParsedSection> sections;
  sections.reserve(section_paths.size());
  for (const auto& p : section_paths) sections.push_back(sections_.at(p));
  std::vector<ParsedRegister> registers;
  registers.reserve(register_paths.size());
  for (const auto& p : register_paths) {
    ParsedRegister r = registers_.at(p);
    if (r.reg.schema) r.reg.schema = project->schemas.at(r.reg.schema->name).get();
    registers.push_back(std::move(r));
  }
  // Files that disappeared since they were parsed.
  for (auto it = sections_.begin(); it != sections_.end();) {
    it = std::binary_search(section_paths.begin(), section_paths.end(), it->first)
             ? std::next(it)
             : sections_.erase(it);
  }
  for (auto it = registers_.begin(); it != registers_.end();) {
    it = std::binary_search(register_paths.begin(), register_paths.end(), it->first)
             ? std::next(it)
             : registers_.erase(it);
  }
  add_parsed_sections(std::move(sections), diags, project);
  add_parsed_registers(fs_, std::move(registers), diags, project);
  load_diagram_files(fs_, diags, project);
  return true;
}

}  // namespace imsdoc
