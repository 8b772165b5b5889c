#!/usr/bin/env python3
"""imsdoc snapshot and verify, checked with real clients.

Usage: snapshot_test.py IMSDOC PROJECT [--e2e SITE_E2E_PY ARTIFACT_DIR]

Without --e2e: two snapshots of PROJECT are byte-identical; `unzip -t` accepts the zip; the
extracted files pass `sha256sum -c SHA256SUMS`; `imsdoc verify` accepts it, and rejects a
changed byte, an extra file, a missing file, a '../' entry, an absolute path and a symbolic
link, each with its exact message and exit 1.
With --e2e: extracts the snapshot and runs the Chromium search journey on it from file://
(site_e2e.py --site ... --journeys-only). Exit 0 pass, 1 fail, 77 skip (a tool is missing).
"""
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

TOP = "IMS-M-001-3.0/"


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def rewrite(src, dst, change):
    """Copies zip src to dst through change(name, data) -> list of (ZipInfo|name, data)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            for item, data in change(info.filename, zin.read(info)):
                zout.writestr(item, data)


def symlink_info(name):
    info = zipfile.ZipInfo(name)
    info.create_system = 3                      # Unix
    info.external_attr = (0o120777 << 16)       # S_IFLNK | 0777
    return info


def main():
    imsdoc, project = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    e2e = sys.argv[4:6] if len(sys.argv) > 5 and sys.argv[3] == "--e2e" else None
    for tool in ("unzip", "sha256sum"):
        if shutil.which(tool) is None:
            print("SKIP: %s not found (apt-get install unzip coreutils)" % tool)
            return 77
    failures = []
    env = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8", SOURCE_DATE_EPOCH="1772323200")
    with tempfile.TemporaryDirectory(prefix="imsdoc-snapshot-test-") as tmp:
        a, b = os.path.join(tmp, "a.zip"), os.path.join(tmp, "b.zip")
        for path in (a, b):
            r = run([imsdoc, "snapshot", project, "-o", path, "--as-of", "2026-03-01", "-q"],
                    env=env)
            if r.returncode != 0:
                print("FAIL: snapshot exited %d: %s" % (r.returncode, r.stderr))
                return 1
        extracted = os.path.join(tmp, "x")
        r = run(["unzip", "-q", a, "-d", extracted])
        if r.returncode != 0:
            print("FAIL: unzip: " + r.stderr)
            return 1
        if e2e:
            script, artifacts = e2e
            r = subprocess.run([sys.executable, script, "--site",
                                os.path.join(extracted, TOP, "site"), "--journeys-only",
                                artifacts])
            return r.returncode

        if open(a, "rb").read() != open(b, "rb").read():
            failures.append("two snapshots of the same input differ")
        r = run(["unzip", "-t", a])
        if r.returncode != 0 or "No errors detected" not in r.stdout:
            failures.append("unzip -t: " + r.stdout[-300:])
        r = run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=os.path.join(extracted, TOP))
        if r.returncode != 0:
            failures.append("sha256sum -c: " + r.stdout[-300:] + r.stderr[-300:])
        for name in ("manual.docx", "coverage.csv", "registers/soa.csv", "site/index.html",
                     "site/3.0/search-index.js", "site/3.0/manual.docx", "README.txt"):
            if not os.path.isfile(os.path.join(extracted, TOP, name)):
                failures.append("snapshot lacks " + name)
        # manual.pdf is there exactly when WeasyPrint is installed (CI installs it).
        has_pdf = shutil.which("weasyprint") is not None
        pdf = os.path.join(extracted, TOP, "manual.pdf")
        if os.path.isfile(pdf) != has_pdf:
            failures.append("manual.pdf %s, but weasyprint is %s" % (
                "present" if os.path.isfile(pdf) else "missing",
                "installed" if has_pdf else "not installed"))
        elif has_pdf and not open(pdf, "rb").read(5) == b"%PDF-":
            failures.append("manual.pdf is not a PDF")
        files = 737 + (1 if has_pdf else 0)
        r = run([imsdoc, "verify", a])
        if r.returncode != 0 or "all %d files match the manifest" % files not in r.stdout:
            failures.append("verify of a good snapshot: exit %d %r %r"
                            % (r.returncode, r.stdout, r.stderr))
        # --no-pdf: the same snapshot without manual.pdf, still complete by its manifest.
        c = os.path.join(tmp, "c.zip")
        r = run([imsdoc, "snapshot", project, "-o", c, "--as-of", "2026-03-01", "-q",
                 "--no-pdf"], env=env)
        listing = run(["unzip", "-Z1", c]).stdout.split()
        if r.returncode != 0 or TOP + "manual.pdf" in listing or TOP + "manual.docx" not in listing:
            failures.append("snapshot --no-pdf: exit %d, entries %d" % (r.returncode, len(listing)))
        r = run([imsdoc, "verify", c])
        if r.returncode != 0 or "all 737 files match the manifest" not in r.stdout:
            failures.append("verify of a --no-pdf snapshot: %r" % r.stdout)

        def flip(name, data):
            if name == TOP + "site/3.0/index.html":
                data = data.replace(b"Harbourline", b"Harbourlinf", 1)
            return [(name, data)]

        tampered = {
            "changed byte": (flip, "changed: site/3.0/index.html (SHA-256 differs)"),
            "extra file": (lambda n, d: [(n, d)] + ([(TOP + "notes.txt", b"x")]
                                                    if n == TOP + "README.txt" else []),
                           "extra: notes.txt (not in the manifest)"),
            "missing file": (lambda n, d: [] if n == TOP + "coverage.csv" else [(n, d)],
                             "missing: coverage.csv"),
            "dot-dot entry": (lambda n, d: [(n, d)] + ([(TOP + "../evil.sh", b"rm -rf")]
                                                       if n == TOP + "README.txt" else []),
                              "unsafe entry: IMS-M-001-3.0/../evil.sh ('..' in path)"),
            "absolute path": (lambda n, d: [(n, d)] + ([("/tmp/evil.sh", b"x")]
                                                       if n == TOP + "README.txt" else []),
                              "unsafe entry: /tmp/evil.sh (absolute path)"),
            "symbolic link": (lambda n, d: [(n, d)] + ([(symlink_info(TOP + "site/link"),
                                                         b"/etc/passwd")]
                                                       if n == TOP + "README.txt" else []),
                              "unsafe entry: IMS-M-001-3.0/site/link (symbolic link)"),
        }
        for label, (change, message) in sorted(tampered.items()):
            bad = os.path.join(tmp, label.replace(" ", "-") + ".zip")
            rewrite(a, bad, change)
            r = run([imsdoc, "verify", bad])
            want = "%s: %s\nimsdoc: %s does NOT verify: 1 problem\n" % (bad, message, bad)
            if r.returncode != 1 or r.stderr != want:
                failures.append("%s: exit %d, stderr %r, expected %r"
                                % (label, r.returncode, r.stderr, want))
        r = run([imsdoc, "verify", os.path.join(tmp, "none.zip")])
        if r.returncode != 3:
            failures.append("verify of a missing file: exit %d" % r.returncode)
    for f in failures:
        print("FAIL: " + f)
    print("PASS" if not failures else "FAIL")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
