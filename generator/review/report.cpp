#include "review/report.h"

#include <algorithm>
#include <cctype>

#include "base/resources.h"
#include "base/text.h"
#include "render/escape.h"

namespace imsdoc {

namespace {

using Kind = WordRun::Kind;

constexpr size_t kContextWords = 6;    // words of unchanged text either side of a change
constexpr size_t kChangeWords = 24;    // words shown of one deletion or insertion
constexpr size_t kExcerptChanges = 3;  // changes shown in one excerpt
constexpr size_t kElideMin = 4;        // never elide fewer words than this

std::string plural(size_t n, const std::string& one, const std::string& many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// The text of tokens: concatenated (each carries its leading space), paragraph breaks as "\n".
std::string join_words(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& w : words) out += w;
  return out;
}

bool has_word_char(const std::string& token) {
  for (unsigned char c : token) {
    if (std::isalnum(c) || c >= 0x80) return true;
  }
  return false;
}

size_t count_words(const std::vector<WordRun>& runs, Kind kind) {
  size_t n = 0;
  for (const auto& r : runs) {
    if (r.kind != kind) continue;
    for (const auto& w : r.words) n += has_word_char(w);
  }
  return n;
}

// Puts a leading space outside the markup around a changed run: " <del>x</del>", " ~~x~~".
std::string wrap(const std::string& text, const std::string& open, const std::string& close) {
  if (text.empty()) return "";
  if (text.front() == ' ') return " " + open + text.substr(1) + close;
  return open + text + close;
}

size_t count_changes(const std::vector<WordRun>& runs) {
  size_t n = 0;
  for (size_t i = 0; i < runs.size(); ++i) {
    if (runs[i].kind == Kind::kSame) continue;
    // A deletion directly followed by an insertion is one change (a replacement).
    if (runs[i].kind == Kind::kInserted && i > 0 && runs[i - 1].kind == Kind::kDeleted) continue;
    ++n;
  }
  return n;
}

// ---- Markdown ---------------------------------------------------------------------------

// Tokens of an excerpt as Markdown text: paragraph breaks shown as a pilcrow.
std::string md_words(const std::vector<std::string>& words, size_t begin, size_t end) {
  std::string out;
  for (size_t i = begin; i < end && i < words.size(); ++i) {
    if (words[i] == kParagraphBreak) {
      out += " ¶";
    } else {
      bool after_break = i > begin && words[i - 1] == kParagraphBreak;
      out += (after_break ? " " : "") + markdown_escape(words[i]);
    }
  }
  return out;
}

std::string md_changed(const std::vector<std::string>& words, const char* mark) {
  std::string text = md_words(words, 0, std::min(words.size(), kChangeWords));
  if (words.size() > kChangeWords) text += " …";
  return wrap(text, mark, mark);
}

// A short word-level excerpt of `runs`: the first few changes with some context,
// ~~deleted~~ and **inserted**.
std::string md_excerpt(const std::vector<WordRun>& runs) {
  std::string out;
  // Tokens after a paragraph break carry no space; the pilcrow and ellipsis need one.
  auto append = [&](const std::string& piece) {
    if (piece.empty()) return;
    if (piece.front() != ' ' && (ends_with(out, "¶") || ends_with(out, "…") ||
                                 (ends_with(out, "~~") && starts_with(piece, "**")))) {
      out += ' ';
    }
    out += piece;
  };
  size_t shown = 0;
  const size_t total = count_changes(runs);
  for (size_t i = 0; i < runs.size(); ++i) {
    const WordRun& r = runs[i];
    const auto& w = r.words;
    if (r.kind == Kind::kSame) {
      const bool first = i == 0, last = i + 1 == runs.size() || shown == kExcerptChanges;
      // Elide only what saves a few words: "…" for two words reads worse than the words.
      const size_t keep = first || last ? kContextWords : 2 * kContextWords;
      if ((first && last) || w.size() <= keep + kElideMin) {
        append(md_words(w, 0, w.size()));
      } else if (first) {
        append("…");
        append(md_words(w, w.size() - kContextWords, w.size()));
      } else if (last) {
        append(md_words(w, 0, kContextWords));
        append(" …");
      } else {
        append(md_words(w, 0, kContextWords));
        append(" …");
        append(md_words(w, w.size() - kContextWords, w.size()));
      }
      if (shown == kExcerptChanges) break;
      continue;
    }
    // The insertion of a replacement belongs to the change its deletion started.
    if (!(r.kind == Kind::kInserted && i > 0 && runs[i - 1].kind == Kind::kDeleted)) {
      if (shown == kExcerptChanges) break;
      ++shown;
    }
    append(md_changed(w, r.kind == Kind::kDeleted ? "~~" : "**"));
  }
  if (total > shown) append(" (" + plural(total - shown, "more change", "more changes") + ")");
  return trim(out);
}

// `s` as a code span; text that could end the span early is escaped instead.
std::string md_code(const std::string& s) {
  if (s.find('`') != std::string::npos || s.find('\n') != std::string::npos) {
    return markdown_escape(s);
  }
  return "`" + s + "`";
}

std::string md_value(const std::string& v) { return v.empty() ? "*(none)*" : markdown_escape(v); }

void md_field(const FieldChange& f, std::string* out) {
  *out += "  - " + markdown_escape(f.label) + ": ";
  auto items = [](const std::vector<std::string>& list) {
    std::string text;
    for (const std::string& x : list) text += (text.empty() ? "" : ", ") + markdown_escape(x);
    return text;
  };
  if (f.list && !f.old_value.empty() && !f.new_value.empty() &&
      (!f.added.empty() || !f.removed.empty())) {
    // Long lists (controls, evidence) read better as what was added and removed.
    if (!f.added.empty()) *out += "added " + items(f.added);
    if (!f.removed.empty())
      *out += std::string(f.added.empty() ? "" : "; ") + "removed " + items(f.removed);
  } else if (f.long_text) {
    *out += md_excerpt(diff_text(f.old_value, f.new_value));
  } else {
    *out += md_value(f.old_value) + " → " + md_value(f.new_value);
  }
  *out += "\n";
}

std::string side_md(const DiffSide& s) {
  std::string out = markdown_escape(s.label);
  if (!s.commit.empty()) out += " (" + s.commit.substr(0, 12) + ")";
  return out;
}

std::string md_kind(ChangeKind k) {
  switch (k) {
    case ChangeKind::kAdded:
      return "**Added**";
    case ChangeKind::kRemoved:
      return "**Removed**";
    case ChangeKind::kChanged:
      return "**Changed**";
  }
  return "";
}

struct Counts {
  size_t added = 0, removed = 0, changed = 0;
};

template <typename T>
Counts count_kinds(const std::vector<T>& changes) {
  Counts c;
  for (const auto& x : changes) {
    (x.kind == ChangeKind::kAdded     ? c.added
     : x.kind == ChangeKind::kRemoved ? c.removed
                                      : c.changed)++;
  }
  return c;
}

std::string counts_text(const Counts& c, const std::string& heading) {
  std::vector<std::string> parts;
  if (c.added) parts.push_back(std::to_string(c.added) + " added");
  if (c.removed) parts.push_back(std::to_string(c.removed) + " removed");
  if (c.changed) parts.push_back(std::to_string(c.changed) + " changed");
  if (parts.empty()) return "";
  std::string out = heading + ": ";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? ", " : "") + parts[i];
  return out;
}

std::string coverage_counts(int covered, int total) {
  return std::to_string(covered) + "/" + std::to_string(total);
}

std::string scope_text(const StandardChange& s) {
  if (!s.in_old) return "now in scope";
  if (!s.in_new) return "no longer in scope";
  return "";
}

// "clauses 12/30 → 11/30 covered, Annex A controls 91/93 covered"
std::string coverage_line(const StandardChange& s) {
  auto part = [&](const char* what, int oc, int ot, int nc, int nt) {
    std::string old_v = coverage_counts(oc, ot), new_v = coverage_counts(nc, nt);
    if (!s.in_old) return std::string(what) + " " + new_v + " covered";
    if (!s.in_new) return std::string(what) + " " + old_v + " covered";
    return std::string(what) + " " + (old_v == new_v ? new_v : old_v + " → " + new_v) + " covered";
  };
  std::string out = part("clauses", s.old_clauses_covered, s.old_clauses_total,
                         s.new_clauses_covered, s.new_clauses_total);
  if (s.old_controls_total > 0 || s.new_controls_total > 0) {
    out += ", " + part("Annex A controls", s.old_controls_covered, s.old_controls_total,
                       s.new_controls_covered, s.new_controls_total);
  }
  return out;
}

std::string clause_kind(const StandardChange& s, const ClauseChange& c) {
  if (s.lost(c)) return "Lost";
  if (s.newly_covered(c)) return "Newly covered";
  return "Changed";
}

std::string summary_line(const ManualDiff& d) {
  std::vector<std::string> parts;
  for (const std::string& p : {counts_text(count_kinds(d.sections), "Sections"),
                               counts_text(count_kinds(d.entries), "Register entries")}) {
    if (!p.empty()) parts.push_back(p);
  }
  size_t lost = 0, gained = 0;
  for (const auto& s : d.coverage) {
    for (const auto& c : s.changes) {
      lost += s.lost(c);
      gained += s.newly_covered(c);
    }
  }
  if (!d.coverage.empty()) {
    parts.push_back("Coverage: " + std::to_string(gained) + " newly covered, " +
                    std::to_string(lost) + " lost");
  }
  if (!d.findings_introduced.empty() || !d.findings_resolved.empty()) {
    parts.push_back("Findings: " + std::to_string(d.findings_introduced.size()) + " introduced, " +
                    std::to_string(d.findings_resolved.size()) + " resolved");
  }
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? " · " : "") + parts[i];
  return out;
}

std::string finding_place(const FindingChange& f) {
  std::string out = f.span.file;
  if (f.span.line > 0) out += ":" + std::to_string(f.span.line);
  return out;
}

}  // namespace

std::string markdown_escape(const std::string& s) {
  static const std::string kSpecial = "\\`*_[]<>|~&";
  std::string out;
  for (char c : s) {
    if (c == '\n' || c == '\r') {
      out += ' ';
    } else {
      if (kSpecial.find(c) != std::string::npos) out += '\\';
      out += c;
    }
  }
  return out;
}

std::string render_diff_markdown(const ManualDiff& d) {
  std::string out = "<!-- imsdoc-diff -->\n";
  out += "## Manual changes: " + side_md(d.old_side) + " → " + side_md(d.new_side) + "\n\n";
  const DiffSide &o = d.old_side, &n = d.new_side;
  out +=
      "**" + markdown_escape(n.manual_id) + "** " + markdown_escape(n.title) + ", version " +
      (o.version == n.version ? markdown_escape(n.version)
                              : markdown_escape(o.version) + " → " + markdown_escape(n.version)) +
      ". Findings as of " + d.as_of + ".\n\n";
  if (d.empty()) {
    out += "No changes to sections, register entries, coverage or findings.\n";
    return out;
  }
  out += summary_line(d) + "\n";

  if (!d.sections.empty()) {
    out += "\n### Sections\n\n";
    for (const SectionChange& s : d.sections) {
      out += "- " + md_kind(s.kind) + " " + markdown_escape(s.number) + " " +
             markdown_escape(s.title) + " (" + md_code(s.id);
      if (s.kind != ChangeKind::kChanged) {
        out += ", " + markdown_escape(s.kind == ChangeKind::kAdded ? s.new_path : s.old_path);
      }
      out += ")\n";
      for (const FieldChange& f : s.fields) md_field(f, &out);
      if (s.text_changed) out += "  - Text: " + md_excerpt(s.text_diff) + "\n";
      if (s.version_unchanged) {
        out += "  - Version: still " + md_value(s.version) + " although the text changed\n";
      }
      if (s.kind != ChangeKind::kChanged) {
        // What the section says (or said), briefly: its first words, unmarked.
        auto words = split_words(s.kind == ChangeKind::kAdded ? s.new_text : s.old_text);
        std::string text = md_words(words, 0, std::min(words.size(), kChangeWords));
        if (words.size() > kChangeWords) text += " …";
        if (!text.empty()) out += "  - Text: " + trim(text) + "\n";
      }
    }
  }

  if (!d.entries.empty()) {
    out += "\n### Register entries\n";
    std::string current;
    for (const EntryChange& e : d.entries) {
      if (e.register_name != current) {
        current = e.register_name;
        out += "\n**" + markdown_escape(e.register_title) + "**\n\n";
      }
      out += "- " + md_kind(e.kind) + " " + markdown_escape(e.id) +
             (e.title.empty() ? "" : " " + markdown_escape(e.title)) + "\n";
      if (e.kind == ChangeKind::kChanged) {
        for (const FieldChange& f : e.fields) md_field(f, &out);
      }
    }
  }

  if (!d.coverage.empty()) {
    out += "\n### Coverage\n";
    for (const StandardChange& s : d.coverage) {
      std::string scope = scope_text(s);
      out += "\n**" + markdown_escape(s.title) + "**: " + (scope.empty() ? "" : scope + ", ") +
             coverage_line(s) + "\n";
      if (!s.changes.empty()) out += "\n";
      for (const ClauseChange& c : s.changes) {
        out += "- " + clause_kind(s, c) + ": " + markdown_escape(c.ref) + " " +
               markdown_escape(c.title) + " (" + c.old_status + " → " + c.new_status + ")\n";
      }
    }
  }

  if (!d.findings_introduced.empty() || !d.findings_resolved.empty()) {
    out += "\n### Findings\n\n";
    auto list = [&](const std::vector<FindingChange>& fs, const char* what) {
      for (const FindingChange& f : fs) {
        out += std::string("- **") + what + "** " + f.severity + " " + md_code(f.code) + " at " +
               markdown_escape(finding_place(f)) + ": " + markdown_escape(f.message) + "\n";
      }
    };
    list(d.findings_introduced, "Introduced");
    list(d.findings_resolved, "Resolved");
  }
  return out;
}

// ---- JSON -------------------------------------------------------------------------------

namespace {

class JsonWriter {
 public:
  std::string take() { return std::move(out_); }
  void open(char bracket) {
    out_ += bracket;
    first_.push_back(true);
  }
  void close(char bracket) {
    bool empty = first_.back();
    first_.pop_back();
    if (!empty) newline();
    out_ += bracket;
  }
  void key(const std::string& k) {
    element();
    out_ += json_quote(k) + ": ";
  }
  void element() {
    if (!first_.back()) out_ += ',';
    first_.back() = false;
    newline();
  }
  void raw(const std::string& v) { out_ += v; }
  void str(const std::string& v) { out_ += json_quote(v); }
  void field(const std::string& k, const std::string& v) {
    key(k);
    str(v);
  }
  void number(const std::string& k, long long v) {
    key(k);
    raw(std::to_string(v));
  }
  void boolean(const std::string& k, bool v) {
    key(k);
    raw(v ? "true" : "false");
  }

 private:
  void newline() {
    out_ += '\n';
    out_.append(2 * first_.size(), ' ');
  }
  std::string out_;
  std::vector<bool> first_;
};

void json_side(JsonWriter& w, const std::string& k, const DiffSide& s) {
  w.key(k);
  w.open('{');
  w.field("label", s.label);
  w.field("commit", s.commit);
  w.field("manual_id", s.manual_id);
  w.field("title", s.title);
  w.field("version", s.version);
  w.close('}');
}

void json_fields(JsonWriter& w, const std::vector<FieldChange>& fields) {
  w.key("fields");
  w.open('[');
  for (const FieldChange& f : fields) {
    w.element();
    w.open('{');
    w.field("field", f.field);
    w.field("label", f.label);
    w.field("old", f.old_value);
    w.field("new", f.new_value);
    auto list = [&](const char* k, const std::vector<std::string>& items) {
      w.key(k);
      w.open('[');
      for (const std::string& x : items) {
        w.element();
        w.str(x);
      }
      w.close(']');
    };
    list("added", f.added);
    list("removed", f.removed);
    w.close('}');
  }
  w.close(']');
}

void json_runs(JsonWriter& w, const std::vector<WordRun>& runs) {
  w.key("runs");
  w.open('[');
  for (const WordRun& r : runs) {
    w.element();
    w.open('{');
    w.field("op", r.kind == Kind::kSame ? "same" : r.kind == Kind::kDeleted ? "delete" : "insert");
    w.field("text", join_words(r.words));
    w.close('}');
  }
  w.close(']');
}

void json_findings(JsonWriter& w, const std::string& k, const std::vector<FindingChange>& fs) {
  w.key(k);
  w.open('[');
  for (const FindingChange& f : fs) {
    w.element();
    w.open('{');
    w.field("code", f.code);
    w.field("severity", f.severity);
    w.field("message", f.message);
    w.field("hint", f.hint);
    w.field("file", f.span.file);
    w.number("line", f.span.line);
    w.number("column", f.span.col);
    w.close('}');
  }
  w.close(']');
}

void json_counts(JsonWriter& w, const std::string& k, const Counts& c) {
  w.key(k);
  w.open('{');
  w.number("added", static_cast<long long>(c.added));
  w.number("removed", static_cast<long long>(c.removed));
  w.number("changed", static_cast<long long>(c.changed));
  w.close('}');
}

}  // namespace

std::string render_diff_json(const ManualDiff& d) {
  JsonWriter w;
  w.open('{');
  w.field("format", "imsdoc-diff/1");
  json_side(w, "old", d.old_side);
  json_side(w, "new", d.new_side);
  w.field("as_of", d.as_of);
  w.key("summary");
  w.open('{');
  json_counts(w, "sections", count_kinds(d.sections));
  json_counts(w, "entries", count_kinds(d.entries));
  long long lost = 0, gained = 0;
  for (const auto& sc : d.coverage) {
    for (const auto& c : sc.changes) {
      lost += sc.lost(c);
      gained += sc.newly_covered(c);
    }
  }
  w.number("coverage_lost", lost);
  w.number("coverage_newly_covered", gained);
  w.number("findings_introduced", static_cast<long long>(d.findings_introduced.size()));
  w.number("findings_resolved", static_cast<long long>(d.findings_resolved.size()));
  w.close('}');

  w.key("sections");
  w.open('[');
  for (const SectionChange& s : d.sections) {
    w.element();
    w.open('{');
    w.field("change", change_kind_name(s.kind));
    w.field("id", s.id);
    w.field("number", s.number);
    w.field("title", s.title);
    w.field("old_path", s.old_path);
    w.field("new_path", s.new_path);
    json_fields(w, s.fields);
    w.key("text");
    w.open('{');
    w.boolean("changed", s.text_changed || s.kind != ChangeKind::kChanged);
    w.boolean("version_unchanged", s.version_unchanged);
    w.number("deleted_words", static_cast<long long>(count_words(s.text_diff, Kind::kDeleted)));
    w.number("inserted_words", static_cast<long long>(count_words(s.text_diff, Kind::kInserted)));
    json_runs(w, s.text_diff);
    w.close('}');
    w.close('}');
  }
  w.close(']');

  w.key("entries");
  w.open('[');
  for (const EntryChange& e : d.entries) {
    w.element();
    w.open('{');
    w.field("change", change_kind_name(e.kind));
    w.field("register", e.register_name);
    w.field("register_title", e.register_title);
    w.field("id", e.id);
    w.field("title", e.title);
    json_fields(w, e.fields);
    w.close('}');
  }
  w.close(']');

  w.key("coverage");
  w.open('[');
  for (const StandardChange& s : d.coverage) {
    w.element();
    w.open('{');
    w.field("standard", s.short_name);
    w.field("title", s.title);
    w.boolean("in_scope_old", s.in_old);
    w.boolean("in_scope_new", s.in_new);
    auto counts = [&](const char* k, int oc, int ot, int nc, int nt) {
      w.key(k);
      w.open('{');
      w.number("old_covered", oc);
      w.number("old_total", ot);
      w.number("new_covered", nc);
      w.number("new_total", nt);
      w.close('}');
    };
    counts("clauses", s.old_clauses_covered, s.old_clauses_total, s.new_clauses_covered,
           s.new_clauses_total);
    counts("controls", s.old_controls_covered, s.old_controls_total, s.new_controls_covered,
           s.new_controls_total);
    w.key("changes");
    w.open('[');
    for (const ClauseChange& c : s.changes) {
      w.element();
      w.open('{');
      w.field("ref", c.ref);
      w.field("title", c.title);
      w.field("old", c.old_status);
      w.field("new", c.new_status);
      w.field("kind", s.lost(c) ? "lost" : s.newly_covered(c) ? "newly-covered" : "changed");
      w.close('}');
    }
    w.close(']');
    w.close('}');
  }
  w.close(']');

  w.key("findings");
  w.open('{');
  json_findings(w, "introduced", d.findings_introduced);
  json_findings(w, "resolved", d.findings_resolved);
  w.close('}');
  w.close('}');
  return w.take() + "\n";
}

// ---- HTML redline -----------------------------------------------------------------------

namespace {

std::string section_page(const SectionChange& s) { return "sections/" + slugify(s.id) + ".html"; }

std::string entry_page(const EntryChange& e) {
  return "entries/" + slugify(e.register_name) + "/" + slugify(e.id) + ".html";
}

// Runs as inline HTML: text escaped, <del>/<ins> around changes, paragraph breaks as a
// pilcrow.
std::string html_runs(const std::vector<WordRun>& runs) {
  std::string out;
  for (const WordRun& r : runs) {
    const std::string tag = r.kind == Kind::kDeleted    ? "del"
                            : r.kind == Kind::kInserted ? "ins"
                                                        : "";
    const std::string open = tag.empty() ? "" : "<" + tag + ">";
    const std::string close = tag.empty() ? "" : "</" + tag + ">";
    std::string text;
    auto flush = [&] {
      // A replacement at the start: keep "<del>old</del> <ins>new</ins>" apart.
      if (r.kind == Kind::kInserted && ends_with(out, "</del>") && !starts_with(text, " "))
        out += ' ';
      out += wrap(text, open, close);
      text.clear();
    };
    for (const std::string& w : r.words) {
      if (w == kParagraphBreak) {
        flush();
        out += " ¶ ";
      } else {
        append_html_escaped(&text, w);
      }
    }
    flush();
  }
  return trim(out);
}

// Runs of a section body as HTML blocks: one <p> per paragraph, or <h3>/<h4> where the
// paragraph is a heading (on the new side, or the old one for a deleted paragraph). A
// paragraph break closes the block and, inside a <del>/<ins>, the change too, so the markup
// stays well-formed.
std::string html_redline(const std::vector<WordRun>& runs, const std::vector<int>& old_levels,
                         const std::vector<int>& new_levels) {
  std::string out, block;  // block: the open element ("p", "h3", "h4"), "" between blocks
  size_t old_index = 0, new_index = 0;  // the paragraph of each side the runs are in
  auto tag_for = [](const std::vector<int>& levels, size_t i) {
    int level = i < levels.size() ? levels[i] : 0;
    return std::string(level == 0 ? "p" : level <= 2 ? "h3" : "h4");
  };
  for (const WordRun& r : runs) {
    const bool deleted = r.kind == Kind::kDeleted;
    const std::string tag = deleted ? "del" : r.kind == Kind::kInserted ? "ins" : "";
    const std::string open = tag.empty() ? "" : "<" + tag + ">";
    const std::string close = tag.empty() ? "" : "</" + tag + ">";
    std::string text;
    auto flush = [&] {
      if (text.empty()) return;
      if (block.empty()) {
        block = deleted ? tag_for(old_levels, old_index) : tag_for(new_levels, new_index);
        out += "<" + block + ">";
        if (text.front() == ' ') text.erase(0, 1);
      } else if (r.kind == Kind::kInserted && ends_with(out, "</del>") && !starts_with(text, " ")) {
        out += ' ';  // a replacement at the start of a paragraph
      }
      out += wrap(text, open, close);
      text.clear();
    };
    for (const std::string& w : r.words) {
      if (w != kParagraphBreak) {
        append_html_escaped(&text, w);
        continue;
      }
      flush();
      if (!block.empty()) out += "</" + block + ">\n";
      block.clear();
      if (r.kind != Kind::kInserted) ++old_index;
      if (r.kind != Kind::kDeleted) ++new_index;
    }
    flush();
  }
  if (!block.empty()) out += "</" + block + ">\n";
  return out;
}

std::string html_value_diff(const std::string& old_value, const std::string& new_value) {
  return html_runs(diff_text(old_value, new_value));
}

std::string page(const std::string& title, const std::string& root, const std::string& body,
                 const std::string& generator) {
  return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
         "'self'; base-uri 'none'; form-action 'none'\">\n"
         "<meta name=\"generator\" content=\"" +
         html_escape(generator) + "\">\n<title>" + html_escape(title) +
         "</title>\n<link rel=\"stylesheet\" href=\"" + root + "redline.css\">\n</head>\n<body>\n" +
         body + "</body>\n</html>\n";
}

std::string side_html(const DiffSide& s) {
  std::string out = "<code>" + html_escape(s.label) + "</code>";
  if (!s.commit.empty()) out += " (" + html_escape(s.commit.substr(0, 12)) + ")";
  return out;
}

std::string change_badge(ChangeKind k) {
  std::string name = change_kind_name(k);
  return "<span class=\"change change-" + name + "\">" + name + "</span>";
}

std::string header(const ManualDiff& d, const std::string& root, const std::string& title) {
  return "<p class=\"crumbs\"><a href=\"" + root +
         "index.html\">Manual changes</a>: " + side_html(d.old_side) + " → " +
         side_html(d.new_side) + "</p>\n<h1>" + title + "</h1>\n";
}

const char* kLegend =
    "<p class=\"legend\">Deleted text is <del>struck through</del>, inserted text is "
    "<ins>underlined</ins>.</p>\n";

std::string fields_table(const std::vector<FieldChange>& fields) {
  if (fields.empty()) return "";
  std::string out = "<table>\n<thead><tr><th>Field</th><th>Change</th></tr></thead>\n<tbody>\n";
  for (const FieldChange& f : fields) {
    out += "<tr><th scope=\"row\">" + html_escape(f.label) + "</th><td>" +
           html_value_diff(f.old_value, f.new_value) + "</td></tr>\n";
  }
  return out + "</tbody>\n</table>\n";
}

std::string section_body(const ManualDiff& d, const SectionChange& s, const std::string& gen) {
  const std::string root = "../";
  std::string body =
      header(d, root, html_escape(s.number + " " + s.title) + " " + change_badge(s.kind));
  body += "<p class=\"meta\"><code>" + html_escape(s.id) + "</code>";
  if (!s.old_path.empty() && s.old_path != s.new_path && !s.new_path.empty()) {
    body += ", " + html_escape(s.old_path) + " → " + html_escape(s.new_path);
  } else {
    body += ", " + html_escape(s.new_path.empty() ? s.old_path : s.new_path);
  }
  body += "</p>\n";
  body += kLegend;
  if (!s.fields.empty()) body += "<h2>Document control</h2>\n" + fields_table(s.fields);
  body += "<h2>Text</h2>\n";
  if (s.version_unchanged) {
    body += "<p class=\"meta\">The text changed, but the version is still " +
            html_escape(s.version.empty() ? "unset" : s.version) + ".</p>\n";
  }
  if (s.text_diff.empty()) {
    body += "<p class=\"meta\">The text is unchanged.</p>\n";
  } else {
    body += "<div class=\"redline\">\n" + html_redline(s.text_diff, s.old_levels, s.new_levels) +
            "</div>\n";
  }
  return page(s.number + " " + s.title + " (" + change_kind_name(s.kind) + ")", root, body, gen);
}

std::string entry_body(const ManualDiff& d, const EntryChange& e, const std::string& gen) {
  const std::string root = "../../";
  std::string title = e.id + (e.title.empty() ? "" : " " + e.title);
  std::string body = header(d, root, html_escape(title) + " " + change_badge(e.kind));
  body += "<p class=\"meta\">" + html_escape(e.register_title) + "</p>\n" + kLegend;
  body += fields_table(e.fields);
  return page(title + " (" + change_kind_name(e.kind) + ")", root, body, gen);
}

std::string index_body(const ManualDiff& d) {
  std::string body =
      "<h1>Manual changes: " + side_html(d.old_side) + " → " + side_html(d.new_side) + "</h1>\n";
  const DiffSide &o = d.old_side, &n = d.new_side;
  body += "<p class=\"meta\">" + html_escape(n.manual_id) + " " + html_escape(n.title) +
          ", version " +
          html_escape(o.version == n.version ? n.version : o.version + " → " + n.version) +
          ". Findings as of " + html_escape(d.as_of) + ".</p>\n";
  if (d.empty()) {
    return body + "<p>No changes to sections, register entries, coverage or findings.</p>\n";
  }
  body += "<p>" + html_escape(summary_line(d)) + "</p>\n";
  if (!d.sections.empty()) {
    body += "<h2>Sections</h2>\n<ul class=\"changes\">\n";
    for (const SectionChange& s : d.sections) {
      body += "<li>" + change_badge(s.kind) + " <a href=\"" + section_page(s) + "\">" +
              html_escape(s.number + " " + s.title) + "</a> <code>" + html_escape(s.id) +
              "</code></li>\n";
    }
    body += "</ul>\n";
  }
  if (!d.entries.empty()) {
    body += "<h2>Register entries</h2>\n";
    std::string current;
    for (const EntryChange& e : d.entries) {
      if (e.register_name != current) {
        body += std::string(current.empty() ? "" : "</ul>\n") + "<h3>" +
                html_escape(e.register_title) + "</h3>\n<ul class=\"changes\">\n";
        current = e.register_name;
      }
      body += "<li>" + change_badge(e.kind) + " <a href=\"" + entry_page(e) + "\">" +
              html_escape(e.id + (e.title.empty() ? "" : " " + e.title)) + "</a></li>\n";
    }
    body += "</ul>\n";
  }
  if (!d.coverage.empty()) {
    body += "<h2>Coverage</h2>\n";
    for (const StandardChange& s : d.coverage) {
      std::string scope = scope_text(s);
      body += "<h3>" + html_escape(s.title) + "</h3>\n<p>" +
              html_escape((scope.empty() ? "" : scope + ", ") + coverage_line(s)) + "</p>\n";
      if (s.changes.empty()) continue;
      body += "<ul class=\"changes\">\n";
      for (const ClauseChange& c : s.changes) {
        std::string kind = clause_kind(s, c);
        std::string cls = s.lost(c) ? "lost" : s.newly_covered(c) ? "covered" : "changed";
        body += "<li><span class=\"change change-" + cls + "\">" + html_escape(kind) + "</span> " +
                html_escape(c.ref + " " + c.title) + " (" +
                html_escape(c.old_status + " → " + c.new_status) + ")</li>\n";
      }
      body += "</ul>\n";
    }
  }
  if (!d.findings_introduced.empty() || !d.findings_resolved.empty()) {
    body += "<h2>Findings</h2>\n<ul class=\"changes\">\n";
    auto list = [&](const std::vector<FindingChange>& fs, const char* what, const char* cls) {
      for (const FindingChange& f : fs) {
        body += std::string("<li><span class=\"change change-") + cls + "\">" + what + "</span> " +
                html_escape(f.severity) + " <code>" + html_escape(f.code) + "</code> at " +
                html_escape(finding_place(f)) + ": " + html_escape(f.message) + "</li>\n";
      }
    };
    list(d.findings_introduced, "introduced", "removed");
    list(d.findings_resolved, "resolved", "added");
    body += "</ul>\n";
  }
  return body;
}

std::string redline_css() {
  for (const auto& f : embedded_files()) {
    if (f.path == "themes/default/redline/redline.css") return std::string(f.data);
  }
  return "";
}

}  // namespace

std::map<std::string, std::string> render_diff_html(const ManualDiff& d,
                                                    const std::string& generator) {
  std::map<std::string, std::string> files;
  std::string title = "Manual changes: " + d.old_side.label + " → " + d.new_side.label;
  files["index.html"] = page(title, "", index_body(d), generator);
  for (const SectionChange& s : d.sections) files[section_page(s)] = section_body(d, s, generator);
  for (const EntryChange& e : d.entries) files[entry_page(e)] = entry_body(d, e, generator);
  files["redline.css"] = redline_css();
  return files;
}

}  // namespace imsdoc
