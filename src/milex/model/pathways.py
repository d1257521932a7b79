"""Pathways: the yearly share of GDP, and the money, that take an ally from its latest share to
a target by a deadline. Pure functions; the GDP path and assumptions are given by the caller.

Shapes: ``linear`` (equal steps in share), ``constant-growth`` (spending grows at the same
real rate every year, the share never below the start), ``front-loaded`` (most of the gap
closed early: the share follows 1 - (1 - t/T)^2 of the way).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

SHAPES = ("linear", "constant-growth", "front-loaded")


@dataclass(frozen=True)
class EconomyPath:
    """GDP and prices for each year from the start year to the deadline.

    ``gdp_usd_bn`` is nominal GDP in current US dollars; ``real_gdp_index`` is real GDP with
    the start year = 1; ``price_index`` the US-dollar deflator with the start year = 1;
    ``lcu_per_usd`` national currency per dollar (1 for the US)."""

    years: Sequence[int]
    gdp_usd_bn: Sequence[float]
    real_gdp_index: Sequence[float]
    price_index: Sequence[float]
    lcu_per_usd: Sequence[float]

    def __post_init__(self) -> None:
        n = len(self.years)
        if n < 2:
            raise ValueError("an economy path needs at least a start year and a deadline")
        for name in ("gdp_usd_bn", "real_gdp_index", "price_index", "lcu_per_usd"):
            if len(getattr(self, name)) != n:
                raise ValueError(f"{name} has {len(getattr(self, name))} values for {n} years")
        if list(self.years) != list(range(self.years[0], self.years[0] + n)):
            raise ValueError("years must be consecutive")


@dataclass(frozen=True)
class Money:
    """How a share of GDP turns into money in the start year, in the publisher's own terms.

    NATO's Table 3 share is of GDP at constant prices, so the current-dollar spending it
    implies is ``share x nominal GDP x nominal_ratio`` (NATO's Table 2 over Table 5, divided
    by the Table 3 share; 1 when the share is of nominal GDP). Constant-price money is current
    money deflated to the start year, then converted to the publisher's price base with its
    own start-year ratios (constant / current, for spending and for GDP)."""

    nominal_ratio: float = 1.0
    spending_constant_per_current: float = 1.0
    gdp_constant_per_current: float = 1.0


class PathYear(NamedTuple):
    """One year of a pathway (a named tuple: 310 of them make an answer of all allies, and a
    frozen dataclass took 1.2 us each to build, a tenth of the answer)."""

    year: int
    share_gdp: float  # the target's measure (NATO: share of real GDP, Table 3)
    gdp_usd_bn: float
    spending_usd_bn: float
    spending_usd_constant_bn: float  # at the money's price base (start year by default)
    spending_lcu_bn: float
    nominal_growth_pct: float | None
    real_growth_pct: float | None
    extra_usd_bn: float  # against staying at the start-year share
    cumulative_extra_usd_bn: float
    share_nominal_gdp: float  # spending / nominal GDP
    gdp_usd_constant_bn: float  # at the money's price base


@dataclass(frozen=True)
class Pathway:
    """A whole path with its headline numbers."""

    shape: str
    start_year: int
    start_share: float
    target: float
    deadline: int
    years: list[PathYear]
    required_real_growth_pct: float  # the constant real growth that reaches the target

    @property
    def reached(self) -> bool:
        """True when the path's last share is at or above the target (or was already)."""
        return round(self.years[-1].share_gdp - self.target, 9) >= 0

    @property
    def cumulative_extra_usd_bn(self) -> float:
        """Extra spending to the deadline against staying at the start-year share."""
        return self.years[-1].cumulative_extra_usd_bn


def required_real_growth(
    start_share: float, target: float, real_gdp_factor: float, years: int
) -> float:
    """The constant yearly real growth of spending, in percent, that turns ``start_share`` into
    ``target`` in ``years`` years while real GDP grows by ``real_gdp_factor`` in all."""
    return float(((target / start_share * real_gdp_factor) ** (1 / years) - 1) * 100)


def _shares(shape: str, start: float, target: float, economy: EconomyPath) -> list[float]:
    steps = len(economy.years) - 1
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {', '.join(SHAPES)}, not {shape!r}")
    if start >= target:
        return [start] * (steps + 1)  # an ally at or above the target stays at its share
    goal = target
    if shape == "linear":
        return [start + (goal - start) * t / steps for t in range(steps + 1)]
    if shape == "front-loaded":
        return [start + (goal - start) * (1 - (1 - t / steps) ** 2) for t in range(steps + 1)]
    if shape == "constant-growth":
        real_gdp = economy.real_gdp_index
        growth = 1 + required_real_growth(start, goal, real_gdp[-1] / real_gdp[0], steps) / 100
        # Never below today's share: when GDP outgrows the constant rate for a while, the
        # path holds the start share rather than cut, so a higher target never costs less.
        shares = [
            max(start, start * growth**t * real_gdp[0] / real_gdp[t]) for t in range(steps + 1)
        ]
        shares[-1] = goal  # exact at the deadline, whatever the float rounding
        return shares
    raise ValueError(f"shape must be one of {', '.join(SHAPES)}, not {shape!r}")


def pathway(
    start_share: float,
    target: float,
    economy: EconomyPath,
    shape: str = "linear",
    money: Money = Money(),
) -> Pathway:
    """The yearly path from the start year's share to the target at the deadline, in money
    as ``money`` says the share turns into it."""
    return pathways([start_share], target, [economy], shape, [money])[0]


def pathways(
    start_shares: Sequence[float],
    target: float,
    economies: Sequence[EconomyPath],
    shape: str = "linear",
    moneys: Sequence[Money] | None = None,
) -> list[Pathway]:
    """:func:`pathway` for many allies over the same years at once: the money of every ally
    and year worked out as arrays (allies x years), each figure by the same operations, in
    the same order, as one at a time."""
    moneys = list(moneys) if moneys is not None else [Money()] * len(start_shares)
    if not (len(start_shares) == len(economies) == len(moneys)):
        raise ValueError("one start share, economy and money per path")
    if not economies:
        return []
    for start_share in start_shares:
        if start_share <= 0:
            raise ValueError(f"start share must be positive (got {start_share})")
    years = list(economies[0].years)
    if any(list(e.years) != years for e in economies):
        raise ValueError("the paths of one call share their years")
    steps = len(years) - 1
    required = [
        required_real_growth(s, max(s, target), e.real_gdp_index[-1] / e.real_gdp_index[0], steps)
        for s, e in zip(start_shares, economies, strict=True)
    ]
    share = np.array(
        [_shares(shape, s, target, e) for s, e in zip(start_shares, economies, strict=True)]
    )
    start = np.array(start_shares, dtype=float)[:, None]
    gdp = np.array([e.gdp_usd_bn for e in economies], dtype=float)
    prices = np.array([e.price_index for e in economies], dtype=float)
    fx = np.array([e.lcu_per_usd for e in economies], dtype=float)
    ratio = np.array([m.nominal_ratio for m in moneys])[:, None]
    spending_constant = np.array([m.spending_constant_per_current for m in moneys])[:, None]
    gdp_constant = np.array([m.gdp_constant_per_current for m in moneys])[:, None]
    spending = share / 100 * gdp * ratio
    deflate = prices[:, :1] / prices
    constant = spending * deflate * spending_constant
    extra = (share - start) / 100 * gdp * ratio
    counted = extra.copy()
    counted[:, 0] = 0.0  # the start year adds nothing
    cumulative = np.cumsum(counted, axis=1)  # added year by year, as a running total would
    nominal = (spending[:, 1:] / spending[:, :-1] - 1) * 100
    real = (constant[:, 1:] / constant[:, :-1] - 1) * 100
    columns = (
        share,
        gdp,
        spending,
        constant,
        spending * fx,
        extra,
        cumulative,
        spending / gdp * 100,
        gdp * deflate * gdp_constant,
    )
    lists = [c.tolist() for c in columns]
    growth = [[None, *row] for row in nominal.tolist()], [[None, *row] for row in real.tolist()]
    out = []
    for i, start_share in enumerate(start_shares):
        sh, gd, sp, co, lc, ex, cu, sn, gc = (c[i] for c in lists)
        no, re = growth[0][i], growth[1][i]
        year_rows = zip(years, sh, gd, sp, co, lc, no, re, ex, cu, sn, gc, strict=True)
        path_years = list(map(PathYear._make, year_rows))
        out.append(
            Pathway(shape, years[0], start_share, target, years[-1], path_years, required[i])
        )
    return out


def project_economy(
    years: Sequence[int],
    known_gdp_usd_bn: Mapping[int, float],
    known_real_growth_pct: Mapping[int, float],
    known_lcu_per_usd: Mapping[int, float],
    growth_after_pct: float,
    deflator_after_pct: float,
    growth_shock_pp: Mapping[int, float] | None = None,
    fx_change_pct: Mapping[int, float] | None = None,
    start_gdp_usd_bn: float | None = None,
    growth_after: Mapping[int, float] | None = None,
) -> EconomyPath:
    """An economy path: known figures where held, then real growth and a deflator assumed.

    In known years the US-dollar deflator is what the known nominal and real growth imply;
    after them GDP grows by (1 + growth) x (1 + deflator) and the exchange rate stays at its
    last known value. Scenarios add ``growth_shock_pp`` (points added to real growth in a
    year, prices unchanged; a shock in the start year or before moves the start year's level,
    as if the known figures had grown by that much more) and ``fx_change_pct`` (the currency's
    value against the dollar from a year on: -10 means it buys 10% fewer dollars, so GDP in
    dollars is 10% lower). ``start_gdp_usd_bn`` replaces the start year's GDP (the
    publisher's own, e.g. NATO's Table 5), which the known growth then carries forward;
    ``growth_after`` gives the assumed real growth year by year where it differs from
    ``growth_after_pct``."""
    shocks = growth_shock_pp or {}
    fx_moves = sorted((fx_change_pct or {}).items())
    gdp: list[float] = []
    real_index: list[float] = []
    price_index: list[float] = []
    fx: list[float] = []
    for t, year in enumerate(years):
        if t == 0:
            if start_gdp_usd_bn is None and year not in known_gdp_usd_bn:
                raise ValueError(f"no GDP for the start year {year}")
            level = 1.0
            for shocked_year, points in sorted(shocks.items()):
                if shocked_year <= year:
                    level *= 1 + points / 100
            start = known_gdp_usd_bn[year] if start_gdp_usd_bn is None else start_gdp_usd_bn
            gdp.append(start * level)
            real_index.append(1.0)
            price_index.append(1.0)
            fx.append(known_lcu_per_usd.get(year, 1.0))
            continue
        if year in known_gdp_usd_bn and year in known_real_growth_pct:
            real = 1 + known_real_growth_pct[year] / 100
            # Growth between known levels, so a shock in an earlier year stays in the level.
            nominal = known_gdp_usd_bn[year] / known_gdp_usd_bn.get(year - 1, gdp[-1])
        else:
            real = 1 + (growth_after or {}).get(year, growth_after_pct) / 100
            nominal = real * (1 + deflator_after_pct / 100)
        shocked = real + shocks.get(year, 0.0) / 100
        nominal *= shocked / real
        gdp.append(gdp[-1] * nominal)
        real_index.append(real_index[-1] * shocked)
        price_index.append(price_index[-1] * nominal / shocked)
        fx.append(known_lcu_per_usd.get(year, fx[-1]))
    if fx_moves:
        for t, year in enumerate(years):
            factor = 1.0
            for since, change in fx_moves:
                if year >= since:
                    factor = 1 + change / 100
            gdp[t] *= factor
            fx[t] /= factor
    return EconomyPath(list(years), gdp, real_index, price_index, fx)
