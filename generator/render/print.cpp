#include "render/print.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>

#include "base/text.h"
#include "link/linker.h"
#include "render/document_control.h"
#include "render/html.h"
#include "render/register_values.h"
#include "render/section_tree.h"
#include "render/template_value.h"

namespace imsdoc {

namespace {

using TV = TemplateValue;

// Element ids: "s.<section slug>", "r.<register>", "e.<register>.<entry slug>". Slugs never
// contain '.' or ':', and the linker guarantees distinct page paths (hence slugs) per register,
// so the ids are unique; headings and footnotes of a section body are prefixed with its own
// id + ".", the template's own elements (headings) use id + ":".
std::string section_anchor(const Section& s) { return "s." + slugify(s.id); }
std::string register_anchor(const std::string& name) { return "r." + slugify(name); }
std::string entry_anchor(const std::string& register_name, const std::string& id) {
  return "e." + slugify(register_name) + "." + slugify(id);
}

// Markdown headings inside a section body sit one level below the section's own heading.
void shift_headings(std::vector<doc::Block>* blocks, int by) {
  for (auto& b : *blocks) {
    if (b.kind == doc::BlockKind::kHeading) b.level = std::min(6, b.level + by);
    shift_headings(&b.children, by);
  }
}

void collect_footnote_refs(const doc::Inlines& inlines, std::set<std::string>* refs) {
  for (const auto& in : inlines) {
    if (in.kind == doc::InlineKind::kFootnoteRef) refs->insert(in.text);
    collect_footnote_refs(in.children, refs);
  }
}

void collect_footnote_refs(const std::vector<doc::Block>& blocks, std::set<std::string>* refs) {
  for (const auto& b : blocks) {
    if (b.kind == doc::BlockKind::kFootnoteDef) continue;
    collect_footnote_refs(b.inlines, refs);
    for (const auto& row : b.rows()) {
      for (const auto& cell : row) collect_footnote_refs(cell, refs);
    }
    collect_footnote_refs(b.children, refs);
  }
}

// How many footnotes render_html places in `d` with footnotes_at_reference: one per
// definition that is referenced.
int placed_footnotes(const doc::Document& d) {
  std::set<std::string> refs;
  collect_footnote_refs(d.blocks, &refs);
  int n = 0;
  for (const auto& b : d.blocks) {
    if (b.kind == doc::BlockKind::kFootnoteDef && refs.count(b.info())) ++n;
  }
  return n;
}

std::string base64(const std::string& bytes) {
  static const char kDigits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (size_t i = 0; i < bytes.size(); i += 3) {
    unsigned n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    if (i + 2 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 2]);
    out += kDigits[(n >> 18) & 63];
    out += kDigits[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kDigits[(n >> 6) & 63] : '=';
    out += i + 2 < bytes.size() ? kDigits[n & 63] : '=';
  }
  return out;
}

class PrintRenderer {
 public:
  PrintRenderer(const Project& project, const PrintInputs& inputs)
      : project_(project), inputs_(inputs), tree_(build_section_tree(project.sections)) {
    for (const auto& s : project_.sections) anchors_[s.id] = section_anchor(s);
    // The heading ids of every section body, so that a link to a heading that does not exist
    // lands on the section instead of nowhere.
    for (size_t i = 0; i < project_.sections.size(); ++i) {
      const Section& s = project_.sections[i];
      HtmlOptions o;
      o.id_prefix = section_anchor(s) + ".";
      std::vector<Heading> headings;
      render_html(body_of(s, tree_.depth(static_cast<int>(i))), o, &headings);
      for (const auto& h : headings) heading_ids_.insert(h.id);
    }
    for (const auto& reg : project_.registers) {
      for (const auto& e : reg.entries) anchors_[e.id] = entry_anchor(reg.name, e.id);
    }
  }

  TV data() const {
    const Config& c = project_.config;
    const DocumentControl& dc = c.document_control;
    TV site;
    site.set("title", c.title)
        .set("organisation", c.organisation)
        .set("manual_id", c.manual_id)
        .set("version", c.version);
    // The manual's own document control (imsdoc.yaml `document_control:`); without an
    // effective date, the manual takes effect when its last section does.
    std::string effective = dc.effective.empty() ? latest_effective() : dc.effective;
    TV control;
    control.set("owner", dc.owner)
        .set("approver", dc.approver)
        .set("status", dc.status)
        .set("classification", dc.classification)
        .set("effective", effective)
        .set("has_owner", !dc.owner.empty())
        .set("has_approver", !dc.approver.empty())
        .set("has_status", !dc.status.empty())
        .set("has_classification", !dc.classification.empty())
        .set("has_effective", !effective.empty())
        .set("effective_from_sections", dc.effective.empty());
    TV revisions = revision_list(dc.revisions);

    TV data;
    data.set("site", std::move(site))
        .set("document_control", std::move(control))
        .set("has_revisions", !revisions.empty_list())
        .set("revisions", std::move(revisions))
        .set("generator", inputs_.generator)
        .set("stylesheet", kPrintStylesheet);
    // A draft says so on every page (print.css: the running string "draft").
    EditionStatus edition = edition_status(project_);
    if (edition.draft) {
      TV draft;
      draft.set("reason", edition.reason);
      data.set("draft", std::move(draft));
    }
    // The lists that grow with the manual are made item by item as the template reaches them
    // (TV::generated): the sections' HTML is the bulk of the document.
    const size_t n_sections = project_.sections.size(), n_registers = project_.registers.size();
    // Footnotes placed before each section: WeasyPrint numbers them through the document.
    std::vector<int> footnotes_before(n_sections + 1, 0);
    for (size_t i = 0; i < n_sections; ++i) {
      footnotes_before[i + 1] = footnotes_before[i] + placed_footnotes(project_.sections[i].body);
    }
    // Contents: the sections, then "A Registers" and a line per register.
    const size_t toc_size = n_sections + (n_registers ? 1 + n_registers : 0);
    TV toc = TV::generated(toc_size, [this, n_sections](size_t i) {
      TV entry;
      if (i < n_sections) {
        const Section& s = project_.sections[i];
        int depth = tree_.depth(static_cast<int>(i));
        return entry.set("url", concat({"#", section_anchor(s)}))
            .set("number", s.number)
            .set("title", s.title)
            .set("level", std::to_string(depth))
            .set("chapter", depth == 1);
      }
      if (i == n_sections) {
        return entry.set("url", "#registers")
            .set("number", "A")
            .set("title", "Registers")
            .set("level", "1")
            .set("chapter", true);
      }
      const Register& reg = project_.registers[i - n_sections - 1];
      return entry.set("url", concat({"#", register_anchor(reg.name)}))
          .set("number", concat({"A.", std::to_string(i - n_sections)}))
          .set("title", reg.schema->title)
          .set("level", "2")
          .set("chapter", false);
    });
    TV control_rows = TV::generated(
        n_sections, [this](size_t i) { return section_control(project_.sections[i]); });
    TV sections = TV::generated(n_sections, [this, footnotes_before](size_t i) {
      return section(project_.sections[i], tree_.depth(static_cast<int>(i)), footnotes_before[i]);
    });
    TV registers = TV::generated(n_registers, [this](size_t i) {
      return register_table(project_.registers[i], "A." + std::to_string(i + 1));
    });
    data.set("toc", std::move(toc))
        .set("control", std::move(control_rows))
        .set("sections", std::move(sections))
        .set("has_registers", n_registers > 0)
        .set("registers", std::move(registers));
    if (auto h = revision_history()) data.set("revision_history", std::move(*h));
    return data;
  }

 private:
  // The manual as a whole takes effect when its last section does.
  std::string latest_effective() const {
    std::string latest;
    for (const auto& s : project_.sections) latest = std::max(latest, s.effective);
    return latest;
  }

  // Where the document's revision history is: the first section heading "Revision history".
  std::optional<TV> revision_history() const {
    for (const auto& s : project_.sections) {
      for (const auto& b : s.body.blocks) {
        if (b.kind == doc::BlockKind::kHeading &&
            slugify(doc::plain_text(b.inlines)) == "revision-history") {
          TV v;
          v.set("url", concat({"#", section_anchor(s), ".revision-history"}))
              .set("section_url", concat({"#", section_anchor(s)}))
              .set("section", s.number + " " + s.title);
          return v;
        }
      }
    }
    return std::nullopt;
  }

  TV section_control(const Section& s) const {
    TV v;
    v.set("url", concat({"#", section_anchor(s)}))
        .set("id", s.id)
        .set("number", s.number)
        .set("title", s.title)
        .set("version", s.version)
        .set("status", s.status)
        .set("owner", s.owner)
        .set("approver", s.approver)
        .set("effective", s.effective);
    return v;
  }

  // The URL of a target inside the document: sections and entries have anchors; a clause or
  // control is shown through its SoA row when there is one, else not linked.
  std::string url_of(const Target& t) const {
    auto it = anchors_.find(t.id);
    return it == anchors_.end() ? "" : "#" + it->second;
  }

  // A local image as a data: URL, or "" (remote images keep their URL and are not fetched).
  std::string image_src(const doc::Inline& image) const {
    if (image.path().empty()) return "";
    auto it = inputs_.images.find(image.path());
    std::string ext = ascii_lower(image.path().substr(image.path().rfind('.') + 1));
    static const std::map<std::string, std::string> kTypes = {{"png", "image/png"},
                                                              {"jpg", "image/jpeg"},
                                                              {"jpeg", "image/jpeg"},
                                                              {"gif", "image/gif"},
                                                              {"svg", "image/svg+xml"}};
    auto type = kTypes.find(ext);
    if (it == inputs_.images.end() || type == kTypes.end()) return "";
    return "data:" + type->second + ";base64," + base64(it->second);
  }

  // Every piece of Markdown in the document is rendered with these options: the one place
  // where what content refers to (links, images, and diagrams once they are drawn in print)
  // becomes part of the document.
  HtmlOptions markdown_options(const std::string& id_prefix, int footnote_offset = 0) const {
    HtmlOptions o;
    o.allow_raw_html = project_.config.allow_raw_html;
    o.id_prefix = id_prefix;
    o.footnotes_at_reference = true;  // print.css floats them to the foot of the page
    o.footnote_offset = footnote_offset;
    o.image_src = [this](const doc::Inline& image) { return image_src(image); };
    o.diagrams = inputs_.diagrams;
    o.url_for = [this](const std::string& id, const std::string& fragment) {
      const Target* t = project_.resolve(id);
      std::string url = t ? url_of(*t) : "";
      if (url.empty() || fragment.size() < 2 || t->kind != Target::Kind::kSection) return url;
      // Heading ids in a section body carry the section's anchor as prefix.
      std::string heading = url.substr(1) + "." + fragment.substr(1);
      return heading_ids_.count(heading) ? "#" + heading : url;
    };
    return o;
  }

  // The body of a section at `depth`, its headings one level below the section's own.
  static doc::Document body_of(const Section& s, int depth) {
    doc::Document body = s.body;
    shift_headings(&body.blocks, depth - 1);
    return body;
  }

  TV section(const Section& s, int depth, int footnote_offset) const {
    const std::string anchor = section_anchor(s);
    doc::Document body = body_of(s, depth);
    TV clauses = TV::list();
    for (const auto& ref : s.clauses) clauses.push(TV(ref));
    TV v = section_control(s);
    v.set("anchor", anchor)
        .set("tag", concat({"h", std::to_string(std::min(depth, 6))}))
        .set("depth", std::to_string(depth))
        .set("chapter", depth == 1)
        .set("summary", s.summary)
        .set("has_clauses", !s.clauses.empty())
        .set("clauses", std::move(clauses))
        .set("body", render_html(body, markdown_options(anchor + ".", footnote_offset)));
    return v;
  }

  TV register_table(const Register& reg, const std::string& number) const {
    const Schema& schema = *reg.schema;
    ValueLinks links;
    links.url_of = [this](const Target& t) { return url_of(t); };
    links.markdown = markdown_options(register_anchor(reg.name) + ".");
    TV columns = TV::list();
    for (const auto& c : schema.columns) {
      const FieldSpec* f = schema.field(c);
      TV col;
      col.set("name", c).set("label", f ? f->label : std::string("ID"));
      columns.push(std::move(col));
    }
    TV rows = TV::list();
    for (const auto& e : reg.entries) {
      TV cells = TV::list();
      for (const auto& c : schema.columns) {
        TV cell;
        cell.set("name", c).set("html", register_cell_html(project_, reg, e, c, links));
        cells.push(std::move(cell));
      }
      TV row;
      row.set("anchor", entry_anchor(reg.name, e.id))
          .set("id", e.id)
          .set("cells", std::move(cells));
      rows.push(std::move(row));
    }
    TV details = TV::generated(
        reg.entries.size(), [this, &reg](size_t i) { return entry_details(reg, reg.entries[i]); });
    TV v;
    v.set("anchor", register_anchor(reg.name))
        .set("details", std::move(details))
        .set("number", number)
        .set("name", reg.name)
        .set("title", schema.title)
        .set("description", schema.description)
        .set("has_description", !schema.description.empty())
        .set("count", std::to_string(reg.entries.size()))
        .set("columns", std::move(columns))
        .set("rows", std::move(rows));
    return v;
  }

  // The detail block of an entry: the fields that are not table columns (Markdown as
  // Markdown, references with their titles, lists as lists) and what cites the entry.
  // `show` is false when the table already says everything.
  TV entry_details(const Register& reg, const RegisterEntry& e) const {
    const Schema& schema = *reg.schema;
    const std::string anchor = entry_anchor(reg.name, e.id);
    ValueLinks links;
    links.url_of = [this](const Target& t) { return url_of(t); };
    TV fields = TV::list();
    for (const FieldSpec* f : detail_fields(schema, e)) {
      links.markdown = markdown_options(anchor + "." + slugify(f->name) + ".");
      TV field;
      field.set("name", f->name)
          .set("label", f->label)
          .set("is_text", f->type == FieldType::kText)
          .set("html", field_value_html(project_, *f, *e.value(f->name), links, true));
      fields.push(std::move(field));
    }
    for (const RatingValue& r : entry_ratings(schema, e)) {
      TV field;
      field.set("name", r.spec->name)
          .set("label", r.spec->label)
          .set("is_text", false)
          .set("html", std::to_string(r.value) + " <span class=\"rating-product\">(" + r.product +
                           ")</span>");
      fields.push(std::move(field));
    }
    TV cited = TV::list();
    for (const Target* t : citing_targets(project_, e)) {
      TV c;
      c.set("url", url_of(*t)).set("label", t->label);
      cited.push(std::move(c));
    }
    const bool title_shown = std::find(schema.columns.begin(), schema.columns.end(),
                                       schema.title_field) != schema.columns.end();
    const bool show = !fields.empty_list() || !cited.empty_list() || !title_shown;
    TV v;
    v.set("show", show)
        .set("anchor", anchor + ":details")
        .set("url", "#" + anchor)
        .set("id", e.id)
        .set("title", entry_title(e, schema))
        .set("fields", std::move(fields))
        .set("has_cited", !cited.empty_list())
        .set("cited", std::move(cited));
    return v;
  }

  const Project& project_;
  const PrintInputs& inputs_;
  SectionTree tree_;
  std::map<std::string, std::string> anchors_;  // section or entry id -> element id
  std::set<std::string> heading_ids_;
};

}  // namespace

bool render_print(const Project& project, const Theme& theme, const TemplateSet& templates,
                  const PrintInputs& inputs, Diagnostics& diags,
                  const std::function<void(std::string_view)>& write) {
  PrintRenderer renderer(project, inputs);
  std::string error;
  if (!templates.render_streamed("print", renderer.data(), write, &error)) {
    diags.error({"themes/" + theme.name + "/templates/print.mustache", 0, 0},
                "template error: " + error);
    return false;
  }
  return true;
}

bool render_print(const Project& project, const Theme& theme, const TemplateSet& templates,
                  const PrintInputs& inputs, Diagnostics& diags, std::string* html) {
  html->clear();
  return render_print(project, theme, templates, inputs, diags,
                      [html](std::string_view piece) { html->append(piece); });
}

}  // namespace imsdoc
