#include "link/trace.h"

#include <set>

#include "base/text.h"

namespace imsdoc {

std::string trace_page_path(const std::string& ai_system_id) {
  return "trace/" + slugify(ai_system_id) + ".html";
}

namespace {

using IdSet = std::set<std::string>;

// Entries of `register_name` that refer (through a reference field) to any id in `to`.
IdSet referring(const Project& project, const std::string& register_name, const IdSet& to) {
  IdSet out;
  for (const auto& id : to) {
    for (const Reference* r : project.references_to(id)) {
      if (r->from_register == register_name && r->kind == Reference::Kind::kField) {
        out.insert(r->from);
      }
    }
  }
  return out;
}

// Ids that the entries `from` of `register_name` name in their reference field `field`.
IdSet referred(const Project& project, const std::string& register_name, const IdSet& from,
               const std::string& field) {
  IdSet out;
  for (const auto& id : from) {
    const RegisterEntry* e = project.find_entry(register_name, id);
    const FieldValue* v = e ? e->value(field) : nullptr;
    if (!v) continue;
    for (const auto& text : v->texts()) out.insert(text);
  }
  return out;
}

IdSet unite(IdSet a, const IdSet& b) {
  a.insert(b.begin(), b.end());
  return a;
}

}  // namespace

std::vector<TraceStep> trace_ai_system(const Project& project, const RegisterEntry& system) {
  const IdSet self = {system.id};
  IdSet processes = unite(referred(project, "ai-systems", self, "processes"),
                          referring(project, "processes", self));
  IdSet assessments = referring(project, "impact-assessments", self);
  IdSet risks = unite(referring(project, "risks", self),
                      referred(project, "impact-assessments", assessments, "risks"));
  IdSet controls = referred(project, "risks", risks, "controls");
  IdSet evidence = referred(project, "soa", controls, "evidence");
  IdSet exceptions = referring(project, "exceptions", self);
  IdSet incidents = referring(project, "incidents", self);
  IdSet actions = unite(unite(referring(project, "corrective-actions", self),
                              referring(project, "corrective-actions", risks)),
                        referred(project, "incidents", incidents, "corrective_actions"));
  IdSet audits = referring(project, "audits", unite(self, processes));
  IdSet reviews = referring(project, "management-reviews", self);

  struct Plan {
    const char* title;
    const char* register_name;
    const char* how;
    const IdSet& ids;
  };
  const Plan plans[] = {
      {"Processes", "processes", "processes the AI system lists, or that name it", processes},
      {"Impact assessments", "impact-assessments", "assessments of this AI system", assessments},
      {"Risks", "risks", "risks naming the AI system or raised by its impact assessments", risks},
      {"Controls (Statement of Applicability)", "soa", "controls treating those risks", controls},
      {"Evidence", "evidence", "evidence those controls rely on", evidence},
      {"Exceptions", "exceptions", "approved deviations for this AI system", exceptions},
      {"Incidents", "incidents", "incidents involving the AI system", incidents},
      {"Corrective actions", "corrective-actions",
       "actions on the AI system, its risks or its incidents", actions},
      {"Audits", "audits", "audits of the AI system or its processes", audits},
      {"Management reviews", "management-reviews", "reviews that considered it", reviews},
  };
  std::vector<TraceStep> steps;
  for (const auto& plan : plans) {
    const Register* reg = project.find_register(plan.register_name);
    if (!reg) continue;
    TraceStep step{plan.title, plan.register_name, plan.how, {}};
    for (const auto& e : reg->entries) {
      if (plan.ids.count(e.id)) step.entries.push_back(&e);
    }
    steps.push_back(std::move(step));
  }
  return steps;
}

}  // namespace imsdoc
