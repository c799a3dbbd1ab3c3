"""Each way of failing to reach Discord at start has its own sentence; others are not retried."""

from __future__ import annotations

import errno
import socket

import aiohttp
import discord
import pytest
from aiohttp.client_reqrep import ConnectionKey

from bot.__main__ import Unreachable, transient_reason, with_retries
from bot.core.config import Secret, Settings
from bot.core.http import DiscordUnavailable
from tests.harness.factory import FAKE_TOKEN

SETTINGS = Settings(token=Secret(FAKE_TOKEN), start_attempts=3)
KEY = ConnectionKey("discord.com", 443, True, True, None, None, None)


def test_dns_failure() -> None:
    exc = aiohttp.ClientConnectorDNSError(KEY, socket.gaierror(-2, "Name or service not known"))
    reason = transient_reason(exc, SETTINGS)
    assert reason is not None and reason.startswith("the name discord.com could not be looked up (DNS)")


def test_refused_connection() -> None:
    exc = aiohttp.ClientConnectorError(KEY, ConnectionRefusedError(errno.ECONNREFUSED, "Connect call failed"))
    assert transient_reason(exc, SETTINGS) == (
        "the connection to discord.com failed (connection refused): check the network, firewall or proxy"
    )


def test_time_outs() -> None:
    for exc in (TimeoutError(), DiscordUnavailable("GET", "/users/@me", "no answer", timed_out=True)):
        assert "did not answer in time" in (transient_reason(exc, SETTINGS) or "")


def test_a_bug_or_a_rejected_token_is_not_transient() -> None:
    assert transient_reason(ValueError("bug"), SETTINGS) is None
    assert transient_reason(discord.LoginFailure("Improper token"), SETTINGS) is None


async def test_retries_are_bounded_and_counted(monkeypatch: pytest.MonkeyPatch) -> None:
    pauses: list[float] = []

    async def no_wait(seconds: float) -> None:
        pauses.append(seconds)

    monkeypatch.setattr("bot.__main__.asyncio.sleep", no_wait)
    calls = 0

    async def always_times_out() -> None:
        nonlocal calls
        calls += 1
        raise TimeoutError

    with pytest.raises(Unreachable, match=r"could not log in after 3 attempts: discord\.com did not answer"):
        await with_retries(SETTINGS, "log in", always_times_out)
    assert calls == 3 and pauses == [1.0, 2.0]
