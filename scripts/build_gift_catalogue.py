"""Build ``bot/data/gifts.json`` (the bot's gift catalogue) from the shared TikTok gift list.

Run from the repository root::

    python scripts/build_gift_catalogue.py [--source PATH] [--output PATH]

``--source`` defaults to ``../shared/domain/tiktok-gift-list.json`` relative to the
repository root, ``--output`` to ``bot/data/gifts.json``. The output is deterministic
(gifts sorted by coins, name, id; fixed key order; UTF-8; trailing newline), so
re-running it on the same source gives a byte-identical file that can be committed.

What it adds to the source:

* ``current``: for gifts sharing a name (compared case-insensitively, e.g. ``Heart``,
  ``Love you``/``Love You``, ``Yacht``, ``TikTok Universe``) exactly one is current —
  the newest ``last_seen``, then the most recent price change, then the highest id.
* ``source`` per gift, and well-known gifts missing from this region's panel
  (Galaxy, Falcon) with ``id`` null.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

from bot.core.paths import GIFTS_FILE

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO_ROOT.parent / "shared" / "domain" / "tiktok-gift-list.json"
DEFAULT_OUTPUT = GIFTS_FILE  # bot/data/gifts.json, shipped as package data

PANEL_SOURCE = "tiktok-gift-list"
EXTRA_SOURCE = "other public gift lists of 2024-2025 (not in this region's panel)"

# Well-known gifts absent from the dumped panel (prices per the domain facts file).
EXTRA_GIFTS: tuple[dict[str, Any], ...] = (
    {"name": "Galaxy", "coins": 1000, "streakable": False},
    {"name": "Falcon", "coins": 10999, "streakable": False},
)


def _recency_key(gift: dict[str, Any]) -> tuple[str, str, int]:
    """Order same-name gifts: newest last_seen, newest price change, highest id."""
    last_price = max((d for d, _ in gift["price_history"]), default="")
    return (gift["last_seen"] or "", last_price, gift["id"] if gift["id"] is not None else -1)


def _sort_key(gift: dict[str, Any]) -> tuple[int, str, str, int]:
    return (
        gift["coins"],
        gift["name"].casefold(),
        gift["name"],
        gift["id"] if gift["id"] is not None else -1,
    )


def build(source: dict[str, Any]) -> dict[str, Any]:
    """Return the catalogue document for a parsed shared gift list."""
    gifts: list[dict[str, Any]] = []
    for raw in source["gifts"]:
        gifts.append(
            {
                "id": int(raw["id"]),
                "name": str(raw["name"]).strip(),
                "coins": int(raw["coins"]),
                "streakable": bool(raw["streakable"]),
                "last_seen": raw["last_seen"],
                "price_history": sorted([str(d), int(c)] for d, c in raw["price_history"]),
                "image": raw["image"],
                "source": PANEL_SOURCE,
            }
        )
    panel_names = {g["name"].casefold() for g in gifts}
    for extra in EXTRA_GIFTS:
        if extra["name"].casefold() in panel_names:
            continue  # the panel has it now: trust the panel
        gifts.append(
            {
                "id": None,
                "name": extra["name"],
                "coins": extra["coins"],
                "streakable": extra["streakable"],
                "last_seen": None,
                "price_history": [],
                "image": None,
                "source": EXTRA_SOURCE,
            }
        )

    by_name: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for gift in gifts:
        by_name[gift["name"].casefold()].append(gift)
    for group in by_name.values():
        newest = max(group, key=_recency_key)
        for gift in group:
            gift["current"] = gift is newest

    dumps = sorted(source["dumps"])
    return {
        "catalogue_date": dumps[-1],
        "source": (
            f"{source['source'].strip()} Dumps: {', '.join(dumps)} (kept in the public TikTokLiveJava "
            f"repository). Galaxy and Falcon added from {EXTRA_SOURCE}."
        ),
        "gifts": sorted(gifts, key=_sort_key),
    }


def render(document: dict[str, Any]) -> str:
    """Serialise deterministically (what gets committed)."""
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, default=DEFAULT_SOURCE, help="shared tiktok-gift-list.json")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="catalogue file to write")
    args = parser.parse_args(argv)
    source = json.loads(args.source.read_text(encoding="utf-8"))
    document = build(source)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render(document), encoding="utf-8", newline="\n")
    current = sum(g["current"] for g in document["gifts"])
    print(
        f"wrote {args.output}: {len(document['gifts'])} gifts ({current} current), "
        f"catalogue date {document['catalogue_date']}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
