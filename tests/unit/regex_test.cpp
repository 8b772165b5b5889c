#include <catch2/catch.hpp>

#include <chrono>

#include "base/regex.h"

using namespace imsdoc;

TEST_CASE("regex: full and partial match keep std::regex_match and regex_search semantics",
          "[regex]") {
  Regex id("RSK-[0-9]{3}");
  REQUIRE(id.ok());
  CHECK(id.full_match("RSK-001"));
  CHECK_FALSE(id.full_match("xRSK-001"));
  CHECK_FALSE(id.full_match("RSK-0012"));
  CHECK(id.partial_match("xRSK-001y"));
  CHECK_FALSE(id.partial_match("RSK-01"));
  Regex anchored("^RSK-[0-9]{3}$");
  CHECK(anchored.partial_match("RSK-001"));
  CHECK_FALSE(anchored.partial_match("RSK-001 "));
  CHECK_FALSE(anchored.partial_match("RSK-001\n"));
}

TEST_CASE("regex: what RE2 cannot compile is an error, not an exception", "[regex]") {
  Regex backreference("(a)\\1");
  CHECK_FALSE(backreference.ok());
  CHECK(backreference.error() == "invalid escape sequence: \\1");
  CHECK_FALSE(backreference.full_match("aa"));
  Regex lookahead("^(?=a)a$");
  CHECK_FALSE(lookahead.ok());
  CHECK(lookahead.error() == "invalid perl operator: (?=");
  Regex unbalanced("(a");
  CHECK_FALSE(unbalanced.ok());
  CHECK(unbalanced.error() == "missing ): (a");
  // Nested counted repetitions need more than the memory bound: refused, not allocated.
  Regex huge("((a{1000}){1000}){1000}");
  CHECK_FALSE(huge.ok());
  CHECK_FALSE(huge.error().empty());
}

TEST_CASE("regex: catastrophic patterns run in linear time without recursion", "[regex]") {
  auto start = std::chrono::steady_clock::now();
  Regex nested("^(a+)+$");
  REQUIRE(nested.ok());
  CHECK_FALSE(nested.partial_match(std::string(41, 'a') + "!"));
  CHECK(nested.partial_match(std::string(41, 'a')));
  Regex alternation("^(a|b)*$");
  REQUIRE(alternation.ok());
  std::string long_id(40000, 'a');
  CHECK(alternation.partial_match(long_id));
  long_id[20000] = 'b';
  CHECK(alternation.full_match(long_id));
  long_id[30000] = 'c';
  CHECK_FALSE(alternation.full_match(long_id));
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));
}

TEST_CASE("regex: find gives groups and positions; ^ keeps meaning the start", "[regex]") {
  Regex link("imsdoc:([^\"\\s>]*)");
  RegexMatch m;
  std::string dot = "a [URL=\"imsdoc:RSK-1\"]; b [URL=\"imsdoc:IMS-2\"]";
  REQUIRE(link.find(dot, 0, &m));
  CHECK(m.position == 8);
  CHECK(m.str(0) == "imsdoc:RSK-1");
  CHECK(m.str(1) == "RSK-1");
  auto all = link.find_all(dot);
  REQUIRE(all.size() == 2);
  CHECK(all[1].str(1) == "IMS-2");
  Regex start("^x");
  CHECK_FALSE(start.find("ax", 1, &m));
  Regex optional("a(b)?");
  REQUIRE(optional.find("a", 0, &m));
  CHECK(m.groups[1].data() == nullptr);
  CHECK(m.str(1).empty());
}

TEST_CASE("regex: replace_all, empty matches and quoting", "[regex]") {
  CHECK(Regex("<title>%[0-9]+</title>\n?")
            .replace_all("a<title>%1</title>\nb<title>%22</title>c", "") == "abc");
  CHECK(Regex("x*").replace_all("abc", "-") == "-a-b-c-");
  CHECK(Regex("x*").replace_all("\xC3\xA9", "-") == "-\xC3\xA9-");  // never inside a character
  std::string name = "a.b(c)*";
  Regex quoted(Regex::quote(name));
  REQUIRE(quoted.ok());
  CHECK(quoted.full_match(name));
  CHECK_FALSE(quoted.full_match("aXb(c)"));
}
