#include "load/sections.h"

#include "base/regex.h"
#include "base/text.h"
#include "load/catalogs.h"
#include "load/fields.h"
#include "load/markdown.h"
#include "load/source_file.h"
#include "load/yaml.h"

namespace imsdoc {

namespace {

const std::vector<std::string> kKeys = {"id",       "title",   "section",   "summary", "owner",
                                        "approver", "version", "effective", "status",  "clauses"};
const std::vector<std::string> kStatuses = {"draft", "in-review", "approved", "withdrawn"};

// Splits "---\n<yaml>\n---\n<body>". Returns false if there is no front matter block.
// `closed` tells whether the closing line was found; `body_line` is the body's first line.
bool split_front_matter(const std::string& text, std::string* yaml, std::string* body,
                        int* body_line, bool* closed) {
  if (!(starts_with(text, "---\n") || text == "---")) return false;
  size_t pos = 4;
  int line = 2;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    std::string current =
        text.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    if (current == "---" || current == "...") {
      *yaml = text.substr(4, pos - 4);
      *body = end == std::string::npos ? "" : text.substr(end + 1);
      *body_line = line + 1;
      *closed = true;
      return true;
    }
    if (end == std::string::npos) break;
    pos = end + 1;
    ++line;
  }
  *closed = false;
  return true;
}

}  // namespace

bool load_section(const FileSystem& fs, const std::string& path, const Project& project,
                  Diagnostics& diags, Section* section) {
  std::string text;
  const InputLimits& limits = project.config.limits;
  if (!read_source(fs, path, diags, &text, limits)) return false;
  section->path = path;
  std::string yaml, body;
  int body_line = 1;
  bool closed = false;
  if (!split_front_matter(text, &yaml, &body, &body_line, &closed)) {
    diags.error({path, 1, 1}, "missing front matter",
                "start the file with a '---' line, then id, title, section, owner, approver, "
                "version, effective and status, then a closing '---' line");
    return false;
  }
  if (!closed) {
    diags.error({path, 1, 1}, "front matter is not closed", "end it with a line '---'");
    return false;
  }
  YamlNode fm;
  if (!parse_yaml(yaml, path, 1, &fm, diags, limits)) return false;
  if (!fm.is_map()) {
    diags.error({path, 2, 1}, "front matter must be a mapping of keys, found " + describe(fm));
    return false;
  }
  const std::string ctx = "front matter";
  check_known_keys(fm, path, kKeys, ctx, diags);
  const YamlNode* id_node = nullptr;
  if (read_string(fm, "id", path, true, ctx, diags, &section->id, &id_node)) {
    static const Regex kId = Regex::fixed(R"(^[A-Z][A-Z0-9]*-[A-Za-z0-9.\-]+$)");
    if (!kId.full_match(section->id)) {
      diags.error(id_node->span(path), "malformed section id '" + section->id + "'",
                  "section ids look like 'IMS-1.4': capital letters, '-', then letters, digits, "
                  "'.' or '-'");
    }
  }
  section->span = id_node ? id_node->span(path) : SourceSpan{path, 1, 1};
  read_string(fm, "title", path, true, ctx, diags, &section->title);
  const YamlNode* number_node = nullptr;
  if (read_string(fm, "section", path, true, ctx, diags, &section->number, &number_node)) {
    static const Regex kNumber = Regex::fixed(R"(^[0-9]{1,6}(\.[0-9]{1,6}){0,9}$)");
    if (!kNumber.full_match(section->number)) {
      diags.error(number_node->span(path), "malformed section number '" + section->number + "'",
                  "section numbers are dotted numbers such as '1.4' or '6.2.1'");
      section->number.clear();
    }
  }
  read_string(fm, "summary", path, false, ctx, diags, &section->summary);
  read_string(fm, "owner", path, true, ctx, diags, &section->owner);
  read_string(fm, "approver", path, true, ctx, diags, &section->approver);
  read_string(fm, "version", path, true, ctx, diags, &section->version);
  const YamlNode* date_node = nullptr;
  if (read_string(fm, "effective", path, true, ctx, diags, &section->effective, &date_node) &&
      !is_iso_date(section->effective)) {
    diags.error(date_node->span(path), "invalid date '" + section->effective + "'",
                "write dates as YYYY-MM-DD, e.g. 2026-03-01");
  }
  const YamlNode* status_node = nullptr;
  if (read_string(fm, "status", path, true, ctx, diags, &section->status, &status_node)) {
    bool known = false;
    for (const auto& s : kStatuses) known = known || s == section->status;
    if (!known) {
      std::string guess = closest_match(section->status, kStatuses);
      diags.error(
          status_node->span(path), "unknown status '" + section->status + "'",
          guess.empty() ? "expected " + quoted_list(kStatuses) : "did you mean '" + guess + "'?");
    }
  }
  std::vector<const YamlNode*> clause_nodes;
  if (read_string_list(fm, "clauses", path, false, ctx, diags, &section->clauses, &clause_nodes)) {
    for (size_t i = 0; i < section->clauses.size(); ++i) {
      section->clause_spans.push_back(clause_nodes[i]->span(path));
      check_clause_ref(section->clauses[i], clause_nodes[i]->span(path), project, diags);
    }
  }
  section->body = parse_markdown(body, {path, body_line - 1, 0}, diags);
  return true;
}

}  // namespace imsdoc
