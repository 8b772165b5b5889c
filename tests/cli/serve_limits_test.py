#!/usr/bin/env python3
"""imsdoc serve stays answering under many live-reload tabs and slow clients.

Usage: serve_limits_test.py IMSDOC FIXTURE_DIR

Serves a copy of FIXTURE_DIR (the bad-input base project) and opens 100 live-reload requests
(/__imsdoc/events for the current generation) and 20 slowloris sockets that send a request's
headers a byte at a time; then checks: a page is answered within 1 s, several times; the
live-reload requests beyond the server's cap (64) are answered at once and told to ask again in
5 s (`imsdocServe(1, 5000);`), the others wait; an edit answers every waiting one with the new
generation; a slowloris socket is answered 408 and closed once its 10 s are up; a request
whose headers exceed 16 KiB is answered 431; SIGINT stops the server with exit code 0.
Exit 0 pass, 1 fail.
"""
import os
import select
import socket
import sys
import tempfile
import threading
import time
import urllib.request

from testlib import Server, copy_project

LIVE_RELOAD = 100
SLOWLORIS = 20
CAP = 64  # HttpServerLimits::max_long_polls

failures = []


def check(ok, message):
    if not ok:
        failures.append(message)
        print("FAIL: " + message)
    return ok


def timed_get(url, timeout=5):
    start = time.monotonic()
    with urllib.request.urlopen(url, timeout=timeout) as r:
        body = r.read()
        return r.status, body, time.monotonic() - start


def connect(port):
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    return s


def ready(sock, wait):
    return bool(select.select([sock], [], [], wait)[0])


def read_all(sock, timeout=5):
    """Everything until the server closes, or what came within `timeout`."""
    data = b""
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if not ready(sock, max(0, end - time.monotonic())):
            break
        try:
            chunk = sock.recv(65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
        if b"\r\n\r\n" in data and b"imsdocServe(" in data and data.endswith(b";\n"):
            break
    return data


def main():
    imsdoc, fixture = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="imsdoc-serve-limits-") as tmp:
        project = os.path.join(tmp, "project")
        copy_project(fixture, project)
        server = Server(imsdoc, project, "--quiet")
        if not check(server.url is not None, "serve did not start: " + server.stderr()):
            server.stop()
            return 1
        page = server.url + "1.0/index.html"
        status, body, _ = timed_get(page, timeout=60)  # the first render is not timed
        check(status == 200 and b"generation=1" in body, "the first page: status %d" % status)

        polls = []
        for _ in range(LIVE_RELOAD):
            s = connect(server.port)
            s.sendall(b"GET /__imsdoc/events?since=1&t=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            polls.append(s)

        stop_trickle = threading.Event()
        lorises = [connect(server.port) for _ in range(SLOWLORIS)]
        request = b"GET /1.0/index.html HTTP/1.1\r\nHost: 127.0.0.1\r\n" + b"X-Slow: a\r\n" * 200

        def trickle():
            for i in range(len(request)):
                if stop_trickle.is_set():
                    return
                for s in lorises:
                    try:
                        s.send(request[i:i + 1])
                    except OSError:
                        pass
                time.sleep(0.05)

        trickler = threading.Thread(target=trickle, daemon=True)
        trickler.start()
        time.sleep(1.0)  # every connection is open and the server has seen them

        for i in range(5):
            try:
                status, body, seconds = timed_get(page, timeout=5)
            except OSError as e:
                check(False, "page request %d failed: %s" % (i, e))
                continue
            print("page %d: status %d in %.3f s" % (i, status, seconds))
            check(status == 200, "page request %d: status %d" % (i, status))
            check(seconds < 1.0, "page request %d took %.3f s (more than 1 s)" % (i, seconds))

        # Beyond the cap: answered at once and told to come back in 5 s; the rest wait.
        answered = [s for s in polls if ready(s, 0)]
        told_later = 0
        for s in answered:
            data = read_all(s, timeout=2)
            told_later += data.rstrip().endswith(b"imsdocServe(1, 5000);")
        print("%d live-reload requests answered at once, %d told to ask in 5 s"
              % (len(answered), told_later))
        check(len(answered) == LIVE_RELOAD - CAP,
              "%d live-reload requests answered at once, expected %d"
              % (len(answered), LIVE_RELOAD - CAP))
        check(told_later == len(answered), "only %d of %d answered told to ask later"
              % (told_later, len(answered)))
        waiting = [s for s in polls if s not in answered]

        # An edit: every waiting request learns the new generation.
        scope = os.path.join(project, "content", "1.2-scope.md")
        with open(scope, "a", encoding="utf-8") as f:
            f.write("\nAn edit while many tabs wait.\n")
        deadline = time.monotonic() + 20
        new_generation = 0
        for s in waiting:
            data = read_all(s, timeout=max(0.1, deadline - time.monotonic()))
            new_generation += data.rstrip().endswith(b"imsdocServe(2);")
        check(new_generation == len(waiting),
              "%d of %d waiting live-reload requests saw generation 2"
              % (new_generation, len(waiting)))
        for s in polls:
            s.close()

        # A slow client is answered 408 and dropped once its 10 s are up.
        closed_by_server = 0
        end = time.monotonic() + 15
        for s in lorises:
            data = b""
            while time.monotonic() < end and ready(s, max(0, end - time.monotonic())):
                try:
                    chunk = s.recv(4096)
                except OSError:
                    chunk = b""
                if not chunk:
                    break
                data += chunk
            closed_by_server += data.startswith(b"HTTP/1.1 408")
        stop_trickle.set()
        check(closed_by_server == SLOWLORIS,
              "%d of %d slow clients were answered 408 and dropped" % (closed_by_server, SLOWLORIS))
        for s in lorises:
            s.close()

        # Headers beyond 16 KiB: 431, then the connection is closed.
        with connect(server.port) as s:
            s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n" + b"X-Big: " + b"y" * 20000 + b"\r\n\r\n")
            data = read_all(s, timeout=5)
            check(data.startswith(b"HTTP/1.1 431"), "oversized headers: %r" % data[:40])

        status, _, seconds = timed_get(page)
        check(status == 200 and seconds < 1.0, "the page after it all: %d in %.3f s"
              % (status, seconds))
        code = server.stop()
        check(code == 0, "serve exited with %r after SIGINT: %s" % (code, server.stderr()))
    print("FAILED" if failures else "ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
