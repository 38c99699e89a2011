-- Rows for profiles/schema/0005-counsel.sql (see 0001-initial.sql here): a custom plan item,
-- an item every assessment gives, a note written after the upgrade, and tags.
INSERT INTO plan_item(id, profile_id, num, rec_id, title, status, kind, created_at)
VALUES (200, 1, (SELECT coalesce(max(num), 0) + 1 FROM plan_item WHERE profile_id = 1),
        'custom:' || (SELECT coalesce(max(num), 0) + 1 FROM plan_item WHERE profile_id = 1),
        'A fixture custom item: shadow the «QA» lead for a day', 'todo', 'custom', '2025-10-01T09:00:00Z');
UPDATE plan_item SET kind = 'always' WHERE profile_id = 1 AND num = 1;
INSERT INTO note(id, session_id, body, created_at, num)
VALUES (10, 2, 'fixture note numbered by 0005', '2025-10-02T10:00:00Z',
        (SELECT coalesce(max(n.num), 0) + 1 FROM note n JOIN session s ON s.id = n.session_id WHERE s.profile_id = 1));
INSERT INTO profile_tag(profile_id, tag) VALUES (1, 'autumn-intake'), (1, 'qa'), (2, 'autumn-intake');
