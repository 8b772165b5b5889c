// Diagnostics: what every layer reports about the user's input.
//
// A Diagnostic names a place in a source file (1-based line and column; 0 means "unknown")
// and says what is wrong there, optionally with a hint on how to fix it. Layers collect
// diagnostics into a Diagnostics list instead of throwing; the CLI prints them sorted.
#pragma once

#include <string>
#include <vector>

namespace imsdoc {

enum class Severity { kWarning, kError };

struct SourceSpan {
  std::string file;  // project-relative path, '/'-separated
  int line = 0;      // 1-based; 0 when the whole file is meant
  int col = 0;       // 1-based byte column; 0 when unknown
};

struct Diagnostic {
  Severity severity = Severity::kError;
  SourceSpan span;
  std::string message;
  std::string hint;  // may be empty
  std::string code;  // for findings: their name ("overdue-corrective-action"), else empty
};

class Diagnostics {
 public:
  void error(SourceSpan span, std::string message, std::string hint = {});
  void warning(SourceSpan span, std::string message, std::string hint = {});
  void add(Diagnostic d);
  // Appends every diagnostic of `other`.
  void merge(const Diagnostics& other);

  bool has_errors() const { return errors_ > 0; }
  int error_count() const { return errors_; }
  int warning_count() const { return static_cast<int>(list_.size()) - errors_; }
  bool empty() const { return list_.empty(); }

  // All diagnostics, sorted by file, line, column, then insertion order.
  std::vector<Diagnostic> sorted() const;

 private:
  std::vector<Diagnostic> list_;
  int errors_ = 0;
};

// Formats one diagnostic the way compilers do:
//   path:line:col: error: message
//      12 | the source line
//         |      ^
//   hint: ...
// `display_path` is the path shown to the user; `source_line` the text of the line (without
// newline), or empty to omit the excerpt.
std::string format_diagnostic(const Diagnostic& d, const std::string& display_path,
                              const std::string& source_line);

}  // namespace imsdoc
