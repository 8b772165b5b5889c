#include "import/project_files.h"

#include "base/file_system.h"
#include "base/text.h"
#include "import/markdown_text.h"
#include "load/schemas.h"

namespace imsdoc {

std::string section_file(const NewSection& s) {
  std::string out = "---\n";
  if (!s.comment.empty()) out += "# " + s.comment + "\n";
  out += "id: " + s.id + "\n";
  out += "title: " + yaml_quote(s.title) + "\n";
  out += "section: " + yaml_quote(s.number) + "\n";
  if (!s.summary.empty()) out += "summary: " + yaml_quote(s.summary) + "\n";
  out += "owner: " + yaml_quote(s.owner) + "\n";
  out += "approver: " + yaml_quote(s.approver) + "\n";
  out += "version: " + yaml_quote(s.version) + "\n";
  out += "effective: " + s.effective + "\n";
  out += "status: " + s.status + "\n";
  if (!s.clauses.empty()) {
    out += "clauses: [";
    for (size_t i = 0; i < s.clauses.size(); ++i) {
      out += (i ? ", " : "") + yaml_quote(s.clauses[i]);
    }
    out += "]\n";
  }
  out += "---\n";
  if (!s.body.empty()) out += "\n" + s.body;
  if (out.back() != '\n') out += "\n";
  return out;
}

std::string config_file(const NewConfig& c) {
  std::string out = "# imsdoc project configuration (docs/formats.md)\n";
  out += "title: " + yaml_quote(c.title) + "\n";
  out += "organisation: " + yaml_quote(c.organisation) + "\n";
  out += "manual_id: " + yaml_quote(c.manual_id) + "\n";
  out += "version: " + yaml_quote(c.version) + "\n";
  out += "standards: [";
  for (size_t i = 0; i < c.standards.size(); ++i)
    out += (i ? ", " : "") + yaml_quote(c.standards[i]);
  out += "]\n";
  out += "theme: default\noutput: site\n";
  if (!c.findings.empty()) {
    out += "findings:\n";
    for (const auto& [name, why] : c.findings) {
      out += "  # " + why + "\n  " + name + ": warning\n";
    }
  }
  return out;
}

std::map<std::string, std::unique_ptr<Schema>> builtin_schemas() {
  MemoryFileSystem empty;
  Diagnostics diags;
  std::map<std::string, std::unique_ptr<Schema>> schemas;
  load_schemas(empty, diags, &schemas);
  return schemas;
}

std::string empty_register_file(const Schema& schema) {
  std::string out = "# " + schema.title + " (built-in schema '" + schema.name + "'";
  out += "; extend it in registers/schemas/" + schema.name + ".yaml)\n";
  if (!schema.description.empty()) out += "# " + schema.description + "\n";
  out += "# Each entry: id (" + schema.id_pattern + ")";
  for (const auto& f : schema.fields) {
    std::string type = field_type_name(f.type);
    if (f.type == FieldType::kList) type += " of " + std::string(field_type_name(f.item_type));
    if (!f.target.empty()) type += " to " + f.target;
    if (!f.values.empty()) {
      type += ": ";
      for (size_t i = 0; i < f.values.size(); ++i) type += (i ? "|" : "") + f.values[i];
    }
    out += ",\n#   " + f.name + " (" + type + (f.required ? ", required" : "") + ")";
  }
  out += "\nentries: []\n";
  return out;
}

std::string section_file_stem(const std::string& number, const std::string& title) {
  std::string slug = slugify(title);
  if (slug.size() > 48) {
    slug.resize(48);
    while (!slug.empty() && slug.back() == '-') slug.pop_back();
  }
  if (slug.empty()) slug = "section";
  return number + "-" + slug;
}

std::string readme_file(const NewConfig& c, const std::string& extended) {
  std::string standards;
  for (size_t i = 0; i < c.standards.size(); ++i) standards += (i ? ", " : "") + c.standards[i];
  std::string out = "# " + c.title + "\n\n";
  out += "The management system manual of " + c.organisation +
         ", written as Markdown sections and YAML registers and built with "
         "imsdoc. Standards in scope: " +
         standards + ".\n\n";
  if (!extended.empty()) {
    out += "This project was imported from `" + extended +
           "` by `imsdoc init --extend`. Imported sections keep their text; check the "
           "`clauses:` imsdoc detected in each. Sections whose id starts with `AI-` were added "
           "for ISO/IEC 42001 and are drafts to complete.\n\n";
  }
  out +=
      "## Layout\n\n"
      "| Path | What it holds |\n"
      "|---|---|\n"
      "| `imsdoc.yaml` | title, organisation, version, standards in scope, findings |\n"
      "| `content/**/*.md` | one section per file: front matter (id, title, section, owner, "
      "approver, version, effective, status, clauses), then Markdown |\n"
      "| `registers/*.yaml` | registers (AI systems, processes, risks, SoA, ...); each file's "
      "header lists its fields |\n"
      "| `standards/*.yaml` | your own catalogs (e.g. SOC 2), if any |\n\n"
      "## Writing\n\n"
      "- Replace each `> **To write:**` block with how the organisation actually works: who "
      "is responsible, how work flows, which records prove it.\n"
      "- Link sections and register entries with `[[IMS-6.1]]`, `[[RSK-001]]`; clauses with "
      "`[[42001:6.1.2]]`.\n"
      "- List the clauses a section addresses in its `clauses:`; `imsdoc check --coverage` "
      "shows what is still not covered.\n"
      "- Set `status: approved` (and the approver and effective date) when a section is "
      "approved.\n\n"
      "## Commands\n\n"
      "```sh\n"
      "imsdoc check .            # every error with file, line and column\n"
      "imsdoc check . --coverage # clauses and Annex A controls covered\n"
      "imsdoc build .            # the site in site/<version>/\n"
      "imsdoc docx . -o manual.docx\n"
      "```\n";
  return out;
}

}  // namespace imsdoc
