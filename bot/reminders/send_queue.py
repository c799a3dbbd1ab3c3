"""Outgoing message queue that stays inside Discord's rate limits before any 429 happens.

Limits kept (sliding windows over *send start* times, each widened by ``margin`` seconds):

* global: at most ``global_rate`` sends in any ``global_window`` (50 per 1 s);
* per channel: at most ``per_channel`` sends in any ``per_channel_window`` (5 per 5 s), so the 6th
  message of a channel starts ≥ 5 s + margin after its 1st.

Ordering and fairness: each channel is a FIFO and has at most one send in flight, so messages reach
a channel in submission order; different channels are served round-robin and concurrently. A
failing ``send`` only fails its own ``submit`` call; the limiter still counts it (the request was made).

Lifecycle: ``start()`` launches the dispatcher (``submit`` also starts it lazily); ``close()`` stops
accepting work and by default *drains* - waits until every queued item is sent. ``close(drain=False)``
cancels items not yet started (their submitters get ``CancelledError``) and waits only for sends
already in flight. A submitter that is cancelled while its item is still queued withdraws the item.

Time is injected (``clock``/``sleep``) so tests can run on a virtual clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import OrderedDict, deque
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

__all__ = ["SendQueue"]

T = TypeVar("T")

_Item = tuple[Any, "asyncio.Future[Any]"]


class QueueClosed(RuntimeError):
    """Raised by :meth:`SendQueue.submit` once the queue is closing: nothing was sent."""


class SendQueue(Generic[T]):
    """Rate-limited, per-channel FIFO dispatcher around an async ``send(channel_id, payload)``."""

    def __init__(
        self,
        send: Callable[[int, Any], Awaitable[T]],
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
        global_rate: int = 50,
        per_channel: int = 5,
        per_channel_window: float = 5.0,
        global_window: float = 1.0,
        margin: float = 0.05,
    ) -> None:
        if global_rate < 1 or per_channel < 1:
            raise ValueError("rates must be at least 1")
        self._send = send
        self._clock = clock
        self._sleep = sleep
        self._global_rate = global_rate
        self._per_channel = per_channel
        self._global_span = global_window + margin
        self._channel_span = per_channel_window + margin
        self._global_hist: deque[float] = deque(maxlen=global_rate)
        self._channel_hist: dict[int, deque[float]] = {}
        self._queues: OrderedDict[int, deque[_Item]] = OrderedDict()  # round-robin order
        self._busy: set[int] = set()
        self._inflight: set[asyncio.Task[None]] = set()
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self._closing = False
        self._dispatched = 0

    # ------------------------------------------------------------------ public API
    @property
    def global_rate_per_second(self) -> float:
        """The most sends per second this queue lets out (margin included)."""
        return self._global_rate / self._global_span

    @property
    def pending(self) -> int:
        """Items queued and not yet started."""
        return sum(len(q) for q in self._queues.values())

    def start(self) -> None:
        """Start the dispatcher task on the running loop (idempotent)."""
        if self._closing:
            raise QueueClosed("SendQueue is closed")
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._dispatch_loop())

    async def submit(self, channel_id: int, payload: Any) -> T:
        """Queue ``payload`` for ``channel_id`` and return what ``send`` returned for it."""
        if self._closing:
            raise QueueClosed("SendQueue is closed")
        self.start()
        fut: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        queue = self._queues.get(channel_id)
        if queue is None:
            queue = self._queues[channel_id] = deque()
        queue.append((payload, fut))
        self._wake.set()
        return await fut

    async def close(self, drain: bool = True) -> None:
        """Stop accepting items; drain the queue (default) or cancel what has not started."""
        self._closing = True
        if not drain:
            for queue in self._queues.values():
                for _, fut in queue:
                    fut.cancel()
            self._queues.clear()
        self._wake.set()
        if self._task is not None:
            await self._task
        if self._inflight:
            await asyncio.gather(*self._inflight, return_exceptions=True)

    async def __aenter__(self) -> SendQueue[T]:
        self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # ------------------------------------------------------------------ dispatcher

    def _ready_at(self, hist: deque[float], limit: int, span: float) -> float:
        return hist[0] + span if len(hist) >= limit else float("-inf")

    def _pick(self, now: float) -> tuple[int | None, float | None]:
        """Next channel to serve now, else the earliest time something may become sendable."""
        global_ready = self._ready_at(self._global_hist, self._global_rate, self._global_span)
        earliest: float | None = None
        for channel_id in list(self._queues):
            queue = self._queues[channel_id]
            while queue and queue[0][1].done():  # submitter gave up
                queue.popleft()
            if not queue:
                del self._queues[channel_id]
                continue
            if channel_id in self._busy:
                continue  # its completion sets the wake event
            hist = self._channel_hist.get(channel_id)
            ready = self._ready_at(hist, self._per_channel, self._channel_span) if hist else float("-inf")
            at = max(ready, global_ready)
            if at <= now:
                return channel_id, None
            if earliest is None or at < earliest:
                earliest = at
            if global_ready > now and ready <= global_ready:
                break  # nothing can go before the global window opens
        return None, earliest

    def _dispatch(self, channel_id: int, now: float) -> None:
        payload, fut = self._queues[channel_id].popleft()
        self._queues.move_to_end(channel_id)
        if not self._queues[channel_id]:
            del self._queues[channel_id]
        hist = self._channel_hist.get(channel_id)
        if hist is None:
            hist = self._channel_hist[channel_id] = deque(maxlen=self._per_channel)
        hist.append(now)
        self._global_hist.append(now)
        self._busy.add(channel_id)
        task = asyncio.get_running_loop().create_task(self._run_one(channel_id, payload, fut))
        self._inflight.add(task)
        task.add_done_callback(self._inflight.discard)
        self._dispatched += 1
        if self._dispatched % 1024 == 0:
            self._forget_idle_channels(now)

    def _forget_idle_channels(self, now: float) -> None:
        for channel_id in [c for c, h in self._channel_hist.items() if h[-1] + self._channel_span < now]:
            if channel_id not in self._queues and channel_id not in self._busy:
                del self._channel_hist[channel_id]

    async def _run_one(self, channel_id: int, payload: Any, fut: asyncio.Future[Any]) -> None:
        try:
            result = await self._send(channel_id, payload)
        except asyncio.CancelledError:
            if not fut.done():
                fut.cancel()
            raise
        except BaseException as exc:
            if not fut.done():
                fut.set_exception(exc)
        else:
            if not fut.done():
                fut.set_result(result)
        finally:
            self._busy.discard(channel_id)
            self._wake.set()

    async def _dispatch_loop(self) -> None:
        while True:
            self._wake.clear()
            now = self._clock()
            channel_id, wait_until = self._pick(now)
            if channel_id is not None:
                self._dispatch(channel_id, now)
                continue
            if self._closing and not self._queues:
                return
            if wait_until is None:
                await self._wake.wait()
                continue
            sleeper = asyncio.ensure_future(self._sleep(max(wait_until - now, 0.0)))
            waker = asyncio.ensure_future(self._wake.wait())
            try:
                await asyncio.wait({sleeper, waker}, return_when=asyncio.FIRST_COMPLETED)
            finally:
                for t in (sleeper, waker):
                    if not t.done():
                        t.cancel()
                        with contextlib.suppress(asyncio.CancelledError):
                            await t
