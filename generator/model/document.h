// The format-independent document model: what a Markdown body (or a Markdown register field)
// is after parsing. Produced by load/markdown, read by every renderer. No third-party types.
#pragma once

#include <memory>
#include <string>
#include <vector>

namespace imsdoc::doc {

enum class InlineKind {
  kText,
  kSoftBreak,
  kLineBreak,
  kCode,
  kEmph,
  kStrong,
  kStrikethrough,
  kLink,     // url, title, children; target_id set when it points at a section or entry
  kImage,    // url, title, children = alt text; target_id = the key of a diagram when the image is
             // one, set by the linker (see diagram/diagrams.h)
  kRawHtml,  // text; rendered escaped unless the project allows raw HTML
  kFootnoteRef,  // text = footnote number ("1"), matching the definition's info
  kRef,          // [[ID]] or [[ID|label]]: text = ID (a section or entry id, or a clause such
                 // as 42001:6.1.2), title = label; the linker resolves it
};

// A deep-copied, optional part of a value: what only a few inlines or blocks carry is kept
// out of line, so that the many that do not carry it stay small (a 10,000-section manual has
// over a million inlines).
template <class T>
class Extra {
 public:
  Extra() = default;
  Extra(const Extra& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
  Extra(Extra&&) noexcept = default;
  Extra& operator=(const Extra& o) {
    p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
    return *this;
  }
  Extra& operator=(Extra&&) noexcept = default;

  bool has() const { return p_ != nullptr; }
  const T& get() const { return p_ ? *p_ : empty(); }
  T& mut() {
    if (!p_) p_ = std::make_unique<T>();
    return *p_;
  }

 private:
  static const T& empty() {
    static const T e{};
    return e;
  }
  std::unique_ptr<T> p_;
};

// What links, images and references carry besides their text.
struct InlineTarget {
  std::string url;
  std::string title;
  std::string target_id;  // filled by the linker for links to other manual pages
  std::string path;       // kImage: project-relative path of a local image, from the linker
  bool title_from_target = false;  // kRef: `title` is the target's label, set by the linker
};

struct Inline {
  InlineKind kind = InlineKind::kText;
  int line = 0;  // 1-based line in the source file, 0 if unknown
  int col = 0;
  std::string text;
  std::vector<Inline> children;

  const std::string& url() const { return target_.get().url; }
  const std::string& title() const { return target_.get().title; }
  const std::string& target_id() const { return target_.get().target_id; }
  const std::string& path() const { return target_.get().path; }
  bool title_from_target() const { return target_.get().title_from_target; }
  // For writing them (allocates the part on first use).
  InlineTarget& target() { return target_.mut(); }
  // Forgets what the linker filled in, before linking again.
  void clear_resolved() {
    if (!target_.has()) return;
    target_.mut().target_id.clear();
    target_.mut().path.clear();
  }

 private:
  Extra<InlineTarget> target_;
};

enum class BlockKind {
  kParagraph,
  kHeading,      // level, inlines
  kBulletList,   // children = items, tight
  kOrderedList,  // children = items, start, tight
  kListItem,     // children; task: 0 none, 1 open, 2 done
  kCodeBlock,    // text, info; info "dot": a Graphviz diagram (see diagram/diagrams.h)
  kBlockQuote,   // children
  kThematicBreak,
  kRawHtml,      // text
  kTable,        // aligns, rows (rows[0] is the header)
  kFootnoteDef,  // info = footnote number ("1", by first reference), children
};

enum class Align { kNone, kLeft, kCenter, kRight };

using Inlines = std::vector<Inline>;

// What code blocks, raw HTML, footnote definitions and tables carry besides the common fields.
struct BlockContent {
  std::string text;
  std::string info;
  std::vector<Align> aligns;
  std::vector<std::vector<Inlines>> rows;
};

struct Block {
  BlockKind kind = BlockKind::kParagraph;
  int line = 0;
  int level = 0;
  int start = 1;
  bool tight = true;
  int task = 0;
  Inlines inlines;
  std::vector<Block> children;

  const std::string& text() const { return content_.get().text; }
  const std::string& info() const { return content_.get().info; }
  const std::vector<Align>& aligns() const { return content_.get().aligns; }
  const std::vector<std::vector<Inlines>>& rows() const { return content_.get().rows; }
  // For writing them (allocates the part on first use).
  BlockContent& content() { return content_.mut(); }
  // The table rows for the linker to resolve references in (none: an empty list).
  std::vector<std::vector<Inlines>>* mutable_rows() {
    return content_.has() ? &content_.mut().rows : nullptr;
  }

 private:
  Extra<BlockContent> content_;
};

struct Document {
  std::vector<Block> blocks;
};

// Plain text of inlines (for titles, TOC entries, slugs, search).
std::string plain_text(const Inlines& inlines);

// Plain text of a whole document, blocks separated by spaces.
std::string plain_text_of(const Document& d);

}  // namespace imsdoc::doc
