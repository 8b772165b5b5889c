#!/usr/bin/env python3
"""imsdoc init and imsdoc init --extend, end to end.

  import_test.py IMSDOC MODE ARG

MODE init     ARG unused: a fresh project checks and builds; init refuses a non-empty DIR and
              unknown standards; two runs give identical trees.
MODE docx     ARG = the example project: its Word edition (imsdoc docx) imported back: the
              sections, numbers, titles, clauses, sub-headings and tables come back; exact gap
              report; the result checks and builds.
MODE markdown ARG = the example project: its content/ folder imported as Markdown files: ids,
              numbers, front matter and clauses kept, links rewritten; deterministic.
MODE lo       ARG = tests/fixtures/import/legacy-manual.fodt, converted to .docx by LibreOffice
              (skipped, exit 77, only when soffice is absent): headings, lists, a table, clauses.
MODE comply   ARG = the comply-soc2 corpus (read only): TSC becomes standards/tsc.yaml, each
              section's clauses are its satisfies: list, exact coverage counts.
"""
import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

import yaml

ENV = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8", SOURCE_DATE_EPOCH="1780000000")  # 2026-05-28
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)


def run(args, cwd=None, expect=0):
    r = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=ENV, timeout=120)
    check(r.returncode == expect,
          f"{' '.join(args)}: exit {r.returncode}, expected {expect}\n{r.stdout}\n{r.stderr}")
    return r


def tree(root):
    out = {}
    for dirpath, _, files in os.walk(root):
        for name in files:
            path = os.path.join(dirpath, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, root)] = hashlib.sha256(f.read()).hexdigest()
    return out


def front_matter(path):
    text = open(path, encoding="utf-8").read()
    assert text.startswith("---\n"), path
    fm, body = text[4:].split("\n---\n", 1)
    return yaml.safe_load(fm), body


def sections(project):
    out = {}
    for path in sorted(glob.glob(os.path.join(project, "content", "**", "*.md"), recursive=True)):
        fm, body = front_matter(path)
        out[fm["id"]] = (fm, body, path)
    return out


def check_and_build(imsdoc, project, version="0.1"):
    r = run([imsdoc, "check", project])
    check(": error:" not in r.stderr, "check reports errors:\n" + r.stderr)
    r = run([imsdoc, "build", project, "-q"])
    check(": error:" not in r.stderr, "build reports errors:\n" + r.stderr)
    check(os.path.exists(os.path.join(project, "site", version, "index.html")),
          f"build wrote no site/{version}/index.html")


def coverage(imsdoc, project):
    return run([imsdoc, "check", project, "--coverage", "-q"]).stdout


def test_init(imsdoc, _arg, tmp):
    a, b = os.path.join(tmp, "a"), os.path.join(tmp, "b")
    r = run([imsdoc, "init", a, "--standards", "9001,27001", "--organisation", "Test Org"])
    check(r.stdout == f"imsdoc: created {a}: 35 sections, 12 registers\n"
                      f"next: imsdoc check {a} --coverage && imsdoc build {a}\n",
          "init stdout:\n" + r.stdout)
    check(r.stderr == "", "init stderr:\n" + r.stderr)
    run([imsdoc, "init", b, "--standards", "9001,27001", "--organisation", "Test Org", "-q"])
    check(tree(a) == tree(b), "two inits of the same project differ")
    check_and_build(imsdoc, a)
    fm, body, _ = sections(a)["IMS-6.1"]
    check(fm["clauses"] == ["9001:6.1", "27001:6.1"], f"IMS-6.1 clauses {fm['clauses']}")
    check(fm["status"] == "draft" and str(fm["effective"]) == "2026-05-28", f"IMS-6.1 {fm}")
    check("> **To write:**" in body, "IMS-6.1 has no placeholder prose")
    check("title: \"Integrated Management System Manual\"\norganisation: \"Test Org\"\n" in
          open(os.path.join(a, "imsdoc.yaml")).read(), "imsdoc.yaml title/organisation")
    cov = coverage(imsdoc, a)
    check("ISO 9001:2015\n  clauses: 65/65 covered" in cov, "coverage:\n" + cov)

    # Refusals: exact messages, exit 2, nothing written.
    before = tree(tmp)
    r = run([imsdoc, "init", a], expect=2)
    check(r.stderr == f"{a}: error: the directory is not empty; init writes only into a new or "
                      "empty directory\n", "non-empty DIR:\n" + r.stderr)
    c = os.path.join(tmp, "c")
    r = run([imsdoc, "init", c, "--standards", "9001,14001"], expect=2)
    check(r.stderr == "imsdoc: error: unknown standard '14001' in --standards\n"
                      "hint: choose from '9001', '27001' and '42001'\n", "unknown standard:\n" + r.stderr)
    r = run([imsdoc, "init", os.path.join(tmp, "no", "such", "dir")], expect=2)
    check(r.stderr.endswith("does not exist\n") and ": error: its parent directory " in r.stderr,
          "missing parent:\n" + r.stderr)
    check(tree(tmp) == before and not os.path.exists(c), "a refused init wrote files")

    # An existing empty directory is kept (it may be the shell's working directory): init .
    d = os.path.join(tmp, "d")
    os.makedirs(d)
    inode = os.stat(d).st_ino
    run([imsdoc, "init", ".", "--standards", "9001,27001", "--organisation", "Test Org", "-q"],
        cwd=d)
    check(os.stat(d).st_ino == inode, "init . replaced the directory")
    check(tree(d) == tree(b), "init . differs from init b")
    check(sorted(os.listdir(tmp)) == ["a", "b", "d"], f"left behind: {sorted(os.listdir(tmp))}")


# What the example's sections cover by their own clauses (its SoA register, which covers most
# Annex A controls in the example, is not part of the Word edition's sections). Checked by hand:
# the example's front matter lists 8 distinct 27001 and 28 distinct 42001 Annex A controls
# (grep -ho '"27001:A[^"]*"' content/*/*.md | sort -u), and covers every clause 4-10 of all
# three standards (imsdoc check --coverage). expected_counts() recomputes them from the sources.
EXPECTED_DOCX_COUNTS = {
    "9001": {"clauses": (65, 65)},
    "27001": {"clauses": (30, 30), "Annex A controls": (93, 8)},
    "42001": {"clauses": (32, 32), "Annex A controls": (38, 28)},
}


def catalog_leaves(root):
    """short name -> [(id, ancestors..., annex?)] for every leaf of the built-in catalogs."""
    out = {}
    for path in glob.glob(os.path.join(root, "generator", "catalogs", "iso*.yaml")):
        cat = yaml.safe_load(open(path))
        leaves = []

        def walk(items, chain, annex, child_keys):
            for item in items or []:
                kids = []
                for k in child_keys:
                    kids += item.get(k) or []
                here = chain + [str(item["id"])]
                if kids:
                    for k in child_keys:
                        walk(item.get(k), here, annex, child_keys)
                else:
                    leaves.append((here, annex))
        walk(cat.get("clauses"), [], False, ["children"])
        walk(cat.get("annex_a"), [], True, ["controls", "groups"])
        out[str(cat["standard"]["short"])] = leaves
    return out


def expected_counts(example, root):
    """Leaves covered by the sections' clauses (a leaf is covered when it or a parent is listed)."""
    listed = set()
    for fm, _, _ in sections(example).values():
        listed.update(fm.get("clauses", []))
    counts = {}
    for short, leaves in catalog_leaves(root).items():
        for chain, annex in leaves:
            key = "Annex A controls" if annex else "clauses"
            total, covered = counts.setdefault(short, {}).get(key, (0, 0))
            hit = any(f"{short}:{c}" in listed for c in chain)
            counts[short][key] = (total + 1, covered + hit)
    return counts


def test_docx(imsdoc, example, tmp):
    docx = os.path.join(tmp, "manual.docx")
    run([imsdoc, "docx", example, "-o", docx, "-q", "--as-of", "2026-03-01"])
    project = os.path.join(tmp, "imported")
    r = run([imsdoc, "init", "--extend", docx, project])
    expected = expected_counts(example, example)
    check(expected == EXPECTED_DOCX_COUNTS, f"counts from the example's sources: {expected}")
    titles = {"9001": "ISO 9001:2015", "27001": "ISO/IEC 27001:2022", "42001": "ISO/IEC 42001:2023"}
    for short, kinds in EXPECTED_DOCX_COUNTS.items():
        report = titles[short] + "\n"
        for kind, (total, covered) in kinds.items():
            report += (f"  {kind}: {total} in total, {covered} covered by the imported manual, 0 by "
                       f"the added AI sections, {total - covered} not covered\n")
            if total > covered:
                report += "    not covered: "
        check(report in r.stdout or report.replace("    not covered: ", "") in r.stdout,
              f"gap report lacks:\n{report}\n--- in:\n{r.stdout}")
    check("    not covered: 42001:A.6.2.3 42001:A.6.2.7 42001:A.7.2 42001:A.7.3 42001:A.7.4 "
          "42001:A.7.5\n" in r.stdout, "42001 Annex A gaps:\n" + r.stdout)
    source = sections(example)
    imported = sections(project)
    check(len(imported) == len(source) + 8, f"{len(imported)} sections, expected {len(source)} + 8")
    for sid, (fm, body, _) in source.items():
        if sid not in imported:
            failures.append(f"section {sid} did not come back")
            continue
        got, got_body, _ = imported[sid]
        for key in ("title", "section", "owner", "approver", "version"):
            check(str(got[key]) == str(fm[key]), f"{sid} {key}: {got[key]!r} != {fm[key]!r}")
        check(sorted(got.get("clauses", [])) == sorted(fm.get("clauses", [])),
              f"{sid} clauses: {got.get('clauses')} != {fm.get('clauses')}")
        for heading in re.findall(r"^(#{2,6} .*)$", body, re.M):
            plain = re.sub(r"[*_`\[\]\\]", "", heading)
            check(any(re.sub(r"[*_`\[\]\\]", "", h) == plain
                      for h in re.findall(r"^(#{2,6} .*)$", got_body, re.M)),
                  f"{sid}: heading {heading!r} did not come back")
    _, gates, _ = imported["IMS-6.2"]
    # Cross-references (internal hyperlinks to a heading's bookmark) are references again.
    check("listed in the [[IMS-6.3\\|AI process register]]." in gates,
          "IMS-6.2's reference to IMS-6.3 did not come back:\n" + gates)
    check("| 1 Intake | PRC-03, AI Governance Lead | AI use request from a named business owner |"
          in gates, "IMS-6.2's gate table did not survive:\n" + gates)
    added = {k: v for k, v in imported.items() if k.startswith("AI-")}
    check(sorted(added) == ["AI-AUDIT", "AI-CONTEXT", "AI-IMS", "AI-POLICY", "AI-REGISTER",
                            "AI-REVIEW", "AI-RISK", "AI-SOA"], f"added sections {sorted(added)}")
    check(all("Added by imsdoc init --extend" in fm["summary"] for fm, _, _ in added.values()),
          "added sections are not marked")
    check("This section extends [[IMS-7.2]]." in added["AI-AUDIT"][1], "AI-AUDIT link")
    config = yaml.safe_load(open(os.path.join(project, "imsdoc.yaml")))
    check((config["title"], config["organisation"], config["manual_id"], config["version"]) ==
          ("Integrated Management System Manual", "Harbourline Logistics Ltd", "IMS-M-001", "3.0"),
          f"imsdoc.yaml from the title page: {config}")
    check(r.stderr.startswith(f"{docx}: warning: 2 images were not imported"), "images:\n" + r.stderr)
    check_and_build(imsdoc, project, "3.0")


def test_markdown(imsdoc, example, tmp):
    """The example's content/ as a folder of Markdown files with imsdoc front matter."""
    project = os.path.join(tmp, "from-markdown")
    r = run([imsdoc, "init", "--extend", os.path.join(example, "content"), project])
    source, imported = sections(example), sections(project)
    for sid, (fm, body, _) in source.items():
        got = imported.get(sid)
        if not got:
            failures.append(f"section {sid} did not come back")
            continue
        for key in ("title", "section", "owner", "approver", "version", "status"):
            check(got[0].get(key) == fm.get(key), f"{sid} {key}: {got[0].get(key)!r} != {fm.get(key)!r}")
        check(sorted(got[0].get("clauses", [])) == sorted(fm.get("clauses", [])),
              f"{sid} clauses: {got[0].get('clauses')} != {fm.get('clauses')}")
    # Links between sections survive as references; references to registers become text.
    _, intro, _ = imported["IMS-1"]
    check("[[IMS-1.4\\|Processes and their interactions]]" in intro and
          "[[IMS-1.2\\|Overview and scope]]" in intro, "IMS-1 lost its section links:\n" + intro)
    _, processes, _ = imported["IMS-1.4"]
    check("[[IMS-6.2\\|AI system life cycle and control gates]]" in processes,
          "a link to ../06-operation/6.2-ai-lifecycle-gates.md was not rewritten")
    check("references kept as text, nothing in the new project has that id: PRC-" in r.stderr,
          "no warning for register references:\n" + r.stderr)
    check("  Annex A controls: 93 in total, 8 covered by the imported manual" in r.stdout,
          "gap report:\n" + r.stdout)
    again = os.path.join(tmp, "again")
    run([imsdoc, "init", "--extend", os.path.join(example, "content"), again, "-q"])
    check(tree(project) == tree(again), "two imports of the same folder differ")
    check_and_build(imsdoc, project)


def convert_with_libreoffice(fodt, tmp):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        print("skipped: soffice not found (apt-get install libreoffice-writer-nogui)")
        sys.exit(77)
    out = os.path.join(tmp, "lo")
    os.makedirs(out)
    subprocess.run(["timeout", "-k", "5", "90", soffice,
                    f"-env:UserInstallation=file://{tmp}/lo-profile", "--headless",
                    "--convert-to", "docx", "--outdir", out, fodt],
                   capture_output=True, text=True, env=ENV)
    docx = os.path.join(out, "legacy-manual.docx")
    # soffice exits 0 whatever happens: the output must exist and be a Word package.
    if not os.path.exists(docx) or not zipfile.is_zipfile(docx):
        failures.append("LibreOffice wrote no legacy-manual.docx")
        return None
    with zipfile.ZipFile(docx) as z:
        check("word/document.xml" in z.namelist(), "the converted file has no word/document.xml")
    return docx


def test_lo(imsdoc, fodt, tmp):
    docx = convert_with_libreoffice(fodt, tmp)
    if not docx:
        return
    project = os.path.join(tmp, "legacy")
    r = run([imsdoc, "init", "--extend", docx, project, "--organisation", "Northwind Freight GmbH"])
    check("ISO 9001:2015\n  clauses: 65 in total, 8 covered by the imported manual, 0 by the "
          "added AI sections, 57 not covered\n" in r.stdout, "9001 gaps:\n" + r.stdout)
    check("ISO/IEC 27001:2022\n  clauses: 30 in total, 2 covered by the imported manual, 0 by the "
          "added AI sections, 28 not covered\n" in r.stdout, "27001 gaps:\n" + r.stdout)
    check("  Annex A controls: 93 in total, 2 covered by the imported manual, 0 by the added AI "
          "sections, 91 not covered\n" in r.stdout, "27001 Annex A gaps:\n" + r.stdout)
    check("ISO/IEC 42001:2023\n  clauses: 32 in total, 0 covered by the imported manual, 18 by "
          "the added AI sections, 14 not covered\n" in r.stdout, "42001 gaps:\n" + r.stdout)
    check(r.stdout.endswith(f"imsdoc: created {project}: 14 sections (6 imported, 8 added for "
                            f"ISO/IEC 42001), 7 registers\n"
                            f"next: imsdoc check {project} --coverage && imsdoc build {project}\n"),
          "summary:\n" + r.stdout)
    got = {sid: (fm["section"], fm["title"], fm.get("clauses", []), body)
           for sid, (fm, body, _) in sections(project).items() if not sid.startswith("AI-")}
    expected = {
        "IMS-0": ("0", "Preface", []),
        "IMS-4": ("4", "Context of the organization", []),
        "IMS-4.1": ("4.1", "Understanding the organization and its context",
                    ["9001:4.1", "27001:4.1"]),
        "IMS-4.2": ("4.2", "Interested parties", ["9001:4.2", "27001:4.2"]),
        "IMS-8": ("8", "Operation", ["9001:8.5"]),
        "IMS-8.1": ("8.1", "Access to depot systems", ["27001:A.5.15", "27001:A.8.5"]),
    }
    check({k: v[:3] for k, v in got.items()} == expected, f"sections: {got}")
    if not failures:
        check("between **12 depots** in Germany" in got["IMS-4"][3], "bold run:\n" + got["IMS-4"][3])
        check("every quarter, as *clause 4.1* requires. Key issues:\n\n- fuel prices and driver "
              "shortages;\n- customer demands for shipment tracking data;\n    - including "
              "real-time temperature logs.\n" in got["IMS-4.1"][3], "lists:\n" + got["IMS-4.1"][3])
        check("| Party | Requirement |\n|---|---|\n| Customers | On-time delivery \\| cold chain |\n"
              "| Regulators | GDP guidelines |\n" in got["IMS-4.2"][3], "table:\n" + got["IMS-4.2"][3])
        check("[operations intranet](https://intranet.example.com/ops)" in got["IMS-8"][3],
              "hyperlink:\n" + got["IMS-8"][3])
        check("## Granting access\n\n1. The line manager requests access.\n1. The IT lead "
              "approves and records it.\n" in got["IMS-8.1"][3], "numbered list:\n" + got["IMS-8.1"][3])
        check("Contents" not in "".join(v[3] for v in got.values()), "the TOC was imported")
    config = yaml.safe_load(open(os.path.join(project, "imsdoc.yaml")))
    check(config["title"] == "Northwind Freight Quality and Information Security Manual" and
          config["standards"] == ["9001", "27001", "42001"], f"config {config}")
    check_and_build(imsdoc, project)


def comply_expectations(corpus):
    """Per file: the satisfies: ids that exist in the TSC catalog, computed from the corpus."""
    catalog = yaml.safe_load(open(os.path.join(corpus, "standards", "TSC-2017.yml")))
    ids = {k for k in catalog if k != "name"}
    per_file, unknown = {}, []
    for folder in ("narratives", "policies", "procedures"):
        for path in sorted(glob.glob(os.path.join(corpus, folder, "*.md"))):
            if os.path.basename(path) == "README.md":
                continue
            text = open(path, encoding="utf-8").read()
            head = text[4:].split("\n---\n")[0] if text.startswith("---\n") else text.split("\n---\n")[0]
            fm = yaml.safe_load(head) or {}
            refs = []
            for standard, items in (fm.get("satisfies") or {}).items():
                for item in items:
                    (refs if item in ids else unknown).append(f"{standard}:{item}")
            per_file[os.path.relpath(path, corpus)] = refs
    return ids, per_file, unknown


def test_comply(imsdoc, corpus, tmp):
    if not os.path.isdir(corpus):
        print(f"skipped: the comply corpus is not at {corpus}")
        sys.exit(77)
    before = tree(corpus)
    ids, per_file, unknown = comply_expectations(corpus)
    covered = set().union(*per_file.values())
    # Verified by hand (grep satisfies: in the corpus): 61 TSC criteria, 36 documents, all 61
    # criteria satisfied by some document, five references to CC9.9, which TSC-2017 lacks.
    check(len(ids) == 61 and len(per_file) == 36 and len(covered) == 61 and
          unknown == ["TSC:CC9.9"] * 5, f"corpus: {len(ids)} {len(per_file)} {len(covered)} {unknown}")
    project = os.path.join(tmp, "soc2")
    r = run([imsdoc, "init", "--extend", corpus, project, "--organisation", "Acme Cloud"])
    check(r.stderr.count("warning: dropped clause 'TSC:CC9.9'") == 5, "CC9.9 warnings:\n" + r.stderr)
    check("SOC 2 Trust Services Criteria (2017)\n  clauses: 61 in total, 61 covered by the "
          "imported manual, 0 by the added AI sections, 0 not covered\n" in r.stdout,
          "gap report:\n" + r.stdout)
    check(tree(corpus) == before, "the corpus was modified")
    check(os.path.exists(os.path.join(project, "standards", "tsc.yaml")), "no standards/tsc.yaml")
    by_source = {}
    for sid, (fm, body, path) in sections(project).items():
        m = re.search(r"^# Imported by imsdoc init --extend from (.*)$", open(path).read(), re.M)
        if m:
            by_source[os.path.relpath(m.group(1), corpus)] = (sid, fm, body)
    for rel, refs in per_file.items():
        if rel not in by_source:
            failures.append(f"{rel} was not imported")
            continue
        sid, fm, body = by_source[rel]
        check(sorted(fm.get("clauses", [])) == sorted(set(refs)), f"{rel}: {fm.get('clauses')} != {refs}")
        check("{{.Name}}" not in body, f"{rel}: {{{{.Name}}}} left in the body")
    check(by_source["policies/access.md"][0] == "POL-AOTP", "access.md id")
    config = yaml.safe_load(open(os.path.join(project, "imsdoc.yaml")))
    check(config["standards"] == ["42001", "TSC"], f"standards {config['standards']}")
    cov = coverage(imsdoc, project)
    expected = (f"SOC 2 Trust Services Criteria (2017)\n  clauses: {len(covered)}/{len(ids)} covered, "
                f"0 only mentioned, {len(ids) - len(covered)} not covered\n")
    check(expected in cov and "clauses: 61/61 covered" in cov, "coverage:\n" + cov)
    check("ISO/IEC 42001:2023\n  clauses: 18/32 covered, 0 only mentioned, 14 not covered\n" in cov,
          "42001 coverage:\n" + cov)
    check_and_build(imsdoc, project)


def main():
    imsdoc, mode, arg = os.path.abspath(sys.argv[1]), sys.argv[2], os.path.abspath(sys.argv[3])
    with tempfile.TemporaryDirectory(prefix="imsdoc-import-") as tmp:
        {"init": test_init, "docx": test_docx, "markdown": test_markdown, "lo": test_lo,
         "comply": test_comply}[mode](
            imsdoc, arg, tmp)
    if failures:
        print("FAIL\n" + "\n".join(failures))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())
