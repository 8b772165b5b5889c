#!/usr/bin/env python3
"""Draft marking in every edition, read back by real clients.

  draft_editions.py IMSDOC FIXTURE

FIXTURE (tests/golden/print/project) has a section with `status: draft`, so its editions are
drafts. A copy with every section approved is the approved edition. Checks:
  - site: every HTML page of the draft has the DRAFT banner; no page of the approved one has;
  - DOCX: the draft's header parts say DRAFT and LibreOffice's PDF of it has DRAFT on every
    page (pdfinfo page count, pdftotext -f N -l N); the approved DOCX has no DRAFT anywhere;
  - PDF (imsdoc pdf, WeasyPrint): DRAFT on every page of the draft; none in the approved one,
    whose title page shows its approver and effective date.
The DOCX and PDF parts are skipped with a message naming the package when LibreOffice or
WeasyPrint is missing; poppler-utils is required for both (exit 77 when it is missing).
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile


def run(args, **kw):
    env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8", SOURCE_DATE_EPOCH="1772323200")
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=300, **kw)


def pdf_pages(pdf):
    info = run(["pdfinfo", pdf]).stdout
    n = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    return [run(["pdftotext", "-layout", "-f", str(p), "-l", str(p), pdf, "-"]).stdout
            for p in range(1, n + 1)]


def check_pages(what, pages, draft, failures):
    if not pages:
        failures.append(f"{what}: no pages")
    for i, text in enumerate(pages, 1):
        if draft and "DRAFT" not in text:
            failures.append(f"{what}: page {i} of {len(pages)} does not say DRAFT: "
                            f"{' '.join(text.split())[:150]!r}")
        if not draft and "DRAFT" in text:
            failures.append(f"{what}: page {i} of an approved edition says DRAFT")


def check_site(imsdoc, project, out, draft, failures):
    r = run([imsdoc, "build", project, "-o", out, "--quiet"])
    if r.returncode != 0:
        failures.append(f"build of {project}: exit {r.returncode}\n{r.stderr}")
        return
    pages = sorted(glob.glob(os.path.join(out, "1.0", "**", "*.html"), recursive=True))
    if len(pages) < 10:
        failures.append(f"only {len(pages)} pages built")
    banner = re.compile(r'<p class="draft-banner" role="note"><strong class="draft-mark">DRAFT'
                        r'</strong> · (this edition is )?not approved: section not approved: '
                        r'2 Context \(draft\)</p>')
    for page in pages:
        html = open(page, encoding="utf-8").read()
        if html.startswith("<!doctype html>") or "<html" in html[:200]:
            has = bool(banner.search(html))
            if has != draft:
                failures.append(f"site {'draft' if draft else 'approved'}: "
                                f"{os.path.relpath(page, out)} {'lacks' if draft else 'has'} "
                                "the DRAFT banner")


def check_docx(imsdoc, project, tmp, draft, failures):
    docx = os.path.join(tmp, f"{'draft' if draft else 'approved'}.docx")
    r = run([imsdoc, "docx", project, "-o", docx])
    if r.returncode != 0:
        failures.append(f"docx: exit {r.returncode}\n{r.stderr}")
        return
    with zipfile.ZipFile(docx) as z:
        parts = {n: z.read(n).decode("utf-8", "replace") for n in z.namelist()}
    headers = [n for n in parts if re.match(r"word/header\d+\.xml$", n)]
    if draft:
        for n in ["word/header1.xml", "word/header2.xml"]:
            if ">DRAFT<" not in parts.get(n, ""):
                failures.append(f"DOCX draft: {n} does not say DRAFT ({headers})")
        if '<w:headerReference w:type="first"' not in parts["word/document.xml"]:
            failures.append("DOCX draft: no header on the title page")
    else:
        for n, xml in parts.items():
            if ">DRAFT<" in xml:
                failures.append(f"DOCX approved: {n} says DRAFT")
    if not shutil.which("soffice"):
        print("note: LibreOffice not checked: soffice is not installed "
              "(Debian package libreoffice-writer-nogui)")
        return
    profile = os.path.join(tmp, "lo-profile")
    run(["timeout", "-k", "5", "120", "soffice", f"-env:UserInstallation=file://{profile}",
         "--headless", "--convert-to", "pdf", "--outdir", tmp, docx])
    pdf = docx[:-5] + ".pdf"
    if not os.path.exists(pdf):
        failures.append("LibreOffice wrote no PDF of " + os.path.basename(docx))
        return
    check_pages(f"DOCX {'draft' if draft else 'approved'} in LibreOffice", pdf_pages(pdf), draft,
                failures)


def check_pdf(imsdoc, project, tmp, draft, failures):
    if not shutil.which("weasyprint"):
        print("note: PDF not checked: weasyprint is not installed (Debian package weasyprint)")
        return
    pdf = os.path.join(tmp, f"{'draft' if draft else 'approved'}.pdf")
    r = run([imsdoc, "pdf", project, "-o", pdf, "--quiet"])
    if r.returncode != 0:
        failures.append(f"pdf: exit {r.returncode}\n{r.stderr}")
        return
    pages = pdf_pages(pdf)
    check_pages(f"PDF {'draft' if draft else 'approved'}", pages, draft, failures)
    cover = " ".join(pages[0].split()) if pages else ""
    if not draft:
        for want in ["Approver Managing Director", "Effective 2026-"]:
            if want not in cover:
                failures.append(f"PDF approved: the title page lacks {want!r}: {cover[:300]!r}")


def main():
    imsdoc, fixture = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    for tool in ["pdfinfo", "pdftotext"]:
        if not shutil.which(tool):
            print(f"SKIP: {tool} is not installed (Debian package poppler-utils)")
            return 77
    failures = []
    with tempfile.TemporaryDirectory(prefix="imsdoc-draft-") as tmp:
        draft = os.path.join(tmp, "draft")
        approved = os.path.join(tmp, "approved")
        shutil.copytree(fixture, draft)
        shutil.copytree(fixture, approved)
        drafts = 0
        for md in glob.glob(os.path.join(approved, "content", "**", "*.md"), recursive=True):
            text = open(md, encoding="utf-8").read()
            drafts += len(re.findall(r"(?m)^status: draft$", text))
            with open(md, "w", encoding="utf-8") as f:
                f.write(re.sub(r"(?m)^status: draft$", "status: approved", text))
        if drafts != 1:
            print(f"FAIL: the fixture should have one draft section, it has {drafts}")
            return 1
        for project, is_draft in [(draft, True), (approved, False)]:
            check_site(imsdoc, project, os.path.join(tmp, f"site-{is_draft}"), is_draft, failures)
            check_docx(imsdoc, project, tmp, is_draft, failures)
            check_pdf(imsdoc, project, tmp, is_draft, failures)
    for f in failures:
        print("FAIL: " + f)
    if not failures:
        print("ok: draft marked on every page of the site, DOCX and PDF; approved editions not")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
