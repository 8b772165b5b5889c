#!/usr/bin/env python3
"""Golden and determinism tests of the generated site.

  site_golden.py golden IMSDOC PROJECT EXPECTED_DIR
      Builds PROJECT and compares the whole output tree, byte for byte, with EXPECTED_DIR —
      except latest/, which must be a byte copy of the newest version and is not stored.
      IMSDOC_ACCEPT=1 replaces EXPECTED_DIR with the new output instead (review the diff!).
  site_golden.py deterministic IMSDOC PROJECT
      Builds PROJECT twice, from different working directories, once with a relative and once
      with an absolute project path, and requires byte-identical trees.
"""
import difflib
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile


def build(imsdoc, project, out, cwd):
    env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")
    r = subprocess.run([imsdoc, "build", project, "-o", out, "--quiet"], cwd=cwd,
                       capture_output=True, text=True, env=env, timeout=600)
    if r.returncode != 0:
        sys.exit(f"imsdoc build failed ({r.returncode}):\n{r.stderr}")


def tree(root):
    files = {}
    for dirpath, _, filenames in os.walk(root):
        for name in filenames:
            path = os.path.join(dirpath, name)
            files[os.path.relpath(path, root)] = path
    return files


def compare(expected_root, actual_root, label_expected, label_actual):
    """Returns a list of human-readable differences (empty if identical)."""
    expected, actual = tree(expected_root), tree(actual_root)
    problems = []
    for rel in sorted(set(expected) - set(actual)):
        problems.append(f"missing in {label_actual}: {rel}")
    for rel in sorted(set(actual) - set(expected)):
        problems.append(f"unexpected in {label_actual}: {rel}")
    shown = 0
    for rel in sorted(set(expected) & set(actual)):
        if filecmp.cmp(expected[rel], actual[rel], shallow=False):
            continue
        problems.append(f"differs: {rel}")
        if shown < 3:
            shown += 1
            with open(expected[rel], errors="replace") as a, open(actual[rel], errors="replace") as b:
                diff = difflib.unified_diff(a.readlines(), b.readlines(),
                                            f"{label_expected}/{rel}", f"{label_actual}/{rel}", n=2)
                problems.append("".join(list(diff)[:60]))
    return problems


def main():
    mode, imsdoc = sys.argv[1], os.path.abspath(sys.argv[2])
    project = os.path.abspath(sys.argv[3])
    with tempfile.TemporaryDirectory(prefix="imsdoc-golden-") as tmp:
        if mode == "golden":
            expected = os.path.abspath(sys.argv[4])
            out = os.path.join(tmp, "site")
            build(imsdoc, project, out, project)
            latest = json.load(open(os.path.join(out, "versions.json")))["latest"]
            problems = compare(os.path.join(out, latest), os.path.join(out, "latest"),
                               latest, "latest")
            if problems:
                print("latest/ is not a copy of the newest version:\n" + "\n".join(problems))
                return 1
            shutil.rmtree(os.path.join(out, "latest"))
            # The layout cache (binary, content-addressed) is checked by the determinism test.
            if not os.listdir(os.path.join(out, ".imsdoc-cache", "diagrams")):
                print("the build left no diagram layout cache in .imsdoc-cache/diagrams")
                return 1
            shutil.rmtree(os.path.join(out, ".imsdoc-cache"))
            if os.environ.get("IMSDOC_ACCEPT") == "1":
                shutil.rmtree(expected, ignore_errors=True)
                shutil.copytree(out, expected)
                print(f"accepted {len(tree(expected))} files into {expected}")
                return 0
            problems = compare(expected, out, "expected", "actual")
            if problems:
                print("\n".join(problems))
                print("If the change is intended: IMSDOC_ACCEPT=1 ctest -R golden, then review git diff.")
                return 1
            print(f"ok: {len(tree(out))} files identical to the golden tree")
            return 0
        if mode == "deterministic":
            a, b = os.path.join(tmp, "a"), os.path.join(tmp, "b")
            build(imsdoc, ".", a, project)                 # relative project path
            build(imsdoc, project, b, tempfile.gettempdir())  # absolute path, other cwd
            problems = compare(a, b, "first", "second")
            for page in ("index.html", "latest/index.html"):
                with open(os.path.join(a, page)) as f:
                    if project in f.read():
                        problems.append("the absolute project path leaked into " + page)
            if problems:
                print("\n".join(problems))
                return 1
            print(f"ok: two builds byte-identical ({len(tree(a))} files)")
            return 0
    sys.exit(f"unknown mode {mode}")


if __name__ == "__main__":
    sys.exit(main())
