// Renderers of a ManualDiff: a Markdown report for pull-request comments, a JSON report for
// tools (field names documented in docs/review.md, format "imsdoc-diff/1"), and redline HTML
// pages. Pure functions of the diff: no file system, no clock.
#pragma once

#include <map>
#include <string>

#include "review/diff.h"

namespace imsdoc {

// GitHub-flavoured Markdown. Starts with the marker comment `<!-- imsdoc-diff -->` so a CI job
// can find and update its own comment. Every text from the manual is escaped.
std::string render_diff_markdown(const ManualDiff& diff);

// JSON, two-space indented, keys in a fixed order, ending with a newline.
std::string render_diff_json(const ManualDiff& diff);

// Redline pages: index.html (summary, coverage, findings, links), one page per changed, added
// or removed section (sections/<id>.html) and register entry (entries/<register>/<id>.html),
// and redline.css. Insertions are <ins>, deletions <del>, word by word; every text is
// HTML-escaped; no inline script or style (the pages carry a CSP that forbids them).
// Keys are paths relative to the output directory.
std::map<std::string, std::string> render_diff_html(const ManualDiff& diff,
                                                    const std::string& generator);

// Escapes `s` for Markdown text: the ASCII punctuation that could start markup gets a
// backslash; line breaks become spaces.
std::string markdown_escape(const std::string& s);

}  // namespace imsdoc
