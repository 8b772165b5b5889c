#include "diagram/process_dot.h"

#include <algorithm>
#include <map>
#include <set>

#include "base/text.h"

namespace imsdoc {

std::string dot_quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      continue;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string dot_html_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\n':
        out += "<BR/>";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::vector<std::string> wrap_words(const std::string& s, size_t width) {
  std::vector<std::string> lines;
  std::string line;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find(' ', start);
    if (end == std::string::npos) end = s.size();
    std::string word = s.substr(start, end - start);
    start = end + 1;
    if (word.empty()) continue;
    if (!line.empty() && line.size() + 1 + word.size() > width) {
      lines.push_back(line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) lines.push_back(line);
  return lines;
}

namespace {

constexpr size_t kNameWidth = 24;   // characters per line of a process name
constexpr size_t kLabelWidth = 26;  // characters per line of a hand-off label

std::string join(const std::vector<std::string>& lines, const std::string& sep) {
  std::string out;
  for (const auto& l : lines) out += (out.empty() ? "" : sep) + l;
  return out;
}

std::string text_of(const RegisterEntry& e, const std::string& field) {
  const FieldValue* v = e.value(field);
  return v ? v->text : "";
}

// The graph, node and edge defaults every generated diagram shares.
std::string header(const std::string& name, const std::string& title, const DiagramStyle& st,
                   const std::string& rankdir) {
  const std::string font = dot_quote(st.font);
  std::string out = "digraph " + dot_quote(name) + " {\n";
  out += "  graph [rankdir=" + rankdir + ", newrank=true, nodesep=0.3, ranksep=0.55, pad=0.2";
  out += ", bgcolor=" + dot_quote(st.color("background")) + ", fontname=" + font +
         ", fontsize=" + std::to_string(st.size("title")) +
         ", fontcolor=" + dot_quote(st.color("text")) + ", labelloc=t, label=" + dot_quote(title) +
         "];\n";
  out += "  node [shape=box, style=\"rounded,filled\", margin=\"0.14,0.06\", fontname=" + font +
         ", fontsize=" + std::to_string(st.size("node")) +
         ", fontcolor=" + dot_quote(st.color("text")) +
         ", fillcolor=" + dot_quote(st.color("node_fill")) +
         ", color=" + dot_quote(st.color("node_border")) + "];\n";
  out += "  edge [fontname=" + font + ", fontsize=" + std::to_string(st.size("edge")) +
         ", fontcolor=" + dot_quote(st.color("edge_text")) +
         ", color=" + dot_quote(st.color("edge")) + ", arrowsize=0.7];\n";
  return out;
}

std::string small(const std::string& text, const std::string& color, const DiagramStyle& st,
                  bool bold = false) {
  std::string t = dot_html_escape(text);
  if (bold) t = "<B>" + t + "</B>";
  return "<FONT POINT-SIZE=\"" + std::to_string(st.size("detail")) + "\" COLOR=\"" + color + "\">" +
         t + "</FONT>";
}

// A process node: id in bold, the name wrapped, the owner; control gates say so and are drawn
// square with a heavy border.
std::string process_node(const RegisterEntry& e, const DiagramStyle& st, bool focus,
                         const std::string& indent, bool dimmed = false) {
  std::string gate = text_of(e, "gate");
  bool is_gate = !gate.empty() && gate != "none";
  std::string label = "<B>" + dot_html_escape(e.id) + "</B><BR/>" +
                      join(wrap_words(dot_html_escape(text_of(e, "name")), kNameWidth), "<BR/>");
  std::string owner = text_of(e, "owner");
  if (!owner.empty()) label += "<BR/>" + small(owner, st.color("muted_text"), st);
  if (is_gate) label += "<BR/>" + small("CONTROL GATE: " + gate, st.color("gate_border"), st, true);
  std::string attrs = "label=<" + label + ">, URL=" + dot_quote("imsdoc:" + e.id) +
                      ", tooltip=" + dot_quote(e.id + " " + text_of(e, "name"));
  if (focus) {
    attrs += ", fillcolor=" + dot_quote(st.color("focus_fill")) +
             ", color=" + dot_quote(st.color("focus_border")) + ", penwidth=2";
  } else if (is_gate) {
    attrs += ", style=\"filled\", fillcolor=" + dot_quote(st.color("gate_fill")) +
             ", color=" + dot_quote(st.color("gate_border")) + ", penwidth=2";
  }
  if (dimmed) {
    attrs += ", style=\"rounded,dashed\", fontcolor=" + dot_quote(st.color("muted_text"));
  }
  return indent + dot_quote(e.id) + " [" + attrs + "];\n";
}

std::string party_id(const std::string& party) { return "party:" + party; }

std::string party_node(const std::string& party, const DiagramStyle& st) {
  return "  " + dot_quote(party_id(party)) +
         " [label=" + dot_quote(join(wrap_words(party, kNameWidth), "\n")) +
         ", style=\"filled,dashed\", fillcolor=" + dot_quote(st.color("external_fill")) +
         ", color=" + dot_quote(st.color("external_border")) +
         ", fontcolor=" + dot_quote(st.color("muted_text")) +
         ", tooltip=" + dot_quote(party + " (outside the management system)") + "];\n";
}

// Hand-offs grouped by pair of nodes in order of first appearance, so that two processes are
// joined by one edge listing everything that passes between them. Hand-offs in both directions
// share one two-headed edge (two edges between the same nodes would put their labels on top of
// each other), each line saying where it goes.
struct EdgeGroup {
  std::string from, to;                    // node ids
  std::vector<std::string> forward, back;  // what goes from -> to, and to -> from
  bool external = false;
};

std::vector<EdgeGroup> group_edges(const std::vector<const Handoff*>& handoffs) {
  std::vector<EdgeGroup> groups;
  std::map<std::pair<std::string, std::string>, size_t> index;
  for (const Handoff* h : handoffs) {
    std::string from = h->from.empty() ? party_id(h->party) : h->from;
    std::string to = h->to.empty() ? party_id(h->party) : h->to;
    auto back = index.find({to, from});
    if (back != index.end()) {
      groups[back->second].back.push_back(h->what);
      continue;
    }
    auto [it, inserted] = index.emplace(std::make_pair(from, to), groups.size());
    if (inserted) groups.push_back({from, to, {}, {}, h->from.empty() || h->to.empty()});
    groups[it->second].forward.push_back(h->what);
  }
  return groups;
}

// The name of node `id` as an edge label mentions it: a process id or a party.
std::string node_name(const std::string& id) {
  return starts_with(id, "party:") ? id.substr(6) : id;
}

std::string edge_line(const EdgeGroup& g) {
  std::vector<std::string> lines;
  auto add = [&](const std::vector<std::string>& items, const std::string& prefix) {
    for (const auto& w : items) {
      auto wrapped = wrap_words(prefix + w, kLabelWidth);
      if (prefix.empty() && items.size() > 1 && !wrapped.empty()) {
        wrapped.front() = "• " + wrapped.front();
      }
      lines.insert(lines.end(), wrapped.begin(), wrapped.end());
    }
  };
  bool both = !g.back.empty();
  add(g.forward, both ? "→ " + node_name(g.to) + ": " : "");
  add(g.back, "→ " + node_name(g.from) + ": ");
  std::string tooltip = node_name(g.from) + " → " + node_name(g.to) + ": " + join(g.forward, "; ");
  if (both)
    tooltip += "\n" + node_name(g.to) + " → " + node_name(g.from) + ": " + join(g.back, "; ");
  std::string attrs = "label=" + dot_quote(join(lines, "\n")) + ", tooltip=" + dot_quote(tooltip);
  if (both) attrs += ", dir=both";
  if (g.external) attrs += ", style=dashed";
  return "  " + dot_quote(g.from) + " -> " + dot_quote(g.to) + " [" + attrs + "];\n";
}

std::string capitalised(const std::string& s) {
  std::string out = s;
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  for (auto& c : out) {
    if (c == '-' || c == '_') c = ' ';
  }
  return out;
}

}  // namespace

std::string process_map_dot(const Project& project, const ProcessInteractions& interactions,
                            const DiagramStyle& st) {
  const Register* reg = project.find_register("processes");
  std::string out =
      header("process_map", "Processes of the management system and their interactions", st, "TB");
  if (!reg) return out + "}\n";
  // Clusters in the order the schema lists the areas, then any other area as written.
  std::vector<std::string> areas;
  if (const FieldSpec* f = reg->schema->field("area")) areas = f->values;
  for (const auto& e : reg->entries) {
    std::string a = text_of(e, "area");
    if (std::find(areas.begin(), areas.end(), a) == areas.end()) areas.push_back(a);
  }
  for (const auto& area : areas) {
    std::string body;
    for (const auto& e : reg->entries) {
      if (text_of(e, "area") == area) body += process_node(e, st, false, "    ");
    }
    if (body.empty()) continue;
    if (area.empty()) {
      out += body;
      continue;
    }
    out += "  subgraph " + dot_quote("cluster_" + area) + " {\n";
    out += "    graph [label=" + dot_quote(capitalised(area)) +
           ", style=\"rounded,filled\", fillcolor=" + dot_quote(st.color("cluster_fill")) +
           ", color=" + dot_quote(st.color("cluster_border")) +
           ", fontcolor=" + dot_quote(st.color("cluster_text")) +
           ", fontsize=" + std::to_string(st.size("cluster")) + "];\n";
    out += body + "  }\n";
  }
  for (const auto& p : interactions.parties) out += party_node(p, st);
  std::vector<const Handoff*> all;
  for (const auto& h : interactions.handoffs) all.push_back(&h);
  for (const auto& g : group_edges(all)) out += edge_line(g);
  return out + "}\n";
}

std::string process_context_dot(const Project& project, const ProcessInteractions& interactions,
                                const RegisterEntry& process, const DiagramStyle& st) {
  std::string out =
      header("process_" + process.id,
             "Context of " + process.id + ": suppliers (left) and consumers (right)", st, "LR");
  const Register* reg = project.find_register("processes");
  std::vector<const Handoff*> mine = interactions.involving(process.id);
  std::set<std::string> neighbours, parties;
  for (const Handoff* h : mine) {
    if (!h->from.empty() && h->from != process.id) neighbours.insert(h->from);
    if (!h->to.empty() && h->to != process.id) neighbours.insert(h->to);
    if (!h->party.empty()) parties.insert(h->party);
  }
  out += process_node(process, st, true, "  ");
  if (reg) {
    for (const auto& e : reg->entries) {
      if (neighbours.count(e.id)) out += process_node(e, st, false, "  ");
    }
  }
  for (const auto& p : parties) out += party_node(p, st);
  for (const auto& g : group_edges(mine)) out += edge_line(g);
  return out + "}\n";
}

std::string ai_lifecycle_dot(const Project& project, const RegisterEntry& system,
                             const DiagramStyle& st) {
  std::string out = header("ai_system_" + system.id,
                           "Lifecycle of " + system.id + " and its control gates", st, "LR");
  const Register* systems = project.find_register("ai-systems");
  const FieldSpec* stage_field = systems ? systems->schema->field("lifecycle_stage") : nullptr;
  std::vector<std::string> stages = stage_field ? stage_field->values : std::vector<std::string>{};
  const std::string current = text_of(system, "lifecycle_stage");
  auto stage_id = [](const std::string& s) { return "stage:" + s; };
  out += "  subgraph cluster_lifecycle {\n";
  out += "    graph [label=\"Lifecycle stages\", style=\"rounded,filled\", fillcolor=" +
         dot_quote(st.color("cluster_fill")) + ", color=" + dot_quote(st.color("cluster_border")) +
         ", fontcolor=" + dot_quote(st.color("cluster_text")) +
         ", fontsize=" + std::to_string(st.size("cluster")) + "];\n";
  for (const auto& s : stages) {
    bool here = s == current;
    std::string label = "<" + dot_html_escape(capitalised(s)) +
                        (here ? "<BR/>" + small("current stage", st.color("focus_border"), st, true)
                              : std::string()) +
                        ">";
    out += "    " + dot_quote(stage_id(s)) + " [label=" + label + ", shape=box";
    if (here) {
      out += ", fillcolor=" + dot_quote(st.color("focus_fill")) +
             ", color=" + dot_quote(st.color("focus_border")) + ", penwidth=2";
    }
    out += "];\n";
  }
  // Stages follow one another; building and buying are alternatives between the same stages.
  for (size_t i = 0; i + 1 < stages.size(); ++i) {
    const std::string& a = stages[i];
    const std::string& b = stages[i + 1];
    std::vector<std::pair<std::string, std::string>> edges = {{a, b}};
    if (a == "build" && b == "buy") {
      edges.clear();
      if (i > 0) edges.push_back({stages[i - 1], b});
      if (i + 2 < stages.size()) edges.push_back({a, stages[i + 2]});
    }
    for (const auto& [from, to] : edges) {
      out += "    " + dot_quote(stage_id(from)) + " -> " + dot_quote(stage_id(to)) + ";\n";
    }
  }
  out += "  }\n";

  // The AI system itself, pointing at its stage.
  std::string sys_label =
      "<B>" + dot_html_escape(system.id) + "</B><BR/>" +
      join(wrap_words(dot_html_escape(text_of(system, "name")), kNameWidth), "<BR/>");
  std::string owner = text_of(system, "owner");
  if (!owner.empty()) sys_label += "<BR/>" + small(owner, st.color("muted_text"), st);
  out += "  " + dot_quote(system.id) + " [label=<" + sys_label +
         ">, URL=" + dot_quote("imsdoc:" + system.id) +
         ", tooltip=" + dot_quote(system.id + " " + text_of(system, "name")) +
         ", fillcolor=" + dot_quote(st.color("focus_fill")) +
         ", color=" + dot_quote(st.color("focus_border")) + ", penwidth=2];\n";
  if (!current.empty() && std::find(stages.begin(), stages.end(), current) != stages.end()) {
    out += "  " + dot_quote(system.id) + " -> " + dot_quote(stage_id(current)) +
           " [label=\"is at\", style=dashed];\n";
  }

  // The process owning each gate, under the stage it guards. Gate processes the system does not
  // list are drawn dashed: the trace is missing them.
  static const std::map<std::string, std::string> kGateStage = {
      {"intake", "intake"}, {"risk", "assess"}, {"release", "deploy"}, {"post-release", "monitor"}};
  std::set<std::string> linked;
  if (const FieldValue* v = system.value("processes")) {
    for (const auto& item : v->items) linked.insert(item.text);
  }
  const Register* processes = project.find_register("processes");
  if (!processes) return out + "}\n";
  for (const auto& p : processes->entries) {
    std::string gate = text_of(p, "gate");
    auto it = kGateStage.find(gate);
    bool has_stage = it != kGateStage.end() &&
                     std::find(stages.begin(), stages.end(), it->second) != stages.end();
    if (has_stage) {
      out += process_node(p, st, false, "  ", !linked.count(p.id));
      out += "  " + dot_quote(p.id) + " -> " + dot_quote(stage_id(it->second)) +
             " [label=" + dot_quote("gate: " + gate) + ", arrowhead=tee];\n";
    } else if (linked.count(p.id)) {
      out += process_node(p, st, false, "  ");
      out += "  " + dot_quote(system.id) + " -> " + dot_quote(p.id) +
             " [label=\"involves\", style=dotted, arrowhead=none];\n";
    }
  }
  return out + "}\n";
}

}  // namespace imsdoc
