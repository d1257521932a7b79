"""Is a pathway realistic? Compare the real growth it needs with what the ally and the other
allies have ever sustained. Pure functions; thresholds come from data (credibility.yaml)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

VERDICTS = ("on-track", "credible", "stretched", "implausible")


@dataclass(frozen=True)
class Run:
    """The best annualised real growth over a window of consecutive years."""

    growth_pct: float
    first_year: int  # the first year of growth (the window's base year is first_year - 1)
    last_year: int
    source: str
    iso3: str = ""

    def describe(self) -> str:
        """e.g. '12.1%/yr in 2020-2024 (nato-2026-07)'."""
        who = f"{self.iso3} " if self.iso3 else ""
        return (
            f"{who}{self.growth_pct:.1f}%/yr in {self.first_year}-{self.last_year} ({self.source})"
        )


@dataclass(frozen=True)
class Thresholds:
    """How generous each verdict is (multipliers of the evidence), from credibility.yaml."""

    windows: tuple[int, ...] = (3, 5)
    credible_own_best: float = 1.0  # required <= own best (window) x this: credible
    stretched_alliance_best: float = 1.0  # required <= alliance best x this: stretched
    on_track_current: float = 1.0  # current growth >= required x this: on track


@dataclass(frozen=True)
class Credibility:
    """The verdict with its evidence."""

    verdict: str
    reason: str
    required_real_growth_pct: float
    current_real_growth_pct: float | None
    own_best: dict[int, Run | None]
    alliance_best: dict[int, Run | None]


def best_run(
    levels: Mapping[int, float],
    window: int,
    source: str,
    iso3: str = "",
    years_allowed: Iterable[int] | None = None,
) -> Run | None:
    """The best annualised growth over ``window`` consecutive years of a level series
    (e.g. spending at constant prices); only windows whose years are all allowed."""
    allowed = set(years_allowed) if years_allowed is not None else None
    best: Run | None = None
    for end in sorted(levels):
        start = end - window
        if start not in levels or levels[start] <= 0:
            continue
        span = range(start, end + 1)
        if any(y not in levels for y in span):
            continue
        if allowed is not None and any(y not in allowed for y in span):
            continue
        growth = ((levels[end] / levels[start]) ** (1 / window) - 1) * 100
        if best is None or growth > best.growth_pct:
            best = Run(growth, start + 1, end, source, iso3)
    return best


def levels_from_changes(changes_pct: Mapping[int, float]) -> dict[int, float]:
    """A level index from yearly percentage changes (the year before the first change = 100)."""
    if not changes_pct:
        return {}
    years = sorted(changes_pct)
    level = {years[0] - 1: 100.0}
    for year in years:
        if year - 1 not in level:
            break
        level[year] = level[year - 1] * (1 + changes_pct[year] / 100)
    return level


def best_of(runs: Iterable[Run | None]) -> Run | None:
    """The highest-growth run among several (None ignored)."""
    present = [r for r in runs if r is not None]
    return max(present, key=lambda r: r.growth_pct) if present else None


def assess(
    required_pct: float,
    already_met: bool,
    current_pct: float | None,
    own_best: Mapping[int, Run | None],
    alliance_best: Mapping[int, Run | None],
    thresholds: Thresholds = Thresholds(),
) -> Credibility:
    """The verdict: on-track, credible, stretched or implausible, with a one-line reason."""
    longest = max(thresholds.windows)
    own, allies = own_best.get(longest), alliance_best.get(longest)
    need = f"needs {required_pct:.1f}%/yr real growth"

    def result(verdict: str, reason: str) -> Credibility:
        return Credibility(
            verdict, reason, required_pct, current_pct, dict(own_best), dict(alliance_best)
        )

    if already_met:
        return result("on-track", "already at or above the target")
    if current_pct is not None and current_pct >= required_pct * thresholds.on_track_current:
        return result(
            "on-track", f"{need}; it grew {current_pct:.1f}% in real terms in the latest year"
        )
    if own is not None and required_pct <= own.growth_pct * thresholds.credible_own_best:
        return result("credible", f"{need}; its own best {longest}-year run was {own.describe()}")
    if (
        allies is not None
        and required_pct <= allies.growth_pct * thresholds.stretched_alliance_best
    ):
        own_text = (
            f"its own best {longest}-year run was {own.describe()}"
            if own
            else "it has no comparable run"
        )
        return result(
            "stretched", f"{need}; {own_text}, but an ally has sustained it: {allies.describe()}"
        )
    best_text = allies.describe() if allies else "no ally's record"
    return result("implausible", f"{need}; above any ally's best {longest}-year run ({best_text})")
