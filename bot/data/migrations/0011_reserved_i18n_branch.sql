-- Placeholder on the issue-16 (localisation) branch only: numbers 0009–0011 belong to
-- parallel branches (rollups, reminders scheduler, shards). The migration runner needs an
-- unbroken sequence, so this no-op keeps 0012 applicable here; drop it when merging theirs.
SELECT 1;
