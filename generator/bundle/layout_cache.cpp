#include "bundle/layout_cache.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "base/text.h"
#include "bundle/file_output.h"

namespace fs = std::filesystem;

namespace imsdoc {

namespace {

constexpr const char* kMagic = "imsdoc-layout 1";
constexpr const char* kSuffix = ".layout";

bool is_hash(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

}  // namespace

// "imsdoc-layout 1\n<width> <height> <svg bytes> <png bytes>\n<svg><png>"
std::string encode_layout(const RenderedDiagram& d) {
  return std::string(kMagic) + "\n" + std::to_string(d.width_pt) + " " +
         std::to_string(d.height_pt) + " " + std::to_string(d.svg.size()) + " " +
         std::to_string(d.png.size()) + "\n" + d.svg + d.png;
}

bool decode_layout(const std::string& bytes, RenderedDiagram* d) {
  size_t first = bytes.find('\n');
  if (first == std::string::npos || bytes.substr(0, first) != kMagic) return false;
  size_t second = bytes.find('\n', first + 1);
  if (second == std::string::npos) return false;
  long long w = 0, h = 0, svg = 0, png = 0;
  std::string head = bytes.substr(first + 1, second - first - 1);
  if (std::sscanf(head.c_str(), "%lld %lld %lld %lld", &w, &h, &svg, &png) != 4) return false;
  if (w < 0 || h < 0 || svg < 0 || png < 0) return false;
  size_t body = second + 1;
  if (bytes.size() - body != static_cast<size_t>(svg + png)) return false;
  d->width_pt = static_cast<int>(w);
  d->height_pt = static_cast<int>(h);
  d->svg = bytes.substr(body, static_cast<size_t>(svg));
  d->png = bytes.substr(body + static_cast<size_t>(svg));
  return true;
}

bool DiskLayoutCache::get(const std::string& hash, RenderedDiagram* out) {
  used_.insert(hash);
  auto it = fresh_.find(hash);
  if (it != fresh_.end()) {
    *out = it->second;
    ++hits_;
    return true;
  }
  std::ifstream in(fs::path(dir_) / (hash + kSuffix), std::ios::binary);
  if (!in) return false;
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  RenderedDiagram d;
  if (!decode_layout(bytes, &d)) return false;  // damaged: lay it out again
  d.title = out->title;
  *out = std::move(d);
  ++hits_;
  return true;
}

void DiskLayoutCache::put(const std::string& hash, const RenderedDiagram& diagram) {
  used_.insert(hash);
  fresh_[hash] = diagram;
}

std::string DiskLayoutCache::commit() {
  std::error_code ec;
  // A cache folder that is a symbolic link is not imsdoc's: nothing is written through it.
  if (fs::is_symlink(dir_, ec)) return "the cache folder " + dir_ + " is a symbolic link";
  for (const auto& [hash, d] : fresh_) {
    std::string problem =
        write_file_atomically(encode_layout(d), (fs::path(dir_) / (hash + kSuffix)).string());
    if (!problem.empty()) return problem;
  }
  // Drop the layouts this build no longer uses, so the cache does not grow without bound, and
  // the temporary files of a build killed while writing here: only names imsdoc gives.
  std::vector<fs::path> stale;
  for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    std::string hash =
        ends_with(name, kSuffix) ? name.substr(0, name.size() - std::string(kSuffix).size()) : "";
    // Layouts (".layout", damaged ones too) and hidden temporaries: the names imsdoc gives.
    bool ours = (ends_with(name, kSuffix) && !(is_hash(hash) && used_.count(hash))) ||
                starts_with(name, ".");
    if (ours && it->is_regular_file(ec) && !it->is_symlink(ec)) stale.push_back(it->path());
  }
  for (const auto& path : stale) fs::remove(path, ec);
  return "";
}

}  // namespace imsdoc
