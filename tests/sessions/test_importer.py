"""The CSV import parser: LiveCoach's own export reads back; every bad file gets a sentence."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.errors import InvalidInput
from bot.sessions.model.export import COLUMNS, sessions_to_csv
from bot.sessions.model.importer import MAX_IMPORT_BYTES, MAX_IMPORT_ROWS, check_size, parse_import
from bot.sessions.model.record import validate_session

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
GUILD, ME, OTHER = 7, 100, 200
HEADER = ",".join(COLUMNS)


def csv_of(*rows: str, header: str = HEADER) -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode("utf-8")


def row(start: str = "2026-11-30T21:30:00Z", minutes: str = "90", **cells: str) -> str:
    values = {
        "id": "",
        "started_at_utc": start,
        "started_at_local": "",
        "duration_minutes": minutes,
        "likes": "1200",
        "peak_viewers": "40",
        "avg_viewers": "",
        "diamonds": "500",
        "new_followers": "",
        "gifts": "",
        "note": "",
        **cells,
    }
    return ",".join(values[c] for c in COLUMNS)


def parse(data: bytes, **kwargs: object) -> object:
    return parse_import(data, guild_id=GUILD, importer_id=ME, now=NOW, **kwargs)  # type: ignore[arg-type]


def test_an_export_reads_back_to_the_same_sessions() -> None:
    records = [
        validate_session(
            guild_id=GUILD,
            user_id=ME,
            started_at=NOW - timedelta(days=d),
            duration_minutes=30 + d,
            likes=100 * d,
            peak_viewers=d,
            diamonds=7 * d,
            now=NOW,
            avg_viewers=d if d % 2 else None,
            note="=SUM(A1) and, commas" if d == 3 else None,
        )
        for d in range(1, 6)
    ]
    data = sessions_to_csv(records, "America/New_York", excel_bom=True)
    plan = parse_import(data, guild_id=GUILD, importer_id=ME, now=NOW)
    assert plan.ok and not plan.errors
    assert [r.record for r in plan.rows] == records  # the neutralised formula note comes back as typed
    assert plan.minutes == sum(r.duration_minutes for r in records)
    assert (
        plan.diamonds == 7 * 15
        and plan.first == records[-1].started_at
        and plan.last == records[0].started_at
    )


def test_row_errors_carry_their_line_numbers_and_nothing_is_partial() -> None:
    plan = parse(
        csv_of(
            row(),
            row(start="2026-11-29T20:00:00Z", minutes="0"),
            row(start="yesterday"),
            row(start="2026-11-28T20:00:00Z", likes="-5"),
            row(start="2026-11-27T20:00:00Z", diamonds="=1+1"),
            row(start="2026-11-26T20:00:00Z", note='=HYPERLINK("http://x")'),
            row(start="2026-11-25T20:00:00Z", note="@SUM(A1)"),
            row(),  # duplicate of line 2
            row(start="2030-01-01T00:00:00Z"),
            row(start="2026-11-24T20:00:00Z", likes="12.5"),
            row(start="2026-11-23T20:00:00Z", note="- a list item is fine"),
        )
    )
    assert not plan.ok
    by_line = {e.line: e.message for e in plan.errors}
    assert sorted(by_line) == [3, 4, 5, 6, 7, 8, 9, 10, 11]
    assert "between 1 minute and 24 hours" in by_line[3]
    assert "not a date and time" in by_line[4]
    assert "0 or more" in by_line[5]
    assert "formula" in by_line[6] and "formula" in by_line[7] and "formula" in by_line[8]
    assert "repeats line 2" in by_line[9]
    assert "future" in by_line[10]
    assert "whole number" in by_line[11]
    assert len(plan.rows) == 2
    assert plan.error_text(limit=3).splitlines()[-1] == "… and 6 more."
    assert plan.error_text().startswith("Line 3: ")


def test_sessions_already_logged_are_duplicates() -> None:
    start = datetime(2026, 11, 30, 21, 30, tzinfo=UTC)
    plan = parse(csv_of(row()), existing=frozenset({(ME, start.isoformat())}))
    assert not plan.ok and "already logged" in plan.errors[0].message


def test_another_members_rows_need_manage_server() -> None:
    header = HEADER + ",member_id,member_name"
    data = csv_of(row() + f",{OTHER},Zoë 🌸", row(start="2026-11-29T10:00:00Z") + f",{ME},Me", header=header)
    plan = parse(data)
    assert [e.line for e in plan.errors] == [2] and "another member's session" in plan.errors[0].message
    admin = parse(data, may_import_others=True)
    assert admin.ok and admin.members == {OTHER, ME}


def test_blank_cells_are_unknown_and_blank_lines_are_skipped() -> None:
    plan = parse(csv_of(row(avg_viewers="", new_followers=""), ",,,,,,,,,,"))
    assert plan.ok and len(plan.rows) == 1
    assert plan.rows[0].record.avg_viewers is None and plan.rows[0].record.new_followers is None


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"", "empty"),
        (b"\xff\xfe\x00bad", "not UTF-8"),
        (csv_of(row(), header=HEADER.replace("duration_minutes", "length")), "lacks duration_minutes"),
        (b"name,score\r\nx,1\r\n", "not in LiveCoach's export format"),
        (csv_of(row() + ",x", header=HEADER + ",extra"), "columns LiveCoach does not know"),
        (csv_of(header=HEADER), "no sessions"),
        (csv_of(row(), header=HEADER + ",note"), "appears twice"),
    ],
)
def test_files_that_are_not_an_export_are_refused_whole(data: bytes, says: str) -> None:
    with pytest.raises(InvalidInput, match=says):
        parse(data)


def test_a_50_mb_file_is_refused_before_reading() -> None:
    with pytest.raises(InvalidInput, match=r"50\.0 MB; an import takes at most 8 MB"):
        check_size(50 * 1024 * 1024)
    check_size(MAX_IMPORT_BYTES)


def test_too_many_rows_are_refused() -> None:
    rows = [
        row(start=(NOW - timedelta(minutes=m + 60)).strftime("%Y-%m-%dT%H:%M:%SZ"))
        for m in range(MAX_IMPORT_ROWS + 1)
    ]
    with pytest.raises(InvalidInput, match="more than 10,000 sessions"):
        parse(csv_of(*rows))


def test_ten_thousand_rows_parse_quickly() -> None:
    rows = [
        row(start=(NOW - timedelta(minutes=3 * m + 60)).strftime("%Y-%m-%dT%H:%M:%SZ"))
        for m in range(MAX_IMPORT_ROWS)
    ]
    data = csv_of(*rows)
    started = time.perf_counter()
    plan = parse(data)
    elapsed = time.perf_counter() - started
    assert plan.ok and len(plan.rows) == MAX_IMPORT_ROWS
    assert elapsed < 5, f"10,000 rows took {elapsed:.2f} s"


def test_gifts_read_back_by_name_and_stored_rows_become_errors() -> None:
    plan = parse(csv_of(row(gifts="Rose:3; Lion:1"), row(start="2026-11-29T20:00:00Z")))
    assert plan.ok and plan.rows[0].record.gifts == (("Rose", 3), ("Lion", 1))
    from bot.sessions.model.importer import mark_existing

    mark_existing(plan, frozenset({(ME, datetime(2026, 11, 29, 20, tzinfo=UTC).isoformat())}))
    assert not plan.ok and [e.line for e in plan.errors] == [3] and "already logged" in plan.errors[0].message
    bad = parse(csv_of(row(gifts="Rose:0")))
    assert "gift count as 1 or more" in bad.errors[0].message
