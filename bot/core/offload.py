"""Run CPU-bound pure functions (charts, cards, the likes bootstrap) off the event loop.

matplotlib's Agg renderer and the bootstrap hold the GIL for most of their
run, so a worker *thread* stalls the event loop for the whole render (75-130
ms measured in bench/bench_stats.py); worker *processes* keep it free (lag
3-16 ms). The bot owns one small pool, started lazily and shut down in
``close()``. Functions and arguments must be picklable.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

WORKERS = 2


def _exit_with_parent(parent_pid: int) -> None:
    """Worker initializer: leave as soon as the bot process is gone.

    A worker waits on its task queue, which never reports the bot's death (the
    worker holds that queue's other end itself), so after a SIGKILL it would live
    on as an orphan. A daemon thread notices the change of parent and exits.
    """

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _import(modules: tuple[str, ...]) -> None:
    for name in modules:
        importlib.import_module(name)


class Offloader:
    """``await offloader.run(func, *args)`` in a worker process, or a thread when ``processes`` is False."""

    def __init__(self, *, processes: bool = True, workers: int = WORKERS) -> None:
        self.processes = processes
        self._workers = workers
        self._pool: ProcessPoolExecutor | None = None

    def _get_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # "spawn": a fork of a process running an event loop and aiosqlite threads is unsafe.
            self._pool = ProcessPoolExecutor(
                max_workers=self._workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_exit_with_parent,
                initargs=(os.getpid(),),
            )
        return self._pool

    def warm_up(self, *modules: str) -> None:
        """Start the workers and import ``modules`` in them now (e.g. the chart code, whose matplotlib
        import is most of a cold first render), so the first offloaded call is not slow."""
        if self.processes:
            self._get_pool().submit(_import, modules)

    async def run(self, func: Callable[..., T], *args: Any) -> T:
        if not self.processes:
            return await asyncio.to_thread(func, *args)
        try:
            return await asyncio.get_running_loop().run_in_executor(self._get_pool(), func, *args)
        except BrokenProcessPool:
            log.warning(
                "The worker pool broke (a worker died); running %s in a thread instead", func.__name__
            )
            self._pool = None
            return await asyncio.to_thread(func, *args)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
