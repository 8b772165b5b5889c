#!/usr/bin/env python3
"""End-to-end test of a built imsdoc site in headless Chromium.

Usage: site_e2e.py IMSDOC_BINARY PROJECT_DIR ARTIFACT_DIR

Builds PROJECT_DIR with IMSDOC_BINARY into a fresh temporary directory, then
drives /usr/bin/chromium through the Chrome DevTools Protocol (CDP) over
file:// URLs and checks that:

  * every .html page of the site is reachable from index.html (breadth-first
    crawl over a[href]) and every page is loaded in the browser;
  * no page logs a console error/warning/assert, throws an uncaught exception
    or produces a Log error (CSP violations, failed CSS/JS/image loads...);
  * every internal a[href], form[action] and link of an inline SVG diagram (svg a with
    xlink:href) points at an existing file inside the site, and a
    #fragment names an element id present in the target page's DOM;
    external links (http, https, mailto, tel) are counted, never fetched;
  * every link[href], script[src] and img[src] resolves to an existing file;
  * every page listed under "Referenced by" on a section or entry page links
    back to that page, and the site shows backlinks at all;
  * clicking a trace link, backlinks and a coverage matrix cell lands on the
    expected page (CLICKS);
  * the stylesheet actually applied on every page (each link[rel=stylesheet]
    has a loaded sheet, and body font-family differs from Chromium's default);
  * screenshots (SCREENSHOTS: home, registers, sections, the process-interaction map, a
    process page with its context diagram, ...) are written to ARTIFACT_DIR as real PNGs > 5 KB;
  * the site has diagram links at all (svg_links > 0).

Exit status: 0 pass, 1 fail, 77 skip (chromium or python3-websocket missing).

Hidden developer option: --site DIR checks an already built site (no build
step); the positional arguments then reduce to an optional ARTIFACT_DIR.
Useful to prove the checks fail on a sabotaged copy of a site.

--redline DIR crawls the redline pages of `imsdoc diff --html` instead (one directory, no
versions, backlinks or journeys) with the same page, link, resource, console and stylesheet
checks, and takes the screenshot redline.png of its index.
"""

import argparse
import base64
import collections
import json
import os
import re
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

SKIP = 77
TOTAL_BUDGET_S = 420.0       # whole test; ctest TIMEOUT is 480
BUILD_TIMEOUT_S = 60.0
CHROMIUM_START_TIMEOUT_S = 20.0
COMMAND_TIMEOUT_S = 15.0
NAVIGATION_TIMEOUT_S = 10.0
MIN_PNG_BYTES = 5 * 1024

EXTERNAL_SCHEMES = {"http", "https", "mailto", "tel"}

# The site is built twice: the project as its own version, and an older version without one
# section. Pages are crawled in latest/, the alias of the newest version.
LATEST = "latest/"   # replaced by versions.json's latest_dir
OLD_VERSION = "2.9"
OLD_MISSING_SOURCE = "content/02-context/2.3-ai-roles-and-boundaries.md"
OLD_MISSING_PAGE = "sections/ims-2-3.html"

SCREENSHOTS = [
    # (file name, site-relative page, width, height, mobile)
    ("home.png", "latest/index.html", 1280, 900, False),
    ("register-risks.png", "latest/registers/risks.html", 1280, 900, False),
    ("section.png", "latest/sections/ims-1-4.html", 1280, 900, False),
    ("home-mobile.png", "latest/index.html", 390, 844, True),
    ("trace-ai-001.png", "latest/trace/ai-001.html", 1280, 900, False),
    ("coverage-42001.png", "latest/standards/42001.html", 1280, 900, False),
    ("search.png", "latest/search.html", 1280, 900, False),
    ("old-version.png", "2.9/sections/ims-4-1.html", 1280, 900, False),
    ("process-map.png", "latest/process-map.html", 1600, 2200, False),
    ("process-prc-05.png", "latest/registers/processes/prc-05.html", 1280, 2600, False),
]

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]


class TestTimeout(Exception):
    pass


class CdpError(Exception):
    pass


def import_websocket():
    """Returns the websocket-client module, or None.

    Debian's python3-websocket lives in /usr/lib/python3/dist-packages, which a
    non-Debian interpreter (pyenv, venv) found by CMake does not search; the
    module is pure Python, so fall back to that directory explicitly."""
    try:
        import websocket  # noqa: F401
        return websocket
    except ImportError:
        pass
    debian_dir = "/usr/lib/python3/dist-packages"
    if os.path.isdir(os.path.join(debian_dir, "websocket")):
        sys.path.append(debian_dir)
        try:
            import websocket  # noqa: F401
            if hasattr(websocket, "create_connection"):
                return websocket
        except ImportError:
            pass
        finally:
            sys.path.remove(debian_dir)
    return None


def find_chromium():
    if os.access("/usr/bin/chromium", os.X_OK):
        return "/usr/bin/chromium"
    return shutil.which("chromium")


class Deadline:
    def __init__(self, seconds):
        self.end = time.monotonic() + seconds

    def remaining(self):
        return self.end - time.monotonic()

    def clamp(self, seconds):
        left = self.remaining()
        if left <= 0:
            raise TestTimeout("overall time budget of %.0f s exhausted" % TOTAL_BUDGET_S)
        return min(seconds, left)


# --------------------------------------------------------------------------
# Chromium process and CDP connection
# --------------------------------------------------------------------------

class Chromium:
    """A headless Chromium in its own process group, always killed by stop()."""

    def __init__(self, binary, deadline, log_path):
        self.binary = binary
        self.deadline = deadline
        self.log_path = log_path
        self.proc = None
        self.profile_dir = None
        self.log_file = None

    def start(self):
        self.profile_dir = tempfile.mkdtemp(prefix="imsdoc-e2e-profile-")
        args = [self.binary] + CHROMIUM_FLAGS + [
            "--user-data-dir=" + self.profile_dir,
            "--remote-debugging-port=0",
            "about:blank",
        ]
        self.log_file = open(self.log_path, "wb")
        self.proc = subprocess.Popen(args, stdin=subprocess.DEVNULL,
                                     stdout=self.log_file, stderr=subprocess.STDOUT,
                                     start_new_session=True)
        return self._wait_for_endpoint()

    def _wait_for_endpoint(self):
        pattern = re.compile(rb"DevTools listening on (ws://\S+)")
        port_file = os.path.join(self.profile_dir, "DevToolsActivePort")
        stop = time.monotonic() + self.deadline.clamp(CHROMIUM_START_TIMEOUT_S)
        while time.monotonic() < stop:
            with open(self.log_path, "rb") as f:
                m = pattern.search(f.read())
            if m:
                return m.group(1).decode()
            try:
                with open(port_file) as f:
                    lines = f.read().split("\n")
                if len(lines) >= 2 and lines[0].strip().isdigit() and lines[1].strip():
                    return "ws://127.0.0.1:%s%s" % (lines[0].strip(), lines[1].strip())
            except OSError:
                pass
            if self.proc.poll() is not None:
                raise CdpError("chromium exited with status %s before DevTools was ready "
                               "(see %s)" % (self.proc.returncode, self.log_path))
            time.sleep(0.05)
        raise TestTimeout("chromium did not report a DevTools endpoint within %.0f s (see %s)"
                          % (CHROMIUM_START_TIMEOUT_S, self.log_path))

    def stop(self):
        if self.proc is not None and self.proc.poll() is None:
            # The whole process group is ours: the launcher script, the browser
            # and its zygote/renderer/utility children.
            for sig, wait_s in ((signal.SIGTERM, 3), (signal.SIGKILL, 3)):
                try:
                    os.killpg(self.proc.pid, sig)
                except ProcessLookupError:
                    break
                try:
                    self.proc.wait(timeout=wait_s)
                    break
                except subprocess.TimeoutExpired:
                    continue
        if self.proc is not None:
            # Children may outlive the launcher; make sure the group is gone.
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if self.log_file is not None:
            self.log_file.close()
        if self.profile_dir is not None:
            shutil.rmtree(self.profile_dir, ignore_errors=True)


class Cdp:
    """Minimal synchronous CDP client over one browser-level WebSocket
    (flat session mode: page commands carry a sessionId)."""

    def __init__(self, websocket_module, url, deadline):
        self.deadline = deadline
        self.ws = websocket_module.create_connection(
            url, timeout=deadline.clamp(COMMAND_TIMEOUT_S), suppress_origin=True,
            enable_multithread=False)
        self.timeout_exc = websocket_module.WebSocketTimeoutException
        self.next_id = 0
        self.events = []          # every event received, in order

    def close(self):
        try:
            self.ws.close(timeout=1)
        except Exception:
            pass

    def _receive(self, timeout):
        self.ws.settimeout(max(timeout, 0.01))
        try:
            raw = self.ws.recv()
        except self.timeout_exc:
            return None
        return json.loads(raw)

    def send(self, method, params=None, session=None, timeout=COMMAND_TIMEOUT_S):
        self.next_id += 1
        msg_id = self.next_id
        msg = {"id": msg_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        self.ws.send(json.dumps(msg))
        stop = time.monotonic() + self.deadline.clamp(timeout)
        while True:
            left = stop - time.monotonic()
            if left <= 0:
                raise TestTimeout("no reply to %s within %.0f s" % (method, timeout))
            msg = self._receive(left)
            if msg is None:
                continue
            if msg.get("id") == msg_id:
                if "error" in msg:
                    raise CdpError("%s failed: %s" % (method, msg["error"].get("message")))
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def wait_event(self, predicate, start_index, timeout):
        """Waits for an event at index >= start_index satisfying predicate."""
        stop = time.monotonic() + self.deadline.clamp(timeout)
        index = start_index
        while True:
            while index < len(self.events):
                if predicate(self.events[index]):
                    return self.events[index]
                index += 1
            left = stop - time.monotonic()
            if left <= 0:
                return None
            msg = self._receive(left)
            if msg is not None and "method" in msg:
                self.events.append(msg)


class Page:
    def __init__(self, cdp):
        self.cdp = cdp
        target = cdp.send("Target.createTarget", {"url": "about:blank"})
        self.target_id = target["targetId"]
        self.session = cdp.send("Target.attachToTarget",
                                {"targetId": self.target_id, "flatten": True})["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.send(domain + ".enable")

    def send(self, method, params=None, timeout=COMMAND_TIMEOUT_S):
        return self.cdp.send(method, params, session=self.session, timeout=timeout)

    def navigate(self, url):
        """Loads url and waits for its load event. Returns (event_index, error)."""
        start = len(self.cdp.events)
        result = self.send("Page.navigate", {"url": url}, timeout=NAVIGATION_TIMEOUT_S)
        if result.get("errorText"):
            return start, "navigation failed: %s" % result["errorText"]
        return start, self.wait_for_load(start)

    def wait_for_load(self, start):
        """Waits for a load event after event index start. Returns an error or None."""
        session = self.session
        loaded = self.cdp.wait_event(
            lambda e: e.get("sessionId") == session and e["method"] in (
                "Page.loadEventFired", "Inspector.targetCrashed"),
            start, NAVIGATION_TIMEOUT_S)
        if loaded is None:
            return "no load event within %.0f s" % NAVIGATION_TIMEOUT_S
        if loaded["method"] == "Inspector.targetCrashed":
            return "renderer crashed"
        # Let timers queued during load run, and flush pending console/log events
        # (replies and events share one ordered socket).
        self.evaluate("new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))",
                      await_promise=True)
        return None

    def evaluate(self, expression, await_promise=False):
        result = self.send("Runtime.evaluate", {
            "expression": expression, "returnByValue": True,
            "awaitPromise": await_promise})
        if "exceptionDetails" in result:
            details = result["exceptionDetails"]
            raise CdpError("evaluation failed: %s" % (
                details.get("exception", {}).get("description") or details.get("text")))
        return result.get("result", {}).get("value")

    def problems_since(self, start):
        """Console errors/warnings, exceptions and Log errors since event index."""
        problems = []
        for event in self.cdp.events[start:]:
            if event.get("sessionId") != self.session:
                continue
            method, params = event["method"], event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in (
                    "error", "warning", "assert"):
                text = " ".join(describe_remote_object(a) for a in params.get("args", []))
                frames = params.get("stackTrace", {}).get("callFrames", [])
                where = (" (%s:%d)" % (frames[0].get("url"), frames[0].get("lineNumber", 0) + 1)
                         if frames else "")
                problems.append("console.%s: %s%s" % (params["type"], text, where))
            elif method == "Runtime.exceptionThrown":
                details = params.get("exceptionDetails", {})
                text = (details.get("exception", {}).get("description")
                        or details.get("text") or "exception")
                where = ""
                if details.get("url"):
                    where = " (%s:%d)" % (details["url"], details.get("lineNumber", 0) + 1)
                problems.append("uncaught exception: %s%s" % (text.splitlines()[0], where))
            elif method == "Log.entryAdded":
                entry = params.get("entry", {})
                if entry.get("level") == "error":
                    where = " (%s)" % entry["url"] if entry.get("url") else ""
                    problems.append("log error [%s]: %s%s" % (
                        entry.get("source"), entry.get("text"), where))
            elif method == "Inspector.targetCrashed":
                problems.append("renderer crashed")
        return problems

    def screenshot(self, url, width, height, mobile):
        self.send("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": mobile})
        try:
            _, error = self.navigate(url)
            if error:
                raise CdpError(error)
            self.evaluate("document.fonts.ready.then(() => true)", await_promise=True)
            data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
        finally:
            self.send("Emulation.clearDeviceMetricsOverride")
        return base64.b64decode(data)


def describe_remote_object(obj):
    if "value" in obj:
        return str(obj["value"])
    return obj.get("description") or obj.get("unserializableValue") or obj.get("type", "?")


# --------------------------------------------------------------------------
# Crawl and checks
# --------------------------------------------------------------------------

# Evaluated after each page load. Attributes are returned raw *and* resolved by
# the browser against the document URL (a.href etc.).
PAGE_PROBE_JS = r"""
(() => {
  const pick = (selector, attr) => Array.from(document.querySelectorAll(selector), e => ({
    raw: e.getAttribute(attr), url: e[attr], tag: e.tagName.toLowerCase()}));
  // Links inside inline SVG (diagram nodes): xlink:href (or SVG 2 href) on svg <a>.
  const svgLinks = Array.from(document.querySelectorAll('svg a'),
    a => a.getAttributeNS('http://www.w3.org/1999/xlink', 'href') || a.getAttribute('href'))
    .filter(raw => raw !== null);
  const sheets = Array.from(document.querySelectorAll('link[rel~="stylesheet" i]'),
    l => ({href: l.getAttribute('href'), loaded: l.sheet !== null}));
  return {
    anchors: Array.from(document.querySelectorAll('a[href]'), a => ({
      raw: a.getAttribute('href'), url: a.href})).concat(
      Array.from(document.querySelectorAll('form[action]'), f => ({
        raw: f.getAttribute('action'), url: f.action}))).concat(
      svgLinks.map(raw => ({raw: raw, url: new URL(raw, document.baseURI).href}))),
    svgLinks: svgLinks.length,
    resources: pick('link[href]', 'href').concat(pick('script[src]', 'src'),
                                                  pick('img[src]', 'src')),
    ids: Array.from(document.querySelectorAll('[id]'), e => e.id),
    backlinks: Array.from(document.querySelectorAll('.backlinks a[href]'), a => a.href),
    stylesheets: sheets,
    bodyFont: document.body ? getComputedStyle(document.body).fontFamily : null,
    title: document.title,
  };
})()
"""


class Site:
    def __init__(self, root):
        self.root = os.path.realpath(root)

    def url(self, rel):
        return "file://" + urllib.request.pathname2url(os.path.join(self.root, rel))

    def html_files(self):
        pages = set()
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames.sort()
            for name in filenames:
                if name.endswith(".html"):
                    pages.add(os.path.relpath(os.path.join(dirpath, name), self.root))
        return pages

    def resolve(self, url):
        """Maps a resolved file:// URL to (site-relative path, fragment, error).

        error is None when the path is inside the site and is an existing file."""
        parts = urllib.parse.urlsplit(url)
        path = os.path.realpath(urllib.request.url2pathname(parts.path))
        rel = os.path.relpath(path, self.root)
        if rel == ".." or rel.startswith(".." + os.sep) or os.path.isabs(rel):
            return None, parts.fragment, "points outside the site (%s)" % path
        if os.path.isdir(path):
            return rel, parts.fragment, ("points at a directory (%s/); file:// does not "
                                         "serve an index page" % rel)
        if not os.path.isfile(path):
            return rel, parts.fragment, "target file does not exist (%s)" % rel
        return rel, parts.fragment, None


def fragment_exists(fragment, ids):
    if fragment in ("", "top"):      # HTML: empty fragment and #top scroll to top
        return True
    return fragment in ids or urllib.parse.unquote(fragment) in ids


def crawl(page, site, default_font, report, scope=None, require_backlinks=True):
    """Crawls the version directory `scope` (default: the newest's alias) from its index.html."""
    scope = LATEST if scope is None else scope
    on_disk = {p for p in site.html_files() if p.startswith(scope)}
    start_page = scope + "index.html"
    stats = collections.Counter()
    page_ids = {}                    # rel -> set of element ids in its DOM
    links_to = collections.defaultdict(set)   # rel -> pages it links to
    backlinks = {}                   # rel -> pages listed under "Referenced by"
    fragment_links = []              # (from page, raw href, target rel, fragment)
    queue = collections.deque([start_page])
    queued = {start_page}
    reached = set()
    if start_page not in on_disk:
        report.fail("site", start_page + " does not exist")
        queue.clear()

    def visit(rel):
        stats["pages"] += 1
        start, error = page.navigate(site.url(rel))
        if error:
            report.fail(rel, error)
            return
        probe = page.evaluate(PAGE_PROBE_JS)
        for problem in page.problems_since(start):
            report.console(rel, problem)
        page_ids[rel] = set(probe["ids"])
        backlinks[rel] = [site.resolve(url)[0] for url in probe["backlinks"]]

        # Stylesheet applied?
        if not probe["stylesheets"]:
            report.style(rel, "no <link rel=stylesheet> on the page")
        for sheet in probe["stylesheets"]:
            if not sheet["loaded"]:
                report.style(rel, "stylesheet %r did not load (missing file or blocked by CSP)"
                             % sheet["href"])
        if probe["bodyFont"] == default_font:
            report.style(rel, "body font-family is Chromium's default (%s): "
                         "the theme stylesheet did not apply" % default_font)

        stats["svg_links"] += probe["svgLinks"]
        for anchor in probe["anchors"]:
            stats["links"] += 1
            raw, url = anchor["raw"], anchor["url"]
            scheme = urllib.parse.urlsplit(url).scheme.lower()
            if scheme in EXTERNAL_SCHEMES:
                stats["external"] += 1
                continue
            if scheme != "file":
                report.broken(rel, "a[href=%r]: unsupported scheme %r" % (raw, scheme))
                continue
            stats["internal"] += 1
            target, fragment, problem = site.resolve(url)
            if problem:
                report.broken(rel, "a[href=%r]: %s" % (raw, problem))
                continue
            links_to[rel].add(target)
            if fragment:
                fragment_links.append((rel, raw, target, fragment))
            if target.endswith(".html") and target.startswith(scope) and target not in queued:
                queued.add(target)
                queue.append(target)

        for res in probe["resources"]:
            stats["resources"] += 1
            raw, url, tag = res["raw"], res["url"], res["tag"]
            attr = "src" if tag in ("script", "img") else "href"
            scheme = urllib.parse.urlsplit(url).scheme.lower()
            if scheme == "data" and tag == "img":
                continue
            if scheme != "file":
                report.broken(rel, "%s[%s=%r]: not a local file (%s)" % (tag, attr, raw, url))
                continue
            _, _, problem = site.resolve(url)
            if problem:
                report.broken(rel, "%s[%s=%r]: %s" % (tag, attr, raw, problem))

    while queue:
        rel = queue.popleft()
        reached.add(rel)
        visit(rel)

    # Every page must be reachable; still load the unreachable ones so their
    # console output and links are checked too.
    for rel in sorted(on_disk - reached):
        report.fail(rel, "page exists on disk but is not reachable by links from " + start_page)
        visit(rel)
    for rel in sorted(reached - on_disk):
        report.fail(rel, "linked page is not an .html file on disk")

    for source, raw, target, fragment in fragment_links:
        stats["fragments"] += 1
        ids = page_ids.get(target)
        if ids is None:
            if target.endswith(".html"):
                report.broken(source, "a[href=%r]: target page %s could not be inspected"
                              % (raw, target))
            continue      # fragment into a non-HTML file: existence already checked
        if not fragment_exists(fragment, ids):
            report.broken(source, "a[href=%r]: no element with id %r in %s"
                          % (raw, urllib.parse.unquote(fragment), target))

    if require_backlinks:
        check_backlinks(backlinks, links_to, report, stats)
    stats["on_disk"] = len(on_disk)
    stats["reached"] = len(reached)
    return stats


def check_backlinks(backlinks, links_to, report, stats):
    """Every page listed under "Referenced by" on a section or entry page must link to it.

    SoA rows are left out: a section citing a control links to the control's page, which is
    not the SoA row's page. A site without any backlink fails: the example refers a lot."""
    for host, sources in sorted(backlinks.items()):
        stats["backlinks"] += len(sources)
        if not re.match(r"[^/]+/(sections/|registers/(?!soa/)[^/]+/)", host):
            continue
        for source in sources:
            if source and host not in links_to.get(source, ()):
                report.broken(host, "backlink to %s, but %s does not link here" % (source, source))
    if stats["backlinks"] == 0:
        report.fail("site", "no page shows a backlink (\"Referenced by\")")


# Journeys a reader takes by clicking: (start page, CSS selector of the link, page expected
# after the click; None: the page the link's href names).
def clicks():
    return [
        (LATEST + "registers/ai-systems/ai-001.html", ".trace-link a",
         LATEST + "trace/ai-001.html"),
        (LATEST + "registers/risks/rsk-005.html", ".backlinks a", None),
        (LATEST + "registers/risks.html", ".backlinks a", None),
        (LATEST + "standards/42001.html", "a[href$='a-6-2-4.html']",
         LATEST + "standards/42001/a-6-2-4.html"),
        (LATEST + "standards/42001/a-6-2-4.html", ".backlinks a", None),
        # A node of the process-interaction map (an SVG link) opens the process's page.
        (LATEST + "process-map.html", "svg a[*|href$='prc-03.html']",
         LATEST + "registers/processes/prc-03.html"),
        (LATEST + "registers/ai-systems/ai-001.html", "svg a[*|href$='prc-05.html']",
         LATEST + "registers/processes/prc-05.html"),
    ]

CLICK_JS = r"""
((selector) => {
  const a = document.querySelector(selector);
  if (!a) return null;
  // An SVG <a> has an SVGAnimatedString href and no click() method.
  const href = typeof a.href === 'string' ? a.href : new URL(a.href.baseVal, document.baseURI).href;
  if (a.click) a.click();
  else a.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true, view: window}));
  return href;
})(%s)
"""


def act(page, site, script):
    """Runs script (which navigates) in the page; returns (landed site path, error)."""
    start = len(page.cdp.events)
    try:
        page.evaluate(script)
    except CdpError as e:   # the navigation may win the race with the evaluation's reply
        if "navigated or closed" not in str(e):
            raise
    error = page.wait_for_load(start)
    if error:
        return None, error
    landed, _, problem = site.resolve(page.evaluate("location.href"))
    for p in page.problems_since(start):
        problem = (problem + "; " if problem else "") + "console: " + p
    return landed, problem


def same_tree(a, b):
    """Differences between two directory trees (relative paths), byte for byte."""
    def files(root):
        out = {}
        for dirpath, _, names in os.walk(root):
            for name in names:
                path = os.path.join(dirpath, name)
                out[os.path.relpath(path, root)] = path
        return out
    fa, fb = files(a), files(b)
    diffs = sorted(set(fa) ^ set(fb))
    diffs += [rel for rel in sorted(set(fa) & set(fb))
              if open(fa[rel], "rb").read() != open(fb[rel], "rb").read()]
    return diffs


SEARCH_RESULTS_JS = """Array.from(document.querySelectorAll('#imsdoc-search-results a'),
                                   a => a.href)"""


def search_hits(page, site):
    """The result links of the search page, once the page script has listed them: it runs when
    the index script has loaded, which can be just after the load event under a busy CPU."""
    hits = []
    for _ in range(50):
        try:
            hits = [site.resolve(u)[0] for u in page.evaluate(SEARCH_RESULTS_JS)]
        except CdpError:    # a navigation is under way
            hits = []
        if hits:
            break
        time.sleep(0.1)
    return hits


def check_versions_and_search(page, site, report):
    """Versions: latest/ is a copy of the newest version, the root page goes to it, the switcher
    keeps the page (or falls back to the version's home page), an old version shows a banner.
    Search: an id query ranks its entry first and a click opens it; the header box searches."""
    checks = []

    def expect(name, landed, problem, want):
        checks.append(name)
        if problem or landed != want:
            report.fail(name, "landed on %s, expected %s%s" % (
                landed, want, (" (%s)" % problem) if problem else ""))
            return False
        return True

    with open(os.path.join(site.root, "versions.json")) as f:
        versions = json.load(f)
    latest = versions["latest"]
    two_versions = len(versions["versions"]) > 1   # a snapshot has one, without latest/
    if two_versions and versions["versions"] != [latest, OLD_VERSION]:
        report.fail("versions.json", "lists %r, expected [%r, %r]"
                    % (versions["versions"], latest, OLD_VERSION))
    if two_versions:
        diffs = same_tree(os.path.join(site.root, "latest"), os.path.join(site.root, latest))
        if diffs:
            report.fail("latest/", "differs from %s/: %s" % (latest, ", ".join(diffs[:5])))

    # The root index goes to latest/ (meta refresh, no script).
    start = len(page.cdp.events)
    page.send("Page.navigate", {"url": site.url("index.html")}, timeout=NAVIGATION_TIMEOUT_S)
    try:
        landed, problem = None, page.wait_for_load(start)
    except CdpError:    # the refresh navigated away while the load settled: polled below
        landed, problem = None, None
    for _ in range(50):
        try:
            landed = site.resolve(page.evaluate("location.href"))[0]
        except CdpError:    # the redirect is under way
            landed = None
        if landed == LATEST + "index.html":
            break
        time.sleep(0.1)
    expect("root index.html redirect", landed, problem, LATEST + "index.html")

    # Search by id: the entry ranks first; clicking it opens it.
    target = LATEST + "registers/risks/rsk-005.html"
    _, error = page.navigate(site.url(LATEST + "search.html") + "?q=RSK-005")
    hits = [] if error else search_hits(page, site)
    checks.append("search RSK-005")
    if error or not hits or hits[0] != target:
        report.fail("search RSK-005", error or "first results %r, expected %s first"
                    % (hits[:3], target))
    else:
        landed, problem = act(page, site,
                              "document.querySelector('#imsdoc-search-results a').click()")
        expect("click search result", landed, problem, target)
    # Search by words: the bias risk of the candidate screening system is among the first.
    _, error = page.navigate(site.url(LATEST + "search.html") + "?q=bias%20candidate%20screening")
    hits = [] if error else search_hits(page, site)
    checks.append("search words")
    if error or target not in hits[:5]:
        report.fail("search words", error or "%s not in the first 5 results %r" % (target, hits[:5]))
    # The header search box of any page leads to the results.
    page.navigate(site.url(LATEST + "sections/ims-1.html"))
    landed, problem = act(page, site, """(() => {
        document.getElementById('imsdoc-search-box').value = 'RSK-005';
        document.querySelector('form[data-imsdoc-search]').requestSubmit(); })()""")
    expect("header search", landed, problem, LATEST + "search.html")
    if landed == LATEST + "search.html":
        hits = search_hits(page, site)
        if not hits or hits[0] != target:
            report.fail("header search", "results %r, expected %s first" % (hits[:3], target))

    if not two_versions:
        return len(checks)
    switch = """(() => { const s = document.getElementById('imsdoc-version-select');
        s.value = %s; s.dispatchEvent(new Event('change')); })()"""
    # Switch from the newest version to the old one, on a page both have.
    page_rel = "sections/ims-4-1.html"
    page.navigate(site.url(latest + "/" + page_rel))
    options = page.evaluate("Array.from(document.querySelectorAll('#imsdoc-version-select "
                            "option'), o => o.value)")
    if options != [latest, OLD_VERSION]:
        report.fail("version switcher", "offers %r, expected [%r, %r]"
                    % (options, latest, OLD_VERSION))
    landed, problem = act(page, site, switch % json.dumps(OLD_VERSION))
    if expect("switch to " + OLD_VERSION, landed, problem, OLD_VERSION + "/" + page_rel):
        # The old version says so, and links to the same page in the latest version.
        banner = page.evaluate("(() => { const b = document.querySelector("
                               "'[data-imsdoc-version-banner]'); return b && !b.hidden ? "
                               "b.textContent : null; })()")
        if not banner or latest not in banner:
            report.fail("old version banner", "not shown (%r)" % banner)
        else:
            landed, problem = act(page, site, "document.querySelector("
                                  "'[data-imsdoc-version-banner] a').click()")
            expect("banner link", landed, problem, LATEST + page_rel)
    # A page the old version does not have: the switcher goes to that version's home page.
    page.navigate(site.url(LATEST + OLD_MISSING_PAGE))
    landed, problem = act(page, site, switch % json.dumps(OLD_VERSION))
    expect("switch to a missing page", landed, problem, OLD_VERSION + "/index.html")
    return len(checks)


def check_clicks(page, site, report):
    """Clicks each journey's link in the browser and checks where the reader lands."""
    done = 0
    for start_rel, selector, expected in clicks():
        name = "%s -> %s" % (start_rel, selector)
        _, error = page.navigate(site.url(start_rel))
        if error:
            report.fail(name, error)
            continue
        start = len(page.cdp.events)
        href = page.evaluate(CLICK_JS % json.dumps(selector))
        if href is None:
            report.fail(name, "no element matches %r" % selector)
            continue
        error = page.wait_for_load(start)
        if error:
            report.fail(name, "after the click: " + error)
            continue
        landed, _, problem = site.resolve(page.evaluate("location.href"))
        want = expected or site.resolve(href)[0]
        if problem or landed != want:
            report.fail(name, "landed on %s, expected %s" % (problem or landed, want))
            continue
        for problem in page.problems_since(start):
            report.console(landed, problem)
        done += 1
    return done


def check_png(data, width, height):
    if len(data) <= MIN_PNG_BYTES:
        return "only %d bytes (expected > %d)" % (len(data), MIN_PNG_BYTES)
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        return "not a PNG file"
    w, h = struct.unpack(">II", data[16:24])
    if (w, h) != (width, height):
        return "is %dx%d, expected %dx%d" % (w, h, width, height)
    return None


class Report:
    def __init__(self):
        self.broken_links = []
        self.console_errors = []
        self.style_errors = []
        self.failures = []

    def broken(self, page, message):
        self.broken_links.append((page, message))

    def console(self, page, message):
        self.console_errors.append((page, message))

    def style(self, page, message):
        self.style_errors.append((page, message))

    def fail(self, page, message):
        self.failures.append((page, message))

    def ok(self):
        return not (self.broken_links or self.console_errors or self.style_errors
                    or self.failures)

    def print_details(self, limit_per_kind=200):
        for title, items in (("BROKEN LINK", self.broken_links),
                             ("CONSOLE", self.console_errors),
                             ("STYLE", self.style_errors),
                             ("FAIL", self.failures)):
            for page, message in items[:limit_per_kind]:
                print("%s %s: %s" % (title, page, message))
            if len(items) > limit_per_kind:
                print("%s ... and %d more" % (title, len(items) - limit_per_kind))


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------

def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="Headless-Chromium end-to-end test of an imsdoc site.",
        usage="%(prog)s IMSDOC_BINARY PROJECT_DIR ARTIFACT_DIR")
    parser.add_argument("--site", help=argparse.SUPPRESS)
    parser.add_argument("--redline", help="check the redline pages in this directory")
    parser.add_argument("--journeys-only", action="store_true",
                        help="with --site: only the search (and version) journeys, no crawl")
    parser.add_argument("args", nargs="*", help="IMSDOC_BINARY PROJECT_DIR ARTIFACT_DIR")
    opts = parser.parse_args(argv)
    if opts.site or opts.redline:
        if len(opts.args) > 1:
            parser.error("with --site only ARTIFACT_DIR may be given")
        opts.imsdoc = opts.project = None
        opts.artifacts = opts.args[0] if opts.args else None
    else:
        if len(opts.args) != 3:
            parser.error("expected IMSDOC_BINARY PROJECT_DIR ARTIFACT_DIR")
        opts.imsdoc, opts.project, opts.artifacts = opts.args
    return opts


def run_build(cmd, deadline):
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                              timeout=deadline.clamp(BUILD_TIMEOUT_S))
    except subprocess.TimeoutExpired:
        return "imsdoc build timed out"
    except OSError as e:
        return "cannot run %s: %s" % (cmd[0], e)
    if proc.returncode != 0:
        return "%s failed (status %d):\n%s%s" % (
            " ".join(cmd), proc.returncode, proc.stdout, proc.stderr)
    return None


def build_site(imsdoc, project, out_dir, deadline):
    """Builds an older version (OLD_VERSION, without the section OLD_MISSING) from a copy of
    the project, then the project itself, into out_dir: two versions side by side."""
    old_project = os.path.join(os.path.dirname(out_dir), "old-project")
    shutil.copytree(project, old_project, ignore=shutil.ignore_patterns(
        "build*", "site", ".git", "node_modules"))
    os.remove(os.path.join(old_project, OLD_MISSING_SOURCE))
    error = run_build([imsdoc, "build", old_project, "-o", out_dir, "--version", OLD_VERSION,
                       "--quiet"], deadline)
    return error or run_build([imsdoc, "build", project, "-o", out_dir, "--quiet"], deadline)


def on_alarm(signum, frame):
    raise TestTimeout("watchdog: test exceeded %.0f s" % (TOTAL_BUDGET_S + 5))


def main(argv):
    started = time.monotonic()
    opts = parse_args(argv)

    chromium_bin = find_chromium()
    if not chromium_bin:
        print("SKIP: chromium not found (apt-get install chromium)")
        return SKIP
    websocket = import_websocket()
    if websocket is None:
        print("SKIP: Python module 'websocket' not found "
              "(apt-get install python3-websocket)")
        return SKIP

    deadline = Deadline(TOTAL_BUDGET_S)
    signal.signal(signal.SIGALRM, on_alarm)
    signal.alarm(int(TOTAL_BUDGET_S) + 5)

    work_dir = tempfile.mkdtemp(prefix="imsdoc-e2e-")
    artifacts = opts.artifacts or os.path.join(work_dir, "artifacts")
    os.makedirs(artifacts, exist_ok=True)
    report = Report()
    stats = collections.Counter()
    shots = 0
    clicks_done = 0
    journeys = 0
    browser = None
    cdp = None
    try:
        if opts.site or opts.redline:
            site_dir = opts.site or opts.redline
        else:
            site_dir = os.path.join(work_dir, "site")
            error = build_site(opts.imsdoc, opts.project, site_dir, deadline)
            if error:
                print("FAIL: " + error)
                return 1
        if not os.path.isdir(site_dir):
            print("FAIL: site directory %s does not exist" % site_dir)
            return 1
        site = Site(site_dir)

        browser = Chromium(chromium_bin, deadline,
                           os.path.join(artifacts, "chromium-stderr.log"))
        ws_url = browser.start()
        cdp = Cdp(websocket, ws_url, deadline)
        page = Page(cdp)

        # Chromium's default body font, measured on an unstyled page.
        _, error = page.navigate("about:blank")
        if error:
            raise CdpError("about:blank: " + error)
        default_font = page.evaluate("getComputedStyle(document.body).fontFamily")

        global LATEST, SCREENSHOTS
        if opts.redline:
            LATEST = ""
            SCREENSHOTS = [("redline.png", "index.html", 1280, 900, False)]
            stats = crawl(page, site, default_font, report, scope="", require_backlinks=False)
        else:
            with open(os.path.join(site.root, "versions.json")) as f:
                LATEST = json.load(f)["latest_dir"] + "/"
        if opts.redline:
            pass
        elif not opts.journeys_only:
            stats = crawl(page, site, default_font, report)
            if stats["svg_links"] == 0:
                report.fail("site", "no links in inline SVG diagrams: the process map and "
                            "context diagrams should link their nodes")
            clicks_done = check_clicks(page, site, report)
        if not opts.redline:
            journeys = check_versions_and_search(page, site, report)

        for name, rel, width, height, mobile in ([] if opts.journeys_only else SCREENSHOTS):
            path = os.path.join(artifacts, name)
            if os.path.exists(path):
                os.remove(path)
            if not os.path.isfile(os.path.join(site.root, rel)):
                report.fail(name, "cannot take screenshot: %s does not exist" % rel)
                continue
            try:
                data = page.screenshot(site.url(rel), width, height, mobile)
            except CdpError as e:
                report.fail(name, "screenshot of %s failed: %s" % (rel, e))
                continue
            with open(path, "wb") as f:
                f.write(data)
            problem = check_png(data, width, height)
            if problem:
                report.fail(name, "screenshot of %s %s" % (rel, problem))
            else:
                shots += 1
    except (TestTimeout, CdpError, OSError) as e:
        report.fail("e2e", "%s: %s" % (type(e).__name__, e))
    except Exception as e:   # websocket errors and anything unexpected
        report.fail("e2e", "%s: %s" % (type(e).__name__, e))
    finally:
        signal.alarm(0)
        if cdp is not None:
            cdp.close()
        if browser is not None:
            browser.stop()
        if opts.artifacts:
            shutil.rmtree(work_dir, ignore_errors=True)   # only the built site is in it

    report.print_details()
    elapsed = time.monotonic() - started
    print("e2e summary: pages visited %d (%d reachable, %d .html on disk), "
          "links checked %d (%d internal of which %d with #fragment, %d external, "
          "%d in diagrams), "
          "backlinks %d, clicks %d/%d, version/search journeys %d, resources checked %d, "
          "broken %d, console errors %d, style errors %d, other failures %d, "
          "screenshots %d/%d in %s, %.1f s"
          % (stats["pages"], stats["reached"], stats["on_disk"],
             stats["links"], stats["internal"], stats["fragments"], stats["external"],
             stats["svg_links"], stats["backlinks"], clicks_done, len(clicks()), journeys, stats["resources"],
             len(report.broken_links), len(report.console_errors),
             len(report.style_errors), len(report.failures),
             shots, len(SCREENSHOTS), artifacts, elapsed))
    print("PASS" if report.ok() else "FAIL")
    return 0 if report.ok() else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
