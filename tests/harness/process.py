"""Run ``python -m bot`` as a real process, with its output collected line by line."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Mapping
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def bot_env(extra: Mapping[str, str]) -> dict[str, str]:
    """The parent's environment without any LiveCoach setting, plus ``extra``."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DISCORD_TOKEN",
            "DATABASE_PATH",
            "DATABASE_URL",
            "AUTO_MIGRATE",
            "DEV_GUILD_ID",
            "LOG_LEVEL",
            "OWNER_IDS",
            "DISCORD_API_BASE",
            "REMINDER_GRACE_MINUTES",
            "DATA_RETENTION_DAYS",
            "LOG_FORMAT",
            "DISCORD_TIMEOUT_SECONDS",
            "DISCORD_START_ATTEMPTS",
            "SHARD_IDS",
            "SHARD_COUNT",
        }
    }
    env["LIVECOACH_ENV_FILE"] = ""  # never read a developer's .env in tests
    env["PYTHONUNBUFFERED"] = "1"
    # `python -m bot` finds this checkout's code whether or not the package is installed.
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH", "")]))
    env.update(extra)
    return env


def children_of(pid: int) -> list[int]:
    """Live child processes of ``pid`` (Linux /proc), e.g. the bot's chart workers."""
    found: list[int] = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


class BotProcess:
    def __init__(self, args: list[str], env: Mapping[str, str], cwd: Path, *, module: str = "bot") -> None:
        self.module = module  # run as ``python -m <module> <args>``
        self.args = args
        self.env = dict(env)
        self.cwd = cwd
        self.lines: list[str] = []
        self.proc: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self._new_line = asyncio.Event()

    async def start(self) -> BotProcess:
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            self.module,
            *self.args,
            cwd=self.cwd,
            env=self.env,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
            # At DEBUG discord.py logs whole request bodies on one line; a localised command sync is
            # a few hundred kB (names and descriptions in every shipped language).
            limit=16 * 1024 * 1024,
        )
        self._reader = asyncio.create_task(self._read())
        return self

    async def _read(self) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        async for raw in self.proc.stdout:
            self.lines.append(raw.decode(errors="replace").rstrip("\n"))
            self._new_line.set()

    @property
    def output(self) -> str:
        return "\n".join(self.lines)

    async def wait_for_line(self, needle: str, within: float = 30.0) -> str:
        async with asyncio.timeout(within):
            while True:
                for line in self.lines:
                    if needle in line:
                        return line
                if self.proc is not None and self.proc.returncode is not None:
                    raise AssertionError(
                        f"the bot exited ({self.proc.returncode}) before {needle!r}:\n{self.output}"
                    )
                self._new_line.clear()
                await self._new_line.wait()

    async def stop(self, sig: int = signal.SIGTERM, within: float = 20.0) -> int:
        assert self.proc is not None
        if self.proc.returncode is None:
            self.proc.send_signal(sig)
        async with asyncio.timeout(within):
            code = await self.proc.wait()
            if self._reader is not None:
                await self._reader
        return code


async def run_to_end(
    args: list[str], env: Mapping[str, str], cwd: Path, within: float = 60.0
) -> tuple[int, str]:
    process = await BotProcess(args, env, cwd).start()
    assert process.proc is not None
    async with asyncio.timeout(within):
        code = await process.proc.wait()
        if process._reader is not None:
            await process._reader
    return code, process.output
