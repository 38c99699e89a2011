-- career-risk profile database: HR intake cohorts (`career-risk batch --store`).
-- Applied by app/store/store.c inside one BEGIN IMMEDIATE transaction.
-- A cohort keeps results only, never answers: the survey export stays with the HR team.

-- One run of `career-risk batch --store` over a survey export.
CREATE TABLE intake_cohort (
    id             INTEGER PRIMARY KEY,
    name           TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    source         TEXT,                     -- the input file's name, without its folder
    questionnaire  TEXT NOT NULL,
    kb_version     TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done')),
    started_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    finished_at    TEXT,
    rows_read      INTEGER,                  -- data rows in the file
    rows_scored    INTEGER,
    rows_bad       INTEGER                   -- listed in the errors file, not stored
);

-- One scored employee of a cohort, by the CSV record they came from.
CREATE TABLE intake_result (
    cohort_id        INTEGER NOT NULL REFERENCES intake_cohort(id) ON DELETE CASCADE,
    record           INTEGER NOT NULL,       -- CSV record number (the header is record 1)
    employee_id      TEXT,                   -- pseudonymous id as given
    groups_json      TEXT NOT NULL,          -- {"grouping column": "value", ...}
    occupation       TEXT,                   -- SOC code
    score            INTEGER NOT NULL CHECK (score BETWEEN 0 AND 100),
    band             TEXT NOT NULL,
    range_low        INTEGER NOT NULL,
    range_high       INTEGER NOT NULL,
    routineness      INTEGER NOT NULL,
    ai_usage         INTEGER NOT NULL,
    specialization   INTEGER NOT NULL,
    recommendations  TEXT NOT NULL,          -- first recommendation ids, space-separated, first first
    roles            TEXT NOT NULL,          -- growing roles within reach, space-separated, best first
    PRIMARY KEY (cohort_id, record)
) WITHOUT ROWID;
CREATE INDEX intake_result_by_employee ON intake_result(cohort_id, employee_id);
