-- PostgreSQL version of ../0010_stats_rollups.sql (branch issue-14-rollups): per server · member ·
-- UTC calendar month, and per server · member for all time, the sums the stats read, kept by
-- triggers in the same transaction as every change to sessions. The month key is the same
-- "YYYY-MM" text as on SQLite, taken from the timestamptz in UTC. PostgreSQL's trigger
-- functions let one function apply a session's values in (+1) or out (-1) of both tables.
CREATE TABLE session_rollups (
    guild_id           BIGINT NOT NULL,
    user_id            BIGINT NOT NULL,
    month              TEXT   COLLATE "C" NOT NULL,   -- "YYYY-MM" of started_at (UTC)
    sessions           BIGINT NOT NULL CHECK (sessions >= 1),
    minutes            BIGINT NOT NULL,
    likes              BIGINT NOT NULL,
    diamonds           BIGINT NOT NULL,
    peak_viewers_sum   BIGINT NOT NULL,
    peak_sessions      BIGINT NOT NULL,
    avg_viewer_minutes BIGINT NOT NULL,
    minutes_with_avg   BIGINT NOT NULL,
    new_followers      BIGINT NOT NULL,
    PRIMARY KEY (guild_id, user_id, month)
);

CREATE INDEX session_rollups_by_month
    ON session_rollups (guild_id, month, user_id) INCLUDE (sessions, minutes, likes, diamonds);

CREATE TABLE session_totals (
    guild_id           BIGINT NOT NULL,
    user_id            BIGINT NOT NULL,
    sessions           BIGINT NOT NULL CHECK (sessions >= 1),
    minutes            BIGINT NOT NULL,
    likes              BIGINT NOT NULL,
    diamonds           BIGINT NOT NULL,
    peak_viewers_sum   BIGINT NOT NULL,
    peak_sessions      BIGINT NOT NULL,
    avg_viewer_minutes BIGINT NOT NULL,
    minutes_with_avg   BIGINT NOT NULL,
    new_followers      BIGINT NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);

-- Backfill from the sessions already stored.
INSERT INTO session_rollups (guild_id, user_id, month, sessions, minutes, likes, diamonds, peak_viewers_sum, peak_sessions, avg_viewer_minutes, minutes_with_avg, new_followers)
SELECT guild_id, user_id, to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM'), COUNT(*), SUM(duration_min), COALESCE(SUM(likes), 0),
       SUM(diamonds), COALESCE(SUM(peak_viewers), 0), COUNT(peak_viewers),
       COALESCE(SUM(avg_viewers * duration_min), 0),
       COALESCE(SUM(CASE WHEN avg_viewers IS NOT NULL THEN duration_min END), 0),
       COALESCE(SUM(new_followers), 0)
FROM sessions
GROUP BY guild_id, user_id, to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM');

INSERT INTO session_totals (guild_id, user_id, sessions, minutes, likes, diamonds, peak_viewers_sum, peak_sessions, avg_viewer_minutes, minutes_with_avg, new_followers)
SELECT guild_id, user_id, COUNT(*), SUM(duration_min), COALESCE(SUM(likes), 0),
       SUM(diamonds), COALESCE(SUM(peak_viewers), 0), COUNT(peak_viewers),
       COALESCE(SUM(avg_viewers * duration_min), 0),
       COALESCE(SUM(CASE WHEN avg_viewers IS NOT NULL THEN duration_min END), 0),
       COALESCE(SUM(new_followers), 0)
FROM sessions
GROUP BY guild_id, user_id;

-- One session's values into (sign > 0) or out of (sign < 0) its month and the member's totals;
-- a row goes with its last session.
CREATE FUNCTION session_rollups_apply(
    g BIGINT, u BIGINT, m TEXT, sign INTEGER,
    dur BIGINT, lk BIGINT, pk BIGINT, av BIGINT, dia BIGINT, nf BIGINT
) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF sign > 0 THEN
        INSERT INTO session_rollups (guild_id, user_id, month, sessions, minutes, likes, diamonds, peak_viewers_sum, peak_sessions, avg_viewer_minutes, minutes_with_avg, new_followers)
        VALUES (g, u, m, 1, dur, COALESCE(lk, 0), dia, COALESCE(pk, 0), CASE WHEN pk IS NULL THEN 0 ELSE 1 END,
                COALESCE(av * dur, 0), CASE WHEN av IS NULL THEN 0 ELSE dur END, COALESCE(nf, 0))
        ON CONFLICT (guild_id, user_id, month) DO UPDATE SET
            sessions = session_rollups.sessions + excluded.sessions,
            minutes = session_rollups.minutes + excluded.minutes,
            likes = session_rollups.likes + excluded.likes,
            diamonds = session_rollups.diamonds + excluded.diamonds,
            peak_viewers_sum = session_rollups.peak_viewers_sum + excluded.peak_viewers_sum,
            peak_sessions = session_rollups.peak_sessions + excluded.peak_sessions,
            avg_viewer_minutes = session_rollups.avg_viewer_minutes + excluded.avg_viewer_minutes,
            minutes_with_avg = session_rollups.minutes_with_avg + excluded.minutes_with_avg,
            new_followers = session_rollups.new_followers + excluded.new_followers;
        INSERT INTO session_totals (guild_id, user_id, sessions, minutes, likes, diamonds, peak_viewers_sum, peak_sessions, avg_viewer_minutes, minutes_with_avg, new_followers)
        VALUES (g, u, 1, dur, COALESCE(lk, 0), dia, COALESCE(pk, 0), CASE WHEN pk IS NULL THEN 0 ELSE 1 END,
                COALESCE(av * dur, 0), CASE WHEN av IS NULL THEN 0 ELSE dur END, COALESCE(nf, 0))
        ON CONFLICT (guild_id, user_id) DO UPDATE SET
            sessions = session_totals.sessions + excluded.sessions,
            minutes = session_totals.minutes + excluded.minutes,
            likes = session_totals.likes + excluded.likes,
            diamonds = session_totals.diamonds + excluded.diamonds,
            peak_viewers_sum = session_totals.peak_viewers_sum + excluded.peak_viewers_sum,
            peak_sessions = session_totals.peak_sessions + excluded.peak_sessions,
            avg_viewer_minutes = session_totals.avg_viewer_minutes + excluded.avg_viewer_minutes,
            minutes_with_avg = session_totals.minutes_with_avg + excluded.minutes_with_avg,
            new_followers = session_totals.new_followers + excluded.new_followers;
    ELSE
        DELETE FROM session_rollups WHERE guild_id = g AND user_id = u AND month = m AND sessions = 1;
        UPDATE session_rollups SET
            sessions = sessions - 1,
            minutes = minutes - dur,
            likes = likes - COALESCE(lk, 0),
            diamonds = diamonds - dia,
            peak_viewers_sum = peak_viewers_sum - COALESCE(pk, 0),
            peak_sessions = peak_sessions - CASE WHEN pk IS NULL THEN 0 ELSE 1 END,
            avg_viewer_minutes = avg_viewer_minutes - COALESCE(av * dur, 0),
            minutes_with_avg = minutes_with_avg - CASE WHEN av IS NULL THEN 0 ELSE dur END,
            new_followers = new_followers - COALESCE(nf, 0)
        WHERE guild_id = g AND user_id = u AND month = m;
        DELETE FROM session_totals WHERE guild_id = g AND user_id = u AND sessions = 1;
        UPDATE session_totals SET
            sessions = sessions - 1,
            minutes = minutes - dur,
            likes = likes - COALESCE(lk, 0),
            diamonds = diamonds - dia,
            peak_viewers_sum = peak_viewers_sum - COALESCE(pk, 0),
            peak_sessions = peak_sessions - CASE WHEN pk IS NULL THEN 0 ELSE 1 END,
            avg_viewer_minutes = avg_viewer_minutes - COALESCE(av * dur, 0),
            minutes_with_avg = minutes_with_avg - CASE WHEN av IS NULL THEN 0 ELSE dur END,
            new_followers = new_followers - COALESCE(nf, 0)
        WHERE guild_id = g AND user_id = u;
    END IF;
END;
$$;

CREATE FUNCTION session_rollups_keep() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        PERFORM session_rollups_apply(
            OLD.guild_id, OLD.user_id, to_char(OLD.started_at AT TIME ZONE 'UTC', 'YYYY-MM'), -1,
            OLD.duration_min, OLD.likes, OLD.peak_viewers, OLD.avg_viewers, OLD.diamonds, OLD.new_followers
        );
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        PERFORM session_rollups_apply(
            NEW.guild_id, NEW.user_id, to_char(NEW.started_at AT TIME ZONE 'UTC', 'YYYY-MM'), 1,
            NEW.duration_min, NEW.likes, NEW.peak_viewers, NEW.avg_viewers, NEW.diamonds, NEW.new_followers
        );
    END IF;
    RETURN NULL;
END;
$$;

CREATE TRIGGER session_rollups_insert AFTER INSERT ON sessions
FOR EACH ROW EXECUTE FUNCTION session_rollups_keep();
CREATE TRIGGER session_rollups_delete AFTER DELETE ON sessions
FOR EACH ROW EXECUTE FUNCTION session_rollups_keep();
-- An edit moves the old values out and the new ones in (a change of number alone does not).
CREATE TRIGGER session_rollups_update AFTER UPDATE OF
    guild_id, user_id, started_at, duration_min, likes, peak_viewers, avg_viewers, diamonds, new_followers
ON sessions FOR EACH ROW EXECUTE FUNCTION session_rollups_keep();
