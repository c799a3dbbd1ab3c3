"""Logged LIVE sessions and running timers (owned by the sessions feature)."""

from __future__ import annotations

from bot.storage.database import Database


class SessionRepository:
    def __init__(self, db: Database) -> None:
        self._db = db
