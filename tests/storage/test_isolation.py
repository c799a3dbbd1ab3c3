"""No command or repository call in one server ever reads or changes another server's data.

Two hypothesis properties run random sequences of operations in two servers
with members who may or may not have Manage Server, against a simple model:
one through the repository, one through the real command tree. After every
step each server's stored sessions must equal the model, and cross-server or
cross-member attempts must be refused without any change.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core.app import LiveCoach
from bot.sessions.model.record import validate_session
from bot.storage import Storage
from tests.harness import payloads as P
from tests.harness.dispatch import Harness
from tests.harness.engines import OpenStorage
from tests.harness.payloads import GUILD_ID, OTHER_GUILD_ID, Actor, Payloads
from tests.harness.sessions import button_id, modal_values

GUILDS = (GUILD_ID, OTHER_GUILD_ID)
USERS = (1400000000000000001, 1400000000000000002)
Model = dict[tuple[int, int], tuple[int, int, int, int]]  # (guild, #number) -> (guild, user, likes, diamonds)

guilds = st.sampled_from(GUILDS)
users = st.sampled_from(USERS)
counts = st.integers(min_value=0, max_value=10_000)
picks = st.integers(min_value=0, max_value=50)  # index into the numbers created so far (any server)

repo_ops = st.lists(
    st.one_of(
        st.tuples(st.just("add"), guilds, users, counts, counts),
        st.tuples(st.just("delete"), guilds, picks),
        st.tuples(st.just("update"), guilds, picks, counts),
        st.tuples(st.just("wipe_member"), guilds, users),
        st.tuples(st.just("purge"), guilds),
        st.tuples(st.just("timer"), guilds, users),
    ),
    max_size=14,
)

command_ops = st.lists(
    st.one_of(
        st.tuples(st.just("log"), guilds, users, counts, counts),
        st.tuples(st.just("delete"), guilds, users, st.booleans(), picks),
        st.tuples(st.just("edit"), guilds, users, st.booleans(), picks, counts),
        st.tuples(st.just("privacy_delete"), guilds, users),
        st.tuples(st.just("stats"), guilds, users),
    ),
    min_size=1,
    max_size=8,
)


async def stored(storage: Storage, guild_id: int) -> Model:
    return {
        (r.guild_id, r.number or 0): (r.guild_id, r.user_id, r.likes or 0, r.diamonds)
        for r in await storage.sessions.all_for_guild(guild_id)
    }


def in_guild(model: Model, guild_id: int) -> Model:
    return {k: v for k, v in model.items() if v[0] == guild_id}


async def assert_matches(storage: Storage, model: Model) -> None:
    for guild_id in GUILDS:
        assert await stored(storage, guild_id) == in_guild(model, guild_id)
        pairs = sorted(
            (likes, diamonds) for g, _, likes, diamonds in model.values() if g == guild_id and likes > 0
        )
        assert sorted(await storage.sessions.likes_diamonds_pairs(guild_id)) == pairs
        assert await storage.sessions.count_for_guild(guild_id) == len(in_guild(model, guild_id))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=repo_ops)
async def test_repository_calls_stay_inside_their_server(open_storage: OpenStorage, ops: list[tuple]) -> None:
    now = datetime.now(UTC)
    storage = await open_storage()  # the test's database, on each engine; emptied for each example
    async with storage.db.transaction() as tx:
        for table in ("sessions", "session_timers", "session_numbers"):
            await tx.execute(f"DELETE FROM {table}")
    repo = storage.sessions
    model: Model = {}
    created: list[int] = []
    timers: set[tuple[int, int]] = set()
    try:
        for op in ops:
            kind, guild_id = op[0], op[1]
            if kind == "add":
                _, _, user, likes, diamonds = op
                record = validate_session(
                    guild_id=guild_id,
                    user_id=user,
                    started_at=now - timedelta(hours=2),
                    duration_minutes=60,
                    likes=likes,
                    peak_viewers=1,
                    diamonds=diamonds,
                    now=now,
                )
                saved = await repo.add(record)
                model[(guild_id, saved.number or 0)] = (guild_id, user, likes, diamonds)
                created.append(saved.number or 0)
            elif kind in ("delete", "update") and created:
                number = created[op[2] % len(created)]  # a number from any server, asked in this one
                target = (guild_id, number)
                owner = model.get(target)
                if kind == "delete":
                    done = await repo.delete(guild_id, number)
                    assert done == (owner is not None)
                    if done:
                        del model[target]
                else:
                    current = await repo.get(guild_id, number)
                    assert (current is not None) == (owner is not None)
                    if current is not None:
                        assert await repo.update(replace(current, likes=op[3]))
                        model[target] = (*model[target][:2], op[3], model[target][3])
            elif kind == "wipe_member":
                removed = (await storage.delete_member(guild_id, op[2]))["sessions"]
                gone = [k for k, v in model.items() if v[0] == guild_id and v[1] == op[2]]
                assert removed == len(gone)
                for k in gone:
                    del model[k]
                timers.discard((guild_id, op[2]))
            elif kind == "purge":
                removed, _ = await repo.purge_guild(guild_id)
                gone = [k for k, v in model.items() if v[0] == guild_id]
                assert removed == len(gone)
                for k in gone:
                    del model[k]
                timers = {t for t in timers if t[0] != guild_id}
            elif kind == "timer":
                await repo.start_timer(guild_id, op[2], now, None)
                timers.add((guild_id, op[2]))
            await assert_matches(storage, model)
            for guild_id in GUILDS:
                for user in USERS:
                    timer = await repo.get_timer(guild_id, user)
                    assert (timer is not None) == ((guild_id, user) in timers)
                    totals = await repo.member_totals(guild_id, user, None)
                    mine = [v for v in model.values() if v[0] == guild_id and v[1] == user]
                    assert (totals.sessions, totals.likes, totals.diamonds) == (
                        len(mine),
                        sum(v[2] for v in mine),
                        sum(v[3] for v in mine),
                    )
    finally:
        await storage.close()


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=command_ops)
async def test_commands_stay_inside_their_server(
    harness: Harness, payloads: Payloads, bot: LiveCoach, ops: list[tuple]
) -> None:
    await bot.storage.db.execute("DELETE FROM sessions")
    await bot.storage.db.execute("DELETE FROM session_timers")
    model: Model = {}
    created: list[int] = []
    for step, op in enumerate(ops):
        kind, guild_id, user = op[0], op[1], op[2]
        if kind == "log":
            likes, diamonds = op[3], op[4]
            reply = await harness.run(
                payloads.slash(
                    "session log",
                    Actor(user, guild_id=guild_id),
                    duration="1h",
                    likes=likes,
                    diamonds=diamonds,
                )
            )
            number = int(reply.field("Session").lstrip("#"))
            model[(guild_id, number)] = (guild_id, user, likes, diamonds)
            created.append(number)
        elif kind in ("delete", "edit") and created:
            admin, number = op[3], created[op[4] % len(created)]
            target = (guild_id, number)  # numbers are per server: #N here is not #N elsewhere
            actor = Actor(user, guild_id=guild_id, admin=admin)
            owner = model.get(target)
            reply = await harness.run(payloads.slash(f"session {kind}", actor, id=number))
            if owner is None:
                assert f"There is no session #{number} in this server" in reply.content
            elif owner[1] != user and not admin:
                assert "only change your own sessions" in reply.content
            elif kind == "delete":
                done = await harness.run(
                    P.button(reply.stored_message, button_id(reply, "confirm:yes"), actor)
                )
                assert done.content == f"Deleted session #{number}."
                del model[target]
            else:
                new_likes = op[5]
                values = {**modal_values(reply.modal), "likes": str(new_likes)}
                done = await harness.run(P.modal_submit(reply.modal, values, actor))
                assert done.embed["title"] == f"Session #{number} updated"
                model[target] = (owner[0], owner[1], new_likes, owner[3])
        elif kind == "privacy_delete":
            actor = Actor(user, guild_id=guild_id)
            reply = await harness.run(payloads.slash("privacy delete", actor))
            done = await harness.run(P.button(reply.stored_message, button_id(reply, "confirm:yes"), actor))
            gone = [k for k, v in model.items() if v[0] == guild_id and v[1] == user]
            assert done.content.startswith(f"Deleted {len(gone)} session")
            for k in gone:
                del model[k]
        elif kind == "stats":
            reply = await harness.run(
                payloads.slash("stats member", Actor(user, guild_id=guild_id), period="7d", chart=False)
            )
            mine = [v for v in model.values() if v[0] == guild_id and v[1] == user]
            assert reply.field("Sessions").split(" · ")[0] == f"{len(mine):,}", step
            assert reply.field("Diamonds").startswith(f"{sum(v[3] for v in mine):,} ")
        await assert_matches(bot.storage, model)
