#include "render/register_values.h"

#include <algorithm>
#include <set>

#include "base/text.h"
#include "render/escape.h"

namespace imsdoc {

namespace {

// <a class="..." href="url"...>text</a>, or the escaped text alone when there is no URL.
std::string link_or_text(const std::string& url, const std::string& cls, const std::string& text,
                         const std::string& title = "") {
  if (url.empty()) return html_escape(text);
  std::string h = "<a class=\"" + cls + "\" href=\"" + html_escape(url) + "\"";
  if (!title.empty()) h += " title=\"" + html_escape(title) + "\"";
  return h + ">" + html_escape(text) + "</a>";
}

std::string scalar_html(const Project& project, const FieldSpec& f, FieldType type,
                        const FieldValue& v, const ValueLinks& links, bool with_titles) {
  std::string h;
  switch (type) {
    case FieldType::kEnum:
      h = "<span class=\"badge badge-" + slugify(f.name) + "-" + slugify(v.text) + "\">";
      append_html_escaped(&h, v.text);
      return h + "</span>";
    case FieldType::kBoolean:
      return v.boolean ? "<span class=\"badge badge-yes\">Yes</span>"
                       : "<span class=\"badge badge-no\">No</span>";
    case FieldType::kDate:
      h = "<time datetime=\"" + html_escape(v.text) + "\">";
      append_html_escaped(&h, v.text);
      return h + "</time>";
    case FieldType::kReference: {
      const Target* t = project.find(v.text);
      if (!t) return html_escape(v.text);
      h = link_or_text(links.url_of(*t), "ref", v.text);
      if (with_titles && t->title != t->id) {
        h += " <span class=\"ref-title\">";
        append_html_escaped(&h, t->title);
        h += "</span>";
      }
      return h;
    }
    case FieldType::kText:
      return render_html(v.markdown, links.markdown);
    case FieldType::kClause: {
      const Target* t = project.resolve(v.text);
      if (!t) return html_escape(v.text);
      return link_or_text(links.url_of(*t), "ref ref-clause", v.text, t->title);
    }
    default:
      return html_escape(v.text);
  }
}

}  // namespace

std::string field_value_html(const Project& project, const FieldSpec& f, const FieldValue& v,
                             const ValueLinks& links, bool with_titles) {
  if (f.type != FieldType::kList) return scalar_html(project, f, f.type, v, links, with_titles);
  if (v.items.empty()) return "";
  std::string h = "<ul class=\"values\">";
  for (const auto& item : v.items) {
    h += "<li>" + scalar_html(project, f, f.item_type, item, links, with_titles) + "</li>";
  }
  return h + "</ul>";
}

std::string register_cell_html(const Project& project, const Register& reg, const RegisterEntry& e,
                               const std::string& column, const ValueLinks& links) {
  if (column == "id") {
    const Target* t = project.find(e.id);
    std::string url = t ? links.url_of(*t) : "";
    return url.empty() ? html_escape(e.id)
                       : "<a href=\"" + html_escape(url) + "\">" + html_escape(e.id) + "</a>";
  }
  const FieldSpec* f = reg.schema->field(column);
  const FieldValue* v = e.value(column);
  if (!f || !v) return "";
  if (f->type == FieldType::kText) return html_escape(doc::plain_text_of(v->markdown));
  return field_value_html(project, *f, *v, links, false);
}

std::vector<const FieldSpec*> detail_fields(const Schema& schema, const RegisterEntry& e) {
  std::vector<const FieldSpec*> out;
  for (const auto& f : schema.fields) {
    if (f.name == schema.title_field) continue;
    if (std::find(schema.columns.begin(), schema.columns.end(), f.name) != schema.columns.end()) {
      continue;
    }
    const FieldValue* v = e.value(f.name);
    if (!v || (f.type == FieldType::kList && v->items.empty())) continue;
    out.push_back(&f);
  }
  return out;
}

std::vector<RatingValue> entry_ratings(const Schema& schema, const RegisterEntry& e) {
  std::vector<RatingValue> out;
  for (const auto& r : schema.ratings) {
    RatingValue v{&r, 1, ""};
    bool complete = !r.factors.empty();
    for (const auto& factor : r.factors) {
      const FieldValue* f = e.value(factor);
      // A product too large for 64 bits is not shown rather than shown wrong.
      if (!f || __builtin_mul_overflow(v.value, f->integer, &v.value)) {
        complete = false;
        break;
      }
      v.product += (v.product.empty() ? "" : " \u00d7 ") + std::to_string(f->integer);
    }
    if (complete) out.push_back(std::move(v));
  }
  return out;
}

std::vector<const Target*> citing_targets(const Project& project, const RegisterEntry& e) {
  std::vector<const Target*> out;
  std::set<std::string> seen = {e.id};
  for (const Reference* r : project.references_to(e.id)) {
    if (!seen.insert(r->from).second) continue;
    if (const Target* t = project.find(r->from)) out.push_back(t);
  }
  return out;
}

}  // namespace imsdoc
