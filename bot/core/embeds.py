"""The bot's embed colour and Discord's embed limits, shared by every feature's render module."""

from __future__ import annotations

import discord

BRAND_COLOUR = discord.Colour(0xFE2C55)  # TikTok red
EMBED_TOTAL_LIMIT = 6000
FIELD_VALUE_LIMIT = 1024
FIELDS_PER_EMBED = 25
