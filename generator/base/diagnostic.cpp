#include "base/diagnostic.h"

#include <algorithm>

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
  std::string out = display_path;
  if (d.span.line > 0) {
    out += ":" + std::to_string(d.span.line);
    if (d.span.col > 0) out += ":" + std::to_string(d.span.col);
  }
  out += d.severity == Severity::kError ? ": error: " : ": warning: ";
  out += d.message;
  if (!d.code.empty()) out += " [" + d.code + "]";
  out += '\n';
  if (d.span.line > 0 && !source_line.empty()) {
    std::string number = std::to_string(d.span.line);
    std::string gutter(number.size(), ' ');
    // Control characters would act on the terminal: each shows as '?' (one column, like it).
    std::string shown = valid_utf8(source_line);
    for (char& c : shown) {
      if ((static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7F) c = '?';
    }
    out += " " + number + " | " + shown + "\n";
    if (d.span.col > 0) {
      // One space per character before the column (columns count bytes), tabs kept, so the
      // caret lines up with the excerpt above it.
      std::string caret;
      for (int i = 0; i + 1 < d.span.col && i < static_cast<int>(source_line.size()); ++i) {
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
