#include "load/incremental_loader.h"

#include <algorithm>

#include "base/text.h"
#include "load/config.h"
#include "load/registers.h"
#include "load/schemas.h"

namespace imsdoc {

namespace {

// `path` is `dir` or below it.
bool is_at_or_below(const std::string& path, const std::string& dir) {
  return path == dir ||
         (path.size() > dir.size() && starts_with(path, dir) && path[dir.size()] == '/');
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

// Whether the lists of section and register files are those of the last load: every change is
// to a file already known that is still there, or outside content/ and registers/. Listing a
// thousand files again costs more than parsing the one that changed.
bool IncrementalLoader::same_files(const std::set<std::string>& changed) const {
  for (const auto& path : changed) {
    bool known = sections_.count(path) || registers_.count(path);
    if (known ? !fs_.is_file(path)
              : is_at_or_below(path, kContentDir) || is_at_or_below(path, kRegisterDir)) {
      return false;
    }
  }
  return true;
}

void IncrementalLoader::forget(const std::set<std::string>& changed) {
  // A changed directory may have been replaced as a whole: nothing below it can be trusted.
  for (const auto& path : changed) {
    for (auto* files : {&sections_, &registers_}) {
      for (auto it = files->lower_bound(path);
           it != files->end() && is_at_or_below(it->first, path);) {
        it = files->erase(it);
      }
    }
  }
}

bool IncrementalLoader::load(const std::set<std::string>& changed, Diagnostics& diags,
                             Project* project) {
  // The sections and registers already parsed, taken out of the project (moved, not copied:
  // copying a thousand documents would cost more than the rest of a rebuild).
  std::map<std::string, Section> kept_sections;
  std::map<std::string, Register> kept_registers;
  bool list = true;
  if (!loaded_ || base_changed(changed)) {
    *project = Project{};
    base_diags_ = Diagnostics{};
    sections_.clear();
    registers_.clear();
    config_ok_ = load_project_base(fs_, base_diags_, project);
    loaded_ = true;
  } else {
    list = !same_files(changed);
    forget(changed);
    for (auto& s : project->sections) kept_sections.emplace(s.path, std::move(s));
    for (auto& r : project->registers) kept_registers.emplace(r.path, std::move(r));
  }
  project->sections.clear();
  project->registers.clear();
  project->diagram_files.clear();
  project->unloadable_files.clear();
  diags.merge(base_diags_);
  parsed_.clear();
  if (!config_ok_) return false;

  // The files that are there now: new ones and those that changed are parsed, the others
  // reused; removed ones are dropped.
  if (list) {
    section_paths_ = section_files(fs_);
    register_paths_ = register_files(fs_);
  }
  const std::vector<std::string>& section_paths = section_paths_;
  const std::vector<std::string>& register_paths = register_paths_;
  std::vector<std::string> parse_sections, parse_registers;
  for (const auto& p : section_paths) {
    if (!sections_.count(p)) parse_sections.push_back(p);
  }
  for (const auto& p : register_paths) {
    if (!registers_.count(p)) parse_registers.push_back(p);
  }
  std::vector<ParsedSection> new_sections;
  std::vector<ParsedRegister> new_registers;
  parse_source_files(fs_, *project, parse_sections, parse_registers, &new_sections, &new_registers);
  parsed_.insert(parse_sections.begin(), parse_sections.end());
  parsed_.insert(parse_registers.begin(), parse_registers.end());

  std::vector<ParsedSection> sections(section_paths.size());
  for (size_t i = 0, k = 0; i < section_paths.size(); ++i) {
    ParsedSection& out = sections[i];
    if (k < new_sections.size() && new_sections[k].path == section_paths[i]) {
      out = std::move(new_sections[k++]);
      sections_[out.path] = {out.ok, out.diags};
      continue;
    }
    const FileState& state = sections_.at(section_paths[i]);
    out.path = section_paths[i];
    out.ok = state.ok;
    out.diags = state.diags;
    if (out.ok) out.section = std::move(kept_sections.at(out.path));
  }
  std::vector<ParsedRegister> registers(register_paths.size());
  for (size_t i = 0, k = 0; i < register_paths.size(); ++i) {
    ParsedRegister& out = registers[i];
    if (k < new_registers.size() && new_registers[k].path == register_paths[i]) {
      out = std::move(new_registers[k++]);
      registers_[out.path] = {out.ok, out.diags};
      continue;
    }
    const FileState& state = registers_.at(register_paths[i]);
    out.path = register_paths[i];
    out.ok = state.ok;
    out.diags = state.diags;
    if (out.ok) out.reg = std::move(kept_registers.at(out.path));
  }
  // Files that disappeared since they were parsed.
  for (auto* files : {&sections_, &registers_}) {
    const auto& paths = files == &sections_ ? section_paths : register_paths;
    for (auto it = files->begin(); it != files->end();) {
      it = std::binary_search(paths.begin(), paths.end(), it->first) ? std::next(it)
                                                                     : files->erase(it);
    }
  }
  add_parsed_sections(std::move(sections), diags, project);
  add_parsed_registers(fs_, std::move(registers), diags, project);
  load_diagram_files(fs_, diags, project);
  return true;
}

}  // namespace imsdoc
