-- career-risk profile database: a cohort result keeps the person's exposure to AI (model 2, issue 16).
-- Applied by app/store/store.c inside one BEGIN IMMEDIATE transaction.
-- NULL in rows stored before this version, and for a knowledge base without task data: a missing
-- exposure must not read as 0 ("nothing of their work is exposed").
ALTER TABLE intake_result ADD COLUMN exposure INTEGER CHECK (exposure BETWEEN 0 AND 100);
