// Shared by the fuzz targets: a small valid project in memory that a target perturbs, and the
// whole pipeline (load, link, findings, site-independent renderers) run over it.
#pragma once

#include <map>
#include <string>

#include "base/file_system.h"
#include "check/findings.h"
#include "link/linker.h"
#include "load/images.h"
#include "load/project_loader.h"
#include "render/docx/docx.h"
#include "render/html.h"

namespace imsdoc::fuzz {

inline std::map<std::string, std::string> base_project() {
  return {
      {"imsdoc.yaml",
       "title: Fuzz\norganisation: Fuzz Ltd\nmanual_id: FZ-1\nversion: \"1.0\"\n"
       "standards: [\"9001\", \"42001\"]\nfindings:\n  soa-missing-control: off\n"},
      {"content/1-intro.md",
       "---\nid: IMS-1\ntitle: Introduction\nsection: \"1\"\nowner: Q\napprover: CEO\n"
       "version: \"1.0\"\neffective: 2026-01-01\nstatus: approved\n---\nSee [[PRC-01]].\n"},
      {"registers/processes.yaml",
       "entries:\n  - id: PRC-01\n    name: Intake\n    purpose: Take in.\n    owner: Lead\n"
       "    area: operation\n"},
      {"registers/risks.yaml", "entries: []\n"},
  };
}

// Loads, links and checks the project, then renders every section as HTML and the manual as
// DOCX parts. Whatever the input, this must not crash, hang or trip a sanitizer.
inline void run_pipeline(const std::map<std::string, std::string>& files) {
  MemoryFileSystem fs(files);
  Diagnostics diags;
  Project project;
  if (!load_project(fs, diags, &project)) return;
  link_project(&project, diags);
  check_images(fs, project, diags);
  if (diags.has_errors()) return;
  check_findings(project, "2026-06-30", diags);
  HtmlOptions html;
  html.url_for = [](const std::string& id, const std::string& fragment) {
    return id + ".html" + fragment;
  };
  for (const auto& s : project.sections) render_html(s.body, html);
  DocxInputs inputs;
  inputs.styles_xml = "<w:styles/>";
  inputs.images = read_images(fs, project);
  DocxParts parts;
  render_docx(project, inputs, diags, &parts);
}

}  // namespace imsdoc::fuzz
