"""Fuzz every command and subcommand in the tree through the real dispatch path.

Per run (fixed seed in CI; ``FUZZ_EXAMPLES=20000`` for a longer run by hand):
no unhandled exception, every interaction answered exactly once within
Discord's 3-second deadline with a readable answer, no contract violation,
and no stored row of the other server touched.
"""

from __future__ import annotations

import os
import sqlite3
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tests.harness.dispatch import Reply
from tests.harness.factory import FAKE_TOKEN
from tests.harness.payloads import GUILD_ID, OTHER_GUILD_ID
from tests.harness.runner import ThreadedBot
from tests.resilience.strategies import command_case

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "2000"))
DEADLINE_SECONDS = 3.0
REPORT: Counter[str] = Counter()


@pytest.fixture(scope="module")
def running(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ThreadedBot]:
    db = tmp_path_factory.mktemp("fuzz") / "livecoach.db"
    with ThreadedBot(db, FAKE_TOKEN) as threaded:
        yield threaded
        assert not threaded.fake.violations, "\n".join(threaded.fake.violations[:20])


def rows_per_guild(db: Path) -> dict[tuple[str, int], int]:
    """Row counts of every table that has a guild_id column, per guild."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        counts: dict[tuple[str, int], int] = {}
        for table in tables:
            columns = {r[1] for r in conn.execute(f"PRAGMA table_info({table})")}
            if "guild_id" in columns:
                for guild_id, n in conn.execute(f"SELECT guild_id, count(*) FROM {table} GROUP BY guild_id"):
                    counts[(table, guild_id)] = n
    return counts


def assert_answered_well(label: str, reply: Reply) -> None:
    callbacks = reply.callbacks
    assert len(callbacks) == 1, f"{label}: {len(callbacks)} interaction callbacks"
    assert reply.latency is not None and reply.latency < DEADLINE_SECONDS, (
        f"{label}: answered after the deadline"
    )
    kind = reply.callback_type
    if kind == 8:
        choices = reply.choices
        assert len(choices) <= 25
        return
    if kind == 9:
        assert reply.modal["components"], f"{label}: empty modal"
        return
    assert kind in (4, 5), f"{label}: unexpected callback type {kind}"
    text = reply.text
    assert text.strip() or reply.files, f"{label}: nothing readable was sent"
    assert "Something went wrong" not in text, f"{label}: unexpected error: {text}"
    assert "Traceback" not in text and FAKE_TOKEN not in text
    if kind == 4 and reply.ephemeral and not reply.embeds:
        assert_sentence(label, reply.content)
    for followup in reply.followups:
        if followup.get("flags", 0) & 64 and not followup.get("embeds") and followup.get("content"):
            assert_sentence(label, followup["content"])


def assert_sentence(label: str, content: str) -> None:
    """A short answer a person can read: starts like a sentence, ends like one, fits a glance."""
    stripped = content.strip()
    assert stripped, f"{label}: empty reply"
    assert len(stripped) <= 600, f"{label}: a {len(stripped)}-character error is not short: {stripped[:80]}…"
    assert stripped[0].isupper() or stripped[0] in '“"*<', (
        f"{label}: {stripped[:80]!r} does not start a sentence"
    )
    assert stripped[-1] in ".!?)”*>`", f"{label}: {stripped[-80:]!r} does not end a sentence"


def test_fuzz_every_command(running: ThreadedBot) -> None:
    db = running.database_path

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(case=command_case(running.payloads))
    def run_case(case: tuple[str, dict[str, Any]]) -> None:
        label, payload = case
        acting = int(payload["guild_id"])
        other = OTHER_GUILD_ID if acting == GUILD_ID else GUILD_ID
        before = rows_per_guild(db) if db.exists() else {}
        reply = running.run(payload)
        assert_answered_well(label, reply)
        after = rows_per_guild(db)
        for table, guild in after.keys() | before.keys():
            if guild == other:
                assert before.get((table, guild), 0) == after.get((table, guild), 0), (
                    f"{label} in guild {acting} changed {table} rows of guild {other}"
                )
            assert guild in (GUILD_ID, OTHER_GUILD_ID), f"{label} stored a row for unknown guild {guild}"
        REPORT[label.split(" ")[0] if label.startswith("/") else "autocomplete"] += 1
        REPORT["cases"] += 1
        REPORT["ephemeral errors" if reply.callback_type == 4 and reply.ephemeral else "answers"] += 1

    run_case()
    print(f"\nfuzz: {dict(REPORT)}")
    assert REPORT["cases"] >= min(EXAMPLES, 2000) * 0.9
