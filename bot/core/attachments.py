"""Files the bot uploads (charts, cards, CSV exports)."""

from __future__ import annotations

import io
from typing import Any

import discord


class Attachment(discord.File):
    """A ``discord.File`` whose attachment id is sent as a snowflake string.

    discord.py writes the upload index as a JSON integer; Discord's OpenAPI
    description types attachment ids as snowflake strings, so every upload
    goes through this class to match it.
    """

    def to_dict(self, index: int) -> dict[str, Any]:
        data = super().to_dict(index)
        data["id"] = str(index)
        return data


def attachment(data: bytes, filename: str, description: str | None = None) -> Attachment:
    """In-memory bytes as an upload, e.g. ``attachment(png, "trend.png", "Diamonds per day")``."""
    return Attachment(io.BytesIO(data), filename=filename, description=description)
