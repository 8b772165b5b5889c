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
  CHECK(diags.sorted()[0].message == "YAML nested more than 64 levels deep");
}
