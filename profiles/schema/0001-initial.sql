-- career-risk profile database, schema version 1.
-- Applied by app/store/store.c inside one BEGIN IMMEDIATE transaction;
-- PRAGMA user_version records how many migrations have run.

-- A person whose assessments are kept: the user themself, or a counsellor's client.
CREATE TABLE profile (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);

-- One assessment: open while questions are being answered, done once scored.
CREATE TABLE session (
    id              INTEGER PRIMARY KEY,
    profile_id      INTEGER NOT NULL REFERENCES profile(id) ON DELETE CASCADE,
    questionnaire   TEXT NOT NULL,
    kb_version      TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'cancelled')),
    started_at      TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    finished_at     TEXT,
    score           INTEGER CHECK (score BETWEEN 0 AND 100),
    band            TEXT,
    range_low       INTEGER,
    range_high      INTEGER,
    routineness     INTEGER,
    ai_usage        INTEGER,
    specialization  INTEGER,
    result_json     TEXT
);
CREATE INDEX session_by_profile ON session(profile_id, started_at);

-- Each answer as it is given, so a killed session loses nothing already answered.
CREATE TABLE answer (
    session_id   INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    question     TEXT NOT NULL,
    value_json   TEXT NOT NULL,
    answered_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    PRIMARY KEY (session_id, question)
) WITHOUT ROWID;
