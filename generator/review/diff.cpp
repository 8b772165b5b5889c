#include "review/diff.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <map>
#include <set>
#include <utility>

#include "link/coverage.h"

namespace imsdoc {

const char* change_kind_name(ChangeKind k) {
  switch (k) {
    case ChangeKind::kAdded:
      return "added";
    case ChangeKind::kRemoved:
      return "removed";
    case ChangeKind::kChanged:
      return "changed";
  }
  return "";
}

namespace {

bool is_word_char(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

}  // namespace

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> out;
  bool space = false, paragraph = false;
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    char c = text[i];
    if (c == '\n') {
      paragraph = !out.empty();
      space = false;
      ++i;
      continue;
    }
    if (is_space(c)) {
      space = !out.empty() && !paragraph;
      ++i;
      continue;
    }
    if (paragraph) {
      if (out.back() != kParagraphBreak) out.push_back(kParagraphBreak);
      paragraph = false;
    }
    std::string token = space ? " " : "";
    space = false;
    size_t start = i;
    // A word: letters and digits, with - ' . : / _ inside it ("RSK-004", "4.3", "don't").
    while (i < n) {
      unsigned char d = static_cast<unsigned char>(text[i]);
      bool inner = i > start && std::strchr("-'._:/", d) && i + 1 < n &&
                   is_word_char(static_cast<unsigned char>(text[i + 1]));
      if (!is_word_char(d) && !(d != 0 && inner)) break;
      ++i;
    }
    if (i == start) ++i;  // punctuation: one character per token
    token += text.substr(start, i - start);
    out.push_back(std::move(token));
  }
  return out;
}

namespace {

using Kind = WordRun::Kind;

void push_word(std::vector<WordRun>* runs, Kind kind, const std::string& word) {
  if (runs->empty() || runs->back().kind != kind) runs->push_back({kind, {}});
  runs->back().words.push_back(word);
}

// Reorders each maximal stretch of changed runs as one deletion followed by one insertion:
// easier to read than interleaved fragments, and what readers of a redline expect.
std::vector<WordRun> normalize_runs(const std::vector<WordRun>& runs) {
  std::vector<WordRun> out;
  WordRun del{Kind::kDeleted, {}}, ins{Kind::kInserted, {}};
  auto flush = [&] {
    if (!del.words.empty()) out.push_back(std::move(del));
    if (!ins.words.empty()) out.push_back(std::move(ins));
    del = {Kind::kDeleted, {}};
    ins = {Kind::kInserted, {}};
  };
  for (const WordRun& r : runs) {
    if (r.kind == Kind::kSame) {
      flush();
      if (!out.empty() && out.back().kind == Kind::kSame) {
        out.back().words.insert(out.back().words.end(), r.words.begin(), r.words.end());
      } else {
        out.push_back(r);
      }
    } else {
      WordRun& to = r.kind == Kind::kDeleted ? del : ins;
      to.words.insert(to.words.end(), r.words.begin(), r.words.end());
    }
  }
  flush();
  return out;
}

// Folds short unchanged runs that sit between two larger changes into the changes ("~~a b
// c~~ **x y z** of ~~d e f~~ **u v w**" reads better as one replacement): a word-level LCS
// otherwise matches incidental "of" and "the" inside rewritten sentences.
std::vector<WordRun> absorb_small_equalities(std::vector<WordRun> runs) {
  for (bool changed = true; changed;) {
    changed = false;
    for (size_t i = 1; i + 1 < runs.size(); ++i) {
      if (runs[i].kind != Kind::kSame) continue;
      // The words of the changed stretch next to run i, or 0 unless it replaces something
      // (a deletion and an insertion): pure insertions keep their context.
      auto replaced = [&](size_t j) {
        bool del = false, ins = false;
        size_t n = 0;
        for (size_t k : {j, j == i - 1 ? j - 1 : j + 1}) {
          if (k >= runs.size() || runs[k].kind == Kind::kSame) continue;
          (runs[k].kind == Kind::kDeleted ? del : ins) = true;
          n += runs[k].words.size();
        }
        return del && ins ? n : 0;
      };
      size_t before = replaced(i - 1), after = replaced(i + 1);
      if (2 * runs[i].words.size() >= std::min(before, after)) continue;
      std::vector<WordRun> merged(runs.begin(), runs.begin() + static_cast<long>(i));
      merged.push_back({Kind::kDeleted, runs[i].words});
      merged.push_back({Kind::kInserted, runs[i].words});
      merged.insert(merged.end(), runs.begin() + static_cast<long>(i) + 1, runs.end());
      runs = normalize_runs(merged);
      changed = true;
      break;
    }
  }
  return runs;
}

}  // namespace

namespace {

enum class Step { kSame, kDelete, kInsert };

// Aligns `a` with `b` along a longest common subsequence, after taking off the common prefix
// and suffix, and calls emit(step, i, j) in order: i indexes `a` (kSame, kDelete), j `b`
// (kSame, kInsert). A middle too large for the quadratic table (more than kMaxCells pairs) is
// emitted as all deletions, then all insertions.
template <typename T, typename Emit>
void align(const std::vector<T>& a, const std::vector<T>& b, Emit emit) {
  constexpr size_t kMaxCells = size_t{1} << 24;
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  for (size_t i = 0; i < prefix; ++i) emit(Step::kSame, i, i);
  const size_t n = a.size() - prefix - suffix, m = b.size() - prefix - suffix;
  if (n > 0 && m > 0 && (n + 1) * (m + 1) <= kMaxCells) {
    // lcs[i][j]: length of the LCS of a[prefix+i..] and b[prefix+j..] (middle only).
    std::vector<unsigned> lcs((n + 1) * (m + 1), 0);
    auto at = [&](size_t i, size_t j) -> unsigned& { return lcs[i * (m + 1) + j]; };
    for (size_t i = n; i-- > 0;) {
      for (size_t j = m; j-- > 0;) {
        at(i, j) = a[prefix + i] == b[prefix + j] ? at(i + 1, j + 1) + 1
                                                  : std::max(at(i + 1, j), at(i, j + 1));
      }
    }
    size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
        emit(Step::kSame, prefix + i++, prefix + j++);
      } else if (i < n && (j == m || at(i + 1, j) >= at(i, j + 1))) {
        emit(Step::kDelete, prefix + i++, 0);
      } else {
        emit(Step::kInsert, 0, prefix + j++);
      }
    }
  } else {
    for (size_t i = 0; i < n; ++i) emit(Step::kDelete, prefix + i, 0);
    for (size_t j = 0; j < m; ++j) emit(Step::kInsert, 0, prefix + j);
  }
  for (size_t k = 0; k < suffix; ++k) {
    emit(Step::kSame, a.size() - suffix + k, b.size() - suffix + k);
  }
}

// Tokens grouped by paragraph, each group with its trailing kParagraphBreak (if any).
std::vector<std::vector<std::string>> paragraphs_of(const std::vector<std::string>& tokens) {
  std::vector<std::vector<std::string>> out(1);
  for (const std::string& t : tokens) {
    out.back().push_back(t);
    if (t == kParagraphBreak) out.emplace_back();
  }
  if (out.back().empty()) out.pop_back();
  return out;
}

void append_runs(std::vector<WordRun>* runs, const std::vector<WordRun>& more) {
  for (const WordRun& r : more) {
    for (const std::string& w : r.words) push_word(runs, r.kind, w);
  }
}

}  // namespace

std::vector<WordRun> diff_words(const std::vector<std::string>& a,
                                const std::vector<std::string>& b) {
  std::vector<WordRun> runs;
  align(a, b, [&](Step step, size_t i, size_t j) {
    if (step == Step::kInsert) {
      push_word(&runs, Kind::kInserted, b[j]);
    } else {
      push_word(&runs, step == Step::kSame ? Kind::kSame : Kind::kDeleted, a[i]);
    }
  });
  return absorb_small_equalities(normalize_runs(runs));
}

std::vector<WordRun> diff_text(const std::string& old_text, const std::string& new_text) {
  // Paragraphs first, then words within each changed stretch of paragraphs: scales to long
  // sections and keeps a word diff from pairing words of unrelated paragraphs.
  const auto a = paragraphs_of(split_words(old_text));
  const auto b = paragraphs_of(split_words(new_text));
  std::vector<WordRun> runs;
  std::vector<std::string> deleted, inserted;
  auto flush = [&] {
    if (deleted.empty() && inserted.empty()) return;
    append_runs(&runs, diff_words(deleted, inserted));
    deleted.clear();
    inserted.clear();
  };
  align(a, b, [&](Step step, size_t i, size_t j) {
    if (step == Step::kSame) {
      flush();
      for (const std::string& w : a[i]) push_word(&runs, Kind::kSame, w);
    } else if (step == Step::kDelete) {
      deleted.insert(deleted.end(), a[i].begin(), a[i].end());
    } else {
      inserted.insert(inserted.end(), b[j].begin(), b[j].end());
    }
  });
  flush();
  return normalize_runs(runs);
}

namespace {

// One line of text per paragraph, heading, list item, table row or code line, with the
// heading level of each line in `levels` (0 for lines that are not headings).
void append_block_lines(const std::vector<doc::Block>& blocks, const std::string& prefix,
                        std::vector<std::string>* lines, std::vector<int>* levels) {
  auto add = [&](const std::string& line, int level) {
    lines->push_back(line);
    levels->push_back(level);
  };
  for (const doc::Block& b : blocks) {
    switch (b.kind) {
      case doc::BlockKind::kCodeBlock:
      case doc::BlockKind::kRawHtml: {
        size_t start = 0;
        while (start < b.text().size()) {
          size_t end = b.text().find('\n', start);
          if (end == std::string::npos) end = b.text().size();
          add(prefix + b.text().substr(start, end - start), 0);
          start = end + 1;
        }
        break;
      }
      case doc::BlockKind::kTable:
        for (const auto& row : b.rows()) {
          std::string line;
          for (const auto& cell : row) line += (line.empty() ? "" : " | ") + doc::plain_text(cell);
          add(prefix + line, 0);
        }
        break;
      case doc::BlockKind::kThematicBreak:
        break;
      case doc::BlockKind::kListItem: {
        std::vector<std::string> item;
        std::vector<int> unused;
        append_block_lines(b.children, "", &item, &unused);
        for (size_t i = 0; i < item.size(); ++i) add(prefix + (i == 0 ? "- " : "  ") + item[i], 0);
        break;
      }
      case doc::BlockKind::kBlockQuote:
        append_block_lines(b.children, prefix + "> ", lines, levels);
        break;
      case doc::BlockKind::kBulletList:
      case doc::BlockKind::kOrderedList:
      case doc::BlockKind::kFootnoteDef:
        append_block_lines(b.children, prefix, lines, levels);
        break;
      case doc::BlockKind::kHeading:
        add(prefix + doc::plain_text(b.inlines), prefix.empty() ? std::max(1, b.level) : 0);
        break;
      case doc::BlockKind::kParagraph:
        add(prefix + doc::plain_text(b.inlines), 0);
        break;
    }
  }
}

std::string join(const std::vector<std::string>& items, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) out += (i ? sep : "") + items[i];
  return out;
}

}  // namespace

std::string section_text(const doc::Document& body) {
  std::vector<std::string> lines;
  std::vector<int> levels;
  append_block_lines(body.blocks, "", &lines, &levels);
  return join(lines, "\n");
}

std::vector<int> section_heading_levels(const doc::Document& body) {
  std::vector<std::string> lines;
  std::vector<int> levels;
  append_block_lines(body.blocks, "", &lines, &levels);
  // section_text's paragraphs: empty lines vanish in split_words, so their levels do too.
  std::vector<int> out;
  for (size_t i = 0; i < lines.size(); ++i) {
    if (!split_words(lines[i]).empty()) out.push_back(levels[i]);
  }
  return out;
}

namespace {

std::string scalar_display(FieldType type, const FieldValue& value) {
  switch (type) {
    case FieldType::kInteger:
      return std::to_string(value.integer);
    case FieldType::kBoolean:
      return value.boolean ? "yes" : "no";
    case FieldType::kText:
      return section_text(value.markdown);
    default:
      return value.text;
  }
}

}  // namespace

std::vector<std::string> display_items(const FieldSpec* spec, const FieldValue& value) {
  const FieldType item = spec ? spec->value_type() : FieldType::kString;
  if (spec && spec->type != FieldType::kList) return {scalar_display(spec->type, value)};
  std::vector<std::string> items;
  for (const FieldValue& v : value.items) items.push_back(scalar_display(item, v));
  if (value.items.empty() && !value.text.empty()) items.push_back(value.text);
  return items;
}

std::string display_value(const FieldSpec* spec, const FieldValue& value) {
  if (spec && spec->type != FieldType::kList) return scalar_display(spec->type, value);
  if (!spec && value.items.empty()) return value.text;
  return join(display_items(spec, value), ", ");
}

namespace {

// Sets the list delta of `c`: the items of `b` not in `a` and of `a` not in `b`.
void set_list_delta(const std::vector<std::string>& a, const std::vector<std::string>& b,
                    FieldChange* c) {
  c->list = true;
  const std::set<std::string> in_a(a.begin(), a.end()), in_b(b.begin(), b.end());
  for (const std::string& x : b) {
    if (!in_a.count(x)) c->added.push_back(x);
  }
  for (const std::string& x : a) {
    if (!in_b.count(x)) c->removed.push_back(x);
  }
}

}  // namespace

namespace {

// ---- sections ---------------------------------------------------------------------------

std::vector<std::pair<std::string, std::string>> section_fields(const Section& s) {
  return {{"title", s.title},         {"number", s.number},
          {"version", s.version},     {"status", s.status},
          {"owner", s.owner},         {"approver", s.approver},
          {"effective", s.effective}, {"clauses", join(s.clauses, ", ")},
          {"summary", s.summary}};
}

std::string section_label(const std::string& field) {
  static const std::map<std::string, std::string> kLabels = {
      {"title", "Title"},         {"number", "Section"},
      {"version", "Version"},     {"status", "Status"},
      {"owner", "Owner"},         {"approver", "Approver"},
      {"effective", "Effective"}, {"clauses", "Clauses"},
      {"summary", "Summary"},     {"path", "File"}};
  return kLabels.at(field);
}

SectionChange one_sided_section(const Section& s, ChangeKind kind) {
  SectionChange c;
  c.kind = kind;
  c.id = s.id;
  c.number = s.number;
  c.title = s.title;
  c.version = s.version;
  (kind == ChangeKind::kAdded ? c.new_path : c.old_path) = s.path;
  std::string text = section_text(s.body);
  (kind == ChangeKind::kAdded ? c.new_text : c.old_text) = text;
  (kind == ChangeKind::kAdded ? c.new_levels : c.old_levels) = section_heading_levels(s.body);
  c.text_diff = diff_text(c.old_text, c.new_text);
  return c;
}

std::vector<SectionChange> diff_sections(const Project& a, const Project& b) {
  std::map<std::string, const Section*> old_by_id;
  for (const Section& s : a.sections) old_by_id[s.id] = &s;
  std::set<std::string> seen;
  std::vector<SectionChange> out;
  for (const Section& s : b.sections) {
    auto it = old_by_id.find(s.id);
    if (it == old_by_id.end()) {
      out.push_back(one_sided_section(s, ChangeKind::kAdded));
      continue;
    }
    seen.insert(s.id);
    const Section& o = *it->second;
    SectionChange c;
    c.id = s.id;
    c.number = s.number;
    c.title = s.title;
    c.old_path = o.path;
    c.new_path = s.path;
    auto of = section_fields(o), nf = section_fields(s);
    for (size_t i = 0; i < nf.size(); ++i) {
      if (of[i].second == nf[i].second) continue;
      FieldChange f;
      f.field = nf[i].first;
      f.label = section_label(f.field);
      f.old_value = of[i].second;
      f.new_value = nf[i].second;
      if (f.field == "clauses") set_list_delta(o.clauses, s.clauses, &f);
      c.fields.push_back(std::move(f));
    }
    if (o.path != s.path) {
      FieldChange f;
      f.field = "path";
      f.label = section_label("path");
      f.old_value = o.path;
      f.new_value = s.path;
      c.fields.push_back(std::move(f));
    }
    c.old_text = section_text(o.body);
    c.new_text = section_text(s.body);
    c.old_levels = section_heading_levels(o.body);
    c.new_levels = section_heading_levels(s.body);
    c.version = s.version;
    if (c.old_text != c.new_text) {
      c.text_changed = true;
      c.version_unchanged = o.version == s.version;
      c.text_diff = diff_text(c.old_text, c.new_text);
    }
    if (!c.fields.empty() || c.text_changed) out.push_back(std::move(c));
  }
  for (const Section& o : a.sections) {
    if (!seen.count(o.id)) out.push_back(one_sided_section(o, ChangeKind::kRemoved));
  }
  return out;
}

// ---- register entries -------------------------------------------------------------------

std::string entry_title(const Register& reg, const RegisterEntry& e) {
  if (!reg.schema || reg.schema->title_field.empty()) return "";
  const FieldValue* v = e.value(reg.schema->title_field);
  return v ? display_value(reg.schema->field(reg.schema->title_field), *v) : "";
}

// Field names to compare, in the schema's display order, then any others present.
std::vector<std::string> field_order(const Register* a, const Register* b) {
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (const Register* r : {b, a}) {
    if (!r || !r->schema) continue;
    for (const FieldSpec& f : r->schema->fields) {
      if (seen.insert(f.name).second) names.push_back(f.name);
    }
  }
  return names;
}

const FieldSpec* spec_of(const Register* r, const std::string& field) {
  return r && r->schema ? r->schema->field(field) : nullptr;
}

std::string label_of(const Register* a, const Register* b, const std::string& field) {
  for (const Register* r : {b, a}) {
    const FieldSpec* f = spec_of(r, field);
    if (f && !f->label.empty()) return f->label;
  }
  return field;
}

FieldChange field_change(const Register* a, const RegisterEntry* oe, const Register* b,
                         const RegisterEntry* ne, const std::string& field) {
  FieldChange c;
  c.field = field;
  c.label = label_of(a, b, field);
  const FieldValue* ov = oe ? oe->value(field) : nullptr;
  const FieldValue* nv = ne ? ne->value(field) : nullptr;
  if (ov) c.old_value = display_value(spec_of(a, field), *ov);
  if (nv) c.new_value = display_value(spec_of(b, field), *nv);
  const FieldSpec* spec = spec_of(b, field) ? spec_of(b, field) : spec_of(a, field);
  c.long_text = spec && spec->value_type() == FieldType::kText;
  if (spec && spec->type == FieldType::kList) {
    set_list_delta(ov ? display_items(spec_of(a, field), *ov) : std::vector<std::string>{},
                   nv ? display_items(spec_of(b, field), *nv) : std::vector<std::string>{}, &c);
  }
  return c;
}

std::vector<EntryChange> diff_entries(const Project& a, const Project& b) {
  std::set<std::string> names;
  for (const Register& r : a.registers) names.insert(r.name);
  for (const Register& r : b.registers) names.insert(r.name);
  std::vector<EntryChange> out;
  for (const std::string& name : names) {
    const Register* ra = a.find_register(name);
    const Register* rb = b.find_register(name);
    std::string title = name;
    if (rb && rb->schema) {
      title = rb->schema->title;
    } else if (ra && ra->schema) {
      title = ra->schema->title;
    }
    const std::vector<std::string> fields = field_order(ra, rb);
    auto make = [&](ChangeKind kind, const RegisterEntry* oe, const RegisterEntry* ne) {
      EntryChange c;
      c.kind = kind;
      c.register_name = name;
      c.register_title = title;
      c.id = ne ? ne->id : oe->id;
      c.title = ne ? entry_title(*rb, *ne) : entry_title(*ra, *oe);
      for (const std::string& f : fields) {
        FieldChange fc = field_change(ra, oe, rb, ne, f);
        if (fc.old_value != fc.new_value) c.fields.push_back(std::move(fc));
      }
      return c;
    };
    std::set<std::string> in_new;
    if (rb) {
      for (const RegisterEntry& e : rb->entries) {
        in_new.insert(e.id);
        const RegisterEntry* oe = ra ? a.find_entry(name, e.id) : nullptr;
        if (!oe) {
          out.push_back(make(ChangeKind::kAdded, nullptr, &e));
        } else {
          EntryChange c = make(ChangeKind::kChanged, oe, &e);
          if (!c.fields.empty()) out.push_back(std::move(c));
        }
      }
    }
    if (ra) {
      for (const RegisterEntry& e : ra->entries) {
        if (!in_new.count(e.id)) out.push_back(make(ChangeKind::kRemoved, &e, nullptr));
      }
    }
  }
  return out;
}

// ---- coverage ---------------------------------------------------------------------------

const StandardCoverage* coverage_of(const std::vector<StandardCoverage>& all,
                                    const std::string& short_name) {
  for (const auto& c : all) {
    if (c.standard->short_name == short_name) return &c;
  }
  return nullptr;
}

void set_counts(const StandardCoverage* c, int* clauses_covered, int* clauses_total,
                int* controls_covered, int* controls_total) {
  if (!c) return;
  *clauses_covered = c->clauses.covered;
  *clauses_total = c->clauses.total();
  *controls_covered = c->controls.covered;
  *controls_total = c->controls.total();
}

std::vector<StandardChange> diff_coverage(const Project& a, const Project& b) {
  const auto ca = compute_coverage(a), cb = compute_coverage(b);
  std::set<std::string> names;
  for (const auto& c : ca) names.insert(c.standard->short_name);
  for (const auto& c : cb) names.insert(c.standard->short_name);
  std::vector<StandardChange> out;
  for (const std::string& name : names) {
    const StandardCoverage* oc = coverage_of(ca, name);
    const StandardCoverage* nc = coverage_of(cb, name);
    StandardChange s;
    s.short_name = name;
    s.title = (nc ? nc : oc)->standard->title;
    s.in_old = oc != nullptr;
    s.in_new = nc != nullptr;
    set_counts(oc, &s.old_clauses_covered, &s.old_clauses_total, &s.old_controls_covered,
               &s.old_controls_total);
    set_counts(nc, &s.new_clauses_covered, &s.new_clauses_total, &s.new_controls_covered,
               &s.new_controls_total);
    if (oc && nc) {
      const Standard& ns = *nc->standard;
      for (size_t i = 0; i < ns.items.size(); ++i) {
        const CatalogItem& item = ns.items[i];
        if (!item.leaf()) continue;
        int j = oc->standard->index_of(item.id);
        CoverageStatus before =
            j < 0 ? CoverageStatus::kNotCovered : oc->status[static_cast<size_t>(j)];
        CoverageStatus after = nc->status[i];
        if (before == after) continue;
        s.changes.push_back({ns.ref(item), item.title, coverage_status_name(before),
                             coverage_status_name(after), item.annex()});
      }
      if (s.changes.empty()) continue;
    }
    out.push_back(std::move(s));
  }
  return out;
}

// ---- findings ---------------------------------------------------------------------------

FindingChange finding_of(const Diagnostic& d) {
  return {d.code, d.severity == Severity::kError ? "error" : "warning", d.message, d.hint, d.span};
}

// The findings of `from` that `against` does not have, matched as multisets of (code, message).
std::vector<FindingChange> findings_only_in(const Diagnostics& from, const Diagnostics& against) {
  std::map<std::pair<std::string, std::string>, int> other;
  for (const auto& d : against.sorted()) {
    if (!d.code.empty()) ++other[{d.code, d.message}];
  }
  std::vector<FindingChange> out;
  for (const auto& d : from.sorted()) {
    if (d.code.empty()) continue;
    int& n = other[{d.code, d.message}];
    if (n > 0) {
      --n;
    } else {
      out.push_back(finding_of(d));
    }
  }
  return out;
}

DiffSide side_of(const Project& p) {
  DiffSide s;
  s.manual_id = p.config.manual_id;
  s.title = p.config.title;
  s.version = p.config.version;
  return s;
}

}  // namespace

ManualDiff diff_manuals(const Project& old_project, const Diagnostics& old_findings,
                        const Project& new_project, const Diagnostics& new_findings) {
  ManualDiff d;
  d.old_side = side_of(old_project);
  d.new_side = side_of(new_project);
  d.sections = diff_sections(old_project, new_project);
  d.entries = diff_entries(old_project, new_project);
  d.coverage = diff_coverage(old_project, new_project);
  d.findings_introduced = findings_only_in(new_findings, old_findings);
  d.findings_resolved = findings_only_in(old_findings, new_findings);
  return d;
}

}  // namespace imsdoc
