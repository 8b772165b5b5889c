#include "load/yaml.h"

#include <yaml-cpp/yaml.h>

#include <map>

namespace imsdoc {

const YamlNode* YamlNode::get(const std::string& key) const {
  for (const auto& [k, v] : entries) {
    if (k.is_scalar() && k.scalar == key) return &v;
  }
  return nullptr;
}

const char* YamlNode::kind_name() const {
  switch (kind) {
    case Kind::kNull: return "empty";
    case Kind::kScalar: return "a value";
    case Kind::kSequence: return "a list";
    case Kind::kMap: return "a mapping";
  }
  return "?";
}

namespace {

struct Converter {
  const std::string& file;
  int line_offset;
  Diagnostics& diags;
  bool depth_exceeded = false;

  void convert(const YAML::Node& in, YamlNode* out, int depth) {
    const YAML::Mark mark = in.Mark();
    out->line = mark.line + 1 + line_offset;
    out->col = mark.column + 1;
    if (depth > kMaxYamlDepth) {
      if (!depth_exceeded) {
        diags.error({file, out->line, out->col},
                    "YAML nested more than " + std::to_string(kMaxYamlDepth) + " levels deep");
      }
      depth_exceeded = true;
      return;
    }
    switch (in.Type()) {
      case YAML::NodeType::Undefined:
      case YAML::NodeType::Null:
        out->kind = YamlNode::Kind::kNull;
        break;
      case YAML::NodeType::Scalar:
        out->kind = YamlNode::Kind::kScalar;
        out->scalar = in.Scalar();
        out->quoted = in.Tag() == "!";
        break;
      case YAML::NodeType::Sequence:
        out->kind = YamlNode::Kind::kSequence;
        for (const auto& item : in) {
          out->items.emplace_back();
          convert(item, &out->items.back(), depth + 1);
        }
        break;
      case YAML::NodeType::Map: {
        out->kind = YamlNode::Kind::kMap;
        std::map<std::string, int> first_line;
        for (const auto& kv : in) {
          out->entries.emplace_back();
          auto& [key, value] = out->entries.back();
          convert(kv.first, &key, depth + 1);
          convert(kv.second, &value, depth + 1);
          if (!key.is_scalar()) continue;
          auto [it, inserted] = first_line.emplace(key.scalar, key.line);
          if (!inserted) {
            diags.error({file, key.line, key.col}, "duplicate key '" + key.scalar + "'",
                        "first defined at line " + std::to_string(it->second));
          }
        }
        break;
      }
    }
  }
};

// yaml-cpp's messages are terse ("end of map not found"); say that it is YAML syntax.
std::string syntax_message(const std::string& msg) { return "invalid YAML: " + msg; }

constexpr const char* kSyntaxHint =
    "check quotes, brackets and indentation on this line and the lines before it";

}  // namespace

bool parse_yaml(const std::string& text, const std::string& file, int line_offset, YamlNode* out,
                Diagnostics& diags) {
  *out = YamlNode{};
  try {
    YAML::Node root = YAML::Load(text);
    Converter converter{file, line_offset, diags};
    converter.convert(root, out, 0);
    if (root.IsNull()) {
      out->line = 1 + line_offset;
      out->col = 1;
    }
    return !converter.depth_exceeded;
  } catch (const YAML::Exception& e) {
    diags.error({file, e.mark.line + 1 + line_offset, e.mark.column + 1}, syntax_message(e.msg),
                kSyntaxHint);
    return false;
  }
}

}  // namespace imsdoc
