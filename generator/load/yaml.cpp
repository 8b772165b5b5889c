#include "load/yaml.h"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <map>
#include <sstream>

#include "base/text.h"

namespace imsdoc {

const YamlNode* YamlNode::get(const std::string& key) const {
  for (const auto& [k, v] : entries) {
    if (k.is_scalar() && k.scalar == key) return &v;
  }
  return nullptr;
}

const char* YamlNode::kind_name() const {
  switch (kind) {
    case Kind::kNull:
      return "empty";
    case Kind::kScalar:
      return "a value";
    case Kind::kSequence:
      return "a list";
    case Kind::kMap:
      return "a mapping";
  }
  return "?";
}

namespace {

// Builds the tree from yaml-cpp's parser events rather than from YAML::Load's node graph: the
// events are a flat stream (so building needs no recursion), and an alias arrives as an event
// at the place it is used, so that its cost is known (and charged to the budget) before it is
// copied, and an alias bomb is reported where it goes off.
class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(const std::string& file, int line_offset, const InputLimits& limits,
              Diagnostics& diags)
      : file_(file), line_offset_(line_offset), limits_(limits), diags_(diags) {}

  bool failed() const { return failed_; }
  bool has_root() const { return has_root_; }
  YamlNode take_root() { return std::move(root_); }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (failed_ || !charge(mark, 1)) return;
    YamlNode node = at(mark);
    node.kind = YamlNode::Kind::kNull;
    complete(std::move(node), mark, anchor, 1, 0);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    if (failed_ || !charge(mark, 1)) return;
    YamlNode node = at(mark);
    node.kind = YamlNode::Kind::kScalar;
    node.scalar = value;
    node.quoted = tag == "!";
    complete(std::move(node), mark, anchor, 1, 0);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    if (failed_) return;
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      fail(mark, "an alias refers to the node that contains it",
           "an alias (*name) can only repeat a node that is complete where it is used");
      return;
    }
    const Anchored& a = it->second;
    if (!charge(mark, a.size) || !fits(mark, a.height)) return;
    complete(a.node, mark, 0, a.size, a.height);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor, YamlNode::Kind::kSequence);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, anchor, YamlNode::Kind::kMap);
  }
  void OnMapEnd() override { close(); }

  // yaml-cpp's own parser refuses to nest deeper than it can recurse: the same error as ours.
  void too_deep(const YAML::Mark& mark) {
    if (!failed_) fail_depth(mark);
  }

 private:
  struct Open {
    YamlNode node;
    YAML::Mark mark;
    YAML::anchor_t anchor = 0;
    int64_t size = 1;  // nodes in the subtree so far, aliases expanded
    int height = 1;    // containers on the longest path down, this one included
    bool has_key = false;
    YamlNode key;
    std::map<std::string, int> first_line;  // kMap: line of each scalar key
  };
  struct Anchored {
    YamlNode node;
    int64_t size = 0;
    int height = 0;
  };

  YamlNode at(const YAML::Mark& mark) const {
    YamlNode node;
    node.line = mark.line + 1 + line_offset_;
    node.col = mark.column + 1;
    return node;
  }

  void fail(const YAML::Mark& mark, const std::string& message, const std::string& hint) {
    YamlNode n = at(mark);
    diags_.error({file_, n.line, n.col}, message, hint);
    failed_ = true;
  }

  void fail_depth(const YAML::Mark& mark) {
    fail(mark,
         "YAML nested more than " + std::to_string(limits_.yaml_depth) +
             " levels deep (limits.yaml_depth)",
         "flatten the structure, or raise limits.yaml_depth in imsdoc.yaml (at most " +
             std::to_string(kMaxYamlDepthSetting) + ")");
  }

  // Counts `n` more nodes; false (reported) when that is over the budget.
  bool charge(const YAML::Mark& mark, int64_t n) {
    nodes_ += n;
    if (nodes_ <= limits_.yaml_nodes) return true;
    fail(mark,
         "YAML expands to more than " + with_thousands(limits_.yaml_nodes) +
             " nodes (limits.yaml_nodes)",
         "each alias (*name) repeats everything under its anchor; write the values out, or "
         "raise limits.yaml_nodes in imsdoc.yaml");
    return false;
  }

  // Whether a subtree `height` containers high can be placed here; false (reported) if not.
  bool fits(const YAML::Mark& mark, int height) {
    if (static_cast<int64_t>(stack_.size()) + height <= limits_.yaml_depth) return true;
    fail_depth(mark);
    return false;
  }

  void open(const YAML::Mark& mark, YAML::anchor_t anchor, YamlNode::Kind kind) {
    if (failed_ || !charge(mark, 1) || !fits(mark, 1)) return;
    Open o;
    o.node = at(mark);
    o.node.kind = kind;
    o.mark = mark;
    o.anchor = anchor;
    stack_.push_back(std::move(o));
  }

  void close() {
    if (failed_ || stack_.empty()) return;
    Open o = std::move(stack_.back());
    stack_.pop_back();
    complete(std::move(o.node), o.mark, o.anchor, o.size, o.height);
  }

  // Adds a finished node (of `size` nodes, `height` containers high, from `mark`) to its
  // parent, and keeps a copy for the aliases of its anchor if it has one.
  void complete(YamlNode node, const YAML::Mark& mark, YAML::anchor_t anchor, int64_t size,
                int height) {
    if (anchor != 0) {
      // The copy costs as much as the node itself.
      if (!charge(mark, size)) return;
      anchors_[anchor] = Anchored{node, size, height};
    }
    if (stack_.empty()) {
      root_ = std::move(node);
      has_root_ = true;
      return;
    }
    Open& parent = stack_.back();
    parent.size += size;
    parent.height = std::max(parent.height, height + 1);
    if (parent.node.kind == YamlNode::Kind::kSequence) {
      parent.node.items.push_back(std::move(node));
    } else if (!parent.has_key) {
      parent.key = std::move(node);
      parent.has_key = true;
    } else {
      add_entry(parent, std::move(node));
    }
  }

  void add_entry(Open& map, YamlNode value) {
    map.has_key = false;
    if (map.key.is_scalar()) {
      auto [it, inserted] = map.first_line.emplace(map.key.scalar, map.key.line);
      if (!inserted) {
        diags_.error({file_, map.key.line, map.key.col}, "duplicate key '" + map.key.scalar + "'",
                     "first defined at line " + std::to_string(it->second));
      }
    }
    map.node.entries.push_back(YamlEntry{std::move(map.key), std::move(value)});
    map.key = YamlNode{};
  }

  const std::string& file_;
  int line_offset_;
  const InputLimits& limits_;
  Diagnostics& diags_;
  std::vector<Open> stack_;
  std::map<YAML::anchor_t, Anchored> anchors_;
  int64_t nodes_ = 0;
  bool failed_ = false;
  bool has_root_ = false;
  YamlNode root_;
};

// yaml-cpp's messages are terse ("end of map not found"); say that it is YAML syntax.
std::string syntax_message(const std::string& msg) { return "invalid YAML: " + msg; }

constexpr const char* kSyntaxHint =
    "check quotes, brackets and indentation on this line and the lines before it";

}  // namespace

bool parse_yaml(const std::string& text, const std::string& file, int line_offset, YamlNode* out,
                Diagnostics& diags, const InputLimits& limits) {
  *out = YamlNode{};
  TreeBuilder builder(file, line_offset, limits, diags);
  try {
    std::istringstream in(text);
    YAML::Parser parser(in);
    parser.HandleNextDocument(builder);
  } catch (const YAML::DeepRecursion& e) {
    builder.too_deep(e.mark);
    return false;
  } catch (const YAML::Exception& e) {
    diags.error({file, e.mark.line + 1 + line_offset, e.mark.column + 1}, syntax_message(e.msg),
                kSyntaxHint);
    return false;
  }
  if (builder.failed()) return false;
  if (builder.has_root()) *out = builder.take_root();
  if (out->is_null()) {
    out->line = 1 + line_offset;
    out->col = 1;
  }
  return true;
}

}  // namespace imsdoc
