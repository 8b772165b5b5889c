// Fuzzes a manual section: front matter and Markdown with [[references]], links and images,
// through loading, linking, findings and the HTML and DOCX renderers.
#include <cstddef>
#include <cstdint>

#include "fuzz_project.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto files = imsdoc::fuzz::base_project();
  files["content/2-fuzzed.md"] = std::string(reinterpret_cast<const char*>(data), size);
  imsdoc::fuzz::run_pipeline(files);
  return 0;
}
