#!/usr/bin/env python3
"""imsdoc export, read back by real clients.

  export_test.py IMSDOC PROJECT

xlsx: written twice (identical bytes), converted sheet by sheet to CSV by LibreOffice Calc
headless; every register sheet must hold exactly the rows of imsdoc's own CSV of that
register, and the coverage sheet the coverage rows. json: parsed back; the counts of sections,
registers, entries and covered controls must match the project. csv: to standard output.
Exits 77 (skipped) when LibreOffice Calc is missing.
"""
import csv
import glob
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, **kw)


def rows(text):
    return list(csv.reader(io.StringIO(text)))


def main():
    imsdoc, project = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    base = [imsdoc, "export", project, "--as-of", "2026-03-01", "-q"]
    env = dict(os.environ, TZ="UTC", SOURCE_DATE_EPOCH="1772323200")
    failures = []
    with tempfile.TemporaryDirectory(prefix="imsdoc-export-") as tmp:
        # JSON: the whole model.
        r = run(base + ["--format", "json", "-o", "-"], env=env)
        if r.returncode != 0:
            print("export json failed: " + r.stderr)
            return 1
        model = json.loads(r.stdout)
        entries = sum(len(reg["entries"]) for reg in model["registers"])
        checks = [(model["format"], "imsdoc-model"), (model["manual"]["id"], "IMS-M-001"),
                  (len(model["sections"]), 35), (len(model["registers"]), 12), (entries, 324)]
        cov = {c["standard"]: c for c in model["coverage"]}
        checks += [(cov["27001"]["controls"]["covered"], 91), (cov["27001"]["controls"]["excluded"], 2),
                   (cov["42001"]["controls"]["covered"], 37)]
        risks = next(reg for reg in model["registers"] if reg["name"] == "risks")
        first = risks["entries"][0]
        checks += [(first["id"], "RSK-001"), (first["fields"]["likelihood"], 3),
                   (first["fields"]["ai_systems"], ["AI-001"])]
        for got, want in checks:
            if got != want:
                failures.append(f"json: got {got!r}, expected {want!r}")
        one = json.loads(run(base + ["--format", "json", "--register", "soa", "-o", "-"],
                             env=env).stdout)
        if one["register"]["name"] != "soa" or "sections" in one:
            failures.append("json --register soa: not just the SoA")

        # CSV of one register to standard output.
        ours = {}
        for reg in model["registers"]:
            r = run(base + ["--format", "csv", "--register", reg["name"], "-o", "-"], env=env)
            ours[reg["name"]] = rows(r.stdout)
            if len(ours[reg["name"]]) != len(reg["entries"]) + 1:
                failures.append(f"csv {reg['name']}: {len(ours[reg['name']])} rows")

        # XLSX, through LibreOffice Calc.
        paths = [os.path.join(tmp, n) for n in ("a.xlsx", "b.xlsx")]
        for p in paths:
            r = run(base + ["--format", "xlsx", "-o", p], env=env)
            if r.returncode != 0:
                print("export xlsx failed: " + r.stderr)
                return 1
        if open(paths[0], "rb").read() != open(paths[1], "rb").read():
            failures.append("two exports of the same input gave different workbooks")
        if not shutil.which("soffice"):
            print("SKIP: soffice not found (install the Debian packages libreoffice-calc-nogui)")
            return 77
        out = os.path.join(tmp, "csv")
        r = run(["timeout", "-k", "5", "120", "soffice",
                 "-env:UserInstallation=file://" + os.path.join(tmp, "lo"), "--headless",
                 "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,"
                 "false,false,-1", "--outdir", out, paths[0]], timeout=150)
        sheets = {os.path.basename(p)[len("a-"):-len(".csv")]: p
                  for p in glob.glob(os.path.join(out, "a-*.csv"))}
        if not sheets:
            print("LibreOffice wrote no CSV (is libreoffice-calc-nogui installed?):\n" +
                  r.stdout + r.stderr)
            return 1
        for name, table in ours.items():
            if name not in sheets:
                failures.append(f"xlsx has no sheet {name}")
                continue
            calc = rows(open(sheets[name], encoding="utf-8").read())
            # Our CSV neutralises formula-like cells with an apostrophe; the workbook stores
            # them as text, which Calc writes back without it.
            plain = [[c[1:] if c.startswith("'") else c for c in row] for row in table]
            if calc != plain:
                bad = next(i for i, (a, b) in enumerate(zip(calc, plain)) if a != b) \
                    if len(calc) == len(plain) else "row count"
                failures.append(f"sheet {name} differs from the CSV export (at {bad})")
        if "coverage" not in sheets:
            failures.append("xlsx has no coverage sheet")
    if failures:
        print("FAIL:\n" + "\n".join(failures))
        return 1
    print(f"ok: json ({entries} entries), csv and xlsx ({len(sheets)} sheets via LibreOffice)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
