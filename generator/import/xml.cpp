#include "import/xml.h"

#include <cstdint>

namespace imsdoc {

const std::string* XmlNode::attribute(const std::string& key) const {
  for (const auto& [k, v] : attributes) {
    if (k == key) return &v;
  }
  return nullptr;
}

const XmlNode* XmlNode::child(const std::string& child_name) const {
  for (const auto& c : children) {
    if (c->name == child_name) return c.get();
  }
  return nullptr;
}

std::string XmlNode::all_text() const {
  if (is_text()) return text;
  std::string out;
  for (const auto& c : children) out += c->all_text();
  return out;
}

namespace {

constexpr int kMaxDepth = 512;

void append_utf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

class Parser {
 public:
  explicit Parser(const std::string& s) : s_(s) {}

  std::unique_ptr<XmlNode> parse(std::string* error) {
    auto root = parse_document();
    if (!error_.empty()) {
      *error = "line " + std::to_string(line_at(error_pos_)) + ": " + error_;
      return nullptr;
    }
    return root;
  }

 private:
  bool fail(const std::string& message) {
    if (error_.empty()) {
      error_ = message;
      error_pos_ = pos_;
    }
    return false;
  }

  int line_at(size_t pos) const {
    int line = 1;
    for (size_t i = 0; i < pos && i < s_.size(); ++i) line += s_[i] == '\n';
    return line;
  }

  bool at(const char* lit) const {
    return s_.compare(pos_, std::char_traits<char>::length(lit), lit) == 0;
  }

  void skip_space() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
      ++pos_;
  }

  // Skips everything up to and including `end`; false if it never comes.
  bool skip_past(const char* end) {
    size_t e = s_.find(end, pos_);
    if (e == std::string::npos) return fail(std::string("missing '") + end + "'");
    pos_ = e + std::char_traits<char>::length(end);
    return true;
  }

  // Comments, processing instructions and white space between top-level constructs.
  bool skip_misc() {
    while (true) {
      skip_space();
      if (at("<?")) {
        if (!skip_past("?>")) return false;
      } else if (at("<!--")) {
        if (!skip_past("-->")) return false;
      } else if (at("<!DOCTYPE")) {
        return fail("a DOCTYPE is not allowed");
      } else {
        return true;
      }
    }
  }

  std::unique_ptr<XmlNode> parse_document() {
    if (s_.compare(0, 3, "\xEF\xBB\xBF") == 0) pos_ = 3;
    if (!skip_misc()) return nullptr;
    if (!at("<")) {
      fail("expected the root element");
      return nullptr;
    }
    auto root = parse_element(0);
    if (!root) return nullptr;
    if (!skip_misc()) return nullptr;
    if (pos_ != s_.size()) {
      fail("content after the root element");
      return nullptr;
    }
    return root;
  }

  static bool name_char(char c) {
    return !(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '/' || c == '>' || c == '=' ||
             c == '<' || c == '"' || c == '\'');
  }

  bool parse_name(std::string* name) {
    size_t start = pos_;
    while (pos_ < s_.size() && name_char(s_[pos_])) ++pos_;
    if (pos_ == start) return fail("expected a name");
    *name = s_.substr(start, pos_ - start);
    return true;
  }

  // Decodes character data up to `stop` (exclusive), resolving references.
  bool decode(size_t stop, std::string* out) {
    while (pos_ < stop) {
      char c = s_[pos_];
      if (c != '&') {
        *out += c;
        ++pos_;
        continue;
      }
      size_t semi = s_.find(';', pos_);
      if (semi == std::string::npos || semi > stop || semi - pos_ > 12) {
        return fail("unterminated character reference");
      }
      std::string ref = s_.substr(pos_ + 1, semi - pos_ - 1);
      if (ref == "lt") {
        *out += '<';
      } else if (ref == "gt") {
        *out += '>';
      } else if (ref == "amp") {
        *out += '&';
      } else if (ref == "quot") {
        *out += '"';
      } else if (ref == "apos") {
        *out += '\'';
      } else if (ref.size() > 1 && ref[0] == '#') {
        bool hex = ref[1] == 'x';
        std::string digits = ref.substr(hex ? 2 : 1);
        if (digits.empty() || digits.size() > 8)
          return fail("bad character reference &" + ref + ";");
        uint32_t cp = 0;
        for (char d : digits) {
          int v = d >= '0' && d <= '9'          ? d - '0'
                  : hex && d >= 'a' && d <= 'f' ? d - 'a' + 10
                  : hex && d >= 'A' && d <= 'F' ? d - 'A' + 10
                                                : -1;
          if (v < 0) return fail("bad character reference &" + ref + ";");
          cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(v);
        }
        if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
          return fail("bad character reference &" + ref + ";");
        }
        append_utf8(cp, out);
      } else {
        return fail("unknown entity &" + ref + ";");
      }
      pos_ = semi + 1;
    }
    return true;
  }

  bool parse_attributes(XmlNode* node, bool* self_closing) {
    while (true) {
      skip_space();
      if (pos_ >= s_.size()) return fail("unterminated start tag <" + node->name);
      if (at("/>")) {
        pos_ += 2;
        *self_closing = true;
        return true;
      }
      if (s_[pos_] == '>') {
        ++pos_;
        *self_closing = false;
        return true;
      }
      std::string key;
      if (!parse_name(&key)) return false;
      skip_space();
      if (pos_ >= s_.size() || s_[pos_] != '=') return fail("expected '=' after attribute " + key);
      ++pos_;
      skip_space();
      if (pos_ >= s_.size() || (s_[pos_] != '"' && s_[pos_] != '\'')) {
        return fail("expected a quoted value for attribute " + key);
      }
      char quote = s_[pos_++];
      size_t end = s_.find(quote, pos_);
      if (end == std::string::npos) return fail("unterminated value of attribute " + key);
      std::string value;
      if (!decode(end, &value)) return false;
      pos_ = end + 1;
      node->attributes.emplace_back(std::move(key), std::move(value));
    }
  }

  void add_text(XmlNode* parent, std::string text) {
    if (text.empty()) return;
    if (!parent->children.empty() && parent->children.back()->is_text()) {
      parent->children.back()->text += text;
      return;
    }
    auto t = std::make_unique<XmlNode>();
    t->text = std::move(text);
    parent->children.push_back(std::move(t));
  }

  std::unique_ptr<XmlNode> parse_element(int depth) {
    if (depth > kMaxDepth) {
      fail("elements nested too deeply");
      return nullptr;
    }
    ++pos_;  // '<'
    auto node = std::make_unique<XmlNode>();
    if (!parse_name(&node->name)) return nullptr;
    bool self_closing = false;
    if (!parse_attributes(node.get(), &self_closing)) return nullptr;
    if (self_closing) return node;
    while (true) {
      if (pos_ >= s_.size()) {
        fail("element <" + node->name + "> is not closed");
        return nullptr;
      }
      if (at("</")) {
        pos_ += 2;
        std::string end_name;
        if (!parse_name(&end_name)) return nullptr;
        if (end_name != node->name) {
          fail("</" + end_name + "> closes <" + node->name + ">");
          return nullptr;
        }
        skip_space();
        if (pos_ >= s_.size() || s_[pos_] != '>') {
          fail("expected '>'");
          return nullptr;
        }
        ++pos_;
        return node;
      }
      if (at("<!--")) {
        if (!skip_past("-->")) return nullptr;
      } else if (at("<![CDATA[")) {
        pos_ += 9;
        size_t end = s_.find("]]>", pos_);
        if (end == std::string::npos) {
          fail("unterminated CDATA section");
          return nullptr;
        }
        add_text(node.get(), s_.substr(pos_, end - pos_));
        pos_ = end + 3;
      } else if (at("<?")) {
        if (!skip_past("?>")) return nullptr;
      } else if (at("<!")) {
        fail("unexpected markup declaration");
        return nullptr;
      } else if (s_[pos_] == '<') {
        auto child = parse_element(depth + 1);
        if (!child) return nullptr;
        node->children.push_back(std::move(child));
      } else {
        size_t end = s_.find('<', pos_);
        if (end == std::string::npos) end = s_.size();
        std::string text;
        if (!decode(end, &text)) return nullptr;
        add_text(node.get(), std::move(text));
      }
    }
  }

  const std::string& s_;
  size_t pos_ = 0;
  std::string error_;
  size_t error_pos_ = 0;
};

}  // namespace

std::unique_ptr<XmlNode> parse_xml(const std::string& text, std::string* error) {
  return Parser(text).parse(error);
}

}  // namespace imsdoc
