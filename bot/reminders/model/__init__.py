"""Pure reminder domain: reminder types, recurrence, the wall-clock trigger."""
