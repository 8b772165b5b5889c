// Small text utilities shared by loaders and renderers. No third-party dependencies.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace imsdoc {

// Returns the byte offset of the first invalid UTF-8 sequence in `s`, or npos if valid.
size_t find_invalid_utf8(std::string_view s);

// `s` with every invalid UTF-8 byte replaced by U+FFFD, safe to print.
std::string valid_utf8(std::string_view s);

// "1,000,000": a count as messages show it.
std::string with_thousands(long long n);

// 1-based line and column (in bytes) of byte `offset` in `s`.
void line_col_at(std::string_view s, size_t offset, int* line, int* col);

// The text of 1-based line `line` of `s`, without its newline ("" if out of range).
std::string line_text(std::string_view s, int line);

// Normalises a source file as read: strips a UTF-8 byte order mark and turns CRLF and lone CR
// into LF. Line and column numbers refer to the normalised text, which matches what editors show.
std::string normalize_newlines(std::string_view s, bool* had_bom = nullptr);

// `s` with ASCII letters lowercased; other bytes (UTF-8 included) unchanged.
std::string ascii_lower(std::string s);

// Lowercase ASCII slug: letters and digits kept, every other run of characters becomes one
// '-', no leading/trailing '-'. Non-ASCII UTF-8 letters are kept as they are. "" -> "".
std::string slugify(std::string_view s);

// Edit distance (insertions, deletions, substitutions, adjacent transpositions), ASCII case
// folded, for "did you mean" hints.
size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `word` if it is close enough to be a plausible typo, else "".
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

// "a, b or c" (each quoted with ') for messages.
std::string quoted_list(const std::vector<std::string>& items, const std::string& last_sep = "or");

// True if `s` is a real calendar date written YYYY-MM-DD.
bool is_iso_date(std::string_view s);

bool starts_with(std::string_view s, std::string_view prefix);
bool ends_with(std::string_view s, std::string_view suffix);
std::string trim(std::string_view s);

// "" if `name` can name a version of the site (a directory: letters, digits, '.', '-', '_';
// not "latest", "assets" or hidden), else why not.
std::string version_name_problem(const std::string& name);

// `s` as a JSON string literal, quotes included; invalid UTF-8 is replaced first. Safe inside
// JavaScript too (U+2028 and U+2029 are escaped).
std::string json_quote(std::string_view s);

// The parts joined, in one allocation. Use it instead of `"x" + std::string(...)`: that builds
// the result by inserting at the front of a temporary, which GCC 12 at -O2 and above reports
// as an overlapping memcpy (a false -Wrestrict, GCC bug 105651).
std::string concat(std::initializer_list<std::string_view> parts);

// `n` with a comma between groups of three digits, as messages show counts: 5000 -> "5,000".
std::string group_thousands(long long n);

}  // namespace imsdoc
