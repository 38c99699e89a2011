-- Rows for the tables of profiles/schema/0003-intake-cohort.sql (see 0001-initial.sql here):
-- a finished cohort and one a stopped batch left unfinished.
INSERT INTO intake_cohort(id, name, source, questionnaire, kb_version, status, started_at, finished_at,
                          rows_read, rows_scored, rows_bad) VALUES
    (1, 'Spring pulse', 'spring.csv', 'standard', 'kb-old', 'done', '2025-04-01T08:00:00Z', '2025-04-01T08:01:00Z', 3, 2, 1),
    (2, 'Stopped run', NULL, 'quick', 'kb-old', 'running', '2025-04-02T08:00:00Z', NULL, NULL, NULL, NULL);
INSERT INTO intake_result(cohort_id, record, employee_id, groups_json, occupation, score, band, range_low, range_high,
                          routineness, ai_usage, specialization, recommendations, roles) VALUES
    (1, 2, 'E-001', '{"team":"Finance"}', '13-2011', 48, 'moderate', 42, 55, 50, 40, 30, 'learn-ai-tools audit-niche', 'fin-analyst'),
    (1, 4, NULL, '{"team":"Ops"}', NULL, 71, 'high', 65, 80, 70, 20, 10, 'automate-own-data-entry', ''),
    (2, 2, 'E-777', '{}', '43-9021', 90, 'high', 85, 95, 85, 10, 5, '', '');
