#!/usr/bin/env python3
"""Hostile content in headless Chromium: no payload runs, every payload shows as text.

Usage: hostile_e2e.py IMSDOC_BINARY BASE_PROJECT HOSTILE_OVERLAY

Copies BASE_PROJECT (tests/bad-input/base), lays HOSTILE_OVERLAY (tests/e2e/hostile) over it
and builds it. The overlay puts script payloads everywhere content reaches a page: the config
title, section front matter (title, summary, owner), Markdown (raw HTML inline and as blocks,
javascript:/data:/vbscript: links and autolinks, link titles, image alt text, reference labels,
code, footnotes, headings, table cells) and register fields (AI system names that also become
diagram labels in inline SVG, risk titles and owners).

The site is then checked twice in Chromium over file://: as built, and as a copy with the
Content-Security-Policy meta tag removed from every page, so that escaping is proven on its own
and not only the CSP. On every page of both:

  * no payload runs: alert/confirm/prompt are replaced (before any page script) by functions
    that record their argument, mouseover/click/focus events are dispatched to every element,
    and the record must stay empty; no JavaScript dialog may open;
  * the DOM holds nothing executable that the theme did not put there: every <script> has a
    src naming one of the site's own scripts, no element has an on* attribute, no
    iframe/object/embed/frame/base/meta-refresh, no href/src/action/xlink:href with a
    javascript:, vbscript: or data: URL (data: images excepted);
  * the page as built carries the theme's CSP meta tag (no 'unsafe-inline', no 'unsafe-eval');
  * the crawl of site_e2e.py passes: every page reachable, links resolve, no console errors.

On the hostile section, the AI system page and the search results page, the payloads must be
visible as text (escaped, not dropped). The build must report exactly the expected
unsafe-URL warnings.

Exit status: 0 pass, 1 fail, 77 skip (chromium or python3-websocket missing).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import site_e2e  # noqa: E402  (the CDP client, crawl and report of the site test)

SKIP = 77

RECORDER_JS = r"""
(() => {
  const record = (kind) => function (message) {
    (window.__imsdocRan = window.__imsdocRan || []).push(kind + ":" + String(message));
  };
  window.alert = record("alert");
  window.confirm = record("confirm");
  window.prompt = record("prompt");
})();
"""

# Runs on a loaded page: fires the events inline handlers would listen to, then lists what a
# payload could execute with. Returns {ran, problems, csp}.
AUDIT_JS = r"""
(() => {
  const problems = [];
  const own = /(^|\/)(assets\/imsdoc\.js|search-index\.js|versions\.js|pages\.js)$/;
  for (const s of document.querySelectorAll("script")) {
    const src = s.getAttribute("src");
    if (!src) problems.push("inline <script>: " + s.textContent.slice(0, 80));
    else if (!own.test(src.split("?")[0])) problems.push("foreign <script src=" + src + ">");
  }
  for (const tag of ["iframe", "object", "embed", "frame", "frameset", "base", "applet"]) {
    for (const e of document.getElementsByTagName(tag)) problems.push("<" + tag + "> element");
  }
  for (const m of document.querySelectorAll("meta[http-equiv]")) {
    if (m.getAttribute("http-equiv").toLowerCase() === "refresh") problems.push("meta refresh");
  }
  const urlAttrs = ["href", "src", "action", "formaction", "xlink:href", "poster", "data"];
  for (const e of document.querySelectorAll("*")) {
    for (const a of e.attributes) {
      const name = a.name.toLowerCase();
      if (name.startsWith("on")) {
        problems.push("<" + e.tagName.toLowerCase() + " " + a.name + "=" +
                      JSON.stringify(a.value.slice(0, 60)) + ">");
      }
      if (urlAttrs.includes(name)) {
        const v = a.value.replace(/[\u0000-\u0020]/g, "").toLowerCase();
        const image = e.tagName.toLowerCase() === "img" && v.startsWith("data:image/");
        if (/^(javascript|vbscript|data):/.test(v) && !image) {
          problems.push("<" + e.tagName.toLowerCase() + " " + a.name + "=" +
                        JSON.stringify(a.value.slice(0, 60)) + ">");
        }
      }
    }
  }
  for (const e of document.querySelectorAll("*")) {
    for (const type of ["mouseover", "mouseenter", "focus", "click"]) {
      if (type === "click" && e.closest("a[href], button, input, form")) continue;  // navigation
      try { e.dispatchEvent(new Event(type, {bubbles: true})); } catch (err) {}
    }
  }
  const csp = document.querySelector('meta[http-equiv="Content-Security-Policy"]');
  return {ran: window.__imsdocRan || [], problems: problems,
          csp: csp ? csp.getAttribute("content") : null};
})()
"""

CSP_META = re.compile(rb'<meta http-equiv="Content-Security-Policy"[^>]*>\n?')

# Payload texts that must be visible, verbatim, on the page named by the key.
VISIBLE = {
    "sections/ims-1-3.html": [
        "Hostile </title><script>alert('section-title')</script> \" onmouseover=\"alert('title-attr')",
        "Raw script: <script>alert('body-script')</script> and <img src=x onerror=\"alert('body-img')\">.",
        "<div onclick=\"alert('html-block')\">HTML block payload</div>",
        "</code><script>alert('code')</script>",
        "<script>alert('fence')</script>",
        "<script>alert('cell')</script>",
        "Heading <img src=x onerror=alert('heading')>",
        "Footnote <script>alert('footnote')</script>.",
        "\"><svg onload=alert('owner')>",
        "script link",
    ],
    "registers/ai-systems/ai-001.html": [
        "Route \"><img src=x onerror=alert('ai-name')> optimiser </text><script>alert('svg')</script>",
        "Plans routes. <script>alert('ai-purpose')</script>",
    ],
    "search.html?q=onerror": [
        "Biased routing <img src=x onerror=alert('risk-title')>",
    ],
}

EXPECTED_WARNINGS = [
    "content/1.3-hostile.md:20:8: warning: unsafe URL scheme in link 'javascript:alert('link')' removed",
    "content/1.3-hostile.md:20:49: warning: unsafe URL scheme in link "
    "'data:text/html;base64,PHNjcmlwdD5hbGVydCgnZGF0YScpPC9zY3JpcHQ+' removed",
    "content/1.3-hostile.md:21:1: warning: unsafe URL scheme in link 'vbscript:msgbox' removed",
    "content/1.3-hostile.md:21:35: warning: unsafe URL scheme in link 'jav\tascript:alert('entity')' removed",
    "content/1.3-hostile.md:22:1: warning: unsafe URL scheme in link 'javascript:alert('autolink')' removed",
    "registers/ai-systems.yaml:4:65: warning: unsafe URL scheme in link 'javascript:alert('ai-link')' removed",
]


def build(imsdoc, base, overlay, work):
    project = os.path.join(work, "project")
    shutil.copytree(base, project)
    shutil.copytree(overlay, project, dirs_exist_ok=True)
    site = os.path.join(work, "site")
    run = subprocess.run([imsdoc, "build", "-o", site], cwd=project, capture_output=True,
                         text=True, timeout=120)
    if run.returncode != 0:
        return None, "imsdoc build failed (exit %d):\n%s" % (run.returncode, run.stderr)
    warnings = [l for l in run.stderr.splitlines() if ": warning: " in l]
    if warnings != EXPECTED_WARNINGS:
        return None, "unexpected warnings:\n  got      %s\n  expected %s" % (
            "\n           ".join(warnings), "\n           ".join(EXPECTED_WARNINGS))
    return site, None


def strip_csp(site, copy):
    shutil.copytree(site, copy, symlinks=True)
    stripped = 0
    for dirpath, _, filenames in os.walk(copy):
        for name in filenames:
            if not name.endswith(".html"):
                continue
            path = os.path.join(dirpath, name)
            with open(path, "rb") as f:
                data = f.read()
            new, n = CSP_META.subn(b"", data)
            stripped += n
            with open(path, "wb") as f:
                f.write(new)
    return stripped


def audit_site(page, site, label, require_csp, report, counts):
    version = site_e2e.LATEST
    for rel in sorted(p for p in site.html_files() if p.startswith(version)):
        start, error = page.navigate(site.url(rel))
        if error:
            report.fail(label + rel, error)
            continue
        result = page.evaluate(AUDIT_JS)
        counts["pages"] += 1
        for ran in result["ran"]:
            report.fail(label + rel, "payload ran: " + ran)
        for problem in result["problems"]:
            report.fail(label + rel, "executable content: " + problem)
        if require_csp:
            csp = result["csp"] or ""
            if ("default-src 'none'" not in csp or "unsafe-inline" in csp
                    or "unsafe-eval" in csp):
                report.fail(label + rel, "Content-Security-Policy missing or weak: %r" % csp)
        for event in page.cdp.events[start:]:
            if event.get("method") == "Page.javascriptDialogOpening":
                report.fail(label + rel, "a JavaScript dialog opened: %r"
                            % event["params"].get("message"))


def check_visible(page, site, label, report, counts):
    for rel, texts in VISIBLE.items():
        url = site.url(site_e2e.LATEST + rel.split("?")[0])
        if "?" in rel:
            url += "?" + rel.split("?", 1)[1]
        _, error = page.navigate(url)
        if error:
            report.fail(label + rel, error)
            continue
        text = ""
        for _ in range(50):   # the search page lists results once its index script has run
            text = page.evaluate("document.body ? document.body.innerText : ''")
            if all(t in text for t in texts):
                break
            page.evaluate("new Promise(r => setTimeout(r, 100))", await_promise=True)
        for t in texts:
            counts["visible"] += 1
            if t not in text:
                report.fail(label + rel, "payload not shown as text: %r" % t)


def main(argv):
    if len(argv) != 3:
        print(__doc__)
        return 2
    imsdoc, base, overlay = (os.path.abspath(a) for a in argv)
    chromium_bin = site_e2e.find_chromium()
    if not chromium_bin:
        print("SKIP: chromium not found (apt-get install chromium)")
        return SKIP
    websocket = site_e2e.import_websocket()
    if websocket is None:
        print("SKIP: Python module 'websocket' not found (apt-get install python3-websocket)")
        return SKIP

    work = tempfile.mkdtemp(prefix="imsdoc-hostile-")
    report = site_e2e.Report()
    counts = {"pages": 0, "visible": 0}
    browser = cdp = None
    stripped = 0
    try:
        built, error = build(imsdoc, base, overlay, work)
        if error:
            print("FAIL: " + error)
            return 1
        bare = os.path.join(work, "site-without-csp")
        stripped = strip_csp(built, bare)
        if stripped == 0:
            print("FAIL: no Content-Security-Policy meta tag found to strip")
            return 1

        deadline = site_e2e.Deadline(site_e2e.TOTAL_BUDGET_S)
        browser = site_e2e.Chromium(chromium_bin, deadline,
                                    os.path.join(work, "chromium-stderr.log"))
        cdp = site_e2e.Cdp(websocket, browser.start(), deadline)
        page = site_e2e.Page(cdp)
        page.send("Page.addScriptToEvaluateOnNewDocument", {"source": RECORDER_JS})
        _, error = page.navigate("about:blank")
        if error:
            raise site_e2e.CdpError("about:blank: " + error)
        default_font = page.evaluate("getComputedStyle(document.body).fontFamily")

        with open(os.path.join(built, "versions.json")) as f:
            site_e2e.LATEST = json.load(f)["latest_dir"] + "/"
        for label, root, require_csp in (("", built, True), ("[no CSP] ", bare, False)):
            site = site_e2e.Site(root)
            crawl_report = site_e2e.Report()
            stats = site_e2e.crawl(page, site, default_font, crawl_report,
                                   scope=site_e2e.LATEST, require_backlinks=False)
            for kind in ("broken_links", "console_errors", "style_errors", "failures"):
                for where, message in getattr(crawl_report, kind):
                    report.fail(label + where, message)
            if stats["pages"] == 0:
                report.fail(label + "site", "the crawl visited no pages")
            audit_site(page, site, label, require_csp, report, counts)
            check_visible(page, site, label, report, counts)
    except (site_e2e.TestTimeout, site_e2e.CdpError, OSError) as e:
        report.fail("e2e", "%s: %s" % (type(e).__name__, e))
    finally:
        if cdp is not None:
            cdp.close()
        if browser is not None:
            browser.stop()
        shutil.rmtree(work, ignore_errors=True)

    report.print_details()
    print("hostile summary: %d page loads audited (with and without CSP), %d payload texts "
          "checked visible, %d CSP tags stripped for the second pass"
          % (counts["pages"], counts["visible"], stripped))
    print("PASS" if report.ok() else "FAIL")
    return 0 if report.ok() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
