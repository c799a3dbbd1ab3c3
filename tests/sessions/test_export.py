from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from bot.sessions.model.export import COLUMNS, neutralize, sessions_to_csv
from bot.sessions.model.record import SessionRecord


def rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def test_csv_columns_values_and_zones() -> None:
    record = SessionRecord(
        7, 1, 2, datetime(2026, 11, 21, 1, 0, tzinfo=UTC), 95, 12_000, 80, 40, 2_500, None,
        ((5655, 3), ("Rose", 10)), "Great, \"loud\" chat\nsecond line 🌸", number=7,
    )  # fmt: skip
    data = sessions_to_csv([record], "America/New_York")
    table = rows(data)
    assert table[0] == list(COLUMNS)
    assert table[1] == [
        "7",
        "2026-11-21T01:00:00Z",
        "2026-11-20T20:00:00-05:00",
        "95",
        "12000",
        "80",
        "40",
        "2500",
        "",
        "5655:3; Rose:10",
        'Great, "loud" chat\nsecond line 🌸',
    ]
    assert data.startswith(b"id,started_at_utc,")
    assert sessions_to_csv([record], "UTC", excel_bom=True).startswith(b"\xef\xbb\xbfid,")


def test_formula_injection_is_neutralised() -> None:
    dangerous = ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\t=1"]
    records = [
        SessionRecord(
            i, 1, 2, datetime(2026, 1, 1, tzinfo=UTC), 10, 0, 0, None, 0, None, (("=cmd", 1),), note
        )
        for i, note in enumerate(dangerous)
    ]
    table = rows(sessions_to_csv(records, "Europe/Berlin"))
    for row, note in zip(table[1:], dangerous, strict=True):
        assert row[-1] == "'" + note
        assert row[-2] == "'=cmd:1"
        assert row[2] == "2026-01-01T01:00:00+01:00"
    assert neutralize("fine = ok") == "fine = ok"


def test_empty_export_has_header_only() -> None:
    assert rows(sessions_to_csv([], "UTC")) == [list(COLUMNS)]


def test_the_server_export_names_each_member_and_blanks_stay_blank() -> None:
    record = SessionRecord(
        9, 1, 2, datetime(2026, 11, 21, 1, 0, tzinfo=UTC), 60, None, None, None, 10, None, number=3
    )
    table = rows(sessions_to_csv([record], "UTC", member_name=lambda user_id: f"=cmd {user_id}"))
    assert table[0] == [*COLUMNS, "member_id", "member_name"]
    assert table[1][0] == "3" and table[1][4] == "" and table[1][5] == ""  # unknown likes and peak: blank
    assert table[1][-2:] == ["2", "'=cmd 2"]  # a name is text, never a formula
