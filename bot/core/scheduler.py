"""APScheduler wiring: one AsyncIOScheduler per process, jobs rebuilt from our own tables.

Jobs live in the default MemoryJobStore (nothing is pickled); features add
them at start-up from SQLite with fixed ids and ``replace_existing=True``.
"""

from __future__ import annotations

from datetime import UTC

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.i18n.context import detached

# Default for jobs that set none: a job that could not run on time (event loop
# busy, process paused) still runs if it is at most this late. Reminder jobs set
# their own misfire grace (REMINDER_GRACE_MINUTES) and record every occurrence,
# so a late run can never post twice.
MISFIRE_GRACE_SECONDS = 60


class LiveCoachScheduler(AsyncIOScheduler):
    """Jobs run detached from whatever interaction added them (in English until they choose).

    APScheduler wakes itself with ``call_soon_threadsafe`` / ``call_later``, which copy the
    caller's context: a job added while answering a pt-BR member would run in pt-BR.
    """

    def wakeup(self) -> None:
        detached().run(super().wakeup)


def create_scheduler() -> AsyncIOScheduler:
    """A scheduler that must be started inside the running event loop (``setup_hook``)."""
    return LiveCoachScheduler(
        timezone=UTC,
        job_defaults={
            # After a stall, run a job once, not once per missed fire time.
            "coalesce": True,
            "misfire_grace_time": MISFIRE_GRACE_SECONDS,
            "max_instances": 1,
        },
    )
