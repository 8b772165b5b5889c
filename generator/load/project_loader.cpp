#include "load/project_loader.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <thread>

#include "load/catalogs.h"
#include "load/config.h"
#include "load/registers.h"
#include "load/schemas.h"
#include "load/sections.h"
#include "load/source_file.h"

namespace imsdoc {

std::vector<std::string> section_files(const FileSystem& fs) { return fs.list(kContentDir, ".md"); }

std::vector<std::string> register_files(const FileSystem& fs) {
  std::vector<std::string> out;
  const std::string prefix = std::string(kRegisterDir) + "/";
  for (const auto& path : fs.list(kRegisterDir, ".yaml")) {
    if (path.find('/', prefix.size()) == std::string::npos) out.push_back(path);
  }
  return out;
}

// Each file has its own result and diagnostics, merged later in file order, so nothing depends
// on scheduling. Files are taken largest first, so that no core is left parsing a big register
// alone at the end.
void parse_source_files(const FileSystem& fs, const Project& project,
                        const std::vector<std::string>& section_paths,
                        const std::vector<std::string>& register_paths,
                        std::vector<ParsedSection>* sections,
                        std::vector<ParsedRegister>* registers) {
  size_t n_sections = section_paths.size(), n = n_sections + register_paths.size();
  sections->assign(n_sections, ParsedSection{});
  registers->assign(register_paths.size(), ParsedRegister{});
  std::vector<std::pair<size_t, size_t>> order;  // (size, task), task < n_sections: a section
  for (size_t i = 0; i < n; ++i) {
    const std::string& path = i < n_sections ? section_paths[i] : register_paths[i - n_sections];
    order.push_back({fs.size(path), i});
  }
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  auto run = [&](size_t task) {
    if (task < n_sections) {
      ParsedSection& p = (*sections)[task];
      p.path = section_paths[task];
      p.ok = load_section(fs, p.path, project, p.diags, &p.section);
    } else {
      ParsedRegister& p = (*registers)[task - n_sections];
      p.path = register_paths[task - n_sections];
      p.ok = load_register(fs, p.path, project, p.diags, &p.reg);
    }
  };
  size_t workers = std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), 8);
  if (n < 32) workers = 1;  // small projects: threads would cost more than they save
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < n; i = next++) run(order[i].second);
  };
  std::vector<std::thread> threads;
  for (size_t t = 1; t < workers; ++t) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
}

void add_parsed_sections(std::vector<ParsedSection> parsed, Diagnostics& diags, Project* project) {
  for (auto& p : parsed) {
    diags.merge(p.diags);
    if (p.ok) {
      project->sections.push_back(std::move(p.section));
    } else {
      project->unloadable_files.insert(p.path);
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

void add_parsed_registers(const FileSystem& fs, std::vector<ParsedRegister> parsed,
                          Diagnostics& diags, Project* project) {
  const std::string prefix = std::string(kRegisterDir) + "/";
  for (auto& p : parsed) {
    diags.merge(p.diags);
    if (p.ok) {
      project->registers.push_back(std::move(p.reg));
    } else {
      project->unloadable_files.insert(p.path);
    }
  }
  // A "register.yml" is almost certainly meant as a register; say so instead of ignoring it.
  for (const auto& path : fs.list(kRegisterDir, ".yml")) {
    if (path.find('/', prefix.size()) != std::string::npos) continue;
    diags.error({path, 0, 0}, "register files must end in .yaml",
                "rename it to " + path.substr(0, path.size() - 4) + ".yaml");
  }
}

std::vector<std::string> diagram_paths(const FileSystem& fs) {
  std::vector<std::string> paths = fs.list("diagrams", ".dot");
  for (const auto& gv : fs.list("diagrams", ".gv")) paths.push_back(gv);
  std::sort(paths.begin(), paths.end());
  return paths;
}

void load_diagram_files(const FileSystem& fs, Diagnostics& diags, Project* project) {
  for (const auto& path : diagram_paths(fs)) {
    DiagramFile f{path, ""};
    if (read_source(fs, path, diags, &f.text, project->config.limits)) {
      project->diagram_files.push_back(std::move(f));
    } else {
      project->unloadable_files.insert(path);
    }
  }
}

bool load_project_base(const FileSystem& fs, Diagnostics& diags, Project* project) {
  bool config_ok = load_config(fs, diags, &project->config);
  load_catalogs(fs, diags, &project->catalogs, project->config.limits);
  check_standards_in_scope(project->config, project->catalogs, diags);
  if (!config_ok) return false;
  load_schemas(fs, diags, &project->schemas, project->config.limits);
  return true;
}

bool load_project(const FileSystem& fs, Diagnostics& diags, Project* project) {
  if (!load_project_base(fs, diags, project)) return false;
  std::vector<std::string> section_paths = section_files(fs);
  std::vector<std::string> register_paths = register_files(fs);
  std::vector<std::string> all = section_paths;
  all.insert(all.end(), register_paths.begin(), register_paths.end());
  for (const auto& path : diagram_paths(fs)) all.push_back(path);
  if (!check_total_size(fs, all, project->config.limits, diags)) return false;
  std::vector<ParsedSection> sections;
  std::vector<ParsedRegister> registers;
  parse_source_files(fs, *project, section_paths, register_paths, &sections, &registers);
  add_parsed_sections(std::move(sections), diags, project);
  add_parsed_registers(fs, std::move(registers), diags, project);
  load_diagram_files(fs, diags, project);
  return true;
}

}  // namespace imsdoc
