#!/usr/bin/env python3
"""Installing and packaging imsdoc, as a user and a packager get it.

Usage: package_test.py SOURCE_DIR BUILD_DIR

Runs tools/package.sh build on the test suite's own, built, tree (the steps the Dockerfile runs
but configure and build; run-tests.sh configures that tree as Release with -DIMSDOC_WERROR=ON),
then checks:
  - the installed prefix: bin/imsdoc, the man page, bash and zsh completions, the example;
  - `imsdoc --version`: the project's version and the git description it was built from (the
    build tree's, naming a commit of the source's history);
  - the man page and both completions name every subcommand and option of `imsdoc --help` and
    `imsdoc SUBCOMMAND --help`, and no option that does not exist (bash and zsh run them);
  - the .deb: name, Depends computed by dpkg-shlibdeps, Recommends, contents, file dates (the
    commit's: reproducible); extracted with dpkg-deb -x, its binary builds its example manual
    from a folder outside the source tree, byte for byte the golden site, and the binary holds
    no path into the source tree;
  - the .tar.gz holds the same files;
  - the Dockerfile builds with tools/package.sh and runs imsdoc in /manual.
IMSDOC_PACKAGE_REBUILD="g++ clang++-14" also configures, builds (Release, -DIMSDOC_WERROR=ON),
packages and checks a fresh tree with each compiler named: minutes each, so CI leaves it out;
run the script itself then (ctest stops cli.package after 10 minutes).
Exit 0 pass, 1 fail, 77 skip (dpkg-deb, dpkg-shlibdeps, zsh, groff or git missing).
"""
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile

failures = []


def fail(message):
    failures.append(message)


def run(argv, timeout=600, **kwargs):
    return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, **kwargs)


def cache_value(build, name):
    for line in open(os.path.join(build, "CMakeCache.txt")):
        if line.startswith(name + ":"):
            return line.split("=", 1)[1].strip()
    return ""


def help_sections(text):
    """{'Options': [names...], 'Subcommands': [...], 'Positionals': [...]} of CLI11 help."""
    sections, current = {}, None
    for line in text.splitlines():
        header = re.match(r"^(\w+):$", line)
        if header:
            current = sections.setdefault(header.group(1), [])
            continue
        entry = re.match(r"^  (\S+)", line)
        if current is not None and entry:
            current.extend(entry.group(1).split(","))
    return sections


def cli_model(imsdoc):
    """(global options, {subcommand: (options, positionals)}) from the binary's own help."""
    top = help_sections(run([imsdoc, "--help"]).stdout)
    subs = {}
    for sub in top.get("Subcommands", []):
        s = help_sections(run([imsdoc, sub, "--help"]).stdout)
        subs[sub] = (set(s.get("Options", [])), s.get("Positionals", []))
    return set(top.get("Options", [])), subs


def man_sections(path):
    """{section title: plain text} of a man page's .SH and .SS sections."""
    sections, title = {}, None
    for line in open(path):
        line = line.rstrip("\n")
        m = re.match(r'^\.S[HS] "?(.*?)"?$', line)
        if m:
            title = m.group(1).replace("\\-", "-")
            sections[title] = ""
            continue
        if title is not None and not line.startswith('.\\"'):
            text = re.sub(r"\\f[BIRP]", "", line.replace("\\-", "-"))
            sections[title] += text + "\n"
    return sections


def options_in(text):
    return set(re.findall(r"(?<![\w-])(--?[A-Za-z][\w-]*)", text))


def check_man_page(man, global_options, subs):
    r = run(["groff", "-man", "-ww", "-z", man])
    if r.returncode != 0 or r.stderr:
        fail("groff warns about the man page:\n" + r.stderr)
    sections = man_sections(man)
    mentioned = options_in(sections.get("GLOBAL OPTIONS", ""))
    if mentioned != global_options:
        fail("man GLOBAL OPTIONS: missing %s, unknown %s" % (
            sorted(global_options - mentioned), sorted(mentioned - global_options)))
    for sub, (options, positionals) in subs.items():
        titles = [t for t in sections if t.split(" ")[0] == sub]
        if len(titles) != 1:
            fail("man page: no section for subcommand %s" % sub)
            continue
        title = titles[0]
        for positional in positionals:
            if positional not in title:
                fail("man page: section %r does not name %s" % (title, positional))
        mentioned = options_in(title + "\n" + sections[title])
        # -h/--help of every subcommand is described once, under GLOBAL OPTIONS.
        want = options - {"-h", "--help"}
        if mentioned != want:
            fail("man page, %s: missing %s, unknown %s" % (
                sub, sorted(want - mentioned), sorted(mentioned - want)))
    described = {t.split(" ")[0] for t in sections} & set(subs)
    if "SUBCOMMANDS" not in sections or described != set(subs):
        fail("man page: subcommand sections %s, want %s" % (sorted(described), sorted(subs)))


def bash_complete(script, words):
    """COMPREPLY of the bash completion for the command line `words` (the last is completed)."""
    quoted = " ".join("'%s'" % w for w in words)
    program = 'source "$1"; COMP_WORDS=(%s); COMP_CWORD=%d; _imsdoc; printf "%%s\\n" "${COMPREPLY[@]}"'
    r = run(["bash", "--norc", "-c", program % (quoted, len(words) - 1), "bash", script],
            cwd=tempfile.gettempdir())
    if r.returncode != 0:
        fail("bash completion failed for %r: %s" % (words, r.stderr))
    return set(filter(None, r.stdout.splitlines()))


def check_bash_completion(script, global_options, subs):
    got = bash_complete(script, ["imsdoc", ""])
    if got != set(subs):
        fail("bash: subcommands %s, want %s" % (sorted(got), sorted(subs)))
    got = bash_complete(script, ["imsdoc", "-"])
    if got != global_options:
        fail("bash: global options %s, want %s" % (sorted(got), sorted(global_options)))
    for sub, (options, _) in subs.items():
        got = bash_complete(script, ["imsdoc", "-q", sub, "-"])
        if got != options:
            fail("bash, %s: options %s, want %s" % (sub, sorted(got), sorted(options)))
    for words, want in ((["imsdoc", "check", "--format", ""], {"text", "github", "json"}),
                        (["imsdoc", "export", "--format", "x"], {"xlsx"}),
                        (["imsdoc", "diff", "--format", ""], {"markdown", "json"}),
                        (["imsdoc", "build", "--fail-on", ""], {"error", "warning"})):
        got = bash_complete(script, words)
        if got != want:
            fail("bash: %r completes to %s, want %s" % (" ".join(words), sorted(got), sorted(want)))


def zsh_specs(script, function):
    """The specs _imsdoc_* passes to _arguments/_describe (stubbed to print them)."""
    program = ('_arguments() { print -rl -- "$@" }; '
               '_describe() { print -rl -- "${(@P)${@[-1]}}" }; '
               'compdef() {}; source "$1"; %s' % function)
    r = run(["zsh", "-f", "-c", program, "zsh", script])
    if r.returncode != 0:
        fail("zsh completion: %s failed: %s" % (function, r.stderr))
    return r.stdout.splitlines()


def zsh_options(specs):
    names = set()
    for spec in specs:
        # (exclusions)*--name=[description]:...; _arguments' own flags (-C) have no description.
        m = re.match(r"^(?:\([^)]*\))?\*?(--?[A-Za-z][\w-]*?)=?\[", spec)
        if m:
            names.add(m.group(1))
    return names


def check_zsh_completion(script, global_options, subs):
    r = run(["zsh", "-n", script])
    if r.returncode != 0:
        fail("zsh -n: " + r.stderr)
    got = {s.split(":")[0] for s in zsh_specs(script, "_describe x _imsdoc_subcommands")}
    if got != set(subs):
        fail("zsh: subcommands %s, want %s" % (sorted(got), sorted(subs)))
    got = zsh_options(zsh_specs(script, "_imsdoc"))
    if got != global_options:
        fail("zsh: global options %s, want %s" % (sorted(got), sorted(global_options)))
    for sub, (options, _) in subs.items():
        got = zsh_options(zsh_specs(script, "_imsdoc_" + sub))
        if got != options:
            fail("zsh, %s: options %s, want %s" % (sub, sorted(got), sorted(options)))


def check_version(imsdoc, project_version, source, build):
    line = run([imsdoc, "--version"]).stdout.strip()
    m = re.fullmatch(r"imsdoc (\d+\.\d+\.\d+) \(git (\S+)\)", line)
    if not m or m.group(1) != project_version:
        fail("--version printed %r, want 'imsdoc %s (git ...)'" % (line, project_version))
        return
    built = run([os.path.join(build, "imsdoc"), "--version"]).stdout.strip()
    if line != built:
        fail("--version printed %r, the build tree's imsdoc %r" % (line, built))
    top = run(["git", "-C", source, "rev-parse", "--show-toplevel"])
    if top.returncode == 0 and os.path.realpath(top.stdout.strip()) == os.path.realpath(source):
        # The commit it names (v1.2.0-3-gabcdef0, abcdef0 or a tag, maybe -dirty) is in this
        # history: HEAD itself, unless committed since the build.
        commit = re.sub(r"-dirty$", "", m.group(2))
        commit = re.sub(r"^.*-g([0-9a-f]{7,40})$", r"\1", commit)
        known = run(["git", "-C", source, "merge-base", "--is-ancestor", commit + "^{commit}", "HEAD"])
        if known.returncode != 0:
            fail("--version says git %s: not a commit of %s's history" % (m.group(2), source))


EXPECTED_FILES = ["bin/imsdoc", "share/man/man1/imsdoc.1",
                  "share/bash-completion/completions/imsdoc", "share/zsh/vendor-completions/_imsdoc",
                  "share/doc/imsdoc/README.md", "share/imsdoc/example/imsdoc.yaml"]


def check_tree(root, label):
    for rel in EXPECTED_FILES:
        if not os.path.isfile(os.path.join(root, rel)):
            fail("%s: no %s" % (label, rel))
    if not os.access(os.path.join(root, "bin/imsdoc"), os.X_OK):
        fail(label + ": bin/imsdoc is not executable")
    for dirpath, _, names in os.walk(root):
        for name in names:
            rel = os.path.relpath(os.path.join(dirpath, name), root)
            if not (rel in EXPECTED_FILES or rel.startswith("share/imsdoc/example/")
                    or rel.startswith("share/doc/imsdoc/")):
                fail("%s: unexpected file %s" % (label, rel))


def check_deb(deb, project_version, source, build, work):
    arch = run(["dpkg", "--print-architecture"]).stdout.strip()
    if os.path.basename(deb) != "imsdoc_%s_%s.deb" % (project_version, arch):
        fail("package file name " + os.path.basename(deb))
    fields = {f: run(["dpkg-deb", "-f", deb, f]).stdout.strip()
              for f in ("Package", "Version", "Architecture", "Depends", "Recommends")}
    if (fields["Package"], fields["Version"], fields["Architecture"]) != ("imsdoc", project_version,
                                                                         arch):
        fail("control fields %r" % fields)
    # dpkg-shlibdeps writes versioned dependencies on the libraries the binary links.
    for lib in ("libc6 (>=", "libstdc++6 (>=", "libgvc6", "libcgraph6", "libcmark-gfm",
                "libyaml-cpp", "libzip4"):
        if lib not in fields["Depends"]:
            fail("Depends lacks %s: %s" % (lib, fields["Depends"]))
    recommends = [r.strip() for r in fields["Recommends"].split(",")]
    for tool in ("weasyprint", "git"):
        if tool not in recommends:
            fail("Recommends lacks %s: %s" % (tool, fields["Recommends"]))
    # Reproducible: every file carries the date of the commit the package was made from.
    epoch = run(["git", "-C", source, "log", "-1", "--format=%ct"]).stdout.strip()
    data = subprocess.run(["dpkg-deb", "--fsys-tarfile", deb], capture_output=True).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as t:
        mtimes = {str(int(m.mtime)) for m in t.getmembers()}
    if epoch and mtimes != {epoch}:
        fail("the .deb's files are dated %s, not the commit's %s" % (sorted(mtimes), epoch))
    root = os.path.join(work, "deb-root")
    r = run(["dpkg-deb", "-x", deb, root])
    if r.returncode != 0:
        fail("dpkg-deb -x: " + r.stderr)
        return
    check_tree(os.path.join(root, "usr"), ".deb")
    imsdoc = os.path.join(root, "usr/bin/imsdoc")
    if source.encode() in open(imsdoc, "rb").read():
        fail("the packaged binary contains the source path " + source)
    # The example from the package, built by the packaged binary in a folder of its own, with
    # no path to the source tree anywhere: the golden site.
    manual = os.path.join(work, "manual")
    shutil.copytree(os.path.join(root, "usr/share/imsdoc/example"), manual)
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMSDOC_")}
    r = run([sys.executable, os.path.join(source, "tests/golden/site_golden.py"), "golden", imsdoc,
             ".", os.path.join(source, "tests/golden/example-site")], cwd=manual, env=env)
    if r.returncode != 0:
        fail("the packaged binary's site of the packaged example is not the golden site:\n" +
             r.stdout + r.stderr)
    check_version(imsdoc, project_version, source, build)


def check_tgz(tgz, project_version):
    with tarfile.open(tgz) as t:
        names = {n.split("/", 1)[1] for n in t.getnames() if "/" in n}
        top = {n.split("/", 1)[0] for n in t.getnames()}
    if len(top) != 1 or not next(iter(top)).startswith("imsdoc-%s-" % project_version):
        fail(".tar.gz top directory %s" % sorted(top))
    for rel in EXPECTED_FILES:
        if rel not in names:
            fail(".tar.gz: no " + rel)


def check_dockerfile(source):
    text = open(os.path.join(source, "Dockerfile")).read()
    stages = re.findall(r"^FROM (\S+)", text, re.M)
    if stages != ["debian:12", "debian:12-slim"]:
        fail("Dockerfile stages %s, want debian:12 then debian:12-slim" % stages)
    runs = re.findall(r"^RUN (.*?)(?<!\\)$", text, re.M | re.S)
    if not any("tools/package.sh deps" in r for r in runs) or \
            not any(re.search(r"tools/package.sh build \S+ /out", r) for r in runs):
        fail("Dockerfile does not build with tools/package.sh deps and build")
    if "COPY --from=build /out/*.deb" not in text or \
            not re.search(r"apt-get install[^\n]*\n?\s*/tmp/imsdoc_\*\.deb weasyprint", text):
        fail("Dockerfile's image does not install the .deb with weasyprint")
    for line in ('ENTRYPOINT ["imsdoc"]', "WORKDIR /manual"):
        if line not in text.splitlines():
            fail("Dockerfile lacks " + line)


def package(source, build, out, env, cmake_args=()):
    """tools/package.sh build BUILD OUT; OUT, or None after a failure."""
    # A build from scratch takes minutes (over half an hour on two busy cores).
    r = run([os.path.join(source, "tools/package.sh"), "build", build, out] + list(cmake_args),
            env=env, timeout=7200)
    if r.returncode != 0:
        fail("tools/package.sh build %s exited %d:\n%s%s" % (build, r.returncode, r.stdout[-3000:],
                                                            r.stderr[-3000:]))
        return None
    print("packaged %s: %s, %s, IMSDOC_WERROR=%s" % (
        build, cache_value(build, "CMAKE_CXX_COMPILER"), cache_value(build, "CMAKE_BUILD_TYPE"),
        cache_value(build, "IMSDOC_WERROR")))
    return out


def check_packages(out, project_version, source, build, work):
    prefix = os.path.join(out, "prefix")
    check_tree(prefix, "install prefix")
    check_version(os.path.join(prefix, "bin/imsdoc"), project_version, source, build)
    debs = [f for f in os.listdir(out) if f.endswith(".deb")]
    tgzs = [f for f in os.listdir(out) if f.endswith(".tar.gz")]
    if len(debs) != 1 or len(tgzs) != 1:
        fail("tools/package.sh wrote %s" % sorted(os.listdir(out)))
        return
    os.makedirs(work, exist_ok=True)
    check_deb(os.path.join(out, debs[0]), project_version, source, build, work)
    check_tgz(os.path.join(out, tgzs[0]), project_version)


def main():
    source, build = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    for tool, debian_package in (("dpkg-deb", "dpkg"), ("dpkg-shlibdeps", "dpkg-dev"), ("bash", "bash"),
                          ("zsh", "zsh"), ("groff", "groff-base"), ("git", "git")):
        if shutil.which(tool) is None:
            print("SKIP: %s not found (apt-get install %s)" % (tool, debian_package))
            return 77
    project_version = cache_value(build, "CMAKE_PROJECT_VERSION")
    with tempfile.TemporaryDirectory(prefix="imsdoc-package-test-") as work:
        env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
        out = package(source, build, os.path.join(work, "out"),
                      dict(env, IMSDOC_PACKAGE_PREBUILT="1"))
        if out is None:
            return 1
        prefix = os.path.join(out, "prefix")
        imsdoc = os.path.join(prefix, "bin/imsdoc")
        global_options, subs = cli_model(imsdoc)
        if len(subs) < 10 or "--format" not in subs.get("check", ({}, []))[0]:
            fail("could not read the subcommands from --help: %r" % subs)
        check_man_page(os.path.join(prefix, "share/man/man1/imsdoc.1"), global_options, subs)
        check_bash_completion(os.path.join(prefix, "share/bash-completion/completions/imsdoc"),
                              global_options, subs)
        check_zsh_completion(os.path.join(prefix, "share/zsh/vendor-completions/_imsdoc"),
                             global_options, subs)
        check_packages(out, project_version, source, build, work)
        check_dockerfile(source)
        # Opt-in (minutes per compiler, so not in CI): what a packager does from scratch, a
        # Release build with warnings as errors by each compiler named, packaged and checked.
        for cxx in os.environ.get("IMSDOC_PACKAGE_REBUILD", "").split():
            fresh = os.path.join(work, "build-" + cxx)
            args = ["-DCMAKE_CXX_COMPILER=" + cxx, "-DIMSDOC_WERROR=ON"]
            if shutil.which("ccache"):
                args.append("-DCMAKE_CXX_COMPILER_LAUNCHER=ccache")
            out = package(source, fresh, os.path.join(work, "out-" + cxx), env, args)
            if out is not None:
                check_packages(out, project_version, source, fresh, os.path.join(work, cxx))
    for f in failures:
        print("FAIL: " + f)
    print("PASS" if not failures else "FAIL")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
