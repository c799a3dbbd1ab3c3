"""The LiveCoach bot: storage, scheduler and cogs, started and stopped in order."""

from __future__ import annotations

import gc
import logging
import time
from importlib import metadata
from typing import TypeVar

import discord
import yarl
from apscheduler.schedulers.asyncio import AsyncIOScheduler
from discord.ext import commands
from discord.gateway import DiscordWebSocket

from bot.core import http as rest_policy
from bot.core.config import Settings
from bot.core.mentions import Mentions
from bot.core.offload import Offloader
from bot.core.paths import MIGRATIONS_DIR
from bot.core.scheduler import create_scheduler
from bot.core.tree import LiveCoachTree, send_ephemeral
from bot.core.ui import STALE_COMPONENT, STALE_MODAL, has_live_handler
from bot.golive.service import GoLiveService
from bot.i18n import _
from bot.i18n.catalogue import load_all as load_catalogues
from bot.i18n.interactions import CatalogueTranslator, activate_for
from bot.money.service import MoneyService
from bot.privacy.service import PrivacyService
from bot.reminders.service import ReminderService
from bot.sessions.service import SessionService
from bot.stats.service import StatsService
from bot.storage import Storage
from bot.storage.database import Database
from bot.storage.migrations import MigrationError, required_version

log = logging.getLogger(__name__)
T = TypeVar("T")


def _ready(value: T | None, what: str) -> T:
    if value is None:
        raise RuntimeError(f"{what} is created in setup_hook")
    return value


def version() -> str:
    try:
        return metadata.version("livecoach")
    except metadata.PackageNotFoundError:
        return "0+unknown"


# The extensions the bot loads, one per top-level command (see cogs/): an explicit list,
# so a stray module in cogs/ is never loaded by accident and the order is fixed.
EXTENSIONS: tuple[str, ...] = (
    "cogs.estimate",
    "cogs.gift",
    "cogs.likes",
    "cogs.session",
    "cogs.stats",
    "cogs.peak",
    "cogs.reminder",
    "cogs.live",
    "cogs.schedule",
    "cogs.config",
    "cogs.privacy",
    "cogs.meta",
    "cogs.owner",
)


def intents() -> discord.Intents:
    """Only what slash commands need: no privileged intents, no message events."""
    result = discord.Intents.none()
    result.guilds = True
    return result


class LiveCoach(commands.AutoShardedBot):
    def __init__(self, settings: Settings, *, background: bool = True) -> None:
        super().__init__(
            command_prefix=commands.when_mentioned,
            help_command=None,
            intents=intents(),
            tree_cls=LiveCoachTree,
            allowed_mentions=Mentions.nobody(),
            owner_ids=set(settings.owner_ids) or None,
            max_messages=None,
            chunk_guilds_at_startup=False,
            # Without SHARD_COUNT: one process, as many shards as Discord advises (its /gateway/bot).
            shard_count=settings.shard_count,
        )
        if settings.shard_ids is not None:  # only these shards (load_settings made sure of a count)
            self.shard_ids = list(settings.shard_ids)
        self.settings = settings
        # Which servers' background work is this process's (reminders), and whether it runs the
        # once-per-deployment jobs (retention purge, leaderboard posts): the one with shard 0.
        self.plan = settings.shards
        # False for one-shot commands (sync): cogs then start no background work.
        self.background = background
        self.started_monotonic = time.monotonic()
        self._storage: Storage | None = None
        self._scheduler: AsyncIOScheduler | None = None
        self._money: MoneyService | None = None
        self._sessions: SessionService | None = None
        self._reminders: ReminderService | None = None
        self._privacy: PrivacyService | None = None
        self._stats: StatsService | None = None
        self._golive: GoLiveService | None = None
        # Charts and other CPU-bound work; tests may swap in Offloader(processes=False).
        self.offload = Offloader()
        rest_policy.install(self.http, timeout=settings.rest_timeout)  # time-outs; 503s retried in time
        if settings.api_base:
            discord.http.Route.BASE = settings.api_base

    @property
    def storage(self) -> Storage:
        return _ready(self._storage, "storage")

    @property
    def scheduler(self) -> AsyncIOScheduler:
        return _ready(self._scheduler, "the scheduler")

    @property
    def money(self) -> MoneyService:
        """Each server's gift catalogue and rates, cached in memory; rate and gift changes go through it."""
        return _ready(self._money, "the money service")

    @property
    def sessions(self) -> SessionService:
        """Session logs and timers: every session write goes through it."""
        return _ready(self._sessions, "the session service")

    @property
    def reminders(self) -> ReminderService:
        """Go-live reminders: adds, removals and pauses go through it so its jobs follow."""
        return _ready(self._reminders, "the reminder service")

    @property
    def stats(self) -> StatsService:
        """Members' goals and sharing choices, and the opt-in leaderboard posts (its job)."""
        return _ready(self._stats, "the stats service")

    @property
    def privacy(self) -> PrivacyService:
        """Members' data (export, delete) and the retention purge of servers the bot left."""
        return _ready(self._privacy, "the privacy service")

    @property
    def golive(self) -> GoLiveService:
        """Creators' go-live: handles, announcements, follows and recaps."""
        return _ready(self._golive, "the go-live service")

    @property
    def version(self) -> str:
        return version()

    @property
    def catalogue_date(self) -> str | None:
        try:
            from bot.money.model.catalogue import load_catalogue
        except ImportError:
            return None
        return load_catalogue().date.isoformat()

    @property
    def uptime_seconds(self) -> float:
        return time.monotonic() - self.started_monotonic

    async def setup_hook(self) -> None:
        # Translations first: a broken catalogue stops start-up instead of one reply.
        catalogues = load_catalogues()
        await self.tree.set_translator(CatalogueTranslator())
        log.info("Loaded %d translations", len(catalogues))
        self._storage = await open_storage(self.settings)
        self._scheduler = create_scheduler()
        self._scheduler.start()
        # The composition root: each feature's service is built from the narrow pieces it needs.
        self._money = MoneyService(self._storage)
        self._sessions = SessionService(self._storage, self._money)
        self._reminders = ReminderService.for_client(
            self,
            self._storage,
            self._scheduler,
            grace_minutes=self.settings.reminder_grace_minutes,
            # A process with only some shards delivers only its servers' reminders.
            shards=None if self.plan.is_whole else self.plan,
        )
        self._stats = StatsService.for_client(self, self._storage, self._scheduler)
        self._privacy = PrivacyService(
            self._storage, self._scheduler, self.settings.retention_days, self._money
        )
        self._golive = GoLiveService(self._storage, self._money, self, scheduler=self._scheduler)
        self._reminders.creators = self._golive  # personal reminders name their creator and tell followers
        self._reminders.events = self._golive.events  # ... and show as server events where turned on
        self._privacy.events = self._golive.events  # deleted data takes its events along
        if self.background:
            # One-shot commands (sync) start no background work.
            self.offload.warm_up("bot.stats.warm:draw_one")  # the chart code, imported and drawn once
            if self.plan.runs_once_jobs:
                await self._privacy.start()
            await self._reminders.start()
            if self.plan.runs_once_jobs:
                await self._golive.events.start()  # the start-up sweep of scheduled events
                await self._stats.start()
            log.info(
                "Connecting %s; %s the retention purge and leaderboard posts",
                self.plan.describe() if self.shard_count else "every shard Discord advises",
                "this process runs" if self.plan.runs_once_jobs else "the process with shard 0 runs",
            )
        for name in EXTENSIONS:
            await self.load_extension(name)
        log.info("Loaded %d cogs with %d top-level commands", len(self.cogs), len(self.tree.get_commands()))
        if self.background:
            # The workers warmed up while the services started and the cogs loaded; the bot is not
            # ready until both are warm, so the first two charts asked for at once are not slow.
            warmed = time.monotonic()
            count = await self.offload.wait_warm()
            log.info("%d chart workers warm (waited %.2f s)", count, time.monotonic() - warmed)
        # Everything built so far (catalogue, command tree, caches) lives as long as the process:
        # move it out of the collector's generations so each collection walks only new objects.
        gc.collect()
        gc.freeze()

    async def connect(self, *, reconnect: bool = True) -> None:
        if self.settings.api_base and self.shard_count is not None:
            # discord.py asks /gateway/bot for the address only when it picks the shard count itself;
            # with a fake Discord (testing only) its gateway must be asked for, not Discord's.
            _, url, _ = await self.http.get_bot_gateway()
            DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)
        await super().connect(reconnect=reconnect)

    async def close(self) -> None:
        # Reverse of setup_hook: cogs, scheduler, then (after the gateway) storage.
        for name in reversed(list(self.extensions)):
            try:
                await self.unload_extension(name)
            except Exception:
                log.exception("Could not unload %s cleanly", name)
        for service in (self._reminders, self._privacy, self._golive):
            if service is not None:
                await service.close()
        if self._stats is not None:
            await self._stats.close()
        if self._scheduler is not None and self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        self.offload.close()
        await super().close()
        if self._storage is not None:
            await self._storage.close()
            self._storage = None

    def dispatch(self, event_name: str, /, *args: object, **kwargs: object) -> None:
        """discord.py's dispatch, plus ``component_interaction`` for clicks and form submissions.

        The stale-click fallback listens to that event rather than to ``interaction``, so a
        slash command or autocomplete (which the tree answers) schedules no extra task on its
        way to the reply.
        """
        super().dispatch(event_name, *args, **kwargs)
        if event_name == "interaction" and getattr(args[0], "type", None) in _COMPONENT_OR_FORM:
            super().dispatch("component_interaction", *args)

    async def on_component_interaction(self, interaction: discord.Interaction) -> None:
        """Answer clicks on buttons and forms this process no longer knows (restart, timeout)."""
        if interaction.response.is_done() or has_live_handler(self, interaction):
            return
        modal = interaction.type is discord.InteractionType.modal_submit
        activate_for(interaction)
        try:
            await send_ephemeral(interaction, _(STALE_MODAL if modal else STALE_COMPONENT))
        except discord.HTTPException as exc:
            log.debug("Could not answer a stale interaction: %s", exc)

    async def on_ready(self) -> None:
        assert self.user is not None
        log.info("LiveCoach ready as %s (id %s) in %d servers", self.user, self.user.id, len(self.guilds))


_COMPONENT_OR_FORM = frozenset({discord.InteractionType.component, discord.InteractionType.modal_submit})


async def open_storage(settings: Settings, *, migrate: bool | None = None) -> Storage:
    """The engine the settings choose: PostgreSQL with ``DATABASE_URL``, else the SQLite file.

    Start-up migrates unless ``AUTO_MIGRATE=false`` (then ``python -m bot migrate`` does, and a
    schema that is behind is refused: see :func:`require_current_schema`).
    """
    migrate = settings.auto_migrate if migrate is None else migrate
    if settings.database_url:
        from bot.storage.postgres import describe_url

        url = settings.database_url
        storage = await Storage.connect(url, migrate=migrate, attempts=settings.start_attempts)
        where = describe_url(url)
    else:
        storage = Storage(await Database.open(settings.database_path, migrate=migrate))
        where = str(settings.database_path)
    try:
        if not migrate:
            await require_current_schema(storage)
    except BaseException:
        await storage.close()
        raise
    log.info("Database ready at %s (%s)", where, storage.db.dialect)
    return storage


async def require_current_schema(storage: Storage) -> None:
    """Refuse a database whose schema is not the one this code needs (AUTO_MIGRATE=false)."""
    required = required_version(MIGRATIONS_DIR)
    current = await storage.db.schema_version()
    if current != required:
        raise MigrationError(
            f"The database is at schema version {current} but this LiveCoach needs {required}, and "
            "AUTO_MIGRATE is false: run `python -m bot migrate` first."
        )
