-- Server-scoped custom or regional gifts. A gift whose name matches a
-- catalogue gift overrides it in that server only.
CREATE TABLE custom_gifts (
    guild_id   INTEGER NOT NULL,
    name_key   TEXT    NOT NULL,          -- case-folded name, unique per server
    name       TEXT    NOT NULL,
    coins      INTEGER NOT NULL CHECK (coins > 0),
    streakable INTEGER NOT NULL DEFAULT 0 CHECK (streakable IN (0, 1)),
    added_by   INTEGER NOT NULL,
    created_at TEXT    NOT NULL,
    PRIMARY KEY (guild_id, name_key)
) STRICT;
