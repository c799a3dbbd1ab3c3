"""Build the bot's gift catalogue (``bot.core.paths.GIFTS_FILE``) from the shared TikTok gift lists.

Run from the repository root::

    python scripts/build_gift_catalogue.py [--panels PATH] [--history PATH] [--output PATH]

Sources (read from ``../shared/domain`` next to the repository; never copied into it):

* ``tiktok-gift-list-2026.json`` — TikTok's own 2026 gift panels of three regions, merged by
  gift id (``seen_in`` says which dumps list a gift). The newest panel: the default.
* ``tiktok-gift-list.json`` — the 2023-09 … 2024-01 dumps: price history (and streakability)
  for ids still offered, and gifts no 2026 panel lists (kept, marked as such).

The output is deterministic (gifts sorted by coins, name, id; fixed key order; UTF-8;
trailing newline), so re-running it on the same sources gives a byte-identical file.

What it adds: ``current`` — for gifts sharing a name (compared case-insensitively) exactly one
is current: one on a 2026 panel before a 2024-only one, then the one seen in most regions, the
newest ``last_seen``, the most recent price change and the highest id. The others stay as
versions (``Motorcycle`` is 2,988 coins in every region and 499 in Taiwan's panel).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

REPO_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO_ROOT))

from bot.core.paths import GIFTS_FILE  # noqa: E402

SHARED = REPO_ROOT.parent / "shared" / "domain"
DEFAULT_PANELS = SHARED / "tiktok-gift-list-2026.json"
DEFAULT_HISTORY = SHARED / "tiktok-gift-list.json"

PANEL_SOURCE = "tiktok-gift-list-2026"
HISTORY_SOURCE = "tiktok-gift-list"


def _panel_date(seen: str) -> str:
    """``"TW 2026-04-25"`` → ``"2026-04-25"``."""
    return seen.rsplit(" ", 1)[-1]


def _recency_key(gift: dict[str, Any]) -> tuple[bool, int, str, str, int]:
    last_price = max((d for d, _ in gift["price_history"]), default="")
    return (
        bool(gift["seen_in"]),
        len(gift["seen_in"]),
        gift["last_seen"] or "",
        last_price,
        gift["id"] if gift["id"] is not None else -1,
    )


def _sort_key(gift: dict[str, Any]) -> tuple[int, str, str, int]:
    return (gift["coins"], gift["name"].casefold(), gift["name"], gift["id"])


def _history(old: dict[str, Any] | None, coins: int, seen_in: list[str]) -> list[list[Any]]:
    """Price points: the 2024 dumps' changes, then the 2026 price where it differs or is new."""
    points: list[list[Any]] = sorted([str(d), int(c)] for d, c in (old or {}).get("price_history", ()))
    if seen_in:
        first_2026 = min(_panel_date(s) for s in seen_in)
        if not points or points[-1][1] != coins:
            points.append([first_2026, coins])
    return points


def build(panels: dict[str, Any], history: dict[str, Any]) -> dict[str, Any]:
    """Return the catalogue document for the parsed 2026 panels and the 2024 list."""
    old_by_id = {int(g["id"]): g for g in history["gifts"]}
    gifts: list[dict[str, Any]] = []
    for raw in panels["gifts"]:
        gift_id = int(raw["id"])
        old = old_by_id.get(gift_id)
        seen_in = sorted(str(s) for s in raw["seen_in"])
        gifts.append(
            {
                "id": gift_id,
                "name": " ".join(str(raw["name"]).split()),
                "coins": int(raw["coins"]),
                "streakable": None if old is None else bool(old["streakable"]),
                "seen_in": seen_in,
                "last_seen": max(_panel_date(s) for s in seen_in),
                "price_history": _history(old, int(raw["coins"]), seen_in),
                "image": raw.get("image") or (old or {}).get("image"),
                "source": PANEL_SOURCE,
            }
        )
    panel_ids = {g["id"] for g in gifts}
    for old in history["gifts"]:
        if int(old["id"]) in panel_ids:
            continue
        gifts.append(
            {
                "id": int(old["id"]),
                "name": " ".join(str(old["name"]).split()),
                "coins": int(old["coins"]),
                "streakable": bool(old["streakable"]),
                "seen_in": [],
                "last_seen": old["last_seen"],
                "price_history": _history(old, int(old["coins"]), []),
                "image": old.get("image"),
                "source": HISTORY_SOURCE,
            }
        )

    by_name: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for gift in gifts:
        by_name[gift["name"].casefold()].append(gift)
    for group in by_name.values():
        newest = max(group, key=_recency_key)
        for gift in group:
            gift["current"] = gift is newest

    regions = [{"region": s["region"], "date": s["date"]} for s in panels["sources"]]
    dumps = sorted(history["dumps"])
    return {
        "catalogue_date": max(r["date"] for r in regions),
        "panels": sorted(regions, key=lambda r: (r["date"], r["region"])),
        "source": (
            f"{panels['about'].strip()} Panels: "
            + ", ".join(f"{r['region']} {r['date']}" for r in regions)
            + f". Price history and gifts no 2026 panel lists: TikTok's gift-list dumps of "
            f"{dumps[0]} to {dumps[-1]}."
        ),
        "gifts": sorted(gifts, key=_sort_key),
    }


def render(document: dict[str, Any]) -> str:
    """Serialise deterministically (what gets committed)."""
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--panels", type=Path, default=DEFAULT_PANELS, help="shared tiktok-gift-list-2026.json"
    )
    parser.add_argument("--history", type=Path, default=DEFAULT_HISTORY, help="shared tiktok-gift-list.json")
    parser.add_argument("--output", type=Path, default=GIFTS_FILE, help="catalogue file to write")
    args = parser.parse_args(argv)
    document = build(
        json.loads(args.panels.read_text(encoding="utf-8")),
        json.loads(args.history.read_text(encoding="utf-8")),
    )
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render(document), encoding="utf-8", newline="\n")
    current = sum(g["current"] for g in document["gifts"])
    on_panel = sum(bool(g["seen_in"]) for g in document["gifts"])
    print(
        f"wrote {args.output}: {len(document['gifts'])} gifts ({on_panel} on a 2026 panel, {current} current "
        f"names), catalogue date {document['catalogue_date']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
