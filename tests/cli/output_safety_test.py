#!/usr/bin/env python3
"""imsdoc never loses a user's file in its output folder (issue 19).

Usage: output_safety_test.py IMSDOC PROJECT EXAMPLE

PROJECT is a small manual (tests/bad-input/base), EXAMPLE the bundled example (whose build
lasts long enough to be interrupted). Each case builds into a fresh output folder
in a scratch directory and checks the exit code, the exact error line and that every file the
user had is still there, byte for byte:
  * a published-site checkout: the user's CNAME and .git/ in the root stay, also when
    versions.json is gone;
  * a folder that is not empty and has no imsdoc manifest (and one with only a bare
    .imsdoc-site marker, like ~/.ssh with a marker someone made) is refused;
  * a file the user put in a version folder stops the build with its path;
  * a version folder or latest/ that is a symbolic link to a folder outside: never followed;
  * two first builds into one root at once (build, build --version 9.9) both survive;
  * a build killed with SIGKILL leaves its temporary folder, removed by the next build; one
    stopped with SIGTERM or SIGINT removes it itself.
Exit 0 pass, 1 fail.
"""
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from testlib import copy_project

ENV = dict(os.environ, TZ="UTC", SOURCE_DATE_EPOCH="1772323200")
FAILURES = []


def check(ok, what):
    if not ok:
        FAILURES.append(what)
    return ok


def build(imsdoc, project, out, *extra):
    return subprocess.run([imsdoc, "build", project, "-o", out, "-q", "--as-of", "2026-03-01"] +
                          list(extra), capture_output=True, text=True, env=ENV, timeout=120)


def tree(root):
    """Every file and link below `root`: relative path -> sha256 (or '-> target')."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            if os.path.islink(path):
                out[rel] = "-> " + os.readlink(path)
            elif os.path.isfile(path):
                with open(path, "rb") as f:
                    out[rel] = hashlib.sha256(f.read()).hexdigest()
    return out


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def temporaries(folder):
    return sorted(n for n in os.listdir(folder) if ".imsdoc-tmp-" in n)


def user_files_in_root(imsdoc, project, tmp):
    out = os.path.join(tmp, "published")
    r = build(imsdoc, project, out)
    if not check(r.returncode == 0, "first build: exit %d %s" % (r.returncode, r.stderr)):
        return
    write(os.path.join(out, "CNAME"), "manual.example.com\n")
    write(os.path.join(out, ".git", "HEAD"), "ref: refs/heads/gh-pages\n")
    write(os.path.join(out, ".git", "objects", "ab", "cdef"), "an object\n")
    os.remove(os.path.join(out, "versions.json"))
    mine = {k: v for k, v in tree(out).items() if k == "CNAME" or k.startswith(".git")}
    for extra in ([], ["--version", "2.0"], []):
        r = build(imsdoc, project, out, *extra)
        check(r.returncode == 0, "build %s beside CNAME and .git/: exit %d %s"
              % (extra, r.returncode, r.stderr))
    now = tree(out)
    check(all(now.get(k) == v for k, v in mine.items()),
          "the user's CNAME or .git/ changed: %s" % sorted(k for k in mine if now.get(k) != mine[k]))
    check(os.path.isfile(os.path.join(out, "versions.json")), "versions.json was not rewritten")


def not_imsdocs_root(imsdoc, project, tmp):
    for label, files in (("CNAME only", {"CNAME": "x\n"}),
                         ("a bare marker", {".imsdoc-site": "", "id_ed25519": "secret\n",
                                            "known_hosts": "host\n"}),
                         ("a fake manifest", {".imsdoc-manifest.json": "{}", "notes.txt": "n\n"})):
        out = os.path.join(tmp, "refused-" + label.replace(" ", "-"))
        for name, text in files.items():
            write(os.path.join(out, name), text)
        before = tree(out)
        r = build(imsdoc, project, out)
        want = ("imsdoc: error: cannot use '%s' as output: the output directory exists, is not "
                "empty and has no valid imsdoc manifest (.imsdoc-manifest.json): imsdoc did not "
                "write it; choose a new or empty folder (a folder written by an imsdoc before 0.2 "
                "must be deleted once by hand)\n" % out)
        check(r.returncode == 2 and want in r.stderr,
              "%s: exit %d, stderr %r" % (label, r.returncode, r.stderr))
        check(tree(out) == before, "%s: the folder changed" % label)
        check(temporaries(tmp) == [], "%s: left %s" % (label, temporaries(tmp)))


def file_in_version_folder(imsdoc, project, tmp):
    out = os.path.join(tmp, "precious")
    check(build(imsdoc, project, out).returncode == 0, "precious: first build failed")
    write(os.path.join(out, "1.0", "precious.txt"), "mine\n")
    write(os.path.join(out, "1.0", "sections", "notes", "draft.md"), "mine too\n")
    before = tree(out)
    r = build(imsdoc, project, out)
    want = ("imsdoc: error: %s/1.0/precious.txt was not written by imsdoc; move it away or "
            "choose another output folder\n" % out)
    check(r.returncode == 2 and want in r.stderr,
          "precious.txt: exit %d, stderr %r" % (r.returncode, r.stderr))
    check("%s/1.0/sections/notes was not written by imsdoc" % out in r.stderr,
          "the second file is not named: %r" % r.stderr)
    check(tree(out) == before, "precious.txt: the output changed")
    # Moved away, the build goes through.
    shutil.rmtree(os.path.join(out, "1.0", "sections", "notes"))
    os.remove(os.path.join(out, "1.0", "precious.txt"))
    r = build(imsdoc, project, out)
    check(r.returncode == 0, "precious moved away: exit %d %s" % (r.returncode, r.stderr))


def symlinks(imsdoc, project, tmp):
    outside = os.path.join(tmp, "outside")
    write(os.path.join(outside, "index.html"), "the user's page\n")
    write(os.path.join(outside, "deep", "keep.txt"), "keep\n")
    before = tree(outside)
    out = os.path.join(tmp, "linked")
    check(build(imsdoc, project, out).returncode == 0, "links: first build failed")
    shutil.rmtree(os.path.join(out, "latest"))
    os.symlink(outside, os.path.join(out, "latest"))
    r = build(imsdoc, project, out)
    check(r.returncode == 0, "a linked latest/: exit %d %s" % (r.returncode, r.stderr))
    check(not os.path.islink(os.path.join(out, "latest")) and
          os.path.isfile(os.path.join(out, "latest", "index.html")),
          "a linked latest/ was not replaced by a folder")
    check(tree(outside) == before, "a linked latest/: the folder it pointed to changed")

    shutil.rmtree(os.path.join(out, "1.0"))
    os.symlink(outside, os.path.join(out, "1.0"))
    r = build(imsdoc, project, out)
    want = ("imsdoc: error: %s/1.0 is a symbolic link, which imsdoc did not write; move it away "
            "or choose another output folder\n" % out)
    check(r.returncode == 2 and want in r.stderr,
          "a linked version folder: exit %d, stderr %r" % (r.returncode, r.stderr))
    check(tree(outside) == before, "a linked version folder: the folder it pointed to changed")
    check(os.path.islink(os.path.join(out, "1.0")), "a linked version folder was removed")


def concurrent_first_builds(imsdoc, project, tmp):
    out = os.path.join(tmp, "concurrent")
    cmd = [imsdoc, "build", project, "-o", out, "-q", "--as-of", "2026-03-01"]
    procs = [subprocess.Popen(cmd + extra, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True, env=ENV)
             for extra in ([], ["--version", "9.9"], ["--version", "2.0"])]
    codes = [(p.wait(timeout=120), p.stderr.read()) for p in procs]
    check(all(c == 0 for c, _ in codes), "concurrent builds: %r" % codes)
    for v in ("1.0", "2.0", "9.9"):
        check(os.path.isfile(os.path.join(out, v, "index.html")), "concurrent: %s lost" % v)
    with open(os.path.join(out, "versions.json")) as f:
        versions = f.read()
    check('"versions": ["9.9", "2.0", "1.0"]' in versions, "versions.json: " + versions)
    check(temporaries(tmp) == [] and temporaries(out) == [], "concurrent: temporaries left")


def interrupted_builds(imsdoc, project, tmp):
    out = os.path.join(tmp, "interrupted")
    check(build(imsdoc, project, out).returncode == 0, "interrupted: first build failed")
    write(os.path.join(out, "CNAME"), "x\n")
    for sig in (signal.SIGKILL, signal.SIGTERM, signal.SIGINT):
        # Stopped while its temporary folder exists: polled for, a few tries if the build
        # is too quick to be caught.
        for attempt in range(5):
            p = subprocess.Popen([imsdoc, "build", project, "-o", out, "--as-of", "2026-03-01"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
            seen = False
            while p.poll() is None:
                if temporaries(out):
                    time.sleep(0.05)  # well into writing pages
                    p.send_signal(sig)
                    seen = True
                    break
                time.sleep(0.001)
            p.wait()
            if seen and p.returncode == -sig:
                break
        if not check(seen and p.returncode == -sig,
                     "%s: no build could be stopped while writing (exit %r)"
                     % (signal.Signals(sig).name, p.returncode)):
            continue
        left = temporaries(out)
        if sig == signal.SIGKILL:
            check(left != [], "SIGKILL: no temporary folder left to clean up")
            r = build(imsdoc, project, out)
            check(r.returncode == 0, "after SIGKILL: exit %d %s" % (r.returncode, r.stderr))
            check(temporaries(out) == [], "the killed build's %s stayed after the next build"
                  % left)
        else:
            check(left == [], "%s left %s" % (signal.Signals(sig).name, left))
    check(os.path.isfile(os.path.join(out, "CNAME")), "interrupted: CNAME lost")
    check(os.path.isfile(os.path.join(out, "3.0", "index.html")), "interrupted: 3.0 lost")


def main():
    imsdoc, source, example = (os.path.abspath(a) for a in sys.argv[1:4])
    with tempfile.TemporaryDirectory(prefix="imsdoc-output-safety-") as tmp:
        project = os.path.join(tmp, "project")
        shutil.copytree(source, project)
        big = os.path.join(tmp, "example")
        copy_project(example, big)
        scratch = os.path.join(tmp, "out")
        for case in (user_files_in_root, not_imsdocs_root, file_in_version_folder, symlinks,
                     concurrent_first_builds, interrupted_builds):
            folder = os.path.join(scratch, case.__name__)
            os.makedirs(folder)
            case(imsdoc, big if case is interrupted_builds else project, folder)
    for f in FAILURES:
        print("FAIL: " + f)
    print("PASS" if not FAILURES else "FAIL")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
