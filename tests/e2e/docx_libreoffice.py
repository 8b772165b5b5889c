#!/usr/bin/env python3
"""The example manual as DOCX, read back by real clients.

  docx_libreoffice.py IMSDOC PROJECT ARTIFACTS_DIR

Writes the example's manual.docx twice (the bytes must be identical), lists and tests the zip
with unzip, checks every XML part with xmllint, converts the document to PDF with LibreOffice
headless (its own profile; LibreOffice exits 0 even when it fails, so the PDF's text is what
counts) and reads the PDF back with pdftotext and pdfinfo: title page, document control, the
TOC entries, section headings, a Statement of Applicability cell and a footnote. PNGs of the
first pages are saved to ARTIFACTS_DIR. Exits 77 (skipped) when a client is missing.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

CLIENTS = [("soffice", "libreoffice-writer-nogui"), ("pdftotext", "poppler-utils"),
           ("pdfinfo", "poppler-utils"), ("pdftoppm", "poppler-utils"), ("unzip", "unzip"),
           ("xmllint", "libxml2-utils")]


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def main():
    imsdoc, project, artifacts = (os.path.abspath(a) for a in sys.argv[1:4])
    for tool, package in CLIENTS:
        if not shutil.which(tool):
            print(f"SKIP: {tool} not found (install the Debian package {package})")
            return 77
    failures = []
    env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8", SOURCE_DATE_EPOCH="1772323200")
    with tempfile.TemporaryDirectory(prefix="imsdoc-docx-") as tmp:
        docs = []
        for name in ("a.docx", "b.docx"):
            out = os.path.join(tmp, name)
            r = run([imsdoc, "docx", project, "-o", out, "--as-of", "2026-03-01"], env=env,
                    cwd=tmp, timeout=120)
            if r.returncode != 0 or not os.path.exists(out):
                print(f"imsdoc docx failed ({r.returncode}):\n{r.stderr}")
                return 1
            docs.append(open(out, "rb").read())
        if docs[0] != docs[1]:
            failures.append("two runs gave different DOCX bytes")
        docx = os.path.join(tmp, "a.docx")

        r = run(["unzip", "-t", docx])
        if r.returncode != 0:
            failures.append("unzip -t failed:\n" + r.stdout + r.stderr)
        names = run(["unzip", "-Z1", docx]).stdout.split()
        if not names or names[0] != "[Content_Types].xml":
            failures.append(f"[Content_Types].xml is not the first entry: {names[:3]}")
        parts = os.path.join(tmp, "parts")
        run(["unzip", "-q", docx, "-d", parts], check=True)
        xml = sorted(glob.glob(parts + "/**/*.xml", recursive=True) +
                     glob.glob(parts + "/**/*.rels", recursive=True) +
                     glob.glob(parts + "/**/.rels", recursive=True))
        for path in xml:
            r = run(["xmllint", "--noout", path])
            if r.returncode != 0:
                failures.append(f"{os.path.relpath(path, parts)} is not well-formed:\n{r.stderr}")
        if len(xml) < 11:
            failures.append(f"only {len(xml)} XML parts")

        profile = os.path.join(tmp, "lo-profile")
        r = run(["timeout", "-k", "5", "120", "soffice", f"-env:UserInstallation=file://{profile}",
                 "--headless", "--convert-to", "pdf", "--outdir", tmp, docx], timeout=150)
        pdf = os.path.join(tmp, "a.pdf")
        if not os.path.exists(pdf):
            print("LibreOffice wrote no PDF:\n" + r.stdout + r.stderr)
            return 1
        text = run(["pdftotext", "-layout", pdf, "-"]).stdout
        flat = re.sub(r"\s+", " ", text)
        info = run(["pdfinfo", pdf]).stdout
        pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
        if not 30 <= pages <= 200:
            failures.append(f"{pages} pages: implausible for the example manual")

        def expect(what, pattern, count=1):
            found = len(re.findall(pattern, flat))
            if found < count:
                failures.append(f"{what}: {pattern!r} found {found} times, expected {count}+")

        expect("title page", r"Integrated Management System Manual Harbourline Logistics Ltd")
        expect("document control", r"Document control Revision history")
        expect("revision history row", r"2\.1 2025-01-15 Interim AI governance")
        expect("TOC heading", r"Contents")
        # Each section title appears in the TOC and as its heading.
        for heading in ("1.4 Processes and their interactions",
                        "4.2 Risk treatment and Statement of Applicability",
                        "8.1 Nonconformity and corrective action"):
            expect("TOC entry and heading", re.escape(heading), 2)
        expect("register heading", r"Statement of Applicability")
        expect("SoA cell", r"27001:A\.5\.1\b")
        expect("footnote", r"Headcount at 31 December 2025")
        expect("footer", r"Page \d+ of " + str(pages))
        expect("header", r"IMS-M-001 Integrated Management System Manual")

        os.makedirs(artifacts, exist_ok=True)
        for old in glob.glob(os.path.join(artifacts, "docx-page-*.png")):
            os.remove(old)
        run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "4", pdf,
             os.path.join(artifacts, "docx-page")], check=True)
        shutil.copy(pdf, os.path.join(artifacts, "manual-libreoffice.pdf"))

    if failures:
        print("FAIL:\n" + "\n".join(failures))
        return 1
    print(f"ok: DOCX of {pages} pages through LibreOffice; {len(xml)} XML parts well-formed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
