"""Run CPU-bound pure functions (charts, cards, the likes bootstrap) off the event loop.

matplotlib's Agg renderer and the bootstrap hold the GIL for most of their
run, so a worker *thread* stalls the event loop for the whole render (75-130
ms measured in bench/bench_stats.py); worker *processes* keep it free (lag
3-16 ms). The bot owns one small pool, shut down in ``close()``. Functions and
arguments must be picklable.

Warm at start-up: ``warm_up(modules)`` starts EVERY worker at once, and each one
imports ``modules`` (the chart code: the matplotlib import is most of a cold
first render) in its initializer, before it takes any work. So two charts asked
for at the same moment each find a ready worker; with one warm worker and a
second started on demand, the second waited ~0.5 s for a fresh interpreter.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")

WORKERS = 2


def _start_worker(parent_pid: int, modules: tuple[str, ...]) -> None:
    """Worker initializer: import the warm-up modules, and leave when the bot process is gone."""
    _exit_with_parent(parent_pid)
    _import(modules)


def _ready(hold: float = 0.0) -> int:
    """A no-op task (one per worker makes the pool start them all now); returns the worker's pid.

    A worker takes its first task only after its initializer (the warm-up) is done, so a pid
    coming back means that worker is warm. ``hold`` keeps a warm worker busy a moment, so the
    next task goes to another one.
    """
    if hold:
        time.sleep(hold)
    return os.getpid()


def _exit_with_parent(parent_pid: int) -> None:
    """Leave as soon as the bot process is gone.

    A worker waits on its task queue, which never reports the bot's death (the
    worker holds that queue's other end itself), so after a SIGKILL it would live
    on as an orphan. A daemon thread notices the change of parent and exits.
    """

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def imported(modules: tuple[str, ...]) -> tuple[int, list[str]]:
    """This process's id and which of ``modules`` it has imported (run in a worker: is it warm?)."""
    return os.getpid(), [name for name in modules if name.partition(":")[0] in sys.modules]


def _import(modules: tuple[str, ...]) -> None:
    """Import each ``"package.module"``; for ``"package.module:function"`` also call the function."""
    for spec in modules:
        name, _, function = spec.partition(":")
        module = importlib.import_module(name)
        if function:
            getattr(module, function)()


class Offloader:
    """``await offloader.run(func, *args)`` in a worker process, or a thread when ``processes`` is False."""

    def __init__(self, *, processes: bool = True, workers: int = WORKERS) -> None:
        self.processes = processes
        self._workers = workers
        self._pool: ProcessPoolExecutor | None = None
        self._warm: tuple[str, ...] = ()

    def _get_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # "spawn": a fork of a process running an event loop and aiosqlite threads is unsafe.
            self._pool = ProcessPoolExecutor(
                max_workers=self._workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(os.getpid(), self._warm),
            )
            # The pool starts a worker per task while none is idle: one no-op task per worker
            # starts them all now (each imports the warm-up modules first), not on first demand.
            for _ in range(self._workers):
                self._pool.submit(_ready)
        return self._pool

    def warm_up(self, *modules: str) -> None:
        """Start every worker now, each importing ``modules`` (e.g. the chart code) before any work,
        so neither of two charts asked for at once pays for a cold worker. ``"module:function"``
        also calls that function in each worker (e.g. to draw one throw-away chart)."""
        if not self.processes:
            return
        self._warm = tuple(dict.fromkeys((*self._warm, *modules)))
        if self._pool is None:
            self._get_pool()
        else:  # already running (warm_up after a first use): the next workers import them too
            self._pool.submit(_import, modules)

    async def wait_warm(self, within: float = 30.0) -> int:
        """Wait until every worker has finished its warm-up (at most ``within`` s); returns how many did.

        The bot awaits this at the end of ``setup_hook``: it is not ready until two charts asked
        for at once would each find a warm worker.
        """
        if not self.processes or self._pool is None:
            return 0
        loop = asyncio.get_running_loop()
        deadline = loop.time() + within
        seen: set[int] = set()
        while len(seen) < self._workers and loop.time() < deadline:
            pool = self._get_pool()
            calls = [asyncio.wrap_future(pool.submit(_ready, 0.05)) for _ in range(self._workers)]
            try:
                done = await asyncio.wait_for(asyncio.gather(*calls), max(0.1, deadline - loop.time()))
            except (TimeoutError, BrokenProcessPool):
                break
            seen.update(done)
        if len(seen) < self._workers:
            log.warning("Only %d of %d chart workers were ready in %.0f s", len(seen), self._workers, within)
        return len(seen)

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
