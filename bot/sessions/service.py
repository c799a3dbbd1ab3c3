"""Session logs: the one writer of sessions and timers (validation, gifts → diamonds, member zones)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

from bot.core.clock import utcnow

if TYPE_CHECKING:
    from bot.money.service import MoneyService
    from bot.storage import Storage


class SessionService:
    """Owned by the bot as ``bot.sessions``; cogs call it, never the session tables directly."""

    def __init__(
        self, storage: Storage, money: MoneyService, *, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self._storage = storage
        self._money = money
        self.clock = clock
