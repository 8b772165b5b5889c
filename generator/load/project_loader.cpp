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

namespace imsdoc {

namespace {

// Runs load(i, diags_of_i) for i in [0, n) on the machine's cores, then merges the
// diagnostics in index order, so the result does not depend on scheduling. `load` may only
// write to what index i owns.
template <typename Load>
void load_in_parallel(size_t n, Diagnostics& diags, Load load) {
  std::vector<Diagnostics> per_file(n);
  size_t workers = std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), 8);
  if (n < 32) workers = 1;  // small projects: threads would cost more than they save
  std::atomic<size_t> next{0};
  auto work = [&] {
    for (size_t i = next++; i < n; i = next++) load(i, per_file[i]);
  };
  std::vector<std::thread> threads;
  for (size_t t = 1; t < workers; ++t) threads.emplace_back(work);
  work();
  for (auto& t : threads) t.join();
  for (const auto& d : per_file) diags.merge(d);
}

void load_sections(const FileSystem& fs, Diagnostics& diags, Project* project) {
  std::vector<std::string> paths = fs.list(kContentDir, ".md");
  std::vector<Section> sections(paths.size());
  std::vector<char> loaded(paths.size(), 0);
  load_in_parallel(paths.size(), diags, [&](size_t i, Diagnostics& d) {
    loaded[i] = load_section(fs, paths[i], *project, d, &sections[i]);
  });
  for (size_t i = 0; i < paths.size(); ++i) {
    if (loaded[i]) {
      project->sections.push_back(std::move(sections[i]));
    } else {
      project->unloadable_files.insert(paths[i]);
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

}  // namespace

bool load_project(const FileSystem& fs, Diagnostics& diags, Project* project) {
  bool config_ok = load_config(fs, diags, &project->config);
  load_catalogs(fs, diags, &project->catalogs);
  check_standards_in_scope(project->config, project->catalogs, diags);
  if (!config_ok) return false;
  load_schemas(fs, diags, &project->schemas);
  load_sections(fs, diags, project);
  load_registers(fs, diags, project);
  return true;
}

}  // namespace imsdoc
