#!/usr/bin/env python3
"""The CI workflows for manual repositories run as documented.

Usage: workflow_test.py IMSDOC BASE_PROJECT WORKFLOW...

For each GitHub Actions workflow file: parses it, checks what docs/review.md promises (full
history checked out, permission to comment, the comment marker imsdoc diff writes), then runs
the shell of its "check", "build" and "review" steps, as GitHub would for a pull request, in a
temporary clone with `origin/main` and a pull-request branch that changes a risk: the review
must land in the job summary and in imsdoc-review.md, the redline and the site must be built.
All steps of the workflows from "check" on must be identical. The workflows for users (under
docs/ci/) install a released .deb and never compile imsdoc; the site is published on main.
A GitLab CI file (a WORKFLOW named *gitlab*) has its check, review and pages jobs run the same
way, as GitLab would in a merge request: its Code Quality report must name a broken line.
Exit 0 pass, 1 fail, 77 skip (git, jq or python3-yaml missing).
"""
import json
import os
import re
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


def users_workflow_problems(name, scripts):
    """A workflow for users installs the released .deb and compiles nothing."""
    problems = []
    for script in scripts:
        if re.search(r"setup\.sh|cmake|ninja|\bmake\b|g\+\+|clang", script):
            problems.append("%s compiles imsdoc: %s" % (name, script.strip()))
    if not any(re.search(r"apt-get install .*imsdoc[^ ]*\.deb", s) for s in scripts):
        problems.append(name + ": no step installs the imsdoc .deb")
    return problems


def run_script(lines, cwd, env):
    """Runs a GitLab job's script lines in one shell, as GitLab does (set -eo pipefail)."""
    return subprocess.run(["bash", "-c", "set -eo pipefail\n" + "\n".join(lines)], cwd=cwd,
                          env=env, capture_output=True, text=True, timeout=300)


def load_json(path):
    try:
        return json.load(open(path))
    except (OSError, ValueError):
        return None


def check_gitlab(path, imsdoc, base):
    name = os.path.basename(path)
    ci = yaml.safe_load(open(path))
    problems = []
    for job in ("check", "build", "review", "pages"):
        if job not in ci:
            problems.append("%s: no job %s" % (name, job))
    if problems:
        return problems
    problems += users_workflow_problems(name, ci["default"]["before_script"] +
                                        [l for j in ("check", "build", "review", "pages")
                                         for l in ci[j]["script"]])
    if ci["variables"].get("GIT_DEPTH") != 0:
        problems.append(name + ": needs the whole history (GIT_DEPTH: 0)")
    if ci["check"]["artifacts"]["reports"].get("codequality") != "gl-code-quality-report.json":
        problems.append(name + ": check does not publish its Code Quality report")
    if ci["pages"]["artifacts"]["paths"] != ["public"]:
        problems.append(name + ": pages does not publish public/")
    with tempfile.TemporaryDirectory(prefix="imsdoc-gitlab-test-") as tmp:
        work = os.path.join(tmp, "work")
        shutil.copytree(base, work)
        git(work, "init", "-q", "-b", "main")
        git(work, "add", "-A")
        git(work, "commit", "-qm", "manual")
        base_sha = subprocess.run(["git", "-C", work, "rev-parse", "HEAD"], capture_output=True,
                                  text=True, check=True).stdout.strip()
        risks = os.path.join(work, "registers", "risks.yaml")
        text = open(risks).read().replace("likelihood: 2", "likelihood: 3")
        open(risks, "w").write(text)
        git(work, "commit", "-qam", "Risk RSK-001 is more likely")
        env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8", HOME=tmp, GIT_CONFIG_NOSYSTEM="1",
                   PATH=os.path.dirname(imsdoc) + os.pathsep + os.environ["PATH"],
                   CI_PIPELINE_SOURCE="merge_request_event", CI_PROJECT_DIR=work,
                   CI_MERGE_REQUEST_DIFF_BASE_SHA=base_sha)
        env.pop("SOURCE_DATE_EPOCH", None)
        env.pop("IMSDOC_GITLAB_TOKEN", None)
        for job in ("check", "review", "pages"):
            r = run_script(ci[job]["script"], work, env)
            if r.returncode != 0:
                problems.append("%s: job %s exited %d:\n%s%s" % (name, job, r.returncode,
                                                                 r.stdout, r.stderr))
        report = os.path.join(work, "gl-code-quality-report.json")
        if load_json(report) != []:
            problems.append(name + ": a clean check must leave an empty Code Quality report")
        want = "- **Changed** RSK-001 Biased routing\n  - Likelihood (1-5): 2 → 3\n"
        review = os.path.join(work, "imsdoc-review.md")
        if not os.path.exists(review) or want not in open(review).read():
            problems.append(name + ": the review report lacks the change")
        for built in ("_redline/index.html", "public/index.html"):
            if not os.path.exists(os.path.join(work, built)):
                problems.append("%s: no %s" % (name, built))
        # A broken register: the check job fails and its report points at the line.
        text = open(risks).read()
        line = text[:text.index("likelihood: 3")].count("\n") + 1
        open(risks, "w").write(text.replace("likelihood: 3", "likelihood: 9", 1))
        r = run_script(ci["check"]["script"], work, env)
        entries = load_json(report) or []
        located = [e for e in entries if e["location"] == {"path": "registers/risks.yaml",
                                                           "lines": {"begin": line}}]
        if r.returncode != 1 or len(located) != 1 or located[0]["severity"] != "major" or \
                not located[0]["description"] or len({e["fingerprint"] for e in entries}) != \
                len(entries):
            problems.append("%s: check of a broken register exited %d, report %r" % (
                name, r.returncode, entries))
    return problems


def main():
    imsdoc, base = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    workflows = [os.path.abspath(p) for p in sys.argv[3:]]
    if shutil.which("git") is None:
        print("SKIP: git not found (apt-get install git)")
        return 77
    if yaml is None:
        print("SKIP: PyYAML not found (apt-get install python3-yaml)")
        return 77
    if shutil.which("jq") is None:
        print("SKIP: jq not found (apt-get install jq)")
        return 77
    failures = []
    parsed = {}
    for path in [p for p in workflows if "gitlab" in os.path.basename(p)]:
        failures += check_gitlab(path, imsdoc, base)
    for path in [p for p in workflows if "gitlab" not in os.path.basename(p)]:
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
        uses = [str(s.get("uses", "")) for s in steps]
        publish = w["jobs"].get("publish", {})
        if not any(u.startswith("actions/upload-pages-artifact@") for u in uses) or \
                not any(str(s.get("uses", "")).startswith("actions/deploy-pages@")
                        for s in publish.get("steps", [])) or publish.get("needs") != "manual":
            failures.append(name + ": the site is not published with GitHub Pages after the job")
        if name.startswith("docs/ci/"):
            failures += users_workflow_problems(name, [s.get("run", "") for s in steps])
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
