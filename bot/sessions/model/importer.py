"""Reading sessions back from a CSV in LiveCoach's own export format, checked row by row.

Pure and synchronous (``now``, the server and the importer are passed in), so the
bot can run it in a worker process: 10,000 rows never stall the event loop.
Nothing is stored here; the caller shows the preview and stores every row or none.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.core.errors import InvalidInput, LiveCoachError
from bot.core.format import count, decimal_symbols
from bot.i18n import _
from bot.sessions.model.export import COLUMNS, MEMBER_COLUMNS
from bot.sessions.model.record import SessionRecord, validate_session

MAX_IMPORT_BYTES = 8 * 1024 * 1024
MAX_IMPORT_ROWS = 10_000
MAX_ERRORS_SHOWN = 10
REQUIRED = ("started_at_utc", "duration_minutes")
KNOWN = frozenset(COLUMNS) | frozenset(MEMBER_COLUMNS)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
_OPTIONAL_COUNTS = ("likes", "peak_viewers", "avg_viewers", "new_followers")


@dataclass(frozen=True, slots=True)
class RowError:
    line: int  # the line of the file, header = line 1
    message: str

    def __str__(self) -> str:
        return _("Line {line}: {problem}", line=count(self.line), problem=self.message)


@dataclass(frozen=True, slots=True)
class ImportedRow:
    """A checked row; its gifts are keyed by the names the file gives (the caller maps them to its catalogue)."""

    line: int
    record: SessionRecord


@dataclass(slots=True)
class ImportPlan:
    rows: list[ImportedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def first(self) -> datetime | None:
        return min((r.record.started_at for r in self.rows), default=None)

    @property
    def last(self) -> datetime | None:
        return max((r.record.started_at for r in self.rows), default=None)

    @property
    def minutes(self) -> int:
        return sum(r.record.duration_minutes for r in self.rows)

    @property
    def diamonds(self) -> int:
        return sum(r.record.diamonds for r in self.rows)

    @property
    def likes(self) -> int:
        return sum(r.record.likes or 0 for r in self.rows)

    @property
    def members(self) -> set[int]:
        return {r.record.user_id for r in self.rows}

    def error_text(self, limit: int = MAX_ERRORS_SHOWN) -> str:
        shown = [str(e) for e in self.errors[:limit]]
        if len(self.errors) > limit:
            shown.append(f"… and {len(self.errors) - limit:,} more.")
        return "\n".join(shown)


def _one_decimal(value: float) -> str:
    """``50.0`` (``50,0`` in de): a size always with its one decimal, the locale's mark."""
    whole = f"{value:,.1f}"
    mark, group = decimal_symbols()
    return whole.replace(",", "\x00").replace(".", mark).replace("\x00", group)


def check_size(size: int) -> None:
    """Refuse a file before downloading it when it is empty or too large to be one export."""
    if size <= 0:
        raise InvalidInput(_("That file is empty: attach the CSV from /session export."))
    if size > MAX_IMPORT_BYTES:
        raise InvalidInput(
            _(
                "That file is {size} MB; an import takes at most {max} MB ({rows} sessions): "
                "split it and import each part.",
                size=_one_decimal(size / 1024 / 1024),
                max=MAX_IMPORT_BYTES // 1024 // 1024,
                rows=count(MAX_IMPORT_ROWS),
            )
        )


def _text_cell(raw: str, column: str) -> str:
    """A free-text cell: the export's leading apostrophe is undone; a live formula is refused."""
    if raw.startswith("'") and raw[1:2] in _FORMULA_START and raw[1:2]:
        return raw[1:]
    if raw.startswith(_FORMULA_START) and not raw.startswith("- "):  # "- a list item" is text
        raise ValueError(
            f"the {column} cell starts with {raw[0]!r}, which a spreadsheet runs as a formula: "
            "remove it, or start the cell with an apostrophe"
        )
    return raw


def _count_cell(raw: str, column: str) -> int | None:
    text = raw.strip().replace(",", "").replace("_", "")
    if not text:
        return None
    if text.startswith(("=", "+", "@")):
        raise ValueError(f"{column} holds a formula ({raw[:20]!r}): use a plain number")
    if text.startswith("-") and text[1:].isdigit():
        raise ValueError(f"{column} must be 0 or more, not {text}")
    if not text.isdigit() or len(text) > 12:
        raise ValueError(f"{column} must be a whole number, not {raw[:20]!r}")
    return int(text)


def _start_cell(raw: str) -> datetime:
    text = raw.strip()
    if not text:
        raise ValueError("started_at_utc is empty: give the start like 2026-11-30T21:30:00Z")
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ValueError(
            f"started_at_utc {text[:30]!r} is not a date and time like 2026-11-30T21:30:00Z"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)  # the column is UTC by name
    return moment.astimezone(UTC)


def _gifts_cell(raw: str) -> tuple[tuple[str, int], ...]:
    """``Rose:3; Lion:1`` (the export's format) → (("Rose", 3), ("Lion", 1))."""
    found: list[tuple[str, int]] = []
    for part in raw.split(";"):
        part = part.strip()
        if not part:
            continue
        name, sep, amount = part.rpartition(":")
        if not sep or not name.strip() or not amount.strip().isdigit():
            raise ValueError(f"gifts must look like 'Rose:3; Lion:1', not {part[:30]!r}")
        found.append((name.strip(), int(amount)))
    return tuple(found)


def _member(row: dict[str, str], importer_id: int, *, may_import_others: bool) -> int:
    raw = (row.get("member_id") or "").strip()
    if not raw:
        return importer_id
    if not raw.isdigit():
        raise ValueError(f"member_id {raw[:25]!r} is not a Discord member id")
    member = int(raw)
    if member != importer_id and not may_import_others:
        raise ValueError(
            "this row is another member's session: import only your own (others need Manage Server)"
        )
    return member


def parse_import(
    data: bytes,
    *,
    guild_id: int,
    importer_id: int,
    now: datetime,
    may_import_others: bool = False,
    existing: frozenset[tuple[int, str]] = frozenset(),
) -> ImportPlan:
    """Check every row of an export CSV; ``existing`` holds (member, UTC start) already stored.

    Raises ``InvalidInput`` for a file that cannot be an export at all (size, encoding,
    columns, row count); row problems are collected in the plan with their line numbers.
    """
    check_size(len(data))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(
            _("That file is not UTF-8 text: attach the CSV as /session export saves it.")
        ) from None
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip() for name in (reader.fieldnames or [])]
    except csv.Error:
        raise InvalidInput(
            _("That file is not a readable CSV: attach the file from /session export.")
        ) from None
    if not header:
        raise InvalidInput(_("That file is empty: attach the CSV from /session export."))
    reader.fieldnames = header
    missing = [c for c in REQUIRED if c not in header]
    unknown = [c for c in header if c not in KNOWN]
    if missing or unknown or len(set(header)) != len(header):
        problems = []
        if missing:
            problems.append(_("it lacks {columns}", columns=", ".join(missing)))
        if unknown:
            problems.append(
                _(
                    "it has columns LiveCoach does not know ({columns})",
                    columns=", ".join(repr(c[:20]) for c in unknown[:5]),
                )
            )
        if len(set(header)) != len(header):
            problems.append(_("a column appears twice"))
        raise InvalidInput(
            _(
                "That CSV is not in LiveCoach's export format: {problems}. The columns are: {columns}.",
                problems="; ".join(problems),
                columns=", ".join(COLUMNS),
            )
        )
    plan = ImportPlan()
    seen: dict[tuple[int, str], int] = {}
    line = 1
    try:
        for row in reader:
            line = reader.line_num
            if len(plan.rows) + len(plan.errors) >= MAX_IMPORT_ROWS:
                raise InvalidInput(
                    _(
                        "That file has more than {limit} sessions: split it and import each part.",
                        limit=count(MAX_IMPORT_ROWS),
                    )
                )
            if None in row:
                plan.errors.append(RowError(line, _("it has more cells than the header has columns")))
                continue
            if all(not (v or "").strip() for v in row.values()):
                continue  # a blank line at the end of a spreadsheet export
            try:
                plan.rows.append(
                    _row(row, line, guild_id, importer_id, now, may_import_others, existing, seen)
                )
            except (ValueError, LiveCoachError) as exc:
                plan.errors.append(RowError(line, _message(exc)))
    except csv.Error as exc:
        plan.errors.append(
            RowError(line + 1, _("the CSV cannot be read from here ({problem})", problem=str(exc)))
        )
    if not plan.rows and not plan.errors:
        raise InvalidInput(_("That CSV has a header but no sessions: nothing to import."))
    return plan


def mark_existing(plan: ImportPlan, existing: frozenset[tuple[int, str]]) -> None:
    """Turn rows whose (member, UTC start) is already stored into row errors (nothing is imported twice)."""
    kept: list[ImportedRow] = []
    for row in plan.rows:
        if (row.record.user_id, row.record.started_at.isoformat()) in existing:
            plan.errors.append(RowError(row.line, _already(row.record.started_at)))
        else:
            kept.append(row)
    plan.rows = kept
    plan.errors.sort(key=lambda e: e.line)


def _already(started_at: datetime) -> str:
    return _(
        "a session starting {start} UTC is already logged: remove this row",
        start=started_at.strftime("%Y-%m-%d %H:%M"),
    )


def _message(exc: Exception) -> str:
    text = exc.message if isinstance(exc, LiveCoachError) else str(exc)
    return text[:1].lower() + text[1:] if text else "this row cannot be read"


def _row(
    row: dict[str, str],
    line: int,
    guild_id: int,
    importer_id: int,
    now: datetime,
    may_import_others: bool,
    existing: frozenset[tuple[int, str]],
    seen: dict[tuple[int, str], int],
) -> ImportedRow:
    for column, raw in row.items():
        if column not in ("note", "gifts", "member_name") and (raw or "").strip().startswith(("=", "@")):
            raise ValueError(f"the {column} cell holds a formula ({(raw or '')[:20]!r}): use a plain value")
    user_id = _member(row, importer_id, may_import_others=may_import_others)
    started_at = _start_cell(row.get("started_at_utc") or "")
    duration = _count_cell(row.get("duration_minutes") or "", "duration_minutes")
    if duration is None:
        raise ValueError("duration_minutes is empty: give the minutes live, like 90")
    counts = {c: _count_cell(row.get(c) or "", c) for c in _OPTIONAL_COUNTS}
    diamonds = _count_cell(row.get("diamonds") or "", "diamonds") or 0
    note = _text_cell(row.get("note") or "", "note") or None
    gifts = _gifts_cell(_text_cell(row.get("gifts") or "", "gifts"))
    _text_cell(row.get("member_name") or "", "member_name")
    key = (user_id, started_at.isoformat())
    if key in seen:
        raise ValueError(f"it repeats line {seen[key]:,} (same member and start): remove one of them")
    if key in existing:
        raise ValueError(
            f"a session starting {started_at:%Y-%m-%d %H:%M} UTC is already logged: remove this row"
        )
    record = validate_session(
        guild_id=guild_id,
        user_id=user_id,
        started_at=started_at,
        duration_minutes=duration,
        likes=counts["likes"],
        peak_viewers=counts["peak_viewers"],
        diamonds=diamonds,
        now=now,
        avg_viewers=counts["avg_viewers"],
        new_followers=counts["new_followers"],
        note=note,
        gifts=gifts,
    )
    seen[key] = line
    return ImportedRow(line, record)
