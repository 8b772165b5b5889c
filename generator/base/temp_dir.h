// A private temporary directory (mode 0700, under the system's temporary directory), removed
// with everything in it when the object goes out of scope or the run is interrupted
// (base/cleanup.h).
#pragma once

#include <string>

#include "base/cleanup.h"

namespace imsdoc {

class TempDir {
 public:
  TempDir() = default;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir();

  // Creates it as <tmp>/<prefix>XXXXXX. Returns "" or the reason it could not.
  std::string create(const std::string& prefix);
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  CleanupGuard cleanup_;
};

}  // namespace imsdoc
