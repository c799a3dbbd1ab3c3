"""Where the project's own files live, wherever the bot is started from."""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = PROJECT_ROOT / "data"
MIGRATIONS_DIR = DATA_DIR / "migrations"
DEFAULT_DATABASE = DATA_DIR / "livecoach.db"
GIFTS_FILE = DATA_DIR / "gifts.json"
TIPS_FILE = DATA_DIR / "tips.json"
CURRENCIES_FILE = DATA_DIR / "currencies.json"
ENV_FILE = PROJECT_ROOT / ".env"
