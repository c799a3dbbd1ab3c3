-- Stats from rollups (issue 14): per server · member · UTC calendar month, and per server ·
-- member for all time, the sums the stats read, kept by triggers in the same transaction
-- as every change to sessions.
--
-- Why a UTC month: a row covers exactly the sessions whose started_at lies in
-- [YYYY-MM-01T00:00:00+00:00, first of the next month), i.e. whose text starts with
-- "YYYY-MM". Every stored time is UTC, so the key never depends on a server's zone and
-- nothing has to be rebuilt when /config changes it. A period [since, until) is answered
-- exactly as the whole months inside it (from here) plus the rest (from sessions). A day
-- grain would hold about one row per session at a creator's usual pace (one LIVE a day),
-- so it could not make the all-time figures cheaper than reading the sessions; and the
-- all-time leaderboard reads session_totals, one row per member, not members × months.
--
-- Blank likes / peak / average viewers stay unknown: the counts beside the sums say how
-- many sessions (or minutes) actually gave them, as MemberAggregate does.
CREATE TABLE session_rollups (
    guild_id          INTEGER NOT NULL,
    user_id           INTEGER NOT NULL,
    month             TEXT    NOT NULL,   -- "YYYY-MM" of started_at (UTC)
    sessions          INTEGER NOT NULL CHECK (sessions >= 1),
    minutes           INTEGER NOT NULL,
    likes             INTEGER NOT NULL,   -- sum of the likes given (blank counts 0)
    diamonds          INTEGER NOT NULL,
    peak_viewers_sum  INTEGER NOT NULL,
    peak_sessions     INTEGER NOT NULL,   -- sessions that gave peak viewers
    avg_viewer_minutes INTEGER NOT NULL,  -- sum of avg_viewers × minutes where given
    minutes_with_avg  INTEGER NOT NULL,
    new_followers     INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id, month)
) STRICT;

-- The server's months in order (a period's whole months, server-wide boards).
CREATE INDEX session_rollups_by_month
    ON session_rollups (guild_id, month, user_id, sessions, minutes, likes, diamonds);

-- The same sums over all time: the sum of the member's months, one row per member.
CREATE TABLE session_totals (
    guild_id          INTEGER NOT NULL,
    user_id           INTEGER NOT NULL,
    sessions          INTEGER NOT NULL CHECK (sessions >= 1),
    minutes           INTEGER NOT NULL,
    likes             INTEGER NOT NULL,   -- sum of the likes given (blank counts 0)
    diamonds          INTEGER NOT NULL,
    peak_viewers_sum  INTEGER NOT NULL,
    peak_sessions     INTEGER NOT NULL,   -- sessions that gave peak viewers
    avg_viewer_minutes INTEGER NOT NULL,  -- sum of avg_viewers × minutes where given
    minutes_with_avg  INTEGER NOT NULL,
    new_followers     INTEGER NOT NULL,
    PRIMARY KEY (guild_id, user_id)
) STRICT;

-- Backfill from the sessions already stored.
INSERT INTO session_rollups (guild_id, user_id, month, sessions, minutes, likes, diamonds, peak_viewers_sum, peak_sessions, avg_viewer_minutes, minutes_with_avg, new_followers)
SELECT guild_id, user_id, substr(started_at, 1, 7), COUNT(*), SUM(duration_min), COALESCE(SUM(likes), 0),
       SUM(diamonds), COALESCE(SUM(peak_viewers), 0), COUNT(peak_viewers),
       COALESCE(SUM(avg_viewers * duration_min), 0),
       COALESCE(SUM(CASE WHEN avg_viewers IS NOT NULL THEN duration_min END), 0),
       COALESCE(SUM(new_followers), 0)
FROM sessions
GROUP BY guild_id, user_id, substr(started_at, 1, 7);

INSERT INTO session_totals (guild_id, user_id, sessions, minutes, likes, diamonds, peak_viewers_sum, peak_sessions, avg_viewer_minutes, minutes_with_avg, new_followers)
SELECT guild_id, user_id, COUNT(*), SUM(duration_min), COALESCE(SUM(likes), 0),
       SUM(diamonds), COALESCE(SUM(peak_viewers), 0), COUNT(peak_viewers),
       COALESCE(SUM(avg_viewers * duration_min), 0),
       COALESCE(SUM(CASE WHEN avg_viewers IS NOT NULL THEN duration_min END), 0),
       COALESCE(SUM(new_followers), 0)
FROM sessions
GROUP BY guild_id, user_id;

-- Kept by triggers, so no write path (a log, an edit, a delete, an import, a stopped timer,
-- a privacy deletion, a retention purge) can forget them and each change lands in the
-- statement's own transaction. The triggers are SQLite's (a PostgreSQL engine needs the same
-- three as trigger functions); the statements inside are portable: an upsert, and a delete of
-- a row left with no session, so a deleted member leaves no rollup behind. Each repeats the
-- same statements per table because a SQLite trigger cannot call another.
CREATE TRIGGER session_rollups_insert AFTER INSERT ON sessions
BEGIN
    INSERT INTO session_rollups (
        guild_id, user_id, month, sessions, minutes, likes, diamonds, peak_viewers_sum, peak_sessions,
        avg_viewer_minutes, minutes_with_avg, new_followers
    ) VALUES (
        NEW.guild_id, NEW.user_id, substr(NEW.started_at, 1, 7), 1, NEW.duration_min,
        COALESCE(NEW.likes, 0), NEW.diamonds, COALESCE(NEW.peak_viewers, 0),
        CASE WHEN NEW.peak_viewers IS NULL THEN 0 ELSE 1 END,
        COALESCE(NEW.avg_viewers * NEW.duration_min, 0),
        CASE WHEN NEW.avg_viewers IS NULL THEN 0 ELSE NEW.duration_min END,
        COALESCE(NEW.new_followers, 0)
    )
    ON CONFLICT (guild_id, user_id, month) DO UPDATE SET
        sessions = sessions + excluded.sessions,
        minutes = minutes + excluded.minutes,
        likes = likes + excluded.likes,
        diamonds = diamonds + excluded.diamonds,
        peak_viewers_sum = peak_viewers_sum + excluded.peak_viewers_sum,
        peak_sessions = peak_sessions + excluded.peak_sessions,
        avg_viewer_minutes = avg_viewer_minutes + excluded.avg_viewer_minutes,
        minutes_with_avg = minutes_with_avg + excluded.minutes_with_avg,
        new_followers = new_followers + excluded.new_followers;
    INSERT INTO session_totals (
        guild_id, user_id, sessions, minutes, likes, diamonds, peak_viewers_sum, peak_sessions,
        avg_viewer_minutes, minutes_with_avg, new_followers
    ) VALUES (
        NEW.guild_id, NEW.user_id, 1, NEW.duration_min,
        COALESCE(NEW.likes, 0), NEW.diamonds, COALESCE(NEW.peak_viewers, 0),
        CASE WHEN NEW.peak_viewers IS NULL THEN 0 ELSE 1 END,
        COALESCE(NEW.avg_viewers * NEW.duration_min, 0),
        CASE WHEN NEW.avg_viewers IS NULL THEN 0 ELSE NEW.duration_min END,
        COALESCE(NEW.new_followers, 0)
    )
    ON CONFLICT (guild_id, user_id) DO UPDATE SET
        sessions = sessions + excluded.sessions,
        minutes = minutes + excluded.minutes,
        likes = likes + excluded.likes,
        diamonds = diamonds + excluded.diamonds,
        peak_viewers_sum = peak_viewers_sum + excluded.peak_viewers_sum,
        peak_sessions = peak_sessions + excluded.peak_sessions,
        avg_viewer_minutes = avg_viewer_minutes + excluded.avg_viewer_minutes,
        minutes_with_avg = minutes_with_avg + excluded.minutes_with_avg,
        new_followers = new_followers + excluded.new_followers;
END;

-- A deleted session leaves its month and the totals (a row goes with its last session).
CREATE TRIGGER session_rollups_delete AFTER DELETE ON sessions
BEGIN
    DELETE FROM session_rollups
    WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id AND month = substr(OLD.started_at, 1, 7)
      AND sessions = 1;
    UPDATE session_rollups SET
        sessions = sessions - 1,
        minutes = minutes - OLD.duration_min,
        likes = likes - COALESCE(OLD.likes, 0),
        diamonds = diamonds - OLD.diamonds,
        peak_viewers_sum = peak_viewers_sum - COALESCE(OLD.peak_viewers, 0),
        peak_sessions = peak_sessions - CASE WHEN OLD.peak_viewers IS NULL THEN 0 ELSE 1 END,
        avg_viewer_minutes = avg_viewer_minutes - COALESCE(OLD.avg_viewers * OLD.duration_min, 0),
        minutes_with_avg = minutes_with_avg - CASE WHEN OLD.avg_viewers IS NULL THEN 0 ELSE OLD.duration_min END,
        new_followers = new_followers - COALESCE(OLD.new_followers, 0)
    WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id AND month = substr(OLD.started_at, 1, 7);
    DELETE FROM session_totals
    WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id
      AND sessions = 1;
    UPDATE session_totals SET
        sessions = sessions - 1,
        minutes = minutes - OLD.duration_min,
        likes = likes - COALESCE(OLD.likes, 0),
        diamonds = diamonds - OLD.diamonds,
        peak_viewers_sum = peak_viewers_sum - COALESCE(OLD.peak_viewers, 0),
        peak_sessions = peak_sessions - CASE WHEN OLD.peak_viewers IS NULL THEN 0 ELSE 1 END,
        avg_viewer_minutes = avg_viewer_minutes - COALESCE(OLD.avg_viewers * OLD.duration_min, 0),
        minutes_with_avg = minutes_with_avg - CASE WHEN OLD.avg_viewers IS NULL THEN 0 ELSE OLD.duration_min END,
        new_followers = new_followers - COALESCE(OLD.new_followers, 0)
    WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id;
END;

-- An edit moves the old values out and the new ones in (the number trigger's own UPDATE of
-- sessions.number does not fire this one).
CREATE TRIGGER session_rollups_update AFTER UPDATE OF
    guild_id, user_id, started_at, duration_min, likes, peak_viewers, avg_viewers, diamonds, new_followers
ON sessions
BEGIN
    DELETE FROM session_rollups
    WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id AND month = substr(OLD.started_at, 1, 7)
      AND sessions = 1;
    UPDATE session_rollups SET
        sessions = sessions - 1,
        minutes = minutes - OLD.duration_min,
        likes = likes - COALESCE(OLD.likes, 0),
        diamonds = diamonds - OLD.diamonds,
        peak_viewers_sum = peak_viewers_sum - COALESCE(OLD.peak_viewers, 0),
        peak_sessions = peak_sessions - CASE WHEN OLD.peak_viewers IS NULL THEN 0 ELSE 1 END,
        avg_viewer_minutes = avg_viewer_minutes - COALESCE(OLD.avg_viewers * OLD.duration_min, 0),
        minutes_with_avg = minutes_with_avg - CASE WHEN OLD.avg_viewers IS NULL THEN 0 ELSE OLD.duration_min END,
        new_followers = new_followers - COALESCE(OLD.new_followers, 0)
    WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id AND month = substr(OLD.started_at, 1, 7);
    DELETE FROM session_totals
    WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id
      AND sessions = 1;
    UPDATE session_totals SET
        sessions = sessions - 1,
        minutes = minutes - OLD.duration_min,
        likes = likes - COALESCE(OLD.likes, 0),
        diamonds = diamonds - OLD.diamonds,
        peak_viewers_sum = peak_viewers_sum - COALESCE(OLD.peak_viewers, 0),
        peak_sessions = peak_sessions - CASE WHEN OLD.peak_viewers IS NULL THEN 0 ELSE 1 END,
        avg_viewer_minutes = avg_viewer_minutes - COALESCE(OLD.avg_viewers * OLD.duration_min, 0),
        minutes_with_avg = minutes_with_avg - CASE WHEN OLD.avg_viewers IS NULL THEN 0 ELSE OLD.duration_min END,
        new_followers = new_followers - COALESCE(OLD.new_followers, 0)
    WHERE guild_id = OLD.guild_id AND user_id = OLD.user_id;
    INSERT INTO session_rollups (
        guild_id, user_id, month, sessions, minutes, likes, diamonds, peak_viewers_sum, peak_sessions,
        avg_viewer_minutes, minutes_with_avg, new_followers
    ) VALUES (
        NEW.guild_id, NEW.user_id, substr(NEW.started_at, 1, 7), 1, NEW.duration_min,
        COALESCE(NEW.likes, 0), NEW.diamonds, COALESCE(NEW.peak_viewers, 0),
        CASE WHEN NEW.peak_viewers IS NULL THEN 0 ELSE 1 END,
        COALESCE(NEW.avg_viewers * NEW.duration_min, 0),
        CASE WHEN NEW.avg_viewers IS NULL THEN 0 ELSE NEW.duration_min END,
        COALESCE(NEW.new_followers, 0)
    )
    ON CONFLICT (guild_id, user_id, month) DO UPDATE SET
        sessions = sessions + excluded.sessions,
        minutes = minutes + excluded.minutes,
        likes = likes + excluded.likes,
        diamonds = diamonds + excluded.diamonds,
        peak_viewers_sum = peak_viewers_sum + excluded.peak_viewers_sum,
        peak_sessions = peak_sessions + excluded.peak_sessions,
        avg_viewer_minutes = avg_viewer_minutes + excluded.avg_viewer_minutes,
        minutes_with_avg = minutes_with_avg + excluded.minutes_with_avg,
        new_followers = new_followers + excluded.new_followers;
    INSERT INTO session_totals (
        guild_id, user_id, sessions, minutes, likes, diamonds, peak_viewers_sum, peak_sessions,
        avg_viewer_minutes, minutes_with_avg, new_followers
    ) VALUES (
        NEW.guild_id, NEW.user_id, 1, NEW.duration_min,
        COALESCE(NEW.likes, 0), NEW.diamonds, COALESCE(NEW.peak_viewers, 0),
        CASE WHEN NEW.peak_viewers IS NULL THEN 0 ELSE 1 END,
        COALESCE(NEW.avg_viewers * NEW.duration_min, 0),
        CASE WHEN NEW.avg_viewers IS NULL THEN 0 ELSE NEW.duration_min END,
        COALESCE(NEW.new_followers, 0)
    )
    ON CONFLICT (guild_id, user_id) DO UPDATE SET
        sessions = sessions + excluded.sessions,
        minutes = minutes + excluded.minutes,
        likes = likes + excluded.likes,
        diamonds = diamonds + excluded.diamonds,
        peak_viewers_sum = peak_viewers_sum + excluded.peak_viewers_sum,
        peak_sessions = peak_sessions + excluded.peak_sessions,
        avg_viewer_minutes = avg_viewer_minutes + excluded.avg_viewer_minutes,
        minutes_with_avg = minutes_with_avg + excluded.minutes_with_avg,
        new_followers = new_followers + excluded.new_followers;
END;
