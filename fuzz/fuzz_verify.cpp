// Fuzzes `imsdoc verify` on arbitrary bytes as a snapshot zip.
#include <cstddef>
#include <cstdint>
#include <string>

#include "bundle/snapshot.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  imsdoc::verify_snapshot(std::string(reinterpret_cast<const char*>(data), size));
  return 0;
}
