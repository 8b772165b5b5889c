// A Mustache engine for theme templates: a template is parsed once into a list of nodes and
// rendered straight from a TemplateValue, without converting the data.
//
// It renders what kainjow::mustache 4.1 (imsdoc's engine before this one) rendered, byte for
// byte, including where that differs from the Mustache spec (docs/themes.md lists the
// differences): only a line holding a section tag that was rendered and nothing but blanks is
// removed, partials are not indented, and a dotted name is tried whole at every level of the
// context.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "render/template_value.h"

namespace imsdoc {

// A syntax error: where (the start of the offending tag) and what.
struct MustacheError {
  size_t offset = 0;  // byte offset in the template text
  int line = 0;       // 1-based
  int col = 0;        // 1-based byte column
  std::string message;
};

class MustacheTemplate {
 public:
  // Parses `text`, which starts with the default delimiters {{ }}. Returns nullptr and sets
  // *error on the first syntax error.
  static std::unique_ptr<MustacheTemplate> parse(std::string_view text, MustacheError* error);

  ~MustacheTemplate();
  MustacheTemplate(const MustacheTemplate&) = delete;
  MustacheTemplate& operator=(const MustacheTemplate&) = delete;

  struct PartialTag {
    std::string name;
    size_t offset = 0;  // of the tag, as in MustacheError
    int line = 0, col = 0;
  };
  // The partial tags ({{> name}}) in the order they appear.
  const std::vector<PartialTag>& partial_tags() const { return partial_tags_; }

  // Makes partial tag `i` (an index of partial_tags()) render `partial`, which must outlive
  // this template and may be this template itself. A tag never linked renders nothing. Not
  // thread-safe: link every partial before rendering.
  void link_partial(size_t i, const MustacheTemplate* partial);

  // A value looked up in the root of the context before the root's own entries, as if it were
  // set in the root map: {"content", &body}.
  using RootValue = std::pair<std::string_view, const TemplateValue*>;

  // Renders with `root` as the context and appends the result to *out. Const and thread-safe:
  // any number of threads may render the same templates at once. Returns false and sets *error
  // (keeping what was rendered so far) only when partials nest deeper than kMaxPartialDepth,
  // as a partial that includes itself whatever the data does, or when rendered sections and
  // partials together nest deeper than kMaxNesting (each level is a frame of the stack).
  bool render(const TemplateValue& root, std::span<const RootValue> root_values, std::string* out,
              std::string* error) const;

  // Called with what has been rendered so far, at the end of a line, whenever it has grown to
  // `chunk` bytes; the output then starts again empty. For one long document (print.html)
  // written as it is rendered.
  struct Drain {
    std::function<void(std::string_view)> write;
    size_t chunk = 1 << 20;
  };
  // As render(), handing the output to `drain` in pieces (the last one left in *out).
  bool render(const TemplateValue& root, std::span<const RootValue> root_values, std::string* out,
              std::string* error, const Drain* drain) const;

  static constexpr int kMaxPartialDepth = 200;
  static constexpr int kMaxNesting = 400;

 private:
  struct Node;
  struct RenderState;
  class Parser;

  MustacheTemplate();
  bool render_nodes(size_t begin, size_t end, RenderState* state) const;
  bool render_section(const Node& node, size_t index, const TemplateValue* value,
                      RenderState* state) const;
  bool render_section_body(const Node& node, size_t index, const TemplateValue* value,
                           RenderState* state) const;

  std::vector<Node> nodes_;
  std::vector<PartialTag> partial_tags_;
  std::vector<size_t> partial_nodes_;  // partial tag i -> its index in nodes_
};

// Appends `s` to *out with & < > " ' replaced by &amp; &lt; &gt; &quot; &apos; (what
// {{name}} does). Not render/escape.h's append_html_escaped, which writes &#39; for ': pages
// keep the bytes kainjow gave them.
void mustache_escape(std::string_view s, std::string* out);

}  // namespace imsdoc
