-- Placeholder on the issue-16 (localisation) branch only: 0010 and 0011 belong to parallel
-- branches (rollups, the reminders scheduler, shards). The migration runner needs an
-- unbroken sequence, so this no-op keeps 0012 applicable here; drop it when merging theirs.
SELECT 1;
