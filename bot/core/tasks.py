"""Background work a service starts and must be able to wait for (tests) or cancel (shutdown)."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable
from typing import Any

from bot.i18n.context import detached


class TaskSet:
    """Tasks kept alive until done (asyncio holds only weak references to them)."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[Any]] = set()

    def spawn(self, work: Awaitable[Any]) -> None:
        # Detached from the interaction that started it: not built in that member's language.
        if inspect.iscoroutine(work):
            task = asyncio.get_running_loop().create_task(work, context=detached())
        else:
            task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def drain(self) -> None:
        """Wait until every task, and every task those started, has finished."""
        while pending := [t for t in self._tasks if not t.done()]:
            await asyncio.gather(*pending, return_exceptions=True)

    async def cancel(self) -> None:
        pending = [t for t in self._tasks if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
