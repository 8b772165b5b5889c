#!/usr/bin/env python3
"""Generates an imsdoc project of a given size for benchmarks, plus the same prose as plain
Markdown for other tools.

  gen_corpus.py DIR [--sections N] [--entries M] [--seed S]

DIR/project/     an imsdoc project: N sections (chapters of ten subsections) of realistic
                 Markdown (paragraphs, lists, a table, [[references]], links to other
                 sections, footnotes) and M register entries (risks, processes, AI systems,
                 corrective actions; a project-defined register takes the rest)
DIR/markdown/    the same sections as plain Markdown files, one per section, front matter
                 replaced by a heading (for Hugo/MkDocs-style builds)
DIR/manual.md    all sections in one Markdown file (for pandoc)

The output depends only on the arguments: the same call gives the same bytes.
"""
import argparse
import os
import random
import shutil

WORDS = ("the organisation maintains documented information on each process and its owner "
         "reviews the records at planned intervals so that risks to quality security and the "
         "responsible use of artificial intelligence are identified assessed and treated before "
         "they affect customers employees or other interested parties the management system "
         "includes monitoring measurement analysis and evaluation of performance against the "
         "objectives set by top management with corrective action where results fall short").split()

OWNERS = ["Head of Quality", "CISO", "AI Governance Lead", "Operations Director",
          "Head of Data Science", "HR Director", "Head of Procurement"]


def sentence(rng, n=None):
    n = n or rng.randint(8, 20)
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def paragraph(rng, refs):
    parts = [sentence(rng) for _ in range(rng.randint(3, 6))]
    if refs and rng.random() < 0.7:
        parts.insert(rng.randint(0, len(parts)), f"See [[{rng.choice(refs)}]].")
    return " ".join(parts)


NUMBERS = []   # section number of section i, in document order (see plan_sections)


def plan_sections(n, fanout=10):
    """Numbers n sections as a balanced tree like a real manual's: ten chapters at the top, each
    node's descendants spread evenly over at most ten children, so the tree deepens as n grows
    (1,000 sections: 1 / 1.1 / 1.1.1)."""
    out = []

    def node(number, count):       # `count` sections: this one and its descendants
        out.append(number)
        spread(number + ".", count - 1)

    def spread(prefix, count):
        kids = min(fanout, count)
        for k in range(kids):
            share = count // kids + (1 if k < count % kids else 0)
            node(f"{prefix}{k + 1}", share)

    spread("", n)
    NUMBERS[:] = out


def section_number(i):
    return NUMBERS[i]


def section_file(i):
    return f"ch{int(NUMBERS[i].split('.')[0]):03d}/s{i:05d}.md"


def body(rng, i, n, refs, plain):
    out = []
    for k in range(rng.randint(2, 4)):
        out.append(paragraph(rng, [] if plain else refs))
        if k == 0 and rng.random() < 0.3:
            out[-1] += "[^1]"
    out.append("## Responsibilities\n")
    for _ in range(rng.randint(3, 6)):
        out.append(f"- **{rng.choice(OWNERS)}**: {sentence(rng, 10)}")
    out.append("")
    out.append("## Steps\n")
    for k in range(rng.randint(3, 5)):
        out.append(f"{k + 1}. {sentence(rng, 12)}")
    out.append("")
    out.append("| Record | Owner | Retention |\n|---|---|---|")
    for k in range(rng.randint(3, 6)):
        out.append(f"| F-IMS{rng.randint(10, 99)} {rng.choice(WORDS)} | {rng.choice(OWNERS)} | "
                   f"{rng.randint(1, 10)} years |")
    out.append("")
    other = rng.randrange(n)
    if plain:
        out.append(f"Related: section {section_number(other)}.")
    else:
        rel = os.path.relpath(section_file(other), os.path.dirname(section_file(i)))
        out.append(f"Related: [section {section_number(other)}]({rel}).")
    if "[^1]" in out[0]:
        out.append("\n[^1]: " + sentence(rng, 14))
    return "\n\n".join(out) + "\n"


def registers(rng, m, project):
    regs = os.path.join(project, "registers")
    os.makedirs(os.path.join(regs, "schemas"))
    n_proc = min(90, max(1, m // 10))
    n_ai = min(900, max(1, m // 10))
    n_ca = min(900, max(1, m // 5))
    n_risk = min(999, max(1, m - n_proc - n_ai - n_ca))
    n_rec = max(0, m - n_proc - n_ai - n_ca - n_risk)

    def write(name, entries):
        with open(os.path.join(regs, name + ".yaml"), "w") as f:
            f.write("entries:\n" if entries else "entries: []\n")
            for e in entries:
                f.write("  - " + "\n    ".join(e) + "\n")

    # A chain of hand-offs (each process's output is the next one's input), closed into a ring,
    # so the process map has real interactions and no finding fires.
    def handoff(i):
        return f"Record set {(i - 1) % n_proc + 1}"
    write("processes", [[f"id: PRC-{i:02d}", f"name: Process {i}", f"purpose: {sentence(rng)}",
                         f"owner: {rng.choice(OWNERS)}", "area: operation",
                         f"inputs: [\"{handoff(i - 1 if i > 1 else n_proc)}\"]",
                         f"outputs: [\"{handoff(i)}\"]"]
                        for i in range(1, n_proc + 1)])
    write("ai-systems", [[f"id: AI-{i:03d}", f"name: AI system {i}", f"purpose: {sentence(rng)}",
                          f"owner: {rng.choice(OWNERS)}", "origin: internal",
                          "lifecycle_stage: monitor", "risk_level: medium", "status: planned",
                          f"processes: [PRC-{rng.randint(1, n_proc):02d}]"]
                         for i in range(1, n_ai + 1)])
    write("risks", [[f"id: RSK-{i:03d}", f"title: Risk {i} {rng.choice(WORDS)}",
                     f"description: {sentence(rng)}", "source: process",
                     f"processes: [PRC-{rng.randint(1, n_proc):02d}]",
                     f"likelihood: {rng.randint(1, 3)}", f"impact: {rng.randint(1, 4)}",
                     "treatment: accept", f"owner: {rng.choice(OWNERS)}",
                     "review_date: 2026-09-30", "status: accepted"]
                    for i in range(1, n_risk + 1)])
    write("corrective-actions", [[f"id: CA-{i:03d}", f"title: Action {i}", "trigger: audit-finding",
                                  f"description: {sentence(rng)}", f"action: {sentence(rng)}",
                                  f"owner: {rng.choice(OWNERS)}", "raised: 2026-01-10",
                                  "due: 2030-06-30", "status: open"]
                                 for i in range(1, n_ca + 1)])
    if n_rec:
        with open(os.path.join(regs, "schemas", "records.yaml"), "w") as f:
            f.write("name: records\ntitle: Records\nsingular: Record\n"
                    "description: Controlled records.\nid_pattern: \"^REC-[0-9]{5}$\"\n"
                    "title_field: name\ncolumns: [id, name, owner]\nfields:\n"
                    "  name: {type: string, required: true}\n"
                    "  owner: {type: string, required: true}\n"
                    "  risk: {type: reference, to: risks}\n  notes: {type: text}\n")
        write("records", [[f"id: REC-{i:05d}", f"name: Record {i}", f"owner: {rng.choice(OWNERS)}",
                           f"risk: RSK-{rng.randint(1, n_risk):03d}", f"notes: {sentence(rng)}"]
                          for i in range(1, n_rec + 1)])
    refs = [f"RSK-{i:03d}" for i in range(1, n_risk + 1)] + \
           [f"PRC-{i:02d}" for i in range(1, n_proc + 1)]
    return refs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--sections", type=int, default=1000)
    ap.add_argument("--entries", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=42001)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    plan_sections(a.sections)
    shutil.rmtree(a.dir, ignore_errors=True)
    project = os.path.join(a.dir, "project")
    os.makedirs(os.path.join(project, "content"))
    with open(os.path.join(project, "imsdoc.yaml"), "w") as f:
        f.write("title: Benchmark Manual\norganisation: Bench Ltd\nmanual_id: BM-001\n"
                "version: \"1.0\"\nstandards: [\"9001\"]\noutput: site\n")
    refs = registers(rng, a.entries, project)
    manual = ["---\ntitle: Benchmark Manual\n---\n"]
    for i in range(a.sections):
        number, title = section_number(i), f"Section {section_number(i)} {rng.choice(WORDS)}"
        state = rng.getstate()
        text = body(rng, i, a.sections, refs, plain=False)
        rng.setstate(state)
        plain = body(rng, i, a.sections, refs, plain=True)
        path = os.path.join(project, "content", section_file(i))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w") as f:
            f.write(f"---\nid: IMS-{number}\ntitle: {title}\nsection: \"{number}\"\n"
                    f"owner: {rng.choice(OWNERS)}\napprover: Managing Director\n"
                    "version: \"1.0\"\neffective: 2026-03-01\nstatus: approved\n---\n\n" + text)
        level = "#" * min(6, number.count(".") + 1)
        # Headings inside a section sit one level below it, as in imsdoc's outputs.
        demoted = plain.replace("\n## ", "\n" + level + "# ").replace("## Responsibilities",
                                                                       level + "# Responsibilities")
        md = f"{level} {number} {title}\n\n{demoted}"
        manual.append(md.replace("[^1]", f"[^{i}]"))
        mpath = os.path.join(a.dir, "markdown", section_file(i))
        os.makedirs(os.path.dirname(mpath), exist_ok=True)
        with open(mpath, "w") as f:
            f.write(f"# {number} {title}\n\n{plain}")
    with open(os.path.join(a.dir, "manual.md"), "w") as f:
        f.write("\n".join(manual))
    print(f"generated {a.sections} sections and {a.entries} register entries in {a.dir}")


if __name__ == "__main__":
    main()
