-- PostgreSQL version of ../0005_member_settings.sql.
CREATE TABLE member_settings (
    guild_id   BIGINT      NOT NULL,
    user_id    BIGINT      NOT NULL,
    timezone   TEXT,
    updated_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
