#!/usr/bin/env python3
"""imsdoc pdf end to end: WeasyPrint renders print.html, poppler-utils reads the PDF back.

  print_pdf.py IMSDOC PROJECT PRINT_FIXTURE ARTIFACTS_DIR

PROJECT (the example manual) must give a plausible A4 PDF whose text has the title page,
document control, a TOC whose page numbers are right (each entry's heading is on the page the
TOC names), the section headings, a footnote, SoA cells and the running header and footer.
The first pages are saved as PNGs in ARTIFACTS_DIR. PRINT_FIXTURE (tests/golden/print/project)
checks what must not happen: remote files fetched, temporary files left behind, a
previous PDF replaced when WeasyPrint is missing.

Exits 77 (skipped) when weasyprint or poppler-utils is not installed.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

HINT = ("hint: install the Debian package 'weasyprint' (apt-get install --no-install-recommends "
        "weasyprint python3-munkres)\n")


def run(args, **kw):
    env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")
    env.update(kw.pop("env", {}))
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=300, **kw)


def text(pdf, first=None, last=None, layout=True):
    args = ["pdftotext"] + (["-layout"] if layout else [])
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    r = run(args + [pdf, "-"])
    assert r.returncode == 0, r.stderr
    return r.stdout


def squash(s):
    return re.sub(r"\s+", " ", s)


def check_example(imsdoc, project, artifacts, tmp, failures):
    pdf = os.path.join(tmp, "out", "manual.pdf")
    r = run([imsdoc, "pdf", project, "-o", pdf, "--as-of", "2026-03-01"],
            env={"TMPDIR": tmp})
    if r.returncode != 0 or "imsdoc: PDF of IMS-M-001 version 3.0: " not in r.stdout:
        failures.append(f"imsdoc pdf of the example: exit {r.returncode}\n{r.stdout}{r.stderr}")
        return
    if "not fetched" in r.stderr:
        failures.append("the example refers to something outside print.html:\n" + r.stderr)
    info = run(["pdfinfo", pdf]).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    if not 30 <= pages <= 200:
        failures.append(f"implausible page count {pages}")
    if not re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info, re.M):
        failures.append("pages are not A4:\n" + info)

    title = squash(text(pdf, 1))
    for want in ["HARBOURLINE LOGISTICS LTD", "Integrated Management System Manual",
                 "IMS-M-001 · Version 3.0", "Effective 2026-03-01"]:
        if want not in title:
            failures.append(f"title page lacks {want!r}: {title[:300]!r}")
    if "Page 1 of" in title:
        failures.append("the title page has a page footer")

    front = text(pdf, 2, 5)
    for want in ["Document control", "Classification Internal", "Revision history",
                 "3.0 2026-03-01 ISO/IEC 42001 integrated", f"Page 2 of {pages}",
                 "IMS-M-001 · Version 3.0", "Contents"]:
        if want not in squash(front):
            failures.append(f"front matter lacks {want!r}")
    # TOC lines: number, title, dot leader, page number.
    toc = {}
    for line in front.splitlines():
        m = re.match(r"^\s*((?:\d+(?:\.\d+)*)|A(?:\.\d+)?)\s+(.+?)\s*\.{3,}\s*(\d+)\s*$", line)
        if m:
            toc[m.group(1)] = (m.group(2), int(m.group(3)))
    for number in ["1", "1.4", "4.2", "6.2", "8.2", "A", "A.11"]:
        if number not in toc:
            failures.append(f"TOC has no entry {number} with a page number; TOC lines: "
                            f"{sorted(toc)}")
            continue
        title_words, page = toc[number][0], toc[number][1]
        if not 1 <= page <= pages:
            failures.append(f"TOC entry {number} names page {page} of {pages}")
            continue
        on_page = squash(text(pdf, page))
        if f"{number} {title_words}"[:40] not in on_page:
            failures.append(f"TOC says {number} {title_words} is on page {page}, it is not there: "
                            f"{on_page[:200]!r}")

    body = squash(text(pdf))
    for want in ["1.4 Processes and their interactions", "4.2 Risk treatment and Statement of",
                 "The scales are defined in SOP-IMS-02",  # a footnote
                 "A.11 Statement of Applicability", "42001:A.2.2", "AI policy",
                 "Managing Director", "RSK-004", "AI system register"]:
        if want not in body:
            failures.append(f"PDF text lacks {want!r}")
    # Footnotes sit at the foot of the page that refers to them.
    for p in range(1, pages + 1):
        if "from 1 to 25" in squash(text(pdf, p)):
            if "The scales are defined in SOP-IMS-02" not in squash(text(pdf, p)):
                failures.append(f"the footnote of 4.1 is not on page {p}, which refers to it")
            break
    else:
        failures.append("no page has the text of 4.1 that refers to its footnote")
    if not re.search(r"\(p\. \d+\)", body):
        failures.append("cross-references carry no page numbers")
    # SoA row: id, control title and applicability in one table row.
    if not re.search(r"42001:A\.2\.2\s+AI policy\s+Yes\s+implemented", squash(text(pdf, layout=True))):
        failures.append("no SoA row '42001:A.2.2 AI policy Yes implemented' in the PDF")

    os.makedirs(artifacts, exist_ok=True)
    for old in os.listdir(artifacts):
        if old.endswith(".png"):
            os.remove(os.path.join(artifacts, old))
    r = run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "3", pdf,
             os.path.join(artifacts, "page")])
    pngs = sorted(f for f in os.listdir(artifacts) if f.endswith(".png"))
    if r.returncode != 0 or len(pngs) != 3:
        failures.append(f"pdftoppm wrote {pngs}: {r.stderr}")
    shutil.copy(pdf, os.path.join(artifacts, "manual.pdf"))


def check_fixture(imsdoc, fixture, tmp, failures):
    project = os.path.join(tmp, "fixture")
    shutil.copytree(fixture, project)
    private_tmp = os.path.join(tmp, "private-tmp")
    os.mkdir(private_tmp)
    out = os.path.join(tmp, "fixture.pdf")
    with open(out, "w") as f:
        f.write("previous")

    # WeasyPrint missing: exit 3, the package named, the previous PDF untouched.
    empty_path = os.path.join(tmp, "empty-path")
    os.mkdir(empty_path)
    r = run([imsdoc, "pdf", project, "-o", out, "-q"],
            env={"PATH": empty_path, "TMPDIR": private_tmp})
    expected = "imsdoc: error: weasyprint is not installed (not found in PATH)\n" + HINT
    if r.returncode != 3 or r.stderr != expected:
        failures.append(f"without weasyprint: exit {r.returncode}, stderr {r.stderr!r}")
    if open(out).read() != "previous":
        failures.append("a failed pdf changed the previous file")

    # Remote and outside resources are refused, the PDF is still written, atomically.
    r = run([imsdoc, "pdf", project, "-o", out, "-q"], env={"TMPDIR": private_tmp})
    if r.returncode != 0:
        failures.append(f"pdf of the fixture: exit {r.returncode}\n{r.stderr}")
    for url in ["https://example.invalid/logo.png"]:
        want = f"imsdoc: warning: not fetched while rendering the PDF (imsdoc renders offline): {url}\n"
        if want not in r.stderr:
            failures.append(f"no warning that {url} was not fetched: {r.stderr!r}")
    if not open(out, "rb").read(5) == b"%PDF-":
        failures.append("the fixture PDF is not a PDF")
    # The local image is embedded (a data: URL in print.html), the remote one is not.
    images = run(["pdfimages", "-list", out]).stdout.splitlines()[2:]
    if len(images) != 1 or not re.match(r"^\s*\d+\s+0\s+image\s+24\s+12\s", images[0]):
        failures.append(f"the fixture PDF should have the 24x12 local image only: {images}")
    again = os.path.join(tmp, "fixture-again.pdf")
    r = run([imsdoc, "pdf", project, "-o", again, "-q"], env={"TMPDIR": private_tmp})
    if r.returncode != 0 or open(again, "rb").read() != open(out, "rb").read():
        failures.append("two PDFs of the same input differ")
    if os.listdir(private_tmp):
        failures.append(f"temporary files left behind: {os.listdir(private_tmp)}")
    leftovers = [f for f in os.listdir(tmp) if ".imsdoc-tmp-" in f]
    if leftovers:
        failures.append(f"temporary output files left: {leftovers}")
    fixture_text = squash(text(out))
    for want in ["Print <Fixture> & Manual", "Introduction <script>alert(1)</script>",
                 "1. In SOP-IMS-02, with examples.", "RSK-001 Biased routing",
                 # numbered through the document: the second footnote, referred to twice
                 "covers all sites2; the list is kept current2.", "2. Listed in F-IMS05."]:
        if want not in fixture_text:
            failures.append(f"fixture PDF lacks {want!r}")

    # Where the PDF may not go.
    r = run([imsdoc, "pdf", project, "-o", os.path.join(project, "content", "x.pdf")])
    if r.returncode != 2 or "the output file is inside the project's content/ directory" not in r.stderr:
        failures.append(f"-o into content/: exit {r.returncode} {r.stderr!r}")


def main():
    imsdoc, project, fixture, artifacts = (os.path.abspath(a) for a in sys.argv[1:5])
    if not shutil.which("weasyprint"):
        print("SKIP: weasyprint is not installed (Debian package weasyprint)")
        return 77
    for tool in ["pdfinfo", "pdftotext", "pdftoppm", "pdfimages"]:
        if not shutil.which(tool):
            print(f"SKIP: {tool} is not installed (Debian package poppler-utils)")
            return 77
    failures = []
    with tempfile.TemporaryDirectory(prefix="imsdoc-pdf-test-") as tmp:
        check_example(imsdoc, project, artifacts, tmp, failures)
        check_fixture(imsdoc, fixture, tmp, failures)
    for f in failures:
        print("FAIL: " + f)
    if not failures:
        print(f"ok: example and fixture PDFs; pages of the example in {artifacts}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
