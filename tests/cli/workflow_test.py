#!/usr/bin/env python3
"""The CI workflows for manual repositories run as documented.

Usage: workflow_test.py IMSDOC BASE_PROJECT WORKFLOW...

For each GitHub Actions workflow file: parses it, checks what docs/review.md promises (full
history checked out, permission to comment, the comment marker imsdoc diff writes), then runs
the shell of its "check", "build" and "review" steps, as GitHub would for a pull request, in a
temporary clone with `origin/main` and a pull-request branch that changes a risk: the review
must land in the job summary and in imsdoc-review.md, the redline and the site must be built.
All steps of the workflows from "check" on must be identical.
Exit 0 pass, 1 fail, 77 skip (git or python3-yaml missing).
"""
import os
import shutil
import subprocess
import sys
import tempfile

try:
    import yaml
except ImportError:
    yaml = None


def git(repo, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="T", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="T", GIT_COMMITTER_EMAIL="t@example.org")
    subprocess.run(["git", "-C", repo] + list(args), check=True, capture_output=True, env=env)


def steps_from(steps, step_id):
    ids = [s.get("id") for s in steps]
    return steps[ids.index(step_id):] if step_id in ids else []


def main():
    imsdoc, base = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    workflows = [os.path.abspath(p) for p in sys.argv[3:]]
    if shutil.which("git") is None:
        print("SKIP: git not found (apt-get install git)")
        return 77
    if yaml is None:
        print("SKIP: PyYAML not found (apt-get install python3-yaml)")
        return 77
    failures = []
    parsed = {}
    for path in workflows:
        name = os.path.relpath(path, os.path.dirname(os.path.dirname(os.path.dirname(path))))
        w = yaml.safe_load(open(path))
        parsed[name] = w
        steps = w["jobs"]["manual"]["steps"]
        checkout = [s for s in steps if str(s.get("uses", "")).startswith("actions/checkout@")]
        if not checkout or checkout[0].get("with", {}).get("fetch-depth") != 0:
            failures.append(name + ": the checkout must fetch the whole history (fetch-depth: 0)")
        if w.get("permissions", {}).get("pull-requests") != "write":
            failures.append(name + ": needs permissions: pull-requests: write")
        scripts = [s["with"]["script"] for s in steps
                   if str(s.get("uses", "")).startswith("actions/github-script@")]
        if not scripts or "const marker = '<!-- imsdoc-diff -->'" not in scripts[0]:
            failures.append(name + ": the comment step must look for the <!-- imsdoc-diff --> marker")
        for step_id in ("check", "build", "review"):
            if not steps_from(steps, step_id):
                failures.append(name + ": no step with id " + step_id)
    tails = [steps_from(w["jobs"]["manual"]["steps"], "check") for w in parsed.values()]
    if any(t != tails[0] for t in tails):
        failures.append("the workflows differ from the check step on: %s" % ", ".join(parsed))

    with tempfile.TemporaryDirectory(prefix="imsdoc-workflow-test-") as tmp:
        origin = os.path.join(tmp, "origin")
        shutil.copytree(base, origin)
        git(origin, "init", "-q", "-b", "main")
        git(origin, "add", "-A")
        git(origin, "commit", "-qm", "manual")
        for name, w in parsed.items():
            work = os.path.join(tmp, "work-" + os.path.basename(name))
            subprocess.run(["git", "clone", "-q", origin, work], check=True)
            git(work, "checkout", "-q", "-b", "pr")
            risks = os.path.join(work, "registers", "risks.yaml")
            text = open(risks).read().replace("likelihood: 2", "likelihood: 3")
            open(risks, "w").write(text)
            git(work, "commit", "-qam", "Risk RSK-001 is more likely")
            summary = os.path.join(tmp, "summary-" + os.path.basename(name))
            home = os.path.join(tmp, "home")
            os.makedirs(home, exist_ok=True)
            env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8", HOME=home,
                       PATH=os.path.dirname(imsdoc) + os.pathsep + os.environ["PATH"],
                       GITHUB_EVENT_NAME="pull_request", GITHUB_BASE_REF="main",
                       GITHUB_STEP_SUMMARY=summary, GIT_CONFIG_NOSYSTEM="1")
            env.pop("SOURCE_DATE_EPOCH", None)
            for step in w["jobs"]["manual"]["steps"]:
                if step.get("id") not in ("check", "build", "review"):
                    continue
                r = subprocess.run(["bash", "-e", "-c", step["run"]], cwd=work, env=env,
                                   capture_output=True, text=True, timeout=300)
                if r.returncode != 0:
                    failures.append("%s: step %s exited %d:\n%s%s" % (name, step["id"], r.returncode,
                                                                     r.stdout, r.stderr))
            text = open(summary).read() if os.path.exists(summary) else ""
            want = "- **Changed** RSK-001 Biased routing\n  - Likelihood (1-5): 2 → 3\n"
            if "## Manual changes: origin/main (" not in text or want not in text:
                failures.append("%s: job summary %r" % (name, text))
            review = os.path.join(work, "imsdoc-review.md")
            if not os.path.exists(review) or open(review).read() != text:
                failures.append(name + ": imsdoc-review.md is not the summary")
            for path in ("_redline/index.html", "_redline/entries/risks/rsk-001.html",
                         "_site/index.html"):
                if not os.path.exists(os.path.join(work, path)):
                    failures.append("%s: no %s" % (name, path))
    for f in failures:
        print("FAIL: " + f)
    print("PASS" if not failures else "FAIL")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
