#include "check/findings.h"

#include <set>

#include "base/text.h"
#include "link/interactions.h"

namespace imsdoc {

const std::vector<FindingKind>& finding_kinds() {
  static const std::vector<FindingKind> kKinds = {
      {"soa-missing-control", Severity::kError,
       "an Annex A control of a standard in scope has no SoA row"},
      {"soa-unknown-control", Severity::kError,
       "an SoA row names no Annex A control of a standard in scope"},
      {"soa-status", Severity::kError,
       "an SoA row's applicability and implementation status contradict each other"},
      {"soa-evidence", Severity::kError, "an applicable control has no evidence"},
      {"soa-justification", Severity::kError, "an SoA row has no justification"},
      {"risk-control-not-applicable", Severity::kError,
       "a risk is treated with a control the SoA excludes"},
      {"overdue-corrective-action", Severity::kWarning,
       "a corrective action is past its due date and not verified or closed"},
      {"expired-exception", Severity::kWarning, "an active exception is past its expiry date"},
      {"process-accountable", Severity::kWarning,
       "a process does not have exactly one accountable person"},
      {"ai-system-risk-assessment", Severity::kWarning,
       "an AI system in use has no risk in the risk register"},
      {"ai-system-impact-assessment", Severity::kWarning,
       "an AI system in use has no impact assessment"},
      {"risk-above-appetite", Severity::kWarning,
       "a risk scores above the risk appetite and has no treatment plan or controls"},
      {"evidence-location", Severity::kWarning, "an evidence record does not say where it is"},
      {"unproduced-input", Severity::kWarning,
       "a process input is no process's output and not marked as coming from outside the IMS"},
      {"unconsumed-output", Severity::kWarning,
       "a process output is no process's input and not marked as going outside the IMS"},
      {"isolated-process", Severity::kWarning,
       "a process has no hand-off to or from any other process"},
  };
  return kKinds;
}

namespace {

class FindingChecker {
 public:
  FindingChecker(const Project& project, const std::string& as_of, Diagnostics& diags)
      : project_(project), as_of_(as_of), diags_(diags) {}

  void run() {
    configure();
    check_soa();
    check_risks();
    check_corrective_actions();
    check_exceptions();
    check_processes();
    check_interactions();
    check_ai_systems();
    check_evidence();
  }

 private:
  void configure() {
    std::vector<std::string> names;
    for (const auto& k : finding_kinds()) {
      names.push_back(k.name);
      severity_[k.name] = k.severity == Severity::kError ? "error" : "warning";
    }
    for (const auto& [name, setting] : project_.config.finding_severity) {
      if (!severity_.count(name)) {
        std::string guess = closest_match(name, names);
        diags_.error(
            setting.second, "unknown finding '" + name + "'",
            guess.empty() ? "findings: " + quoted_list(names) : "did you mean '" + guess + "'?");
        continue;
      }
      severity_[name] = setting.first;
    }
  }

  void report(const char* name, const SourceSpan& span, std::string message,
              std::string hint = {}) {
    const std::string& severity = severity_.at(name);
    if (severity == "off") return;
    Diagnostic d;
    d.severity = severity == "error" ? Severity::kError : Severity::kWarning;
    d.span = span;
    d.message = std::move(message);
    d.hint = std::move(hint);
    d.code = name;
    diags_.add(std::move(d));
  }

  static std::string text(const RegisterEntry& e, const char* field) {
    const FieldValue* v = e.value(field);
    return v ? v->text : "";
  }
  static std::vector<std::string> items(const RegisterEntry& e, const char* field) {
    const FieldValue* v = e.value(field);
    return v ? v->texts() : std::vector<std::string>{};
  }
  static bool has(const RegisterEntry& e, const char* field) {
    const FieldValue* v = e.value(field);
    if (!v) return false;
    return !v->text.empty() || !v->items.empty() || !v->markdown.blocks.empty();
  }
  static SourceSpan span_of(const RegisterEntry& e, const char* field) {
    const FieldValue* v = e.value(field);
    return v ? v->span : e.span;
  }

  void check_soa() {
    const Register* soa = project_.find_register("soa");
    std::set<std::string> rows;
    if (soa) {
      for (const auto& row : soa->entries) {
        rows.insert(row.id);
        check_soa_row(row);
      }
    }
    for (const Standard* standard : project_.standards_in_scope()) {
      int missing = 0;
      std::string first;
      for (const auto& item : standard->items) {
        if (item.kind != CatalogItem::Kind::kControl || rows.count(standard->ref(item))) continue;
        if (missing++ == 0) first = standard->ref(item);
      }
      if (missing == 0) continue;
      SourceSpan where = soa ? SourceSpan{soa->path, 0, 0} : project_.config.span;
      report("soa-missing-control", where,
             std::to_string(missing) + " Annex A control" + (missing == 1 ? "" : "s") + " of " +
                 standard->title + " " + (missing == 1 ? "has" : "have") +
                 " no row in the Statement of Applicability, starting with " + first,
             "add a row for every control, with applicable: false and a justification for those "
             "excluded");
    }
  }

  void check_soa_row(const RegisterEntry& row) {
    std::string standard, clause;
    const Standard* catalog = nullptr;
    if (split_clause_ref(row.id, &standard, &clause)) {
      catalog = project_.standard_in_scope(standard);
    }
    const CatalogItem* item = catalog ? catalog->find(clause) : nullptr;
    if (!item || item->kind != CatalogItem::Kind::kControl) {
      std::vector<std::string> controls;
      for (const Standard* s : project_.standards_in_scope()) {
        for (const auto& i : s->items) {
          if (i.kind == CatalogItem::Kind::kControl) controls.push_back(s->ref(i));
        }
      }
      std::string guess = closest_match(row.id, controls);
      report("soa-unknown-control", row.span,
             "'" + row.id + "' is not an Annex A control of a standard in scope",
             guess.empty() ? "SoA rows are named after controls, e.g. '42001:A.6.2.4'"
                           : "did you mean '" + guess + "'?");
      return;
    }
    const FieldValue* applicable = row.value("applicable");
    std::string status = text(row, "status");
    if (applicable && applicable->boolean) {
      if (status == "excluded") {
        report("soa-status", span_of(row, "status"),
               row.id + " is applicable but its status is 'excluded'",
               "give the implementation status, or set applicable: false");
      }
      if (!has(row, "evidence")) {
        report("soa-evidence", row.span, "applicable control " + row.id + " has no evidence",
               "list the records that show the control operates under 'evidence:'");
      }
    } else if (applicable) {
      if (!status.empty() && status != "excluded") {
        report("soa-status", span_of(row, "status"),
               row.id + " is not applicable but its status is '" + status + "'",
               "an excluded control has status: excluded");
      }
    }
    if (!has(row, "justification")) {
      report("soa-justification", span_of(row, "justification"),
             "control " + row.id + " has no justification",
             "say why the control is included or excluded");
    }
  }

  void check_risks() {
    const Register* risks = project_.find_register("risks");
    if (!risks) return;
    for (const auto& risk : risks->entries) {
      if (const FieldValue* controls = risk.value("controls")) {
        for (const auto& c : controls->items) {
          const RegisterEntry* row = project_.find_entry("soa", c.text);
          const FieldValue* applicable = row ? row->value("applicable") : nullptr;
          if (applicable && !applicable->boolean) {
            report("risk-control-not-applicable", c.span,
                   risk.id + " is treated with " + c.text +
                       ", which the Statement of Applicability excludes",
                   "make the control applicable in the SoA or choose another control");
          }
        }
      }
      const FieldValue* l = risk.value("likelihood");
      const FieldValue* i = risk.value("impact");
      if (!l || !i) continue;
      long long score = l->integer * i->integer;
      if (score > project_.config.risk_appetite && !has(risk, "treatment_plan") &&
          !has(risk, "controls")) {
        report("risk-above-appetite", risk.span,
               risk.id + " scores " + std::to_string(score) + " (likelihood " +
                   std::to_string(l->integer) + " x impact " + std::to_string(i->integer) +
                   "), above the risk appetite of " +
                   std::to_string(project_.config.risk_appetite) + ", and has no treatment",
               "add a treatment_plan and the controls that reduce it");
      }
    }
  }

  void check_corrective_actions() {
    const Register* cas = project_.find_register("corrective-actions");
    if (!cas) return;
    for (const auto& ca : cas->entries) {
      std::string due = text(ca, "due");
      std::string status = text(ca, "status");
      if (due.empty() || status == "verified" || status == "closed" || !(due < as_of_)) continue;
      report("overdue-corrective-action", span_of(ca, "due"),
             ca.id + " was due on " + due + " and is " + (status.empty() ? "open" : status) +
                 " as of " + as_of_,
             "complete and verify it, or agree a new due date and record why");
    }
  }

  void check_exceptions() {
    const Register* exceptions = project_.find_register("exceptions");
    if (!exceptions) return;
    for (const auto& ex : exceptions->entries) {
      std::string expires = text(ex, "expires");
      if (expires.empty() || text(ex, "status") != "active" || !(expires < as_of_)) continue;
      report("expired-exception", span_of(ex, "expires"),
             ex.id + " expired on " + expires + " but is still active as of " + as_of_,
             "renew it with a new approval, or withdraw it and restore the control");
    }
  }

  void check_processes() {
    const Register* processes = project_.find_register("processes");
    if (!processes) return;
    for (const auto& p : processes->entries) {
      if (!p.value("accountable")) continue;  // the owner is the accountable person
      size_t n = items(p, "accountable").size();
      if (n == 1) continue;
      report("process-accountable", span_of(p, "accountable"),
             p.id + " has " + (n == 0 ? "no" : std::to_string(n)) +
                 " accountable people; RACI needs exactly one",
             "name one accountable person; others are responsible, consulted or informed");
    }
  }

  // Clause 4.4: the processes and their interactions. A loose end is either a missing hand-off
  // or an exchange with a party outside the IMS that should say so.
  void check_interactions() {
    const Register* processes = project_.find_register("processes");
    if (!processes) return;
    ProcessInteractions in = compute_interactions(project_);
    for (const auto& loose : in.unproduced_inputs) {
      report("unproduced-input", loose.span,
             "input '" + loose.what + "' of " + loose.process + " is not an output of any process",
             "add it word for word to the outputs of the process that produces it, or move it "
             "to external_inputs as 'Party: " +
                 loose.what + "'");
    }
    for (const auto& loose : in.unconsumed_outputs) {
      report("unconsumed-output", loose.span,
             "output '" + loose.what + "' of " + loose.process + " is not an input of any process",
             "add it word for word to the inputs of the process that uses it, or move it to "
             "external_outputs as 'Party: " +
                 loose.what + "'");
    }
    if (processes->entries.size() < 2) return;
    for (const auto& id : in.isolated) {
      const RegisterEntry* e = project_.find_entry("processes", id);
      report("isolated-process", e->span, id + " has no interactions with other processes",
             "a process's outputs should be inputs of other processes, and its inputs outputs "
             "of others");
    }
  }

  bool referenced_from(const std::string& id, const std::string& register_name) const {
    for (const Reference* r : project_.references_to(id)) {
      if (r->from_register == register_name && r->kind == Reference::Kind::kField) return true;
    }
    return false;
  }

  void check_ai_systems() {
    const Register* systems = project_.find_register("ai-systems");
    if (!systems) return;
    bool have_assessments = project_.schemas.count("impact-assessments") > 0;
    for (const auto& s : systems->entries) {
      std::string status = text(s, "status");
      if (status == "retired" || status == "planned") continue;
      if (!referenced_from(s.id, "risks")) {
        report("ai-system-risk-assessment", s.span,
               "AI system " + s.id + " is " + status + " but no risk in the risk register names it",
               "assess its risks and list " + s.id + " under ai_systems: of each");
      }
      if (have_assessments && !referenced_from(s.id, "impact-assessments")) {
        report("ai-system-impact-assessment", s.span,
               "AI system " + s.id + " is " + status + " but has no impact assessment",
               "add an entry to registers/impact-assessments.yaml with ai_system: " + s.id);
      }
    }
  }

  void check_evidence() {
    const Register* evidence = project_.find_register("evidence");
    if (!evidence) return;
    for (const auto& e : evidence->entries) {
      if (has(e, "location")) continue;
      report("evidence-location", e.span, "evidence record " + e.id + " has no location",
             "say where an auditor finds it, e.g. location: SharePoint IMS/Records/...");
    }
  }

  const Project& project_;
  const std::string& as_of_;
  Diagnostics& diags_;
  std::map<std::string, std::string> severity_;
};

}  // namespace

void check_findings(const Project& project, const std::string& as_of, Diagnostics& diags) {
  FindingChecker(project, as_of, diags).run();
}

}  // namespace imsdoc
