#!/usr/bin/env python3
"""Every field of every register entry, in every printed edition.

  editions_fields.py IMSDOC PROJECT [--pdf]

Reads PROJECT's registers/*.yaml itself (PyYAML, not imsdoc) and checks that each value of
each entry appears:
  - in print.html, inside that entry's own table row or detail block (per entry);
  - in the text of the DOCX's word/document.xml;
  - with --pdf, in the text pdftotext reads from `imsdoc pdf` (skipped with a message when
    weasyprint or poppler-utils is missing: the other editions are still checked).
Values are compared as word sequences (case-insensitive, punctuation and Markdown markup
ignored), so line breaks, table cells and Markdown rendering do not matter; booleans read
Yes/No. Exits 77 only when PyYAML is missing.
"""
import datetime
import glob
import html
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

try:
    import yaml
except ImportError:
    print("SKIP: python3-yaml is not installed (Debian package python3-yaml)")
    sys.exit(77)


def run(args):
    env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8", SOURCE_DATE_EPOCH="1772323200")
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=600)


def words(s):
    """The words of `s`, lower case, one space apart, padded: markup and punctuation dropped."""
    s = re.sub(r"\]\([^)]*\)", "]", s)  # Markdown link targets are not shown as text
    return " " + " ".join(re.findall(r"\w+", s.lower())) + " "


def value_words(s):
    """words() of a value as written: Markdown list markers are numbering, not text."""
    return words(re.sub(r"(?m)^[ \t]*(\d+[.)]|[-*+])[ \t]+", " ", s))


def scalar_texts(v):
    if isinstance(v, bool):
        return ["Yes" if v else "No"]
    if isinstance(v, (datetime.date, datetime.datetime)):
        return [v.isoformat()]
    if isinstance(v, list):
        return [t for item in v for t in scalar_texts(item)]
    if v is None:
        return []
    return [str(v)]


def entries(project):
    """(register, entry id, field, text) for every value of every entry."""
    out = []
    for path in sorted(glob.glob(os.path.join(project, "registers", "*.yaml"))):
        register = os.path.basename(path)[:-5]
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f) or {}
        for e in doc.get("entries") or []:
            for field, value in e.items():
                for text in scalar_texts(value):
                    if value_words(text).strip():
                        out.append((register, str(e["id"]), field, text))
    return out


def html_text(fragment):
    return html.unescape(re.sub(r"<[^>]+>", " ", fragment))


def slug(s):
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", s.lower())).strip("-")


def print_blocks(page, register, entry_id):
    """The text of an entry's table row and detail block in print.html."""
    anchor = f"e.{slug(register)}.{slug(entry_id)}"
    row = re.search(r'<tr id="' + re.escape(anchor) + r'">(.*?)</tr>', page, re.S)
    block = re.search(r'<section class="entry-detail" id="' + re.escape(anchor) +
                      r':details"[^>]*>(.*?)</section>', page, re.S)
    return words((html_text(row.group(1)) if row else "") + " " +
                 (html_text(block.group(1)) if block else ""))


def docx_text(path):
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode("utf-8")
    xml = re.sub(r"</w:p>|<w:br/>|<w:tab/>", " ", xml)
    return words(html.unescape(" ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))))


def main():
    imsdoc, project = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    want_pdf = "--pdf" in sys.argv[3:]
    values = entries(project)
    if len(values) < 50:
        print(f"FAIL: only {len(values)} values read from {project}/registers")
        return 1
    failures = []
    with tempfile.TemporaryDirectory(prefix="imsdoc-editions-") as tmp:
        site = os.path.join(tmp, "site")
        r = run([imsdoc, "build", project, "-o", site, "--quiet", "--as-of", "2026-03-01"])
        with open(os.path.join(project, "imsdoc.yaml"), encoding="utf-8") as f:
            version = str(yaml.safe_load(f)["version"])
        prints = glob.glob(os.path.join(site, version, "print.html"))
        if r.returncode != 0 or len(prints) != 1:
            print(f"FAIL: imsdoc build: exit {r.returncode}, {prints}\n{r.stderr}")
            return 1
        page = open(prints[0], encoding="utf-8").read()
        docx = os.path.join(tmp, "manual.docx")
        r = run([imsdoc, "docx", project, "-o", docx, "--as-of", "2026-03-01"])
        if r.returncode != 0:
            print(f"FAIL: imsdoc docx: exit {r.returncode}\n{r.stderr}")
            return 1
        editions = {"DOCX": docx_text(docx)}
        if want_pdf:
            missing = [t for t in ("weasyprint", "pdftotext") if not shutil.which(t)]
            if missing:
                print(f"note: PDF not checked: {missing[0]} is not installed "
                      "(Debian packages weasyprint, poppler-utils)")
            else:
                pdf = os.path.join(tmp, "manual.pdf")
                r = run([imsdoc, "pdf", project, "-o", pdf, "--quiet", "--as-of", "2026-03-01"])
                if r.returncode != 0:
                    print(f"FAIL: imsdoc pdf: exit {r.returncode}\n{r.stderr}")
                    return 1
                # -raw: the order WeasyPrint wrote the text in, so a table cell's lines stay
                # together instead of being interleaved with the next cell's.
                editions["PDF"] = words(run(["pdftotext", "-raw", pdf, "-"]).stdout)

    blocks = {}
    for register, entry_id, field, text in values:
        key = (register, entry_id)
        if key not in blocks:
            blocks[key] = print_blocks(page, register, entry_id)
        expected = value_words(text)
        if expected not in blocks[key]:
            failures.append(f"print.html: {register} {entry_id} {field}: {text[:60]!r} is not "
                            "in the entry's row or detail block")
        for name, body in editions.items():
            if expected not in body:
                failures.append(f"{name}: {register} {entry_id} {field}: {text[:60]!r} missing")
    for f in failures[:40]:
        print("FAIL: " + f)
    if failures:
        print(f"{len(failures)} of {len(values)} values missing")
        return 1
    print(f"ok: {len(values)} values of {len(blocks)} entries in print.html, "
          + ", ".join(sorted(editions)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
