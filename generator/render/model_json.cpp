#include "render/model_json.h"

#include <nlohmann/json.hpp>

#include "base/text.h"
#include "link/coverage.h"
#include "link/linker.h"

namespace imsdoc {

namespace {

using Json = nlohmann::ordered_json;

Json scalar(FieldType type, const FieldValue& v) {
  switch (type) {
    case FieldType::kInteger:
      return v.integer;
    case FieldType::kBoolean:
      return v.boolean;
    case FieldType::kText:
      return doc::plain_text_of(v.markdown);
    default:
      return valid_utf8(v.text);
  }
}

Json value(const FieldSpec& f, const FieldValue& v) {
  if (f.type != FieldType::kList) return scalar(f.type, v);
  Json items = Json::array();
  for (const auto& item : v.items) items.push_back(scalar(f.item_type, item));
  return items;
}

Json register_json(const Register& reg) {
  Json entries = Json::array();
  for (const auto& e : reg.entries) {
    Json fields = Json::object();
    for (const auto& f : reg.schema->fields) {
      if (const FieldValue* v = e.value(f.name)) fields[f.name] = value(f, *v);
    }
    entries.push_back({{"id", e.id},
                       {"title", entry_title(e, *reg.schema)},
                       {"source", {{"file", e.span.file}, {"line", e.span.line}}},
                       {"fields", fields}});
  }
  Json columns = Json::array();
  for (const auto& f : reg.schema->fields) {
    columns.push_back({{"name", f.name}, {"label", f.label}, {"type", field_type_name(f.type)}});
  }
  return {{"name", reg.name},
          {"title", reg.schema->title},
          {"file", reg.path},
          {"fields", columns},
          {"entries", entries}};
}

const char* reference_kind(Reference::Kind k) {
  switch (k) {
    case Reference::Kind::kCites:
      return "cites";
    case Reference::Kind::kField:
      return "field";
    case Reference::Kind::kMention:
      return "mention";
  }
  return "";
}

}  // namespace

std::string model_json(const Project& project, const std::string& generator,
                       const std::string& only_register) {
  Json doc;
  doc["format"] = "imsdoc-model";
  doc["format_version"] = kModelJsonVersion;
  doc["generator"] = generator;
  if (!only_register.empty()) {
    doc["register"] = register_json(*project.find_register(only_register));
    return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
  }
  const Config& c = project.config;
  Json revisions = Json::array();
  for (const auto& r : c.document_control.revisions) {
    revisions.push_back({{"version", r.version},
                         {"date", r.date},
                         {"summary", r.summary},
                         {"approved_by", r.approved_by}});
  }
  const DocumentControl& dc = c.document_control;
  doc["manual"] = {{"id", c.manual_id},
                   {"title", c.title},
                   {"organisation", c.organisation},
                   {"version", c.version},
                   {"standards", c.standards},
                   {"document_control",
                    {{"owner", dc.owner},
                     {"approver", dc.approver},
                     {"effective", dc.effective},
                     {"status", dc.status},
                     {"classification", dc.classification},
                     {"revisions", revisions}}}};
  // From git with `document_control: history: git`; absent otherwise.
  auto history_json = [](const std::vector<HistoryEntry>& history) {
    Json out = Json::array();
    for (const auto& h : history) {
      out.push_back({{"date", h.date},
                     {"subject", valid_utf8(h.subject)},
                     {"author", valid_utf8(h.author)},
                     {"commit", h.commit}});
    }
    return out;
  };
  if (!project.change_log.empty()) {
    doc["manual"]["document_control"]["change_log"] = history_json(project.change_log);
  }
  Json sections = Json::array();
  for (const auto& s : project.sections) {
    sections.push_back({{"id", s.id},
                        {"number", s.number},
                        {"title", s.title},
                        {"summary", s.summary},
                        {"owner", s.owner},
                        {"approver", s.approver},
                        {"version", s.version},
                        {"effective", s.effective},
                        {"status", s.status},
                        {"clauses", s.clauses},
                        {"file", s.path},
                        {"text", valid_utf8(doc::plain_text_of(s.body))}});
    if (!s.history.empty()) sections.back()["history"] = history_json(s.history);
  }
  doc["sections"] = sections;
  Json registers = Json::array();
  for (const auto& reg : project.registers) registers.push_back(register_json(reg));
  doc["registers"] = registers;
  Json references = Json::array();
  for (const auto& r : project.references) {
    references.push_back({{"from", r.from},
                          {"from_register", r.from_register},
                          {"field", r.field},
                          {"to", r.to},
                          {"kind", reference_kind(r.kind)},
                          {"covers", r.covers()},
                          {"file", r.span.file},
                          {"line", r.span.line}});
  }
  doc["references"] = references;
  Json coverage = Json::array();
  for (const auto& sc : compute_coverage(project)) {
    Json items = Json::array();
    for (size_t i = 0; i < sc.standard->items.size(); ++i) {
      const CatalogItem& item = sc.standard->items[i];
      items.push_back({{"ref", sc.standard->ref(item)},
                       {"title", item.title},
                       {"status", coverage_status_name(sc.status[i])}});
    }
    auto counts = [](const CoverageCounts& n) {
      return Json{{"covered", n.covered},
                  {"mentioned", n.mentioned},
                  {"not_covered", n.not_covered},
                  {"excluded", n.excluded},
                  {"total", n.total()}};
    };
    coverage.push_back({{"standard", sc.standard->short_name},
                        {"title", sc.standard->title},
                        {"clauses", counts(sc.clauses)},
                        {"controls", counts(sc.controls)},
                        {"items", items}});
  }
  doc["coverage"] = coverage;
  return doc.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace imsdoc
