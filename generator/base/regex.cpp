#include "base/regex.h"

#include <re2/re2.h>

#include <cstdio>
#include <cstdlib>

namespace imsdoc {

namespace {

re2::RE2::Options options() {
  re2::RE2::Options o;
  o.set_log_errors(false);  // errors are reported by the caller, at the pattern's source
  o.set_max_mem(Regex::kMaxMemory);
  return o;
}

}  // namespace

Regex::Regex(std::string_view pattern)
    : pattern_(pattern),
      re_(std::make_unique<re2::RE2>(re2::StringPiece(pattern.data(), pattern.size()), options())) {
  if (!re_->ok()) error_ = re_->error().empty() ? "pattern too large" : re_->error();
}

Regex::~Regex() = default;
Regex::Regex(Regex&&) noexcept = default;
Regex& Regex::operator=(Regex&&) noexcept = default;

bool Regex::ok() const { return re_ && re_->ok(); }

bool Regex::full_match(std::string_view text) const {
  return ok() && re2::RE2::FullMatch(re2::StringPiece(text.data(), text.size()), *re_);
}

bool Regex::partial_match(std::string_view text) const {
  return ok() && re2::RE2::PartialMatch(re2::StringPiece(text.data(), text.size()), *re_);
}

bool Regex::find(std::string_view text, size_t from, RegexMatch* m) const {
  if (!ok() || from > text.size()) return false;
  const int n = 1 + re_->NumberOfCapturingGroups();
  std::vector<re2::StringPiece> pieces(static_cast<size_t>(n));
  if (!re_->Match(re2::StringPiece(text.data(), text.size()), from, text.size(),
                  re2::RE2::UNANCHORED, pieces.data(), n)) {
    return false;
  }
  m->groups.clear();
  for (const auto& p : pieces) m->groups.emplace_back(p.data(), p.size());
  m->position = static_cast<size_t>(pieces[0].data() - text.data());
  m->length = pieces[0].size();
  return true;
}

std::vector<RegexMatch> Regex::find_all(std::string_view text) const {
  std::vector<RegexMatch> out;
  size_t from = 0;
  RegexMatch m;
  while (from <= text.size() && find(text, from, &m)) {
    size_t end = m.position + m.length;
    out.push_back(m);
    // An empty match would be found again at the same place: step over one character (a whole
    // UTF-8 sequence, so that no match starts inside one).
    if (m.length == 0) {
      ++end;
      while (end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) ++end;
    }
    from = end;
  }
  return out;
}

std::string Regex::replace_all(std::string_view text, std::string_view replacement) const {
  std::string out;
  size_t done = 0;
  for (const auto& m : find_all(text)) {
    out.append(text.substr(done, m.position - done));
    out.append(replacement);
    done = m.position + m.length;
  }
  out.append(text.substr(done));
  return out;
}

Regex Regex::fixed(std::string_view pattern) {
  Regex re(pattern);
  if (!re.ok()) {
    std::fprintf(stderr, "imsdoc: built-in pattern %s does not compile: %s\n", re.pattern().c_str(),
                 re.error().c_str());
    std::abort();
  }
  return re;
}

std::string Regex::quote(std::string_view text) {
  return re2::RE2::QuoteMeta(re2::StringPiece(text.data(), text.size()));
}

}  // namespace imsdoc
