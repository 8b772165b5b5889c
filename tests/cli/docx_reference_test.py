#!/usr/bin/env python3
"""imsdoc docx --reference-doc and themes/<name>/reference.docx, as pandoc users expect.

  docx_reference_test.py IMSDOC PROJECT

Makes a reference document from imsdoc's own output with a red Heading1 and without the
SourceCode style, then checks that a DOCX made with it uses the red Heading1 and still has
SourceCode (taken from the theme), both through --reference-doc and through a project theme's
reference.docx; and that the document's text does not change with the styles.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile


def styles_of(path):
    with zipfile.ZipFile(path) as z:
        return z.read("word/styles.xml").decode()


def document_of(path):
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml")


def main():
    imsdoc, source = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    failures = []
    with tempfile.TemporaryDirectory(prefix="imsdoc-refdoc-") as tmp:
        project = os.path.join(tmp, "project")
        shutil.copytree(source, project, ignore=shutil.ignore_patterns("site", "build*", ".git"))
        base = [imsdoc, "docx", project, "-q", "--as-of", "2026-03-01"]
        plain = os.path.join(tmp, "plain.docx")
        subprocess.run(base + ["-o", plain], check=True)

        styles = styles_of(plain)
        heading = re.search(r'<w:style [^>]*w:styleId="Heading1">.*?</w:style>', styles).group(0)
        red = re.sub(r'<w:color w:val="[0-9A-F]+"/>', '<w:color w:val="FF0000"/>', heading)
        code = re.search(r'<w:style [^>]*w:styleId="SourceCode">.*?</w:style>', styles).group(0)
        reference = os.path.join(tmp, "corporate.docx")
        with zipfile.ZipFile(plain) as src, zipfile.ZipFile(reference, "w") as dst:
            for item in src.infolist():
                data = src.read(item.filename)
                if item.filename == "word/styles.xml":
                    data = styles.replace(heading, red).replace(code, "").encode()
                dst.writestr(item, data)

        with_option = os.path.join(tmp, "option.docx")
        subprocess.run(base + ["--reference-doc", reference, "-o", with_option], check=True)
        theme_dir = os.path.join(project, "themes", "default")
        os.makedirs(theme_dir, exist_ok=True)
        shutil.copy(reference, os.path.join(theme_dir, "reference.docx"))
        with_theme = os.path.join(tmp, "theme.docx")
        subprocess.run(base + ["-o", with_theme], check=True)

        for label, path in (("--reference-doc", with_option), ("theme reference.docx", with_theme)):
            got = styles_of(path)
            if red not in got:
                failures.append(f"{label}: Heading1 is not the reference document's")
            if 'w:styleId="SourceCode"' not in got:
                failures.append(f"{label}: SourceCode, missing from the reference, was not added")
            got, want = document_of(path), document_of(plain)
            if got != want:
                at = next((i for i, (x, y) in enumerate(zip(got, want)) if x != y),
                          min(len(got), len(want)))
                failures.append(f"{label}: the document's content changed with its styles, "
                                f"from byte {at}: {got[max(0, at - 60):at + 60]!r} instead of "
                                f"{want[max(0, at - 60):at + 60]!r}")
    if failures:
        print("FAIL:\n" + "\n".join(failures))
        return 1
    print("ok: reference document styles used, missing ones taken from the theme")
    return 0


if __name__ == "__main__":
    sys.exit(main())
