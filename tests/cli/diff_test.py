#!/usr/bin/env python3
"""imsdoc diff: what changed in meaning between two versions of a manual.

Usage: diff_test.py IMSDOC BASE_PROJECT GOLDEN_DIR     (IMSDOC_ACCEPT=1 rewrites GOLDEN_DIR)

Builds a git repository in a temporary directory with the project in a subdirectory (manual/)
and commits:
  v1      the base fixture with RSK-001 above the risk appetite (a finding);
  v2      the fixture change set: RSK-001 likelihood 5 -> 4 and a longer description (the
          finding is resolved), a new risk RSK-002 above the appetite (a finding introduced),
          section 1.2 removed, section 1 renamed to another file with a new version, new text
          and without clause 9001:4.3 (coverage lost), a new section 2 covering 42001:4.1;
  broken  v2 plus an unknown key in the risk register.
Checks:
  * `diff v1 v2` prints exactly GOLDEN_DIR/report.md (commit hashes substituted);
  * `--format json` parses and says the same things;
  * `--html -o DIR` on two directory copies writes exactly GOLDEN_DIR/redline/;
  * without NEW, the working tree is compared; two directories outside git work;
  * an unknown revision exits 2 with a clear message and hint; a revision with input errors
    exits 1 with the errors prefixed by the revision;
  * the repository, the working tree and the temporary directory are left as they were.
Exit 0 pass, 1 fail, 77 skip (git missing).
"""
import difflib
import filecmp
import json
import os
import shutil
import subprocess
import sys
import tempfile

GIT_ENV = {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "t@example.org",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "t@example.org",
           "GIT_AUTHOR_DATE": "2026-02-01T10:00:00Z", "GIT_COMMITTER_DATE": "2026-02-01T10:00:00Z"}


def git(repo, *args):
    env = dict(os.environ, **GIT_ENV)
    return subprocess.run(["git", "-C", repo] + list(args), check=True, capture_output=True,
                          text=True, env=env).stdout.strip()


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def replace(path, old, new):
    text = open(path).read()
    if old not in text:
        sys.exit("fixture: %r not in %s" % (old, path))
    write(path, text.replace(old, new))


def make_v1(manual):
    replace(os.path.join(manual, "registers/risks.yaml"), "likelihood: 2", "likelihood: 5")


def make_v2(manual):
    risks = os.path.join(manual, "registers/risks.yaml")
    replace(risks, "likelihood: 5", "likelihood: 4")
    replace(risks, "Routes could disadvantage rural customers.",
            "Routes could disadvantage rural and island customers.")
    with open(risks, "a") as f:
        f.write("  - id: RSK-002\n"
                "    title: Customer data in prompts\n"
                "    description: Staff could paste customer data into an AI assistant.\n"
                "    source: process\n"
                "    processes: [PRC-01]\n"
                "    likelihood: 4\n"
                "    impact: 5\n"
                "    treatment: mitigate\n"
                "    owner: Risk Manager\n"
                "    review_date: 2026-09-30\n"
                "    status: open\n")
    os.remove(os.path.join(manual, "content/1.2-scope.md"))
    intro = os.path.join(manual, "content/1-intro.md")
    text = open(intro).read()
    text = text.replace('version: "1.0"', 'version: "1.1"')
    text = text.replace('clauses: ["9001:4.3", "42001:4.3"]', 'clauses: ["42001:4.3"]')
    text = text.replace("See the [scope](1.2-scope.md).",
                        "It applies to every site & depot, `<ai>` *systems*.")
    os.remove(intro)
    write(os.path.join(manual, "content/1-introduction.md"), text)
    write(os.path.join(manual, "content/2-context.md"),
          "---\nid: IMS-2\ntitle: Context of the organisation\nsection: \"2\"\n"
          "owner: Head of Quality\napprover: Managing Director\nversion: \"1.0\"\n"
          "effective: 2026-02-01\nstatus: approved\nclauses: [\"42001:4.1\"]\n---\n\n"
          "We determine the issues that affect the AI management system.\n")


def run(imsdoc, args, cwd, env):
    return subprocess.run([imsdoc] + args, cwd=cwd, capture_output=True, text=True, env=env,
                          timeout=120)


def tree(root):
    out = {}
    for dirpath, _, names in os.walk(root):
        for n in names:
            p = os.path.join(dirpath, n)
            out[os.path.relpath(p, root)] = p
    return out


def compare_trees(expected, actual):
    e, a = tree(expected), tree(actual)
    problems = ["missing: " + r for r in sorted(set(e) - set(a))]
    problems += ["unexpected: " + r for r in sorted(set(a) - set(e))]
    for r in sorted(set(e) & set(a)):
        if not filecmp.cmp(e[r], a[r], shallow=False):
            diff = difflib.unified_diff(open(e[r]).readlines(), open(a[r]).readlines(),
                                        "expected/" + r, "actual/" + r, n=1)
            problems.append("differs: " + r + "\n" + "".join(list(diff)[:40]))
    return problems


def main():
    imsdoc, base, golden = (os.path.abspath(a) for a in sys.argv[1:4])
    if shutil.which("git") is None or shutil.which("tar") is None:
        print("SKIP: git or tar not found (apt-get install git tar)")
        return 77
    accept = os.environ.get("IMSDOC_ACCEPT") == "1"
    failures = []
    with tempfile.TemporaryDirectory(prefix="imsdoc-diff-test-") as tmp:
        repo = os.path.join(tmp, "repo")
        manual = os.path.join(repo, "manual")
        shutil.copytree(base, manual)
        git(repo, "init", "-q", "-b", "main")
        make_v1(manual)
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "v1")
        git(repo, "tag", "v1")
        old_copy = os.path.join(tmp, "old")
        shutil.copytree(manual, old_copy)
        make_v2(manual)
        git(repo, "add", "-A")
        git(repo, "commit", "-qm", "v2")
        git(repo, "tag", "v2")
        new_copy = os.path.join(tmp, "new")
        shutil.copytree(manual, new_copy)
        with open(os.path.join(manual, "registers/risks.yaml"), "a") as f:
            f.write("    colour: red\n")
        git(repo, "commit", "-qam", "broken")
        git(repo, "tag", "broken")
        git(repo, "checkout", "-q", "v2")
        c1, c2 = git(repo, "rev-parse", "v1"), git(repo, "rev-parse", "v2")
        env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8", TMPDIR=tmp)
        env.pop("SOURCE_DATE_EPOCH", None)

        def expect_file(name, actual):
            path = os.path.join(golden, name)
            if accept:
                write(path, actual)
                return
            expected = open(path).read()
            if actual != expected:
                failures.append(name + " differs:\n" + "".join(difflib.unified_diff(
                    expected.splitlines(True), actual.splitlines(True), "expected", "actual")))

        # The Markdown report between two tags, run from the project subdirectory.
        r = run(imsdoc, ["diff", "v1", "v2", "--as-of", "2026-03-01"], manual, env)
        if r.returncode != 0 or r.stderr:
            failures.append("diff v1 v2: exit %d, stderr %r" % (r.returncode, r.stderr))
        expect_file("report.md", r.stdout.replace(c1[:12], "{V1}").replace(c2[:12], "{V2}"))

        # JSON: the same facts, machine-readable.
        r = run(imsdoc, ["diff", "v1", "v2", "--as-of", "2026-03-01", "--format", "json"],
                manual, env)
        try:
            j = json.loads(r.stdout)
        except ValueError as e:
            failures.append("JSON does not parse: %s\n%s" % (e, r.stdout[:500]))
            j = None
        if j is not None:
            checks = [
                (j["format"], "imsdoc-diff/1"),
                ((j["old"]["label"], j["old"]["commit"]), ("v1", c1)),
                ((j["new"]["label"], j["new"]["commit"]), ("v2", c2)),
                (j["summary"]["sections"], {"added": 1, "removed": 1, "changed": 1}),
                (j["summary"]["entries"], {"added": 1, "removed": 0, "changed": 1}),
                ((j["summary"]["coverage_lost"], j["summary"]["coverage_newly_covered"],
                  j["summary"]["findings_introduced"], j["summary"]["findings_resolved"]),
                 (1, 1, 1, 1)),
                ([(s["change"], s["id"]) for s in j["sections"]],
                 [("changed", "IMS-1"), ("added", "IMS-2"), ("removed", "IMS-1.2")]),
                ([(f["field"], f["old"], f["new"]) for f in j["sections"][0]["fields"]],
                 [("version", "1.0", "1.1"), ("clauses", "9001:4.3, 42001:4.3", "42001:4.3"),
                  ("path", "content/1-intro.md", "content/1-introduction.md")]),
                ([(f["added"], f["removed"]) for f in j["sections"][0]["fields"]],
                 [([], []), ([], ["9001:4.3"]), ([], [])]),
                ([(e["change"], e["id"]) for e in j["entries"]],
                 [("changed", "RSK-001"), ("added", "RSK-002")]),
                ([(f["field"], f["label"], f["old"], f["new"]) for f in j["entries"][0]["fields"]
                  if f["field"] == "likelihood"], [("likelihood", "Likelihood (1-5)", "5", "4")]),
                ([(s["standard"], [(c["ref"], c["kind"]) for c in s["changes"]])
                  for s in j["coverage"]],
                 [("42001", [("42001:4.1", "newly-covered")]),
                  ("9001", [("9001:4.3", "lost")])]),
                ([(f["code"], f["message"][:7]) for f in j["findings"]["introduced"]],
                 [("risk-above-appetite", "RSK-002")]),
                ([(f["code"], f["message"][:7]) for f in j["findings"]["resolved"]],
                 [("risk-above-appetite", "RSK-001")]),
            ]
            for actual, want in checks:
                if actual != want:
                    failures.append("JSON: %r, expected %r" % (actual, want))
            # Concatenating the runs gives back each side's text.
            runs = j["sections"][0]["text"]["runs"]
            old_text = "".join(r["text"] for r in runs if r["op"] != "insert")
            new_text = "".join(r["text"] for r in runs if r["op"] != "delete")
            if "See the scope." not in old_text or "every site & depot, <ai> systems" not in new_text:
                failures.append("JSON runs do not give back the texts: %r / %r" % (old_text, new_text))

        # Redline pages of two directories (no git, so no commit hashes in the golden files).
        out = os.path.join(tmp, "redline")
        r = run(imsdoc, ["diff", "--html", "old", "new", "-o", out, "--as-of", "2026-03-01"], tmp,
                env)
        if r.returncode != 0 or r.stderr or "-> " + out + "/index.html" not in r.stdout:
            failures.append("diff --html: exit %d, %r %r" % (r.returncode, r.stdout, r.stderr))
        expected_tree = os.path.join(golden, "redline")
        if accept:
            shutil.rmtree(expected_tree, ignore_errors=True)
            shutil.copytree(out, expected_tree)
        else:
            failures += ["redline " + p for p in compare_trees(expected_tree, out)]
        # Run again over its own output: replaced, not refused.
        r = run(imsdoc, ["diff", "--html", "old", "new", "-o", out, "-q"], tmp, env)
        if r.returncode != 0 or r.stdout or r.stderr:
            failures.append("diff --html again: exit %d, %r %r" % (r.returncode, r.stdout, r.stderr))

        # Without NEW: the working tree (v2 checked out, plus an uncommitted edit).
        replace(os.path.join(manual, "content/2-context.md"), "We determine", "We regularly determine")
        r = run(imsdoc, ["diff", "v2", "--as-of", "2026-03-01"], manual, env)
        want = ("- **Changed** 2 Context of the organisation (`IMS-2`)\n"
                "  - Text: We **regularly** determine the issues that affect the AI management "
                "system.\n"
                "  - Version: still 1.0 although the text changed\n")
        if r.returncode != 0 or "→ working tree\n" not in r.stdout or want not in r.stdout:
            failures.append("diff v2 (working tree): exit %d\n%s%s" % (r.returncode, r.stdout, r.stderr))
        git(repo, "checkout", "-q", "--", ".")

        # Identical sides.
        r = run(imsdoc, ["diff", "v2", "HEAD", "--as-of", "2026-03-01"], manual, env)
        if r.returncode != 0 or not r.stdout.endswith(
                "\nNo changes to sections, register entries, coverage or findings.\n"):
            failures.append("diff v2 HEAD: exit %d\n%s%s" % (r.returncode, r.stdout, r.stderr))

        # Two directories outside any git repository.
        r = run(imsdoc, ["diff", "old", new_copy, "--as-of", "2026-03-01"], tmp, env)
        if r.returncode != 0 or "## Manual changes: old → " not in r.stdout or \
                "- **Added** RSK-002 Customer data in prompts\n" not in r.stdout:
            failures.append("diff DIR DIR: exit %d\n%s%s" % (r.returncode, r.stdout, r.stderr))

        # Bad revisions.
        r = run(imsdoc, ["diff", "v7", "v2"], manual, env)
        want = ("imsdoc: error: 'v7' is neither a directory nor a git revision of the repository "
                "at '.'\nhint: name a branch, tag or commit ('git log --oneline' lists commits, "
                "'git tag' lists tags), or an existing project directory\n")
        if r.returncode != 2 or r.stderr != want or r.stdout:
            failures.append("unknown revision: exit %d, %r" % (r.returncode, r.stderr))
        r = run(imsdoc, ["diff", "v1", "--", "--upload-pack=touch x"], manual, env)
        if r.returncode != 2 or "is neither a directory nor a git revision" not in r.stderr:
            failures.append("option-like revision: exit %d, %r" % (r.returncode, r.stderr))
        r = run(imsdoc, ["diff", "main", "v2"], tmp, env)
        want = ("imsdoc: error: 'main' is neither a directory nor a git revision ('.' is not in a "
                "git repository)\nhint: give two project directories, or run imsdoc diff inside "
                "the manual's git repository (or name it with -C DIR)\n")
        if r.returncode != 2 or r.stderr != want:
            failures.append("outside git: exit %d, %r" % (r.returncode, r.stderr))
        r = run(imsdoc, ["diff", "v1", "broken", "-C", manual], tmp, env)
        if (r.returncode != 1 or "broken:registers/risks.yaml:" not in r.stderr
                or "error: unknown key 'colour'" not in r.stderr
                or not r.stderr.endswith("imsdoc: cannot compare: 'broken' has errors in its input\n")):
            failures.append("broken revision: exit %d, %r" % (r.returncode, r.stderr))
        r = run(imsdoc, ["diff", "v1", "v2", "--as-of", "2026-02-30"], manual, env)
        if r.returncode != 2 or "--as-of '2026-02-30' is not a date" not in r.stderr:
            failures.append("bad --as-of: exit %d, %r" % (r.returncode, r.stderr))
        r = run(imsdoc, ["diff", "--html", "v1", "v2"], manual, env)
        if r.returncode != 2 or "--html needs an output directory" not in r.stderr:
            failures.append("--html without -o: exit %d, %r" % (r.returncode, r.stderr))
        r = run(imsdoc, ["diff", "--html", "v1", "v2", "-o", "content/x"], manual, env)
        if r.returncode != 2 or "inside the project's content/ directory" not in r.stderr:
            failures.append("--html into content/: exit %d, %r" % (r.returncode, r.stderr))

        # -o FILE writes the report there and nothing to stdout.
        r = run(imsdoc, ["diff", "v1", "v2", "--as-of", "2026-03-01", "-o",
                         os.path.join(tmp, "report.md")], manual, env)
        if r.returncode != 0 or r.stdout or not open(os.path.join(tmp, "report.md")).read().startswith(
                "<!-- imsdoc-diff -->\n"):
            failures.append("-o FILE: exit %d, %r" % (r.returncode, r.stderr))

        status = git(repo, "status", "--porcelain")
        if status:
            failures.append("the repository changed: %r" % status)
        leftovers = sorted(set(os.listdir(tmp)) - {"repo", "old", "new", "redline", "report.md"})
        if leftovers:
            failures.append("left in the temporary directory: %r" % leftovers)
    for f in failures:
        print("FAIL: " + f)
    print("accepted" if accept else "PASS" if not failures else "FAIL")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
