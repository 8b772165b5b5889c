// Loads a whole project: imsdoc.yaml, schemas, content/**/*.md and registers/*.yaml.
//
// The steps are also available one by one, for load/incremental_loader.h (imsdoc serve), which
// keeps the parsed files and parses again only those that changed.
#pragma once

#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "base/file_system.h"
#include "model/project.h"

namespace imsdoc {

inline constexpr const char* kContentDir = "content";

// Loads everything it can, reporting every problem. Returns false if imsdoc.yaml itself could
// not be loaded, or if the source files together are over limits.total_size_mb (nothing else
// is meaningful, or read, then); other errors are only in `diags`.
bool load_project(const FileSystem& fs, Diagnostics& diags, Project* project);

// One section or register file, parsed on its own: what load_section or load_register made of
// it, and what they reported. `ok` false: the file could not be used at all.
struct ParsedSection {
  std::string path;
  bool ok = false;
  Diagnostics diags;
  Section section;
};
struct ParsedRegister {
  std::string path;
  bool ok = false;
  Diagnostics diags;
  Register reg;
};

// What every source file is parsed against: imsdoc.yaml, the catalogs and the schemas. Returns
// false if imsdoc.yaml could not be loaded.
bool load_project_base(const FileSystem& fs, Diagnostics& diags, Project* project);

// The section files (content/**/*.md) and register files (registers/*.yaml), sorted.
std::vector<std::string> section_files(const FileSystem& fs);
std::vector<std::string> register_files(const FileSystem& fs);

// Parses these files against `project` (a loaded base) on the machine's cores, into one result
// per path in the order given; nothing depends on scheduling.
void parse_source_files(const FileSystem& fs, const Project& project,
                        const std::vector<std::string>& section_paths,
                        const std::vector<std::string>& register_paths,
                        std::vector<ParsedSection>* sections,
                        std::vector<ParsedRegister>* registers);

// Adds parsed files (in path order) to `project`, with their diagnostics, then checks what
// involves several files (duplicate section numbers and ids, missing parents) and sorts the
// sections by number. Registers keep their `schema` pointers: they must point into
// project->schemas.
void add_parsed_sections(std::vector<ParsedSection> parsed, Diagnostics& diags, Project* project);
void add_parsed_registers(const FileSystem& fs, std::vector<ParsedRegister> parsed,
                          Diagnostics& diags, Project* project);

// diagrams/**/*.dot and *.gv, sorted.
std::vector<std::string> diagram_paths(const FileSystem& fs);

// Reads diagrams/**/*.dot and *.gv into project->diagram_files.
void load_diagram_files(const FileSystem& fs, Diagnostics& diags, Project* project);

}  // namespace imsdoc
