"""Targets and whether a share meets them: the gap in points and in money. Pure functions."""

from __future__ import annotations

from dataclasses import dataclass, field

# Metrics a target can be measured on, and the indicator that measures each (None: no data).
METRIC_INDICATORS: dict[str, str | None] = {
    "core_defence_share_gdp": "share_gdp",
    "total_defence_and_related_share_gdp": "share_gdp",
    "defence_related_share_gdp": None,
    "equipment_share_defence_exp": "equipment_share",
    "defence_budget_nominal": None,
}
# "up_to" is a ceiling and "exemption_above" a rule, not a floor: neither has a gap.
FLOORS = ("at_least", "above")
COMPARATORS = (*FLOORS, "up_to", "exemption_above")
_PRECISION = 9


@dataclass(frozen=True)
class Target:
    """One measurable goal of a commitment: a metric, a threshold, a deadline, who it binds."""

    id: str
    commitment_id: str
    name: str
    status: str
    metric: str
    threshold: float
    comparator: str = "at_least"
    deadline_year: int | None = None
    applies_to: tuple[str, ...] = ()  # empty: every ally
    sources: tuple[str, ...] = field(default=(), compare=False)
    note: str | None = field(default=None, compare=False)
    agreed: str | None = None  # ISO date, or year / year-month as the source gives it
    threshold_range: tuple[float, float] | None = None  # a range pledged ("5-6%"): its bounds

    @property
    def indicator(self) -> str | None:
        """The indicator that measures this target, or None when no data measure it."""
        return METRIC_INDICATORS.get(self.metric)

    @property
    def is_floor(self) -> bool:
        """True when the target is a minimum to reach (it can have a gap)."""
        return self.comparator in FLOORS

    def binds(self, iso3: str) -> bool:
        """True when the target applies to this ally."""
        return not self.applies_to or iso3 in self.applies_to


def meets(value: float, target: Target) -> bool:
    """True when a value satisfies the target's comparator (at published precision)."""
    difference = round(value - target.threshold, _PRECISION)
    if target.comparator == "above":
        return difference > 0
    if target.comparator == "up_to":
        return difference <= 0
    return difference >= 0


def gap_points(value: float, target: Target) -> float:
    """Points of GDP (or of spending) missing to reach a floor; 0 when met or not a floor."""
    if not target.is_floor or meets(value, target):
        return 0.0
    return round(target.threshold - value, _PRECISION)


def money(points: float, base: float) -> float:
    """A share in points of a base (GDP, spending) as an amount in the base's unit."""
    return points / 100.0 * base
