"""The language of a server's scheduled posts: its ``/config language``, else its Discord locale.

Reminder posts, go-live announcements, recaps, follower notices, server events and log-channel
notices are read by the whole server, so they are built in this language (``bot.i18n.using``),
never in the language of whoever happened to trigger them. Looking it up costs one primary-key
read of the server's settings at most every :data:`CHECK_SECONDS` per server (the same bound
within which a ``/config`` change reaches every process, README "Scaling out"); in between the
cached answer is used, so a burst of posts costs no reads.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from bot.i18n.context import post_locale

if TYPE_CHECKING:
    from bot.storage.settings import GuildSettingsRepository

CHECK_SECONDS = 5.0
MAX_CACHED = 10_000


class PostLanguage:
    """``await languages.of(guild_id)``: the catalogue name to build that server's posts in."""

    def __init__(
        self,
        settings: GuildSettingsRepository,
        server_locale: Callable[[int], object],
        *,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._settings = settings
        self._server_locale = server_locale  # the cached guild's preferred locale (None: not cached)
        self._clock = clock
        self._chosen: dict[int, tuple[float, str | None]] = {}

    async def of(self, guild_id: int, *, fresh: bool = False) -> str:
        """``fresh``: read the choice now (a post a member just asked for, e.g. /reminder test,
        right after an admin's /config language); background posts use the cached one."""
        now = self._clock()
        cached = self._chosen.get(guild_id)
        if fresh or cached is None or now - cached[0] > CHECK_SECONDS:
            chosen = (await self._settings.get(guild_id)).language
            if len(self._chosen) >= MAX_CACHED:
                self._chosen.clear()
            self._chosen[guild_id] = (now, chosen)
        else:
            chosen = cached[1]
        return post_locale(chosen, self._server_locale(guild_id))

    def forget(self, guild_id: int) -> None:
        """Read the server's choice again next time (after a change made through this process)."""
        self._chosen.pop(guild_id, None)
