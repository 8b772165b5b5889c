#!/usr/bin/env python3
"""imsdoc serve's live reload in headless Chromium, under the site's Content-Security-Policy.

Usage: serve_reload_e2e.py IMSDOC SOURCE_DIR

Serves a temporary copy of the example project with imsdoc serve, opens a section page in
Chromium (CDP, the client of site_e2e.py) and checks that: the page loads with no console
error, CSP violation or failed request (reload.js and its long poll are allowed by the
CSP); saving the section file reloads the page by itself with the new text; an error in the
file turns the open page into the error page, and fixing it brings the section back.
Exit 0 pass, 1 fail, 77 skip (chromium or python3-websocket missing).
"""
import os
import re
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "cli"))
import site_e2e  # noqa: E402
from testlib import Server, copy_project  # noqa: E402


def main():
    imsdoc, source = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    chromium = site_e2e.find_chromium()
    websocket = site_e2e.import_websocket()
    if not chromium or not websocket:
        print("SKIP: needs chromium and python3-websocket (apt-get install chromium "
              "python3-websocket)")
        return 77
    failures = []

    def check(ok, message):
        if not ok:
            failures.append(message)
            print("FAIL: " + message)
        return ok

    deadline = site_e2e.Deadline(240)
    with tempfile.TemporaryDirectory(prefix="imsdoc-serve-e2e-") as tmp:
        project = os.path.join(tmp, "project")
        copy_project(source, project)
        server = Server(imsdoc, project, "--as-of", "2026-03-01")
        browser = site_e2e.Chromium(chromium, deadline, os.path.join(tmp, "chromium.log"))
        cdp = None
        try:
            url = server.url
            if not check(url, "imsdoc serve printed no URL"):
                return 1
            section = os.path.join(project, "content", "01-introduction")
            section = os.path.join(section, sorted(os.listdir(section))[0])
            with open(section, encoding="utf-8") as f:
                original = f.read()
            section_id = re.search(r"^id:\s*(\S+)", original, re.M).group(1)
            page_url = "%s3.0/sections/%s.html" % (
                url, re.sub(r"[^a-z0-9]+", "-", section_id.lower()))

            def wait_for(expression, timeout=20):
                stop = time.monotonic() + timeout
                while time.monotonic() < stop:
                    try:
                        if page.evaluate(expression):
                            return True
                    except site_e2e.CdpError:
                        pass  # the page is between documents
                    time.sleep(0.1)
                return False

            cdp = site_e2e.Cdp(websocket, browser.start(), deadline)
            page = site_e2e.Page(cdp)
            start, error = page.navigate(page_url)
            check(error is None, "%s: %s" % (page_url, error))
            check(wait_for("document.querySelectorAll('script[src^=\"/__imsdoc/events\"]')"
                           ".length == 1", 5),
                  "reload.js did not start its long poll after the load event")
            page.evaluate("window.imsdocNotReloaded = true")

            marker = "Live reload marker 2718"
            with open(section, "w", encoding="utf-8") as f:
                f.write(original + "\n" + marker + "\n")
            check(wait_for("!window.imsdocNotReloaded && document.body.innerText.includes(%r)"
                           % marker), "the page did not reload with the edit")

            broken = re.sub(r"^status:\s*\S+", "status: nonsense", original, count=1,
                            flags=re.M)
            with open(section, "w", encoding="utf-8") as f:
                f.write(broken)
            check(wait_for("document.body.innerText.includes(\"unknown status 'nonsense'\")"),
                  "the open page did not turn into the error page")
            with open(section, "w", encoding="utf-8") as f:
                f.write(original)
            check(wait_for("!!document.querySelector('main') && "
                           "!document.body.innerText.includes('unknown status')"),
                  "the page did not come back after the fix")
            # The error page is answered with status 500, which Chromium logs.
            problems = [p for p in page.problems_since(start)
                        if "500 (Internal Server Error)" not in p]
            check(not problems, "console or CSP problems: %s" % problems)
        finally:
            if cdp:
                cdp.close()
            browser.stop()
            code = server.stop()
            check(code == 0, "imsdoc serve did not exit 0 (%r; None: killed)" % code)
    if failures:
        return 1
    print("PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main())
