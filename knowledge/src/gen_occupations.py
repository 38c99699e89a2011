#!/usr/bin/env python3
"""Generate the occupation catalogue, knowledge/occupations/NN-group-name.yaml.

Inputs
  knowledge/src/occupations.csv   the curated table (committed): one row per SOC 2018 detailed
                          occupation with title, aliases, sector, the matching O*NET title,
                          typical AI use, specialisation, BLS outlook and, where published,
                          the Frey & Osborne (2013) probability of computerisation.
  O*NET work context      ../shared/data/onet-work-context/occupations_onet_work_contexts.csv
                          (relative to the repository root; --onet overrides). It is read at
                          generation time and never copied into the repository.

Columns of knowledge/src/occupations.csv
  code            SOC 2018 detailed code, NN-NNNN (major groups 11 to 53; 55, military, is out)
  title           SOC 2018 title
  aliases         2 to 5 job titles people type, ';'-separated, unique across the catalogue
  sector          one of SECTORS below: where most people in the occupation work
  onet_title      matching title(s) in the O*NET file, ';'-separated; empty when none
  ai_use          typical AI tool use, 0-100 (curated judgement)
  specialization  typical depth and rarity of expertise, 0-100 (curated judgement)
  outlook         declining | stable | growing (BLS Employment Projections 2023-33)
  frey_osborne    published probability of computerisation, or empty (see below)

Usage
  python3 knowledge/src/gen_occupations.py            write knowledge/occupations/*.yaml
  python3 knowledge/src/gen_occupations.py --check    exit 1 if the files on disk are stale
  options: --onet PATH  --csv PATH  --out DIR  --task-exposure DIR  --applicability DIR
           --quiet

Only the Python 3 standard library is used. The output is deterministic: the same inputs
always give byte-identical files.

The task mix
------------
Each occupation gets six task shares (percent of a typical worker's time, summing to exactly
100) in the Autor, Levy and Murnane (2003) categories used by the knowledge base:
routine_cognitive, routine_manual, analytic, interpersonal, creative, nonroutine_manual.

  1. Template. Start from the template of the occupation's SOC group (TEMPLATES below): the
     most specific key wins, so a minor group such as "29-2" (health technologists) overrides
     its major group "29". First-line supervisors (minor group "-1" of groups 33 to 53) without
     a template of their own get the mean of their major group's template and SUPERVISION.
  2. Routine index. From the O*NET work context of the matched title:
         R = (repeat + automation + (1 - structured)) / 3
     where repeat = importance of repeating same tasks, automation = degree of automation, and
     structured = the "structured versus unstructured work" item. That O*NET item asks how much
     freedom the worker has to set tasks, priorities and goals, so a HIGH value means
     UNSTRUCTURED work (Chief Executives 1.00, Cashiers 0.54 in the file); hence 1 - structured.
     Importance of being exact is recorded but not used: accuracy matters as much to a surgeon
     as to a clerk, so it does not separate routine from non-routine work.
  3. Shift. The group reference R_g is the mean R of this catalogue's matched occupations that
     share the same template (the same minor-group template, or the major group's), so that a
     template and its reference describe the same population; where fewer than MIN_PEERS
     matched occupations share a template, the mean of the whole major group is used. The
     first-line supervisors' templates share one reference: the mean R of all matched
     first-line supervisors in groups 33 to 53 (most groups have only one such occupation).
     The routine share (routine_cognitive + routine_manual) moves by
         delta = clamp(K * 100 * (R - R_g), -MAX_SHIFT, +MAX_SHIFT)  percentage points
     (K = 1: each 0.01 of routine index above the group mean adds one point). Delta is split
     between the two routine shares in the template's proportions and taken from (or given
     to) the four non-routine shares in theirs, so no share goes negative.
  4. Rounding. Largest-remainder rounding to integers that sum to exactly 100 (ties go to the
     earlier task kind in the fixed order above).
Occupations with no O*NET match keep the template unchanged and carry no `onet:` key.

Matching O*NET titles
---------------------
The O*NET file is keyed by title. The CSV's onet_title column names the O*NET title(s) for an
occupation (several, separated by ';', are averaged: SOC 2018 merged some O*NET occupations);
when it is empty, the SOC title itself is tried. Titles are compared after normalisation
(lower case, '&' -> 'and', '--' and punctuation -> space, spaces collapsed). An onet_title that
does not match is an error, not a silent fallback.

Outlook
-------
The outlook column follows the direction of the BLS Employment Projections 2023-33 (source
bls-ep-2024, cited by every entry): growing
where growth is about the all-occupation average (about 4%) or faster, declining where
employment is projected to fall by more than about 1%, stable otherwise or where unsure.

Frey & Osborne
--------------
frey_osborne is filled only where the 2018 occupation is the same occupation as one scored
in Frey & Osborne (2013), Appendix (2010 SOC): the same code, possibly retitled (Gaming
Managers -> Gambling Managers), or a one-to-one renumbering (Dental Hygienists 29-2021 ->
29-1292, Registered Nurses, Personal Care Aides 39-9021 -> 31-1122). Occupations that SOC 2018
merged or split (Software Developers, Fast Food and Counter Workers, Stockers and Order
Fillers, Substance Abuse, Behavioral Disorder, and Mental Health Counselors, ...) or whose
2010 code was a catch-all whose scope changed ("All Other" codes) are left blank rather than
given a guessed value. Every value was checked against the Appendix of Frey & Osborne (2013),
code by code (for renumbered occupations, under the 2010 code): all 558 agree.

Published AI-exposure estimates (load_published, published_lines)
-----------------------------------------------------------------
Beside Frey & Osborne, each occupation's `exposure:` list carries, where the data covers it,
three generative-AI estimates read at generation time from ../shared (--task-exposure and
--applicability override the folders); the index ids are declared, with whose estimate each
is and what it measures, in the `indices:` section of knowledge/sources.yaml.

  eloundou-gpt4-beta    dv_rating_beta of occ_level.csv (Eloundou, Manning, Mishkin and Rock,
  eloundou-human-beta   Science 2024), and human_rating_beta: the share of the occupation's
                        O*NET tasks an LLM exposes, E1 + 0.5 E2, rated by GPT-4 and by human
                        annotators (0-1). The file is keyed by O*NET-SOC 2019 codes, which
                        extend the SOC 2018 code (29-1141.01 is a specialty of 29-1141). The
                        6-digit code takes the value of its .00 code, the O*NET occupation
                        that is the SOC occupation itself; where O*NET has no .00 code (it
                        splits the SOC occupation into specialties only: 11-9199, 13-1199,
                        15-1299, 31-9099), the unweighted mean of its specialties.
  microsoft-applicability
                        ai_applicability_score of soc_ai_applicability_scores.csv (Tomlinson,
                        Jaffe, Wang, Counts and Suri 2025): observed Bing Copilot use, success
                        and scope over the occupation's work activities (0-1; the highest
                        occupation scores about 0.49). Keyed by detailed SOC 2018 codes, except
                        where it scores the occupations SOC or OEWS combine: a catalogue code
                        absent from the file takes the value of its broad occupation (NN-NNN0,
                        e.g. 13-1021 from 13-1020 Buyers and Purchasing Agents) or of the OEWS
                        aggregate in MS_AGGREGATES (51-2028, 53-1047); the YAML says which.
                        Occupations neither covers get no value rather than a guess.
"""

import argparse
import csv
import os
import re
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_CSV = os.path.join(REPO, "knowledge", "src", "occupations.csv")
DEFAULT_ONET = os.path.join(REPO, "..", "shared", "data", "onet-work-context",
                            "occupations_onet_work_contexts.csv")
DEFAULT_OUT = os.path.join(REPO, "knowledge", "occupations")
DEFAULT_TASK_EXPOSURE = os.path.join(REPO, "..", "shared", "data", "task-exposure")
DEFAULT_APPLICABILITY = os.path.join(REPO, "..", "shared", "data", "ai-applicability")

TASKS = ("routine_cognitive", "routine_manual", "analytic", "interpersonal", "creative",
         "nonroutine_manual")
ROUTINE = ("routine_cognitive", "routine_manual")
NONROUTINE = ("analytic", "interpersonal", "creative", "nonroutine_manual")

MIN_PEERS = 3     # matched occupations needed for a template's own reference mean
K = 1.0           # points of routine share per 0.01 of routine index above the group mean
MAX_SHIFT = 20.0  # largest move of the routine share, in percentage points

SECTORS = ("agriculture", "mining", "utilities", "construction", "manufacturing", "wholesale",
           "retail", "logistics", "information", "finance", "real-estate",
           "professional-services", "management", "admin-support", "education", "healthcare",
           "arts-entertainment", "hospitality", "other-services", "public-admin")
OUTLOOKS = ("declining", "stable", "growing")

# SOC 2018 major groups (55, military, is left out): file name and title.
GROUPS = {
    "11": ("management", "Management Occupations"),
    "13": ("business-financial", "Business and Financial Operations Occupations"),
    "15": ("computer-mathematical", "Computer and Mathematical Occupations"),
    "17": ("architecture-engineering", "Architecture and Engineering Occupations"),
    "19": ("life-physical-social-science", "Life, Physical, and Social Science Occupations"),
    "21": ("community-social-service", "Community and Social Service Occupations"),
    "23": ("legal", "Legal Occupations"),
    "25": ("education-library", "Educational Instruction and Library Occupations"),
    "27": ("arts-design-entertainment-media",
           "Arts, Design, Entertainment, Sports, and Media Occupations"),
    "29": ("healthcare-practitioners-technical",
           "Healthcare Practitioners and Technical Occupations"),
    "31": ("healthcare-support", "Healthcare Support Occupations"),
    "33": ("protective-service", "Protective Service Occupations"),
    "35": ("food-preparation-serving", "Food Preparation and Serving Related Occupations"),
    "37": ("building-grounds-maintenance",
           "Building and Grounds Cleaning and Maintenance Occupations"),
    "39": ("personal-care-service", "Personal Care and Service Occupations"),
    "41": ("sales", "Sales and Related Occupations"),
    "43": ("office-administrative-support", "Office and Administrative Support Occupations"),
    "45": ("farming-fishing-forestry", "Farming, Fishing, and Forestry Occupations"),
    "47": ("construction-extraction", "Construction and Extraction Occupations"),
    "49": ("installation-maintenance-repair",
           "Installation, Maintenance, and Repair Occupations"),
    "51": ("production", "Production Occupations"),
    "53": ("transportation-material-moving", "Transportation and Material Moving Occupations"),
}

# Task templates: (routine_cognitive, routine_manual, analytic, interpersonal, creative,
# nonroutine_manual), each summing to 100. They are judgements of how a typical worker in the
# group divides the week, following the task definitions of Autor, Levy and Murnane (2003)
# and the task statements the O*NET/BLS OOH descriptions give for the group.
TEMPLATES = {
    # Managers: planning, deciding and solving problems (analytic) and above all directing,
    # negotiating and persuading people (interpersonal); some reporting and budget routine.
    "11": (10, 0, 30, 45, 10, 5),
    # Business and financial specialists: analysis and judgement over rule-based processing
    # of records, figures and forms (accounts, claims, payroll rules); clients and colleagues.
    "13": (30, 0, 40, 22, 5, 3),
    # Computer and mathematical: non-routine problem solving and design dominate; testing,
    # tickets and reporting are the routine part; building software is partly creative.
    "15": (15, 0, 50, 12, 20, 3),
    # Engineers and architects: analysis and design; site and lab work is non-routine manual.
    "17": (12, 3, 45, 12, 20, 8),
    # Drafters and engineering technicians: drawing to specification, tests and measurement.
    "17-3": (25, 10, 30, 10, 10, 15),
    # Scientists: research and analysis; field and bench work.
    "19": (12, 3, 50, 12, 15, 8),
    # Science technicians: standard procedures, samples and records; bench and field work.
    "19-4": (30, 15, 25, 8, 2, 20),
    # Counsellors, social workers, clergy: caring, advising and persuading.
    "21": (15, 0, 20, 55, 5, 5),
    # Lawyers and judges: legal analysis and argument, drafting, negotiation.
    "23": (20, 0, 40, 25, 12, 3),
    # Paralegals and title examiners: document review, searches and forms by set rules.
    "23-2": (45, 0, 30, 15, 5, 5),
    # Teachers: teaching and care of learners (interpersonal), preparing lessons (creative),
    # assessing (analytic); marking and records are the routine part.
    "25": (12, 2, 18, 50, 13, 5),
    # Librarians, archivists, curators: cataloguing and records, research, handling items.
    "25-4": (30, 5, 25, 20, 10, 10),
    # Arts, design and media: original work (creative) with clients and audiences.
    "27": (10, 3, 15, 17, 45, 10),
    # Performers, athletes, coaches, officials: performance in changing settings.
    "27-2": (5, 5, 10, 30, 30, 20),
    # Media equipment workers (sound, camera, editing): technical craft, some set routine.
    "27-4": (15, 10, 20, 10, 25, 20),
    # Healthcare practitioners: diagnosis and treatment decisions (analytic), patient care
    # (interpersonal), hands-on examination and procedures (non-routine manual), charting.
    "29": (12, 3, 35, 30, 3, 17),
    # Health technologists and technicians: protocols, tests, imaging and dispensing to set
    # procedures, with patients and hands-on work.
    "29-2": (25, 12, 20, 20, 1, 22),
    # Healthcare support (aides, assistants): personal care and hands-on help in changing
    # settings, some repetitive tasks and records.
    "31": (12, 15, 5, 33, 0, 35),
    # Protective service: patrol, response and physical intervention; dealing with the public;
    # reports and procedures.
    "33": (12, 8, 15, 30, 2, 33),
    # Food preparation and serving: repetitive preparation and service at a set pace,
    # serving customers, moving around a changing floor or kitchen.
    "35": (8, 45, 2, 20, 5, 20),
    # Chefs and food-service supervisors: planning menus and shifts, leading staff.
    "35-1": (12, 20, 10, 28, 15, 15),
    # Building and grounds: cleaning rounds (routine manual) and outdoor or varied physical
    # work (non-routine manual).
    "37": (3, 50, 2, 5, 2, 38),
    # Personal care and service: serving and caring for clients, hands-on work.
    "39": (7, 15, 5, 45, 8, 20),
    # Sales: selling and advising (interpersonal), orders and pricing by rule.
    "41": (22, 10, 10, 50, 3, 5),
    # Retail sales workers (cashiers, counter clerks, retail sales): transactions and
    # scanning by rule, shelf and till work, serving customers.
    "41-2": (35, 25, 3, 32, 0, 5),
    # Office and administrative support: entering, checking, filing and scheduling by rule.
    "43": (60, 5, 10, 20, 2, 3),
    # Material recording, dispatching and postal workers: records plus handling and delivery.
    "43-5": (45, 20, 5, 10, 0, 20),
    # Farming, fishing and forestry: repetitive field tasks and physical work outdoors.
    "45": (5, 45, 5, 5, 0, 40),
    # Construction trades and extraction: physical work in changing sites (non-routine
    # manual) with repetitive elements; reading plans and solving fit problems.
    "47": (5, 30, 8, 7, 3, 47),
    # Installation, maintenance and repair: diagnosing faults (analytic) and hands-on repair
    # in varied settings (non-routine manual).
    "49": (8, 15, 20, 7, 2, 48),
    # Production: machine tending and assembly at a set pace (routine manual).
    "51": (10, 60, 7, 4, 2, 17),
    # Plant and system operators: monitoring panels and logs by procedure, rounds and checks.
    "51-8": (35, 30, 15, 5, 0, 15),
    # Transportation and material moving: loading, picking and moving at pace (routine
    # manual) and driving or handling in changing conditions (non-routine manual).
    "53": (8, 45, 3, 6, 0, 38),
    # Air transportation: checklists and procedures, judgement, crew and passengers.
    "53-2": (20, 10, 25, 20, 0, 25),
    # Motor vehicle operators: driving in traffic is non-routine manual; route routine.
    "53-3": (10, 25, 5, 10, 0, 50),
}

# First-line supervisors spend much of the week allocating work, coaching and dealing with
# problems; their template is the mean of their group's and this one.
SUPERVISION = (15, 5, 20, 50, 5, 5)

# Every entry cites the classification it is keyed by, the handbook its task templates follow
# and the projections its outlook follows.
SOURCES_ALL = ("soc-2018", "bls-ooh-2024", "bls-ep-2024")


def die(msg):
    sys.stderr.write("gen_occupations: %s\n" % msg)
    sys.exit(2)


def normalise(title):
    t = title.lower().replace("&", " and ").replace("--", " ").replace("\u2013", " ")
    t = re.sub(r"[^a-z0-9]+", " ", t)
    return " ".join(t.split())


def load_onet(path):
    try:
        fh = open(path, newline="", encoding="utf-8")
    except OSError as e:
        die("cannot read the O*NET work-context file %s: %s (use --onet PATH)" % (path, e))
    index = {}
    with fh:
        for row in csv.DictReader(fh):
            try:
                fig = {
                    "repeat": float(row["importance_of_repeating_same_tasks_context"]),
                    "automation": float(row["degree_of_automation_context"]),
                    "exact": float(row["importance_of_being_exact_or_accurate_context"]),
                    "structured": float(row["structured_versus_unstructured_work_context"]),
                }
            except (KeyError, ValueError) as e:
                die("%s: bad row %r: %s" % (path, row, e))
            index[normalise(row["occupation"])] = fig
    if not index:
        die("%s: no rows" % path)
    return index


def check_template(key, t):
    if len(t) != 6 or sum(t) != 100 or min(t) < 0:
        die("template %s must be six non-negative shares summing to 100: %r" % (key, t))


def template_for(code):
    major = code[:2]
    minor = code[:4]
    if minor in TEMPLATES:
        return TEMPLATES[minor], minor
    base = TEMPLATES[major]
    if code[3] == "1" and int(major) >= 33:
        # first-line supervisors: mean of the group's template and SUPERVISION, rounded
        mixed = [(a + b) / 2.0 for a, b in zip(base, SUPERVISION)]
        return tuple(largest_remainder(mixed)), major + " supervisors"
    return base, major


def largest_remainder(values):
    """Round non-negative values summing to 100 to integers summing to exactly 100."""
    floors = [int(v) for v in values]
    short = 100 - sum(floors)
    order = sorted(range(len(values)), key=lambda i: (-(values[i] - floors[i]), i))
    for i in order[:short]:
        floors[i] += 1
    return floors


def routine_index(fig):
    return (fig["repeat"] + fig["automation"] + (1.0 - fig["structured"])) / 3.0


def shifted(template, r, r_group):
    t = dict(zip(TASKS, (float(x) for x in template)))
    routine = t["routine_cognitive"] + t["routine_manual"]
    other = 100.0 - routine
    delta = max(-MAX_SHIFT, min(MAX_SHIFT, K * 100.0 * (r - r_group)))
    delta = max(-routine, min(other, delta))
    out = {}
    for k in ROUTINE:
        share = t[k] / routine if routine else 0.5
        out[k] = t[k] + delta * share
    for k in NONROUTINE:
        out[k] = t[k] * (other - delta) / other if other else 0.0
    return largest_remainder([max(0.0, out[k]) for k in TASKS]), delta


PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ,.'/()&+-]*$")
PLAIN_FLOW = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .'/()&+-]*$")
RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}


def scalar(s, flow=False):
    """A YAML scalar for s: plain where that is unambiguous, double-quoted otherwise."""
    pat = PLAIN_FLOW if flow else PLAIN
    if (pat.match(s) and s.lower() not in RESERVED and not s.endswith(" ")
            and not re.match(r"^[0-9.+-]+$", s) and ": " not in s and " #" not in s):
        return s
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def fmt2(x):
    return "%.2f" % x


def read_table(path):
    try:
        fh = open(path, newline="", encoding="utf-8")
    except OSError as e:
        die("cannot read %s: %s" % (path, e))
    rows = []
    with fh:
        reader = csv.DictReader(fh)
        need = ["code", "title", "aliases", "sector", "onet_title", "ai_use", "specialization",
                "outlook", "frey_osborne"]
        missing = [c for c in need if c not in (reader.fieldnames or [])]
        if missing:
            die("%s: missing columns %s" % (path, ", ".join(missing)))
        for n, row in enumerate(reader, 2):
            where = "%s:%d" % (os.path.relpath(path, REPO), n)
            code = row["code"].strip()
            if not re.match(r"^\d\d-\d\d\d\d$", code):
                die("%s: code %r is not NN-NNNN" % (where, code))
            if code[:2] not in GROUPS:
                die("%s: %s is not in a non-military SOC major group" % (where, code))
            if row["sector"] not in SECTORS:
                die("%s: unknown sector %r" % (where, row["sector"]))
            if row["outlook"] not in OUTLOOKS:
                die("%s: outlook must be one of %s" % (where, ", ".join(OUTLOOKS)))
            for k in ("ai_use", "specialization"):
                if not row[k].isdigit() or int(row[k]) > 100:
                    die("%s: %s must be an integer 0-100" % (where, k))
            aliases = [a.strip() for a in row["aliases"].split(";") if a.strip()]
            if not 2 <= len(aliases) <= 5:
                die("%s: give 2 to 5 aliases, not %d" % (where, len(aliases)))
            fo = row["frey_osborne"].strip()
            if fo:
                try:
                    if not 0.0 <= float(fo) <= 1.0:
                        raise ValueError
                except ValueError:
                    die("%s: frey_osborne must be a probability 0-1" % where)
            rows.append({
                "where": where, "code": code, "title": row["title"].strip(),
                "aliases": aliases, "sector": row["sector"],
                "onet_titles": [t.strip() for t in row["onet_title"].split(";") if t.strip()],
                "ai_use": int(row["ai_use"]), "specialization": int(row["specialization"]),
                "outlook": row["outlook"], "frey_osborne": fo,
            })
    seen = {}
    for r in rows:
        if r["code"] in seen:
            die("%s: duplicate code %s (also %s)" % (r["where"], r["code"], seen[r["code"]]))
        seen[r["code"]] = r["where"]
    return rows


def match_onet(rows, onet):
    """Attach O*NET figures (averaged over the named titles) to each row that matches."""
    for r in rows:
        names = r["onet_titles"] or [r["title"]]
        figs = []
        for name in names:
            fig = onet.get(normalise(name))
            if fig is None and r["onet_titles"]:
                die("%s: onet_title %r is not in the O*NET file" % (r["where"], name))
            if fig is not None:
                figs.append(fig)
        if figs:
            r["onet"] = {k: sum(f[k] for f in figs) / len(figs) for k in figs[0]}
            r["onet_n"] = len(figs)
        else:
            r["onet"] = None


def build(rows):
    for key, t in TEMPLATES.items():
        check_template(key, t)
    check_template("supervision", SUPERVISION)
    for r in rows:
        r["template"], r["template_key"] = template_for(r["code"])
    means = {}
    for g in GROUPS:
        rs = [routine_index(r["onet"]) for r in rows if r["code"][:2] == g and r["onet"]]
        means[g] = sum(rs) / len(rs) if rs else None
    for r in rows:
        key = r["template_key"]
        r["peers"] = "supervisors" if key.endswith(" supervisors") else key
    for key in set(r["peers"] for r in rows):
        rs = [routine_index(r["onet"]) for r in rows if r["peers"] == key and r["onet"]]
        if len(rs) >= MIN_PEERS:
            means[key] = sum(rs) / len(rs)
    for r in rows:
        template, key = r["template"], r["template_key"]
        if r["onet"]:
            ri = routine_index(r["onet"])
            r["reference"] = means.get(r["peers"], means[r["code"][:2]])
            r["tasks"], r["delta"] = shifted(template, ri, r["reference"])
            r["routine_index"] = ri
        else:
            r["tasks"], r["delta"] = list(template), 0.0
        assert sum(r["tasks"]) == 100 and min(r["tasks"]) >= 0, r["code"]
    return means


# OEWS aggregates Microsoft scores in place of detailed SOC 2018 codes that have no broad
# code of their own in its file (see the docstring): aggregate -> the codes it stands for.
MS_AGGREGATES = {
    "51-2028": ("51-2022", "51-2023"),
    "53-1047": ("53-1042", "53-1043"),
}


def read_csv_rows(path, need):
    try:
        fh = open(path, newline="", encoding="utf-8")
    except OSError as e:
        die("cannot read %s: %s (use --task-exposure / --applicability)" % (path, e))
    with fh:
        reader = csv.DictReader(fh)
        missing = [c for c in need if c not in (reader.fieldnames or [])]
        if missing:
            die("%s: missing columns %s" % (path, ", ".join(missing)))
        return list(reader)


def load_published(rows, task_dir, appl_dir):
    """Attach r["published"]: [(index, value, source, note)] from Eloundou and Microsoft."""
    path = os.path.join(task_dir, "occ_level.csv")
    by_soc = {}
    for row in read_csv_rows(path, ["O*NET-SOC Code", "dv_rating_beta", "human_rating_beta"]):
        code = row["O*NET-SOC Code"].strip()
        if not re.match(r"^\d\d-\d\d\d\d\.\d\d$", code):
            die("%s: O*NET-SOC code %r is not NN-NNNN.NN" % (path, code))
        try:
            fig = (float(row["dv_rating_beta"]), float(row["human_rating_beta"]))
        except ValueError:
            die("%s: %s: beta is not a number" % (path, code))
        by_soc.setdefault(code[:7], {})[code[8:]] = fig
    path = os.path.join(appl_dir, "soc_ai_applicability_scores.csv")
    appl = {}
    for row in read_csv_rows(path, ["SOC Code", "title", "ai_applicability_score"]):
        try:
            appl[row["SOC Code"].strip()] = (float(row["ai_applicability_score"]), row["title"].strip())
        except ValueError:
            die("%s: %s: score is not a number" % (path, row["SOC Code"]))
    stand_in = {c: agg for agg, codes in MS_AGGREGATES.items() for c in codes}
    for r in rows:
        pub = []
        specs = by_soc.get(r["code"])
        if specs:
            if "00" in specs:
                gpt, human = specs["00"]
                note = None
            else:
                gpt = sum(f[0] for f in specs.values()) / len(specs)
                human = sum(f[1] for f in specs.values()) / len(specs)
                note = "Eloundou betas: no %s.00, mean of its %d O*NET specialties .%s" % (
                    r["code"], len(specs), ", .".join(sorted(specs)))
            pub.append(("eloundou-gpt4-beta", gpt, "eloundou-2024", note))
            pub.append(("eloundou-human-beta", human, "eloundou-2024", note))
        code = r["code"]
        via = None
        if code not in appl:
            for cand in (code[:6] + "0", stand_in.get(code)):
                if cand and cand in appl:
                    via = cand
                    break
        if code in appl or via:
            value, title = appl[via or code]
            note = "Microsoft scores it as %s %s" % (via, title) if via else None
            pub.append(("microsoft-applicability", value, "microsoft-applicability-2025", note))
        r["published"] = pub


def published_lines(r):
    """The YAML lines of r's `exposure:` list: Frey & Osborne, then load_published's."""
    out = []
    said = None
    if r["frey_osborne"]:
        out.append("      - {index: frey-osborne, value: %s, source: frey-osborne-2013}"
                   % r["frey_osborne"])
    for index, value, source, note in r.get("published", []):
        if note and note != said:  # the two Eloundou betas share one note
            out.append("      # %s" % note)
        said = note
        out.append("      - {index: %s, value: %.3f, source: %s}" % (index, value, source))
    return (["    exposure:"] + out) if out else []


def published_sources(r):
    """Source ids the published estimates add to the entry's sources, in a fixed order."""
    ids = ["frey-osborne-2013"] if r["frey_osborne"] else []
    for src in ("eloundou-2024", "microsoft-applicability-2025"):
        if any(p[2] == src for p in r.get("published", [])):
            ids.append(src)
    return ids


def render_group(g, rows, mean):
    slug, title = GROUPS[g]
    out = [
        "# SOC 2018 major group %s: %s" % (g, title),
        "#",
        "# GENERATED FILE: do not edit by hand. Written by knowledge/src/gen_occupations.py from",
        "# knowledge/src/occupations.csv (the curated table) and the O*NET work-context figures in",
        "# ../shared/data/onet-work-context/occupations_onet_work_contexts.csv.",
        "# To change an entry, edit knowledge/src/occupations.csv (or the task templates in the script)",
        "# and regenerate from the repository root with:",
        "#     python3 knowledge/src/gen_occupations.py",
        "#",
        "# tasks: the group's task template, with the routine share moved by the occupation's",
        "# O*NET routine index R = (repeat + automation + (1 - structured)) / 3 against the",
        "# mean R of the occupations sharing that template (major group mean%s), one point" % (
            " %.2f" % mean if mean is not None else ""),
        "# per 0.01 and at most 20; see the script for the formula.",
        "# Entries without an `onet:` key had no O*NET match and keep the template unchanged.",
        "",
        "occupations:",
    ]
    for r in rows:
        if r["onet"]:
            note = "O*NET routine index %.2f" % r["routine_index"]
            if r.get("onet_n", 1) > 1:
                note += " (mean of %d O*NET titles)" % r["onet_n"]
            note += " vs %.2f: routine share %+d points from the %s template" % (
                r["reference"], round(r["delta"]), r["template_key"])
        else:
            note = "no O*NET work-context match: tasks are the %s template" % r["template_key"]
        tasks = ", ".join("%s: %d" % (k, v) for k, v in zip(TASKS, r["tasks"]))
        sources = list(SOURCES_ALL)
        out.append("  # %s" % note)
        out.append('  - code: "%s"' % r["code"])
        out.append("    title: %s" % scalar(r["title"]))
        out.append("    aliases: [%s]" % ", ".join(scalar(a, flow=True) for a in r["aliases"]))
        out.append("    sector: %s" % r["sector"])
        out.append("    tasks: {%s}" % tasks)
        out.append("    ai_use: %d" % r["ai_use"])
        out.append("    specialization: %d" % r["specialization"])
        out.append("    outlook: %s" % r["outlook"])
        if r["onet"]:
            o = r["onet"]
            out.append("    onet: {repeat: %s, automation: %s, exact: %s, structured: %s}" % (
                fmt2(o["repeat"]), fmt2(o["automation"]), fmt2(o["exact"]),
                fmt2(o["structured"])))
            sources.append("onet-work-context")
        out.extend(published_lines(r))
        sources.extend(published_sources(r))
        out.append("    sources: [%s]" % ", ".join(sources))
    return "\n".join(out) + "\n"


def write_files(files, out, check):
    """Writes each {name: text} of files into folder out, leaving files already the same untouched
    (so their times do not change); with check, writes nothing. Returns the names that differed.
    Both generators (this one and gen_tasks.py) write their output this way."""
    stale = []
    if not check:
        os.makedirs(out, exist_ok=True)
    for name, text in sorted(files.items()):
        path = os.path.join(out, name)
        try:
            with open(path, encoding="utf-8") as fh:
                same = fh.read() == text
        except OSError:
            same = False
        if same:
            continue
        stale.append(name)
        if not check:
            with open(path, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(text)
    return stale


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--csv", default=DEFAULT_CSV, help="curated table (knowledge/src/occupations.csv)")
    ap.add_argument("--onet", default=DEFAULT_ONET, help="O*NET work-context CSV")
    ap.add_argument("--out", default=DEFAULT_OUT, help="output folder")
    ap.add_argument("--task-exposure", default=DEFAULT_TASK_EXPOSURE,
                    help="folder of Eloundou et al.'s occ_level.csv")
    ap.add_argument("--applicability", default=DEFAULT_APPLICABILITY,
                    help="folder of Microsoft's soc_ai_applicability_scores.csv")
    ap.add_argument("--check", action="store_true",
                    help="write nothing; exit 1 if any output file differs")
    ap.add_argument("--quiet", action="store_true", help="no summary on stderr")
    args = ap.parse_args()

    rows = read_table(args.csv)
    match_onet(rows, load_onet(args.onet))
    means = build(rows)
    load_published(rows, args.task_exposure, args.applicability)

    files = {}
    for g, (slug, _) in GROUPS.items():
        grp = sorted((r for r in rows if r["code"][:2] == g), key=lambda r: r["code"])
        if not grp:
            die("no occupations in SOC major group %s" % g)
        files["%s-%s.yaml" % (g, slug)] = render_group(g, grp, means[g])

    stale = write_files(files, args.out, args.check)
    extra = sorted(f for f in (os.listdir(args.out) if os.path.isdir(args.out) else [])
                   if f.endswith(".yaml") and f not in files)

    if not args.quiet:
        matched = sum(1 for r in rows if r["onet"])
        sys.stderr.write("%d occupations in %d files; %d matched an O*NET title, %d did not; "
                         "%d with a Frey-Osborne value\n" % (
                             len(rows), len(files), matched, len(rows) - matched,
                             sum(1 for r in rows if r["frey_osborne"])))
        for index in ("eloundou-gpt4-beta", "eloundou-human-beta", "microsoft-applicability"):
            have = [p for r in rows for p in r["published"] if p[0] == index]
            sys.stderr.write("%s: %d occupations (%d rolled up or mapped)\n" % (
                index, len(have), sum(1 for p in have if p[3])))
        sys.stderr.write("per group: %s\n" % " ".join(
            "%s:%d" % (g, sum(1 for r in rows if r["code"][:2] == g)) for g in GROUPS))
        if extra:
            sys.stderr.write("note: %s in %s not written by this script\n" % (
                ", ".join(extra), args.out))
    if args.check:
        if stale:
            sys.stderr.write("stale: %s (run python3 knowledge/src/gen_occupations.py)\n"
                             % ", ".join(stale))
            return 1
        return 0
    if not args.quiet:
        sys.stderr.write("wrote %d file(s), %d unchanged\n" % (
            len(stale), len(files) - len(stale)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
