-- career-risk profile database, schema version 2: the action plan, counsellor
-- notes, and what each re-assessment credited. Applied after 0001 in the same
-- BEGIN IMMEDIATE transaction; nothing in version 1 is changed or dropped.

-- One item per recommendation a profile has been given. `num` is the item's
-- number within its profile (`career-risk plan done 3`); `last_session` is the
-- newest session that recommended it, so an item the answers no longer call
-- for can be told apart from one still open.
CREATE TABLE plan_item (
    id             INTEGER PRIMARY KEY,
    profile_id     INTEGER NOT NULL REFERENCES profile(id) ON DELETE CASCADE,
    num            INTEGER NOT NULL CHECK (num > 0),
    rec_id         TEXT NOT NULL,
    title          TEXT NOT NULL,
    horizon        TEXT NOT NULL DEFAULT 'quarter',
    priority       INTEGER NOT NULL DEFAULT 0,
    status         TEXT NOT NULL DEFAULT 'todo' CHECK (status IN ('todo', 'doing', 'done', 'dropped')),
    first_session  INTEGER REFERENCES session(id) ON DELETE SET NULL,
    last_session   INTEGER REFERENCES session(id) ON DELETE SET NULL,
    created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
    started_at     TEXT,
    done_at        TEXT,
    dropped_at     TEXT,
    UNIQUE (profile_id, num),
    UNIQUE (profile_id, rec_id)
);

-- A counsellor's notes, each on one session; shown in reports.
CREATE TABLE note (
    id          INTEGER PRIMARY KEY,
    session_id  INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    body        TEXT NOT NULL CHECK (length(body) BETWEEN 1 AND 4000),
    created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
);
CREATE INDEX note_by_session ON note(session_id);

-- What a re-assessment credited: each item marked done since the last
-- assessment, and whether the new answers still call for it.
CREATE TABLE credit (
    session_id         INTEGER NOT NULL REFERENCES session(id) ON DELETE CASCADE,
    item_id            INTEGER NOT NULL REFERENCES plan_item(id) ON DELETE CASCADE,
    still_recommended  INTEGER NOT NULL CHECK (still_recommended IN (0, 1)),
    PRIMARY KEY (session_id, item_id)
) WITHOUT ROWID;

-- Profiles assessed under version 1 start with the plan of their newest
-- scored session: its eight most important recommendations (as many as a new
-- assessment adds), numbered in priority order.
INSERT OR IGNORE INTO plan_item(profile_id, num, rec_id, title, horizon, priority, first_session, last_session, created_at)
SELECT profile_id, num, rec_id, title, horizon, priority, session_id, session_id, created_at
FROM (
    SELECT s.profile_id AS profile_id, s.id AS session_id,
           row_number() OVER (PARTITION BY s.profile_id
                              ORDER BY coalesce(json_extract(r.value, '$.priority'), 999), r.key) AS num,
           json_extract(r.value, '$.id') AS rec_id,
           coalesce(json_extract(r.value, '$.title'), json_extract(r.value, '$.id')) AS title,
           coalesce(json_extract(r.value, '$.horizon'), 'quarter') AS horizon,
           coalesce(json_extract(r.value, '$.priority'), 0) AS priority,
           coalesce(s.finished_at, s.started_at) AS created_at
    FROM session s,
         json_each(CASE WHEN json_valid(s.result_json) THEN s.result_json ELSE '{}' END, '$.recommendations') r
    WHERE s.status = 'done'
      AND json_extract(r.value, '$.id') IS NOT NULL
      AND s.id = (SELECT max(id) FROM session
                  WHERE profile_id = s.profile_id AND status = 'done' AND result_json IS NOT NULL)
)
WHERE num <= 8;
