-- PLACEHOLDER on branch issue-16-i18n only: the real 0011_reminder_next_due.sql comes from issue-14-reminders
-- (its PostgreSQL twin is already in migrations/postgres/). The runner needs an unbroken
-- sequence for this branch's 0012; when merging, take issue-14-reminders's file over this one.
SELECT 1;
