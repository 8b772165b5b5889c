#include "link/interactions.h"

#include <map>
#include <set>

#include "base/text.h"

namespace imsdoc {

std::vector<const Handoff*> ProcessInteractions::involving(const std::string& process) const {
  std::vector<const Handoff*> out;
  for (const auto& h : handoffs) {
    if (h.from == process || h.to == process) out.push_back(&h);
  }
  return out;
}

std::pair<std::string, std::string> split_external(const std::string& item) {
  size_t colon = item.find(": ");
  if (colon == std::string::npos || trim(item.substr(0, colon)).empty()) {
    return {"External", trim(item)};
  }
  return {trim(item.substr(0, colon)), trim(item.substr(colon + 2))};
}

namespace {

std::vector<const FieldValue*> items_of(const RegisterEntry& e, const std::string& field) {
  std::vector<const FieldValue*> out;
  if (const FieldValue* v = e.value(field)) {
    for (const auto& item : v->items) out.push_back(&item);
  }
  return out;
}

}  // namespace

ProcessInteractions compute_interactions(const Project& project) {
  ProcessInteractions result;
  const Register* reg = project.find_register("processes");
  if (!reg) return result;
  std::map<std::string, std::vector<std::string>> producers, consumers;  // what -> process ids
  for (const auto& e : reg->entries) {
    for (const FieldValue* v : items_of(e, "outputs")) producers[v->text].push_back(e.id);
    for (const FieldValue* v : items_of(e, "inputs")) consumers[v->text].push_back(e.id);
  }
  std::set<std::string> connected, parties;
  for (const auto& e : reg->entries) {
    for (const FieldValue* v : items_of(e, "external_inputs")) {
      auto [party, what] = split_external(v->text);
      result.handoffs.push_back({what, "", e.id, party});
      parties.insert(party);
    }
  }
  for (const auto& e : reg->entries) {
    for (const FieldValue* v : items_of(e, "outputs")) {
      auto it = consumers.find(v->text);
      bool consumed = false;
      if (it != consumers.end()) {
        for (const auto& to : it->second) {
          if (to == e.id) continue;  // feeding itself is not an interaction
          result.handoffs.push_back({v->text, e.id, to, ""});
          connected.insert(e.id);
          connected.insert(to);
          consumed = true;
        }
      }
      if (!consumed) result.unconsumed_outputs.push_back({e.id, v->text, v->span});
    }
    for (const FieldValue* v : items_of(e, "external_outputs")) {
      auto [party, what] = split_external(v->text);
      result.handoffs.push_back({what, e.id, "", party});
      parties.insert(party);
    }
  }
  for (const auto& e : reg->entries) {
    for (const FieldValue* v : items_of(e, "inputs")) {
      auto it = producers.find(v->text);
      bool produced = false;
      if (it != producers.end()) {
        for (const auto& from : it->second) produced = produced || from != e.id;
      }
      if (!produced) result.unproduced_inputs.push_back({e.id, v->text, v->span});
    }
    if (!connected.count(e.id)) result.isolated.push_back(e.id);
  }
  result.parties.assign(parties.begin(), parties.end());
  return result;
}

}  // namespace imsdoc
