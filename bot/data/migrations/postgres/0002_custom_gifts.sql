-- PostgreSQL version of ../0002_custom_gifts.sql. name_key sorts byte-wise (COLLATE "C")
-- as SQLite's text does, whatever the database's locale.
CREATE TABLE custom_gifts (
    guild_id   BIGINT      NOT NULL,
    name_key   TEXT        COLLATE "C" NOT NULL,
    name       TEXT        NOT NULL CHECK (length(name) BETWEEN 1 AND 40),
    coins      BIGINT      NOT NULL CHECK (coins BETWEEN 1 AND 1000000),
    streakable SMALLINT    NOT NULL DEFAULT 0 CHECK (streakable IN (0, 1)),
    added_by   BIGINT      NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (guild_id, name_key)
);
