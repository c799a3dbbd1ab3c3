-- Stats worth sharing (issue 13): per-server session numbers, blanks kept as
-- unknown, members' goals and sharing choices, opt-in leaderboard posts.

-- 1. Sessions: a per-server number that is never reused, and likes / peak viewers
--    that may be unknown (NULL) instead of a 0 that drags averages down.
--    SQLite cannot drop NOT NULL in place, so the table is rebuilt; ids stay.
CREATE TABLE sessions_rebuilt (
    id              INTEGER PRIMARY KEY,
    guild_id        INTEGER NOT NULL,
    number          INTEGER CHECK (number >= 1),  -- shown as #N; per server, never reused (set on insert)
    user_id         INTEGER NOT NULL,
    started_at      TEXT    NOT NULL,      -- UTC, ISO 8601 "YYYY-MM-DDTHH:MM:SS+00:00" (sorts as text)
    duration_min    INTEGER NOT NULL CHECK (duration_min BETWEEN 1 AND 1440),
    likes           INTEGER CHECK (likes >= 0),            -- NULL: not given
    peak_viewers    INTEGER CHECK (peak_viewers >= 0),     -- NULL: not given
    avg_viewers     INTEGER CHECK (avg_viewers >= 0),
    diamonds        INTEGER NOT NULL CHECK (diamonds >= 0),
    new_followers   INTEGER CHECK (new_followers >= 0),
    gifts_json      TEXT,
    note            TEXT,
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL
) STRICT;

-- Existing sessions are numbered per server in the order they were logged. A peak of
-- 0 viewers was how a blank form field used to be stored: it becomes unknown.
INSERT INTO sessions_rebuilt (
    id, guild_id, number, user_id, started_at, duration_min, likes, peak_viewers, avg_viewers,
    diamonds, new_followers, gifts_json, note, created_at, updated_at
)
SELECT id, guild_id, ROW_NUMBER() OVER (PARTITION BY guild_id ORDER BY id), user_id, started_at,
       duration_min, likes, NULLIF(peak_viewers, 0), avg_viewers, diamonds, new_followers, gifts_json,
       note, created_at, updated_at
FROM sessions;

DROP TABLE sessions;
ALTER TABLE sessions_rebuilt RENAME TO sessions;

CREATE INDEX sessions_by_member
    ON sessions (guild_id, user_id, started_at, duration_min, likes, diamonds);
CREATE INDEX sessions_by_guild_time
    ON sessions (guild_id, started_at, user_id, duration_min, likes, diamonds);
CREATE UNIQUE INDEX sessions_by_number ON sessions (guild_id, number);

-- The last number handed out in each server: it only grows, so a deleted session's
-- number is never given to another one.
CREATE TABLE session_numbers (
    guild_id    INTEGER PRIMARY KEY,
    last_number INTEGER NOT NULL CHECK (last_number >= 0)
) STRICT;

INSERT INTO session_numbers (guild_id, last_number)
SELECT guild_id, MAX(number) FROM sessions GROUP BY guild_id;

-- Every insert (a log, a stopped timer, an import) takes the server's next number in
-- the same statement, so no code path can forget it and two inserts never share one.
CREATE TRIGGER sessions_take_number AFTER INSERT ON sessions WHEN NEW.number IS NULL
BEGIN
    INSERT OR IGNORE INTO session_numbers (guild_id, last_number) VALUES (NEW.guild_id, 0);
    UPDATE session_numbers SET last_number = last_number + 1 WHERE guild_id = NEW.guild_id;
    UPDATE sessions SET number = (SELECT last_number FROM session_numbers WHERE guild_id = NEW.guild_id)
    WHERE id = NEW.id;
END;

-- 2. A member's sharing choices. The defaults protect the member: only they may post
--    their card or see their figures, and money is not shown to others.
ALTER TABLE member_settings ADD COLUMN card_visibility TEXT NOT NULL DEFAULT 'me'
    CHECK (card_visibility IN ('me', 'server'));
ALTER TABLE member_settings ADD COLUMN figures_visibility TEXT NOT NULL DEFAULT 'me'
    CHECK (figures_visibility IN ('me', 'server'));
ALTER TABLE member_settings ADD COLUMN show_money INTEGER NOT NULL DEFAULT 0
    CHECK (show_money IN (0, 1));

-- 3. A member's goals: diamonds or hours per week or month (member-owned data).
CREATE TABLE member_goals (
    guild_id   INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    metric     TEXT    NOT NULL CHECK (metric IN ('diamonds', 'hours')),
    period     TEXT    NOT NULL CHECK (period IN ('week', 'month')),
    target     INTEGER NOT NULL CHECK (target >= 1),   -- diamonds, or minutes for hours
    updated_at TEXT    NOT NULL,
    PRIMARY KEY (guild_id, user_id, metric, period)
) STRICT;

-- 4. Opt-in leaderboard posts: a server's weekly or monthly leaderboard, posted to a
--    channel once each period ends. last_period records the period already posted
--    ("2026-W48", "2026-11") so a restart never posts one twice.
CREATE TABLE leaderboard_posts (
    guild_id    INTEGER NOT NULL,
    period      TEXT    NOT NULL CHECK (period IN ('week', 'month')),
    channel_id  INTEGER NOT NULL,
    metric      TEXT    NOT NULL,
    last_period TEXT,
    created_by  INTEGER NOT NULL,
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (guild_id, period)
) STRICT;
