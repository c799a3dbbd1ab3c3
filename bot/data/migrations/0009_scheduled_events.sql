-- Discord scheduled events for members' personal go-live reminders (optional per server).
-- golive_settings.events turns them on; reminder_events holds the one external event each
-- personal reminder has in Discord (its next LIVE), so it can be moved or deleted later.
-- Scoped per guild; user_id is the creator (Storage.MEMBER_TABLES: /privacy export and delete).
ALTER TABLE golive_settings ADD COLUMN events INTEGER NOT NULL DEFAULT 0 CHECK (events IN (0, 1));

CREATE TABLE reminder_events (
    guild_id    INTEGER NOT NULL,
    reminder_id INTEGER NOT NULL,         -- the personal reminder (reminders.id) the event shows
    user_id     INTEGER NOT NULL,         -- the creator who owns that reminder
    event_id    INTEGER NOT NULL,         -- Discord's guild scheduled event id
    starts_at   TEXT    NOT NULL,         -- UTC ISO: the LIVE the event shows
    ends_at     TEXT    NOT NULL,         -- UTC ISO: when it is moved to the next LIVE
    fingerprint TEXT    NOT NULL,         -- digest of the body last sent (unchanged: no request)
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (guild_id, reminder_id)
) STRICT;

CREATE INDEX reminder_events_by_member ON reminder_events (guild_id, user_id);
