"""The bot's own REST requests: each bounded by a time-out, 503s and time-outs retried in time.

discord.py retries 500, 502, 504 and 524 itself but raises on the first 503,
and waits up to aiohttp's 5-minute default for an answer. :func:`install`
wraps the client's ``HTTPClient.request`` so that

* every attempt is bounded by ``timeout`` seconds;
* a 503 is retried (Discord did not do the work), and so is a time-out when the
  request is safe to repeat (GET, PUT, PATCH, DELETE, or a message POST that
  carries ``enforce_nonce``): an interaction callback or follow-up that timed out
  may have been delivered, so it is not sent twice;
* retries stop at the request's deadline: 3 s after an interaction was created
  for its first response (Discord refuses a later one), ``budget`` seconds otherwise;
* interaction responses and follow-ups (sent by discord.py's webhook adapter,
  which retries every 5xx itself but with pauses past the deadline and no
  time-out) are cut at their deadline;
* when they run out, :class:`DiscordUnavailable` is raised, which the command
  tree turns into "Discord is having trouble; try again in a minute".
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import discord
from discord.http import HTTPClient, Route
from discord.webhook.async_ import async_context

log = logging.getLogger(__name__)

RETRIED_STATUSES = frozenset({503})  # the 5xx discord.py does not retry itself
INTERACTION_DEADLINE = 3.0  # seconds Discord allows for an interaction's first response
DEFAULT_BUDGET = 10.0
BACKOFF = (0.25, 0.5, 1.0, 2.0, 4.0)
_IDEMPOTENT = frozenset({"GET", "PUT", "PATCH", "DELETE", "HEAD"})
_CALLBACK = re.compile(r"/interactions/(\d+)/[^/]+/callback$")


class DiscordUnavailable(Exception):
    """Discord answered 503 or did not answer in time, until the request's deadline passed."""

    def __init__(self, method: str, path: str, reason: str, *, timed_out: bool = False) -> None:
        super().__init__(f"{method} {path}: {reason}")
        self.reason = reason
        self.timed_out = timed_out


def deadline_for(route: Route, now: float, budget: float) -> float:
    """The monotonic time after which retrying ``route`` is pointless."""
    url = route.url
    match = _CALLBACK.search(url) if url.endswith("/callback") else None
    if match:
        # the snowflake's creation time, without building a datetime on every reply
        created = ((int(match.group(1)) >> 22) + discord.utils.DISCORD_EPOCH) / 1000
        left = created + INTERACTION_DEADLINE - time.time()
        return now + max(0.0, min(left, budget))
    return now + budget


def _safe_to_repeat(route: Route, kwargs: dict[str, Any]) -> bool:
    if route.method in _IDEMPOTENT:
        return True
    payload = kwargs.get("json")
    return isinstance(payload, dict) and bool(payload.get("enforce_nonce"))


def _rewind(kwargs: dict[str, Any]) -> None:
    # discord.py rewinds files only on its own retries (from the second on); ours start again at 0.
    for file in kwargs.get("files") or ():
        file.reset(seek=True)


def install(http: HTTPClient, *, timeout: float) -> None:
    """Wrap the bot's REST requests with the time-out and retry policy above (idempotent)."""
    _install_webhook_policy()
    if getattr(http.request, "_livecoach_policy", False):
        return
    original: Callable[..., Awaitable[Any]] = http.request

    async def request(route: Route, **kwargs: Any) -> Any:
        kwargs.setdefault("timeout", aiohttp.ClientTimeout(total=timeout))
        start = time.monotonic()
        deadline = deadline_for(route, start, DEFAULT_BUDGET)
        reason, error = "", Exception()
        for attempt in range(len(BACKOFF) + 1):
            if attempt:
                _rewind(kwargs)
            try:
                return await original(route, **kwargs)
            except discord.DiscordServerError as exc:
                if exc.status not in RETRIED_STATUSES:
                    raise
                reason, error = f"Discord answered {exc.status}", exc
            except TimeoutError as stalled:
                reason, error = f"no answer within {timeout:g} s", stalled
                if not _safe_to_repeat(route, kwargs):
                    raise DiscordUnavailable(route.method, route.path, reason, timed_out=True) from stalled
            delay = BACKOFF[attempt] if attempt < len(BACKOFF) else None
            if delay is None or time.monotonic() + delay >= deadline:
                break
            log.warning(
                "%s %s: %s; retrying in %.2f s (attempt %d)",
                route.method,
                route.path,
                reason,
                delay,
                attempt + 1,
            )
            await asyncio.sleep(delay)
        raise DiscordUnavailable(
            route.method, route.path, reason, timed_out=isinstance(error, TimeoutError)
        ) from error

    request._livecoach_policy = True  # type: ignore[attr-defined]
    http.request = request  # type: ignore[method-assign]


def _install_webhook_policy() -> None:
    """Bound interaction responses and follow-ups by their deadline.

    discord.py sends these through its webhook adapter, not ``HTTPClient``: it
    retries every 5xx (503 included) after 1, 3, 5 and 7 s, on a session without a
    time-out. The whole exchange is cut at the deadline instead (3 s after the
    interaction for its first response), so a stalled Discord ends in
    :class:`DiscordUnavailable` while the member can still be told. The adapter
    is the process-wide default instance, so this is done once per process.
    """
    adapter = async_context.get()
    if getattr(adapter.request, "_livecoach_policy", False):
        return
    original: Callable[..., Awaitable[Any]] = adapter.request

    async def request(route: Route, session: aiohttp.ClientSession, **kwargs: Any) -> Any:
        now = time.monotonic()
        left = deadline_for(route, now, DEFAULT_BUDGET) - now
        try:
            async with asyncio.timeout(left):
                return await original(route, session, **kwargs)
        except TimeoutError as exc:
            raise DiscordUnavailable(
                route.method, route.path, f"no success within {left:.1f} s", timed_out=True
            ) from exc

    request._livecoach_policy = True  # type: ignore[attr-defined]
    adapter.request = request  # type: ignore[method-assign]
