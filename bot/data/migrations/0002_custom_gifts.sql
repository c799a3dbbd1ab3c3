-- Server-scoped custom or regional gifts. A gift whose name matches a
-- catalogue gift overrides it in that server only. Every query filters by
-- guild_id; the primary key (guild_id, name_key) indexes them all.
CREATE TABLE custom_gifts (
    guild_id   INTEGER NOT NULL,
    name_key   TEXT    NOT NULL,          -- bot.catalogue.normalise(name), unique per server
    name       TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
    coins      INTEGER NOT NULL CHECK (coins BETWEEN 1 AND 1000000),
    streakable INTEGER NOT NULL DEFAULT 0 CHECK (streakable IN (0, 1)),
    added_by   INTEGER NOT NULL,
    created_at TEXT    NOT NULL,          -- UTC, ISO 8601
    PRIMARY KEY (guild_id, name_key)
) STRICT;
