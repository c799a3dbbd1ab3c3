-- PostgreSQL version of ../0006_member_rates.sql.
CREATE TABLE member_rates (
    guild_id        BIGINT      NOT NULL,
    user_id         BIGINT      NOT NULL,
    usd_per_diamond NUMERIC,
    agency_cut      NUMERIC,
    updated_at      TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (guild_id, user_id)
);
