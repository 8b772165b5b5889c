// Zip archives in memory: writing deterministic archives (DOCX packages, snapshots) and reading
// small ones (a user's reference.docx). The only user of libzip.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace imsdoc {

struct ZipEntry {
  std::string name;  // '/'-separated path inside the archive
  std::string data;
};

// How write_zip shares the deflating between threads. The bytes written never depend on it.
struct ZipThreads {
  unsigned threads = 0;           // at most this many (0: one per core, at most 8)
  uint64_t min_bytes = 1u << 20;  // less data than this in all entries: one thread
};

// Packs `entries` into a zip archive, in the order given (callers sort; OOXML wants
// [Content_Types].xml first). Every entry is deflated, gets the modification time `mtime`
// (seconds since the epoch, written as UTC whatever the TZ) and permissions 0644, so equal
// input gives equal bytes, however many threads deflate them (`threads`): each deflates whole
// entries, never part of one. Returns false and sets `error` on failure.
bool write_zip(const std::vector<ZipEntry>& entries, int64_t mtime, std::string* out,
               std::string* error, const ZipThreads& threads = {});

// Reads every file entry of the archive in `bytes` (directories skipped). Refuses archives
// whose entries together would expand beyond `max_total` bytes. Returns false and sets `error`
// ("not a zip archive", ...) on failure.
bool read_zip(const std::string& bytes, std::map<std::string, std::string>* entries,
              std::string* error, uint64_t max_total = 64u << 20);

// The modification time for generated archives: SOURCE_DATE_EPOCH if set and valid, else a
// fixed date (2000-01-01T00:00:00Z), so builds are reproducible by default.
int64_t archive_mtime();

}  // namespace imsdoc

namespace imsdoc {

// One entry of an archive as stored, for checking archives from elsewhere (`imsdoc verify`).
struct ZipListing {
  std::string name;  // exactly as stored, unchecked
  std::string data;  // empty for directories and symbolic links
  bool directory = false;
  bool symlink = false;  // Unix symbolic link (from the external attributes)
};

// Lists every entry of the archive in `bytes`, in archive order, reading file contents (not
// those of links). Refuses archives that would expand beyond `max_total` bytes.
bool list_zip(const std::string& bytes, std::vector<ZipListing>* entries, std::string* error,
              uint64_t max_total = uint64_t{2} << 30);

}  // namespace imsdoc
