#include "import/ai_additions.h"

namespace imsdoc {

namespace {

struct Template {
  const char* id;
  const char* title;
  const char* extends;  // HS clause of the imported section it extends, or ""
  std::vector<std::string> clauses;
  const char* body;
};

const std::vector<Template>& templates() {
  static const std::vector<Template> kTemplates = {
      {"AI-CONTEXT",
       "AI additions to the context of the organization",
       "4.1",
       {"42001:4.1", "42001:4.2", "42001:4.3"},
       "> **To write:** the AI-specific issues (intended use of AI, data, legal requirements "
       "such as the EU AI Act), the interested parties AI adds (people affected by AI "
       "decisions, providers of models and data) and their requirements, and the AI systems "
       "and roles (developer, provider, user) inside the scope. Extend the existing context "
       "analysis rather than writing a second one.\n"},
      {"AI-POLICY",
       "AI policy",
       "5.2",
       {"42001:5.2"},
       "> **To write:** the AI policy (give it a document id, e.g. P-120): its commitments "
       "(responsible development and use, meeting requirements, continual improvement), who "
       "approved it, where it is published, and how it relates to the quality and "
       "information security policies.\n"},
      {"AI-REGISTER",
       "AI process register",
       "8.1",
       {"42001:8.1"},
       "> **To write:** how every AI system is recorded before work on it starts (intake), who "
       "owns the register, and how its completeness is checked. The register itself is "
       "`registers/ai-systems.yaml`: one entry per AI system with its purpose, owner, "
       "provider, life cycle stage, risk level and linked processes.\n"},
      {"AI-RISK",
       "AI risk and impact assessment",
       "6.1",
       {"42001:6.1", "42001:8.2", "42001:8.3", "42001:8.4"},
       "> **To write:** how AI risks are identified, analysed and evaluated (criteria and "
       "risk levels), how they are treated, and how the impact of each AI system on "
       "individuals, groups and society is assessed and when it is repeated. Risks go in "
       "`registers/risks.yaml`, assessments in `registers/impact-assessments.yaml`.\n"},
      {"AI-SOA",
       "Statement of Applicability for ISO/IEC 42001 Annex A",
       "",
       {"42001:6.1.3"},
       "> **To write:** how the applicability of each ISO/IEC 42001 Annex A control was "
       "decided, by whom, and when the statement is reviewed. The statement itself is "
       "`registers/soa.yaml`: one row per control (`42001:A.2.2` ...) with applicable, "
       "justification, status, owner and evidence.\n"},
      {"AI-AUDIT",
       "AI in the internal audit programme",
       "9.2",
       {"42001:9.2", "42001:9.2.1", "42001:9.2.2"},
       "> **To write:** the AI activities added to the existing internal audit programme: "
       "which AI systems and processes are sampled, how often, and the auditors' competence "
       "for them. Audits go in `registers/audits.yaml`.\n"},
      {"AI-REVIEW",
       "AI inputs to management review",
       "9.3",
       {"42001:9.3", "42001:9.3.1", "42001:9.3.2", "42001:9.3.3"},
       "> **To write:** the AI inputs added to the existing management review (AI system "
       "performance, incidents, impact assessments, changes in AI-related requirements) and "
       "the decisions it takes about AI. Reviews go in `registers/management-reviews.yaml`.\n"},
  };
  return kTemplates;
}

}  // namespace

std::vector<NewSection> ai_sections(const std::string& chapter,
                                    const std::map<std::string, std::string>& extended,
                                    const std::string& effective) {
  std::vector<NewSection> out;
  NewSection c;
  c.id = "AI-IMS";
  c.number = chapter;
  c.title = "AI management system (ISO/IEC 42001)";
  c.summary = std::string(kAddedMarker) + ": the AI parts of the integrated management system.";
  c.comment = kAddedMarker;
  c.effective = effective;
  c.clauses = {"42001:4.4"};
  c.body =
      "The sections of this chapter were added by `imsdoc init --extend` to integrate "
      "ISO/IEC 42001 into the existing manual. They are drafts: complete each one, link "
      "it from the section it extends, then set its status, owner and approver.\n";
  out.push_back(c);
  int n = 0;
  for (const auto& t : templates()) {
    NewSection s;
    s.id = t.id;
    s.number = chapter + "." + std::to_string(++n);
    s.title = t.title;
    s.summary = std::string(kAddedMarker) + ".";
    s.comment = kAddedMarker;
    s.effective = effective;
    s.clauses = t.clauses;
    s.body = t.body;
    auto it = extended.find(t.extends);
    if (*t.extends && it != extended.end()) {
      s.body += "\nThis section extends [[" + it->second + "]].\n";
    }
    out.push_back(s);
  }
  return out;
}

}  // namespace imsdoc
