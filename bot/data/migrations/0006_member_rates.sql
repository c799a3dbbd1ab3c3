-- A member's own payout in one server: what they earn per diamond (NULL: the
-- server's rate) and the percentage their agency keeps (NULL: none). Both are
-- the member's data: /privacy export and delete cover this table.
CREATE TABLE member_rates (
    guild_id        INTEGER NOT NULL,
    user_id         INTEGER NOT NULL,
    usd_per_diamond TEXT,
    agency_cut      TEXT,
    updated_at      TEXT    NOT NULL,
    PRIMARY KEY (guild_id, user_id)
) STRICT;
