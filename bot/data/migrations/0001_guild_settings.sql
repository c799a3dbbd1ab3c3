-- Per-server settings. Rates are NULL until a server overrides them, so a
-- change to the defaults in code reaches every server that never chose its own.
CREATE TABLE guild_settings (
    guild_id                 INTEGER PRIMARY KEY,
    timezone                 TEXT    NOT NULL DEFAULT 'UTC',
    currency                 TEXT    NOT NULL DEFAULT 'USD',
    currency_per_usd         TEXT,
    diamonds_per_coin        TEXT,
    usd_per_diamond          TEXT,
    viewer_usd_per_coin_low  TEXT,
    viewer_usd_per_coin_high TEXT,
    log_channel_id           INTEGER,
    left_at                  TEXT,
    created_at               TEXT    NOT NULL,
    updated_at               TEXT    NOT NULL
) STRICT;
