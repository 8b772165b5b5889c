// Regular expressions for everything user input reaches: RE2, which matches in time linear in
// the text and does not recurse, so no pattern or text can hang or overflow the stack. The only
// file that includes RE2 is base/regex.cpp.
//
// Syntax is RE2's (https://github.com/google/re2/wiki/Syntax): like ECMAScript and Perl but
// without backreferences (\1) and lookaround ((?=...), (?!...), (?<=...)); a pattern using them
// does not compile. Text and patterns are UTF-8.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace re2 {
class RE2;
}

namespace imsdoc {

// One match: the whole match is groups[0]; a group that did not take part has data() == nullptr.
// Views point into the searched text.
struct RegexMatch {
  std::vector<std::string_view> groups;
  size_t position = 0;  // byte offset of groups[0] in the searched text
  size_t length = 0;

  // Group `i` as a string ("" if it did not take part).
  std::string str(size_t i) const { return std::string(groups.at(i)); }
};

class Regex {
 public:
  // Compiles `pattern`. Compilation memory is bounded (kMaxMemory): a pattern that needs more
  // (e.g. nested counted repetitions) does not compile. Check ok() before matching.
  explicit Regex(std::string_view pattern);
  ~Regex();
  Regex(Regex&&) noexcept;
  Regex& operator=(Regex&&) noexcept;
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  static constexpr int64_t kMaxMemory = 8 << 20;

  bool ok() const;
  // Why the pattern did not compile ("invalid escape sequence: \1"); "" when ok().
  const std::string& error() const { return error_; }
  const std::string& pattern() const { return pattern_; }

  // The whole of `text` matches (std::regex_match). False if !ok().
  bool full_match(std::string_view text) const;
  // Some part of `text` matches (std::regex_search). False if !ok().
  bool partial_match(std::string_view text) const;
  // The first match starting at or after byte `from` of `text`; ^ still means the start of
  // `text`. Fills `m` and returns true, or returns false.
  bool find(std::string_view text, size_t from, RegexMatch* m) const;
  // Every non-overlapping match of `text`, in order.
  std::vector<RegexMatch> find_all(std::string_view text) const;
  // `text` with every match replaced by `replacement` (taken literally).
  std::string replace_all(std::string_view text, std::string_view replacement) const;

  // A pattern written in imsdoc's own code: one that does not compile is a programming error,
  // reported on stderr before aborting (any test that reaches it fails).
  static Regex fixed(std::string_view pattern);

  // `text` with every character that has a meaning in a pattern escaped.
  static std::string quote(std::string_view text);

 private:
  std::string pattern_;
  std::string error_;
  std::unique_ptr<re2::RE2> re_;
};

}  // namespace imsdoc
