-- career-risk profile database: the counsellor's own plan items, stable note numbers and
-- profile tags (issue 17). Applied by app/store/store.c inside one BEGIN IMMEDIATE transaction;
-- nothing before it is changed or dropped.

-- Where a plan item comes from: 'answers' (a recommendation the answers call for; a new
-- assessment says whether they still do), 'always' (a recommendation every assessment gives
-- whatever the answers, so no answer can show it done: it is never credited), or 'custom'
-- (typed by the counsellor with `plan add`; its rec_id is 'custom:' and its number, which no
-- knowledge-base id can be). Items made before this version are 'answers' until the next
-- assessment, which knows the knowledge base, says otherwise.
ALTER TABLE plan_item ADD COLUMN kind TEXT NOT NULL DEFAULT 'answers' CHECK (kind IN ('answers', 'always', 'custom'));

-- A note's number within its profile (`career-risk note edit 3`), kept when others are
-- deleted, so the numbers a counsellor has written down stay right. Existing notes are numbered in the
-- order they were written.
ALTER TABLE note ADD COLUMN num INTEGER CHECK (num > 0);
UPDATE note SET num = (SELECT count(*) FROM note n2 JOIN session s2 ON s2.id = n2.session_id
                       WHERE s2.profile_id = (SELECT profile_id FROM session WHERE id = note.session_id)
                         AND n2.id <= note.id);

-- A counsellor's labels for clients (`profile tag NAME TAG`, `profile list --tag TAG`).
CREATE TABLE profile_tag (
    profile_id  INTEGER NOT NULL REFERENCES profile(id) ON DELETE CASCADE,
    tag         TEXT NOT NULL CHECK (length(tag) BETWEEN 1 AND 40),
    PRIMARY KEY (profile_id, tag)
) WITHOUT ROWID;
CREATE INDEX profile_tag_by_tag ON profile_tag(tag, profile_id);
