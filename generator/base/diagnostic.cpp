#include "base/diagnostic.h"

#include <algorithm>
#include <string_view>

#include "base/text.h"

namespace imsdoc {

void Diagnostics::error(SourceSpan span, std::string message, std::string hint) {
  add({Severity::kError, std::move(span), std::move(message), std::move(hint), {}});
}

void Diagnostics::warning(SourceSpan span, std::string message, std::string hint) {
  add({Severity::kWarning, std::move(span), std::move(message), std::move(hint), {}});
}

void Diagnostics::add(Diagnostic d) {
  if (d.severity == Severity::kError) ++errors_;
  list_.push_back(std::move(d));
}

std::vector<Diagnostic> Diagnostics::sorted() const {
  std::vector<Diagnostic> out = list_;
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.span.file != b.span.file) return a.span.file < b.span.file;
    if (a.span.line != b.span.line) return a.span.line < b.span.line;
    return a.span.col < b.span.col;
  });
  return out;
}

void Diagnostics::merge(const Diagnostics& other) {
  for (const auto& d : other.list_) add(d);
}

std::string format_diagnostic(const Diagnostic& d, const std::string& display_path,
                              const std::string& source_line) {
  // Appended piece by piece: `":" + std::to_string(n)` builds a temporary by inserting at its
  // front, which GCC 12 at -O2 misreads as an overlapping memcpy (-Wrestrict).
  std::string out = display_path;
  if (d.span.line > 0) {
    out += ':';
    out += std::to_string(d.span.line);
    if (d.span.col > 0) {
      out += ':';
      out += std::to_string(d.span.col);
    }
  }
  out += d.severity == Severity::kError ? ": error: " : ": warning: ";
  out += d.message;
  if (!d.code.empty()) {
    out += " [";
    out += d.code;
    out += ']';
  }
  out += '\n';
  if (d.span.line > 0 && !source_line.empty()) {
    std::string number = std::to_string(d.span.line);
    std::string gutter(number.size(), ' ');
    // A long line (minified text, a 20,000-character quote marker run) shows as a window of
    // kWindow bytes around the column, cut at character boundaries and marked with "...".
    constexpr size_t kWindow = 120;
    size_t col = d.span.col > 0 ? static_cast<size_t>(d.span.col - 1) : 0;
    size_t begin = 0, end = source_line.size();
    if (end > kWindow) {
      begin = col > kWindow / 2 ? std::min(col - kWindow / 2, end - kWindow) : 0;
      end = begin + kWindow;
      auto continuation = [&](size_t i) {
        return i < source_line.size() &&
               (static_cast<unsigned char>(source_line[i]) & 0xC0) == 0x80;
      };
      while (continuation(begin)) ++begin;
      while (continuation(end)) ++end;
    }
    std::string before = begin > 0 ? "..." : "";
    std::string after = end < source_line.size() ? "..." : "";
    std::string_view excerpt(source_line.data() + begin, end - begin);
    // Control characters would act on the terminal: each shows as '?' (one column, like it).
    std::string shown = valid_utf8(std::string(excerpt));
    for (char& c : shown) {
      if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F) c = '?';
    }
    out += " " + number + " | " + before + shown + after + "\n";
    if (d.span.col > 0) {
      // One space per character before the column (columns count bytes), tabs kept, so the
      // caret lines up with the excerpt above it.
      std::string caret(before.size(), ' ');
      for (size_t i = begin; i < col && i < end; ++i) {
        unsigned char c = static_cast<unsigned char>(source_line[i]);
        if ((c & 0xC0) == 0x80) continue;  // UTF-8 continuation byte
        caret += c == '\t' ? '\t' : ' ';
      }
      out += " " + gutter + " | " + caret + "^\n";
    }
  }
  if (!d.hint.empty()) out += "hint: " + d.hint + "\n";
  return out;
}

}  // namespace imsdoc
