#!/usr/bin/env python3
"""Runs one bad-input case against the imsdoc binary.

A case is a directory with:
  files/     files copied over a copy of ../../base (the valid fixture project)
  remove     optional: project-relative paths to delete from the copy, one per line
  setup      optional: shell script run inside the project copy (symlinks, odd files)
  args       optional: the imsdoc arguments (default: "build"), run inside the project copy
  expected   the exact text imsdoc must print on stderr
  expected-stdout  the exact text on stdout; checked for cases whose args choose a --format
  exit       the expected exit code
  bounds     optional: the case is hostile input (issue 28); imsdoc runs with at most 2 GB of
             address space (`ulimit -v 2000000`) and must end within 20 s (60 s in a sanitizer
             build, which needs its own address space and runs slower)

Before running, the project gets a previous build in site/ (made by imsdoc itself from the
valid base). After a failing run, site/ must be byte-for-byte what it was and nothing may have
been created or changed anywhere else in the scratch directory.

Usage: run_case.py IMSDOC CASE_DIR        (IMSDOC_ACCEPT=1 rewrites `expected` and `exit`)
"""
import hashlib
import mmap
import os
import resource
import shlex
import shutil
import subprocess
import sys
import tempfile


def snapshot(root):
    """Maps every path under root to a hash of its content (or the link target)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, root)
            if os.path.islink(path):
                out[rel] = "link:" + os.readlink(path)
            elif os.path.isdir(path):
                out[rel] = "dir"
            else:
                with open(path, "rb") as f:
                    out[rel] = hashlib.sha256(f.read()).hexdigest()
    return out


def sanitized(binary):
    """Whether `binary` was built with AddressSanitizer (which reserves terabytes of address
    space, so that an address-space limit would only stop it from starting)."""
    with open(binary, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
        return m.find(b"__asan_init") != -1


def limit_address_space():
    limit = 2_000_000 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main():
    imsdoc, case = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    base = os.path.join(os.path.dirname(os.path.abspath(__file__)), "base")
    accept = os.environ.get("IMSDOC_ACCEPT") == "1"
    with tempfile.TemporaryDirectory(prefix="imsdoc-bad-") as scratch:
        project = os.path.join(scratch, "project")
        shutil.copytree(base, project, symlinks=True)
        # A previous, good build that a failing build must leave untouched.
        prev = subprocess.run([imsdoc, "build", "--quiet"], cwd=project, capture_output=True, text=True)
        if prev.returncode != 0:
            print("base fixture does not build:\n" + prev.stderr)
            return 1
        files = os.path.join(case, "files")
        if os.path.isdir(files):
            shutil.copytree(files, project, dirs_exist_ok=True, symlinks=True)
        remove = os.path.join(case, "remove")
        if os.path.exists(remove):
            for line in open(remove).read().split():
                path = os.path.join(project, line)
                shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)
        setup = os.path.join(case, "setup")
        if os.path.exists(setup):
            subprocess.run(["bash", setup], cwd=project, check=True)
        args = ["build"]
        if os.path.exists(os.path.join(case, "args")):
            args = shlex.split(open(os.path.join(case, "args")).read())
        before = snapshot(scratch)
        env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8")
        bounded = os.path.exists(os.path.join(case, "bounds"))
        asan = bounded and sanitized(imsdoc)
        try:
            result = subprocess.run(
                [imsdoc] + args, cwd=project, capture_output=True, text=True, env=env,
                timeout=(60 if asan else 20) if bounded else 60,
                preexec_fn=limit_address_space if bounded and not asan else None)
        except subprocess.TimeoutExpired as e:
            print(f"FAIL {os.path.basename(case)}: imsdoc {' '.join(args)} still running after "
                  f"{e.timeout} s")
            return 1
        after = snapshot(scratch)

        stdout_file = os.path.join(case, "expected-stdout")
        check_stdout = "--format" in args
        if accept:
            with open(os.path.join(case, "expected"), "w") as f:
                f.write(result.stderr)
            if check_stdout:
                with open(stdout_file, "w") as f:
                    f.write(result.stdout)
            with open(os.path.join(case, "exit"), "w") as f:
                f.write(f"{result.returncode}\n")
            print(f"accepted {os.path.basename(case)} (exit {result.returncode})")
            return 0

        failures = []
        expected = open(os.path.join(case, "expected")).read()
        expected_exit = int(open(os.path.join(case, "exit")).read().strip())
        if result.stderr != expected:
            failures.append("stderr differs.\n--- expected\n" + expected + "--- actual\n" + result.stderr)
        if check_stdout and result.stdout != open(stdout_file).read():
            failures.append("stdout differs.\n--- expected\n" + open(stdout_file).read() +
                            "--- actual\n" + result.stdout)
        if result.returncode != expected_exit:
            failures.append(f"exit code {result.returncode}, expected {expected_exit}")
        if expected_exit != 0:
            changed = sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))
            if changed:
                failures.append("files changed by a failed run: " + ", ".join(changed))
        elif not os.path.exists(os.path.join(project, "site", "index.html")) and args[0] == "build":
            failures.append("successful build wrote no site/index.html")
        if failures:
            print(f"FAIL {os.path.basename(case)}: imsdoc {' '.join(args)}")
            print("\n".join(failures))
            return 1
        print(f"ok {os.path.basename(case)}")
        return 0


if __name__ == "__main__":
    sys.exit(main())
