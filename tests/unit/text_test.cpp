#include <catch2/catch.hpp>

#include "base/text.h"

using namespace imsdoc;

TEST_CASE("find_invalid_utf8 locates the first bad byte", "[text]") {
  CHECK(find_invalid_utf8("plain ascii") == std::string::npos);
  CHECK(find_invalid_utf8("caf\xC3\xA9 \xE2\x80\x94 ok") == std::string::npos);
  CHECK(find_invalid_utf8("ab\xFF") == 2);
  CHECK(find_invalid_utf8("x\xC3") == 1);             // truncated sequence
  CHECK(find_invalid_utf8("\xC0\xAF") == 0);          // overlong
  CHECK(find_invalid_utf8("\xED\xA0\x80") == 0);      // UTF-16 surrogate
  CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == 0);  // beyond U+10FFFF
}

TEST_CASE("line_col_at and line_text agree", "[text]") {
  std::string s = "one\ntwo\nthree";
  int line, col;
  line_col_at(s, s.find("ree"), &line, &col);
  CHECK(line == 3);
  CHECK(col == 3);
  CHECK(line_text(s, 2) == "two");
  CHECK(line_text(s, 3) == "three");
  CHECK(line_text(s, 4) == "");
}

TEST_CASE("normalize_newlines strips BOM and CR", "[text]") {
  bool bom = false;
  CHECK(normalize_newlines("\xEF\xBB\xBF"
                           "a\r\nb\rc\n",
                           &bom) == "a\nb\nc\n");
  CHECK(bom);
  CHECK(normalize_newlines("x\n", &bom) == "x\n");
  CHECK_FALSE(bom);
}

TEST_CASE("slugify keeps letters and digits", "[text]") {
  CHECK(slugify("IMS-1.4") == "ims-1-4");
  CHECK(slugify("  Roles, responsibilities & authorities ") ==
        "roles-responsibilities-authorities");
  CHECK(slugify("42001:A.6.2.4") == "42001-a-6-2-4");
  CHECK(slugify("Überblick") ==
        "\xC3\x9C"
        "berblick");
  CHECK(slugify("---") == "");
}

TEST_CASE("closest_match suggests plausible typos only", "[text]") {
  std::vector<std::string> keys = {"title", "organisation", "manual_id", "version"};
  CHECK(closest_match("organization", keys) == "organisation");
  CHECK(closest_match("titel", keys) == "title");
  CHECK(closest_match("colour", keys) == "");
}

TEST_CASE("is_iso_date checks the calendar", "[text]") {
  CHECK(is_iso_date("2026-03-01"));
  CHECK(is_iso_date("2024-02-29"));
  CHECK_FALSE(is_iso_date("2026-02-29"));
  CHECK_FALSE(is_iso_date("2026-13-01"));
  CHECK_FALSE(is_iso_date("2026-3-1"));
  CHECK_FALSE(is_iso_date("01/03/2026"));
}

TEST_CASE("quoted_list joins with the last separator", "[text]") {
  CHECK(quoted_list({"a"}) == "'a'");
  CHECK(quoted_list({"a", "b", "c"}) == "'a', 'b' or 'c'");
  CHECK(quoted_list({"a", "b"}, "and") == "'a' and 'b'");
}
