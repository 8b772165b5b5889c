#include "bundle/zip.h"

#include <zip.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <exception>
#include <memory>
#include <thread>

namespace imsdoc {

namespace {

constexpr int64_t kDefaultMtime = 946684800;  // 2000-01-01T00:00:00Z

// DOS date and time fields of `t` in UTC. zip_file_set_mtime would convert with the local
// time zone, which makes the bytes depend on TZ.
void dos_time(int64_t t, uint16_t* time, uint16_t* date) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  if (tm.tm_year < 80) {  // DOS dates start in 1980
    tm = std::tm{};
    tm.tm_year = 80;
    tm.tm_mday = 1;
  }
  *time = static_cast<uint16_t>((tm.tm_hour << 11) | (tm.tm_min << 5) | (tm.tm_sec / 2));
  *date = static_cast<uint16_t>(((tm.tm_year - 80) << 9) | ((tm.tm_mon + 1) << 5) | tm.tm_mday);
}

struct SourceDeleter {
  void operator()(zip_source_t* s) const { zip_source_free(s); }
};

std::string error_text(zip_error_t* e) {
  std::string s = zip_error_strerror(e);
  return s;
}

}  // namespace

int64_t archive_mtime() {
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH")) {
    char* end = nullptr;
    long long v = std::strtoll(epoch, &end, 10);
    if (end != epoch && *end == '\0' && v >= 315532800) return v;  // not before 1980
  }
  return kDefaultMtime;
}

namespace {

// An archive being written into memory by libzip.
class ArchiveWriter {
 public:
  explicit ArchiveWriter(int64_t mtime) { dos_time(mtime, &dtime_, &ddate_); }
  ~ArchiveWriter() {
    if (za_) zip_discard(za_);
  }
  ArchiveWriter(const ArchiveWriter&) = delete;
  ArchiveWriter& operator=(const ArchiveWriter&) = delete;

  bool open(std::string* error) {
    zip_error_t ze;
    zip_error_init(&ze);
    buffer_.reset(zip_source_buffer_create(nullptr, 0, 0, &ze));
    if (!buffer_) {
      *error = "cannot create zip buffer: " + error_text(&ze);
      zip_error_fini(&ze);
      return false;
    }
    za_ = zip_open_from_source(buffer_.get(), ZIP_TRUNCATE, &ze);
    if (!za_) {
      *error = "cannot create zip archive: " + error_text(&ze);
      zip_error_fini(&ze);
      return false;
    }
    zip_source_keep(buffer_.get());  // the archive now holds a reference; keep ours to read back
    zip_error_fini(&ze);
    return true;
  }

  zip_t* archive() { return za_; }

  // Adds the entry `name` with the data of `src` (taken, also on failure; nullptr: libzip could
  // not create it). The entry is deflated at level 4 when `src` gives plain data, copied as it
  // is when `src` is deflated data of another archive (zip_source_zip): the same bytes either
  // way, since the attributes are the same.
  bool add(const std::string& name, zip_source_t* src, std::string* error) {
    if (!src) return fail("cannot add " + name, error);
    zip_int64_t index = zip_file_add(za_, name.c_str(), src, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(src);
      return fail("cannot add " + name, error);
    }
    auto i = static_cast<zip_uint64_t>(index);
    // Level 4: on the XML of a large DOCX, level 6 costs a fifth of the whole run for a
    // file only about 13% smaller, and level 9 twice that again.
    if (zip_set_file_compression(za_, i, ZIP_CM_DEFLATE, 4) != 0 ||
        zip_file_set_dostime(za_, i, dtime_, ddate_, 0) != 0 ||
        zip_file_set_external_attributes(za_, i, 0, ZIP_OPSYS_UNIX, 0100644u << 16) != 0) {
      return fail("cannot set attributes of " + name, error);
    }
    return true;
  }

  // Writes the archive (deflating what needs it) into the buffer().
  bool write(std::string* error) {
    if (zip_close(za_) != 0) return fail("cannot write zip archive", error);
    za_ = nullptr;
    return true;
  }

  // The source holding the archive once written (owned by this object).
  zip_source_t* buffer() { return buffer_.get(); }

  // Copies the written archive into *out.
  bool read_back(std::string* out, std::string* error) {
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_source_stat(buffer_.get(), &st) != 0 || zip_source_open(buffer_.get()) != 0) {
      *error = "cannot read back zip archive";
      return false;
    }
    out->assign(static_cast<size_t>(st.size), '\0');
    zip_int64_t n = zip_source_read(buffer_.get(), out->data(), st.size);
    zip_source_close(buffer_.get());
    if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) {
      *error = "cannot read back zip archive";
      return false;
    }
    return true;
  }

 private:
  bool fail(const std::string& what, std::string* error) {
    *error = what + ": " + zip_strerror(za_);
    return false;
  }

  std::unique_ptr<zip_source_t, SourceDeleter> buffer_;
  zip_t* za_ = nullptr;
  uint16_t dtime_ = 0, ddate_ = 0;
};

// Opens `w` and writes into it entries[i] for each i of `which`, in that order.
bool write_entries(const std::vector<ZipEntry>& entries, const std::vector<size_t>& which,
                   ArchiveWriter* w, std::string* error) {
  if (!w->open(error)) return false;
  // zip_source_buffer reads the data at zip_close: `entries` outlives that.
  for (size_t i : which) {
    const ZipEntry& e = entries[i];
    if (!w->add(e.name, zip_source_buffer(w->archive(), e.data.data(), e.data.size(), 0), error)) {
      return false;
    }
  }
  return w->write(error);
}

// The archive of all `entries` written on this thread into *out.
bool write_serially(const std::vector<ZipEntry>& entries, int64_t mtime, std::string* out,
                    std::string* error) {
  std::vector<size_t> all(entries.size());
  for (size_t i = 0; i < all.size(); ++i) all[i] = i;
  ArchiveWriter w(mtime);
  return write_entries(entries, all, &w, error) && w.read_back(out, error);
}

// A zip archive in memory opened for reading.
class ArchiveReader {
 public:
  ArchiveReader() = default;
  ~ArchiveReader() {
    if (za_) zip_discard(za_);  // also drops its reference to the source
  }
  ArchiveReader(const ArchiveReader&) = delete;
  ArchiveReader& operator=(const ArchiveReader&) = delete;

  // Opens the archive in `src`, keeping a reference to it.
  bool open(zip_source_t* src) {
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_keep(src);
    za_ = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!za_) zip_source_free(src);
    zip_error_fini(&ze);
    return za_ != nullptr;
  }
  zip_t* archive() const { return za_; }

 private:
  zip_t* za_ = nullptr;
};

// Splits the entries into at most `parts` sets of about equal size (biggest first, each to
// the smallest set so far); each set lists its entries in archive order. Empty sets dropped.
std::vector<std::vector<size_t>> split_by_size(const std::vector<ZipEntry>& entries, size_t parts) {
  std::vector<size_t> order(entries.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return entries[a].data.size() > entries[b].data.size();
  });
  std::vector<std::vector<size_t>> sets(parts);
  std::vector<uint64_t> sizes(parts, 0);
  for (size_t i : order) {
    size_t smallest = std::min_element(sizes.begin(), sizes.end()) - sizes.begin();
    sets[smallest].push_back(i);
    sizes[smallest] += entries[i].data.size();
  }
  std::erase_if(sets, [](const std::vector<size_t>& s) { return s.empty(); });
  for (auto& s : sets) std::sort(s.begin(), s.end());
  return sets;
}

// How many threads should deflate `entries`: 1 unless there is enough data to share.
size_t deflate_threads(const std::vector<ZipEntry>& entries, const ZipThreads& how) {
  size_t threads = how.threads != 0
                       ? how.threads
                       : std::min<size_t>(std::max(1u, std::thread::hardware_concurrency()), 8);
  uint64_t total = 0;
  for (const ZipEntry& e : entries) {
    // Near 4 GiB an entry needs Zip64 fields, which libzip decides before deflating (the
    // compressed size unknown) but after it when copying deflated data: such entries stay on
    // one thread. (list_zip refuses archives that big anyway.)
    if (e.data.size() >= (uint64_t{1} << 31)) return 1;
    total += e.data.size();
  }
  if (total < how.min_bytes) return 1;
  return std::min(threads, entries.size());
}

}  // namespace

bool write_zip(const std::vector<ZipEntry>& entries, int64_t mtime, std::string* out,
               std::string* error, const ZipThreads& how) {
  size_t threads = deflate_threads(entries, how);
  if (threads < 2) return write_serially(entries, mtime, out, error);

  // Each thread deflates a share of the entries into an archive of its own; the archive is
  // then written by copying every entry's deflated data from those, in the original order.
  // libzip copies deflated data with the CRC, sizes and method it was stored with, and the
  // entry gets the same name and attributes as on one thread, so the bytes are the same.
  std::vector<std::vector<size_t>> sets = split_by_size(entries, threads);
  std::vector<std::unique_ptr<ArchiveWriter>> packers;
  for (size_t s = 0; s < sets.size(); ++s) {
    packers.push_back(std::make_unique<ArchiveWriter>(mtime));
  }
  std::vector<std::string> problems(sets.size());
  std::vector<char> packed(sets.size(), 0);
  auto pack = [&](size_t s) {
    try {
      packed[s] = write_entries(entries, sets[s], packers[s].get(), &problems[s]);
    } catch (const std::exception& e) {
      problems[s] = e.what();
    }
  };
  std::vector<std::thread> helpers;
  for (size_t s = 1; s < sets.size(); ++s) helpers.emplace_back(pack, s);
  pack(0);
  for (auto& t : helpers) t.join();
  std::vector<ArchiveReader> readers(sets.size());
  bool all_packed = true;
  for (size_t s = 0; s < sets.size(); ++s) {
    all_packed = all_packed && packed[s] && readers[s].open(packers[s]->buffer());
  }
  // Whatever went wrong (a duplicate name, memory), the one-thread path says it as it would.
  if (!all_packed) return write_serially(entries, mtime, out, error);

  struct Place {
    zip_t* archive;
    zip_uint64_t index;
  };
  std::vector<Place> place(entries.size());
  for (size_t s = 0; s < sets.size(); ++s) {
    for (size_t k = 0; k < sets[s].size(); ++k) place[sets[s][k]] = {readers[s].archive(), k};
  }
  ArchiveWriter w(mtime);
  if (!w.open(error)) return false;
  for (size_t i = 0; i < entries.size(); ++i) {
    // Offset 0 and length -1: the whole entry, not decompressed.
    zip_source_t* src = zip_source_zip(w.archive(), place[i].archive, place[i].index, 0, 0, -1);
    if (!w.add(entries[i].name, src, error)) return false;
  }
  // Before `readers` go: libzip reads the deflated data from them here.
  return w.write(error) && w.read_back(out, error);
}

bool read_zip(const std::string& bytes, std::map<std::string, std::string>* entries,
              std::string* error, uint64_t max_total) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &ze);
  if (!src) {
    *error = "cannot read zip: " + error_text(&ze);
    zip_error_fini(&ze);
    return false;
  }
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
  if (!za) {
    *error = zip_error_code_zip(&ze) == ZIP_ER_NOZIP ? "not a zip archive" : error_text(&ze);
    zip_source_free(src);
    zip_error_fini(&ze);
    return false;
  }
  zip_error_fini(&ze);
  bool ok = true;
  uint64_t total = 0;
  zip_int64_t count = zip_get_num_entries(za, 0);
  for (zip_int64_t i = 0; ok && i < count; ++i) {
    zip_stat_t st;
    if (zip_stat_index(za, static_cast<zip_uint64_t>(i), 0, &st) != 0) continue;
    std::string name = st.name ? st.name : "";
    if (name.empty() || name.back() == '/') continue;
    total += st.size;
    if (total > max_total) {
      *error = "archive expands to more than " + std::to_string(max_total >> 20) + " MB";
      ok = false;
      break;
    }
    zip_file_t* f = zip_fopen_index(za, static_cast<zip_uint64_t>(i), 0);
    if (!f) {
      *error = "cannot read " + name + ": " + zip_strerror(za);
      ok = false;
      break;
    }
    std::string data(static_cast<size_t>(st.size), '\0');
    zip_int64_t n = zip_fread(f, data.data(), st.size);
    zip_fclose(f);
    if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) {
      *error = "cannot read " + name + " (corrupt archive)";
      ok = false;
      break;
    }
    (*entries)[name] = std::move(data);
  }
  zip_discard(za);  // also frees src
  return ok;
}

}  // namespace imsdoc

namespace imsdoc {

bool list_zip(const std::string& bytes, std::vector<ZipListing>* entries, std::string* error,
              uint64_t max_total) {
  zip_error_t ze;
  zip_error_init(&ze);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &ze);
  zip_t* za = src ? zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze) : nullptr;
  if (!za) {
    int code = zip_error_code_zip(&ze);
    // libzip refuses an archive with a name twice (which entry would an unzip tool keep?).
    *error = code == ZIP_ER_NOZIP    ? "not a zip archive"
             : code == ZIP_ER_EXISTS ? "duplicate entry: the zip holds an entry name twice"
                                     : error_text(&ze);
    if (src) zip_source_free(src);
    zip_error_fini(&ze);
    return false;
  }
  zip_error_fini(&ze);
  bool ok = true;
  uint64_t total = 0;
  zip_int64_t count = zip_get_num_entries(za, 0);
  for (zip_int64_t i = 0; ok && i < count; ++i) {
    auto index = static_cast<zip_uint64_t>(i);
    zip_stat_t st;
    if (zip_stat_index(za, index, ZIP_FL_ENC_RAW, &st) != 0) continue;
    ZipListing e;
    e.name = st.name ? st.name : "";
    e.directory = !e.name.empty() && e.name.back() == '/';
    zip_uint8_t opsys = 0;
    zip_uint32_t attributes = 0;
    if (zip_file_get_external_attributes(za, index, 0, &opsys, &attributes) == 0 &&
        opsys == ZIP_OPSYS_UNIX) {
      e.symlink = ((attributes >> 16) & 0170000) == 0120000;
    }
    if (!e.directory && !e.symlink) {
      total += st.size;
      if (total > max_total) {
        *error = "archive expands to more than " + std::to_string(max_total >> 20) + " MB";
        ok = false;
        break;
      }
      zip_file_t* f = zip_fopen_index(za, index, 0);
      e.data.assign(static_cast<size_t>(st.size), '\0');
      zip_int64_t n = f ? zip_fread(f, e.data.data(), st.size) : -1;
      if (f) zip_fclose(f);
      if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) {
        *error = "cannot read " + e.name + " (corrupt archive)";
        ok = false;
        break;
      }
    }
    entries->push_back(std::move(e));
  }
  zip_discard(za);
  return ok;
}

}  // namespace imsdoc
