#!/usr/bin/env python3
"""Benchmarks imsdoc serve's incremental rebuild: the time from saving one section file to its
new page being served.

  bench/serve_bench.py [--imsdoc build/imsdoc] [--sections 1000] [--entries 1000]
                       [--edits 30] [--keep DIR]

Generates the corpus (gen_corpus.py), starts `imsdoc -v serve` on it, then edits one section
--edits times (each edit appends a new marker paragraph, written in place as an editor does)
and polls the section's page until the marker is in it. Reports the median and 90th
percentile of write -> fresh page, the server's own rebuild time per change (its --verbose
lines) and, for the ratio, the median of `imsdoc build` on the same corpus (3 runs).
Not part of ctest. Record results in docs/performance.md.
"""
import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))


def percentile(values, p):
    s = sorted(values)
    k = (len(s) - 1) * p / 100.0
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def fetch(url):
    with urllib.request.urlopen(url, timeout=30) as r:
        return r.read()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--imsdoc", default=os.path.join(HERE, "..", "build", "imsdoc"))
    ap.add_argument("--sections", type=int, default=1000)
    ap.add_argument("--entries", type=int, default=1000)
    ap.add_argument("--edits", type=int, default=30)
    ap.add_argument("--builds", type=int, default=3, help="runs of imsdoc build, for the ratio")
    ap.add_argument("--keep", help="generate the corpus here and keep it")
    a = ap.parse_args()
    imsdoc = os.path.abspath(a.imsdoc)
    work = a.keep or tempfile.mkdtemp(prefix="imsdoc-serve-bench-")
    proc = None
    try:
        subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), work, "--sections",
                        str(a.sections), "--entries", str(a.entries)], check=True,
                       stdout=subprocess.DEVNULL)
        project = os.path.join(work, "project")
        print(f"imsdoc serve: corpus of {a.sections} sections, {a.entries} register entries; "
              f"{os.cpu_count()} CPUs")

        start = time.perf_counter()
        proc = subprocess.Popen([imsdoc, "-v", "serve", project, "--port", "0"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        rebuilds = []
        url = None
        for line in proc.stdout:
            m = re.search(r"serving at (http://\S+/)", line)
            if m:
                url = m.group(1)
                break
        if not url:
            sys.exit("imsdoc serve did not start:\n" + proc.stderr.read())
        startup = time.perf_counter() - start

        def read_stderr():
            for line in proc.stderr:
                m = re.search(r"generation (\d+): (\d+) files parsed.*rebuild ([0-9.]+) ms", line)
                if m and int(m.group(1)) > 1:
                    rebuilds.append(float(m.group(3)))
        threading.Thread(target=read_stderr, daemon=True).start()
        threading.Thread(target=lambda: proc.stdout.read(), daemon=True).start()

        # The section in the middle of the manual; its page from the section id.
        files = sorted(os.path.join(d, f) for d, _, fs in os.walk(os.path.join(project, "content"))
                       for f in fs if f.endswith(".md"))
        path = files[len(files) // 2]
        with open(path, encoding="utf-8") as f:
            original = f.read()
        section_id = re.search(r"^id:\s*(\S+)", original, re.M).group(1)
        version = re.search(r'^version:\s*"?([^"\s]+)', open(os.path.join(project, "imsdoc.yaml"))
                            .read(), re.M).group(1)
        page = f"{url}{version}/sections/{re.sub(r'[^a-z0-9]+', '-', section_id.lower())}.html"
        t = time.perf_counter()
        fetch(page)
        first_page = time.perf_counter() - t

        latencies = []
        for i in range(a.edits):
            marker = f"Benchmark edit {i} of this section.".encode()
            t0 = time.perf_counter()
            with open(path, "w", encoding="utf-8") as f:
                f.write(original + f"\nBenchmark edit {i} of this section.\n")
            while marker not in fetch(page):
                time.sleep(0.001)
            latencies.append(time.perf_counter() - t0)
            time.sleep(0.15)  # separate changes, as saves are
        with open(path, "w", encoding="utf-8") as f:
            f.write(original)

        builds = []
        for _ in range(a.builds):
            out = os.path.join(work, "site-bench")
            t = time.perf_counter()
            subprocess.run([imsdoc, "build", project, "-o", out, "-q"], check=True)
            builds.append(time.perf_counter() - t)
            shutil.rmtree(out, ignore_errors=True)

        ms = [x * 1000 for x in latencies]
        print(f"  startup (load, link, diagrams; no page rendered): {startup:.2f} s;"
              f" first page {first_page * 1000:.0f} ms")
        print(f"  write -> fresh page served ({a.edits} edits): median {statistics.median(ms):.1f}"
              f" ms, p90 {percentile(ms, 90):.1f} ms (min {min(ms):.1f}, max {max(ms):.1f})")
        if rebuilds:
            print(f"  server rebuild per change (--verbose): median "
                  f"{statistics.median(rebuilds):.1f} ms, p90 {percentile(rebuilds, 90):.1f} ms"
                  f" ({len(rebuilds)} rebuilds)")
        if builds:
            b = statistics.median(builds)
            print(f"  imsdoc build of the same corpus: median {b:.2f} s ({a.builds} runs): "
                  f"{b * 1000 / statistics.median(ms):.0f}x the edit-to-page time")
    finally:
        if proc and proc.poll() is None:
            proc.send_signal(2)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
        if not a.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
