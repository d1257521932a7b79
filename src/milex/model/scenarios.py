"""Scenario arithmetic: tariff shocks to growth, a US drawdown that Europe replaces, capability
shopping lists, and how costs are shared. Pure functions on numbers and mappings; no I/O."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass


def tariff_growth_hit_pp(
    rate_pct: float, exports_share_gdp_pct: float, pass_through: float
) -> float:
    """The fall in real GDP growth (percentage points) from a US tariff: the tariff rate x the
    ally's goods exports to the US as a share of its GDP x the share of the tariff that falls
    on the exporter (pass-through). Never negative: a tariff does not raise growth here."""
    if rate_pct < 0 or exports_share_gdp_pct < 0 or not 0 <= pass_through <= 1:
        raise ValueError("rate and export share must be >= 0 and pass-through in [0, 1]")
    return rate_pct / 100 * exports_share_gdp_pct * pass_through


@dataclass(frozen=True)
class Drawdown:
    """US troops leaving Europe, replaced by European forces at a cost per troop-year."""

    troops: int
    start_year: int
    years: int
    cost_per_troop_year_usd: float
    enablers_usd_bn: Mapping[int, float]  # year -> extra cost (airlift, ISR, ...)


def drawdown_costs(drawdown: Drawdown, years: Sequence[int]) -> dict[int, float]:
    """Yearly cost (USD bn) of replacing the departing troops: they leave in equal steps over
    ``drawdown.years`` and each replaced troop costs a troop-year every year after."""
    if drawdown.troops < 0 or drawdown.years < 1 or drawdown.cost_per_troop_year_usd < 0:
        raise ValueError("troops and cost must be >= 0 and the period at least a year")
    out: dict[int, float] = {}
    for year in years:
        done = min(max(year - drawdown.start_year + 1, 0), drawdown.years)
        replaced = drawdown.troops * done / drawdown.years
        out[year] = replaced * drawdown.cost_per_troop_year_usd / 1e9
        out[year] += drawdown.enablers_usd_bn.get(year, 0.0)
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
