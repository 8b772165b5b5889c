// A small valid project in memory, for loader, linker and renderer tests.
#pragma once

#include <map>
#include <string>

namespace imsdoc::testing {

inline std::map<std::string, std::string> minimal_project() {
  return {
      {"imsdoc.yaml",
       "title: Test Manual\norganisation: Test Org\nmanual_id: T-1\nversion: \"1.0\"\n"
       "standards: [\"9001\", \"42001\"]\n"},
      {"content/1-intro.md",
       "---\nid: IMS-1\ntitle: Introduction\nsection: \"1\"\nowner: Quality\napprover: CEO\n"
       "version: \"1.0\"\neffective: 2026-01-01\nstatus: approved\n---\n\n## Purpose\n\nSee "
       "[scope](sub/1.2-scope.md#x).\n"},
      {"content/sub/1.2-scope.md",
       "---\nid: IMS-1.2\ntitle: Scope\nsection: \"1.2\"\nowner: Quality\napprover: CEO\n"
       "version: \"1.0\"\neffective: 2026-01-01\nstatus: draft\nclauses: [\"42001:4.3\"]\n---\n"
       "Scope text.\n"},
      {"registers/processes.yaml",
       "entries:\n  - id: PRC-01\n    name: Intake\n    purpose: Take in *requests*.\n"
       "    owner: AI Lead\n    area: operation\n"},
      {"registers/ai-systems.yaml",
       "entries:\n  - id: AI-001\n    name: Router\n    purpose: Routes.\n    owner: Ops\n"
       "    origin: internal\n    lifecycle_stage: deploy\n    risk_level: medium\n"
       "    status: active\n    processes: [PRC-01]\n"},
  };
}

}  // namespace imsdoc::testing
