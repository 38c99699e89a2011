#!/usr/bin/env python3
"""gen_exports.py - the same synthetic respondents as each survey tool exports them.

Writes, beside this file, one export per tool in the shape the tool really
writes (header rows, metadata columns, how a multiple choice and the week
split come out, encoding, separator), plus `canonical.csv`: the same answers
with question-id headers and choice ids, which career-risk reads without a
map. tests/e2e/test_exports.sh scores each export and checks every
respondent gets exactly the canonical file's result.

  python3 tests/data/exports/gen_exports.py     # rewrites the fixtures
  python3 tests/data/exports/gen_exports.py DIR # writes them into DIR instead (to compare)

Deterministic (fixed seed); standard library and PyYAML (for the
questionnaire's own question texts and labels) only.
"""
import csv
import io
import json
import os
import random
import sys
import zipfile

import yaml

SRC = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
HERE = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
N = 24

with open(os.path.join(SRC, "questionnaires", "intake.yaml"), encoding="utf-8") as f:
    Q = {q["id"]: q for q in yaml.safe_load(f)["questions"]}

# The skills the synthetic survey offers (the intake's choices come from the knowledge base).
SKILLS = [("data-literacy", "Data literacy"), ("writing", "Writing"), ("ai-prompting", "Prompting AI tools"),
          ("coding", "Coding"), ("statistics", "Statistics"), ("domain-expertise", "Domain expertise"),
          ("customer-care", "Customer care"), ("project-management", "Project management"),
          ("financial-analysis", "Financial analysis"), ("people-management", "People management")]
DEPTS = [("Finance", ["chartered accountant", "accounts clerk"]), ("Customer Service", ["call centre agent"]),
         ("IT", ["software engineer", "data scientist"]), ("Operations", ["data entry clerk", "inventory clerk"]),
         ("Geschäftsführung", ["finance manager"])]


def choices(qid):
    return [(c["id"], c["label"]) for c in Q[qid].get("choices") or Q[qid]["parts"]]


def label(qid, cid):
    return dict(choices(qid))[cid]


def respondents():
    rnd = random.Random(14)
    out = []
    for i in range(N):
        dept, jobs = DEPTS[i % len(DEPTS)]
        cuts = sorted(rnd.sample(range(1, 20), 5))
        parts = [b - a for a, b in zip([0] + cuts, cuts + [20])]
        parts = [p * 5 for p in parts]  # six parts, multiples of 5, adding up to 100
        freq = ["never", "tried", "monthly", "weekly", "daily"][rnd.randrange(5)] if i else "daily"
        r = {
            "employee_id": "E%04d" % (1001 + i),
            "department": dept,
            "occupation": jobs[i % len(jobs)],
            "tasks": parts,
            "data_entry": rnd.choice([0, 5, 10, 25, 40]),
            "ai_frequency": freq,
            "ai_uses": [] if freq == "never" else sorted(rnd.sample([c for c, _ in choices("ai_uses")], rnd.randrange(0, 4)),
                                                         key=[c for c, _ in choices("ai_uses")].index),
            "ai_depth": None if freq == "never" else rnd.choice([c for c, _ in choices("ai_depth")]),
            "years_niche": rnd.randrange(0, 25),
            "rarity": rnd.choice([c for c, _ in choices("rarity")]),
            "ai_domain": rnd.choice([c for c, _ in choices("ai_domain")]),
            "judgment": rnd.randrange(1, 6),
            "regulated": rnd.choice([c for c, _ in choices("regulated")]),
            "seniority": rnd.choice([c for c, _ in choices("seniority")]),
            "learning_hours": rnd.choice([0, 2, 4, 2.5, 10]),
            "skills": sorted(rnd.sample([s for s, _ in SKILLS], rnd.randrange(1, 4)), key=[s for s, _ in SKILLS].index),
        }
        if i == 0:
            r["ai_uses"] = ["writing", "review"]  # labels with a comma and an apostrophe
        if i == 3:
            r["data_entry"] = 25  # written "20-30%" in one export
        out.append(r)
    return out


ORDER = ["employee_id", "department", "occupation", "tasks", "data_entry", "ai_frequency", "ai_uses", "ai_depth",
         "years_niche", "rarity", "ai_domain", "judgment", "regulated", "seniority", "learning_hours", "skills"]
PARTS = [c for c, _ in choices("tasks")]
SKILL_LABEL = dict(SKILLS)


def num(v, comma=False):
    s = ("%g" % v)
    return s.replace(".", ",") if comma else s


def write(name, rows, sep=",", encoding="utf-8", bom=False, crlf=False):
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\r\n" if crlf else "\n", quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        w.writerow(row)
    data = buf.getvalue().encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def canonical(rs):
    head = [q if q != "tasks" else None for q in ORDER]
    cols = []
    for q in ORDER:
        cols += ["tasks." + p for p in PARTS] if q == "tasks" else [q]
    rows = [cols]
    for r in rs:
        row = []
        for q in ORDER:
            v = r[q]
            if q == "tasks":
                row += [num(x) for x in v]
            elif isinstance(v, list):
                row.append(", ".join(v) if v or r["ai_frequency"] != "never" or q == "skills" else "")
            elif v is None:
                row.append("")
            else:
                row.append(num(v) if isinstance(v, (int, float)) else v)
        rows.append(row)
    del head
    write("canonical.csv", rows)


def text_answer(r, q):
    """A cell as a tool exporting choice texts writes it."""
    v = r[q]
    t = Q[q]["type"]
    if v is None:
        return ""
    if t == "choice":
        return label(q, v)
    if t == "multi":
        return None  # each tool joins these its own way
    if isinstance(v, (int, float)):
        return num(v)
    return v


def google(rs):
    """Google Forms (Responses > Download .csv): Timestamp, question texts, the split as a grid, choices joined by ", "."""
    head = ["Timestamp"]
    for q in ORDER:
        if q == "tasks":
            head += ["%s [%s]" % (Q[q]["text"], lbl) for _, lbl in choices("tasks")]
        else:
            head.append(Q[q]["text"])
    rows = [head]
    for i, r in enumerate(rs):
        row = ["2026/11/%02d 9:%02d:00 AM GMT" % (1 + i % 28, i)]
        for q in ORDER:
            if q == "tasks":
                row += [num(x) for x in r[q]]
            elif q == "ai_uses":
                row.append(", ".join(label(q, c) for c in r[q]))
            elif q == "skills":
                row.append(", ".join(SKILL_LABEL[s] for s in r[q]))
            else:
                row.append(text_answer(r, q))
        rows.append(row)
    write("google-forms.csv", rows)


def msforms(rs):
    """Microsoft Forms: .xlsx only; opened in Excel and saved as "CSV UTF-8": BOM, CRLF, choices joined by ";" with one after the last."""
    head = ["ID", "Start time", "Completion time", "Email", "Name"]
    for q in ORDER:
        if q == "tasks":
            head += ["Share of your week: %s (%%)" % lbl.split(":")[0] for _, lbl in choices("tasks")]
        else:
            head.append(Q[q]["text"])
    rows = [head]
    for i, r in enumerate(rs):
        row = [str(i + 1), "11/3/26 9:%02d:00" % i, "11/3/26 9:%02d:40" % i, "anonymous", ""]
        for q in ORDER:
            if q == "tasks":
                parts = list(r[q])
                if i == 5:  # typed by hand, two points short of 100: the map's split_tolerance rescales it
                    parts[0] -= 2
                row += [num(x) for x in parts]
            elif q == "ai_uses":
                row.append("".join(label(q, c) + ";" for c in r[q]))
            elif q == "skills":
                row.append("".join(SKILL_LABEL[s] + ";" for s in r[q]))
            elif q == "data_entry" and i == 3:
                row.append("%d-%d%%" % (r[q] - 5, r[q] + 5) if r[q] >= 5 else "0")  # a range: its midpoint, flagged
            elif q == "years_niche":
                row.append("%d years" % r[q])
            else:
                row.append(text_answer(r, q))
        rows.append(row)
    write("microsoft-forms.csv", rows, bom=True, crlf=True)
    # what Microsoft Forms downloads: a workbook, refused with the steps to save it as CSV
    with zipfile.ZipFile(os.path.join(HERE, "microsoft-forms.xlsx"), "w") as z:
        stamp = (2026, 11, 3, 9, 0, 0)  # fixed, so the file is the same on every run
        z.writestr(zipfile.ZipInfo("[Content_Types].xml", stamp), '<?xml version="1.0" encoding="UTF-8"?><Types '
                   'xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        z.writestr(zipfile.ZipInfo("xl/workbook.xml", stamp), "<workbook/>")
    with open(os.path.join(HERE, "microsoft-forms.map.yaml"), "w", encoding="utf-8") as f:
        f.write("# Microsoft Forms has no grid that adds up to 100: the week split is six number questions.\n"
                "split_tolerance: 3     # a split 3 points or less off 100 is scaled to 100 (flagged)\n"
                "columns:\n")
        for (pid, lbl) in choices("tasks"):
            f.write('  "Share of your week: %s (%%)": tasks.%s\n' % (lbl.split(":")[0], pid))


# Qualtrics numbers choices in the order the survey shows them: here most frequent first, unlike the intake.
QX_FREQ = ["daily", "weekly", "monthly", "tried", "never"]


def qualtrics(rs, numeric):
    """Qualtrics (Data & Analysis > Export > CSV): three header rows; "Use numeric values" writes choice codes."""
    meta = [("StartDate", "Start Date", '{"ImportId":"startDate","timeZone":"Europe/London"}'),
            ("EndDate", "End Date", '{"ImportId":"endDate","timeZone":"Europe/London"}'),
            ("Status", "Response Type", '{"ImportId":"status"}'),
            ("IPAddress", "IP Address", '{"ImportId":"ipAddress"}'),
            ("Progress", "Progress", '{"ImportId":"progress"}'),
            ("Duration (in seconds)", "Duration (in seconds)", '{"ImportId":"duration"}'),
            ("Finished", "Finished", '{"ImportId":"finished"}'),
            ("RecordedDate", "Recorded Date", '{"ImportId":"recordedDate","timeZone":"Europe/London"}'),
            ("ResponseId", "Response ID", '{"ImportId":"_recordId"}'),
            ("DistributionChannel", "Distribution Channel", '{"ImportId":"distributionChannel"}'),
            ("UserLanguage", "User Language", '{"ImportId":"userLanguage"}')]
    h1, h2, h3 = [m[0] for m in meta], [m[1] for m in meta], [m[2] for m in meta]
    for n, q in enumerate(ORDER, 1):
        if q == "tasks":
            for k, (_, lbl) in enumerate(choices("tasks"), 1):
                h1.append("Q%d_%d" % (n, k))
                h2.append("%s - %s" % (Q[q]["text"], lbl))
                h3.append('{"ImportId":"QID%d_%d"}' % (n, k))
        else:
            h1.append("Q%d" % n)
            h2.append(Q[q]["text"] + (" - Selected Choice" if Q[q]["type"] in ("multi", "choice") else ""))
            h3.append('{"ImportId":"QID%d"}' % n)
    rows = [h1, h2, h3]

    def code(q, cid):
        if q == "ai_frequency":
            return str(QX_FREQ.index(cid) + 1)
        if q == "skills":
            return str([s for s, _ in SKILLS].index(cid) + 1)
        return str([c for c, _ in choices(q)].index(cid) + 1)

    def answers(r):
        row = []
        for q in ORDER:
            t = Q[q]["type"]
            v = r[q]
            if q == "tasks":
                row += [num(x) for x in v]
            elif t == "multi":
                if numeric:
                    row.append(",".join(code(q, c) for c in v))
                else:
                    row.append(",".join(label(q, c) if q != "skills" else SKILL_LABEL[c] for c in v))
            elif t == "choice" and v is not None:
                row.append(code(q, v) if numeric else label(q, v))
            else:
                row.append(text_answer(r, q))
        return row

    for i, r in enumerate(rs):
        status = ("0" if numeric else "IP Address")
        rows.append(["2026-11-04 10:%02d:00" % i, "2026-11-04 10:%02d:50" % i, status, "", "100", "50",
                     "1" if numeric else "True", "2026-11-04 10:%02d:51" % i, "R_%016d" % i, "anonymous", "EN"] + answers(r))
        if i in (2, 9):  # the survey's authors trying it out: a preview, answered in full, never a respondent
            p = dict(r, employee_id="PREVIEW%d" % i)
            rows.append(["2026-11-03 16:%02d:00" % i, "2026-11-03 16:%02d:30" % i, "1" if numeric else "Survey Preview",
                         "", "100", "30", "1" if numeric else "True", "2026-11-03 16:%02d:31" % i, "R_P%015d" % i,
                         "preview", "EN"] + answers(p))
    write("qualtrics-numeric.csv" if numeric else "qualtrics.csv", rows, bom=True, crlf=True)
    if numeric:
        with open(os.path.join(HERE, "qualtrics-numeric.map.yaml"), "w", encoding="utf-8") as f:
            f.write("# Qualtrics' \"numeric values\" export: each choice is the survey's own code.\nvalues:\n")
            for q in ORDER:
                if Q[q]["type"] not in ("choice", "multi"):
                    continue
                ids = QX_FREQ if q == "ai_frequency" else [s for s, _ in SKILLS] if q == "skills" else [c for c, _ in choices(q)]
                f.write("  %s: {%s}\n" % (q, ", ".join('"%d": %s' % (k, json.dumps(c)) for k, c in enumerate(ids, 1))))


def surveymonkey(rs):
    """SurveyMonkey (Export > All responses data > CSV, Actual answer text): two header rows, a column per option."""
    reworded = {"employee_id": "Your employee reference", "department": "Your team", "occupation": "Your job title"}
    h1 = ["Respondent ID", "Collector ID", "Start Date", "End Date", "IP Address", "Email Address", "First Name",
          "Last Name", "Custom Data 1"]
    h2 = [""] * len(h1)
    layout = []
    for q in ORDER:
        text = reworded.get(q, Q[q]["text"])
        t = Q[q]["type"]
        if t == "multi":
            opts = [c for c, _ in choices(q)] if q != "skills" else [s for s, _ in SKILLS]
            for k, c in enumerate(opts):
                h1.append(text if k == 0 else "")
                h2.append(label(q, c) if q != "skills" else SKILL_LABEL[c])
                layout.append((q, c))
            if q == "ai_uses":  # "Other (please specify)", a text box the map tells to ignore
                h1.append("")
                h2.append("Other (please specify)")
                layout.append((q, "other"))
        elif t == "split":
            for k, (pid, lbl) in enumerate(choices(q)):
                h1.append(text if k == 0 else "")
                h2.append(lbl)
                layout.append((q, pid))
        else:
            h1.append(text)
            h2.append("Open-Ended Response" if t in ("text", "occupation", "number") else "Response")
            layout.append((q, None))
    rows = [h1, h2]
    for i, r in enumerate(rs):
        row = ["1146%06d" % i, "4054321", "11/05/2026 09:%02d:00 AM" % i, "11/05/2026 09:%02d:45 AM" % i, "", "", "",
               "", ""]
        for q, c in layout:
            if Q[q]["type"] == "multi":
                if c == "other":
                    row.append("")
                else:
                    ticked = c in r[q]
                    row.append((label(q, c) if q != "skills" else SKILL_LABEL[c]) if ticked else "")
            elif Q[q]["type"] == "split":
                row.append(num(r[q][PARTS.index(c)]))
            else:
                v = text_answer(r, q)
                if q == "ai_depth" and i == 4 and v:
                    v = v.replace("'", "\u2019")
                row.append(v)
        rows.append(row)
    write("surveymonkey.csv", rows, crlf=True)
    with open(os.path.join(HERE, "surveymonkey.map.yaml"), "w", encoding="utf-8") as f:
        f.write("# Three questions were reworded in SurveyMonkey; the rest keep the intake's wording.\n"
                "columns:\n"
                '  "Your employee reference": employee_id\n'
                '  "Your team": department\n'
                '  "Your job title": occupation\n'
                "values:\n"
                '  ai_uses: {"Other (please specify)": ignore}\n')


def hris_de(rs):
    """An HRIS extract opened and saved by Excel in a German locale: ';', decimal commas, Windows-1252, CRLF."""
    cols = []
    for q in ORDER:
        cols += ["tasks." + p for p in PARTS] if q == "tasks" else [q]
    rows = [cols]
    for r in rs:
        row = []
        for q in ORDER:
            v = r[q]
            if q == "tasks":
                row += [num(x, True) for x in v]
            elif isinstance(v, list):
                row.append("; ".join(v))
            elif v is None:
                row.append("")
            else:
                row.append(num(v, True) if isinstance(v, (int, float)) else v)
        rows.append(row)
    write("hris-excel-de.csv", rows, sep=";", encoding="cp1252", crlf=True)


if __name__ == "__main__":
    os.makedirs(HERE, exist_ok=True)
    rs = respondents()
    canonical(rs)
    google(rs)
    msforms(rs)
    qualtrics(rs, False)
    qualtrics(rs, True)
    surveymonkey(rs)
    hris_de(rs)
