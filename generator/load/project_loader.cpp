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

namespace {

// The section and register files of a project, parsed: each file's result and diagnostics.
struct ParsedFiles {
  std::vector<std::string> section_paths, register_paths;
  std::vector<Section> sections;
  std::vector<Register> registers;
  std::vector<char> section_ok, register_ok;
  std::vector<Diagnostics> section_diags, register_diags;
};

// Parses every section and register file on the machine's cores. Each file has its own result
// and diagnostics, merged later in file order, so nothing depends on scheduling. Files are
// taken largest first, so that no core is left parsing a big register alone at the end.
ParsedFiles parse_files(const FileSystem& fs, const Project& project) {
  ParsedFiles p;
  p.section_paths = fs.list(kContentDir, ".md");
  const std::string prefix = std::string(kRegisterDir) + "/";
  for (const auto& path : fs.list(kRegisterDir, ".yaml")) {
    if (path.find('/', prefix.size()) == std::string::npos) p.register_paths.push_back(path);
  }
  size_t n_sections = p.section_paths.size(), n = n_sections + p.register_paths.size();
  p.sections.resize(n_sections);
  p.section_ok.resize(n_sections);
  p.section_diags.resize(n_sections);
  p.registers.resize(p.register_paths.size());
  p.register_ok.resize(p.register_paths.size());
  p.register_diags.resize(p.register_paths.size());
  std::vector<std::pair<size_t, size_t>> order;  // (size, task), task < n_sections: a section
  for (size_t i = 0; i < n; ++i) {
    const std::string& path =
        i < n_sections ? p.section_paths[i] : p.register_paths[i - n_sections];
    order.push_back({fs.size(path), i});
  }
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  auto run = [&](size_t task) {
    if (task < n_sections) {
      p.section_ok[task] = load_section(fs, p.section_paths[task], project, p.section_diags[task],
                                        &p.sections[task]);
    } else {
      size_t r = task - n_sections;
      p.register_ok[r] =
          load_register(fs, p.register_paths[r], project, p.register_diags[r], &p.registers[r]);
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
  return p;
}

void add_sections(ParsedFiles& parsed, Diagnostics& diags, Project* project) {
  for (size_t i = 0; i < parsed.section_paths.size(); ++i) {
    diags.merge(parsed.section_diags[i]);
    if (parsed.section_ok[i]) {
      project->sections.push_back(std::move(parsed.sections[i]));
    } else {
      project->unloadable_files.insert(parsed.section_paths[i]);
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

void add_registers(const FileSystem& fs, ParsedFiles& parsed, Diagnostics& diags,
                   Project* project) {
  const std::string prefix = std::string(kRegisterDir) + "/";
  for (size_t i = 0; i < parsed.register_paths.size(); ++i) {
    diags.merge(parsed.register_diags[i]);
    if (parsed.register_ok[i]) {
      project->registers.push_back(std::move(parsed.registers[i]));
    } else {
      project->unloadable_files.insert(parsed.register_paths[i]);
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
  std::vector<std::string> paths = fs.list("diagrams", ".dot");
  for (const auto& gv : fs.list("diagrams", ".gv")) paths.push_back(gv);
  std::sort(paths.begin(), paths.end());
  for (const auto& path : paths) {
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
  ParsedFiles parsed = parse_files(fs, *project);
  add_sections(parsed, diags, project);
  add_registers(fs, parsed, diags, project);
  load_diagram_files(fs, diags, project);
  return true;
}

}  // namespace imsdoc
