"""Coaching tips for TikTok LIVE creators, loaded from ``data/tips.json``."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from bot.core.paths import TIPS_FILE

TIPS_PATH = TIPS_FILE

TOPICS: tuple[str, ...] = ("engagement", "gifts", "collaboration", "timing", "content")
"""Tip topics, in the order they are offered to users."""


@functools.cache
def _load(path: Path) -> dict[str, tuple[str, ...]]:
    document = json.loads(path.read_text(encoding="utf-8"))
    topics = document["topics"]
    missing = [t for t in TOPICS if not topics.get(t)]
    if missing:
        raise ValueError(f"{path}: no tips for topics {missing}")
    return {topic: tuple(str(tip) for tip in topics[topic]) for topic in TOPICS}


def load_tips(path: Path = TIPS_PATH) -> dict[str, list[str]]:
    """Tips by topic (every topic in :data:`TOPICS` present and non-empty); a fresh copy each call."""
    return {topic: list(tips) for topic, tips in _load(path).items()}
