-- PLACEHOLDER on branch issue-16-i18n only: the real 0010_stats_rollups.sql comes from issue-14-rollups
-- (its PostgreSQL twin is already in migrations/postgres/). The runner needs an unbroken
-- sequence for this branch's 0012; when merging, take issue-14-rollups's file over this one.
SELECT 1;
