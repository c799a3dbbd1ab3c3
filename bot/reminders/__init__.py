"""Go-live reminders: recurring, DST-correct, delivered exactly once (/reminder)."""
