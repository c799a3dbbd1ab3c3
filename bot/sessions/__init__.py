"""Session logs: a member's LIVE sessions and timers (/session)."""
