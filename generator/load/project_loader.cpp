#include "load/project_loader.h"

#include <algorithm>
#include <map>

#include "load/catalogs.h"
#include "load/config.h"
#include "load/registers.h"
#include "load/schemas.h"
#include "load/sections.h"
#include "load/source_file.h"

namespace imsdoc {

namespace {

void load_sections(const FileSystem& fs, Diagnostics& diags, Project* project) {
  for (const auto& path : fs.list(kContentDir, ".md")) {
    Section section;
    if (load_section(fs, path, *project, diags, &section)) {
      project->sections.push_back(std::move(section));
    } else {
      project->unloadable_files.insert(path);
    }
  }
  std::map<std::string, const Section*> by_number;
  std::map<std::string, const Section*> by_id;
  for (const auto& s : project->sections) {
    if (!s.number.empty()) {
      auto [it, inserted] = by_number.emplace(s.number, &s);
      if (!inserted) {
        diags.error(s.span, "section number " + s.number + " is also used by " + it->second->path,
                    "each section needs its own number");
      }
    }
    if (!s.id.empty()) {
      auto [it, inserted] = by_id.emplace(s.id, &s);
      if (!inserted) {
        diags.error(s.span, "duplicate section id '" + s.id + "'",
                    "also used by " + it->second->path);
      }
    }
  }
  for (const auto& s : project->sections) {
    size_t dot = s.number.rfind('.');
    if (dot == std::string::npos) continue;
    std::string parent = s.number.substr(0, dot);
    if (!by_number.count(parent)) {
      diags.warning(s.span, "section " + s.number + " has no parent section " + parent,
                    "add a section numbered " + parent + " or renumber this one");
    }
  }
  std::stable_sort(
      project->sections.begin(), project->sections.end(),
      [](const Section& a, const Section& b) { return section_number_less(a.number, b.number); });
}

void load_registers(const FileSystem& fs, Diagnostics& diags, Project* project) {
  const std::string prefix = std::string(kRegisterDir) + "/";
  for (const auto& path : fs.list(kRegisterDir, ".yaml")) {
    if (path.find('/', prefix.size()) != std::string::npos) continue;  // schemas/ and others
    Register reg;
    if (load_register(fs, path, *project, diags, &reg)) {
      project->registers.push_back(std::move(reg));
    } else {
      project->unloadable_files.insert(path);
    }
  }
  // A "register.yml" is almost certainly meant as a register; say so instead of ignoring it.
  for (const auto& path : fs.list(kRegisterDir, ".yml")) {
    if (path.find('/', prefix.size()) != std::string::npos) continue;
    diags.error({path, 0, 0}, "register files must end in .yaml",
                "rename it to " + path.substr(0, path.size() - 4) + ".yaml");
  }
}

void load_diagram_files(const FileSystem& fs, Diagnostics& diags, Project* project) {
  for (const auto& path : fs.list("diagrams", ".dot")) {
    DiagramFile f{path, ""};
    if (read_source(fs, path, diags, &f.text)) {
      project->diagram_files.push_back(std::move(f));
    } else {
      project->unloadable_files.insert(path);
    }
  }
}

}  // namespace

bool load_project(const FileSystem& fs, Diagnostics& diags, Project* project) {
  bool config_ok = load_config(fs, diags, &project->config);
  load_catalogs(fs, diags, &project->catalogs);
  check_standards_in_scope(project->config, project->catalogs, diags);
  if (!config_ok) return false;
  load_schemas(fs, diags, &project->schemas);
  load_sections(fs, diags, project);
  load_registers(fs, diags, project);
  load_diagram_files(fs, diags, project);
  return true;
}

}  // namespace imsdoc
