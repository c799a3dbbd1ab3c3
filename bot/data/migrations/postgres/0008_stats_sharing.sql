-- PostgreSQL version of ../0008_stats_sharing.sql. PostgreSQL changes the sessions
-- table in place (SQLite has to rebuild it); the result is the same columns and rules.

-- 1. Sessions: a per-server number never reused; likes / peak viewers may be unknown.
ALTER TABLE sessions ALTER COLUMN likes DROP NOT NULL;
ALTER TABLE sessions ALTER COLUMN peak_viewers DROP NOT NULL;
ALTER TABLE sessions ADD COLUMN number BIGINT CHECK (number >= 1);

UPDATE sessions SET peak_viewers = NULL WHERE peak_viewers = 0;
UPDATE sessions AS s SET number = n.number
FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY guild_id ORDER BY id) AS number FROM sessions) AS n
WHERE s.id = n.id;

CREATE UNIQUE INDEX sessions_by_number ON sessions (guild_id, number);

CREATE TABLE session_numbers (
    guild_id    BIGINT PRIMARY KEY,
    last_number BIGINT NOT NULL CHECK (last_number >= 0)
);

INSERT INTO session_numbers (guild_id, last_number)
SELECT guild_id, MAX(number) FROM sessions GROUP BY guild_id;

-- Every insert takes the server's next number in the same statement. The upsert locks
-- the server's counter row, so concurrent inserts (any process) never share a number.
CREATE FUNCTION sessions_take_number() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.number IS NULL THEN
        INSERT INTO session_numbers (guild_id, last_number) VALUES (NEW.guild_id, 1)
        ON CONFLICT (guild_id) DO UPDATE SET last_number = session_numbers.last_number + 1
        RETURNING last_number INTO NEW.number;
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER sessions_take_number BEFORE INSERT ON sessions
FOR EACH ROW EXECUTE FUNCTION sessions_take_number();

-- 2. A member's sharing choices (defaults protect the member).
ALTER TABLE member_settings ADD COLUMN card_visibility TEXT NOT NULL DEFAULT 'me'
    CHECK (card_visibility IN ('me', 'server'));
ALTER TABLE member_settings ADD COLUMN figures_visibility TEXT NOT NULL DEFAULT 'me'
    CHECK (figures_visibility IN ('me', 'server'));
ALTER TABLE member_settings ADD COLUMN show_money SMALLINT NOT NULL DEFAULT 0
    CHECK (show_money IN (0, 1));

-- 3. A member's goals.
CREATE TABLE member_goals (
    guild_id   BIGINT      NOT NULL,
    user_id    BIGINT      NOT NULL,
    metric     TEXT        NOT NULL CHECK (metric IN ('diamonds', 'hours')),
    period     TEXT        NOT NULL CHECK (period IN ('week', 'month')),
    target     BIGINT      NOT NULL CHECK (target >= 1),
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (guild_id, user_id, metric, period)
);

-- 4. Opt-in leaderboard posts.
CREATE TABLE leaderboard_posts (
    guild_id    BIGINT      NOT NULL,
    period      TEXT        COLLATE "C" NOT NULL CHECK (period IN ('week', 'month')),
    channel_id  BIGINT      NOT NULL,
    metric      TEXT        NOT NULL,
    last_period TEXT,
    created_by  BIGINT      NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (guild_id, period)
);
