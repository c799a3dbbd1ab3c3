-- A member's own preferences in one server (today: the time zone their
-- session times are read and shown in; NULL means the server's zone).
CREATE TABLE member_settings (
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    timezone   TEXT,
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (guild_id, user_id)
) STRICT;
