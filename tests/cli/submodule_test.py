#!/usr/bin/env python3
"""Sections kept in a git submodule: diff REV, build --from-git and revision history read them.

Usage: submodule_test.py IMSDOC BASE_PROJECT

Makes a repository `sections` holding content/ of BASE_PROJECT, and a manual repository whose
content/ is that repository as a submodule (`document_control: history: git`). Tags v1, then
changes section 1.2 in the submodule and records the new commit in the manual. Checks:
  * `diff v1` names the changed section and its new words, not "every section removed";
  * `build --from-git v1` builds the sections as of v1;
  * section 1.2's page lists the submodule's commits that changed its file, and the change log
    holds the commits of both repositories, newest first;
  * in a clone without `--recurse-submodules`, `diff v1 HEAD` warns, naming the submodule.
Exit 0 pass, 1 fail, 77 skip (git missing).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

from testlib import git


def run(cmd, env):
    return subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)


def main():
    imsdoc, base = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    if shutil.which("git") is None or shutil.which("tar") is None:
        print("SKIP: git or tar not found (apt-get install git tar)")
        return 77
    failures = []
    env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8", SOURCE_DATE_EPOCH="1767225600",
               GIT_CONFIG_COUNT="1", GIT_CONFIG_KEY_0="protocol.file.allow",
               GIT_CONFIG_VALUE_0="always")
    os.environ.update({k: env[k] for k in ("GIT_CONFIG_COUNT", "GIT_CONFIG_KEY_0",
                                           "GIT_CONFIG_VALUE_0")})
    with tempfile.TemporaryDirectory(prefix="imsdoc-submodule-test-") as tmp:
        sections = os.path.join(tmp, "sections")
        shutil.copytree(os.path.join(base, "content"), sections)
        git(sections, "init", "-q", "-b", "main")
        git(sections, "add", "-A")
        git(sections, "commit", "-qm", "Sections: first draft", date="2026-01-05T09:00:00Z")

        manual = os.path.join(tmp, "manual")
        os.mkdir(manual)
        for part in ("registers", "imsdoc.yaml"):
            src = os.path.join(base, part)
            (shutil.copytree if os.path.isdir(src) else shutil.copy)(src, os.path.join(manual, part))
        with open(os.path.join(manual, "imsdoc.yaml"), "a") as f:
            f.write("document_control:\n  owner: Head of Quality\n  history: git\n")
        git(manual, "init", "-q", "-b", "main")
        git(manual, "submodule", "add", "-q", sections, "content")
        git(manual, "add", "-A")
        git(manual, "commit", "-qm", "Manual with its sections as a submodule",
            date="2026-01-10T09:00:00Z")
        git(manual, "tag", "v1")

        scope = os.path.join(manual, "content", "1.2-scope.md")
        with open(scope, "a") as f:
            f.write("\nIt includes the bonded warehouses.\n")
        sub = os.path.join(manual, "content")
        git(sub, "commit", "-qam", "Scope: bonded warehouses", author=("Bob", "bob@example.org"),
            date="2026-02-02T12:00:00Z")
        git(manual, "commit", "-qam", "Record the new sections", date="2026-02-03T12:00:00Z")
        sub_log = git(sub, "log", "--format=%H").split("\n")
        manual_log = git(manual, "log", "--format=%H").split("\n")

        r = run([imsdoc, "diff", "-C", manual, "v1"], env)
        if r.returncode != 0 or "bonded" not in r.stdout or "Scope" not in r.stdout or \
                re.search(r"removed", r.stdout, re.I):
            failures.append("diff v1: exit %d\n%s\n%s" % (r.returncode, r.stdout[:1500],
                                                          r.stderr))

        out = os.path.join(tmp, "site")
        r = run([imsdoc, "build", manual, "--from-git", "v1", "-o", out, "-q"], env)
        page = os.path.join(out, "1.0", "sections", "ims-1-2.html")
        if r.returncode != 0 or not os.path.isfile(page):
            failures.append("build --from-git v1: exit %d %s" % (r.returncode, r.stderr))
        elif "bonded" in open(page).read():
            failures.append("build --from-git v1 has the later change")

        out2 = os.path.join(tmp, "site2")
        r = run([imsdoc, "build", manual, "-o", out2, "-q"], env)
        if r.returncode != 0:
            failures.append("build: exit %d %s" % (r.returncode, r.stderr))
        else:
            text = open(os.path.join(out2, "1.0", "sections", "ims-1-2.html")).read()
            history = re.search(r'<section class="revision-history[ "].*?</section>', text, re.S)
            commits = re.findall(r'<code title="([0-9a-f]{40})">', history.group(0)) \
                if history else []
            if commits != sub_log:
                failures.append("section 1.2 history: %r, expected the submodule's %r"
                                % (commits, sub_log))
            home = open(os.path.join(out2, "1.0", "index.html")).read()
            logged = re.findall(r'<code title="([0-9a-f]{40})">',
                                home.split('class="revisions change-log"')[-1])
            want = [manual_log[0], sub_log[0], manual_log[1], sub_log[1]]
            if logged != want:
                failures.append("change log: %r, expected %r" % (logged, want))

        clone = os.path.join(tmp, "clone")
        subprocess.run(["git", "clone", "-q", manual, clone], check=True)
        r = run([imsdoc, "diff", "-C", clone, "v1", "HEAD"], env)
        want = ("imsdoc: warning: submodule 'content' is not checked out or lacks commit %s: "
                "its files are left out; run 'git submodule update --init'\n"
                % git(manual, "rev-parse", "v1:content")[:12])
        if want not in r.stderr:
            failures.append("clone without submodules: exit %d, stderr %r"
                            % (r.returncode, r.stderr))
    for f in failures:
        print("FAIL: " + f)
    print("PASS" if not failures else "FAIL")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
