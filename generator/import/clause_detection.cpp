#include "import/clause_detection.h"

#include <algorithm>
#include <cctype>

#include "base/regex.h"

namespace imsdoc {

namespace {

const char* const kIsoStandards[] = {"9001", "27001", "42001"};

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Reads a clause or control number at `pos`: "6.1.2", "A.5.1", "10". Trailing dots (end of a
// sentence) are not part of it. Returns "" if there is none.
std::string read_number(const std::string& s, size_t pos, size_t* end) {
  size_t p = pos;
  bool annex = false;
  if (p + 1 < s.size() && s[p] == 'A' && s[p + 1] == '.') {
    annex = true;
    p += 2;
  }
  size_t start_digits = p;
  int groups = 0;
  while (p < s.size() && is_digit(s[p])) {
    size_t g = p;
    while (p < s.size() && is_digit(s[p])) ++p;
    if (p - g > 2) return "";
    ++groups;
    if (p + 1 < s.size() && s[p] == '.' && is_digit(s[p + 1]) && groups < 5) {
      ++p;
      continue;
    }
    break;
  }
  if (groups == 0 || p == start_digits) return "";
  // "6.1.2x" or "4.10.2021" are not clause numbers.
  if (p < s.size() && (std::isalnum(static_cast<unsigned char>(s[p])) || s[p] == '_')) return "";
  *end = p;
  return (annex ? "A." : "") + s.substr(start_digits, p - start_digits);
}

bool word_boundary_before(const std::string& s, size_t pos) {
  return pos == 0 || !(std::isalnum(static_cast<unsigned char>(s[pos - 1])) || s[pos - 1] == '.');
}

struct Mention {
  std::string standard;  // "" for a bare mention
  std::string id;
};

bool has_dot(const std::string& id) { return id.find('.') != std::string::npos; }

// A bare number names a sub-clause of 4 to 10 ("6.1.2"), never a whole chapter: "8 Operation"
// or "clause 8" would claim every clause of chapter 8.
bool bare_clause_ok(const std::string& id) {
  if (id.rfind("A.", 0) == 0) return true;
  int top = std::atoi(id.c_str());
  return top >= 4 && top <= 10 && has_dot(id);
}

// Qualified mentions ("ISO 9001 8.5", "42001:6.1.2") and bare ones, marking what qualified
// mentions used so that "ISO 9001 clause 8.5" is not read a second time as a bare "clause 8.5".
std::vector<Mention> find_mentions(const std::string& s) {
  std::vector<Mention> out;
  std::vector<bool> used(s.size(), false);
  for (const char* standard : kIsoStandards) {
    const std::string st = standard;
    for (size_t at = s.find(st); at != std::string::npos; at = s.find(st, at + 1)) {
      if (at > 0 && is_digit(s[at - 1])) continue;
      size_t p = at + st.size();
      if (p < s.size() && is_digit(s[p])) continue;
      // A year: "9001:2015", "27001:2022".
      if (p + 5 <= s.size() && s[p] == ':' && is_digit(s[p + 1]) && is_digit(s[p + 2]) &&
          is_digit(s[p + 3]) && is_digit(s[p + 4]) && (p + 5 == s.size() || !is_digit(s[p + 5]))) {
        p += 5;
      }
      size_t end = 0;
      std::string id;
      if (p < s.size() && s[p] == ':') {
        id = read_number(s, p + 1, &end);  // the reference form: any level
      } else {
        size_t q = p;
        while (q < s.size() && (s[q] == ' ' || s[q] == ',')) ++q;
        for (const char* kw : {"clauses ", "clause ", "controls ", "control ", "Clause ",
                               "Control ", "Annex ", "§"}) {
          std::string k = kw;
          if (s.compare(q, k.size(), k) == 0) {
            q += k.size();
            while (q < s.size() && s[q] == ' ') ++q;
            break;
          }
        }
        if (q > p) {
          id = read_number(s, q, &end);
          if (!id.empty() && !has_dot(id) && q == p + 1) id.clear();  // "ISO 9001 4 sites"
        }
      }
      if (id.empty()) continue;
      out.push_back({st, id});
      for (size_t i = at; i < end; ++i) used[i] = true;
    }
  }
  static const Regex kKeyword = Regex::fixed(R"((^|[^A-Za-z])([Cc]lauses?|[Cc]ontrols?|Annex)\s+)");
  for (const RegexMatch& m : kKeyword.find_all(s)) {
    size_t p = m.position + m.length;
    if (p < s.size() && used[p]) continue;
    size_t end = 0;
    std::string id = read_number(s, p, &end);
    if (id.empty() || !bare_clause_ok(id)) continue;
    out.push_back({"", id});
    for (size_t i = p; i < end; ++i) used[i] = true;
  }
  for (size_t at = s.find("A."); at != std::string::npos; at = s.find("A.", at + 1)) {
    if (used[at] || !word_boundary_before(s, at)) continue;
    size_t end = 0;
    std::string id = read_number(s, at, &end);
    if (id.size() < 5 || std::count(id.begin(), id.end(), '.') < 2) continue;  // "A.5" alone
    out.push_back({"", id});
    for (size_t i = at; i < end; ++i) used[i] = true;
  }
  return out;
}

}  // namespace

std::set<std::string> standards_mentioned(const std::string& text) {
  std::set<std::string> out;
  for (const char* standard : kIsoStandards) {
    const std::string st = standard;
    for (size_t at = text.find(st); at != std::string::npos; at = text.find(st, at + 1)) {
      bool before = at == 0 || !is_digit(text[at - 1]);
      size_t p = at + st.size();
      bool after = p >= text.size() || !is_digit(text[p]);
      if (before && after) {
        out.insert(st);
        break;
      }
    }
  }
  return out;
}

std::vector<std::string> sort_clause_refs(const std::vector<std::string>& refs,
                                          const Catalogs& catalogs) {
  struct Key {
    std::string standard;
    int index;
    size_t order;
    std::string ref;
  };
  std::vector<Key> keys;
  std::vector<std::string> unknown;
  for (size_t i = 0; i < refs.size(); ++i) {
    std::string standard, clause;
    const Standard* s =
        split_clause_ref(refs[i], &standard, &clause) ? catalogs.find(standard) : nullptr;
    int index = s ? s->index_of(clause) : -1;
    if (index < 0) {
      if (std::find(unknown.begin(), unknown.end(), refs[i]) == unknown.end())
        unknown.push_back(refs[i]);
      continue;
    }
    keys.push_back({standard, index, i, refs[i]});
  }
  // ISO standards in the order of their numbers, then the others by name.
  auto rank = [](const std::string& s) {
    return s == "9001" ? 0 : s == "27001" ? 1 : s == "42001" ? 2 : 3;
  };
  std::sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
    if (a.standard != b.standard) {
      if (rank(a.standard) != rank(b.standard)) return rank(a.standard) < rank(b.standard);
      return a.standard < b.standard;
    }
    return a.index < b.index;
  });
  std::vector<std::string> out;
  for (const auto& k : keys) {
    if (out.empty() || out.back() != k.ref) out.push_back(k.ref);
  }
  out.insert(out.end(), unknown.begin(), unknown.end());
  return out;
}

std::vector<std::string> detect_clauses(const std::string& heading, const std::string& text,
                                        bool heading_number, const ClauseDetection& context) {
  std::vector<Mention> mentions = find_mentions(heading + "\n" + text);
  if (heading_number) {
    size_t end = 0;
    std::string id = read_number(heading, 0, &end);
    if (!id.empty() && id.rfind("A.", 0) != 0 && bare_clause_ok(id) &&
        (end == heading.size() || heading[end] == ' ' || heading[end] == '\t')) {
      mentions.push_back({"", id});
    }
  }
  std::set<std::string> named = standards_mentioned(heading + "\n" + text);
  const std::set<std::string>& bare_owners = named.empty() ? context.document_standards : named;
  auto in_scope = [&](const std::string& s) {
    return std::find(context.scope.begin(), context.scope.end(), s) != context.scope.end();
  };
  std::vector<std::string> refs;
  for (const auto& m : mentions) {
    std::vector<std::string> owners;
    if (!m.standard.empty()) {
      owners.push_back(m.standard);
    } else {
      owners.assign(bare_owners.begin(), bare_owners.end());
    }
    for (const auto& s : owners) {
      if (!in_scope(s)) continue;
      const Standard* catalog = context.catalogs->find(s);
      if (catalog && catalog->find(m.id)) refs.push_back(s + ":" + m.id);
    }
  }
  return sort_clause_refs(refs, *context.catalogs);
}

}  // namespace imsdoc
