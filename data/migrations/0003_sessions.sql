-- LIVE sessions logged by members, and running timers (one per member per server).
CREATE TABLE sessions (
    id              INTEGER PRIMARY KEY,
    guild_id        INTEGER NOT NULL,
    user_id         INTEGER NOT NULL,
    started_at      TEXT    NOT NULL,      -- UTC, ISO 8601 "YYYY-MM-DDTHH:MM:SS+00:00"
    duration_min    INTEGER NOT NULL CHECK (duration_min BETWEEN 1 AND 1440),
    likes           INTEGER NOT NULL CHECK (likes >= 0),
    peak_viewers    INTEGER NOT NULL CHECK (peak_viewers >= 0),
    avg_viewers     INTEGER CHECK (avg_viewers >= 0),
    diamonds        INTEGER NOT NULL CHECK (diamonds >= 0),
    new_followers   INTEGER CHECK (new_followers >= 0),
    gifts_json      TEXT,                  -- [[gift key, count], ...] or NULL
    note            TEXT,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
) STRICT;

CREATE INDEX sessions_by_member ON sessions (guild_id, user_id, started_at);
CREATE INDEX sessions_by_guild_time ON sessions (guild_id, started_at);

CREATE TABLE session_timers (
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    started_at  TEXT    NOT NULL,          -- UTC
    channel_id  INTEGER,
    PRIMARY KEY (guild_id, user_id)
) STRICT;
