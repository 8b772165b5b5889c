#!/usr/bin/env python3
"""Benchmarks imsdoc against other tools on one generated corpus, side by side in one run.

  bench/run.py [--imsdoc build/imsdoc] [--sections 1000] [--entries 1000] [--runs 5]
               [--keep DIR] [docx ...]

Benchmarks (default: site docx snapshot):
  site      imsdoc build of the project  vs  hugo and mkdocs build of the same sections as plain
            Markdown (Hugo: no taxonomies, RSS, sitemap or robots.txt, a minimal layout with
            the page list as navigation, as imsdoc's pages have; MkDocs: use_directory_urls:
            false, its default theme). imsdoc does more: registers, diagrams, search, print.html
  docx      imsdoc docx of the project  vs  pandoc --toc -o manual.docx manual.md
  snapshot  imsdoc snapshot --no-pdf (site, DOCX, CSV, manifest in one zip; target < 1 s;
            the PDF is WeasyPrint's time, not imsdoc's), after a build into the project's
            site/ (whose diagram layouts the snapshot reuses, as in a CI job that builds first)
  scale     imsdoc build at --sections and at 10x --sections (target: <= 11x the time, peak
            RSS < 300 MB)

Each command runs --runs times, the tools alternating so that machine load affects them alike;
the report gives the median wall time, the ratio to imsdoc and the peak RSS (GNU time). A tool
that is not installed is reported as such (Debian package named). Not part of ctest: timings
are measurements, not pass/fail tests. Record results in docs/performance.md.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def measure(cmd, cwd):
    """Wall seconds and peak RSS (KiB, or None) of one run of cmd."""
    gnu_time = "/usr/bin/time"
    wrapped = [gnu_time, "-f", "%M"] + cmd if os.path.exists(gnu_time) else cmd
    start = time.perf_counter()
    r = subprocess.run(wrapped, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if r.returncode != 0:
        sys.exit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr[-2000:]}")
    rss = None
    if wrapped is not cmd:
        m = re.search(r"(\d+)\s*$", r.stderr)
        rss = int(m.group(1)) if m else None
    return elapsed, rss


def compare(name, contenders, runs, cwd):
    """contenders: [(label, cmd or None, missing-package)]; the first is imsdoc."""
    results = {}
    for _ in range(runs):
        for label, cmd, _ in contenders:
            if cmd:
                results.setdefault(label, []).append(measure(cmd, cwd))
    base = statistics.median(t for t, _ in results[contenders[0][0]])
    print(f"\n== {name} ({runs} runs each, median wall time)")
    for label, cmd, package in contenders:
        if not cmd:
            print(f"  {label:28s} not installed (apt-get install {package})")
            continue
        times = [t for t, _ in results[label]]
        rss = max((r for _, r in results[label] if r), default=None)
        med = statistics.median(times)
        ratio = "" if label == contenders[0][0] else f"  {med / base:6.1f}x imsdoc's time"
        print(f"  {label:28s} {med:8.3f} s  (min {min(times):.3f})"
              f"{'' if rss is None else f'  peak RSS {rss / 1024:6.1f} MiB'}{ratio}")


def hugo_site(work):
    """A Hugo site over DIR/markdown: each file with its first heading as front matter title."""
    root = os.path.join(work, "hugo")
    shutil.rmtree(root, ignore_errors=True)
    src = os.path.join(work, "markdown")
    for dirpath, _, files in os.walk(src):
        for name in files:
            rel = os.path.relpath(os.path.join(dirpath, name), src)
            with open(os.path.join(dirpath, name)) as f:
                text = f.read()
            title = text.split("\n", 1)[0].lstrip("# ").replace('"', "'")
            out = os.path.join(root, "content", rel)
            os.makedirs(os.path.dirname(out), exist_ok=True)
            with open(out, "w") as f:
                f.write(f'---\ntitle: "{title}"\n---\n' + text.split("\n", 1)[1])
    layouts = os.path.join(root, "layouts", "_default")
    os.makedirs(layouts)
    # Navigation as imsdoc's sidebar: the top level (the chapters), and the pages of the
    # current chapter.
    page = ("<!DOCTYPE html><html><head><meta charset=utf-8><title>{{ .Title }}</title></head>"
            "<body><nav>{{ range .Site.Sections }}<a href=\"{{ .RelPermalink }}\">"
            "{{ .Title }}</a> {{ end }}{{ with .CurrentSection }}{{ range .Pages }}"
            "<a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ end }}{{ end }}</nav>"
            "<main><h1>{{ .Title }}</h1>{{ .Content }}</main></body></html>")
    for name in ("single.html", "list.html"):
        with open(os.path.join(layouts, name), "w") as f:
            f.write(page)
    with open(os.path.join(root, "config.toml"), "w") as f:
        f.write('baseURL = "http://example.org/"\ntitle = "Benchmark Manual"\n'
                'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n')
    return root


def mkdocs_site(work):
    root = os.path.join(work, "mkdocs")
    shutil.rmtree(root, ignore_errors=True)
    os.makedirs(root)
    with open(os.path.join(root, "mkdocs.yml"), "w") as f:
        f.write("site_name: Benchmark Manual\ndocs_dir: ../markdown\nsite_dir: out\n"
                "use_directory_urls: false\n")
    return root


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("benchmarks", nargs="*", default=["site", "docx", "snapshot"])
    ap.add_argument("--imsdoc", default=os.path.join(HERE, "..", "build", "imsdoc"))
    ap.add_argument("--sections", type=int, default=1000)
    ap.add_argument("--entries", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--keep", help="generate the corpus here and keep it")
    a = ap.parse_args()
    imsdoc = os.path.abspath(a.imsdoc)
    if not os.access(imsdoc, os.X_OK):
        sys.exit(f"no imsdoc binary at {imsdoc}: build it first (./setup.sh)")
    work = a.keep or tempfile.mkdtemp(prefix="imsdoc-bench-")
    try:
        subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), work, "--sections",
                        str(a.sections), "--entries", str(a.entries)], check=True)
        project = os.path.join(work, "project")
        r = subprocess.run([imsdoc, "check", project, "-q"], capture_output=True, text=True)
        if r.returncode != 0:
            sys.exit("the generated corpus does not check:\n" + r.stderr[-2000:])
        print(f"imsdoc: {subprocess.run([imsdoc, '--version'], capture_output=True, text=True).stdout.strip()}"
              f"; corpus: {a.sections} sections, {a.entries} register entries; "
              f"{os.cpu_count()} CPUs")
        if "site" in a.benchmarks:
            hugo, mkdocs = shutil.which("hugo"), shutil.which("mkdocs")
            hroot = hugo_site(work) if hugo else None
            mroot = mkdocs_site(work) if mkdocs else None
            compare("Static site of the whole manual", [
                ("imsdoc build", [imsdoc, "build", project, "-q"], ""),
                ("hugo", [hugo, "--quiet", "-s", hroot, "-d", os.path.join(work, "hugo-out")]
                 if hugo else None, "hugo"),
                ("mkdocs build", [mkdocs, "build", "-q", "-f", os.path.join(mroot, "mkdocs.yml")]
                 if mkdocs else None, "mkdocs"),
            ], a.runs, work)
        if "snapshot" in a.benchmarks:
            subprocess.run([imsdoc, "build", project, "-q"], check=True)  # the layouts to reuse
            compare("Auditor snapshot (one zip: site, DOCX, CSV, manifest)", [
                ("imsdoc snapshot --no-pdf", [imsdoc, "snapshot", project, "--no-pdf", "-o",
                                              os.path.join(work, "s.zip"), "-q"], ""),
            ], a.runs, work)
        if "scale" in a.benchmarks:
            big = os.path.join(work, "big")
            subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), big,
                            "--sections", str(10 * a.sections), "--entries",
                            str(10 * a.entries)], check=True)
            for p in (project, os.path.join(big, "project")):   # diagram layouts cached once
                subprocess.run([imsdoc, "build", p, "-q"], check=True)
            compare(f"Scaling: {a.sections} vs {10 * a.sections} sections (and entries), "
                    "diagram layouts cached", [
                ("imsdoc build x1", [imsdoc, "build", project, "-q"], ""),
                ("imsdoc build x10", [imsdoc, "build", os.path.join(big, "project"), "-q"], ""),
            ], a.runs, work)
        if "docx" in a.benchmarks:
            pandoc = shutil.which("pandoc")
            compare("DOCX of the whole manual", [
                ("imsdoc docx", [imsdoc, "docx", project, "-o", os.path.join(work, "i.docx"),
                                 "-q"], ""),
                ("pandoc --toc", [pandoc, "--toc", "-o", os.path.join(work, "p.docx"),
                                  "manual.md"] if pandoc else None, "pandoc"),
            ], a.runs, work)
    finally:
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
