-- Go-live reminders: a local wall-clock time in an IANA zone (never a fixed
-- UTC offset), and one delivery row per (reminder, occurrence) so nothing is
-- posted twice.
CREATE TABLE reminders (
    id             INTEGER PRIMARY KEY,
    guild_id       INTEGER NOT NULL,
    channel_id     INTEGER NOT NULL,
    days           TEXT    NOT NULL,       -- weekday numbers 0=Mon..6=Sun, e.g. "0,1,2,3,4"
    local_time     TEXT    NOT NULL,       -- "HH:MM", the LIVE start (the post is lead_minutes earlier)
    timezone       TEXT    NOT NULL,       -- IANA name
    lead_minutes   INTEGER NOT NULL DEFAULT 0 CHECK (lead_minutes BETWEEN 0 AND 1440),
    role_id        INTEGER,
    message        TEXT    CHECK (message IS NULL OR length(message) <= 500),
    label          TEXT,                   -- e.g. "Peak slot Thu 19:00 (generic)"
    paused         INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
    pause_reason   TEXT,
    flag           TEXT,                   -- e.g. "role deleted: posted without ping"
    created_by     INTEGER NOT NULL,
    created_at     TEXT    NOT NULL,       -- UTC ISO
    active_since   TEXT    NOT NULL,       -- UTC ISO: created or last resumed (start-up catch-up floor)
    updated_at     TEXT    NOT NULL
) STRICT;

CREATE INDEX reminders_by_guild ON reminders (guild_id, id);

CREATE TABLE reminder_deliveries (
    reminder_id    INTEGER NOT NULL REFERENCES reminders (id) ON DELETE CASCADE,
    occurrence     TEXT    NOT NULL,       -- LOCAL date + scheduled wall time in the reminder's zone,
                                           -- "YYYY-MM-DDTHH:MM": both fires of an ambiguous time collide
    due_at         TEXT    NOT NULL,       -- UTC ISO instant of the occurrence
    status         TEXT    NOT NULL CHECK (status IN ('claimed', 'sent', 'late', 'skipped', 'failed')),
    message_id     INTEGER,
    detail         TEXT,
    recorded_at    TEXT    NOT NULL,
    PRIMARY KEY (reminder_id, occurrence)
) STRICT;

CREATE INDEX reminder_deliveries_by_due ON reminder_deliveries (reminder_id, due_at);
