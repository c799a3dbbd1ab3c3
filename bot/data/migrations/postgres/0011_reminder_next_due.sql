-- PostgreSQL version of ../0011_reminder_next_due.sql (branch issue-14-reminders): each active
-- reminder's next unhandled post as an instant (timestamptz; the code reads and writes it as
-- the same UTC ISO text as on SQLite). NULL while paused, and for rows from before this
-- migration until the service fills them in.
ALTER TABLE reminders ADD COLUMN next_due TIMESTAMPTZ;

CREATE INDEX reminders_by_next_due ON reminders (next_due)
    WHERE paused = 0 AND next_due IS NOT NULL;

CREATE INDEX reminders_without_next_due ON reminders (id)
    WHERE paused = 0 AND next_due IS NULL;
