#include "bundle/zip.h"

#include <zip.h>

#include <cstdlib>
#include <ctime>
#include <memory>

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

bool write_zip(const std::vector<ZipEntry>& entries, int64_t mtime, std::string* out,
               std::string* error) {
  zip_error_t ze;
  zip_error_init(&ze);
  std::unique_ptr<zip_source_t, SourceDeleter> buffer(zip_source_buffer_create(nullptr, 0, 0, &ze));
  if (!buffer) {
    *error = "cannot create zip buffer: " + error_text(&ze);
    zip_error_fini(&ze);
    return false;
  }
  zip_t* za = zip_open_from_source(buffer.get(), ZIP_TRUNCATE, &ze);
  if (!za) {
    *error = "cannot create zip archive: " + error_text(&ze);
    zip_error_fini(&ze);
    return false;
  }
  zip_source_keep(buffer.get());  // the archive now holds a reference; keep ours to read back
  zip_error_fini(&ze);
  uint16_t dtime = 0, ddate = 0;
  dos_time(mtime, &dtime, &ddate);
  auto fail = [&](const std::string& what) {
    *error = what + ": " + zip_strerror(za);
    zip_discard(za);
    return false;
  };
  // zip_source_buffer reads the data at zip_close: `entries` outlives that.
  for (const ZipEntry& e : entries) {
    zip_source_t* src = zip_source_buffer(za, e.data.data(), e.data.size(), 0);
    if (!src) return fail("cannot add " + e.name);
    zip_int64_t index = zip_file_add(za, e.name.c_str(), src, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(src);
      return fail("cannot add " + e.name);
    }
    auto i = static_cast<zip_uint64_t>(index);
    // Level 4: on the XML of a large DOCX, level 6 costs a fifth of the whole run for a
    // file only about 13% smaller, and level 9 twice that again.
    if (zip_set_file_compression(za, i, ZIP_CM_DEFLATE, 4) != 0 ||
        zip_file_set_dostime(za, i, dtime, ddate, 0) != 0 ||
        zip_file_set_external_attributes(za, i, 0, ZIP_OPSYS_UNIX, 0100644u << 16) != 0) {
      return fail("cannot set attributes of " + e.name);
    }
  }
  if (zip_close(za) != 0) return fail("cannot write zip archive");

  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_source_stat(buffer.get(), &st) != 0 || zip_source_open(buffer.get()) != 0) {
    *error = "cannot read back zip archive";
    return false;
  }
  out->assign(static_cast<size_t>(st.size), '\0');
  zip_int64_t n = zip_source_read(buffer.get(), out->data(), st.size);
  zip_source_close(buffer.get());
  if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) {
    *error = "cannot read back zip archive";
    return false;
  }
  return true;
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
    *error = zip_error_code_zip(&ze) == ZIP_ER_NOZIP ? "not a zip archive" : error_text(&ze);
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
