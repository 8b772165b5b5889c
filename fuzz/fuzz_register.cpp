// Fuzzes a register file validated against the built-in risks schema (the first half of the
// input) and a project schema (the second half, after a NUL byte, if any).
#include <cstddef>
#include <cstdint>

#include "fuzz_project.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string input(reinterpret_cast<const char*>(data), size);
  auto files = imsdoc::fuzz::base_project();
  size_t nul = input.find('\0');
  files["registers/risks.yaml"] = input.substr(0, nul);
  if (nul != std::string::npos) {
    files["registers/schemas/records.yaml"] = input.substr(nul + 1);
    files["registers/records.yaml"] = "entries:\n  - id: REC-1\n    name: x\n";
  }
  imsdoc::fuzz::run_pipeline(files);
  return 0;
}
