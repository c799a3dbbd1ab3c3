-- PostgreSQL version of ../0009_scheduled_events.sql (branch issue-12b): Discord scheduled
-- events for members' personal go-live reminders.
ALTER TABLE golive_settings ADD COLUMN events SMALLINT NOT NULL DEFAULT 0 CHECK (events IN (0, 1));

CREATE TABLE reminder_events (
    guild_id    BIGINT      NOT NULL,
    reminder_id BIGINT      NOT NULL,
    user_id     BIGINT      NOT NULL,
    event_id    BIGINT      NOT NULL,
    starts_at   TIMESTAMPTZ NOT NULL,
    ends_at     TIMESTAMPTZ NOT NULL,
    fingerprint TEXT        NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (guild_id, reminder_id)
);

CREATE INDEX reminder_events_by_member ON reminder_events (guild_id, user_id);
