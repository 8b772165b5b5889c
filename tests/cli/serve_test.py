#!/usr/bin/env python3
"""imsdoc serve on the loopback interface, with a real HTTP client.

Usage: serve_test.py IMSDOC SOURCE_DIR

Copies the example project of SOURCE_DIR to a temporary directory, builds it with imsdoc build,
then starts imsdoc serve on it (--port 0) and checks: every file of the built site is served
with the same bytes (pages with only the reload script added); nothing is written into the
project; an edit of a section appears in its page, which then equals a fresh build's page; an
error is shown in the page (path:line:col: error: message, HTML-escaped) and the terminal;
fixing it brings the site back; paths with ../ are answered 404 and never with a file; SIGINT
stops the server with exit code 0. Exit 0 pass, 1 fail.
"""
import html
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

from testlib import Server, copy_project

AS_OF = "2026-03-01"
ENV = dict(os.environ, TZ="UTC", LC_ALL="C.UTF-8", SOURCE_DATE_EPOCH="1772323200")
TAG = re.compile(r'<script src="/__imsdoc/reload\.js\?generation=\d+"></script>\n')

failures = []


def check(ok, message):
    if not ok:
        failures.append(message)
        print("FAIL: " + message)
    return ok


def get(base, path, timeout=10):
    """(status, body bytes, headers) of GET base+path."""
    try:
        with urllib.request.urlopen(base + path, timeout=timeout) as r:
            return r.status, r.read(), r.headers
    except urllib.error.HTTPError as e:
        return e.code, e.read(), e.headers


def raw_get(port, target):
    """Sends the request target exactly as given (no client-side normalisation)."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                   % target).encode())
        data = b""
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    status = int(head.split(b" ")[1]) if head.startswith(b"HTTP/") else 0
    return status, body


def tree(root):
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not d.startswith(".")]
        for name in filenames:
            path = os.path.join(dirpath, name)
            out[os.path.relpath(path, root).replace(os.sep, "/")] = path
    return out


def snapshot(root):
    """Every path below root with its size and mtime: to prove serve writes nothing."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            st = os.lstat(path)
            out[os.path.relpath(path, root)] = (st.st_size, st.st_mtime_ns)
    return out


def build(imsdoc, project, out):
    r = subprocess.run([imsdoc, "build", project, "-o", out, "--as-of", AS_OF, "-q"],
                       capture_output=True, text=True, env=ENV, timeout=300)
    if r.returncode != 0:
        sys.exit("FAIL: imsdoc build exited %d:\n%s" % (r.returncode, r.stderr))


def strip_tag(body):
    text = body.decode("utf-8")
    return TAG.sub("", text, count=1).encode("utf-8"), len(TAG.findall(text))


def wait_for(predicate, timeout=15.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    return None


def main():
    imsdoc, source = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    with tempfile.TemporaryDirectory(prefix="imsdoc-serve-test-") as tmp:
        project = os.path.join(tmp, "project")
        copy_project(source, project)
        built = os.path.join(tmp, "built")
        build(imsdoc, project, built)
        before = snapshot(project)

        server = Server(imsdoc, project, "--as-of", AS_OF, env=ENV)
        if not check(server.url, "no 'serving at' line; stderr:\n" + server.stderr()):
            server.stop()
            return 1
        base = server.url.rstrip("/")
        print("serving at " + server.url)
        version = "3.0"

        # Every file the build wrote, with the same bytes (pages: plus the reload script).
        files = tree(built)
        compared = 0
        for rel, path in sorted(files.items()):
            # latest/ and the ownership manifests are the output folder's, not the site's.
            if rel.startswith("latest/") or rel.endswith("manual.docx") or \
                    rel.endswith(".imsdoc-manifest.json"):
                continue
            status, body, _ = get(base, "/" + rel)
            if not check(status == 200, "/%s: status %d" % (rel, status)):
                continue
            with open(path, "rb") as f:
                expected = f.read()
            if rel.endswith(".html"):
                body, tags = strip_tag(body)
                check(tags == 1, "/%s: %d reload scripts, expected 1" % (rel, tags))
            check(body == expected, "/%s differs from imsdoc build's file" % rel)
            compared += 1
        print("compared %d files with imsdoc build's output" % compared)
        check(compared > 100, "only %d files compared" % compared)
        status, body, _ = get(base, "/")
        check(status == 200 and b"3.0" in body, "/ is not the root page")
        status, _, headers = get(base, "/latest/index.html")
        check(status == 200, "/latest/index.html: status %d" % status)
        status, _, _ = get(base, "/" + version)
        check(status == 200, "/3.0 (redirected to /3.0/): status %d" % status)
        status, body, _ = get(base, "/__imsdoc/reload.js")
        check(status == 200 and b"/__imsdoc/events" in body, "/__imsdoc/reload.js")

        # Where the edit goes: the first section page of the build.
        section_file = sorted(f for f in tree(os.path.join(project, "content")).values()
                              if f.endswith(".md"))[0]
        with open(section_file, encoding="utf-8") as f:
            original = f.read()
        section_id = re.search(r"^id:\s*(\S+)", original, re.M).group(1)
        page = "/%s/sections/%s.html" % (version, section_id.lower().replace(".", "-"))
        status, body, _ = get(base, page)
        if not check(status == 200, "%s: status %d (slug guess)" % (page, status)):
            page = None
            for rel in files:
                if rel.startswith(version + "/sections/"):
                    with open(files[rel], encoding="utf-8") as f:
                        if section_id in f.read():
                            page = "/" + rel
                            break
        generation = int(re.search(rb"generation=(\d+)", body).group(1)) if status == 200 else 1

        # An edit appears in the page...
        marker = "Serve test marker 4711"
        with open(section_file, "w", encoding="utf-8") as f:
            f.write(original + "\n" + marker + "\n")
        seen = wait_for(lambda: marker.encode() in get(base, page)[1])
        check(seen, "the edit did not appear in %s within 15 s" % page)
        status, body, _ = get(base, "/__imsdoc/events?since=%d" % generation, timeout=30)
        check(status == 200 and re.match(rb"imsdocServe\((\d+)\);", body) and
              body != b"imsdocServe(%d);\n" % generation,
              "/__imsdoc/events did not report a new generation: %r" % body)
        # ... and the page equals a fresh full build's, as does the home page (navigation).
        built2 = os.path.join(tmp, "built2")
        build(imsdoc, project, built2)
        for rel in (page.lstrip("/"), version + "/index.html", version + "/search-index.js"):
            status, body, _ = get(base, "/" + rel)
            if rel.endswith(".html"):
                body, _ = strip_tag(body)
            with open(os.path.join(built2, rel), "rb") as f:
                check(body == f.read(), "after the edit, /%s differs from a fresh build" % rel)

        # An error is shown in every page and on the terminal.
        broken = re.sub(r"^status:\s*\S+", "status: <aproved>", original, count=1, flags=re.M)
        check(broken != original, "no status line to break in " + section_file)
        with open(section_file, "w", encoding="utf-8") as f:
            f.write(broken)
        rel_file = os.path.relpath(section_file, project)
        pattern = re.compile(re.escape(os.path.join(project, rel_file)) +
                             r":\d+:\d+: error: unknown status '<aproved>'")

        def error_shown():
            status, body, _ = get(base, "/%s/index.html" % version)
            text = body.decode("utf-8")
            return status == 500 and pattern.search(html.unescape(text)) and text

        text = wait_for(error_shown)
        if check(text, "the error did not appear in the home page within 15 s"):
            check("&lt;aproved&gt;" in text and "<aproved>" not in text,
                  "the error page does not escape the message")
            check(TAG.search(text), "the error page has no reload script")
            status, body, _ = get(base, page)
            check(status == 500 and pattern.search(html.unescape(body.decode())),
                  "the section page does not show the error")
        check(wait_for(lambda: pattern.search(server.stderr())),
              "the terminal did not print the error; stderr:\n" + server.stderr())

        # Fixing it brings the site back.
        with open(section_file, "w", encoding="utf-8") as f:
            f.write(original)

        def fixed():
            status, body, _ = get(base, page)
            return status == 200 and marker.encode() not in body
        check(wait_for(fixed), "the page did not come back after the fix")
        status, body, _ = get(base, page)
        with open(files[page.lstrip("/")], "rb") as f:
            check(strip_tag(body)[0] == f.read(), "after the fix, %s differs from the build" % page)

        # Nothing outside the site, whatever the path says.
        secret = os.path.join(tmp, "secret.txt")
        with open(secret, "w") as f:
            f.write("TOP SECRET\n")
        for target in ("/../secret.txt", "/../../../../../etc/passwd", "/3.0/../../secret.txt",
                       "/%2e%2e/secret.txt", "/3.0/%2e%2e/%2e%2e/imsdoc.yaml",
                       "/..%2fsecret.txt", "/3.0/..\\..\\secret.txt", "/imsdoc.yaml",
                       "/content/" + os.path.basename(section_file)):
            status, body = raw_get(server.port, target)
            check(status in (400, 403, 404), "%s: status %d" % (target, status))
            check(b"TOP SECRET" not in body and b"root:" not in body and b"manual_id" not in body,
                  "%s: served a file outside the site" % target)

        code = server.stop()
        check(code == 0, "imsdoc serve exited with %r after SIGINT; stderr:\n%s"
              % (code, server.stderr()))
        check(any("stopped" in line for line in server.out), "no 'stopped' line")
        check(snapshot(project).keys() == before.keys(),
              "imsdoc serve created or removed files in the project: %s" %
              sorted(set(snapshot(project)) ^ set(before)))
    if failures:
        print("%d failures" % len(failures))
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
