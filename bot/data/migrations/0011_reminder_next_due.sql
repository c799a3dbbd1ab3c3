-- Reminders by due time (issue 14): each active reminder's next unhandled post, as a UTC instant,
-- so one timer fires whatever is due instead of one scheduler job per reminder.
--
-- next_due   UTC ISO 8601 "YYYY-MM-DDTHH:MM:SS+00:00" (sorts as text, portable to PostgreSQL):
--            the first post after the reminder's catch-up floor (created/resumed, or its latest
--            recorded delivery). NULL while paused, and for rows stored before this migration:
--            the zone math is Python's (DST-corrected wall clock), so the service fills those in
--            at its first start (ReminderRepository.backfill_next_due).
ALTER TABLE reminders ADD COLUMN next_due TEXT;

-- The timer's two questions: "what is due by now?" and "when is the next one?".
CREATE INDEX reminders_by_next_due ON reminders (next_due)
    WHERE paused = 0 AND next_due IS NOT NULL;

-- Start-up's "which rows still need a next_due?" (the backfill): an index of only those rows, so
-- the question costs nothing once they are filled in, however many reminders there are.
CREATE INDEX reminders_without_next_due ON reminders (id)
    WHERE paused = 0 AND next_due IS NULL;
