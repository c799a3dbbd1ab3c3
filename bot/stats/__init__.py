"""Stats: per-member and per-server figures, trends, leaderboards, peak times, charts and share cards (/stats, /peak)."""
