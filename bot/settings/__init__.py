"""Server settings: the model of a server's settings and the zone/rates lookups commands share (/config)."""
