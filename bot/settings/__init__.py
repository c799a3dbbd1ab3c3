"""Server settings: what a server has configured with /config (time zone, currency, rates, log channel)."""
