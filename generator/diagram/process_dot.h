// DOT text of the diagrams generated from registers. Pure text generation (no Graphviz), so the
// DOT is testable byte for byte. Nodes that stand for a section or entry carry
// URL="imsdoc:<ID>" (see svg_with_links). Every label is escaped for DOT.
#pragma once

#include <string>

#include "diagram/style.h"
#include "link/interactions.h"
#include "model/project.h"

namespace imsdoc {

// The process-interaction map: every process (id, name, owner; gates marked) clustered by
// clause area, external parties outside the clusters, an edge per pair of processes labelled
// with their hand-offs.
std::string process_map_dot(const Project& project, const ProcessInteractions& interactions,
                            const DiagramStyle& style);

// The context of one process: its suppliers on the left, its consumers on the right.
std::string process_context_dot(const Project& project, const ProcessInteractions& interactions,
                                const RegisterEntry& process, const DiagramStyle& style);

// The lifecycle of one AI system: the lifecycle stages in order, its current stage marked, the
// process owning each control gate attached to the stage it guards, and its other processes.
std::string ai_lifecycle_dot(const Project& project, const RegisterEntry& system,
                             const DiagramStyle& style);

// `s` as a quoted DOT string ("..." with \ and " escaped, newlines as \n).
std::string dot_quote(const std::string& s);
// `s` escaped for the text of a DOT HTML-like label.
std::string dot_html_escape(const std::string& s);
// `s` broken into lines of at most `width` bytes at spaces (a longer word stays whole).
std::vector<std::string> wrap_words(const std::string& s, size_t width);

}  // namespace imsdoc
