#include <catch2/catch.hpp>

#include "base/diagnostic.h"

using namespace imsdoc;

TEST_CASE("format_diagnostic prints location, excerpt, caret and hint", "[diagnostic]") {
  // Member by member: GCC 12 at -O3 takes the aggregate initialisation's clean-up path for
  // reading an uninitialised string (a false -Wmaybe-uninitialized).
  Diagnostic d;
  d.span = {"registers/risks.yaml", 12, 17};
  d.message = "unknown value 'hgh'";
  d.hint = "did you mean 'high'?";
  CHECK(format_diagnostic(d, "registers/risks.yaml", "    likelihood: hgh") ==
        "registers/risks.yaml:12:17: error: unknown value 'hgh'\n"
        " 12 |     likelihood: hgh\n"
        "    |                 ^\n"
        "hint: did you mean 'high'?\n");
}

TEST_CASE("format_diagnostic without a line prints only the path", "[diagnostic]") {
  Diagnostic d{Severity::kWarning, {"content/a.md", 0, 0}, "something", "", ""};
  CHECK(format_diagnostic(d, "proj/content/a.md", "") == "proj/content/a.md: warning: something\n");
}

TEST_CASE("format_diagnostic keeps tabs under the caret", "[diagnostic]") {
  Diagnostic d{Severity::kError, {"f", 1, 3}, "m", "", ""};
  CHECK(format_diagnostic(d, "f", "\tx y") == "f:1:3: error: m\n 1 | \tx y\n   | \t ^\n");
}

TEST_CASE("Diagnostics sorts by file, line and column and counts errors", "[diagnostic]") {
  Diagnostics diags;
  diags.error({"b", 1, 1}, "b1");
  diags.warning({"a", 9, 1}, "a9");
  diags.error({"a", 2, 5}, "a2");
  auto sorted = diags.sorted();
  REQUIRE(sorted.size() == 3);
  CHECK(sorted[0].message == "a2");
  CHECK(sorted[1].message == "a9");
  CHECK(sorted[2].message == "b1");
  CHECK(diags.error_count() == 2);
  CHECK(diags.warning_count() == 1);
}

TEST_CASE("format_diagnostic keeps output valid UTF-8 and aligns by characters", "[diagnostic]") {
  Diagnostic d{Severity::kError, {"f", 1, 9}, "m", "", ""};
  // Byte columns: M=1, ü=2-3, ' '=4, \xFC=5, ' '=6, a=7, b=8, c=9.
  CHECK(format_diagnostic(d, "f", "M\xC3\xBC \xFC abc") ==
        "f:1:9: error: m\n 1 | M\xC3\xBC \xEF\xBF\xBD abc\n   |        ^\n");
}
