#include "import/markdown_folder.h"

#include <algorithm>
#include <cctype>

#include "base/text.h"
#include "import/markdown_text.h"
#include "load/source_file.h"
#include "load/yaml.h"

namespace imsdoc {

namespace {

// A line of comply's front matter: "key: value", an indented line, a list item, a comment, or
// empty.
bool yaml_like(const std::string& line) {
  if (line.empty() || line[0] == ' ' || line[0] == '\t' || line[0] == '#') return true;
  if (line[0] == '-') return line.size() > 1 && (line[1] == ' ' || line[1] == '\t');
  if (!(std::isalpha(static_cast<unsigned char>(line[0])) || line[0] == '_')) return false;
  size_t p = 1;
  while (p < line.size() &&
         (std::isalnum(static_cast<unsigned char>(line[p])) || line[p] == '_' || line[p] == '-')) {
    ++p;
  }
  return p < line.size() && line[p] == ':';
}

// Splits off front matter: "---\n<yaml>\n---\n" at the top (imsdoc, Jekyll, Hugo), or — as
// comply writes it — YAML lines up to the first "---" line when the file does not start
// with one. Sets `yaml_line` to the YAML's first line. Returns false without front matter.
bool split_front_matter(const std::string& text, std::string* yaml, std::string* body,
                        int* yaml_line, bool* closed) {
  *closed = true;
  bool leading = starts_with(text, "---\n");
  size_t from = leading ? 4 : 0;
  size_t pos = from;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    std::string line = text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (line == "---" || (leading && line == "...")) {
      *yaml = text.substr(from, pos - from);
      *body = end == std::string::npos ? "" : text.substr(end + 1);
      *yaml_line = leading ? 2 : 1;
      return true;
    }
    if (!leading) {
      // comply's form: only "key: value" lines, list items and indented lines before "---".
      if (!yaml_like(line) || (pos == 0 && line.empty())) break;
    }
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  if (leading) {
    *closed = false;
    return true;
  }
  return false;
}

std::string scalar_or_empty(const YamlNode& n) { return n.is_scalar() ? n.scalar : ""; }

// Adds one '#' to every ATX heading outside code fences when the body uses level-1 headings:
// the section title is the page's level-1 heading.
std::string demote_headings(const std::string& body) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start <= body.size()) {
    size_t end = body.find('\n', start);
    lines.push_back(body.substr(start, end == std::string::npos ? std::string::npos : end - start));
    if (end == std::string::npos) break;
    start = end + 1;
  }
  bool fence = false, has_h1 = false;
  for (const auto& l : lines) {
    if (starts_with(l, "```") || starts_with(l, "~~~")) fence = !fence;
    if (!fence && (starts_with(l, "# ") || l == "#")) has_h1 = true;
  }
  if (!has_h1) return body;
  std::string out;
  fence = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& l = lines[i];
    if (starts_with(l, "```") || starts_with(l, "~~~")) fence = !fence;
    bool heading = !fence && starts_with(l, "#") && l.find_first_not_of('#') != std::string::npos &&
                   l[l.find_first_not_of('#')] == ' ' && l.find_first_not_of('#') < 6;
    out += (heading ? "#" : "") + l;
    if (i + 1 < lines.size()) out += "\n";
  }
  return out;
}

// Removes a first heading equal to the title (it would repeat the page title).
std::string first_heading(const std::string& body, std::string* rest) {
  size_t pos = 0;
  while (pos < body.size()) {
    size_t end = body.find('\n', pos);
    std::string line =
        trim(body.substr(pos, end == std::string::npos ? std::string::npos : end - pos));
    if (!line.empty()) {
      if (starts_with(line, "#")) {
        size_t h = line.find_first_not_of('#');
        if (h != std::string::npos && line[h] == ' ') {
          *rest = end == std::string::npos ? "" : body.substr(end + 1);
          return trim(line.substr(h));
        }
      }
      return "";
    }
    if (end == std::string::npos) break;
    pos = end + 1;
  }
  return "";
}

}  // namespace

bool read_markdown_file(const std::string& raw, const std::string& path, Diagnostics& diags,
                        ImportedSection* out) {
  std::string text = normalize_newlines(raw);
  if (!check_source_text(text, path, 0, diags)) return false;
  out->source = path;
  std::string yaml, body = text;
  int yaml_line = 1;
  bool closed = true;
  bool has_front_matter = split_front_matter(text, &yaml, &body, &yaml_line, &closed);
  if (has_front_matter && !closed) {
    diags.error({path, 1, 1}, "front matter is not closed", "end it with a line '---'");
    return false;
  }
  std::vector<std::pair<std::string, std::string>> revisions;  // date, comment
  if (has_front_matter) {
    YamlNode fm;
    int before = diags.error_count();
    if (!parse_yaml(yaml, path, yaml_line - 1, &fm, diags) || diags.error_count() > before) {
      return false;
    }
    if (!fm.is_null() && !fm.is_map()) {
      diags.error({path, yaml_line, 1},
                  std::string("front matter must be a mapping of keys, found ") + fm.kind_name());
      return false;
    }
    static const std::vector<std::pair<std::string, std::string>> kRenamed = {
        {"id", "id"},           {"title", "title"},         {"name", "title"},
        {"section", "section"}, {"summary", "summary"},     {"description", "summary"},
        {"owner", "owner"},     {"author", "owner"},        {"approver", "approver"},
        {"version", "version"}, {"effective", "effective"}, {"date", "effective"},
        {"status", "status"}};
    for (const auto& [key_node, value] : fm.entries) {
      const std::string& key = key_node.scalar;
      auto renamed = std::find_if(kRenamed.begin(), kRenamed.end(),
                                  [&](const auto& p) { return p.first == key; });
      if (renamed != kRenamed.end() && value.is_scalar()) {
        std::string v = trim(value.scalar);
        if (renamed->second == "effective" && !is_iso_date(v)) {
          diags.warning(key_node.span(path), "dropped front matter field '" + key + "': '" + v +
                                                 "' is not a YYYY-MM-DD date");
          continue;
        }
        if (!out->fields.count(renamed->second)) out->fields[renamed->second] = v;
      } else if (key == "clauses" && value.is_sequence()) {
        out->clauses_declared = true;
        for (const auto& item : value.items) out->clauses.push_back(scalar_or_empty(item));
      } else if (key == "satisfies" && value.is_map()) {
        // comply: satisfies: {TSC: [CC6.1, ...]}
        out->clauses_declared = true;
        for (const auto& [standard, ids] : value.entries) {
          for (const auto& item : ids.items) {
            out->clauses.push_back(standard.scalar + ":" + scalar_or_empty(item));
          }
        }
      } else if (key == "majorRevisions" && value.is_sequence()) {
        for (const auto& r : value.items) {
          const YamlNode* d = r.get("date");
          const YamlNode* c = r.get("comment");
          revisions.push_back({d ? scalar_or_empty(*d) : "", c ? scalar_or_empty(*c) : ""});
        }
      } else if (key == "acronym" && value.is_scalar()) {
        out->fields["acronym"] = trim(value.scalar);
      } else {
        diags.warning(key_node.span(path), "dropped front matter field '" + key +
                                               "': imsdoc sections have no such field");
      }
    }
  }
  std::string rest;
  std::string heading = first_heading(body, &rest);
  if (!out->fields.count("title")) {
    if (!heading.empty()) {
      out->fields["title"] = heading;
      body = rest;
    } else {
      std::string name = path.substr(path.find_last_of('/') + 1);
      if (ends_with(name, ".md")) name.resize(name.size() - 3);
      for (char& c : name) {
        if (c == '-' || c == '_') c = ' ';
      }
      if (!name.empty())
        name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
      out->fields["title"] = name;
    }
  } else if (heading == out->fields["title"]) {
    body = rest;
  }
  out->title = out->fields["title"];
  out->fields.erase("title");
  if (out->fields.count("section")) {
    out->number = out->fields["section"];
    out->fields.erase("section");
    out->level = 1 + static_cast<int>(std::count(out->number.begin(), out->number.end(), '.'));
  }
  body = demote_headings(body);
  size_t b = body.find_first_not_of('\n');
  body = b == std::string::npos ? "" : body.substr(b);
  while (!body.empty() && (body.back() == '\n' || body.back() == ' ')) body.pop_back();
  if (!revisions.empty()) {
    body += (body.empty() ? "" : "\n\n");
    body += "## Revision history\n\n| Date | Change |\n|---|---|\n";
    for (const auto& [date, comment] : revisions) {
      body += "| " + escape_markdown(date, false, true) + " | " +
              escape_markdown(comment, false, true) + " |\n";
    }
  }
  out->body = body.empty() ? body : (body.back() == '\n' ? body : body + "\n");
  return true;
}

bool read_markdown_folder(const FileSystem& fs, const std::string& shown_as, bool skip_readme,
                          Diagnostics& diags, ImportedManual* out) {
  std::vector<std::string> files = fs.list(".", ".md");
  std::sort(files.begin(), files.end());
  bool ok = true;
  for (const auto& f : files) {
    std::string name = f.substr(f.find_last_of('/') + 1);
    if (skip_readme && ascii_lower(name) == "readme.md") continue;
    std::string text, error;
    std::string shown = shown_as.empty() ? f : shown_as + "/" + f;
    if (!fs.read(f, &text, &error)) {
      diags.error({shown, 0, 0}, "cannot read: " + error);
      ok = false;
      continue;
    }
    ImportedSection s;
    if (!read_markdown_file(text, shown, diags, &s)) {
      ok = false;
      continue;
    }
    s.stem = f.substr(0, f.size() - 3);
    out->sections.push_back(std::move(s));
  }
  return ok;
}

}  // namespace imsdoc
