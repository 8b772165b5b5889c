// Process interactions (clause 4.4): the hand-offs between the processes of the processes
// register. An output of one process that appears word for word as an input of another is a
// hand-off. `external_inputs` / `external_outputs` ("Party: what") are hand-offs with parties
// outside the management system. Used by the diagrams and by the interaction findings.
#pragma once

#include <string>
#include <vector>

#include "base/diagnostic.h"
#include "model/project.h"

namespace imsdoc {

struct Handoff {
  std::string what;   // the output/input text
  std::string from;   // producing process id; "" when an external party produces it
  std::string to;     // consuming process id; "" when an external party receives it
  std::string party;  // the external party, when from or to is ""
};

// An input or output that matches nothing, with where it is written.
struct LooseEnd {
  std::string process;
  std::string what;
  SourceSpan span;
};

struct ProcessInteractions {
  std::vector<Handoff> handoffs;  // producers in register order, then their outputs in order
  std::vector<LooseEnd> unproduced_inputs;   // an input no process produces
  std::vector<LooseEnd> unconsumed_outputs;  // an output no process consumes
  std::vector<std::string> isolated;         // processes with no hand-off to or from another
  std::vector<std::string> parties;          // external parties, sorted

  // Hand-offs between two different processes, or with a party, to/from `process`.
  std::vector<const Handoff*> involving(const std::string& process) const;
};

// The party and what of an external input/output: "Regulators: Legal updates" -> {"Regulators",
// "Legal updates"}; without "party: " the party is "External".
std::pair<std::string, std::string> split_external(const std::string& item);

// The interactions of the project's processes register (empty if there is none).
ProcessInteractions compute_interactions(const Project& project);

}  // namespace imsdoc
