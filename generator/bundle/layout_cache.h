// The diagram layout cache on disk: <output root>/.imsdoc-cache/diagrams/<hash>.layout, so that
// a build lays out only the diagrams whose DOT text changed since the previous build into the
// same output. Entries are content-addressed (see DiagramRenderer::render), so a stale entry can
// never be used for different input.
//
// The cache reads during the build but writes nothing until commit(), which the build calls
// only after the site was written: a failed build leaves the output directory, cache included,
// as it was. The cache lives beside the version directories (a hidden name is never a version)
// and is not part of any version or snapshot.
#pragma once

#include <map>
#include <set>
#include <string>

#include "diagram/diagrams.h"

namespace imsdoc {

inline constexpr const char* kLayoutCacheDir = ".imsdoc-cache/diagrams";

class DiskLayoutCache : public LayoutCache {
 public:
  // `dir`: the cache directory, e.g. <output root>/.imsdoc-cache/diagrams.
  explicit DiskLayoutCache(std::string dir) : dir_(std::move(dir)) {}

  bool get(const std::string& hash, RenderedDiagram* out) override;
  void put(const std::string& hash, const RenderedDiagram& diagram) override;

  // Writes the new entries and removes the entries this build did not use. Returns "" or why
  // the cache could not be written (the build itself is not affected).
  std::string commit();

  int hits() const { return hits_; }

 private:
  std::string dir_;
  std::map<std::string, RenderedDiagram> fresh_;  // laid out in this build
  std::set<std::string> used_;                    // every hash this build asked for
  int hits_ = 0;
};

// The bytes of one cache entry, and back (false if they are not a valid entry).
std::string encode_layout(const RenderedDiagram& d);
bool decode_layout(const std::string& bytes, RenderedDiagram* d);

}  // namespace imsdoc
