-- Reserved: migration 0006 belongs to another branch (issue 11's work) and replaces this
-- placeholder when that branch is merged; delete this file then. It changes nothing.
SELECT 1;
