// The format-independent document model: what a Markdown body (or a Markdown register field)
// is after parsing. Produced by load/markdown, read by every renderer. No third-party types.
#pragma once

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

struct Inline {
  InlineKind kind = InlineKind::kText;
  std::string text;
  std::string url;
  std::string title;
  std::string target_id;  // filled by the linker for links to other manual pages
  std::string path;       // kImage: project-relative path of a local image, from the linker
  bool title_from_target = false;  // kRef: `title` is the target's label, set by the linker
  int line = 0;                    // 1-based line in the source file, 0 if unknown
  int col = 0;
  std::vector<Inline> children;
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

struct Block {
  BlockKind kind = BlockKind::kParagraph;
  int line = 0;
  int level = 0;
  int start = 1;
  bool tight = true;
  int task = 0;
  std::string text;
  std::string info;
  Inlines inlines;
  std::vector<Block> children;
  std::vector<Align> aligns;
  std::vector<std::vector<Inlines>> rows;
};

struct Document {
  std::vector<Block> blocks;
};

// Plain text of inlines (for titles, TOC entries, slugs, search).
std::string plain_text(const Inlines& inlines);

// Plain text of a whole document, blocks separated by spaces.
std::string plain_text_of(const Document& d);

}  // namespace imsdoc::doc
