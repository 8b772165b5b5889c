#include "render/search_index.h"

#include "base/text.h"
#include "link/linker.h"

namespace imsdoc {

namespace {

// The words of a register entry: every field value, Markdown as plain text.
std::string entry_text(const RegisterEntry& e, const Schema& schema) {
  std::string out;
  auto add = [&out](const std::string& s) {
    if (!s.empty()) out += (out.empty() ? "" : " ") + s;
  };
  for (const auto& f : schema.fields) {
    if (f.name == schema.title_field) continue;
    const FieldValue* v = e.value(f.name);
    if (!v) continue;
    if (f.type == FieldType::kText) {
      add(doc::plain_text_of(v->markdown));
    } else if (f.type == FieldType::kBoolean) {
      add(f.label + (v->boolean ? " yes" : " no"));
    } else if (f.type == FieldType::kInteger) {
      add(f.label + " " + std::to_string(v->integer));
    } else {
      for (const auto& t : v->texts()) add(t);
    }
  }
  return out;
}

// Writes the index in pieces of about a megabyte: at 10,000 sections it is 28 MB.
class IndexWriter {
 public:
  explicit IndexWriter(const std::function<void(std::string_view)>& write) : write_(write) {}

  void add(std::string_view text) {
    buffer_ += text;
    if (buffer_.size() >= kPiece) flush();
  }
  void add_doc(const std::string& url, const char* kind, const std::string& label,
               const std::string& title, const std::string& text) {
    add(first_ ? "\n[" : ",\n[");
    first_ = false;
    add(json_quote(url) + "," + json_quote(kind) + "," + json_quote(label) + "," +
        json_quote(title) + "," + json_quote(text) + "]");
  }
  void flush() {
    write_(buffer_);
    buffer_.clear();
  }

 private:
  static constexpr size_t kPiece = 1 << 20;
  const std::function<void(std::string_view)>& write_;
  std::string buffer_;
  bool first_ = true;
};

}  // namespace

void search_index_js(const Project& project, const std::function<void(std::string_view)>& write) {
  IndexWriter out(write);
  out.add("window.imsdocSearchIndex = {\"version\": " + json_quote(project.config.version) +
          ", \"fields\": [\"url\", \"kind\", \"label\", \"title\", \"text\"], \"docs\": [");
  for (const auto& s : project.sections) {
    std::string text = s.summary;
    std::string body = doc::plain_text_of(s.body);
    if (!body.empty()) text += (text.empty() ? "" : " ") + body;
    out.add_doc(section_page_path(s), "section", s.number, s.title, text);
  }
  for (const auto& reg : project.registers) {
    out.add_doc(register_page_path(reg.name), "register", "", reg.schema->title,
                reg.schema->description);
    for (const auto& e : reg.entries) {
      out.add_doc(entry_page_path(reg.name, e.id), "entry", e.id, entry_title(e, *reg.schema),
                  entry_text(e, *reg.schema));
    }
  }
  for (const Standard* standard : project.standards_in_scope()) {
    for (const auto& item : standard->items) {
      out.add_doc(clause_page_path(*standard, item), "clause", standard->ref(item), item.title, "");
    }
  }
  out.add("\n]};\n");
  out.flush();
}

std::string search_index_js(const Project& project) {
  std::string out;
  search_index_js(project, [&out](std::string_view piece) { out += piece; });
  return out;
}

}  // namespace imsdoc
