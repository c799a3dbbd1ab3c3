"""ShardPlan (which servers a process owns) and the shard settings, from the environment as the bot reads it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.config import ConfigError, Settings, load_settings
from bot.core.shards import ShardPlan, shard_of
from tests.harness.factory import FAKE_TOKEN

PG = "postgresql://livecoach:secret-password@db:5432/livecoach"


def settings_from(**env: str) -> Settings:
    return load_settings({"DISCORD_TOKEN": FAKE_TOKEN, **env})


# -- the plan -------------------------------------------------------------------------------------
def test_a_guild_belongs_to_the_shard_discord_routes_it_to() -> None:
    # Discord's documented formula: shard_id = (guild_id >> 22) % num_shards.
    guild = 81384788765712384  # the example in Discord's gateway documentation
    assert shard_of(guild, 1) == 0
    assert shard_of(guild, 2) == (guild >> 22) % 2
    plan = ShardPlan((shard_of(guild, 4),), 4)
    assert plan.owns(guild)
    assert not ShardPlan(tuple(s for s in range(4) if s != shard_of(guild, 4)), 4).owns(guild)


@given(st.integers(min_value=1 << 22, max_value=(1 << 63) - 1), st.integers(min_value=1, max_value=64))
def test_every_guild_has_exactly_one_owner_among_the_processes(guild_id: int, count: int) -> None:
    processes = [ShardPlan((shard,), count) for shard in range(count)]
    assert sum(plan.owns(guild_id) for plan in processes) == 1
    assert ShardPlan.of(None, count).owns(guild_id)  # one process with every shard owns all


def test_the_default_plan_is_one_process_that_owns_everything_and_runs_the_once_jobs() -> None:
    plan = ShardPlan.of(None, None)
    assert plan == ShardPlan((0,), 1)
    assert plan.is_whole and plan.runs_once_jobs and plan.owns(1200000000000000001)
    assert plan.describe() == "shard 0 of 1"


def test_only_the_process_with_shard_zero_runs_the_once_jobs() -> None:
    assert ShardPlan((0, 1), 4).runs_once_jobs
    assert not ShardPlan((2, 3), 4).runs_once_jobs
    assert not ShardPlan((1,), 2).is_whole
    assert ShardPlan.of((3, 1), 4) == ShardPlan((1, 3), 4)
    assert ShardPlan.of(None, 3) == ShardPlan((0, 1, 2), 3)
    assert ShardPlan((1, 3), 4).describe() == "shards 1, 3 of 4"


@pytest.mark.parametrize(("ids", "count"), [((0,), 0), ((2,), 2), ((), 2), ((1, 1), 2), ((-1,), 2)])
def test_an_impossible_plan_is_refused(ids: tuple[int, ...], count: int) -> None:
    with pytest.raises(ValueError):
        ShardPlan(ids, count)


# -- settings -------------------------------------------------------------------------------------
def test_no_shard_settings_is_one_process() -> None:
    settings = settings_from()
    assert settings.shard_ids is None and settings.shard_count is None
    assert settings.shards == ShardPlan()


def test_shard_ids_and_count_with_postgresql() -> None:
    settings = settings_from(SHARD_IDS=" 1, 0 ", SHARD_COUNT="4", DATABASE_URL=PG)
    assert settings.shard_ids == (0, 1) and settings.shard_count == 4
    assert settings.shards == ShardPlan((0, 1), 4)
    assert "secret-password" not in repr(settings)  # the URL's password never shows


def test_a_count_alone_is_one_process_with_every_shard_even_on_sqlite() -> None:
    settings = settings_from(SHARD_COUNT="2")
    assert settings.shards == ShardPlan((0, 1), 2) and settings.shards.is_whole
    assert settings_from(SHARD_IDS="0,1", SHARD_COUNT="2").shards.is_whole


@pytest.mark.parametrize(
    ("env", "sentence"),
    [
        ({"SHARD_COUNT": "0"}, "SHARD_COUNT (--shard-count) must be a whole number from 1 to 10000, not 0."),
        ({"SHARD_COUNT": "four"}, "SHARD_COUNT (--shard-count) must be a whole number from 1 to 10000"),
        (
            {"SHARD_IDS": "0", "DATABASE_URL": PG},
            "SHARD_IDS (--shard-ids) needs SHARD_COUNT (--shard-count), the number of shards across "
            "every process, such as SHARD_COUNT=4.",
        ),
        (
            {"SHARD_IDS": "0,4", "SHARD_COUNT": "4", "DATABASE_URL": PG},
            "SHARD_IDS (--shard-ids) must be from 0 to 3 since SHARD_COUNT is 4, not 4.",
        ),
        (
            {"SHARD_IDS": "zero", "SHARD_COUNT": "4", "DATABASE_URL": PG},
            "SHARD_IDS (--shard-ids) must be shard numbers separated by commas, such as 0,1, not 'zero'.",
        ),
        (
            {"SHARD_IDS": "-1", "SHARD_COUNT": "4", "DATABASE_URL": PG},
            "SHARD_IDS (--shard-ids) must be shard numbers separated by commas",
        ),
        (
            {"SHARD_IDS": "1,1", "SHARD_COUNT": "4", "DATABASE_URL": PG},
            "SHARD_IDS (--shard-ids) lists shard 1 twice: name each shard once.",
        ),
        (
            {"SHARD_IDS": "0", "SHARD_COUNT": "2"},
            "Running shard 0 of 2 here leaves the other shards to other processes, which cannot share the "
            "SQLite file: set DATABASE_URL to a PostgreSQL database, or leave SHARD_IDS (--shard-ids) unset "
            "so this one process runs every shard.",
        ),
        (
            {"DATABASE_URL": "mysql://root:hunter2@db/livecoach"},
            "DATABASE_URL must be a PostgreSQL address such as postgresql://user:password@host:5432/livecoach",
        ),
    ],
)
def test_bad_shard_settings_are_one_sentence(env: dict[str, str], sentence: str) -> None:
    with pytest.raises(ConfigError) as caught:
        settings_from(**env)
    message = str(caught.value)
    assert message.startswith(sentence), message
    assert message.count(". ") == 0 and message.endswith("."), message  # one sentence
    assert "hunter2" not in message


def test_each_shard_process_has_its_own_heartbeat_file() -> None:
    one = settings_from(DATABASE_PATH="/srv/livecoach/livecoach.db")
    assert str(one.heartbeat_path) == "/srv/livecoach/livecoach.heartbeat"
    assert settings_from(DATABASE_PATH="/srv/livecoach/livecoach.db", SHARD_COUNT="4").heartbeat_path == (
        one.heartbeat_path
    )
    paths = {
        str(
            settings_from(
                DATABASE_PATH="/srv/livecoach/livecoach.db", SHARD_IDS=ids, SHARD_COUNT="4", DATABASE_URL=PG
            ).heartbeat_path
        )
        for ids in ("0,1", "2,3", "3")
    }
    assert paths == {
        "/srv/livecoach/livecoach.shards-0-1.heartbeat",
        "/srv/livecoach/livecoach.shards-2-3.heartbeat",
        "/srv/livecoach/livecoach.shards-3.heartbeat",
    }


def test_the_compose_recipe_runs_every_shard_once_on_postgresql() -> None:
    """docker-compose.yml: each shard service's settings load, and together they cover every shard once."""
    text = (Path(__file__).resolve().parents[2] / "docker-compose.yml").read_text(encoding="utf-8")
    (count,) = re.findall(r'^\s+SHARD_COUNT: "(\d+)"$', text, flags=re.MULTILINE)
    ids = re.findall(r'^\s+SHARD_IDS: "([\d,]+)"$', text, flags=re.MULTILINE)
    assert "DATABASE_URL: postgresql://" in text
    plans = [settings_from(SHARD_IDS=i, SHARD_COUNT=count, DATABASE_URL=PG).shards for i in ids]
    owned = sorted(shard for plan in plans for shard in plan.ids)
    assert owned == list(range(int(count))) and len(plans) == 2
    assert sum(plan.runs_once_jobs for plan in plans) == 1
