"""A server's settings as the bot uses them: time zone, currency, rate overrides, log channel."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class GuildSettings:
    guild_id: int
    timezone: str = "UTC"
    currency: str = "USD"
    currency_per_usd: Decimal | None = None
    diamonds_per_coin: Decimal | None = None
    usd_per_diamond: Decimal | None = None
    viewer_usd_per_coin_low: Decimal | None = None
    viewer_usd_per_coin_high: Decimal | None = None
    log_channel_id: int | None = None
    language: str | None = None
    """The language of scheduled posts (a catalogue name such as ``pt_BR``); None: the server's locale."""

    @property
    def has_rate_overrides(self) -> bool:
        return (
            any(
                value is not None
                for value in (
                    self.currency_per_usd,
                    self.diamonds_per_coin,
                    self.usd_per_diamond,
                    self.viewer_usd_per_coin_low,
                    self.viewer_usd_per_coin_high,
                )
            )
            or self.currency != "USD"
        )
