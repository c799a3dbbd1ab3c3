"""LiveCoach: a Discord bot for TikTok LIVE creator communities (see README "Development" for the layout)."""
