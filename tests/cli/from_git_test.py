#!/usr/bin/env python3
"""imsdoc build --from-git: builds tagged revisions of a project as versions.

Usage: from_git_test.py IMSDOC BASE_PROJECT

Makes a git repository in a temporary directory with the project in a subdirectory (manual/)
and three commits: v1.0, v1.1 and a broken v1.2 (an unknown register field). Checks that
  * v1.0 and v1.1 are built side by side as versions 1.0 and 1.1, latest/ is 1.1;
  * the working tree is not touched and nothing is left in the temporary directory;
  * an error in a tagged revision is reported as TAG:path:line:col and exits 1, and an unknown
    tag exits 2 with a clear message; the versions already built stay.
Exit 0 pass, 1 fail, 77 skip (git missing).
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

from testlib import git


def set_version(manual, version):
    path = os.path.join(manual, "imsdoc.yaml")
    lines = [("version: \"%s\"\n" % version) if l.startswith("version:") else l
             for l in open(path)]
    open(path, "w").writelines(lines)


def main():
    imsdoc, base = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    if shutil.which("git") is None or shutil.which("tar") is None:
        print("SKIP: git or tar not found (apt-get install git tar)")
        return 77
    failures = []
    with tempfile.TemporaryDirectory(prefix="imsdoc-git-test-") as tmp:
        repo = os.path.join(tmp, "repo")
        manual = os.path.join(repo, "manual")
        shutil.copytree(base, manual)
        git(repo, "init", "-q", "-b", "main")
        for version in ("1.0", "1.1"):
            set_version(manual, version)
            git(repo, "add", "-A")
            git(repo, "commit", "-qm", "version " + version)
            git(repo, "tag", "v" + version)
        with open(os.path.join(manual, "registers", "risks.yaml"), "a") as f:
            f.write("    colour: red\n")
        set_version(manual, "1.2")
        git(repo, "commit", "-qam", "broken")
        git(repo, "tag", "v1.2")
        # The working tree differs from every tag: it must not be what is built.
        set_version(manual, "9.9")
        env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8", TMPDIR=tmp)

        r = subprocess.run([imsdoc, "build", "--from-git", "v1.0", "v1.1", "-q"], cwd=manual,
                           capture_output=True, text=True, env=env)
        site = os.path.join(manual, "site")
        if r.returncode != 0:
            failures.append("build v1.0 v1.1 exited %d: %s" % (r.returncode, r.stderr))
        else:
            versions = json.load(open(os.path.join(site, "versions.json")))
            if versions["versions"] != ["1.1", "1.0"] or versions["latest"] != "1.1":
                failures.append("versions.json: %r" % versions)
            for page in ("1.0/index.html", "1.1/index.html", "latest/index.html"):
                if not os.path.isfile(os.path.join(site, page)):
                    failures.append("missing " + page)
            home = open(os.path.join(site, "latest", "index.html")).read()
            if "Version 1.1" not in home:
                failures.append("latest/index.html is not version 1.1")
        leftovers = [n for n in os.listdir(tmp) if n not in ("repo",)]
        if leftovers:
            failures.append("left in the temporary directory: %r" % leftovers)

        r = subprocess.run([imsdoc, "build", "--from-git", "v1.2", "-q"], cwd=manual,
                           capture_output=True, text=True, env=env)
        want = "v1.2:registers/risks.yaml:"
        if r.returncode != 1 or want not in r.stderr or "error: unknown key 'colour'" not in r.stderr:
            failures.append("broken tag: exit %d, stderr %r" % (r.returncode, r.stderr))
        r = subprocess.run([imsdoc, "build", "--from-git", "v7", "-q"], cwd=manual,
                           capture_output=True, text=True, env=env)
        if r.returncode != 2 or r.stderr != "imsdoc: error: unknown git revision 'v7'\n":
            failures.append("unknown tag: exit %d, stderr %r" % (r.returncode, r.stderr))
        if os.path.isdir(site) and sorted(os.listdir(site)) != [
                ".imsdoc-cache", ".imsdoc-manifest.json", "1.0", "1.1", "index.html", "latest", "versions.js",
                "versions.json"]:
            failures.append("site after failed builds: %r" % sorted(os.listdir(site)))
    for f in failures:
        print("FAIL: " + f)
    print("PASS" if not failures else "FAIL")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
