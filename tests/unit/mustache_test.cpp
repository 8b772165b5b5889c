#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "render/mustache.h"

using namespace imsdoc;

namespace {

using TV = TemplateValue;

// Templates compiled from source, partials linked by name.
class Compiled {
 public:
  explicit Compiled(const std::string& text,
                    const std::map<std::string, std::string>& partials = {}) {
    for (const auto& [name, source] : partials) partials_[name] = compile(source);
    main_ = compile(text);
    for (auto* t : all()) {
      for (size_t i = 0; i < t->partial_tags().size(); ++i) {
        t->link_partial(i, partials_.at(t->partial_tags()[i].name).get());
      }
    }
  }

  std::string render(const TV& data, std::span<const MustacheTemplate::RootValue> added = {}) {
    std::string out, error;
    REQUIRE(main_->render(data, added, &out, &error));
    return out;
  }

  const MustacheTemplate& main() const { return *main_; }

 private:
  static std::unique_ptr<MustacheTemplate> compile(const std::string& text) {
    MustacheError error;
    auto t = MustacheTemplate::parse(text, &error);
    INFO(text << ": " << error.message);
    REQUIRE(t);
    return t;
  }

  std::vector<MustacheTemplate*> all() {
    std::vector<MustacheTemplate*> v{main_.get()};
    for (auto& [name, t] : partials_) v.push_back(t.get());
    return v;
  }

  std::unique_ptr<MustacheTemplate> main_;
  std::map<std::string, std::unique_ptr<MustacheTemplate>> partials_;
};

std::string render(const std::string& text, const TV& data = TV(),
                   const std::map<std::string, std::string>& partials = {}) {
  return Compiled(text, partials).render(data);
}

TV list_of(std::vector<TV> items) {
  TV l = TV::list();
  for (auto& item : items) l.push(std::move(item));
  return l;
}

TV map_of(std::vector<std::pair<std::string, TV>> entries) {
  TV m;
  for (auto& [k, v] : entries) m.set(k, std::move(v));
  return m;
}

MustacheError parse_error(const std::string& text) {
  MustacheError error;
  CHECK_FALSE(MustacheTemplate::parse(text, &error));
  return error;
}

}  // namespace

TEST_CASE("mustache: variables are escaped, triple and & are raw", "[mustache]") {
  TV data = map_of({{"x", "a & b <i> \"q\" 'a'"}});
  CHECK(render("{{x}}", data) == "a &amp; b &lt;i&gt; &quot;q&quot; &apos;a&apos;");
  CHECK(render("{{{x}}}|{{& x}}|{{ x }}", data) ==
        "a & b <i> \"q\" 'a'|a & b <i> \"q\" 'a'|a &amp; b &lt;i&gt; &quot;q&quot; &apos;a&apos;");
  std::string out;
  mustache_escape("é&", &out);
  CHECK(out == "é&amp;");
}

TEST_CASE("mustache: only strings render; unknown names render nothing", "[mustache]") {
  TV data = map_of({{"t", true}, {"f", false}, {"l", list_of({"a"})}, {"m", TV()}});
  CHECK(render("[{{t}}{{f}}{{l}}{{m}}{{missing}}{{{missing}}}{{missing.deeper}}]", data) == "[]");
}

TEST_CASE("mustache: sections over lists, bools, strings and maps", "[mustache]") {
  TV data = map_of({{"items", list_of({map_of({{"n", "1"}}), map_of({{"n", "2"}})})},
                    {"names", list_of({"a", "<b>"})},
                    {"empty", TV::list()},
                    {"yes", true},
                    {"no", false},
                    {"s", "str"},
                    {"blank", ""},
                    {"m", map_of({{"k", "v"}})},
                    {"em", TV()}});
  CHECK(render("{{#items}}<{{n}}>{{/items}}", data) == "<1><2>");
  CHECK(render("{{#names}}[{{.}}]{{/names}}", data) == "[a][&lt;b&gt;]");
  CHECK(render("{{#empty}}x{{/empty}}{{#no}}x{{/no}}{{#missing}}x{{/missing}}", data) == "");
  CHECK(render("{{#yes}}y{{/yes}}", data) == "y");
  // A string is a one-item context, even the empty string; a map is one too, even empty.
  CHECK(render("{{#s}}({{.}}){{/s}}{{#blank}}(blank){{/blank}}", data) == "(str)(blank)");
  CHECK(render("{{#m}}{{k}}{{/m}}{{#em}}(em){{/em}}", data) == "v(em)");
}

TEST_CASE("mustache: inverted sections", "[mustache]") {
  TV data = map_of({{"empty", TV::list()},
                    {"no", false},
                    {"yes", true},
                    {"blank", ""},
                    {"em", TV()},
                    {"l", list_of({"a"})}});
  CHECK(render("{{^empty}}1{{/empty}}{{^no}}2{{/no}}{{^missing}}3{{/missing}}", data) == "123");
  CHECK(render("{{^yes}}x{{/yes}}{{^blank}}x{{/blank}}{{^em}}x{{/em}}{{^l}}x{{/l}}", data) == "");
}

TEST_CASE("mustache: names are looked up from the innermost context outwards", "[mustache]") {
  TV data = map_of({{"title", "outer"},
                    {"items", list_of({map_of({{"title", "inner"}}), map_of({{"other", "x"}})})}});
  CHECK(render("{{#items}}{{title}};{{/items}}", data) == "inner;outer;");
}

TEST_CASE("mustache: dotted names", "[mustache]") {
  TV data = map_of({{"site", map_of({{"title", "Manual"}, {"meta", map_of({{"id", "IMS"}})}})},
                    {"a", map_of({{"b", "outer"}})},
                    {"list", list_of({map_of({{"a", map_of({{"c", "x"}})}})})},
                    {"s", "str"}});
  CHECK(render("{{site.title}} {{site.meta.id}} {{#site.meta}}{{id}}{{/site.meta}}", data) ==
        "Manual IMS IMS");
  CHECK(render("[{{site.missing}}{{s.length}}]", data) == "[]");
  // As in kainjow, the whole dotted name is tried at each level: "a.b" is not found in the
  // item's "a" (which has no "b"), so the outer "a.b" is used. The spec would render nothing.
  CHECK(render("{{#list}}{{a.c}} {{a.b}}{{/list}}", data) == "x outer");
}

TEST_CASE("mustache: the implicit iterator", "[mustache]") {
  TV data = map_of({{"names", list_of({"a&b", "c"})}, {"nested", list_of({list_of({"x", "y"})})}});
  CHECK(render("{{#names}}{{.}},{{{.}}};{{/names}}", data) == "a&amp;b,a&b;c,c;");
  CHECK(render("{{#nested}}{{#.}}<{{.}}>{{/.}}{{/nested}}", data) == "<x><y>");
  CHECK(render("[{{.}}]", data) == "[]");  // the root is a map
}

TEST_CASE("mustache: standalone lines of rendered sections are removed", "[mustache]") {
  TV data = map_of({{"items", list_of({map_of({{"n", "1"}}), map_of({{"n", "2"}})})},
                    {"yes", true},
                    {"no", false}});
  CHECK(render("<ul>\n  {{#items}}\n  <li>{{n}}</li>\n  {{/items}}\n</ul>\n", data) ==
        "<ul>\n  <li>1</li>\n  <li>2</li>\n</ul>\n");
  CHECK(render("a\n\t{{#yes}} \n b\n{{/yes}}\nc", data) == "a\n b\nc");
  CHECK(render("a\r\n{{#yes}}\r\nb\r\n{{/yes}}\r\nc", data) == "a\r\nb\r\nc");
  // A line with other text than blanks stays.
  CHECK(render("a {{#yes}}b{{/yes}}\n", data) == "a b\n");
  // As in kainjow: a section that does not render, a comment and a partial keep their line
  // (the spec would remove it).
  CHECK(render("a\n{{#no}}\nb\n{{/no}}\nc\n", data) == "a\n\nc\n");
  CHECK(render("a\n{{! note }}\nb", data) == "a\n\nb");
  // The last line, which has no line break, is removed too.
  CHECK(render("a\n{{#yes}}{{/yes}}  ", data) == "a\n");
}

TEST_CASE("mustache: partials are rendered in place, not indented", "[mustache]") {
  TV tree = map_of(
      {{"nav", list_of({map_of({{"title", "1"},
                                {"children",
                                 list_of({map_of({{"title", "1.1"}, {"children", TV::list()}})})}}),
                        map_of({{"title", "2"}, {"children", TV::list()}})})}});
  std::map<std::string, std::string> partials{
      {"item", "<li>{{title}}\n  {{#children}}\n  <ul>{{> item}}</ul>\n  {{/children}}\n</li>"}};
  // The lines of {{#children}} go where children are rendered, and stay (blanks and all) where
  // the empty list does not render the section.
  CHECK(render("<ul>\n  {{#nav}}{{> item}}{{/nav}}\n</ul>", tree, partials) ==
        "<ul>\n  <li>1\n  <ul><li>1.1\n  \n</li></ul>\n</li><li>2\n  \n</li>\n</ul>");
  // A partial continues the line it is on: its lines are not indented.
  CHECK(render("  {{> p}}|", TV(), {{"p", "a\nb"}}) == "  a\nb|");
}

TEST_CASE("mustache: set delimiters", "[mustache]") {
  TV data = map_of({{"x", "<1>"}, {"yes", true}});
  CHECK(render("{{=<% %>=}}<% x %> <%& x%> {{x}} <%={{ }}=%>{{x}}", data) ==
        "&lt;1&gt; <1> {{x}} &lt;1&gt;");
  CHECK(render("{{= | | =}}|#yes|y|/yes|", data) == "y");
  // A partial starts with the default delimiters whatever its caller set.
  CHECK(render("{{=[ ]=}}[> p][x]", data, {{"p", "{{x}}"}}) == "&lt;1&gt;&lt;1&gt;");
}

TEST_CASE("mustache: the root values are looked up before the root's own", "[mustache]") {
  TV data = map_of({{"content", "data"}, {"title", "T"}, {"m", map_of({{"content", "inner"}})}});
  TV body("<p>body</p>");
  const MustacheTemplate::RootValue added[] = {{"content", &body}};
  Compiled c("{{{content}}} {{title}} {{#m}}{{content}}{{/m}}");
  CHECK(c.render(data, added) == "<p>body</p> T inner");
  CHECK(c.render(data) == "data T inner");
}

TEST_CASE("mustache: comments render nothing", "[mustache]") {
  CHECK(render("a{{! a comment\n over lines }}b") == "ab");
}

TEST_CASE("mustache: partial tags are listed with their place", "[mustache]") {
  MustacheError error;
  auto t = MustacheTemplate::parse("x\n  {{> nav-item }}{{=<% %>=}}<%>other%>", &error);
  REQUIRE(t);
  REQUIRE(t->partial_tags().size() == 2);
  CHECK(t->partial_tags()[0].name == "nav-item");
  CHECK(t->partial_tags()[0].line == 2);
  CHECK(t->partial_tags()[0].col == 3);
  CHECK(t->partial_tags()[1].name == "other");
  // An unlinked partial renders nothing.
  std::string out, err;
  CHECK(t->render(TV(), {}, &out, &err));
  CHECK(out == "x\n  ");
}

TEST_CASE("mustache: a partial including itself whatever the data is an error", "[mustache]") {
  MustacheError error;
  auto t = MustacheTemplate::parse("a{{> self}}", &error);
  REQUIRE(t);
  t->link_partial(0, t.get());
  std::string out, err;
  CHECK_FALSE(t->render(TV(), {}, &out, &err));
  CHECK(err ==
        "partial \"self\" nested more than 200 deep: does it include itself whatever the "
        "data?");
}

TEST_CASE("mustache: syntax errors name the line and column of their tag", "[mustache]") {
  auto e = parse_error("<dl>\n{{#fields}}\n<dt>{{label}}</dt>\n");
  CHECK(e.message == "Unclosed section \"fields\"");
  CHECK(e.line == 2);
  CHECK(e.col == 1);
  CHECK(e.offset == 5);

  e = parse_error("a\n {{#a}}{{#b}}x{{/b}}\n  {{/c}}");
  CHECK(e.message == "Close tag \"c\" does not match section \"a\" (opened at line 2, column 2)");
  CHECK(e.line == 3);
  CHECK(e.col == 3);

  e = parse_error("x{{/a}}");
  CHECK(e.message == "Unopened section \"a\"");
  CHECK(e.col == 2);

  e = parse_error("ab\ncd {{name\n}");
  CHECK(e.message == "Unclosed tag: \"{{\" without \"}}\"");
  CHECK(e.line == 2);
  CHECK(e.col == 4);
  CHECK(parse_error("{{{name").message == "Unclosed tag: \"{{{\" without \"}}}\"");
  CHECK(parse_error("{{{name}}").message ==
        "\"{{{name}}\" is closed by \"}}\": a triple mustache needs \"}}}\"");
  CHECK(parse_error("{{=<% %>=}}<%x").message == "Unclosed tag: \"<%\" without \"%>\"");

  e = parse_error("\n{{=<%%>=}}");
  CHECK(e.message ==
        "Invalid set delimiter tag \"{{=<%%>=}}\": expected =OPEN CLOSE= with two delimiters "
        "without spaces or \"=\" in them");
  CHECK(e.line == 2);
  CHECK(e.col == 1);
  CHECK_FALSE(MustacheTemplate::parse("{{=<% =%>=}}", &e));
  CHECK_FALSE(MustacheTemplate::parse("{{=<%=}}", &e));

  CHECK(parse_error("a {{ }}").message == "Tag without a name");
  CHECK(parse_error("{{#}}{{/}}").message == "Tag without a name");
  CHECK(parse_error("{{>}}").message == "Partial tag without a name");
  e = parse_error("x\n{{site..title}}");
  CHECK(e.message == "Invalid name \"site..title\": a dot needs a name on both sides");
  CHECK(e.line == 2);
  CHECK(parse_error("{{.a}}").message == "Invalid name \".a\": a dot needs a name on both sides");
  // A triple mustache that lost a brace would take the text up to the next "}}}" as its name.
  e = parse_error("x\n<p>{{{a}} and {{{b}}}");
  CHECK(e.message == "\"{{{a}}\" is closed by \"}}\": a triple mustache needs \"}}}\"");
  CHECK(e.line == 2);
  CHECK(e.col == 4);
  CHECK(parse_error("{{ a{b }}").message == "Invalid name \"a{b\": names have no braces");
}

TEST_CASE("mustache: many threads render the same templates at once", "[mustache]") {
  TV nav = TV::list();
  for (int i = 0; i < 50; ++i) {
    TV children = TV::list();
    for (int j = 0; j < 5; ++j) {
      children.push(map_of({{"title", std::to_string(i) + "." + std::to_string(j) + " <&>"},
                            {"children", TV::list()}}));
    }
    nav.push(map_of({{"title", std::to_string(i)}, {"children", std::move(children)}}));
  }
  TV data = map_of({{"nav", std::move(nav)}, {"site", map_of({{"title", "Manual"}})}});
  Compiled c("<title>{{site.title}}</title>\n<ul>\n  {{#nav}}\n  {{> item}}\n  {{/nav}}\n</ul>\n",
             {{"item",
               "<li>{{title}} {{site.title}}\n  {{#children}}\n  <ul>{{> item}}</ul>\n  "
               "{{/children}}\n</li>"}});
  const std::string expected = c.render(data);
  CHECK(expected.size() > 10000);
  constexpr int kThreads = 4;
  std::vector<int> same(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) {
        std::string out, error;
        if (c.main().render(data, {}, &out, &error) && out == expected) ++same[t];
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int t = 0; t < kThreads; ++t) CHECK(same[t] == 100);
}

TEST_CASE("mustache: a generated list makes its items one at a time, as they are rendered",
          "[mustache]") {
  std::vector<size_t> made;
  TV data;
  data.set("items", TV::generated(3, [&made](size_t i) {
             made.push_back(i);
             TV item;
             item.set("n", std::to_string(i * 10));
             return item;
           }));
  data.set("none", TV::generated(0, [](size_t) { return TV(); }));
  Compiled t("{{#items}}\n<{{n}}>\n{{/items}}{{^none}}empty{{/none}}{{#none}}x{{/none}}");
  CHECK(t.render(data) == "<0>\n<10>\n<20>\nempty");
  CHECK(made == std::vector<size_t>{0, 1, 2});
}

TEST_CASE("mustache: a drained rendering hands out whole lines and the same bytes", "[mustache]") {
  TV data;
  TV rows = TV::list();
  for (int i = 0; i < 200; ++i) {
    TV row;
    row.set("n", std::to_string(i)).set("shown", i % 3 == 0);
    rows.push(std::move(row));
  }
  data.set("rows", std::move(rows));
  // Standalone section lines are removed at their line's end: a piece must never end before it.
  Compiled t("<ul>\n{{#rows}}\n  {{#shown}}\n  <li>{{n}}</li>\n  {{/shown}}\n{{/rows}}\n</ul>");
  const std::string whole = t.render(data);
  std::vector<std::string> pieces;
  MustacheTemplate::Drain drain{[&pieces](std::string_view p) { pieces.emplace_back(p); }, 64};
  std::string rest, error;
  REQUIRE(t.main().render(data, {}, &rest, &error, &drain));
  REQUIRE(pieces.size() > 3);
  std::string joined;
  for (const auto& p : pieces) {
    CHECK(p.size() >= 64);
    CHECK(p.back() == '\n');
    joined += p;
  }
  CHECK(joined + rest == whole);
}

TEST_CASE("mustache: sections nested 100,000 deep end with an error, not a stack overflow",
          "[mustache]") {
  std::string text;
  for (int i = 0; i < 100000; ++i) text += "{{#t}}";
  text += "x";
  for (int i = 0; i < 100000; ++i) text += "{{/t}}";
  MustacheError error;
  auto t = MustacheTemplate::parse(text, &error);
  REQUIRE(t);
  TV data;
  data.set("t", true);
  std::string out, err;
  CHECK_FALSE(t->render(data, {}, &out, &err));
  CHECK(err == "sections and partials nested more than 400 deep in \"t\"");
  // Within the bound, nesting renders as before.
  std::string ok_text;
  for (int i = 0; i < 300; ++i) ok_text += "{{#t}}";
  ok_text += "x";
  for (int i = 0; i < 300; ++i) ok_text += "{{/t}}";
  auto ok = MustacheTemplate::parse(ok_text, &error);
  REQUIRE(ok);
  out.clear();
  CHECK(ok->render(data, {}, &out, &err));
  CHECK(out == "x");
}
