"""CSV export of a member's sessions (UTF-8, header row, safe to open in spreadsheets)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import UTC
from zoneinfo import ZoneInfo

from bot.sessions.model.record import Gifts, SessionRecord

COLUMNS = (
    "id",
    "started_at_utc",
    "started_at_local",
    "duration_minutes",
    "likes",
    "peak_viewers",
    "avg_viewers",
    "diamonds",
    "new_followers",
    "gifts",
    "note",
)
MEMBER_COLUMNS = ("member_id", "member_name")  # added in the server-wide export
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralize(cell: str) -> str:
    """Prefix a quote to text a spreadsheet would run as a formula (= + - @, tab, CR)."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell


def format_gifts(gifts: Gifts, gift_name: Callable[[int | str], str] = str) -> str:
    """``Rose:3; Lion:1`` — gift name (or key) and count, in logged order."""
    return "; ".join(f"{gift_name(key)}:{count}" for key, count in gifts)


def sessions_to_csv(
    records: Iterable[SessionRecord],
    zone_name: str,
    *,
    excel_bom: bool = False,
    gift_name: Callable[[int | str], str] = str,
    member_name: Callable[[int], str] | None = None,
) -> bytes:
    """Encode sessions as CSV bytes; local times use the IANA zone ``zone_name``.

    Free-text cells (gifts, note) are neutralised against formula injection.
    ``excel_bom`` prepends a UTF-8 BOM so Excel detects the encoding. With ``member_name``
    (the server-wide export) every row also names its member: ``member_id``, ``member_name``.
    """
    zone = ZoneInfo(zone_name)
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS if member_name is None else (*COLUMNS, *MEMBER_COLUMNS))
    for r in records:
        utc = r.started_at.astimezone(UTC)
        member = () if member_name is None else (r.user_id, neutralize(member_name(r.user_id)))
        writer.writerow(
            (
                "" if r.number is None else r.number,
                utc.strftime("%Y-%m-%dT%H:%M:%SZ"),
                utc.astimezone(zone).isoformat(timespec="seconds"),
                r.duration_minutes,
                "" if r.likes is None else r.likes,
                "" if r.peak_viewers is None else r.peak_viewers,
                "" if r.avg_viewers is None else r.avg_viewers,
                r.diamonds,
                "" if r.new_followers is None else r.new_followers,
                neutralize(format_gifts(r.gifts, gift_name)),
                "" if r.note is None else neutralize(r.note),
                *member,
            )
        )
    data = buffer.getvalue().encode("utf-8")
    return b"\xef\xbb\xbf" + data if excel_bom else data
