-- PLACEHOLDER (branch issue-14-reminders only): migration number 0010 belongs to another branch
-- of issue 14/15. It exists so this branch's schema sequence has no gap (0011 is this branch's).
-- DELETE THIS FILE when the branch that owns 0010 is merged.
SELECT 1;
