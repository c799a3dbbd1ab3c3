"""TikTok LIVE money maths: coins, diamonds, creator payout and viewer cost.

Pure domain code. Every amount is a :class:`decimal.Decimal` (never a float); coin
and diamond counts are ``int``. The default :class:`Rates` are the community
consensus from the domain facts (not official TikTok rates):

* 1 coin of gift price → 1 diamond for the creator;
* 1 diamond → about $0.005 of creator payout (40,000 diamonds ≈ $200);
* a viewer pays about $0.74 / 70 coins (web store) to $0.99 / 70 coins (in-app).

Rounding: diamonds are whole (a fraction of a diamond is dropped); "how much is
needed" answers round UP so the target is reached; money is only rounded when it
is formatted (half-up, to the currency's minor unit).
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, fields, replace
from datetime import date
from decimal import (
    ROUND_CEILING,
    ROUND_FLOOR,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    Context,
    Decimal,
    InvalidOperation,
    localcontext,
)
from pathlib import Path

from bot.core.errors import InvalidInput
from bot.core.format import count, decimal_symbols, money_style
from bot.core.paths import CURRENCIES_FILE
from bot.i18n import N_, _
from bot.i18n.context import DEFAULT_LOCALE
from bot.i18n.context import current as current_locale
from bot.money.model.catalogue import Catalogue, Gift

CURRENCIES_PATH = CURRENCIES_FILE

# -- caps (keep answers meaningful and the maths cheap) -------------------------------------------
MAX_GIFT_COUNT = 1_000_000
"""Most of one gift per line (a day-long Rose streak is far below this)."""
MAX_GIFT_LINES = 25
"""Most gift lines in one estimate (also Discord's autocomplete/choice limit)."""
MAX_COINS = 10**12
"""Largest coin total an estimate or plan may reach (≈ $10 billion of viewer spend)."""
MAX_DIAMONDS = 10**12
"""Largest diamond total an estimate or plan may reach."""
MAX_TARGET_AMOUNT = Decimal(10**9)
"""Largest payout target, in the server currency."""

# Gifts a target plan is expressed in, cheapest to dearest (those missing from the catalogue are skipped).
TYPICAL_GIFT_NAMES: tuple[str, ...] = (
    "Rose",
    "Finger Heart",
    "Doughnut",
    "Hand Hearts",
    "Galaxy",
    "Interstellar",
    "Lion",
    "TikTok Universe",
)

_PRECISION = 60  # enough digits that products of capped counts and rates are exact
_RATE_DECIMALS = 12  # most decimal places accepted for a payout or exchange rate
_EXACT = Context(prec=_PRECISION, rounding=ROUND_HALF_EVEN)
"""Arithmetic for the per-answer conversions, called through its methods (``_EXACT.multiply``):
the same precision as :func:`_ctx` without entering a local context for each product."""


def check_count(value: int, cap: int, what: str) -> int:
    """Return ``value`` if it is a whole number from 1 to ``cap``; otherwise raise InvalidInput.

    ``what`` names the thing counted, e.g. ``"Roses on one line"``.
    """
    if type(value) is int and 1 <= value <= cap:  # the usual case, checked first
        return value
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidInput(_("Use a whole number for {what}.", what=what))
    if value < 1:
        raise InvalidInput(_("Use a count of at least 1 for {what}.", what=what))
    if value > cap:
        raise InvalidInput(_("Use a count of at most {cap} for {what}.", cap=count(cap), what=what))
    return value


def to_decimal(value: Decimal | int | str, what: str) -> Decimal:
    """Convert user or stored input to a finite Decimal (floats are refused: they are not exact)."""
    if isinstance(value, float):
        raise TypeError(f"{what}: pass a Decimal, int or str, not a float")
    if isinstance(value, bool):
        raise InvalidInput(_("Write {what} as a number.", what=what))
    try:
        number = (
            value
            if isinstance(value, Decimal)
            else Decimal(str(value).strip().replace(",", "").replace("_", ""))
        )
    except InvalidOperation:
        raise InvalidInput(_("Write {what} as a plain number, e.g. 0.005.", what=what)) from None
    if not number.is_finite():
        raise InvalidInput(_("Write {what} as an ordinary finite number.", what=what))
    return number


# -- currencies -----------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Currency:
    """An ISO 4217 currency: code, English name, minor-unit digits and an optional symbol."""

    code: str
    name: str
    minor_digits: int
    symbol: str | None = None


@functools.cache
def load_currencies(path: Path = CURRENCIES_PATH) -> dict[str, Currency]:
    """Active ISO 4217 currencies from ``data/currencies.json``, keyed by code."""
    document = json.loads(path.read_text(encoding="utf-8"))
    return {
        code: Currency(code, entry["name"], int(entry["minor_digits"]), entry.get("symbol"))
        for code, entry in document["currencies"].items()
    }


def get_currency(code: str) -> Currency:
    """The ISO 4217 currency ``code`` (case-insensitive) or InvalidInput."""
    currency = load_currencies().get(code.strip().upper())
    if currency is None:
        raise InvalidInput(
            _(
                "Use a three-letter ISO 4217 currency code such as USD, EUR or GBP instead of “{code}”.",
                code=code[:12],
            )
        )
    return currency


# -- rates ----------------------------------------------------------------------------------------
DEFAULT_USD_PER_DIAMOND = Decimal("0.005")
DEFAULT_VIEWER_USD_PER_COIN_LOW = Decimal("0.74") / 70  # web store: 70 coins for $0.74
DEFAULT_VIEWER_USD_PER_COIN_HIGH = Decimal("0.99") / 70  # in-app: 70 coins for $0.99

_RATE_LABELS: dict[str, str] = {
    "diamonds_per_coin": N_("diamonds per coin"),
    "usd_per_diamond": N_("USD per diamond"),
    "viewer_usd_per_coin_low": N_("viewer USD per coin (low)"),
    "viewer_usd_per_coin_high": N_("viewer USD per coin (high)"),
    "currency": N_("currency"),
    "currency_per_usd": N_("currency per USD"),
    "agency_cut": N_("agency cut"),
    "own_rate": N_("own rate"),
}

MAX_AGENCY_CUT = Decimal(90)
"""Highest agency cut in percent a member may enter (agencies commonly take 10-30 %)."""
UNUSUAL_FACTOR = Decimal(3)
"""A rate more than this many times off its community default is confirmed before it is saved."""


@dataclass(frozen=True, slots=True)
class Rates:
    """Conversion rates a server uses (validated on construction; raises InvalidInput).

    Accepts Decimal, int or numeric strings for the numbers, and stores Decimals.
    ``currency_per_usd`` converts USD into the server ``currency`` (1 for USD).
    """

    diamonds_per_coin: Decimal = Decimal(1)
    usd_per_diamond: Decimal = DEFAULT_USD_PER_DIAMOND
    viewer_usd_per_coin_low: Decimal = DEFAULT_VIEWER_USD_PER_COIN_LOW
    viewer_usd_per_coin_high: Decimal = DEFAULT_VIEWER_USD_PER_COIN_HIGH
    currency: str = "USD"
    currency_per_usd: Decimal = Decimal(1)
    agency_cut: Decimal = Decimal(0)
    """Percent of the payout a member's agency keeps (0 when they set none)."""
    own_rate: bool = False
    """``usd_per_diamond`` is the member's own figure (set with /estimate my-rate)."""

    def __post_init__(self) -> None:
        for f in fields(self):
            if f.name not in ("currency", "own_rate"):
                object.__setattr__(self, f.name, to_decimal(getattr(self, f.name), _(_RATE_LABELS[f.name])))
        if not isinstance(self.currency, str):
            raise InvalidInput(_("Use a three-letter ISO 4217 currency code such as USD, EUR or GBP."))
        object.__setattr__(self, "currency", get_currency(self.currency).code)
        self.validate()

    def validate(self) -> None:
        """Refuse values no real TikTok rate could have (each message says what is accepted)."""
        dpc = self.diamonds_per_coin
        if not Decimal("0.1") <= dpc <= 1:
            raise InvalidInput(
                _(
                    "Set diamonds per coin between 0.1 and 1: a creator gets 1 diamond per coin "
                    "(a minority view says 0.5), never more."
                )
            )
        upd = self.usd_per_diamond
        if not Decimal("0.0005") <= upd <= Decimal("0.05"):
            raise InvalidInput(
                _(
                    "Set USD per diamond between 0.0005 and 0.05: the community figure is about 0.005 "
                    "(40,000 diamonds ≈ $200), so values outside ten times either way are typos."
                )
            )
        low, high = self.viewer_usd_per_coin_low, self.viewer_usd_per_coin_high
        if not (Decimal("0.001") <= low <= Decimal("0.1") and Decimal("0.001") <= high <= Decimal("0.1")):
            raise InvalidInput(
                _(
                    "Set the viewer price per coin between $0.001 and $0.10 (it is about $0.0106 on the web "
                    "store and $0.0141 in the app)."
                )
            )
        if low > high:
            raise InvalidInput(_("Set the low viewer price per coin at or below the high one."))
        if low < upd * dpc:
            raise InvalidInput(
                _(
                    "Set the viewer price per coin at or above what the creator earns per coin; "
                    "TikTok never pays out more than viewers spent."
                )
            )
        cpu = self.currency_per_usd
        if not Decimal(0) < cpu <= 100_000:
            raise InvalidInput(
                _("Set the exchange rate (currency units per US dollar) above 0 and at most 100,000.")
            )
        if self.currency == "USD" and cpu != 1:
            raise InvalidInput(_("Keep the exchange rate at 1 when the server currency is USD."))
        if not Decimal(0) <= self.agency_cut <= MAX_AGENCY_CUT:
            raise InvalidInput(
                _("Set the agency cut as a percentage from 0 to {max}, e.g. 20 for 20 %.", max=MAX_AGENCY_CUT)
            )
        for name in ("diamonds_per_coin", "usd_per_diamond", "currency_per_usd", "agency_cut"):
            exponent = getattr(self, name).as_tuple().exponent
            if isinstance(exponent, int) and exponent < -_RATE_DECIMALS:
                raise InvalidInput(
                    _(
                        "Give {what} with at most {places} decimal places.",
                        what=_(_RATE_LABELS[name]),
                        places=_RATE_DECIMALS,
                    )
                )

    @property
    def is_default(self) -> bool:
        return self == DEFAULT_RATES

    @property
    def kept_share(self) -> Decimal:
        """Fraction of the payout the creator keeps after the agency cut (1 without one)."""
        return 1 - self.agency_cut / 100

    def differences_from_default(self) -> list[str]:
        """Human phrases for each overridden rate, e.g. ``"1 diamond ≈ $0.004 (default $0.005)"``."""
        d = DEFAULT_RATES
        out: list[str] = []
        if self.diamonds_per_coin != d.diamonds_per_coin:
            out.append(
                _("1 coin = {diamonds} diamond (default 1)", diamonds=_shown(_plain(self.diamonds_per_coin)))
            )
        if self.own_rate:
            out.append(
                _(
                    "1 diamond ≈ ${usd} (your own rate; default $0.005)",
                    usd=_shown(_plain(self.usd_per_diamond)),
                )
            )
        elif self.usd_per_diamond != d.usd_per_diamond:
            out.append(_("1 diamond ≈ ${usd} (default $0.005)", usd=_shown(_plain(self.usd_per_diamond))))
        if (self.viewer_usd_per_coin_low, self.viewer_usd_per_coin_high) != (
            d.viewer_usd_per_coin_low,
            d.viewer_usd_per_coin_high,
        ):
            out.append(
                _(
                    "viewers pay ${low}–${high} per coin (default $0.0106–$0.0141)",
                    low=_shown(_rate(self.viewer_usd_per_coin_low)),
                    high=_shown(_rate(self.viewer_usd_per_coin_high)),
                )
            )
        if self.currency != d.currency or self.currency_per_usd != d.currency_per_usd:
            out.append(
                _(
                    "currency {currency} at {rate} per USD (default USD)",
                    currency=self.currency,
                    rate=_shown(_plain(self.currency_per_usd)),
                )
            )
        if self.agency_cut:
            out.append(_("your agency keeps {cut} %", cut=_shown(_plain(self.agency_cut))))
        return out


def unusual_rates(rates: Rates, changed: Iterable[str] = ()) -> list[str]:
    """Sentences for each changed rate more than :data:`UNUSUAL_FACTOR` times off its usual value.

    ``changed`` names the fields just set (all rates when empty). Values this far off are
    allowed (a creator may really earn that), but they are more often a typo such as a missing zero.
    """
    wanted = set(changed) or {f.name for f in fields(rates)}
    usual = {
        "usd_per_diamond": (DEFAULT_USD_PER_DIAMOND, N_("USD per diamond"), N_("(40,000 diamonds ≈ $200)")),
        "diamonds_per_coin": (Decimal(1), N_("Diamonds per coin"), N_("(1 coin of gifts = 1 diamond)")),
        "viewer_usd_per_coin_low": (
            DEFAULT_VIEWER_USD_PER_COIN_LOW,
            N_("The low viewer price per coin"),
            N_("(web store)"),
        ),
        "viewer_usd_per_coin_high": (
            DEFAULT_VIEWER_USD_PER_COIN_HIGH,
            N_("The high viewer price per coin"),
            N_("(in-app)"),
        ),
    }
    out: list[str] = []
    for name, (default, label, why) in usual.items():
        value = getattr(rates, name)
        if name not in wanted or value <= 0:
            continue
        factor = value / default if value >= default else default / value
        if factor > UNUSUAL_FACTOR:
            values = {
                "what": _(label),
                "value": _shown(_plain(value)),
                "times": _times(factor),
                "usual": _shown(_plain(default) if len(_plain(default)) <= 6 else _rate(default)),
                "why": _(why),
            }
            if value > default:
                text = _(
                    "{what} {value} is about {times} above the usual {usual} {why}, so it may be a typo."
                )
            else:
                text = _(
                    "{what} {value} is about {times} below the usual {usual} {why}, so it may be a typo."
                )
            out.append(text.format(**values))
    return out


def _times(factor: Decimal) -> str:
    """``10×``, ``3.3×``: how many times off a value is (whole from 10 up)."""
    step = Decimal(1) if factor >= 10 else Decimal("0.1")
    return f"{factor.quantize(step, rounding=ROUND_HALF_UP).normalize():f}×"


def make_rates(**overrides: Decimal | int | str | None) -> Rates:
    """Rates with the given overrides (``None`` means "use the default"); raises InvalidInput."""
    unknown = set(overrides) - set(_RATE_LABELS)
    if unknown:
        raise TypeError(f"unknown rate fields: {sorted(unknown)}")
    return Rates(**{k: v for k, v in overrides.items() if v is not None})  # type: ignore[arg-type]


DEFAULT_RATES = Rates()


# -- conversions ----------------------------------------------------------------------------------
def _ctx(rounding: str = ROUND_HALF_EVEN) -> AbstractContextManager[Context]:
    """Decimal context with enough precision that capped products are exact."""
    return localcontext(prec=_PRECISION, rounding=rounding)


def _whole(value: int, what: str) -> int:
    if type(value) is int and value >= 0:
        return value
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInput(_("Use a whole number of {what} of 0 or more.", what=what))
    return value


def coins_to_diamonds(coins: int, rates: Rates = DEFAULT_RATES) -> int:
    """Diamonds the creator receives for gifts worth ``coins`` (fractions dropped)."""
    product = _EXACT.multiply(Decimal(_whole(coins, "coins")), rates.diamonds_per_coin)
    return int(product.to_integral_value(ROUND_FLOOR, _EXACT))


def diamonds_to_coins(diamonds: int, rates: Rates = DEFAULT_RATES) -> int:
    """Fewest gift coins that yield at least ``diamonds`` diamonds."""
    with _ctx(ROUND_CEILING):  # a rounded quotient never lands below the true one
        return int((Decimal(_whole(diamonds, "diamonds")) / rates.diamonds_per_coin).to_integral_value())


def diamonds_to_payout_usd(diamonds: int, rates: Rates = DEFAULT_RATES) -> Decimal:
    """Creator payout in USD for ``diamonds`` (exact, unrounded)."""
    return _EXACT.multiply(Decimal(_whole(diamonds, "diamonds")), rates.usd_per_diamond)


def diamonds_to_payout(diamonds: int, rates: Rates = DEFAULT_RATES) -> Decimal:
    """Creator payout in the server currency for ``diamonds`` (exact, unrounded)."""
    usd = _EXACT.multiply(Decimal(_whole(diamonds, "diamonds")), rates.usd_per_diamond)
    return _EXACT.multiply(usd, rates.currency_per_usd)


def kept(payout: Decimal, rates: Rates = DEFAULT_RATES) -> Decimal:
    """What the creator keeps of ``payout`` after their agency's cut (exact, unrounded)."""
    return _EXACT.multiply(payout, rates.kept_share)


def usd_to_currency(amount_usd: Decimal, rates: Rates = DEFAULT_RATES) -> Decimal:
    return _EXACT.multiply(amount_usd, rates.currency_per_usd)


def coins_to_viewer_cost_usd(coins: int, rates: Rates = DEFAULT_RATES) -> tuple[Decimal, Decimal]:
    """What viewers pay in USD for ``coins`` coins: (web-store low, in-app high)."""
    c = Decimal(_whole(coins, "coins"))
    return (
        _EXACT.multiply(c, rates.viewer_usd_per_coin_low),
        _EXACT.multiply(c, rates.viewer_usd_per_coin_high),
    )


def coins_to_viewer_cost(coins: int, rates: Rates = DEFAULT_RATES) -> tuple[Decimal, Decimal]:
    """What viewers pay in the server currency for ``coins`` coins: (low, high)."""
    low, high = coins_to_viewer_cost_usd(coins, rates)
    return (usd_to_currency(low, rates), usd_to_currency(high, rates))


def payout_to_diamonds(amount: Decimal | int | str, rates: Rates = DEFAULT_RATES) -> int:
    """Fewest diamonds whose payout reaches ``amount`` (server currency), rounded up."""
    value = to_decimal(amount, _("the amount"))
    if value < 0:
        raise InvalidInput(_("Use an amount of 0 or more."))
    with _ctx(ROUND_CEILING):
        per_diamond = rates.usd_per_diamond * rates.currency_per_usd
        return int((value / per_diamond).to_integral_value())


# -- coin packages (what a viewer pays in the app) ----------------------------------------------
IN_APP_PACKAGES: tuple[tuple[int, Decimal], ...] = (
    (70, Decimal("0.99")),
    (350, Decimal("4.99")),
    (700, Decimal("9.99")),
    (1_400, Decimal("19.99")),
    (3_500, Decimal("49.99")),
    (7_000, Decimal("99.99")),
    (17_500, Decimal("249.99")),
)
"""In-app coin packages (US, a page updated June 2025; unofficial). The web store sells any amount
at about $0.74 per 70 coins."""


@dataclass(frozen=True, slots=True)
class PackagePurchase:
    """The cheapest set of in-app packages giving at least ``coins`` coins."""

    packs: tuple[tuple[int, int], ...]
    """(how many, coins per package), biggest first."""
    coins: int
    cost_usd: Decimal


@functools.lru_cache(maxsize=4096)
def in_app_packages(coins: int) -> PackagePurchase:
    """The packages a viewer buys for at least ``coins`` coins: biggest first, then the smallest to top up.

    Per-coin prices differ by under 1 % between packages, so this is within cents of the cheapest mix
    and reads like a real purchase ("3 × 17,500, 1 × 7,000 …" rather than 859 × 70).
    """
    left = _whole(coins, "coins")
    packs: list[tuple[int, int]] = []
    cents = 0  # whole cents: exact, and cheaper than Decimal sums on every new total
    bought = 0
    for size, price in _PACKAGE_CENTS:
        n = left // size
        if n:
            packs.append((n, size))
            cents += n * price
            left -= n * size
            bought += n * size
    if left > 0 or not packs:
        size, price = _PACKAGE_CENTS[-1]
        if packs and packs[-1][1] == size:
            packs[-1] = (packs[-1][0] + 1, size)
        else:
            packs.append((1, size))
        cents += price
        bought += size
    return PackagePurchase(tuple(packs), bought, Decimal(cents).scaleb(-2))


_PACKAGE_CENTS = tuple((size, int(price * 100)) for size, price in reversed(IN_APP_PACKAGES))


# -- a member's own payout ------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class MemberRate:
    """A member's own payout per diamond and agency cut in one server (``None``: not set)."""

    usd_per_diamond: Decimal | None = None
    agency_cut: Decimal | None = None

    @property
    def is_empty(self) -> bool:
        return self.usd_per_diamond is None and self.agency_cut is None


def with_member_rate(rates: Rates, own: MemberRate | None) -> Rates:
    """The server's rates with a member's own payout and agency cut on top (validated)."""
    if own is None or own.is_empty:
        return rates
    changes: dict[str, object] = {}
    if own.usd_per_diamond is not None:
        changes.update(usd_per_diamond=own.usd_per_diamond, own_rate=True)
    if own.agency_cut is not None:
        changes["agency_cut"] = own.agency_cut
    return replace(rates, **changes)  # type: ignore[arg-type]


# -- estimates ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class GiftLine:
    """``count`` of one gift (validated: 1 to MAX_GIFT_COUNT)."""

    gift: Gift
    count: int

    def __post_init__(self) -> None:
        if not (type(self.count) is int and 1 <= self.count <= MAX_GIFT_COUNT):
            check_count(self.count, MAX_GIFT_COUNT, f"{self.gift.name} on one line")

    @property
    def coins(self) -> int:
        return self.gift.coins * self.count


@dataclass(frozen=True, slots=True)
class GiftEstimate:
    """What a list of gifts is worth. Money in the server currency unless the name says USD."""

    lines: tuple[GiftLine, ...]
    coins: int
    diamonds: int
    payout_usd: Decimal
    payout: Decimal
    viewer_cost_usd: tuple[Decimal, Decimal]
    viewer_cost: tuple[Decimal, Decimal]
    rates: Rates = field(repr=False)

    @property
    def currency(self) -> str:
        return self.rates.currency


def _check_totals(coins: int, diamonds: int) -> None:
    if coins > MAX_COINS:
        raise InvalidInput(
            _("Keep the total under {max} coins by lowering the counts.", max=count(MAX_COINS))
        )
    if diamonds > MAX_DIAMONDS:
        raise InvalidInput(
            _("Keep the total under {max} diamonds by lowering the amount.", max=count(MAX_DIAMONDS))
        )


def estimate_gifts(
    lines: Sequence[GiftLine] | Iterable[GiftLine], rates: Rates = DEFAULT_RATES
) -> GiftEstimate:
    """Totals for gift lines; diamonds are computed on the coin total (so total = sum of line coins)."""
    items = tuple(lines)
    if not items:
        raise InvalidInput(_("Name at least one gift, e.g. “2 lions, 100 roses”."))
    if len(items) > MAX_GIFT_LINES:
        raise InvalidInput(_("List at most {max} gifts at once.", max=MAX_GIFT_LINES))
    coins = 0
    for line in items:  # a loop, not a generator: this runs on every new gift list
        coins += line.gift.coins * line.count
    if coins > MAX_COINS:
        _check_totals(coins, 0)
    diamonds = coins_to_diamonds(coins, rates)
    _check_totals(coins, diamonds)
    # The products of diamonds_to_payout(_usd) and coins_to_viewer_cost(_usd), written out: this
    # runs on every new gift list, where each helper call costs more than its multiplication
    # (tests/money/test_economy.py checks that the two always agree).
    per_usd = rates.currency_per_usd
    payout_usd = _EXACT.multiply(Decimal(diamonds), rates.usd_per_diamond)
    paid = Decimal(coins)
    low_usd = _EXACT.multiply(paid, rates.viewer_usd_per_coin_low)
    high_usd = _EXACT.multiply(paid, rates.viewer_usd_per_coin_high)
    return GiftEstimate(
        lines=items,
        coins=coins,
        diamonds=diamonds,
        payout_usd=payout_usd,
        payout=_EXACT.multiply(payout_usd, per_usd),
        viewer_cost_usd=(low_usd, high_usd),
        viewer_cost=(_EXACT.multiply(low_usd, per_usd), _EXACT.multiply(high_usd, per_usd)),
        rates=rates,
    )


@dataclass(frozen=True, slots=True)
class TargetPlan:
    """How to reach a payout ``amount`` (server currency, what the creator keeps): diamonds, coins, gifts."""

    amount: Decimal
    diamonds: int
    coins: int
    viewer_cost: tuple[Decimal, Decimal]
    gifts: tuple[GiftLine, ...]
    """Typical gifts that fit the target, each alone: how many of it reach it (rounded up)."""
    rates: Rates = field(repr=False)
    mix: tuple[GiftLine, ...] = ()
    """One sensible mix: the dearest typical gifts that fit, topped up with cheaper ones."""

    @property
    def currency(self) -> str:
        return self.rates.currency


def _typical(catalogue: Catalogue) -> list[Gift]:
    gifts = [g for g in (catalogue.get(name) for name in TYPICAL_GIFT_NAMES) if g is not None and g.coins > 0]
    return sorted(dict.fromkeys(gifts), key=lambda g: g.coins)


def gift_mix(coins: int, gifts: Sequence[Gift]) -> tuple[GiftLine, ...]:
    """Reach ``coins`` with the dearest gifts that fit, the last step rounded up with the cheapest.

    Never suggests a gift dearer than the whole target (no Lion for a cent).
    """
    fitting = sorted((g for g in gifts if g.coins <= max(coins, 1)), key=lambda g: -g.coins)
    if not fitting:
        return ()
    left = coins
    counts: list[tuple[Gift, int]] = []
    for gift in fitting[:-1]:
        count = left // gift.coins
        if count:
            counts.append((gift, count))
            left -= count * gift.coins
    if left > 0:
        counts.append((fitting[-1], -(-left // fitting[-1].coins)))
    if any(count > MAX_GIFT_COUNT for _, count in counts):
        return ()  # a target that big has no sensible mix of everyday gifts
    return tuple(GiftLine(gift, count) for gift, count in counts)


def target_plan(amount: Decimal | int | str, rates: Rates, catalogue: Catalogue) -> TargetPlan:
    """What viewers must gift for the creator to keep ``amount`` in the server currency.

    With an agency cut the payout must be larger: ``amount / (1 - cut)``.
    """
    value = to_decimal(amount, _("the target amount"))
    if value <= 0:
        raise InvalidInput(_("Use a target amount above 0, e.g. 100."))
    if value > MAX_TARGET_AMOUNT:
        raise InvalidInput(
            _("Use a target amount of at most {limit}.", limit=format_int(int(MAX_TARGET_AMOUNT)))
        )
    with _ctx():
        gross = value / rates.kept_share
    diamonds = payout_to_diamonds(gross, rates)
    if diamonds > MAX_DIAMONDS:
        raise InvalidInput(
            _("Pick a smaller target: it needs more than {limit} diamonds.", limit=format_int(MAX_DIAMONDS))
        )
    coins = diamonds_to_coins(diamonds, rates)
    _check_totals(coins, diamonds)
    typical = _typical(catalogue)
    suggestions: list[GiftLine] = []
    for gift in typical:
        count = math.ceil(coins / gift.coins)
        # Only gifts the target needs at least one whole of (the cheapest always qualifies).
        if (gift.coins <= coins or gift is typical[0]) and 1 <= count <= MAX_GIFT_COUNT:
            suggestions.append(GiftLine(gift, count))
    return TargetPlan(
        amount=value,
        diamonds=diamonds,
        coins=coins,
        viewer_cost=coins_to_viewer_cost(coins, rates),
        gifts=tuple(suggestions),
        rates=rates,
        mix=gift_mix(coins, typical),
    )


# -- formatting -----------------------------------------------------------------------------------
def format_int(n: int) -> str:
    """``60098`` → ``"60,098"`` (``"60.098"`` in the active locale's format, e.g. de or pt-BR)."""
    return count(n)


def count_text(n: int, word: str, plural: str | None = None) -> str:
    """``"1 coin"``, ``"29,999 coins"``, ``"1 diamond"``: a count with its noun, singular or plural.

    English words; translated answers use ``ngettext`` (``bot.money.render.coins_text``).
    """
    return f"{count(n)} {word if n == 1 else (plural or word + 's')}"


SMALL_AMOUNT_DIGITS = 3
"""Significant digits shown for amounts under one currency unit (a Rose pays ≈ $0.005, not $0.01)."""
MAX_SMALL_DECIMALS = 6


@functools.lru_cache(maxsize=256)
def _money_style(currency: str) -> tuple[int, str | None, str]:
    """(minor-unit digits, symbol or None, upper-case code) for formatting ``currency``."""
    info = load_currencies().get(currency.upper())
    return (info.minor_digits if info else 2, info.symbol if info else None, currency.upper())


def format_money(amount: Decimal | int, currency: str = "USD") -> str:
    """Round half-up to the currency's minor unit and group thousands.

    ``$300.49``, ``€1,234.50``, ``¥3,000``; currencies without a symbol: ``1,234.50 CHF``.
    Amounts under one unit keep :data:`SMALL_AMOUNT_DIGITS` significant digits so they stay
    right: ``$0.005``, ``$0.025``, ``$0.0106`` (never "$0.01" for half a cent).
    """
    return format_amounts((amount,), currency)[0]


def format_amounts(amounts: Iterable[Decimal | int], currency: str = "USD") -> list[str]:
    """:func:`format_money` of each amount, in one call (an answer shows several: one look-up
    of the currency's style and the locale, and one function for the caches to bring back)."""
    digits, symbol, code = _money_style(currency)
    locale = current_locale()
    style = money_style(code, locale) if locale != DEFAULT_LOCALE else None
    texts: list[str] = []
    for amount in amounts:  # a loop, not a comprehension: this runs on every new gift total
        exact = amount if isinstance(amount, Decimal) else Decimal(amount)
        places = digits
        if exact and -1 < exact < 1:
            first = -exact.adjusted()  # 0.005 → 3: the first significant decimal place
            places = max(digits, min(MAX_SMALL_DECIMALS, first + SMALL_AMOUNT_DIGITS - 1))
        # _EXACT: amounts can have more digits than the default context keeps
        value = exact.quantize(_QUANTA[places], rounding=ROUND_HALF_UP, context=_EXACT)
        shown = places
        if places > digits:  # drop trailing zeros beyond the minor unit: 0.00500 → 0.005
            shown = max(digits, -_exponent(value.normalize()))
        if style is not None:
            prefix, suffix, marks = style  # bot.core.format.money, one call less
            rounded = value.quantize(_QUANTA[shown], context=_EXACT)
            sign = "-" if rounded < 0 else ""
            texts.append(f"{sign}{prefix}{f'{abs(rounded):,.{shown}f}'.translate(marks)}{suffix}")
            continue
        text = f"{abs(value):,.{shown}f}"
        sign = "-" if value < 0 else ""
        texts.append(f"{sign}{symbol}{text}" if symbol else f"{sign}{text} {code}")
    return texts


_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(MAX_SMALL_DECIMALS + 1)}


def _exponent(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


def format_money_range(low: Decimal, high: Decimal, currency: str = "USD") -> str:
    """``$318.13–$424.27`` (a single figure when both round the same)."""
    a, b = format_amounts((low, high), currency)
    return a if a == b else f"{a}–{b}"


def _plain(value: Decimal) -> str:
    """A Decimal without exponent or trailing zeros: ``Decimal("0.0050")`` → ``"0.005"``."""
    text = f"{value.normalize():f}"
    return text


def _shown(text: str) -> str:
    """A plain decimal as the answer's locale writes it: ``0.005`` → ``0,005`` in de or pt-BR."""
    mark, _group = decimal_symbols()
    return text if mark == "." else text.replace(".", mark)


def _rate(value: Decimal) -> str:
    return f"{value.quantize(Decimal('0.0001'), rounding=ROUND_HALF_UP):f}"


def assumptions(rates: Rates, catalogue_date: date) -> str:
    """One line stating the rates and catalogue date behind a figure (shown next to every answer)."""
    parts = [
        _("1 coin = {diamonds} diamond", diamonds=_shown(_plain(rates.diamonds_per_coin))),
        _("1 diamond ≈ ${usd}", usd=_shown(_plain(rates.usd_per_diamond))),
        _(
            "viewers pay ≈ ${low}–${high} per coin",
            low=_shown(_rate(rates.viewer_usd_per_coin_low)),
            high=_shown(_rate(rates.viewer_usd_per_coin_high)),
        ),
    ]
    if rates.currency != "USD":
        parts.append(
            _(
                "{rate} {currency} per USD",
                rate=_shown(_plain(rates.currency_per_usd)),
                currency=rates.currency,
            )
        )
    if rates.agency_cut:
        parts.append(_("agency keeps {cut} %", cut=_shown(_plain(rates.agency_cut))))
    text = _(
        "Assumes {rates}; gift prices as of {date}. "
        "Community estimates, not official TikTok rates; since 2025 TikTok ties the creator share to LIVE "
        "missions (US), so your own rate is the honest input (/estimate my-rate)",
        rates=", ".join(parts),
        date=catalogue_date.isoformat(),
    )
    if rates.is_default:
        return text + _("; server admins can override them.")
    differences = "; ".join(rates.differences_from_default())
    if rates.own_rate or rates.agency_cut:
        return text + _("; your figures and this server's: {differences}.", differences=differences)
    return text + _("; this server overrides: {differences}.", differences=differences)
