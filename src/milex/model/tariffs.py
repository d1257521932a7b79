"""Effective US tariff rates on an ally's goods, and the growth they cost it. Pure functions on
measures (dated legal rates) and an ally's exposure (what its exports are made of); no I/O.

The effective rate on a day is what the measures in force add to the duty on the ally's goods
exports to the US, as a share of all of them (points):

- ``border`` (Canada's IEEPA tariff): its rate on the share of exports it reaches (goods not
  entered under USMCA and outside Section 232), ``Exposure.border_exposed``;
- ``reciprocal`` (a country rate added to the normal duty) and ``all-in`` (a deal's rate that
  replaces the normal duty: it adds only what it exceeds the ally's average MFN duty by): on
  the goods neither exempt (Annex II, ``Exposure.exempt``) nor under a Section 232 measure;
  for an ally with a border exposure, on that share instead. The most specific measure in force
  applies (the ally's own, then the EU's for members, then one for all partners), the latest
  begun among equals: a deal replaces, never adds;
- ``sector`` (Section 232): its rate on the ally's exports in that sector
  (``Exposure.sectors``), where the figures hold them; elsewhere those goods count under the
  country rate.

Growth: a tariff in force lowers the level of GDP by ``pass_through`` x rate x exports to the
US / GDP (one parameter, calibrated against the IMF's April 2025 revisions); a year's level is
its days' average, and the growth hit of a year is the change in that level from the year
before (so a tariff from 9 April 2025 costs 73% of its level effect in 2025 and the rest in
2026, and its end gives the growth back).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

KINDS = ("border", "reciprocal", "all-in", "sector")
# The order in which a measure's partner code is specific to an ally: its own code first.
EU = "EUU"
EVERYONE = "ALL"


@dataclass(frozen=True)
class Measure:
    """One legal rate with its dates (``end`` is the last day in force; None: still in force)."""

    partner: str  # ISO3, EUU (the EU's members) or ALL
    kind: str  # one of KINDS
    rate_pct: float
    start: date
    end: date | None = None
    sector: str | None = None  # for kind "sector", and for an all-in rate on one sector
    excludes: frozenset[str] = frozenset()  # partners a measure for ALL leaves out
    name: str = ""

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.name}: kind must be one of {', '.join(KINDS)}")
        if not 0 <= self.rate_pct <= 1000:
            raise ValueError(f"{self.name}: rate must be between 0 and 1000 (got {self.rate_pct})")
        if self.end is not None and self.end < self.start:
            raise ValueError(f"{self.name}: ends before it starts")

    def in_force(self, day: date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Share:
    """A share of an ally's exports (percent), from ``start`` (to ``end``, inclusive)."""

    pct: float
    start: date
    end: date | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.pct <= 100:
            raise ValueError(f"a share must be between 0 and 100 (got {self.pct})")


def share_on(shares: Sequence[Share], day: date) -> float:
    """The share in force on ``day`` (the latest begun), else 0."""
    found = [s for s in shares if s.start <= day and (s.end is None or day <= s.end)]
    return max(found, key=lambda s: s.start).pct if found else 0.0


@dataclass(frozen=True)
class Exposure:
    """What one ally's goods exports to the US are made of, for the measures to apply to."""

    iso3: str
    eu_member: bool
    mfn_pct: float  # the average normal (MFN) duty on its goods: its realised 2024 rate
    exempt: Sequence[Share] = ()  # exempt from reciprocal rates (Annex II)
    border_exposed: Sequence[Share] = ()  # reached by a border tariff (Canada: non-USMCA)
    sectors: Mapping[str, float] = field(default_factory=dict)  # sector -> % of its exports

    def codes(self) -> tuple[str, ...]:
        """Partner codes that reach this ally, most specific first."""
        return (self.iso3, EU, EVERYONE) if self.eu_member else (self.iso3, EVERYONE)


def _applies(measure: Measure, exposure: Exposure) -> bool:
    return measure.partner in exposure.codes() and exposure.iso3 not in measure.excludes


def _pick(candidates: Iterable[Measure], exposure: Exposure) -> Measure | None:
    """The most specific measure, the latest begun among equals."""
    order = exposure.codes()
    ranked = sorted(candidates, key=lambda m: (-order.index(m.partner), m.start))
    return ranked[-1] if ranked else None


def _added(measure: Measure, mfn_pct: float) -> float:
    """What a measure adds to the duty: a deal's all-in rate replaces the MFN duty."""
    if measure.kind == "all-in":
        return max(0.0, measure.rate_pct - mfn_pct)
    return measure.rate_pct


def rate_on(measures: Sequence[Measure], exposure: Exposure, day: date) -> float:
    """The effective rate (points added to the duty on all the ally's goods) on ``day``."""
    live = [m for m in measures if m.in_force(day) and _applies(m, exposure)]
    sector_total = 0.0
    sector_share = 0.0
    for sector, share in exposure.sectors.items():
        chosen = _pick((m for m in live if m.sector == sector), exposure)
        if chosen is not None:
            sector_total += share / 100 * _added(chosen, exposure.mfn_pct)
            sector_share += share / 100
    border = _pick((m for m in live if m.kind == "border"), exposure)
    exposed = share_on(exposure.border_exposed, day) / 100
    total = sector_total + (border.rate_pct * exposed if border else 0.0)
    country = _pick(
        (m for m in live if m.kind in ("reciprocal", "all-in") and not m.sector), exposure
    )
    if country is not None:
        if exposure.border_exposed:
            base = exposed
        else:
            base = (1 - share_on(exposure.exempt, day) / 100) * (1 - sector_share)
        total += base * _added(country, exposure.mfn_pct)
    return total


def _breaks(measures: Sequence[Measure], exposure: Exposure, first: date, last: date) -> list[date]:
    """The days from ``first`` to ``last`` on which the rate can change."""
    days = {first}
    spans = [(m.start, m.end) for m in measures]
    spans += [(s.start, s.end) for s in (*exposure.exempt, *exposure.border_exposed)]
    for start, end in spans:
        for day in (start, end + timedelta(days=1) if end else None):
            if day is not None and first < day <= last:
                days.add(day)
    return sorted(days)


def average_rate(measures: Sequence[Measure], exposure: Exposure, first: date, last: date) -> float:
    """The day-weighted average effective rate from ``first`` to ``last`` (inclusive)."""
    if last < first:
        raise ValueError("the period ends before it starts")
    breaks = _breaks(measures, exposure, first, last)
    total = 0.0
    for begin, end in zip(breaks, [*breaks[1:], last + timedelta(days=1)], strict=True):
        total += rate_on(measures, exposure, begin) * (end - begin).days
    return total / ((last - first).days + 1)


def yearly_rates(
    measures: Sequence[Measure], exposure: Exposure, years: Iterable[int]
) -> dict[int, float]:
    """Each calendar year's average effective rate."""
    return {
        year: average_rate(measures, exposure, date(year, 1, 1), date(year, 12, 31))
        for year in years
    }


def held(measures: Sequence[Measure], on: date, start: date) -> list[Measure]:
    """The measures in force on ``on``, as if they began on ``start`` and never ended (a
    preset: 'the tariffs of 2 April, held'). Of a partner's measures of one class (border,
    country rate, each sector), only the latest begun is kept: it is the one in force."""
    latest: dict[tuple[str, str, str | None], Measure] = {}
    for m in measures:
        if not m.in_force(on):
            continue
        group = "country" if m.kind in ("reciprocal", "all-in") and not m.sector else m.kind
        key = (m.partner, group, m.sector)
        if key not in latest or m.start >= latest[key].start:
            latest[key] = m
    return [replace(m, start=start, end=None) for m in latest.values()]


def held_shares(shares: Sequence[Share], on: date, start: date) -> list[Share]:
    """The share in force on ``on``, held from ``start`` on."""
    found = [s for s in shares if s.start <= on and (s.end is None or on <= s.end)]
    return [Share(share_on(found, on), start)] if found else []


def level_losses(
    rates: Mapping[int, float], exports_share_gdp_pct: float, pass_through: float
) -> dict[int, float]:
    """The loss of GDP level (percent) each year: pass-through x rate x exports / GDP."""
    if exports_share_gdp_pct < 0 or pass_through < 0:
        raise ValueError("the export share and the pass-through must be >= 0")
    return {
        year: pass_through * max(rate, 0.0) / 100 * exports_share_gdp_pct
        for year, rate in rates.items()
    }


def growth_hits(losses: Mapping[int, float]) -> dict[int, float]:
    """Points off real growth each year: the change in the level loss from the year before
    (negative when a tariff ends and the level recovers)."""
    years = sorted(losses)
    out: dict[int, float] = {}
    for year in years:
        out[year] = losses[year] - losses.get(year - 1, 0.0)
    return out


def fit_pass_through(pairs: Iterable[tuple[float, float]]) -> float:
    """Least squares through the origin: the pass-through that best turns the model's growth
    hits at a pass-through of 1 (first of each pair) into observed ones (second)."""
    items = list(pairs)
    denominator = sum(x * x for x, _ in items)
    if denominator <= 0:
        raise ValueError("no exposure to fit a pass-through on")
    return sum(x * y for x, y in items) / denominator
