#!/usr/bin/env python3
"""imsdoc snapshot and verify, checked with real clients.

Usage: snapshot_test.py IMSDOC PROJECT [--e2e SITE_E2E_PY ARTIFACT_DIR]

Without --e2e: two snapshots of PROJECT are byte-identical; `unzip -t` accepts the zip; the
extracted files pass `sha256sum -c SHA256SUMS`; the manifest and the landing page say when
(SOURCE_DATE_EPOCH) the snapshot was made; `imsdoc verify` accepts it, and rejects a changed
byte, an extra file, a missing file, a '../' entry, an absolute path, a symbolic link, a
duplicate name, a manifest that lists nothing, a manifest fixed up after a change while
SHA256SUMS still disagrees, and the other way round, each with its exact message and exit 1.
A snapshot signed with `--sign KEY` (an ed25519 key made here) verifies with
`--allowed-signers` (naming the signer) and with stock `ssh-keygen -Y verify`; an unsigned one,
one signed by another key and a changed signature are refused.
With --e2e: extracts the snapshot and runs the Chromium search journey on it from file://
(site_e2e.py --site ... --journeys-only). Exit 0 pass, 1 fail, 77 skip (a tool is missing).
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import warnings
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


def signatures(imsdoc, project, tmp, env, unsigned):
    """--sign and --allowed-signers, and the stock ssh-keygen check README.txt describes."""
    if shutil.which("ssh-keygen") is None:
        return ["ssh-keygen not found (apt-get install openssh-client)"]
    failures = []
    keys = {}
    for who in ("auditor", "intruder"):
        key = os.path.join(tmp, who + "_key")
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", who, "-f", key],
                       check=True)
        with open(key + ".pub") as f:
            keys[who] = (key, f.read().strip())
    allowed = os.path.join(tmp, "allowed_signers")
    with open(allowed, "w") as f:
        f.write('compliance@example.org namespaces="imsdoc-snapshot" %s\n' % keys["auditor"][1])
    signed = os.path.join(tmp, "signed.zip")
    r = run([imsdoc, "snapshot", project, "-o", signed, "--as-of", "2026-03-01", "-q",
             "--no-pdf", "--sign", keys["auditor"][0]], env=env)
    if r.returncode != 0:
        return ["snapshot --sign: exit %d %s" % (r.returncode, r.stderr)]
    r = run([imsdoc, "verify", "--allowed-signers", allowed, signed])
    if r.returncode != 0 or "signed by compliance@example.org" not in r.stdout:
        failures.append("verify of a signed snapshot: exit %d %r %r"
                        % (r.returncode, r.stdout, r.stderr))
    # Stock tools only: unzip, ssh-keygen -Y verify, sha256sum -c.
    x = os.path.join(tmp, "signed")
    run(["unzip", "-q", signed, "-d", x])
    top = os.path.join(x, TOP)
    with open(os.path.join(top, "SHA256SUMS"), "rb") as sums:
        r = subprocess.run(["ssh-keygen", "-Y", "verify", "-f", allowed, "-I",
                            "compliance@example.org", "-n", "imsdoc-snapshot", "-s",
                            os.path.join(top, "SHA256SUMS.sig")], stdin=sums,
                           capture_output=True, text=True)
    if r.returncode != 0:
        failures.append("ssh-keygen -Y verify of SHA256SUMS.sig: %s" % (r.stdout + r.stderr))
    r = run(["sha256sum", "-c", "--quiet", "SHA256SUMS"], cwd=top)
    if r.returncode != 0:
        failures.append("sha256sum -c in a signed snapshot: " + r.stdout + r.stderr)
    with open(os.path.join(top, "README.txt")) as f:
        if "ssh-keygen -Y verify" not in f.read():
            failures.append("README.txt does not say how to check the signature")

    other = os.path.join(tmp, "other_signers")
    with open(other, "w") as f:
        f.write('intruder@example.org namespaces="imsdoc-snapshot" %s\n' % keys["intruder"][1])
    changed_sig = os.path.join(tmp, "changed-sig.zip")

    def swap_sig(name, data):
        if name == TOP + "SHA256SUMS.sig":
            lines = data.split(b"\n")
            lines[3] = lines[3][:10] + (b"A" if lines[3][10:11] != b"A" else b"B") + lines[3][11:]
            data = b"\n".join(lines)
        return [(name, data)]

    rewrite(signed, changed_sig, swap_sig)
    for label, (zip_path, signers, start) in {
            "unsigned": (unsigned, allowed, "not signed: the snapshot has no SHA256SUMS.sig"),
            "another signer": (signed, other, "bad signature: SHA256SUMS.sig was not made by a "
                                              "key of " + other),
            "changed signature": (changed_sig, allowed, "bad signature: ")}.items():
        r = run([imsdoc, "verify", "--allowed-signers", signers, zip_path])
        if r.returncode != 1 or not r.stderr.startswith("%s: %s" % (zip_path, start)):
            failures.append("%s: exit %d, stderr %r" % (label, r.returncode, r.stderr))
    r = run([imsdoc, "verify", "--allowed-signers", os.path.join(tmp, "nope"), signed])
    if r.returncode != 2:
        failures.append("--allowed-signers of a missing file: exit %d" % r.returncode)
    return failures


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
        files = 735 + (1 if has_pdf else 0)
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
        if r.returncode != 0 or "all 735 files match the manifest" not in r.stdout:
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
        # Consistency between the manifest, SHA256SUMS and the content.
        def page_changed_manifest_fixed(name, data):
            if name == TOP + "site/3.0/index.html":
                return flip(name, data)
            if name == TOP + "manifest.json":
                m = json.loads(data)
                with zipfile.ZipFile(a) as z:
                    new = z.read(TOP + "site/3.0/index.html").replace(b"Harbourline",
                                                                      b"Harbourlinf", 1)
                for f in m["files"]:
                    if f["path"] == "site/3.0/index.html":
                        f["sha256"] = hashlib.sha256(new).hexdigest()
                        f["size"] = len(new)
                data = json.dumps(m).encode()
            return [(name, data)]

        def sums_changed(name, data):
            if name == TOP + "SHA256SUMS":
                data = data.replace(b"  coverage.csv", b"  coverage.txt")
            return [(name, data)]

        def empty_manifest(name, data):
            if name == TOP + "manifest.json":
                m = json.loads(data)
                m["files"] = []
                data = json.dumps(m).encode()
            return [(name, data)]

        strict = {
            "fixed-up manifest": (page_changed_manifest_fixed,
                                  ["SHA256SUMS and manifest.json disagree on site/3.0/index.html"]),
            "empty manifest": (empty_manifest, ["manifest.json lists no files"]),
            "duplicate name": (lambda n, d: [(n, d)] + ([(n, b"x")]
                                                        if n == TOP + "coverage.csv" else []),
                               ["duplicate entry: the zip holds an entry name twice"]),
            "checksums differ": (sums_changed,
                                 ["changed: SHA256SUMS (SHA-256 differs)",
                                  "SHA256SUMS does not list coverage.csv",
                                  "SHA256SUMS lists coverage.txt, which manifest.json does not"]),
        }
        for label, (change, messages) in sorted(strict.items()):
            bad = os.path.join(tmp, label.replace(" ", "-") + ".zip")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
                rewrite(a, bad, change)
            r = run([imsdoc, "verify", bad])
            want = "".join("%s: %s\n" % (bad, m) for m in messages) + \
                "imsdoc: %s does NOT verify: %d problem%s\n" % (
                    bad, len(messages), "" if len(messages) == 1 else "s")
            if r.returncode != 1 or r.stderr != want:
                failures.append("%s: exit %d, stderr %r, expected %r"
                                % (label, r.returncode, r.stderr, want))

        # When and from what: SOURCE_DATE_EPOCH, on the manifest and the landing page.
        with zipfile.ZipFile(a) as z:
            manifest = json.loads(z.read(TOP + "manifest.json"))
            landing = z.read(TOP + "site/index.html").decode()
            dates = {i.date_time for i in z.infolist()}
        if manifest.get("build_date") != "2026-03-01T00:00:00Z" or \
                manifest.get("build_date_from") != "SOURCE_DATE_EPOCH":
            failures.append("manifest build_date: %r from %r" % (
                manifest.get("build_date"), manifest.get("build_date_from")))
        if "on 2026-03-01T00:00:00Z" not in landing:
            failures.append("the landing page does not show the date")
        if dates != {(2026, 3, 1, 0, 0, 0)}:
            failures.append("zip entry dates: %r" % sorted(dates)[:3])
        for key in ("git_commit", "git_dirty", "generator", "version", "manual_id"):
            if key not in manifest:
                failures.append("manifest lacks " + key)

        failures.extend(signatures(imsdoc, project, tmp, env, a))

        r = run([imsdoc, "verify", os.path.join(tmp, "none.zip")])
        if r.returncode != 3:
            failures.append("verify of a missing file: exit %d" % r.returncode)
    for f in failures:
        print("FAIL: " + f)
    print("PASS" if not failures else "FAIL")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
