"""A loopback fake of Discord: REST under ``/api/v10`` and a gateway websocket.

It answers what discord.py needs, records every request, validates every JSON
body against Discord's OpenAPI description (see :mod:`tests.harness.contract`)
and can inject faults: status codes per route, per-channel errors, 429s with
``retry_after``, slow answers, and Discord's real rate limits.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections import defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiohttp import WSMsgType, web

from tests.harness import contract

API_PREFIX = "/api/v10"
APPLICATION_ID = 1100000000000000001
BOT_USER_ID = APPLICATION_ID
_JSON = "application/json"
EPHEMERAL = 1 << 6
LOADING = 1 << 7  # discord.py parses JSON only for exactly this content type


def snowflakes(start: datetime | None = None) -> Callable[[], int]:
    """A generator of increasing snowflakes stamped with the current time."""
    counter = itertools.count(1)

    def make() -> int:
        ms = int(time.time() * 1000) - 1420070400000
        return (ms << 22) | (next(counter) & 0x3FFFFF)

    return make


next_id = snowflakes()


@dataclass
class Request:
    method: str
    path: str  # after /api/v10
    query: dict[str, str]
    json: Any = None
    files: list[tuple[str, bytes]] = field(default_factory=list)
    status: int = 0
    at: float = field(default_factory=time.monotonic)

    @property
    def token_path(self) -> str:
        return self.path


@dataclass
class Fault:
    """Answer requests matching ``method`` and ``path`` (a regex) with ``status``, ``times`` times."""

    method: str
    path: str
    status: int
    times: int = 1
    body: dict[str, Any] | None = None
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    # True: Discord did the work (e.g. created the message) but the answer was lost.
    after_effect: bool = False

    def matches(self, method: str, path: str) -> bool:
        return self.times != 0 and self.method in (method, "*") and re.search(self.path, path) is not None


def bot_user() -> dict[str, Any]:
    return {
        "id": str(BOT_USER_ID),
        "username": "LiveCoach",
        "discriminator": "0",
        "global_name": "LiveCoach",
        "avatar": None,
        "bot": True,
        "flags": 0,
        "mfa_enabled": False,
        "verified": True,
    }


def application() -> dict[str, Any]:
    return {
        "id": str(APPLICATION_ID),
        "name": "LiveCoach",
        "icon": None,
        "description": "",
        "bot_public": True,
        "bot_require_code_grant": False,
        "verify_key": "0" * 64,
        "flags": 0,
        "owner": {"id": "1100000000000000002", "username": "owner", "discriminator": "0", "avatar": None},
        "team": None,
        "summary": "",
        "rpc_origins": [],
    }


def guild_payload(
    guild_id: int, *, channels: list[int], roles: list[int], name: str = "Creators"
) -> dict[str, Any]:
    """A GUILD_CREATE body with text channels and roles (the @everyone role has the guild's id)."""
    role_objects = [
        {
            "id": str(role_id),
            "name": "@everyone" if role_id == guild_id else f"role-{role_id % 1000}",
            "permissions": "2248473465835073",
            "position": 0 if role_id == guild_id else 1,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": True,
            "flags": 0,
        }
        for role_id in [guild_id, *roles]
    ]
    return {
        "id": str(guild_id),
        "name": name,
        "icon": None,
        "owner_id": "1100000000000000002",
        "afk_channel_id": None,
        "afk_timeout": 300,
        "verification_level": 0,
        "default_message_notifications": 0,
        "explicit_content_filter": 0,
        "roles": role_objects,
        "emojis": [],
        "stickers": [],
        "features": [],
        "mfa_level": 0,
        "system_channel_id": None,
        "system_channel_flags": 0,
        "rules_channel_id": None,
        "vanity_url_code": None,
        "description": None,
        "banner": None,
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "public_updates_channel_id": None,
        "nsfw_level": 0,
        "premium_progress_bar_enabled": False,
        "joined_at": datetime.now(UTC).isoformat(),
        "large": False,
        "member_count": 2,
        "members": [],
        "channels": [
            {
                "id": str(cid),
                "type": 0,
                "name": f"channel-{cid % 1000}",
                "position": i,
                "permission_overwrites": [],
                "nsfw": False,
                "parent_id": None,
                "topic": None,
                "rate_limit_per_user": 0,
                "last_message_id": None,
                "flags": 0,
            }
            for i, cid in enumerate(channels)
        ],
        "threads": [],
        "voice_states": [],
        "presences": [],
        "stage_instances": [],
        "guild_scheduled_events": [],
        "unavailable": False,
    }


def message_object(channel_id: int, body: dict[str, Any], *, message_id: int | None = None) -> dict[str, Any]:
    """The message Discord would return for ``body`` (content, embeds, components, flags, attachments)."""
    now = datetime.now(UTC).isoformat()
    mid = message_id or next_id()
    attachments = [
        {
            "id": str(next_id()),
            "filename": a.get("filename", "file"),
            "size": 0,
            "url": f"https://cdn.invalid/{a.get('filename', 'file')}",
            "proxy_url": f"https://cdn.invalid/{a.get('filename', 'file')}",
        }
        for a in body.get("attachments") or []
    ]
    return {
        "id": str(mid),
        "channel_id": str(channel_id),
        "author": bot_user(),
        "content": body.get("content") or "",
        "timestamp": now,
        "edited_timestamp": None,
        "tts": False,
        "mention_everyone": False,
        "mentions": [],
        "mention_roles": [],
        "attachments": attachments,
        "embeds": body.get("embeds") or [],
        "components": body.get("components") or [],
        "pinned": False,
        "type": 0,
        "flags": body.get("flags") or 0,
        "application_id": str(APPLICATION_ID),
    }


class RateLimits:
    """Discord's documented limits, enforced the way Discord does: 429 past them."""

    def __init__(self, global_per_second: int = 50, per_channel: int = 5, window: float = 5.0) -> None:
        self.global_per_second = global_per_second
        self.per_channel = per_channel
        self.window = window
        self._global: deque[float] = deque()
        self._channels: dict[str, deque[float]] = defaultdict(deque)

    def check(self, path: str, now: float) -> tuple[float, bool] | None:
        """``(retry_after, is_global)`` when this request would exceed a limit, else ``None``."""
        while self._global and now - self._global[0] >= 1.0:
            self._global.popleft()
        if len(self._global) >= self.global_per_second:
            return 1.0 - (now - self._global[0]), True
        match = re.match(r"^/channels/(\d+)/messages$", path)
        if match:
            sent = self._channels[match.group(1)]
            while sent and now - sent[0] >= self.window:
                sent.popleft()
            if len(sent) >= self.per_channel:
                return self.window - (now - sent[0]), False
            sent.append(now)
        self._global.append(now)
        return None


class FakeDiscord:
    """Start with :meth:`start`; point discord.py at :attr:`api_base`."""

    def __init__(self, *, validate: bool = True) -> None:
        self.validate = validate and contract.spec_available()
        self.requests: list[Request] = []
        self.violations: list[str] = []
        self.faults: list[Fault] = []
        self.channel_status: dict[int, int] = {}  # channel id -> forced HTTP status (403, 404, ...)
        self.rate_limits: RateLimits | None = None
        self.rate_limited: list[Request] = []
        self.messages: dict[int, dict[str, Any]] = {}
        self.originals: dict[str, int] = {}  # interaction token -> its original response message
        self.acknowledged: set[int] = set()  # interactions already answered (Discord takes one answer)
        self.uploads: dict[str, bytes] = {}  # attachment files members "uploaded", served under /cdn/
        self.created_messages: list[dict[str, Any]] = []  # channel messages Discord really created
        self.nonces: dict[tuple[int, Any], int] = {}
        self.edited_messages: list[int] = []  # ids of channel messages the bot edited, in order
        self.dm_channels: dict[int, int] = {}  # user id -> their direct-message channel id
        self.dm_closed: set[int] = set()  # users whose DMs refuse the bot (403)
        self.scheduled_events: dict[int, dict[str, Any]] = {}  # guild scheduled events by id
        self.event_status: dict[int, int] = {}  # guild id -> forced status for its events (403, ...)
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.guilds: list[dict[str, Any]] = []
        self.sockets: list[web.WebSocketResponse] = []
        self.identified = asyncio.Event()
        self.identify_count = 0
        self.identified_shards: list[tuple[int, int]] = []  # (shard id, shard count) of each IDENTIFY
        self.socket_shards: dict[web.WebSocketResponse, tuple[int, int]] = {}
        self.resume_count = 0
        self._seq = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle -----------------------------------------------------------
    async def start(self) -> FakeDiscord:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/cdn/{name}", self._cdn)
        app.router.add_route("*", API_PREFIX + "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def stop(self) -> None:
        for ws in list(self.sockets):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    def upload(self, filename: str, data: bytes, *, size: int | None = None) -> dict[str, Any]:
        """A member's uploaded attachment: stored for download, returned as the resolved attachment object.

        ``size`` may claim another size than ``len(data)`` (Discord reports the real one; a test of a
        50 MB file need not allocate 50 MB).
        """
        attachment_id = next_id()
        name = f"{attachment_id}-{filename}"
        self.uploads[name] = data
        url = f"http://127.0.0.1:{self.port}/cdn/{name}"
        return {
            "id": str(attachment_id),
            "filename": filename,
            "size": len(data) if size is None else size,
            "url": url,
            "proxy_url": url,
            "content_type": "text/csv; charset=utf-8",
        }

    async def _cdn(self, request: web.Request) -> web.Response:
        data = self.uploads.get(request.match_info["name"])
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data, content_type="text/csv")

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API_PREFIX}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # -- queries -------------------------------------------------------------
    def for_token(self, token: str) -> list[Request]:
        return [r for r in self.requests if f"/{token}" in r.path]

    def channel_messages(self, channel_id: int | None = None) -> list[Request]:
        return [
            r
            for r in self.requests
            if r.method == "POST"
            and re.match(r"^/channels/\d+/messages$", r.path)
            and 200 <= r.status < 300
            and (channel_id is None or r.path == f"/channels/{channel_id}/messages")
        ]

    async def wait_for(self, predicate: Callable[[], Any], within: float = 10.0) -> Any:
        async with self._changed:
            result = await asyncio.wait_for(self._changed.wait_for(predicate), within)
        return result

    # -- REST ----------------------------------------------------------------
    async def _record(self, request: web.Request, path: str) -> Request:
        # When the request arrived (its head is parsed), before this fake reads and decodes the
        # body: a bigger body must not count as the sender's latency (bench/bench_money.py).
        arrived = time.monotonic()
        body: Any = None
        files: list[tuple[str, bytes]] = []
        ctype = request.content_type
        if ctype == "multipart/form-data":
            reader = await request.multipart()
            async for part in reader:
                if part.name == "payload_json":
                    body = json.loads(await part.text())
                elif part.filename:
                    files.append((part.filename, bytes(await part.read())))
        elif request.can_read_body:
            raw = await request.read()
            if raw:
                body = json.loads(raw)
        rec = Request(request.method, path, dict(request.query), body, files, at=arrived)
        if self.validate:
            for problem in contract.validate_request(request.method, path, body):
                self.violations.append(problem)
        return rec

    def _reply(self, data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
        if status == 204:
            return web.Response(status=204, headers=headers)
        return web.Response(
            status=status, body=json.dumps(data).encode(), headers={"Content-Type": _JSON, **(headers or {})}
        )

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        rec = await self._record(request, path)
        response = await self._answer(request.method, path, rec)
        rec.status = response.status
        async with self._changed:
            self.requests.append(rec)
            self._changed.notify_all()
        return response

    async def _answer(self, method: str, path: str, rec: Request) -> web.Response:
        for fault in self.faults:
            if fault.matches(method, path):
                fault.times -= 1
                if fault.delay:
                    await asyncio.sleep(fault.delay)
                if fault.status < 400:
                    break
                if fault.after_effect:
                    self._route(method, path, rec)
                body = fault.body or {"message": "Injected fault", "code": 0}
                headers = dict(fault.headers)
                if fault.status == 429:
                    body = fault.body or {
                        "message": "You are being rate limited.",
                        "retry_after": 0.05,
                        "global": False,
                    }
                    # Discord's own 429s come through its proxy; discord.py treats one without Via as a ban.
                    headers.setdefault("Via", "1.1 google")
                    headers.setdefault("Retry-After", str(body.get("retry_after", 0.05)))
                    self.rate_limited.append(rec)
                return self._reply(body, fault.status, headers)
        if self.rate_limits is not None:
            limited = self.rate_limits.check(path, time.monotonic())
            if limited is not None:
                retry_after, is_global = limited
                self.rate_limited.append(rec)
                headers = {
                    "Retry-After": f"{retry_after:.3f}",
                    "X-RateLimit-Scope": "global" if is_global else "user",
                    "Via": "1.1 google",
                }
                if is_global:
                    headers["X-RateLimit-Global"] = "true"
                return self._reply(
                    {
                        "message": "You are being rate limited.",
                        "retry_after": retry_after,
                        "global": is_global,
                    },
                    429,
                    headers,
                )
        return self._route(method, path, rec)

    def _route(self, method: str, path: str, rec: Request) -> web.Response:
        if method == "GET" and path == "/users/@me":
            return self._reply(bot_user())
        if method == "GET" and path in ("/oauth2/applications/@me", "/applications/@me"):
            return self._reply(application())
        if method == "GET" and path in ("/gateway/bot", "/gateway"):
            return self._reply(
                {
                    "url": self.gateway_url,
                    "shards": 1,
                    "session_start_limit": {
                        "total": 1000,
                        "remaining": 999,
                        "reset_after": 0,
                        "max_concurrency": 1,
                    },
                }
            )
        if match := re.match(r"^/interactions/(\d+)/([^/]+)/callback$", path):
            return self._interaction_callback(int(match.group(1)), match.group(2), rec)
        if match := re.match(r"^/webhooks/(\d+)/([^/]+)(/messages/([^/]+))?$", path):
            return self._webhook(method, match.group(2), match.group(4), rec)
        if match := re.match(r"^/channels/(\d+)/messages$", path):
            channel_id = int(match.group(1))
            forced = self.channel_status.get(channel_id)
            if forced:
                codes = {403: 50013, 404: 10003}
                return self._reply({"message": "Forced by the test", "code": codes.get(forced, 0)}, forced)
            if method == "POST":
                body = rec.json or {}
                nonce_key = (channel_id, body.get("nonce")) if body.get("enforce_nonce") else None
                if nonce_key and nonce_key in self.nonces:
                    # Discord answers a repeated nonce with the message it already created.
                    return self._reply(self.messages[self.nonces[nonce_key]])
                message = message_object(channel_id, body)
                self.messages[int(message["id"])] = message
                self.created_messages.append(message)
                if nonce_key:
                    self.nonces[nonce_key] = int(message["id"])
                return self._reply(message)
        if match := re.match(r"^/channels/(\d+)/messages/(\d+)$", path):
            return self._channel_message(method, int(match.group(1)), int(match.group(2)), rec)
        if method == "POST" and path == "/users/@me/channels":
            return self._dm_channel(rec)
        if match := re.match(r"^/applications/(\d+)(/guilds/(\d+))?/commands$", path):
            scope = match.group(3) or "global"
            if method == "PUT":
                stored = [
                    {
                        **cmd,
                        "id": str(next_id()),
                        "application_id": str(APPLICATION_ID),
                        "version": str(next_id()),
                    }
                    for cmd in rec.json or []
                ]
                if scope != "global":
                    for cmd in stored:
                        cmd["guild_id"] = scope
                self.commands[scope] = stored
                return self._reply(stored)
            if method == "GET":
                return self._reply(self.commands.get(scope, []))
        if match := re.match(r"^/guilds/(\d+)/scheduled-events(?:/(\d+))?$", path):
            event_id = int(match.group(2)) if match.group(2) else None
            return self._scheduled_event(method, int(match.group(1)), event_id, rec)
        if match := re.match(r"^/channels/(\d+)$", path):
            return self._reply({"id": match.group(1), "type": 0, "name": "channel", "guild_id": None})
        self.violations.append(f"{method} {path}: the fake Discord has no answer for this request")
        return self._reply({"message": "404: Not Found", "code": 0}, 404)

    def _channel_message(self, method: str, channel_id: int, message_id: int, rec: Request) -> web.Response:
        """Edit or delete a message the bot posted in a channel (404 for one Discord never created)."""
        forced = self.channel_status.get(channel_id)
        if forced:
            return self._reply(
                {"message": "Forced by the test", "code": 50013 if forced == 403 else 10003}, forced
            )
        message = self.messages.get(message_id)
        if message is None or int(message["channel_id"]) != channel_id:
            return self._reply({"message": "Unknown Message", "code": 10008}, 404)
        if method == "DELETE":
            del self.messages[message_id]
            return self._reply(None, 204)
        if method == "PATCH":
            body = rec.json or {}
            message.update({key: body[key] for key in ("content", "embeds", "components") if key in body})
            message["edited_timestamp"] = datetime.now(UTC).isoformat()
            self.edited_messages.append(message_id)
        return self._reply(message)

    def _scheduled_event(
        self, method: str, guild_id: int, event_id: int | None, rec: Request
    ) -> web.Response:
        """Create, edit and delete guild scheduled events, with the rules the API description omits."""
        forced = self.event_status.get(guild_id)
        if forced:
            codes = {403: 50013, 404: 10004}
            return self._reply({"message": "Forced by the test", "code": codes.get(forced, 0)}, forced)
        if event_id is None:
            if method != "POST":
                return self._reply(list(self.scheduled_events.values()))
            event = {"id": str(next_id()), "guild_id": str(guild_id), "status": 1, "channel_id": None}
        else:
            found = self.scheduled_events.get(event_id)
            if found is None or found["guild_id"] != str(guild_id):
                return self._reply({"message": "Unknown Guild Scheduled Event", "code": 10070}, 404)
            if method == "DELETE":
                del self.scheduled_events[event_id]
                return self._reply(None, 204)
            if method != "PATCH":
                return self._reply(found)
            if found["status"] != 1:
                return self._reply({"message": "Cannot edit a finished event", "code": 180000}, 400)
            event = dict(found)
        event.update(rec.json or {})
        problem = self._event_problem(event)
        if problem:
            self.violations.append(f"{method} {rec.path}: {problem}")
            return self._reply({"message": problem, "code": 50035}, 400)
        event.setdefault("creator_id", str(BOT_USER_ID))
        self.scheduled_events[int(event["id"])] = event
        return self._reply(event)

    @staticmethod
    def _event_problem(event: dict[str, Any]) -> str | None:
        """What Discord refuses in an event that the OpenAPI schema lets through."""
        start = datetime.fromisoformat(event["scheduled_start_time"])
        end_text = event.get("scheduled_end_time")
        if start <= datetime.now(UTC):
            return "scheduled_start_time must be in the future"
        if event.get("entity_type") == 3:
            if not end_text:
                return "an external event needs scheduled_end_time"
            if datetime.fromisoformat(end_text) <= start:
                return "scheduled_end_time must be after scheduled_start_time"
            if not (event.get("entity_metadata") or {}).get("location"):
                return "an external event needs entity_metadata.location"
            if event.get("channel_id") is not None:
                return "an external event has no channel_id"
        return None

    def _dm_channel(self, rec: Request) -> web.Response:
        """Open (or reopen) the direct-message channel with a user; ``dm_closed`` users refuse DMs."""
        recipient = int((rec.json or {}).get("recipient_id") or 0)
        channel_id = self.dm_channels.setdefault(recipient, next_id())
        if recipient in self.dm_closed:
            self.channel_status[channel_id] = 403
        return self._reply(
            {
                "id": str(channel_id),
                "type": 1,
                "last_message_id": None,
                "flags": 0,
                "recipients": [
                    {
                        "id": str(recipient),
                        "username": f"member{recipient % 10000}",
                        "discriminator": "0",
                        "global_name": None,
                        "avatar": None,
                    }
                ],
            }
        )

    def _interaction_callback(self, interaction_id: int, token: str, rec: Request) -> web.Response:
        if interaction_id in self.acknowledged:
            # Discord takes one answer per interaction and refuses any other.
            return self._reply({"message": "Interaction has already been acknowledged.", "code": 40060}, 400)
        self.acknowledged.add(interaction_id)
        body = rec.json or {}
        kind = body.get("type")
        data = body.get("data") or {}
        answer: dict[str, Any] = {"interaction": {"id": str(interaction_id), "type": 2}}
        if kind in (4, 5, 6, 7):
            flags = int(data.get("flags") or 0)
            if kind == 5:
                flags |= LOADING  # Discord shows "LiveCoach is thinking…" until it is replaced
            message = message_object(0, {**data, "flags": flags} if kind in (4, 7) else {"flags": flags})
            self.messages[int(message["id"])] = message
            if kind in (4, 5):
                self.originals[token] = int(message["id"])
            answer["interaction"].update(
                response_message_id=message["id"],
                response_message_loading=kind == 5,
                response_message_ephemeral=bool(flags & EPHEMERAL),
            )
            answer["resource"] = {"type": kind, "message": message}
        if rec.query.get("with_response") in ("1", "true"):
            return self._reply(answer)
        return self._reply(None, 204)

    def _webhook(self, method: str, token: str, message_ref: str | None, rec: Request) -> web.Response:
        """Follow-ups and the original response, as Discord treats them.

        The first follow-up after a deferred ("thinking") response replaces that
        placeholder and keeps its visibility: a follow-up cannot turn a public
        placeholder private. A deleted original is gone for good.
        """
        body = rec.json or {}
        original_id = self.originals.get(token)
        original = self.messages.get(original_id) if original_id is not None else None
        if method == "POST" and message_ref is None:
            if original is not None and original["flags"] & LOADING:
                flags = (original["flags"] & EPHEMERAL) | (int(body.get("flags") or 0) & ~EPHEMERAL)
                original.update(message_object(0, {**body, "flags": flags}, message_id=original_id))
                return self._reply(original)
            message = message_object(0, body)
            self.messages[int(message["id"])] = message
            return self._reply(message)
        if message_ref == "@original":
            if original is None:
                return self._reply({"message": "Unknown Message", "code": 10008}, 404)
            if method == "DELETE":
                del self.messages[original_id]  # type: ignore[arg-type]
                del self.originals[token]
                return self._reply(None, 204)
            if method == "PATCH":
                flags = (original["flags"] & EPHEMERAL) | (
                    int(body.get("flags") or 0) & ~(EPHEMERAL | LOADING)
                )
                original.update(
                    message_object(0, {**original, **body, "flags": flags}, message_id=original_id)
                )
            return self._reply(original)
        if method == "DELETE":
            return self._reply(None, 204)
        message = message_object(0, body) if method == "PATCH" else message_object(0, {})
        return self._reply(message)

    # -- gateway -------------------------------------------------------------
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.sockets.append(ws)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": 41250}})
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                payload = json.loads(msg.data)
                op = payload.get("op")
                if op == 1:
                    await ws.send_json({"op": 11})
                elif op == 2:
                    self.identify_count += 1
                    await self._ready(ws, payload["d"])
                elif op == 6:
                    self.resume_count += 1
                    await ws.send_json({"op": 0, "t": "RESUMED", "s": next(self._seq), "d": {}})
                await self._notify()
        finally:
            if ws in self.sockets:
                self.sockets.remove(ws)
        return ws

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _ready(self, ws: web.WebSocketResponse, identify: dict[str, Any]) -> None:
        shard = identify.get("shard", [0, 1])
        self.identified_shards.append((int(shard[0]), int(shard[1])))
        self.socket_shards[ws] = (int(shard[0]), int(shard[1]))
        # As Discord does: a session gets the servers of its shard only, (id >> 22) % count.
        guilds = [g for g in self.guilds if (int(g["id"]) >> 22) % int(shard[1]) == int(shard[0])]
        await ws.send_json(
            {
                "op": 0,
                "t": "READY",
                "s": next(self._seq),
                "d": {
                    "v": 10,
                    "user": bot_user(),
                    "guilds": [{"id": g["id"], "unavailable": True} for g in guilds],
                    "session_id": f"session-{next_id()}",
                    "resume_gateway_url": self.gateway_url,
                    "shard": shard,
                    "application": {"id": str(APPLICATION_ID), "flags": 0},
                    "private_channels": [],
                    "relationships": [],
                },
            }
        )
        for guild in guilds:
            await ws.send_json({"op": 0, "t": "GUILD_CREATE", "s": next(self._seq), "d": guild})
        self.identified.set()

    async def send_event(self, event: str, data: dict[str, Any]) -> None:
        """Send a dispatch event to every connected gateway session (a server's only to its shard's)."""
        for ws in list(self.sockets):
            shard = self.socket_shards.get(ws)
            if (
                shard is not None
                and "guild_id" in data
                and (int(data["guild_id"]) >> 22) % shard[1] != shard[0]
            ):
                continue
            await ws.send_json({"op": 0, "t": event, "s": next(self._seq), "d": data})

    async def drop_gateway(self, code: int = 4000) -> None:
        """Close every gateway socket as Discord does on a server-side problem (the bot reconnects)."""
        for ws in list(self.sockets):
            await ws.close(code=code)
