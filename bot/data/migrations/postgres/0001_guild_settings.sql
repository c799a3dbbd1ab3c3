-- PostgreSQL version of ../0001_guild_settings.sql. Same tables and columns; the types
-- say what SQLite's TEXT held: rates are exact numeric, times timestamptz (UTC).
CREATE TABLE guild_settings (
    guild_id                 BIGINT      PRIMARY KEY,
    timezone                 TEXT        NOT NULL DEFAULT 'UTC',
    currency                 TEXT        NOT NULL DEFAULT 'USD',
    currency_per_usd         NUMERIC,
    diamonds_per_coin        NUMERIC,
    usd_per_diamond          NUMERIC,
    viewer_usd_per_coin_low  NUMERIC,
    viewer_usd_per_coin_high NUMERIC,
    log_channel_id           BIGINT,
    left_at                  TIMESTAMPTZ,
    created_at               TIMESTAMPTZ NOT NULL,
    updated_at               TIMESTAMPTZ NOT NULL
);
