"""A server's money assumptions: its stored overrides on top of the community defaults."""

from __future__ import annotations

from bot.money.model.economy import Rates, make_rates
from bot.storage.settings import GuildSettings


def rates_for(settings: GuildSettings) -> Rates:
    """The :class:`Rates` every money answer in this server uses."""
    return make_rates(
        diamonds_per_coin=settings.diamonds_per_coin,
        usd_per_diamond=settings.usd_per_diamond,
        viewer_usd_per_coin_low=settings.viewer_usd_per_coin_low,
        viewer_usd_per_coin_high=settings.viewer_usd_per_coin_high,
        currency=settings.currency,
        currency_per_usd=settings.currency_per_usd,
    )
