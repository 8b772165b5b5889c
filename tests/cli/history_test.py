#!/usr/bin/env python3
"""Document control from git (`document_control: history: git`).

Usage: history_test.py IMSDOC BASE_PROJECT

Makes a git repository in a temporary directory with the project in a subdirectory (manual/)
and four commits by two authors with fixed dates: the project; an edit of section 1.2; a
rename of section 1.2's file (history must follow it); an edit of a register only. Checks:
  * section 1.2's page lists exactly its three commits, newest first, with date, subject,
    author and short hash; section 1's page lists only the first commit;
  * the home page's change log lists all four commits; manual.docx's control table has the
    change log and a "Last change" column; `export --format json` has both;
  * two builds are byte-identical (history comes from git, never the clock);
  * build --from-git TAG shows the history as of that tag;
  * the same project outside git, or with git missing from PATH, builds without history and
    without any message; without `history: git` no history is shown.
Exit 0 pass, 1 fail, 77 skip (git missing).
"""
import filecmp
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

from testlib import git


def build(imsdoc, project, out, env, *extra):
    return subprocess.run([imsdoc, "build", project, "-o", out, "-q"] + list(extra),
                          capture_output=True, text=True, env=env, timeout=120)


def history_rows(page):
    m = re.search(r'<section class="revision-history[ "].*?</section>', page, re.S)
    if not m:
        return None
    return re.findall(r'<tr><td><time datetime="[^"]*">([^<]*)</time></td><td>([^<]*)</td>'
                      r'<td>([^<]*)</td><td><code title="([0-9a-f]{40})">([0-9a-f]{10})</code>',
                      m.group(0))


def same_trees(a, b):
    cmp = filecmp.dircmp(a, b)
    if cmp.left_only or cmp.right_only or cmp.diff_files or cmp.funny_files:
        return False
    return all(same_trees(os.path.join(a, d), os.path.join(b, d)) for d in cmp.common_dirs)


def main():
    imsdoc, base = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    if shutil.which("git") is None or shutil.which("tar") is None:
        print("SKIP: git or tar not found (apt-get install git tar)")
        return 77
    failures = []
    with tempfile.TemporaryDirectory(prefix="imsdoc-history-test-") as tmp:
        repo = os.path.join(tmp, "repo")
        manual = os.path.join(repo, "manual")
        shutil.copytree(base, manual)
        config = os.path.join(manual, "imsdoc.yaml")
        with open(config, "a") as f:
            f.write("document_control:\n  owner: Head of Quality\n  history: git\n")
        bob = ("Bob Reviewer", "bob@example.org")
        git(repo, "init", "-q", "-b", "main")
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "First manual")
        scope = os.path.join(manual, "content", "1.2-scope.md")
        with open(scope, "a") as f:
            f.write("\nIt includes the depots.\n")
        git(repo, "commit", "-qam", "Scope: add the depots & <yards>", author=bob,
            date="2026-02-02T12:00:00Z")
        git(repo, "tag", "v1")
        git(repo, "mv", "manual/content/1.2-scope.md", "manual/content/1.2-scope-of-the-ims.md")
        intro = os.path.join(manual, "content", "1-intro.md")
        text = open(intro).read().replace("(1.2-scope.md)", "(1.2-scope-of-the-ims.md)")
        open(intro, "w").write(text)
        git(repo, "commit", "-qam", "Rename the scope section's file", date="2026-03-03T08:00:00Z")
        with open(os.path.join(manual, "registers", "risks.yaml"), "a") as f:
            f.write("    treatment_plan: Review routes quarterly.\n")
        git(repo, "commit", "-qam", "Risk register: treatment plan", author=bob,
            date="2026-04-04T08:00:00Z")
        log = git(repo, "log", "--format=%H").split("\n")  # newest first
        env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8", SOURCE_DATE_EPOCH="1767225600")

        out = os.path.join(tmp, "site")
        r = build(imsdoc, manual, out, env)
        if r.returncode != 0 or r.stderr:
            failures.append("build: exit %d, %r" % (r.returncode, r.stderr))
            print("\n".join("FAIL: " + f for f in failures))
            return 1
        page = open(os.path.join(out, "1.0", "sections", "ims-1-2.html")).read()
        want = [("2026-03-03", "Rename the scope section&apos;s file", "Ada Author", log[1], log[1][:10]),
                ("2026-02-02", "Scope: add the depots &amp; &lt;yards&gt;", "Bob Reviewer", log[2],
                 log[2][:10]),
                ("2026-01-10", "First manual", "Ada Author", log[3], log[3][:10])]
        if history_rows(page) != want:
            failures.append("section 1.2 history: %r\nexpected %r" % (history_rows(page), want))
        page = open(os.path.join(out, "1.0", "sections", "ims-1.html")).read()
        rows = history_rows(page)
        if rows is None or [r[3] for r in rows] != [log[1], log[3]]:
            failures.append("section 1 history: %r" % rows)
        home = open(os.path.join(out, "1.0", "index.html")).read()
        logged = re.findall(r'<code title="([0-9a-f]{40})">', home.split('class="revisions change-log"')[-1])
        if ('class="revisions change-log"' not in home or logged != log
                or "<caption>Change log</caption>" not in home):
            failures.append("home change log: %r" % logged)

        # The Word edition carries the change log too.
        r = subprocess.run([imsdoc, "docx", manual, "-o", os.path.join(tmp, "m.docx"), "-q"],
                           capture_output=True, text=True, env=env)
        if r.returncode != 0:
            failures.append("docx: exit %d, %r" % (r.returncode, r.stderr))
        else:
            xml = zipfile.ZipFile(os.path.join(tmp, "m.docx")).read("word/document.xml").decode()
            for text in ("Change log", "Risk register: treatment plan", log[0][:10], "Last change",
                         "2026-03-03"):
                if text not in xml:
                    failures.append("manual.docx lacks %r" % text)

        # The linked model as JSON carries the same history.
        r = subprocess.run([imsdoc, "export", manual, "--format", "json", "-o", "-"],
                           capture_output=True, text=True, env=env)
        try:
            model = json.loads(r.stdout)
            scope_json = [s for s in model["sections"] if s["id"] == "IMS-1.2"][0]
            got = ([h["commit"] for h in scope_json["history"]],
                   [h["commit"] for h in model["manual"]["document_control"]["change_log"]],
                   scope_json["history"][1]["subject"])
        except (ValueError, KeyError, IndexError) as e:
            got = "no history in the export (%s): %r" % (e, r.stderr)
        if got != ([log[1], log[2], log[3]], log, "Scope: add the depots & <yards>"):
            failures.append("export --format json: %r" % (got,))

        out2 = os.path.join(tmp, "site2")
        build(imsdoc, manual, out2, env)
        if not same_trees(out, out2):
            failures.append("two builds with history differ")

        # A tagged revision: the history as of the tag, under the tag's file name.
        out3 = os.path.join(tmp, "site3")
        r = build(imsdoc, manual, out3, env, "--from-git", "v1")
        if r.returncode != 0:
            failures.append("build --from-git v1: exit %d, %r" % (r.returncode, r.stderr))
        else:
            page = open(os.path.join(out3, "1.0", "sections", "ims-1-2.html")).read()
            rows = history_rows(page)
            if rows is None or [r[3] for r in rows] != [log[2], log[3]]:
                failures.append("v1 section 1.2 history: %r" % rows)

        # Outside git, and with no git at all: no history, no message.
        outside = os.path.join(tmp, "outside")
        shutil.copytree(manual, outside)
        for project, run_env in ((outside, env), (manual, dict(env, PATH="/nonexistent"))):
            o = os.path.join(tmp, "site-fallback")
            shutil.rmtree(o, ignore_errors=True)
            r = build(imsdoc, project, o, run_env)
            page = open(os.path.join(o, "1.0", "sections", "ims-1-2.html")).read() \
                if r.returncode == 0 else ""
            if r.returncode != 0 or r.stderr or "revision-history" in page:
                failures.append("fallback %s: exit %d, %r" % (project, r.returncode, r.stderr))

        # Off unless asked for.
        text = open(config).read().replace("  history: git\n", "")
        open(config, "w").write(text)
        o = os.path.join(tmp, "site-off")
        r = build(imsdoc, manual, o, env)
        if r.returncode != 0 or "revision-history" in open(
                os.path.join(o, "1.0", "sections", "ims-1-2.html")).read():
            failures.append("history without history: git: exit %d" % r.returncode)
    for f in failures:
        print("FAIL: " + f)
    print("PASS" if not failures else "FAIL")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
