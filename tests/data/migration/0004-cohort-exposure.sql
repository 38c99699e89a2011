-- Rows for profiles/schema/0004-cohort-exposure.sql (see 0001-initial.sql here): a cohort stored
-- under model 2, one person with an exposure and one scored by a base without task data (NULL).
INSERT INTO intake_cohort(id, name, source, questionnaire, kb_version, status, started_at, finished_at,
                          rows_read, rows_scored, rows_bad) VALUES
    (3, 'Autumn pulse', 'autumn.csv', 'intake', 'kb-model2', 'done', '2026-10-01T08:00:00Z', '2026-10-01T08:02:00Z', 2, 2, 0);
INSERT INTO intake_result(cohort_id, record, employee_id, groups_json, occupation, score, band, range_low, range_high,
                          routineness, ai_usage, specialization, recommendations, roles, exposure) VALUES
    (3, 2, 'E-101', '{"team":"Support"}', '43-4051', 66, 'elevated', 58, 73, 62, 35, 20, 'learn-ai-tools', '', 71),
    (3, 3, 'E-102', '{"team":"Support"}', '43-4051', 61, 'elevated', 54, 69, 60, 50, 25, '', '', NULL);
