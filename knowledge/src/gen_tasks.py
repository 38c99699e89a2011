#!/usr/bin/env python3
"""Generate the task-level knowledge, knowledge/tasks/NN-group-name.yaml.

Inputs (read at generation time from ../shared/data, relative to the repository root; never
copied into the repository whole)
  task-exposure/full_labelset.tsv        19,265 O*NET task statements with the GPT-4 exposure
                                          (E0/E1/E2) and automation (T0-T4) labels of Eloundou,
                                          Manning, Mishkin and Rock, Science 384 (2024), MIT.
                                          Task statements: O*NET (U.S. Department of Labor,
                                          ETA), CC BY 4.0.
  ai-applicability/soc_metrics.csv       observed Copilot use by 2018 SOC code (Tomlinson,
                                          Jaffe, Wang, Counts and Suri 2025, CC BY 4.0).
  knowledge/src/occupations.csv          the catalogue's codes (every one gets an entry).

Usage
  python3 knowledge/src/gen_tasks.py           write knowledge/tasks/*.yaml
  python3 knowledge/src/gen_tasks.py --check   exit 1 if the files on disk are stale
  options: --data DIR (default ../shared/data)  --out DIR  --quiet

Standard library only; deterministic (same inputs, byte-identical files).

What each occupation gets
-------------------------
  onet      the O*NET-SOC codes whose tasks it takes: every code whose first seven characters
            are the SOC code (45-2091.00 for 45-2091; 15-1252.00 and its .01-.09 details). Six
            catalogue codes have no O*NET-SOC code of their own (SOC 2018 "All Other" codes and
            one merged code); they borrow the tasks of the codes in the same broad occupation
            (first six characters), else the same minor group (first five), marked `borrowed`.
  all       figures over ALL its tasks, core and supplemental alike:
              count       number of task statements
              exposure    100 x mean task beta, where beta = 1 for E1 (an LLM alone halves the
                          time), 0.5 for E2 (it would with software built on an LLM), 0 for E0:
                          Eloundou et al.'s beta measure, the one their paper takes as central
              automation  100 x mean of T/4 (T0 = 0 ... T4 = 1): how far the tasks could be
                          completed without a person (GPT-4's rating in the same paper)
              kinds       per task kind present among its tasks, 100 x the mean beta of the
                          tasks of that kind: what reweights exposure by a person's own six-kind
                          split (quick, intake; see docs/methodology.md)
  observed  Microsoft's observed use, where the SOC code is covered: `coverage` is
            coverage_user (the share of the occupation's work activities with meaningful Copilot
            use) and `ai_use` the typical AI-use figure derived from it (below).
  main      the 8 to 12 tasks the standard questionnaire lists (see "Main tasks").

Each main task is one line, "ID EXPOSURE AUTOMATION KIND: STATEMENT" (e.g. "9328 E1 T3
creative: Translate messages ..."): its O*NET task id, its exposure (E0/E1/E2), its automation
(T0-T4), its kind and the O*NET statement, unchanged. One scalar a task rather than a mapping
of five keys: the parser then builds a tenth of the nodes, and start-up stays fast (the
catalogue's 8,000 main tasks as mappings tripled the time `career-risk` took to start).

Task kinds
----------
Each statement is put into one of the six task kinds of the knowledge base (routine_cognitive,
routine_manual, analytic, interpersonal, creative, nonroutine_manual) by its first word: O*NET
task statements all start with the verb of the task, and classifying work by its verbs is how
the task-content literature measures the Autor-Levy-Murnane categories (Spitz-Oener 2006;
Atalay et al. 2020). VERBS below lists about 300 verbs. A few verbs name work of either kind
depending on their object ("prepare reports" vs "prepare food", "inspect records" vs "inspect
wiring"); AMBIGUOUS gives them a pair of kinds, the second taken when the statement names a
physical object (PHYSICAL words). A statement whose verb is not listed (about 8%) takes the
kind most common among its occupation's classified tasks. This is a heuristic, and said so:
the kinds only reweight exposure by a person's split, the exposure labels themselves are
Eloundou's.

Typical AI use
--------------
The catalogue's `ai_use` (0-100, the ai_usage dimension of a typical worker) was a curated
judgement. Where Microsoft's data covers the occupation it is replaced by
    ai_use = round(AI_USE_SCALE x coverage_user x 100)
AI_USE_SCALE = 0.55 keeps the catalogue on the scale the curated figures used (their median,
20, over the median coverage, 0.36): ai_usage counts points for frequency, breadth and depth,
not a share of activities, so the observed figure orders occupations and the scale is kept.
The loader (app/core/kb_load.c) takes this figure in place of the curated one; occupations
the data does not cover (24) keep the curated figure.

Main tasks
----------
Core tasks first (O*NET's Core/Supplemental flag), in O*NET's order, the .00 code's before
its detailed codes'; then supplemental ones when fewer than MIN_MAIN core tasks exist; at most
MAX_MAIN. Duplicate statements (the same text under two detailed codes) are listed once.
"""

import argparse
import csv
import os
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_DATA = os.path.join(REPO, "..", "shared", "data")
DEFAULT_CSV = os.path.join(REPO, "knowledge", "src", "occupations.csv")
DEFAULT_OUT = os.path.join(REPO, "knowledge", "tasks")

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_occupations import GROUPS, write_files  # noqa: E402  (one list of group files, one writer)

KINDS = ("routine_cognitive", "routine_manual", "analytic", "interpersonal", "creative",
         "nonroutine_manual")
MIN_MAIN = 8
MAX_MAIN = 12
AI_USE_SCALE = 0.55
BETA = {"E0": 0.0, "E1": 1.0, "E2": 0.5}

RC, RM, AN, IP, CR, NM = KINDS
VERBS = {}
for kind, words in (
    (RC, "record enter compile file keep verify check calculate compute count process post "
         "transcribe schedule order issue receive update inventory requisition track submit "
         "document log tabulate type key code copy sort route reconcile bill charge pay "
         "register list retrieve store obtain collect fill complete report read follow comply "
         "adhere"),
    (RM, "operate tend load unload feed pack weigh mix stock wash clean trim cut grind press "
         "thread wrap package stack fold label polish sand spray pour dip immerse scrape "
         "brush lubricate start stop turn activate run sew stamp bag set"),
    (AN, "analyze analyse evaluate review determine identify examine investigate assess "
         "research study diagnose interpret estimate compare plan establish recommend select "
         "formulate devise resolve define specify approve authorize monitor observe test "
         "measure conduct calibrate audit forecast model project predict prioritize decide "
         "verify troubleshoot validate appraise inspect survey audit budget"),
    (IP, "confer supervise direct coordinate collaborate advise train instruct teach consult "
         "communicate explain interview contact inform refer negotiate counsel sell greet "
         "recruit hire represent testify educate guide assist serve respond discuss meet "
         "manage oversee lead promote encourage help listen demonstrate present answer attend "
         "participate assign notify solicit motivate accompany visit care arrange interact "
         "mediate persuade entertain perform comfort escort welcome supply deliver "
         "distribute administer act relay call mentor liaise cooperate"),
    (CR, "design write create compose draw draft edit photograph produce develop invent "
         "sketch illustrate choreograph author style decorate arrange film translate"),
    (NM, "repair install drive lift dig climb construct erect weld position transport patrol "
         "replace disassemble reassemble fabricate paint lay fit mount align connect attach "
         "splice build dress treat move carry secure fasten bolt drill shape smooth dismantle "
         "remove adjust assemble maintain pull push handle guard rescue restrain apply cover "
         "plant harvest prune groom bathe feed restrain pilot steer navigate"),
):
    for w in words.split():
        VERBS.setdefault(w, kind)

# Verbs whose kind depends on the object: (kind, kind when a PHYSICAL word appears).
AMBIGUOUS = {
    "prepare": (RC, NM), "maintain": (RC, NM), "perform": (AN, NM), "provide": (IP, NM),
    "inspect": (AN, NM), "set": (RC, RM), "examine": (AN, NM), "test": (AN, NM),
    "measure": (AN, RM), "monitor": (AN, RM), "check": (RC, RM), "clean": (RM, RM),
    "make": (CR, NM), "use": (AN, NM), "take": (RC, NM), "collect": (RC, NM),
    "apply": (AN, NM), "place": (RC, RM), "mark": (RC, RM), "control": (AN, RM),
    "adjust": (AN, NM), "implement": (AN, AN), "modify": (CR, NM), "select": (AN, NM),
    "locate": (AN, NM), "order": (RC, RC), "gather": (AN, NM), "transfer": (RC, RM),
    "change": (AN, NM), "signal": (IP, RM), "fill": (RC, RM), "cut": (RM, RM),
    "match": (RC, RM), "separate": (RC, RM), "finish": (CR, NM), "hold": (IP, NM),
    "store": (RC, RM), "supply": (IP, RM), "deliver": (IP, NM), "read": (RC, RM),
    "integrate": (AN, NM), "regulate": (AN, RM), "enforce": (IP, NM), "construct": (CR, NM),
    "produce": (CR, RM), "build": (CR, NM), "program": (CR, RM), "dress": (IP, NM),
    "treat": (AN, NM), "operate": (RM, RM), "care": (IP, NM),
}
PHYSICAL = set("""equipment machine machines machinery tool tools vehicle vehicles engine engines
materials material food foods patient patients parts part wiring wire pipes pipe metal wood
trucks truck aircraft tractor crops animals animal soil stone concrete fixtures fixture
surfaces surface floors floor walls wall roofs roof devices device components component
instruments instrument products product samples sample specimens specimen hardware cables
cable boilers boiler pumps pump valves valve ingredients dishes merchandise goods cargo
furniture fabric garments hair skin body wounds fires fire buildings building sites site
plants trees lumber glass tile brick bricks paint gauges gauge dies molds mold workpieces
workpiece controls mechanisms systems""".split())


def die(msg):
    sys.stderr.write("gen_tasks.py: error: %s\n" % msg)
    sys.exit(1)


def classify(text):
    """One of KINDS, or None when the statement's verb is not listed."""
    words = text.replace(",", " ").replace(".", " ").replace(";", " ").split()
    if not words:
        return None
    verb = words[0].lower()
    if verb in AMBIGUOUS:
        plain, physical = AMBIGUOUS[verb]
        return physical if any(w.lower() in PHYSICAL for w in words[1:]) else plain
    return VERBS.get(verb)


def q(s):
    """A double-quoted YAML scalar."""
    return '"%s"' % s.replace("\\", "\\\\").replace('"', '\\"')


def load_tasks(path):
    by_soc = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            onet = row["O*NET-SOC Code"]
            e, t = row["gpt4_exposure"], row["gpt4_automation"]
            if e not in BETA or t not in ("T0", "T1", "T2", "T3", "T4"):
                die("task %s: unknown labels %s %s" % (row["Task ID"], e, t))
            tid = float(row["Task ID"])
            if tid != int(tid) or tid <= 0:
                die("task id %r is not a positive integer" % row["Task ID"])
            by_soc.setdefault(onet[:7], []).append({
                "onet": onet, "id": int(tid), "text": " ".join(row["Task"].split()),
                "core": row["Task Type"] == "Core", "e": e, "t": t})
    return by_soc


def load_observed(path):
    out = {}
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out[row["SOC Code"]] = float(row["coverage_user"])
    return out


def tasks_for(code, by_soc):
    if code in by_soc:
        return by_soc[code], None
    for n in (6, 5):
        keys = sorted(k for k in by_soc if k[:n] == code[:n])
        if keys:
            return [t for k in keys for t in by_soc[k]], code[:n]
    return None, None


def entry(code, tasks, borrowed, observed):
    # the .00 code first, then detailed codes, each in O*NET's order (stable sort)
    tasks = sorted(tasks, key=lambda t: (not t["onet"].endswith(".00"), t["onet"]))
    seen_ids, seen_text, uniq = set(), set(), []
    for t in tasks:
        if t["id"] in seen_ids or t["text"] in seen_text:
            continue
        seen_ids.add(t["id"])
        seen_text.add(t["text"])
        uniq.append(t)
    counts = dict.fromkeys(KINDS, 0)
    for t in uniq:
        t["kind"] = classify(t["text"])
        if t["kind"]:
            counts[t["kind"]] += 1
    common = max(KINDS, key=lambda k: (counts[k], -KINDS.index(k)))
    for t in uniq:
        if not t["kind"]:
            t["kind"] = common
    n = len(uniq)
    expo = 100 * sum(BETA[t["e"]] for t in uniq) / n
    auto = 100 * sum(int(t["t"][1]) / 4 for t in uniq) / n
    kinds = []
    for k in KINDS:
        ks = [t for t in uniq if t["kind"] == k]
        if ks:
            kinds.append("%s: %d" % (k, round(100 * sum(BETA[t["e"]] for t in ks) / len(ks))))
    main = [t for t in uniq if t["core"]][:MAX_MAIN]
    if len(main) < MIN_MAIN:
        main += [t for t in uniq if not t["core"]][:MIN_MAIN - len(main)]
    lines = ['  - occupation: "%s"' % code,
             "    onet: [%s]" % ", ".join(q(o) for o in sorted({t["onet"] for t in uniq}))]
    if borrowed:
        lines.append('    borrowed: "%s"' % borrowed)
    lines.append("    all: {count: %d, exposure: %d, automation: %d, kinds: {%s}}" % (
        n, round(expo), round(auto), ", ".join(kinds)))
    if code in observed:
        cov = observed[code]
        lines.append("    observed: {coverage: %.2f, ai_use: %d}" % (
            cov, round(AI_USE_SCALE * cov * 100)))
    lines.append("    sources: [onet-tasks, eloundou-2024, spitz-oener-2006%s]" % (
        ", microsoft-applicability-2025" if code in observed else ""))
    lines.append("    main:")
    for t in main:
        lines.append("      - %s" % q("%d %s %s %s: %s" % (t["id"], t["e"], t["t"], t["kind"], t["text"])))
    return "\n".join(lines)


HEADER = """\
# Task-level knowledge for SOC 2018 major group %s: %s
#
# GENERATED FILE: do not edit by hand. Written by knowledge/src/gen_tasks.py from
# ../shared/data/task-exposure/full_labelset.tsv and
# ../shared/data/ai-applicability/soc_metrics.csv; regenerate from the repository root with:
#     python3 knowledge/src/gen_tasks.py
#
# Task statements and ids: O*NET (U.S. Department of Labor, Employment and Training
# Administration), CC BY 4.0. Exposure (E0/E1/E2) and automation (T0-T4) labels: Eloundou,
# Manning, Mishkin and Rock, "GPTs are GPTs", Science 384 (2024), data under the MIT licence.
# Observed use: Tomlinson, Jaffe, Wang, Counts and Suri, "Working with AI" (Microsoft 2025),
# CC BY 4.0. Task kinds are this project's classification (see the generator).
# all.exposure is 100 x the mean of beta (E1 = 1, E2 = 0.5, E0 = 0) over ALL the
# occupation's tasks; `main` lists only the tasks the standard questionnaire shows, one a line:
# "TASK-ID EXPOSURE AUTOMATION KIND: O*NET statement".

tasks:
"""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=DEFAULT_DATA, help="the shared data folder")
    ap.add_argument("--csv", default=DEFAULT_CSV, help="knowledge/src/occupations.csv")
    ap.add_argument("--out", default=DEFAULT_OUT, help="output folder")
    ap.add_argument("--check", action="store_true",
                    help="write nothing; exit 1 if any output file differs")
    ap.add_argument("--quiet", action="store_true", help="no summary on stderr")
    args = ap.parse_args()

    by_soc = load_tasks(os.path.join(args.data, "task-exposure", "full_labelset.tsv"))
    observed = load_observed(os.path.join(args.data, "ai-applicability", "soc_metrics.csv"))
    with open(args.csv, encoding="utf-8", newline="") as fh:
        codes = sorted(r["code"] for r in csv.DictReader(fh))

    files, borrowed_n, ntasks = {}, 0, 0
    for g, (slug, title) in GROUPS.items():
        parts = [HEADER % (g, title)]
        for code in (c for c in codes if c[:2] == g):
            tasks, borrowed = tasks_for(code, by_soc)
            if not tasks:
                die("%s: no O*NET tasks, not even in its minor group" % code)
            borrowed_n += borrowed is not None
            ntasks += len(tasks)
            parts.append(entry(code, tasks, borrowed, observed) + "\n")
        files["%s-%s.yaml" % (g, slug)] = "".join(parts)

    stale = write_files(files, args.out, args.check)
    if not args.quiet:
        sys.stderr.write("%d occupations (%d borrowing their group's tasks), %d task rows, "
                         "%d with observed use\n" % (len(codes), borrowed_n, ntasks,
                                                     sum(1 for c in codes if c in observed)))
    if args.check:
        if stale:
            sys.stderr.write("stale: %s (run python3 knowledge/src/gen_tasks.py)\n"
                             % ", ".join(stale))
            return 1
        return 0
    if not args.quiet:
        sys.stderr.write("wrote %d file(s), %d unchanged\n" % (len(stale), len(files) - len(stale)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
