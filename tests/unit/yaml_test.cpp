#include <catch2/catch.hpp>

#include "load/yaml.h"

using namespace imsdoc;

TEST_CASE("parse_yaml keeps positions and order", "[yaml]") {
  Diagnostics diags;
  YamlNode root;
  REQUIRE(parse_yaml("b: 1\na:\n  - x\n  - \"y\"\n", "f.yaml", 0, &root, diags));
  REQUIRE(root.is_map());
  REQUIRE(root.entries.size() == 2);
  CHECK(root.entries[0].first.scalar == "b");
  const YamlNode* a = root.get("a");
  REQUIRE(a);
  REQUIRE(a->is_sequence());
  CHECK(a->items[1].scalar == "y");
  CHECK(a->items[1].quoted);
  CHECK_FALSE(a->items[0].quoted);
  CHECK(a->items[1].line == 4);
  CHECK(a->items[1].col == 5);
  CHECK(diags.empty());
}

TEST_CASE("parse_yaml reports duplicate keys", "[yaml]") {
  Diagnostics diags;
  YamlNode root;
  parse_yaml("id: A\ntitle: x\nid: B\n", "f.yaml", 0, &root, diags);
  auto list = diags.sorted();
  REQUIRE(list.size() == 1);
  CHECK(list[0].span.line == 3);
  CHECK(list[0].message == "duplicate key 'id'");
  CHECK(list[0].hint == "first defined at line 1");
}

TEST_CASE("parse_yaml reports syntax errors with a position and the line offset", "[yaml]") {
  Diagnostics diags;
  YamlNode root;
  CHECK_FALSE(parse_yaml("a: [1, 2\nb: 3\n", "f.yaml", 10, &root, diags));
  auto list = diags.sorted();
  REQUIRE(list.size() == 1);
  CHECK(list[0].span.line > 10);
  CHECK(list[0].message.rfind("invalid YAML: ", 0) == 0);
}

TEST_CASE("parse_yaml limits nesting depth", "[yaml]") {
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "[";
  for (int i = 0; i < 100; ++i) deep += "]";
  Diagnostics diags;
  YamlNode root;
  CHECK_FALSE(parse_yaml(deep, "f.yaml", 0, &root, diags));
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.sorted()[0].message == "YAML nested more than 64 levels deep (limits.yaml_depth)");
}

namespace {

// a0: &a0 [x, x, ...] and each next level ten aliases of the one before: 10^(levels+1) nodes.
std::string alias_bomb(int levels) {
  std::string text = "a0: &a0 [x,x,x,x,x,x,x,x,x,x]\n";
  for (int i = 1; i <= levels; ++i) {
    std::string prev = "*a" + std::to_string(i - 1);
    text += "a" + std::to_string(i) + ": &a" + std::to_string(i) + " [";
    for (int k = 0; k < 10; ++k) text += (k ? "," : "") + prev;
    text += "]\n";
  }
  return text;
}

}  // namespace

TEST_CASE("parse_yaml counts every use of an alias against limits.yaml_nodes", "[yaml]") {
  Diagnostics diags;
  YamlNode root;
  CHECK_FALSE(parse_yaml(alias_bomb(9), "bomb.yaml", 0, &root, diags));
  auto list = diags.sorted();
  REQUIRE(list.size() == 1);
  CHECK(list[0].message == "YAML expands to more than 1,000,000 nodes (limits.yaml_nodes)");
  // At the alias that goes over: a0 to a4 (and the copies kept for their aliases) are some
  // 250,000 nodes, each *a4 another 111,111; the seventh in a5 goes over.
  CHECK(list[0].span.line == 6);
  CHECK(list[0].span.col == 34);
  CHECK(root.is_null());

  // Within the budget, aliases are expanded as copies with the anchor's positions.
  Diagnostics ok_diags;
  REQUIRE(parse_yaml(alias_bomb(2), "small.yaml", 0, &root, ok_diags));
  CHECK(ok_diags.empty());
  const YamlNode* a2 = root.get("a2");
  REQUIRE(a2);
  REQUIRE(a2->items.size() == 10);
  REQUIRE(a2->items[9].items.size() == 10);
  CHECK(a2->items[9].items[0].items[3].scalar == "x");
  CHECK(a2->items[9].line == 2);

  InputLimits tight;
  tight.yaml_nodes = 100;
  Diagnostics tight_diags;
  CHECK_FALSE(parse_yaml(alias_bomb(2), "small.yaml", 0, &root, tight_diags, tight));
  REQUIRE(tight_diags.error_count() == 1);
  CHECK(tight_diags.sorted()[0].message ==
        "YAML expands to more than 100 nodes (limits.yaml_nodes)");
}

TEST_CASE("parse_yaml: nesting limit holds through aliases and deep flow text", "[yaml]") {
  InputLimits limits;
  limits.yaml_depth = 3;
  Diagnostics diags;
  YamlNode root;
  REQUIRE(parse_yaml("a: &a [[x]]\nb: *a\n", "f.yaml", 0, &root, diags, limits));
  CHECK_FALSE(parse_yaml("a: &a [[x]]\nb: [*a]\n", "f.yaml", 0, &root, diags, limits));
  REQUIRE(diags.error_count() == 1);
  CHECK(diags.sorted()[0].message == "YAML nested more than 3 levels deep (limits.yaml_depth)");
  CHECK(diags.sorted()[0].span.line == 2);
  CHECK(diags.sorted()[0].span.col == 5);

  // Far deeper than yaml-cpp's own parser recurses: its limit becomes the same error.
  for (std::string open : {"[", "{a: ", "- "}) {
    std::string deep;
    for (int i = 0; i < 100000; ++i) deep += open;
    deep += "x";
    Diagnostics deep_diags;
    CHECK_FALSE(parse_yaml(deep, "deep.yaml", 0, &root, deep_diags));
    REQUIRE(deep_diags.error_count() == 1);
    CHECK(deep_diags.sorted()[0].message ==
          "YAML nested more than 64 levels deep (limits.yaml_depth)");
  }
}

TEST_CASE("parse_yaml: an alias inside its own anchor is an error", "[yaml]") {
  Diagnostics diags;
  YamlNode root;
  CHECK_FALSE(parse_yaml("a: &a [x, *a]\n", "f.yaml", 0, &root, diags));
  REQUIRE(diags.error_count() == 1);
  auto d = diags.sorted()[0];
  CHECK(d.message == "an alias refers to the node that contains it");
  CHECK(d.span.line == 1);
  CHECK(d.span.col == 11);
}
