#!/usr/bin/env python3
"""Diagram budgets (imsdoc.yaml `diagrams:`) in real builds of the bad-input base project.

Usage: diagram_limits_test.py IMSDOC FIXTURE_DIR

Checks: a hand-written diagrams/huge.dot of 5,000 nodes and 20,000 edges ends the build within
90 s with exit 1 and exactly `diagrams/huge.dot: error: 5,000 nodes exceeds diagrams.max_nodes
(1,000)`; a diagram of exactly 1,000 nodes (the default budget) builds and is drawn with all
its nodes; with `diagrams: {max_edges: 50}` a diagram of 50 edges builds and one of 51 fails
with `51 edges exceeds diagrams.max_edges (50)`. Exit 0 pass, 1 fail.
"""
import os
import random
import subprocess
import sys
import tempfile
import time

from testlib import copy_project

ENV = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8", SOURCE_DATE_EPOCH="1772323200")
failures = []


def check(ok, message):
    if not ok:
        failures.append(message)
        print("FAIL: " + message)
    return ok


def build(imsdoc, project, timeout=300):
    start = time.monotonic()
    r = subprocess.run([imsdoc, "build", "--quiet"], cwd=project, capture_output=True, text=True,
                       env=ENV, timeout=timeout)
    return r, time.monotonic() - start


def write_dot(project, name, nodes, edges):
    os.makedirs(os.path.join(project, "diagrams"), exist_ok=True)
    with open(os.path.join(project, "diagrams", name), "w", encoding="utf-8") as f:
        f.write("digraph g {\n")
        for i in range(nodes):
            f.write("  n%d;\n" % i)
        for a, b in edges:
            f.write("  n%d -> n%d;\n" % (a, b))
        f.write("}\n")


def drawn_nodes(site):
    """The most nodes any file of the site draws (Graphviz's <g class="node">)."""
    most = 0
    for dirpath, _, files in os.walk(site):
        for name in files:
            if name.endswith((".html", ".svg")):
                with open(os.path.join(dirpath, name), encoding="utf-8", errors="replace") as f:
                    most = max(most, f.read().count('class="node"'))
    return most


def main():
    imsdoc, fixture = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="imsdoc-diagram-limits-") as tmp:
        # 5,000 nodes, 20,000 edges: refused before any layout, promptly.
        project = os.path.join(tmp, "huge")
        copy_project(fixture, project)
        rng = random.Random(28)
        write_dot(project, "huge.dot", 5000,
                  [(rng.randrange(5000), rng.randrange(5000)) for _ in range(20000)])
        r, seconds = build(imsdoc, project, timeout=120)
        print("huge.dot: exit %d in %.1f s" % (r.returncode, seconds))
        check(r.returncode == 1, "huge.dot: exit %d" % r.returncode)
        check(seconds < 90, "huge.dot: the build took %.1f s" % seconds)
        check("diagrams/huge.dot: error: 5,000 nodes exceeds diagrams.max_nodes (1,000)\n"
              in r.stderr, "huge.dot: no budget error in:\n" + r.stderr)

        # Exactly the default budget of nodes: a tree of 1,000 nodes builds, every node drawn.
        project = os.path.join(tmp, "tree")
        copy_project(fixture, project)
        write_dot(project, "tree.dot", 1000, [((i - 1) // 8, i) for i in range(1, 1000)])
        with open(os.path.join(project, "content", "1.2-scope.md"), "a", encoding="utf-8") as f:
            f.write("\n![The tree](../diagrams/tree.dot)\n")
        r, seconds = build(imsdoc, project)
        print("tree.dot (1,000 nodes): exit %d in %.1f s" % (r.returncode, seconds))
        check(r.returncode == 0, "1,000 nodes: exit %d:\n%s" % (r.returncode, r.stderr))
        if r.returncode == 0:
            n = drawn_nodes(os.path.join(project, "site"))
            check(n == 1000, "1,000 nodes: the site draws %d" % n)

        # max_edges: 50 edges pass, 51 do not.
        for edges, ok in ((50, True), (51, False)):
            project = os.path.join(tmp, "edges-%d" % edges)
            copy_project(fixture, project)
            with open(os.path.join(project, "imsdoc.yaml"), "a", encoding="utf-8") as f:
                f.write("diagrams:\n  max_edges: 50\n")
            write_dot(project, "chain.dot", 60, [(i, i + 1) for i in range(edges)])
            r, _ = build(imsdoc, project)
            if ok:
                check(r.returncode == 0, "50 edges of 50: exit %d:\n%s" % (r.returncode, r.stderr))
            else:
                check(r.returncode == 1, "51 edges of 50: exit %d" % r.returncode)
                check(r.stderr.startswith(
                    "diagrams/chain.dot: error: 51 edges exceeds diagrams.max_edges (50)\n"
                    "hint: split the diagram, or raise diagrams.max_edges in imsdoc.yaml\n"),
                    "51 edges of 50:\n" + r.stderr)
    print("FAILED" if failures else "ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
