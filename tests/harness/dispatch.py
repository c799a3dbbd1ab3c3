"""Run raw payloads through the real bot's gateway handler and command tree.

``Harness.run(payload)`` calls ``ConnectionState.parse_interaction_create`` —
the exact function the gateway calls for INTERACTION_CREATE — waits for the
tasks discord.py spawned (command invoker, view and modal dispatch), and
returns what discord.py sent over HTTP to the fake Discord for that
interaction: callback type and body, follow-ups, edits, files and flags.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from discord.ext import commands

from tests.harness.fake_discord import FakeDiscord, Request

EPHEMERAL = 64
_WAITED_TASK_PREFIXES = (
    "CommandTree-invoker",
    "discord-ui-view-dispatch",
    "discord-ui-modal-dispatch",
    "discord-ui-dynamic-item",
    "discord.py",
)


@dataclass
class Reply:
    """Everything discord.py sent for one interaction."""

    requests: list[Request]
    latency: float | None = None  # seconds from dispatch to the first callback request
    fake: FakeDiscord | None = field(default=None, repr=False)
    payload_token: str = ""

    @property
    def delivered(self) -> list[Request]:
        """Requests Discord answered with success (retried failures left out)."""
        return [r for r in self.requests if 200 <= r.status < 300]

    @property
    def callbacks(self) -> list[Request]:
        """Interaction callbacks Discord accepted (a 5xx or 429 attempt that was retried is not one)."""
        return [r for r in self.delivered if r.path.endswith("/callback")]

    @property
    def attempts(self) -> list[Request]:
        return [r for r in self.requests if r.path.endswith("/callback")]

    @property
    def callback(self) -> dict[str, Any]:
        if len(self.callbacks) != 1:
            raise AssertionError(
                f"expected exactly one interaction callback, got {len(self.callbacks)}: {self}"
            )
        return self.callbacks[0].json

    @property
    def callback_type(self) -> int:
        return int(self.callback["type"])

    @property
    def followups(self) -> list[dict[str, Any]]:
        return [r.json or {} for r in self.delivered if r.method == "POST" and "/webhooks/" in r.path]

    @property
    def edits(self) -> list[dict[str, Any]]:
        return [r.json or {} for r in self.delivered if r.method == "PATCH" and "/webhooks/" in r.path]

    def _message_bodies(self) -> list[dict[str, Any]]:
        bodies: list[dict[str, Any]] = []
        for r in self.delivered:
            if r.path.endswith("/callback"):
                if r.json and r.json.get("type") in (4, 7):
                    bodies.append(r.json.get("data") or {})
            elif "/webhooks/" in r.path and r.method in ("POST", "PATCH"):
                bodies.append(r.json or {})
        return bodies

    @property
    def message(self) -> dict[str, Any]:
        """The main visible message: the callback's, else the edit of a deferred reply, else a follow-up."""
        bodies = self._message_bodies()
        if not bodies:
            raise AssertionError(f"no message was sent: {self}")
        return bodies[0]

    @property
    def stored_message(self) -> dict[str, Any]:
        """The message as the fake Discord stored it (with its id), for clicking its buttons."""
        assert self.fake is not None
        for r in self.requests:
            if r.path.endswith("/callback"):
                mid = max(self.fake.messages)  # newest message created by this callback
                for message_id in sorted(self.fake.messages, reverse=True):
                    msg = self.fake.messages[message_id]
                    if msg.get("components") == (r.json.get("data") or {}).get("components"):
                        mid = message_id
                        break
                return self.fake.messages[mid]
        raise AssertionError("no callback message")

    @property
    def content(self) -> str:
        return self.message.get("content") or ""

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return self.message.get("embeds") or []

    @property
    def embed(self) -> dict[str, Any]:
        embeds = self.embeds
        if not embeds:
            raise AssertionError(f"no embed in {self.message}")
        return embeds[0]

    @property
    def components(self) -> list[dict[str, Any]]:
        return self.message.get("components") or []

    @property
    def custom_ids(self) -> list[str]:
        found: list[str] = []
        for row in self.components:
            for c in row.get("components", []):
                if "custom_id" in c:
                    found.append(c["custom_id"])
        return found

    @property
    def ephemeral(self) -> bool:
        cb = self.callback
        return bool(((cb.get("data") or {}).get("flags") or 0) & EPHEMERAL)

    @property
    def files(self) -> list[tuple[str, bytes]]:
        return [f for r in self.requests for f in r.files]

    @property
    def choices(self) -> list[dict[str, Any]]:
        cb = self.callback
        assert cb["type"] == 8, f"not an autocomplete answer: {cb}"
        return cb["data"]["choices"]

    @property
    def modal(self) -> dict[str, Any]:
        cb = self.callback
        assert cb["type"] == 9, f"not a modal: {cb}"
        return cb["data"]

    @property
    def text(self) -> str:
        """All visible text of every message sent: content, embed titles, descriptions, fields, footers."""
        parts: list[str] = []
        for body in self._message_bodies():
            parts.append(body.get("content") or "")
            for e in body.get("embeds") or []:
                parts += [
                    e.get("title") or "",
                    e.get("description") or "",
                    (e.get("footer") or {}).get("text") or "",
                ]
                parts += [(e.get("author") or {}).get("name") or ""]
                for f in e.get("fields") or []:
                    parts += [f.get("name") or "", f.get("value") or ""]
        return "\n".join(p for p in parts if p)

    def field(self, name: str) -> str:
        for f in self.embed.get("fields") or []:
            if f["name"].lower().startswith(name.lower()):
                return f["value"]
        raise AssertionError(f"no field {name!r} in {[f['name'] for f in self.embed.get('fields') or []]}")


class Harness:
    """Dispatches raw interaction payloads into a logged-in bot."""

    def __init__(self, bot: commands.Bot, fake: FakeDiscord) -> None:
        self.bot = bot
        self.fake = fake

    async def run(self, payload: dict[str, Any], *, within: float = 15.0) -> Reply:
        token = payload["token"]
        before = asyncio.all_tasks()
        started = time.monotonic()
        self.bot._connection.parse_interaction_create(payload)  # the gateway's own entry point
        await self._settle(before, within)
        requests = self.fake.for_token(token)
        callbacks = [r for r in requests if r.path.endswith("/callback") and 200 <= r.status < 300]
        latency = callbacks[0].at - started if callbacks else None
        return Reply(requests, latency, self.fake, token)

    async def _settle(self, before: set[asyncio.Task[Any]], within: float) -> None:
        deadline = time.monotonic() + within
        while True:
            pending = [
                t
                for t in asyncio.all_tasks() - before
                if not t.done() and t.get_name().startswith(_WAITED_TASK_PREFIXES)
            ]
            if not pending:
                return
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"interaction still running after {within} s: {pending}")
            await asyncio.wait(pending, timeout=remaining)
