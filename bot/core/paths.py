"""Where the project's own files live, wherever the bot is started from.

Two kinds of files, kept apart so a volume never hides a newer release's data:

* **Shipped data** (gift catalogue, tips, currencies, SQL migrations) is part of the
  ``bot`` package (``bot/data/``), installed with it as package data and read in place.
* **State** (the SQLite database) lives in the state folder, ``data/`` beside the
  project by default; ``DATABASE_PATH`` puts it anywhere else (a container's volume).

Every module finds these files only through the names below.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1]
# A checkout (or editable install) has pyproject.toml beside the package; an installed
# wheel lives in site-packages, so state and .env are then looked for where it was started.
PROJECT_ROOT = PACKAGE_DIR.parent if (PACKAGE_DIR.parent / "pyproject.toml").is_file() else Path.cwd()

# Shipped with the code (package data).
RESOURCES_DIR = PACKAGE_DIR / "data"
MIGRATIONS_DIR = RESOURCES_DIR / "migrations"
GIFTS_FILE = RESOURCES_DIR / "gifts.json"
TIPS_FILE = RESOURCES_DIR / "tips.json"
CURRENCIES_FILE = RESOURCES_DIR / "currencies.json"
SHIPPED_FILES = (GIFTS_FILE, TIPS_FILE, CURRENCIES_FILE)

# State: written by the bot.
DATA_DIR = PROJECT_ROOT / "data"
DEFAULT_DATABASE = DATA_DIR / "livecoach.db"
ENV_FILE = PROJECT_ROOT / ".env"
