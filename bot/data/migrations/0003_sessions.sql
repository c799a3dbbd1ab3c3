-- LIVE sessions logged by members, and running timers (one per member per server).
-- Every query filters on guild_id first: a server never reads another's rows.
CREATE TABLE sessions (
    id              INTEGER PRIMARY KEY,
    guild_id        INTEGER NOT NULL,
    user_id         INTEGER NOT NULL,
    started_at      TEXT    NOT NULL,      -- UTC, ISO 8601 "YYYY-MM-DDTHH:MM:SS+00:00" (sorts as text)
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

-- Per member (lists, member stats, streaks, exports) and per server over a time
-- range (leaderboards, charts). Both carry the summed columns so the stats
-- aggregates are answered from the index alone, without touching table rows.
CREATE INDEX sessions_by_member
    ON sessions (guild_id, user_id, started_at, duration_min, likes, diamonds);
CREATE INDEX sessions_by_guild_time
    ON sessions (guild_id, started_at, user_id, duration_min, likes, diamonds);

CREATE TABLE session_timers (
    guild_id    INTEGER NOT NULL,
    user_id     INTEGER NOT NULL,
    started_at  TEXT    NOT NULL,          -- UTC, same format as sessions.started_at
    channel_id  INTEGER,
    PRIMARY KEY (guild_id, user_id)
) STRICT;
