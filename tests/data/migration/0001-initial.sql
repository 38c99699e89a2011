-- Rows for the tables of profiles/schema/0001-initial.sql, for tests/e2e/test_migration.sh:
-- it builds a database of every earlier schema version from the schema files and these
-- fixtures (one per schema file, same name) and checks each upgrade to the latest keeps
-- every row. Run from the folder holding r1.json and r2.json (two results the engine wrote).
INSERT INTO profile(id, name, created_at) VALUES
    (1, 'pat', '2024-11-10T09:00:00Z'),
    (2, 'quinn', '2025-02-01T09:00:00Z'),
    (3, 'Céline Dubois', '2025-03-01T09:00:00Z');
INSERT INTO session(id, profile_id, questionnaire, kb_version, status, started_at, finished_at, score, band,
                    range_low, range_high, routineness, ai_usage, specialization, result_json)
SELECT 1, 1, 'standard', json_extract(j, '$.kb_version'), 'done', '2024-11-10T09:00:00Z', '2024-11-10T09:20:00Z',
       json_extract(j, '$.score'), json_extract(j, '$.band'), json_extract(j, '$.range[0]'), json_extract(j, '$.range[1]'),
       json_extract(j, '$.dimensions.routineness'), json_extract(j, '$.dimensions.ai_usage'),
       json_extract(j, '$.dimensions.specialization'), j
FROM (SELECT CAST(readfile('r1.json') AS TEXT) AS j);
INSERT INTO session(id, profile_id, questionnaire, kb_version, status, started_at, finished_at, score, band,
                    range_low, range_high, routineness, ai_usage, specialization, result_json)
SELECT 2, 1, 'standard', json_extract(j, '$.kb_version'), 'done', '2025-06-10T09:00:00Z', '2025-06-10T09:25:00Z',
       json_extract(j, '$.score'), json_extract(j, '$.band'), json_extract(j, '$.range[0]'), json_extract(j, '$.range[1]'),
       json_extract(j, '$.dimensions.routineness'), json_extract(j, '$.dimensions.ai_usage'),
       json_extract(j, '$.dimensions.specialization'), j
FROM (SELECT CAST(readfile('r2.json') AS TEXT) AS j);
INSERT INTO session(id, profile_id, questionnaire, kb_version, status, started_at) VALUES
    (3, 2, 'quick', 'kb-old', 'open', '2025-02-01T09:05:00Z');
INSERT INTO session(id, profile_id, questionnaire, kb_version, status, started_at) VALUES
    (4, 3, 'standard', 'kb-old', 'cancelled', '2025-03-01T09:05:00Z');
INSERT INTO answer(session_id, question, value_json, answered_at) VALUES
    (1, 'occupation', '"43-9021"', '2024-11-10T09:01:00Z'),
    (1, 'data_entry', '60', '2024-11-10T09:02:00Z'),
    (1, 'goals', '"fixture canary: keep a steady job, it''s «important»"', '2024-11-10T09:03:00Z'),
    (2, 'occupation', '"43-9021"', '2025-06-10T09:01:00Z'),
    (2, 'data_entry', '20', '2025-06-10T09:02:00Z'),
    (2, 'tasks', '{"routine_cognitive":35,"analytic":35}', '2025-06-10T09:03:00Z'),
    (3, 'occupation', '"29-1141"', '2025-02-01T09:06:00Z'),
    (4, 'occupation', '"13-2011"', '2025-03-01T09:06:00Z');
