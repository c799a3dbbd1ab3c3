"""Pure stats domain: summaries, trends, leaderboards, peak slots and peak-reminder planning."""
