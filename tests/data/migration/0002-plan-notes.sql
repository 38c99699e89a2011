-- Rows for the tables of profiles/schema/0002-plan-notes.sql (see 0001-initial.sql here).
-- Applying 0002 already carried pat's plan over from session 2; this works on it as a
-- person would have: items started, done, dropped, one added, a third session that
-- credited the done item, and notes.
UPDATE plan_item SET status = 'doing', started_at = '2025-06-12T10:00:00Z' WHERE profile_id = 1 AND num = 1;
UPDATE plan_item SET status = 'done', started_at = '2025-06-12T10:00:00Z', done_at = '2025-07-01T16:30:00Z'
    WHERE profile_id = 1 AND num = 2;
UPDATE plan_item SET status = 'dropped', dropped_at = '2025-06-20T08:15:00Z' WHERE profile_id = 1 AND num = 3;
INSERT INTO plan_item(id, profile_id, num, rec_id, title, horizon, priority, status, first_session, last_session,
                      created_at, started_at)
VALUES (100, 1, (SELECT coalesce(max(num), 0) + 1 FROM plan_item WHERE profile_id = 1), 'fixture-rec',
        'A fixture item: ask for the «QA» rotation', 'week', 3, 'doing', 2, NULL, '2025-06-11T09:00:00Z',
        '2025-06-11T09:30:00Z');
INSERT INTO session(id, profile_id, questionnaire, kb_version, status, started_at, finished_at, score, band,
                    range_low, range_high, routineness, ai_usage, specialization, result_json)
SELECT 5, 1, 'standard', json_extract(j, '$.kb_version'), 'done', '2025-09-10T09:00:00Z', '2025-09-10T09:25:00Z',
       json_extract(j, '$.score'), json_extract(j, '$.band'), json_extract(j, '$.range[0]'), json_extract(j, '$.range[1]'),
       json_extract(j, '$.dimensions.routineness'), json_extract(j, '$.dimensions.ai_usage'),
       json_extract(j, '$.dimensions.specialization'), j
FROM (SELECT CAST(readfile('r2.json') AS TEXT) AS j);
INSERT INTO answer(session_id, question, value_json, answered_at) VALUES
    (5, 'occupation', '"43-9021"', '2025-09-10T09:01:00Z');
UPDATE plan_item SET last_session = 5 WHERE profile_id = 1 AND num IN (1, 2);
INSERT INTO credit(session_id, item_id, still_recommended)
    SELECT 5, id, 0 FROM plan_item WHERE profile_id = 1 AND num = 2;
INSERT INTO note(id, session_id, body, created_at) VALUES
    (1, 2, 'fixture note: wants to move into QA; follow up in March', '2025-06-10T10:00:00Z'),
    (2, 1, 'fixture note on the first meeting
second line', '2024-11-10T10:00:00Z'),
    (3, 3, 'fixture note on an unfinished session', '2025-02-01T10:00:00Z');
