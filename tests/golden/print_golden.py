#!/usr/bin/env python3
"""Golden test of print.html for a small fixture manual.

  print_golden.py IMSDOC FIXTURE_DIR
      Builds FIXTURE_DIR/project and compares the print.html of its version, byte for byte,
      with FIXTURE_DIR/expected-print.html. Builds it twice and requires identical bytes.
      IMSDOC_ACCEPT=1 rewrites the expected file instead (review the diff!).
"""
import difflib
import os
import subprocess
import sys
import tempfile


def build_print(imsdoc, project, out):
    env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")
    r = subprocess.run([imsdoc, "build", project, "-o", out, "--quiet", "--as-of", "2026-03-01"],
                       capture_output=True, text=True, env=env, timeout=120)
    if r.returncode != 0:
        sys.exit(f"imsdoc build failed ({r.returncode}):\n{r.stderr}")
    with open(os.path.join(out, "1.0", "print.html"), "rb") as f:
        return f.read()


def main():
    imsdoc, fixture = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    expected_path = os.path.join(fixture, "expected-print.html")
    with tempfile.TemporaryDirectory(prefix="imsdoc-print-golden-") as tmp:
        first = build_print(imsdoc, os.path.join(fixture, "project"), os.path.join(tmp, "a"))
        second = build_print(imsdoc, os.path.join(fixture, "project"), os.path.join(tmp, "b"))
    if first != second:
        print("FAIL: two builds of the same input gave different print.html")
        return 1
    if os.environ.get("IMSDOC_ACCEPT") == "1":
        with open(expected_path, "wb") as f:
            f.write(first)
        print("accepted " + expected_path)
        return 0
    with open(expected_path, "rb") as f:
        expected = f.read()
    if first != expected:
        diff = difflib.unified_diff(expected.decode().splitlines(True), first.decode().splitlines(True),
                                    "expected-print.html", "print.html", n=2)
        print("FAIL: print.html differs from the golden file (IMSDOC_ACCEPT=1 to re-accept):")
        print("".join(list(diff)[:80]))
        return 1
    print("ok: print.html matches " + expected_path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
