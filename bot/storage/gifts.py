"""Server-scoped custom gifts (owned by the money feature)."""

from __future__ import annotations

from bot.storage.database import Database


class CustomGiftRepository:
    def __init__(self, db: Database) -> None:
        self._db = db
