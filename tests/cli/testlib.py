"""Helpers shared by the CLI and end-to-end test scripts (imported, never run by ctest)."""
import os
import re
import shutil
import signal
import subprocess
import threading

# The parts of a project directory; build output and caches are left behind.
PROJECT_PARTS = ("content", "registers", "diagrams", "themes", "standards", "imsdoc.yaml")


def copy_project(source, project):
    """Copies the project in `source` to the new directory `project` (no output, no .git)."""
    os.mkdir(project)
    for part in PROJECT_PARTS:
        src = os.path.join(source, part)
        if os.path.isdir(src):
            shutil.copytree(src, os.path.join(project, part))
        elif os.path.isfile(src):
            shutil.copy2(src, os.path.join(project, part))


def git(repo, *args, author=("Ada Author", "ada@example.org"), date="2026-01-10T09:00:00Z"):
    """Runs git in `repo` as `author` at `date` (commits are reproducible); returns stdout."""
    env = dict(os.environ, GIT_AUTHOR_NAME=author[0], GIT_AUTHOR_EMAIL=author[1],
               GIT_COMMITTER_NAME=author[0], GIT_COMMITTER_EMAIL=author[1],
               GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date)
    return subprocess.run(["git", "-C", repo] + list(args), check=True, capture_output=True,
                          text=True, env=env).stdout.strip()


class Server:
    """`imsdoc serve PROJECT --port 0 ARGS...`, its output collected by reader threads.

    `url` and `port` are set once it prints "serving at" (None if it never does within 60 s).
    """

    def __init__(self, imsdoc, project, *args, env=None):
        self.proc = subprocess.Popen([imsdoc, "serve", project, "--port", "0"] + list(args),
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env=env)
        self.out, self.err = [], []
        self.url = self.port = None
        ready = threading.Event()

        def read(stream, lines, find_url):
            for line in stream:
                lines.append(line)
                m = find_url and re.search(r"serving at (http://127\.0\.0\.1:(\d+)/)", line)
                if m:
                    self.url, self.port = m.group(1), int(m.group(2))
                    ready.set()
            ready.set()

        self.threads = [threading.Thread(target=read, args=(self.proc.stdout, self.out, True)),
                        threading.Thread(target=read, args=(self.proc.stderr, self.err, False))]
        for t in self.threads:
            t.daemon = True
            t.start()
        ready.wait(60)

    def stderr(self):
        return "".join(self.err)

    def stop(self):
        """SIGINT, then the exit code (None if it had to be killed after 20 s)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            return self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None
