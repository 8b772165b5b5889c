// The zip writer: archives deflated on several threads are byte for byte those deflated on one,
// and read back (with read_zip, list_zip and `unzip -t`).
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <random>

#include "base/process.h"
#include "base/temp_dir.h"
#include "bundle/zip.h"

using namespace imsdoc;

namespace {

// Text that deflates well, like a site's HTML.
std::string text(size_t size, unsigned seed) {
  std::mt19937 random(seed);
  static const char* const kWords[] = {"<p>",    "clause", "risk",          "control",
                                       "</p>\n", "the",    "ISO/IEC 27001", "owner",
                                       "review", "<td>",   "</td>"};
  std::string s;
  while (s.size() < size) {
    s += kWords[random() % (sizeof kWords / sizeof kWords[0])];
    s += ' ';
  }
  s.resize(size);
  return s;
}

// Bytes that do not deflate at all, like a PNG or a DOCX.
std::string noise(size_t size, unsigned seed) {
  std::mt19937 random(seed);
  std::string s(size, '\0');
  for (char& c : s) c = static_cast<char>(random() & 0xff);
  return s;
}

// Many entries of varied sizes: empty ones, tiny ones, big text, incompressible data, a name
// that is not ASCII, in no particular order of size.
std::vector<ZipEntry> varied_entries() {
  std::vector<ZipEntry> entries;
  entries.push_back({"[Content_Types].xml", text(1500, 1)});
  entries.push_back({"empty-first.txt", ""});
  for (unsigned i = 0; i < 240; ++i) {
    std::string name = "site/1.0/section-" + std::to_string(i) + ".html";
    size_t size = (i * 7919u) % 20000;  // 0 .. 20 KB, a few empty
    entries.push_back({name, i % 17 == 5 ? noise(size, i) : text(size, i)});
  }
  entries.push_back({"site/1.0/print.html", text(900000, 2)});
  entries.push_back({"site/1.0/search-index.js", text(600000, 3)});
  entries.push_back({"manual.docx", noise(300000, 4)});
  entries.push_back({"site/1.0/diagrams/processus-qualité-Ü.svg", text(40000, 5)});
  entries.push_back({"empty-last.txt", ""});
  return entries;
}

std::string pack(const std::vector<ZipEntry>& entries, const ZipThreads& threads) {
  std::string bytes, error;
  REQUIRE(write_zip(entries, 946684800, &bytes, &error, threads));
  CHECK(error.empty());
  return bytes;
}

}  // namespace

TEST_CASE("zip: deflating on several threads writes the bytes of one thread", "[zip]") {
  auto entries = varied_entries();
  const std::string serial = pack(entries, {1, 0});
  for (unsigned threads : {2u, 3u, 8u}) {
    INFO("threads: " << threads);
    std::string parallel = pack(entries, {threads, 0});
    CHECK(parallel.size() == serial.size());
    CHECK(parallel == serial);
  }
  CHECK(pack(entries, {}) == serial);  // one thread per core, over the size threshold

  std::map<std::string, std::string> read;
  std::string error;
  REQUIRE(read_zip(serial, &read, &error));
  REQUIRE(read.size() == entries.size());
  for (const auto& e : entries) CHECK(read.at(e.name) == e.data);

  std::vector<ZipListing> listed;
  REQUIRE(list_zip(serial, &listed, &error));
  REQUIRE(listed.size() == entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    CHECK(listed[i].name == entries[i].name);  // in the order given
    CHECK_FALSE(listed[i].directory);
    CHECK_FALSE(listed[i].symlink);
  }
}

TEST_CASE("zip: more threads than entries, and archives too small to share", "[zip]") {
  std::vector<ZipEntry> two = {{"a.txt", text(5000, 7)}, {"b.txt", ""}};
  CHECK(pack(two, {8, 0}) == pack(two, {1, 0}));
  std::vector<ZipEntry> one = {{"only.txt", text(5000, 8)}};
  CHECK(pack(one, {8, 0}) == pack(one, {1, 0}));
  CHECK(pack(two, {8, 1u << 20}) == pack(two, {1, 0}));
}

TEST_CASE("zip: a failure on several threads is reported as on one", "[zip]") {
  auto entries = varied_entries();
  entries.push_back({"site/1.0/section-3.html", "again"});
  std::string serial_error, parallel_error, bytes;
  CHECK_FALSE(write_zip(entries, 946684800, &bytes, &serial_error, {1, 0}));
  CHECK_FALSE(write_zip(entries, 946684800, &bytes, &parallel_error, {2, 0}));
  CHECK(serial_error.find("cannot add site/1.0/section-3.html") == 0);
  CHECK(parallel_error == serial_error);
}

TEST_CASE("zip: unzip -t accepts an archive deflated on several threads", "[zip]") {
  if (run_process({"unzip", "-v"}).exit_code != 0) {
    WARN("SKIPPED: unzip not found; install the unzip package");
    return;
  }
  TempDir dir;
  REQUIRE(dir.create("imsdoc-zip-test-").empty());
  std::string path = dir.path() + "/test.zip";
  {
    std::ofstream out(path, std::ios::binary);
    out << pack(varied_entries(), {2, 0});
  }
  ProcessResult r = run_process({"unzip", "-t", path});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("No errors detected") != std::string::npos);
}
