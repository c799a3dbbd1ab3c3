"""Pure session domain: the session record and its validation, start-time parsing, CSV export."""
