"""Per-server money context: effective gift catalogue and rates, cached in memory.

Every money answer needs the server's catalogue (the shipped list with the
server's custom gifts on top) and its rates. Reading them from the database on
every command and every autocomplete keystroke would be wasteful, so they are
cached per server and invalidated whenever ``/config`` changes them (through
this service). A generation counter stops a load that raced with a change from
caching stale data.

Several shard processes share one database, and a change made through another
process never passes through this one's service. So a cached context is used
for at most :data:`CHECK_SECONDS` after the database last confirmed it: then
the server's settings version (``guild_settings.updated_at``, which every
settings or custom-gift write renews) is read again, one primary-key look-up,
and a different version reloads the context. A /config change made through any
process is therefore used by every process within :data:`CHECK_SECONDS`.
Entries also expire after :data:`CACHE_TTL_SECONDS`.

The bot owns one service (``bot.money``), so the cogs that read and the cog
that writes share the same cache.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from bot.core.errors import LiveCoachError
from bot.money.model.catalogue import Catalogue, Gift, load_catalogue, make_custom_gift
from bot.money.model.economy import MemberRate, Rates, with_member_rate
from bot.money.model.likes import MAX_SESSIONS, fit_diamonds_per_1k_likes, usable_samples
from bot.money.rates import rates_for
from bot.money.render import LikesData
from bot.storage.gifts import MAX_CUSTOM_GIFTS_PER_GUILD, StoredCustomGift
from bot.storage.settings import GuildSettings

if TYPE_CHECKING:
    from bot.storage import Storage

log = logging.getLogger(__name__)
T = TypeVar("T")

CACHE_TTL_SECONDS = 300.0
CHECK_SECONDS = 5.0
"""Longest a cached context is used before asking the database whether another process changed it."""
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
    version: str | None = None  # the server's settings version it was loaded at
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
            return self.answers[key]
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
        self.clock = clock
        self._base = load_catalogue()
        self._contexts: OrderedDict[int, MoneyContext] = OrderedDict()
        self._checked: dict[int, float] = {}  # when the database last confirmed each cached context
        self._generation: dict[int, int] = {}
        self._fits: dict[int, tuple[int, LikesData]] = {}
        self._members: OrderedDict[tuple[int, int], tuple[float, MemberRate | None]] = OrderedDict()
        self.loads = 0  # how many times a context was read from storage (for tests and the benchmark)

    @property
    def base_catalogue(self) -> Catalogue:
        return self._base

    def _stored(self, guild_id: int) -> MoneyContext | None:
        ctx = self._contexts.get(guild_id)
        if ctx is None or self.clock() - ctx.loaded_at > CACHE_TTL_SECONDS:
            return None
        self._contexts.move_to_end(guild_id)
        return ctx

    def cached(self, guild_id: int) -> MoneyContext | None:
        """The cached context if confirmed within CHECK_SECONDS (no I/O): autocomplete uses it when it can."""
        ctx = self._stored(guild_id)
        if ctx is None or self.clock() - self._checked.get(guild_id, -math.inf) > CHECK_SECONDS:
            return None
        return ctx

    async def context(self, guild_id: int) -> MoneyContext:
        ctx = self.cached(guild_id)
        if ctx is not None:
            return ctx
        generation = self._generation.get(guild_id, 0)
        # The version is read before the data: a change landing in between reloads once more later,
        # never leaves old data cached under the new version.
        version = await self._storage.settings.version(guild_id)
        ctx = self._stored(guild_id)
        if ctx is not None and ctx.version == version:  # nobody changed it: confirmed for a while
            if self._generation.get(guild_id, 0) == generation:
                self._checked[guild_id] = self.clock()
            return ctx
        settings = await self._storage.settings.get(guild_id)
        custom = tuple(await self._storage.gifts.list_for_guild(guild_id))
        self.loads += 1
        ctx = MoneyContext(
            guild_id=guild_id,
            catalogue=effective_catalogue(self._base, custom),
            rates=rates_for(settings),
            custom=custom,
            loaded_at=self.clock(),
            version=version,
        )
        if self._generation.get(guild_id, 0) == generation:  # nothing changed while we were reading
            self._contexts[guild_id] = ctx
            self._contexts.move_to_end(guild_id)
            self._checked[guild_id] = ctx.loaded_at
            while len(self._contexts) > CACHE_MAX_GUILDS:
                evicted, _ = self._contexts.popitem(last=False)
                self._checked.pop(evicted, None)
        return ctx

    async def catalogue(self, guild_id: int) -> Catalogue:
        return (await self.context(guild_id)).catalogue

    async def rates(self, guild_id: int) -> Rates:
        return (await self.context(guild_id)).rates

    def invalidate(self, guild_id: int) -> None:
        """Forget a server's cached context (the owner methods below call it after every write)."""
        self._generation[guild_id] = self._generation.get(guild_id, 0) + 1
        self._contexts.pop(guild_id, None)
        self._checked.pop(guild_id, None)
        for key in [k for k in self._members if k[0] == guild_id]:
            del self._members[key]

    # -- a member's own payout ------------------------------------------------------------------------
    async def member_rate(self, guild_id: int, user_id: int) -> MemberRate | None:
        """What the member set with /estimate my-rate here (cached like the server context)."""
        key = (guild_id, user_id)
        hit = self._members.get(key)
        if hit is not None and self.clock() - hit[0] <= CACHE_TTL_SECONDS:
            return hit[1]
        generation = self._generation.get(guild_id, 0)
        usd_per_diamond, agency_cut = await self._storage.member_rates.get(guild_id, user_id)
        own = (
            None
            if usd_per_diamond is None and agency_cut is None
            else MemberRate(usd_per_diamond, agency_cut)
        )
        if self._generation.get(guild_id, 0) == generation:
            self._members[key] = (self.clock(), own)
            while len(self._members) > CACHE_MAX_GUILDS * 4:
                self._members.popitem(last=False)
        return own

    async def for_member(self, guild_id: int, user_id: int) -> tuple[MoneyContext, Rates]:
        """The server's context and this member's rates: :meth:`context`, then
        :meth:`rates_for_member`, answered from memory in one step when both are cached
        (every money command starts here)."""
        ctx = self.cached(guild_id)
        if ctx is not None:
            hit = self._members.get((guild_id, user_id))
            if hit is not None and self.clock() - hit[0] <= CACHE_TTL_SECONDS:
                return ctx, with_member_rate(ctx.rates, hit[1])
        ctx = await self.context(guild_id)
        return ctx, await self.rates_for_member(ctx, user_id)

    async def rates_for_member(self, ctx: MoneyContext, user_id: int) -> Rates:
        """The server's rates with this member's own payout and agency cut on top."""
        own = await self.member_rate(ctx.guild_id, user_id)
        return with_member_rate(ctx.rates, own)

    async def set_member_rate(self, guild_id: int, user_id: int, own: MemberRate | None) -> None:
        """Store (or with ``None`` forget) a member's own rate; validate with :func:`with_member_rate` first."""
        try:
            if own is None or own.is_empty:
                await self._storage.member_rates.clear(guild_id, user_id)
            else:
                await self._storage.member_rates.set(guild_id, user_id, own.usd_per_diamond, own.agency_cut)
        finally:
            self._generation[guild_id] = self._generation.get(guild_id, 0) + 1
            self._members.pop((guild_id, user_id), None)

    def forget_member(self, guild_id: int, user_id: int) -> None:
        """Drop a member's cached rate (after /privacy delete removed their rows)."""
        self._generation[guild_id] = self._generation.get(guild_id, 0) + 1  # a read in flight won't re-cache
        self._members.pop((guild_id, user_id), None)

    # -- writes (each writes, then invalidates: no cog touches the cache) -----------------------------
    async def update_rates(self, guild_id: int, changes: dict[str, object]) -> GuildSettings:
        """Store rate/currency overrides (already validated by the caller) and return the new settings."""
        try:
            return await self._storage.settings.update(guild_id, **changes)
        finally:
            self.invalidate(guild_id)

    async def reset_rates(self, guild_id: int) -> GuildSettings:
        """Back to the community defaults for every rate and the currency."""
        try:
            return await self._storage.settings.reset_rates(guild_id)
        finally:
            self.invalidate(guild_id)

    async def add_gift(self, guild_id: int, gift: Gift, *, added_by: int) -> bool:
        """Add or replace a server gift (validated by :func:`make_custom_gift`); True when it replaced one."""
        try:
            return await self._storage.gifts.add_or_replace(
                guild_id,
                gift.name,
                gift.coins,
                streakable=bool(gift.streakable),
                added_by=added_by,
                limit=MAX_CUSTOM_GIFTS_PER_GUILD,
            )
        finally:
            self.invalidate(guild_id)

    async def remove_gift(self, guild_id: int, name: str) -> StoredCustomGift | None:
        """Remove a server gift by name; the removed row, or None when there was none."""
        try:
            return await self._storage.gifts.remove(guild_id, name)
        finally:
            self.invalidate(guild_id)

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
