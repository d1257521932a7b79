"""Scenario arithmetic: a US drawdown that Europe replaces, capability shopping lists, and how
costs are shared (tariffs are in milex.model.tariffs). Pure functions on numbers and mappings;
no I/O."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Drawdown:
    """US troops leaving Europe, replaced by European forces at a cost per service member and
    year (by year: indexed with the deflator), ``replacement_ratio`` of them for each US one."""

    troops: int
    start_year: int
    years: int
    cost_per_troop_usd: Mapping[int, float]  # year -> cost of a service member for that year
    enablers_usd_bn: Mapping[int, float]  # year -> extra cost (airlift, ISR, ...)
    replacement_ratio: float = 1.0


def drawdown_costs(drawdown: Drawdown, years: Sequence[int]) -> dict[int, float]:
    """Yearly cost (USD bn) of replacing the departing troops: they leave in equal steps over
    ``drawdown.years`` and each is replaced by ``replacement_ratio`` service members, each
    costing that year's cost per troop every year after."""
    if drawdown.troops < 0 or drawdown.years < 1 or drawdown.replacement_ratio <= 0:
        raise ValueError("troops must be >= 0, the period at least a year, the ratio above 0")
    out: dict[int, float] = {}
    for year in years:
        done = min(max(year - drawdown.start_year + 1, 0), drawdown.years)
        replaced = drawdown.troops * done / drawdown.years * drawdown.replacement_ratio
        cost = drawdown.cost_per_troop_usd.get(year, 0.0) if replaced else 0.0
        if cost < 0:
            raise ValueError(f"the cost per troop in {year} is negative")
        out[year] = replaced * cost / 1e9 + drawdown.enablers_usd_bn.get(year, 0.0)
    return out


def enabler_costs(
    yearly_usd_bn: float | None, total_usd_bn: float | None, years: Sequence[int]
) -> dict[int, float]:
    """An enabler's cost by year: its yearly cost in every year listed, or its total spread
    evenly over them (exactly one of the two)."""
    if not years:
        raise ValueError("an enabler needs the years it is paid in")
    if yearly_usd_bn is not None and total_usd_bn is None:
        each = yearly_usd_bn
    elif total_usd_bn is not None and yearly_usd_bn is None:
        each = total_usd_bn / len(years)
    else:
        raise ValueError("give an enabler's yearly cost or its total, one of the two")
    if each < 0:
        raise ValueError("an enabler's cost must be >= 0")
    return dict.fromkeys(years, each)


def price_index(
    known_deflator_pct: Mapping[int, float], after_pct: float, base_year: int, years: Iterable[int]
) -> dict[int, float]:
    """A price index (``base_year`` = 1) from yearly deflator changes where known and
    ``after_pct`` a year after the last of them. A base year before the first known change
    is an error: the index would have to guess the years in between."""
    first, last = min(known_deflator_pct), max(known_deflator_pct)
    if base_year < first - 1:
        raise ValueError(f"no deflator before {first - 1} to index {base_year} prices with")

    def change(year: int) -> float:
        return 1 + (known_deflator_pct[year] if year <= last else after_pct) / 100

    out = {}
    for year in years:
        index = 1.0
        for step in range(base_year + 1, year + 1):
            index *= change(step)
        for step in range(year + 1, base_year + 1):
            index /= change(step)
        out[year] = index
    return out


@dataclass(frozen=True)
class Item:
    """One line of a capability shopping list: quantity x unit cost, paid evenly over years."""

    name: str
    unit_cost_usd_m: float
    quantity: int
    years: tuple[int, ...]


def shopping_costs(items: Sequence[Item], years: Sequence[int]) -> dict[int, float]:
    """Yearly cost (USD bn) of a shopping list, each item paid in equal parts over its years."""
    out = {year: 0.0 for year in years}
    for item in items:
        if item.unit_cost_usd_m < 0 or item.quantity < 0 or not item.years:
            raise ValueError(f"{item.name}: cost and quantity must be >= 0, with years to pay")
        per_year = item.unit_cost_usd_m * item.quantity / 1000 / len(item.years)
        for year in item.years:
            if year in out:
                out[year] += per_year
    return out


def allocate(
    totals: Mapping[int, float], weights: Mapping[str, float]
) -> dict[str, dict[int, float]]:
    """Share yearly totals among allies by weights (e.g. GDP), normalised to sum to one."""
    total_weight = sum(w for w in weights.values() if w > 0)
    if total_weight <= 0:
        raise ValueError("the weights must include a positive one")
    return {
        iso3: {year: amount * max(weight, 0.0) / total_weight for year, amount in totals.items()}
        for iso3, weight in weights.items()
    }
