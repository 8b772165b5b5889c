#include "render/mustache.h"

#include <cctype>
#include <cstdint>

#include "base/text.h"

namespace imsdoc {

struct MustacheTemplate::Node {
  enum class Kind : uint8_t { kText, kNewline, kEscaped, kRaw, kSection, kInverted, kPartial };
  Kind kind = Kind::kText;
  // kText: the text (never a line break); kNewline: "\n", "\r\n" or "\r"; kPartial: the name.
  std::string text;
  // Variables and sections: the name split at its dots; empty for {{.}}.
  std::vector<std::string> name;
  size_t end = 0;  // sections: the index after the last node inside
  const MustacheTemplate* partial = nullptr;
};

struct MustacheTemplate::RenderState {
  std::string* out;
  const TemplateValue* root;
  std::span<const RootValue> root_values;
  std::string* error;
  std::vector<const TemplateValue*> stack;  // the context, innermost last
  // The line being rendered starts at out[line_start]; section_on_line is set when a section
  // tag on it rendered. kainjow removes such a line, with its line break, if the rest of it is
  // blanks (spaces and tabs) or nothing. Other tags (comments, partials, sections not
  // rendered) leave their line, even when it is empty.
  size_t line_start = 0;
  bool section_on_line = false;
  int depth = 0;                 // of partials
  const Drain* drain = nullptr;  // takes the output in pieces, at line ends
  int sections = 0;              // sections being rendered, inside each other
};

namespace {

using Kind = TemplateValue::Kind;

// kainjow trims tag contents with std::isspace.
bool is_space(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

std::string_view trim_space(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string quoted(std::string_view s) { return concat({"\"", s, "\""}); }

}  // namespace

// Tokenizes as kainjow does: a delimiter starts a tag wherever it appears (a comment or a
// string in the text included), a tag ends at the first closing delimiter, and a triple
// mustache exists only while the delimiters are {{ }}.
class MustacheTemplate::Parser {
 public:
  Parser(std::string_view text, MustacheTemplate* tmpl, MustacheError* error)
      : text_(text), tmpl_(tmpl), error_(error) {}

  bool run() {
    while (pos_ < text_.size()) {
      if (text_.substr(pos_, open_.size()) == open_) {
        if (!tag()) return false;
        continue;
      }
      char c = text_[pos_];
      if (c == '\n' || c == '\r') {
        size_t len = c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n' ? 2 : 1;
        add(Node::Kind::kNewline).text = std::string(text_.substr(pos_, len));
        pos_ += len;
        continue;
      }
      pending_ += c;
      ++pos_;
    }
    flush_text();
    if (!open_sections_.empty()) {
      const OpenSection& outer = open_sections_.front();
      return fail(outer.offset, "Unclosed section " + quoted(outer.name));
    }
    return true;
  }

 private:
  struct OpenSection {
    size_t node;
    size_t offset;
    std::string name;
  };

  bool fail(size_t offset, std::string message) {
    error_->offset = offset;
    line_col_at(text_, offset, &error_->line, &error_->col);
    error_->message = std::move(message);
    return false;
  }

  void flush_text() {
    if (pending_.empty()) return;
    Node n;
    n.text = std::move(pending_);
    tmpl_->nodes_.push_back(std::move(n));
    pending_.clear();
  }

  Node& add(Node::Kind kind) {
    flush_text();
    tmpl_->nodes_.emplace_back();
    tmpl_->nodes_.back().kind = kind;
    return tmpl_->nodes_.back();
  }

  bool tag() {
    const size_t start = pos_;
    size_t at = start + open_.size();
    const bool triple = braces_ && at < text_.size() && text_[at] == '{';
    const std::string close = triple ? "}}}" : close_;
    if (triple) ++at;
    const size_t end = text_.find(close, at);
    if (triple) {
      // A "{{{x}}" would otherwise take everything up to the next "}}}" as its name.
      const size_t two = text_.find("}}", at);
      if (two < end) {
        return fail(start, quoted(text_.substr(start, two + 2 - start)) +
                               " is closed by \"}}\": a triple mustache needs \"}}}\"");
      }
    }
    if (end == std::string_view::npos) {
      return fail(start,
                  "Unclosed tag: " + quoted(triple ? "{{{" : open_) + " without " + quoted(close));
    }
    const std::string_view contents = trim_space(text_.substr(at, end - at));
    pos_ = end + close.size();
    if (!contents.empty() && contents[0] == '=') return set_delimiters(contents, start);
    if (triple) return variable(Node::Kind::kRaw, contents, start);
    if (contents.empty()) return fail(start, "Tag without a name");
    const std::string_view name = trim_space(contents.substr(1));
    switch (contents[0]) {
      case '!':
        return true;
      case '&':
        return variable(Node::Kind::kRaw, name, start);
      case '#':
        return section(Node::Kind::kSection, name, start);
      case '^':
        return section(Node::Kind::kInverted, name, start);
      case '/':
        return close_section(name, start);
      case '>':
        return partial(name, start);
      default:
        return variable(Node::Kind::kEscaped, contents, start);
    }
  }

  // Splits a dotted name; names that kainjow would accept but can never match a value are
  // errors here: "a..b", ".a", "a." and names with braces (a {{{x}} missing a brace).
  bool parse_name(std::string_view name, size_t start, std::vector<std::string>* parts) {
    if (name.empty()) return fail(start, "Tag without a name");
    if (name == ".") return true;
    if (name.find_first_of("{}") != std::string_view::npos) {
      return fail(start, "Invalid name " + quoted(name) + ": names have no braces");
    }
    for (size_t from = 0;;) {
      size_t dot = name.find('.', from);
      std::string_view part = name.substr(from, dot == std::string_view::npos ? dot : dot - from);
      if (part.empty()) {
        return fail(start, "Invalid name " + quoted(name) + ": a dot needs a name on both sides");
      }
      parts->emplace_back(part);
      if (dot == std::string_view::npos) return true;
      from = dot + 1;
    }
  }

  bool variable(Node::Kind kind, std::string_view name, size_t start) {
    std::vector<std::string> parts;
    if (!parse_name(name, start, &parts)) return false;
    add(kind).name = std::move(parts);
    return true;
  }

  bool section(Node::Kind kind, std::string_view name, size_t start) {
    std::vector<std::string> parts;
    if (!parse_name(name, start, &parts)) return false;
    add(kind).name = std::move(parts);
    open_sections_.push_back({tmpl_->nodes_.size() - 1, start, std::string(name)});
    return true;
  }

  bool close_section(std::string_view name, size_t start) {
    if (open_sections_.empty()) return fail(start, "Unopened section " + quoted(name));
    const OpenSection& open = open_sections_.back();
    if (name != open.name) {
      int line = 0, col = 0;
      line_col_at(text_, open.offset, &line, &col);
      return fail(start, "Close tag " + quoted(name) + " does not match section " +
                             quoted(open.name) + " (opened at line " + std::to_string(line) +
                             ", column " + std::to_string(col) + ")");
    }
    flush_text();
    tmpl_->nodes_[open.node].end = tmpl_->nodes_.size();
    open_sections_.pop_back();
    return true;
  }

  bool partial(std::string_view name, size_t start) {
    if (name.empty()) return fail(start, "Partial tag without a name");
    add(Node::Kind::kPartial).text = std::string(name);
    PartialTag tag{std::string(name), start, 0, 0};
    line_col_at(text_, start, &tag.line, &tag.col);
    tmpl_->partial_tags_.push_back(std::move(tag));
    tmpl_->partial_nodes_.push_back(tmpl_->nodes_.size() - 1);
    return true;
  }

  // {{=OPEN CLOSE=}}, with kainjow's rules: the two delimiters separated by spaces (not tabs),
  // neither containing whitespace or "=".
  bool set_delimiters(std::string_view contents, size_t start) {
    auto invalid = [&] {
      return fail(start, "Invalid set delimiter tag " + quoted(text_.substr(start, pos_ - start)) +
                             ": expected =OPEN CLOSE= with two delimiters without spaces or "
                             "\"=\" in them");
    };
    if (contents.size() < 5 || contents.back() != '=') return invalid();
    std::string_view inner = trim_space(contents.substr(1, contents.size() - 2));
    size_t space = inner.find(' ');
    if (space == std::string_view::npos) return invalid();
    std::string_view open = inner.substr(0, space);
    std::string_view close = inner.substr(inner.find_first_not_of(' ', space + 1));
    for (std::string_view d : {open, close}) {
      for (char c : d) {
        if (c == '=' || is_space(c)) return invalid();
      }
    }
    open_ = std::string(open);
    close_ = std::string(close);
    braces_ = open_ == "{{" && close_ == "}}";
    return true;
  }

  std::string_view text_;
  MustacheTemplate* tmpl_;
  MustacheError* error_;
  size_t pos_ = 0;
  std::string open_ = "{{", close_ = "}}";
  bool braces_ = true;
  std::string pending_;  // text not yet in a node
  std::vector<OpenSection> open_sections_;
};

MustacheTemplate::MustacheTemplate() = default;
MustacheTemplate::~MustacheTemplate() = default;

std::unique_ptr<MustacheTemplate> MustacheTemplate::parse(std::string_view text,
                                                          MustacheError* error) {
  std::unique_ptr<MustacheTemplate> tmpl(new MustacheTemplate());
  if (!Parser(text, tmpl.get(), error).run()) return nullptr;
  return tmpl;
}

void MustacheTemplate::link_partial(size_t i, const MustacheTemplate* partial) {
  nodes_.at(partial_nodes_.at(i)).partial = partial;
}

void mustache_escape(std::string_view s, std::string* out) {
  size_t copied = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    std::string_view entity;
    switch (s[i]) {
      case '&':
        entity = "&amp;";
        break;
      case '<':
        entity = "&lt;";
        break;
      case '>':
        entity = "&gt;";
        break;
      case '"':
        entity = "&quot;";
        break;
      case '\'':
        entity = "&apos;";
        break;
      default:
        continue;
    }
    out->append(s.data() + copied, i - copied);
    out->append(entity);
    copied = i + 1;
  }
  out->append(s.data() + copied, s.size() - copied);
}

namespace {

using RootValue = MustacheTemplate::RootValue;

const TemplateValue* member(const TemplateValue* v, const std::string& key,
                            const TemplateValue* root, std::span<const RootValue> root_values) {
  if (v == root) {
    for (const auto& [k, value] : root_values) {
      if (k == key) return value;
    }
  }
  if (v->kind() != Kind::kMap) return nullptr;
  for (const auto& [k, value] : v->entries()) {
    if (k == key) return &value;
  }
  return nullptr;
}

// A section renders for true, a non-empty list, and any string or map (empty ones too).
bool truthy(const TemplateValue& v) {
  return !(v.kind() == Kind::kBool && !v.boolean()) && !v.empty_list();
}

// The value of a name: kainjow tries the whole dotted name at each level of the context,
// innermost first (the spec resolves only its first part there).
const TemplateValue* lookup(const std::vector<std::string>& name,
                            const std::vector<const TemplateValue*>& stack,
                            const TemplateValue* root, std::span<const RootValue> root_values) {
  if (name.empty()) return stack.back();
  for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
    const TemplateValue* v = *it;
    for (const auto& part : name) {
      v = member(v, part, root, root_values);
      if (!v) break;
    }
    if (v) return v;
  }
  return nullptr;
}

bool blanks_only(const std::string& s, size_t from) {
  for (size_t i = from; i < s.size(); ++i) {
    if (s[i] != ' ' && s[i] != '\t') return false;
  }
  return true;
}

}  // namespace

bool MustacheTemplate::render(const TemplateValue& root, std::span<const RootValue> root_values,
                              std::string* out, std::string* error) const {
  return render(root, root_values, out, error, nullptr);
}

bool MustacheTemplate::render(const TemplateValue& root, std::span<const RootValue> root_values,
                              std::string* out, std::string* error, const Drain* drain) const {
  RenderState state{out, &root, root_values, error, {}, out->size(), false, 0, drain};
  state.stack.reserve(16);
  state.stack.push_back(&root);
  if (!render_nodes(0, nodes_.size(), &state)) return false;
  // The last line, which has no line break.
  if (state.section_on_line && blanks_only(*out, state.line_start)) out->resize(state.line_start);
  return true;
}

bool MustacheTemplate::render_nodes(size_t begin, size_t end, RenderState* state) const {
  std::string& out = *state->out;
  for (size_t i = begin; i < end;) {
    const Node& node = nodes_[i];
    switch (node.kind) {
      case Node::Kind::kText:
        out += node.text;
        ++i;
        break;
      case Node::Kind::kNewline:
        if (state->section_on_line && blanks_only(out, state->line_start)) {
          out.resize(state->line_start);
        } else {
          out += node.text;
        }
        state->line_start = out.size();
        state->section_on_line = false;
        // Nothing before a line's start changes any more: it can go.
        if (state->drain && out.size() >= state->drain->chunk) {
          state->drain->write(out);
          out.clear();
          state->line_start = 0;
        }
        ++i;
        break;
      case Node::Kind::kEscaped:
      case Node::Kind::kRaw: {
        const TemplateValue* v = lookup(node.name, state->stack, state->root, state->root_values);
        if (v && v->kind() == Kind::kString) {
          if (node.kind == Node::Kind::kRaw) {
            out += v->string();
          } else {
            mustache_escape(v->string(), &out);
          }
        }
        ++i;
        break;
      }
      case Node::Kind::kSection:
      case Node::Kind::kInverted: {
        const TemplateValue* v = lookup(node.name, state->stack, state->root, state->root_values);
        bool shown = v && truthy(*v);
        if (shown == (node.kind == Node::Kind::kSection)) {
          if (!render_section(node, i, v, state)) return false;
        }
        i = node.end;
        break;
      }
      case Node::Kind::kPartial:
        if (node.partial) {
          if (state->depth >= kMaxPartialDepth) {
            *state->error = "partial " + quoted(node.text) + " nested more than " +
                            std::to_string(kMaxPartialDepth) +
                            " deep: does it include itself whatever the data?";
            return false;
          }
          ++state->depth;
          bool ok = node.partial->render_nodes(0, node.partial->nodes_.size(), state);
          --state->depth;
          if (!ok) return false;
        }
        ++i;
        break;
    }
  }
  return true;
}

// Renders the nodes inside section `node` (at `index`) once per item of a list, else once with
// `value` (nullptr for an inverted section over a missing name) as the innermost context.
bool MustacheTemplate::render_section(const Node& node, size_t index, const TemplateValue* value,
                                      RenderState* state) const {
  if (state->sections + state->depth >= kMaxNesting) {
    *state->error = "sections and partials nested more than " + std::to_string(kMaxNesting) +
                    " deep in " + quoted(node.name.empty() ? "." : node.name.back());
    return false;
  }
  ++state->sections;
  bool ok = render_section_body(node, index, value, state);
  --state->sections;
  return ok;
}

bool MustacheTemplate::render_section_body(const Node& node, size_t index,
                                           const TemplateValue* value, RenderState* state) const {
  auto render_item = [&](const TemplateValue& item) {
    state->section_on_line = true;
    state->stack.push_back(&item);
    bool ok = render_nodes(index + 1, node.end, state);
    state->stack.pop_back();
    state->section_on_line = true;
    return ok;
  };
  if (value && value->kind() == Kind::kList && value->size() > 0) {
    if (value->is_generated()) {
      for (size_t i = 0; i < value->size(); ++i) {
        if (!render_item(value->make_item(i))) return false;
      }
      return true;
    }
    for (const auto& item : value->items()) {
      if (!render_item(item)) return false;
    }
    return true;
  }
  state->section_on_line = true;
  if (value) state->stack.push_back(value);
  bool ok = render_nodes(index + 1, node.end, state);
  if (value) state->stack.pop_back();
  state->section_on_line = true;
  return ok;
}

}  // namespace imsdoc
