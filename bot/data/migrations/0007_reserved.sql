-- Reserved: migration 0007 belongs to another branch (issue 12's work) and replaces this
-- placeholder when that branch is merged; delete this file then. It changes nothing.
SELECT 1;
