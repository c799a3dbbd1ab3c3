"""The storage engines tests run on: SQLite always, PostgreSQL when ``TEST_DATABASE_URL`` is set.

Tests that take the ``engine`` fixture (directly, or through ``settings``/``bot``/``storage``)
run once per engine when they live in one of :data:`BOTH_ENGINES` (the storage tests and the
feature tests); the rest (core, e2e, resilience) stay on SQLite. Each PostgreSQL test gets a
schema of its own (``search_path`` in the URL), created empty and migrated by the code under
test, and dropped afterwards: no state is shared between tests, and no mock database is used.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from bot.storage import Storage

TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
SKIP_REASON = (
    "PostgreSQL tests need TEST_DATABASE_URL=postgresql://… (a throw-away server; .ci/run starts one)"
)

# Test folders (under tests/) whose engine-using tests run on both engines.
BOTH_ENGINES = frozenset(
    {"storage", "money", "sessions", "stats", "reminders", "golive", "settings", "privacy", "meta"}
)
# ... and single files elsewhere whose subject is the shared database (two shard processes on it).
BOTH_ENGINES_FILES = frozenset({"core/test_shard_ownership.py"})
TESTS_ROOT = Path(__file__).resolve().parent.parent

OpenStorage = Callable[[], Awaitable[Storage]]
"""Opens (again) the test's one database: a restart, on either engine."""


def engines_for(test_file: Path) -> list[str]:
    """The engines a test file's tests run on; ``TEST_ENGINES=postgres`` (CI's second pass) picks one."""
    try:
        relative = test_file.resolve().relative_to(TESTS_ROOT)
    except ValueError:
        relative = Path("elsewhere")
    both = relative.parts[0] in BOTH_ENGINES or relative.as_posix() in BOTH_ENGINES_FILES
    found = ["sqlite", "postgres"] if both else ["sqlite"]
    only = os.environ.get("TEST_ENGINES", "").strip()
    if only:
        wanted = {e.strip() for e in only.split(",")}
        found = [e for e in found if e in wanted]
    return found


def needs_postgres(item: Any) -> bool:
    """Whether a collected test runs on PostgreSQL (its engine parameter, or the ``pg_url`` fixture)."""
    callspec = getattr(item, "callspec", None)
    if callspec is not None and callspec.params.get("engine") == "postgres":
        return True
    return "pg_url" in getattr(item, "fixturenames", ())


def _with_search_path(url: str, schema: str) -> str:
    return f"{url}{'&' if '?' in url else '?'}search_path={schema}"


@asynccontextmanager
async def fresh_schema(url: str = TEST_DATABASE_URL) -> AsyncIterator[str]:
    """A URL whose connections see only a new, empty schema of ``url``'s server; dropped on exit."""
    import asyncpg

    schema = f"t_{uuid.uuid4().hex[:16]}"
    admin = await asyncpg.connect(url)
    try:
        await admin.execute(f'CREATE SCHEMA "{schema}"')
    finally:
        await admin.close()
    try:
        yield _with_search_path(url, schema)
    finally:
        admin = await asyncpg.connect(url)
        try:
            await admin.execute(f'DROP SCHEMA "{schema}" CASCADE')
        finally:
            await admin.close()
