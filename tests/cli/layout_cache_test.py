#!/usr/bin/env python3
"""The diagram layout cache: a second build into the same output lays out nothing again and
writes the same site; changing one diagram lays out only that one; unused entries are removed;
a damaged entry is laid out again; a failed build leaves the cache as it was.

Usage: layout_cache_test.py IMSDOC BASE_PROJECT
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile


def build(imsdoc, project, out):
    r = subprocess.run([imsdoc, "build", project, "-o", out, "-v", "-q"], capture_output=True,
                       text=True, env=dict(os.environ, TZ="UTC"))
    m = re.search(r"diagrams: (\d+) laid out, (\d+) from the layout cache", r.stderr)
    return r.returncode, (int(m.group(1)), int(m.group(2))) if m else None, r.stderr


def files(root):
    out = {}
    for d, _, names in os.walk(root):
        for n in names:
            p = os.path.join(d, n)
            with open(p, "rb") as f:
                out[os.path.relpath(p, root)] = f.read()
    return out


def main():
    imsdoc, base = sys.argv[1], sys.argv[2]
    failures = []

    def expect(what, actual, expected):
        if actual != expected:
            failures.append(f"{what}: expected {expected!r}, got {actual!r}")

    with tempfile.TemporaryDirectory(prefix="imsdoc-cache-") as tmp:
        project, out = os.path.join(tmp, "project"), os.path.join(tmp, "out")
        shutil.copytree(base, project)
        os.makedirs(os.path.join(project, "diagrams"))
        with open(os.path.join(project, "diagrams", "a.dot"), "w") as f:
            f.write("digraph a { x -> y }\n")
        # base: the process map, 2 process contexts, 1 AI lifecycle; plus a.dot
        rc, counts, err = build(imsdoc, project, out)
        expect("first build", (rc, counts), (0, (5, 0)))
        cache = os.path.join(out, ".imsdoc-cache", "diagrams")
        expect("entries after the first build", len(os.listdir(cache)), 5)
        first = files(os.path.join(out, "1.0"))

        rc, counts, err = build(imsdoc, project, out)
        expect("unchanged rebuild", (rc, counts), (0, (0, 5)))
        if files(os.path.join(out, "1.0")) != first:
            failures.append("a build from the cache differs from the first build")

        with open(os.path.join(project, "diagrams", "a.dot"), "w") as f:
            f.write("digraph a { x -> z }\n")
        with open(os.path.join(cache, ".a.layout.tmp-killed"), "w") as f:
            f.write("left by a killed build")
        rc, counts, err = build(imsdoc, project, out)
        expect("one diagram changed", (rc, counts), (0, (1, 4)))
        expect("entries after the change (old one and a stale temporary removed)",
               len(os.listdir(cache)), 5)
        changed = files(out)

        for name in os.listdir(cache):
            with open(os.path.join(cache, name), "wb") as f:
                f.write(b"imsdoc-layout 1\n1 2 3 4\ntruncated")
        rc, counts, err = build(imsdoc, project, out)
        expect("damaged entries", (rc, counts), (0, (5, 0)))
        if files(out) != changed:
            failures.append("laying out damaged entries again gave other bytes")

        before = files(out)
        with open(os.path.join(project, "diagrams", "a.dot"), "w") as f:
            f.write("digraph a { x -> }\n")
        rc, counts, err = build(imsdoc, project, out)
        expect("failed build exit code", rc, 1)
        if files(out) != before:
            failures.append("a failed build changed the output directory or the cache")

    for f in failures:
        print("FAIL:", f)
    print("FAIL" if failures else "ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
