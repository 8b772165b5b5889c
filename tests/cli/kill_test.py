#!/usr/bin/env python3
"""A build killed with SIGKILL at any point leaves the previous site complete.

  kill_test.py IMSDOC PROJECT

Builds PROJECT (a copy, in a scratch directory) once, keeps a fingerprint of the whole output,
changes a section so the next build writes different bytes, then starts builds and kills
them with SIGKILL after increasing delays (from before loading to after writing). After every
kill, each part of the output (the version directory, latest/, the root files) must be exactly
its previous or its new self: never a mix, never a half-written file. (A kill between the
version's swap and latest's leaves latest/ at the previous build until the next one.)
Finally a normal build still succeeds, brings latest/ up to date and tidies up.
"""
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time


def fingerprint(root):
    """Hashes of the site, hidden temporary directories and files of a killed build excluded."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            if ".imsdoc-tmp-" in name:    # a killed atomic write's file: hidden, not the site
                continue
            path = os.path.join(dirpath, name)
            with open(path, "rb") as f:
                out[os.path.relpath(path, root)] = hashlib.sha256(f.read()).hexdigest()
    return out


def main():
    imsdoc, source = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    env = dict(os.environ, TZ="UTC", SOURCE_DATE_EPOCH="1772323200")
    failures = []
    with tempfile.TemporaryDirectory(prefix="imsdoc-kill-") as tmp:
        project = os.path.join(tmp, "project")
        shutil.copytree(source, project, ignore=shutil.ignore_patterns(
            "site", "build*", ".git", "tests", "generator", "bench", "fuzz", "docs"))
        cmd = [imsdoc, "build", "--quiet", "--as-of", "2026-03-01"]
        subprocess.run(cmd, cwd=project, env=env, check=True)
        site = os.path.join(project, "site")
        old = fingerprint(site)
        section = os.path.join(project, "content", "01-introduction", "1.2-overview-and-scope.md")
        with open(section, "a") as f:
            f.write("\nA sentence added for the interrupted builds.\n")
        # How long a whole build takes here, to spread the kills over it.
        start = time.monotonic()
        subprocess.run(cmd + ["-o", os.path.join(tmp, "timing")], cwd=project, env=env,
                       check=True)
        total = time.monotonic() - start
        delays = [0.0] + [total * f for f in (0.05, 0.15, 0.3, 0.45, 0.6, 0.75, 0.85, 0.95, 1.1)]
        new = None
        for delay in delays:
            p = subprocess.Popen(cmd, cwd=project, env=env, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            time.sleep(delay)
            p.send_signal(signal.SIGKILL)
            p.wait()
            now = fingerprint(site)
            if now != old and new is None:
                ref = os.path.join(tmp, "reference")
                subprocess.run(cmd + ["-o", ref], cwd=project, env=env, check=True)
                new = fingerprint(ref)
            for part in ("3.0/", "latest/", ""):
                def of(tree):
                    return {k: v for k, v in tree.items()
                            if (k.startswith(part) if part else "/" not in k)}
                if of(now) != of(old) and (new is None or of(now) != of(new)):
                    changed = sorted(k for k in set(of(now)) | set(of(new or {}))
                                     if of(now).get(k) != of(new or {}).get(k))
                    failures.append(f"killed after {delay:.3f} s: {part or 'the root files'} "
                                    f"is neither the old nor the new one (e.g. {changed[:3]})")
        r = subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True)
        if r.returncode != 0:
            failures.append("a build after the kills failed: " + r.stderr)
        final = fingerprint(site)
        if new is not None and final != new:
            failures.append("the build after the kills did not give the new site")
        leftovers = [d for d in os.listdir(site) if ".imsdoc-tmp-" in d]
        if leftovers:
            failures.append(f"temporary directories left after a good build: {leftovers}")
    if failures:
        print("FAIL:\n" + "\n".join(failures))
        return 1
    print(f"ok: {len(delays)} builds killed between 0 and {delays[-1]:.2f} s; the site was "
          "always complete")
    return 0


if __name__ == "__main__":
    sys.exit(main())
