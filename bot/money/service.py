"""Per-server money context: effective gift catalogue and rates, cached in memory.

Every money answer needs the server's catalogue (the shipped list with the
server's custom gifts on top) and its rates. Reading them from SQLite on every
command and every autocomplete keystroke would be wasteful, so they are cached
per server and invalidated whenever ``/config`` changes them (through this
service). A generation counter stops a load that raced with a change from
caching stale data; entries also expire after :data:`CACHE_TTL_SECONDS` so a
change made outside this process shows up eventually.

The bot owns one service (``bot.money``), so the cogs that read and the cog
that writes share the same cache.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from bot.core.errors import LiveCoachError
from bot.money.model.catalogue import Catalogue, Gift, load_catalogue, make_custom_gift
from bot.money.model.economy import Rates
from bot.money.model.likes import MAX_SESSIONS, fit_diamonds_per_1k_likes, usable_samples
from bot.money.rates import rates_for
from bot.money.render import LikesData
from bot.storage.gifts import StoredCustomGift

if TYPE_CHECKING:
    from bot.storage import Storage

log = logging.getLogger(__name__)
T = TypeVar("T")

CACHE_TTL_SECONDS = 300.0
CACHE_MAX_GUILDS = 2048
ANSWERS_PER_CONTEXT = 256
"""Most memoised answers kept per server context (cleared when full)."""
FIT_IN_THREAD_ABOVE = 50
"""Sessions above which the likes fit (a bootstrap) runs in a worker thread."""


@dataclass(frozen=True, slots=True)
class MoneyContext:
    """What a money answer in one server is computed with."""

    guild_id: int
    catalogue: Catalogue
    rates: Rates
    custom: tuple[StoredCustomGift, ...]
    loaded_at: float
    answers: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def has_overrides(self) -> bool:
        return bool(self.custom) or not self.rates.is_default

    def memo(self, key: Any, build: Callable[[], T]) -> T:
        """``build()`` once per ``key`` for this context (answers are pure functions of it).

        The memo lives and dies with the context, so a /config change (which replaces the
        context) can never serve a stale answer. Exceptions are not memoised.
        """
        try:
            return self.answers[key]  # type: ignore[no-any-return]
        except KeyError:
            pass
        value = build()
        if len(self.answers) >= ANSWERS_PER_CONTEXT:
            self.answers.clear()
        self.answers[key] = value
        return value


def custom_gift(stored: StoredCustomGift) -> Gift:
    """The catalogue gift for a stored row (validated like a fresh /config gift add)."""
    return make_custom_gift(stored.name, stored.coins, streakable=stored.streakable)


def effective_catalogue(base: Catalogue, custom: Sequence[StoredCustomGift]) -> Catalogue:
    """``base`` with the server's gifts on top (rows that no longer validate are skipped and logged)."""
    gifts: list[Gift] = []
    for row in custom:
        try:
            gifts.append(custom_gift(row))
        except LiveCoachError as exc:
            log.warning("Skipping invalid custom gift %r in guild %s: %s", row.name, row.guild_id, exc)
    return base.with_overrides(gifts)


class MoneyService:
    """Cached :class:`MoneyContext` per server, plus a cached likes fit."""

    def __init__(self, storage: Storage, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._storage = storage
        self._clock = clock
        self._base = load_catalogue()
        self._contexts: OrderedDict[int, MoneyContext] = OrderedDict()
        self._generation: dict[int, int] = {}
        self._fits: dict[int, tuple[int, LikesData]] = {}
        self.loads = 0  # how many times a context was read from storage (for tests and the benchmark)

    @property
    def base_catalogue(self) -> Catalogue:
        return self._base

    def cached(self, guild_id: int) -> MoneyContext | None:
        """The cached context if fresh (no I/O): autocomplete uses it when it can."""
        ctx = self._contexts.get(guild_id)
        if ctx is None or self._clock() - ctx.loaded_at > CACHE_TTL_SECONDS:
            return None
        self._contexts.move_to_end(guild_id)
        return ctx

    async def context(self, guild_id: int) -> MoneyContext:
        ctx = self.cached(guild_id)
        if ctx is not None:
            return ctx
        generation = self._generation.get(guild_id, 0)
        settings = await self._storage.settings.get(guild_id)
        custom = tuple(await self._storage.gifts.list_for_guild(guild_id))
        self.loads += 1
        ctx = MoneyContext(
            guild_id=guild_id,
            catalogue=effective_catalogue(self._base, custom),
            rates=rates_for(settings),
            custom=custom,
            loaded_at=self._clock(),
        )
        if self._generation.get(guild_id, 0) == generation:  # nothing changed while we were reading
            self._contexts[guild_id] = ctx
            self._contexts.move_to_end(guild_id)
            while len(self._contexts) > CACHE_MAX_GUILDS:
                self._contexts.popitem(last=False)
        return ctx

    async def catalogue(self, guild_id: int) -> Catalogue:
        return (await self.context(guild_id)).catalogue

    async def rates(self, guild_id: int) -> Rates:
        return (await self.context(guild_id)).rates

    def invalidate(self, guild_id: int) -> None:
        """Forget a server's cached context (call after any change to its rates or gifts)."""
        self._generation[guild_id] = self._generation.get(guild_id, 0) + 1
        self._contexts.pop(guild_id, None)

    # -- likes ----------------------------------------------------------------------------------
    async def likes_data(
        self,
        guild_id: int,
        before_slow: Callable[[], Awaitable[object]] | None = None,
        run: Callable[..., Awaitable[Any]] | None = None,
    ) -> LikesData:
        """What this server's logged sessions say about likes and diamonds (fit or None, counts).

        The fit is recomputed only when the sessions changed (keyed on their hash); a large
        bootstrap runs in a worker thread so the event loop never stalls, after awaiting
        ``before_slow`` (e.g. deferring the interaction, which must be answered within 3 s).
        ``run`` runs it off the event loop (the bot's worker processes; a thread by default).
        """
        pairs = await self._storage.sessions.likes_diamonds_pairs(guild_id, latest=MAX_SESSIONS)
        usable = usable_samples(pairs)
        key = hash(tuple(usable))
        hit = self._fits.get(guild_id)
        if hit is not None and hit[0] == key:
            return hit[1]
        if len(usable) > FIT_IN_THREAD_ABOVE:
            if before_slow is not None:
                await before_slow()
            fit = await (run or asyncio.to_thread)(fit_diamonds_per_1k_likes, usable)
        else:
            fit = fit_diamonds_per_1k_likes(usable)
        likes = [x for x, _ in usable]
        data = LikesData(fit, len(usable), min(likes, default=0), max(likes, default=0))
        if len(self._fits) > CACHE_MAX_GUILDS:
            self._fits.clear()
        self._fits[guild_id] = (key, data)
        return data


__all__ = [
    "MoneyContext",
    "MoneyService",
    "custom_gift",
    "effective_catalogue",
]
