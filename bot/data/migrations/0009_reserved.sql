-- Placeholder: number 0009 belongs to another branch of issue 14 (migrations must run
-- 1, 2, 3, … without gaps). It changes nothing; the merge replaces it with the real 0009.
SELECT 1;
