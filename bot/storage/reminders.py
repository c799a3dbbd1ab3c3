"""Go-live reminders and their deliveries (owned by the reminders feature)."""

from __future__ import annotations

from bot.storage.database import Database


class ReminderRepository:
    def __init__(self, db: Database) -> None:
        self._db = db
