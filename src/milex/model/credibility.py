"""Is a pathway realistic? A transparent test that weighs five kinds of evidence against the
real growth of spending a path needs, and can say no. Pure functions; every threshold and
score comes from data (realism.yaml), every verdict prints the evidence that decided it.

The evidence, each scored from -2 (against) to +2 (for):

- trend      the ally's real spending growth over the last few years (not one estimated year)
- record     its own best sustained real growth in peacetime (war and rearmament episodes, such
             as the Korean-War rearmament, are named and left out)
- alliance   how often allies, as allies and in peacetime, have sustained the required growth
- plans      its own pledges (one that reaches the target counts for) and stated positions (an
             opt-out such as Spain's 2.1% counts against)
- fiscal     room in the public finances (IMF general government debt and balance), with the EU's
             national escape clause for defence where it applies

The verdict: ``on-track`` when the target is met, or the trend already outpaces what is needed
and the rest of the evidence does not object; otherwise by the total score: ``credible``,
``stretched`` or ``implausible``.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from milex.figures import figure

VERDICTS = ("on-track", "credible", "stretched", "implausible")
KINDS = ("trend", "record", "alliance", "plans", "fiscal")


@dataclass(frozen=True)
class Run:
    """Annualised real growth over a window of consecutive years."""

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


def runs(
    levels: Mapping[int, float],
    window: int,
    source: str,
    iso3: str = "",
    excluded: Iterable[int] = (),
) -> list[Run]:
    """Every window of ``window`` years of growth in a level series (e.g. spending at constant
    prices) whose years are all held and none excluded (war and rearmament episodes)."""
    banned = set(excluded)
    out = []
    for end in sorted(levels):
        start = end - window
        if start not in levels or levels[start] <= 0:
            continue
        span = range(start, end + 1)
        if any(y not in levels or y in banned for y in span):
            continue
        growth = ((levels[end] / levels[start]) ** (1 / window) - 1) * 100
        out.append(Run(growth, start + 1, end, source, iso3))
    return out


def best_run(
    levels: Mapping[int, float],
    window: int,
    source: str,
    iso3: str = "",
    excluded: Iterable[int] = (),
) -> Run | None:
    """The best window (ties go to the earlier one); None when there is none."""
    return best_of(runs(levels, window, source, iso3, excluded))


def best_of(candidates: Iterable[Run | None]) -> Run | None:
    """The highest-growth run among several (None ignored; ties go to the first)."""
    best: Run | None = None
    for run in candidates:
        if run is not None and (best is None or run.growth_pct > best.growth_pct):
            best = run
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


def annualised(levels: Mapping[int, float], first: int, last: int) -> float | None:
    """Annualised growth in percent from year ``first`` to ``last`` (None if either is
    missing or the base is not positive)."""
    if first not in levels or last not in levels or levels[first] <= 0 or last <= first:
        return None
    return float(((levels[last] / levels[first]) ** (1 / (last - first)) - 1) * 100)


@dataclass(frozen=True)
class Distribution:
    """Sustained real growth of allies in peacetime: every window's growth, sorted."""

    growth: tuple[float, ...]
    window: int

    @classmethod
    def of(cls, candidates: Iterable[Run], window: int) -> Distribution:
        return cls(tuple(sorted(r.growth_pct for r in candidates)), window)

    def share_at_least(self, growth_pct: float) -> float | None:
        """The fraction of windows with at least this growth (None when there are none)."""
        if not self.growth:
            return None
        below = bisect.bisect_left(self.growth, growth_pct - 1e-9)
        return (len(self.growth) - below) / len(self.growth)


@dataclass(frozen=True)
class Rules:
    """The test's thresholds and scores (realism.yaml)."""

    trend_years: int = 3
    record_window: int = 5
    # trend: ratio of trend to required growth -> score, checked from the top.
    trend_scores: tuple[tuple[float, int], ...] = ((1.0, 2), (0.5, 1), (0.0, 0))
    trend_below: int = -1  # a falling trend
    record_met: int = 1
    record_missed: int = -1
    # alliance: share of peacetime windows with at least the required growth -> score.
    alliance_scores: tuple[tuple[float, int], ...] = ((0.25, 1), (0.05, 0), (0.01, -1))
    alliance_rarer: int = -2
    pledge_reaching: int = 1
    fiscal_debt_pct: float = 90.0
    fiscal_deficit_pct: float = -3.0
    fiscal_strained: int = -1
    fiscal_sound_debt_pct: float = 60.0
    fiscal_sound: int = 1
    escape_clause_pp: float = 1.5
    escape_clause_from: int = 2025
    on_track_min_score: int = 2
    credible_min_score: int = 1
    stretched_min_score: int = -1


@dataclass(frozen=True)
class Evidence:
    """One piece of evidence with its score and the sentence that states it."""

    kind: str
    score: int
    text: str


@dataclass(frozen=True)
class Position:
    """An ally's plan or stated position on the target, scored by the rules' data."""

    score: int
    text: str


@dataclass(frozen=True)
class Fiscal:
    """General government debt and balance (% of GDP) in a year, and the EU's clause."""

    year: int
    debt_pct: float
    balance_pct: float
    eu_member: bool
    source: str


@dataclass(frozen=True)
class Inputs:
    """What the test weighs for one ally: each may be missing (no data)."""

    trend_pct: float | None = None
    trend_text: str = ""  # e.g. "2024-2026 (nato-2026-07; 2025, 2026 estimates)"
    own_best: Run | None = None
    alliance: Distribution | None = None
    positions: Sequence[Position] = ()
    fiscal: Fiscal | None = None
    increase_pp: float = 0.0  # target minus start share: what the path adds
    origin: int = 0  # the year the test is run as of (the clause applies from 2025)


@dataclass(frozen=True)
class Credibility:
    """The verdict with the evidence that decided it."""

    verdict: str
    reason: str
    required_real_growth_pct: float
    trend_pct: float | None
    score: int
    evidence: tuple[Evidence, ...] = field(default=())


def _trend(required: float, inputs: Inputs, rules: Rules) -> Evidence:
    if inputs.trend_pct is None:
        return Evidence("trend", 0, "no recent real-growth series")
    t = inputs.trend_pct
    stated = f"real spending grew {t:.1f}%/yr in {inputs.trend_text}"
    score = rules.trend_below
    if t >= 0:
        for ratio, points in rules.trend_scores:
            if t >= required * ratio - 1e-9:
                score = points
                break
    compare = "at least" if t >= required - 1e-9 else "below"
    return Evidence("trend", score, f"{stated}, {compare} the {required:.1f}%/yr needed")


def _record(required: float, inputs: Inputs, rules: Rules) -> Evidence:
    own = inputs.own_best
    if own is None:
        return Evidence("record", 0, "no peacetime record of its own to compare")
    window = rules.record_window
    if required <= own.growth_pct + 1e-9:
        return Evidence(
            "record",
            rules.record_met,
            f"its best {window}-year peacetime run, {own.describe()}, would be enough",
        )
    return Evidence(
        "record",
        rules.record_missed,
        f"never sustained it in peacetime: its best {window}-year run was {own.describe()}",
    )


def _alliance(required: float, inputs: Inputs, rules: Rules) -> Evidence:
    spread = inputs.alliance
    share = spread.share_at_least(required) if spread else None
    if spread is None or share is None:
        return Evidence("alliance", 0, "no alliance record to compare")
    score = rules.alliance_rarer
    for floor, points in rules.alliance_scores:
        if share >= floor - 1e-12:
            score = points
            break
    return Evidence(
        "alliance",
        score,
        f"{share:.1%} of {len(spread.growth):,} peacetime {spread.window}-year runs of allies "
        f"reached {required:.1f}%/yr",
    )


def _plans(inputs: Inputs) -> list[Evidence]:
    if not inputs.positions:
        return [Evidence("plans", 0, "no pledge or stated position on this target recorded")]
    return [Evidence("plans", p.score, p.text) for p in inputs.positions]


def _fiscal(inputs: Inputs, rules: Rules) -> Evidence:
    f = inputs.fiscal
    if f is None:
        return Evidence("fiscal", 0, "no fiscal figures")
    stated = (
        f"general government debt {f.debt_pct:.0f}% and balance "
        f"{figure(f.balance_pct, 1, sign=True)}% of GDP "
        f"in {f.year} ({f.source})"
    )
    strained = f.debt_pct >= rules.fiscal_debt_pct and f.balance_pct <= rules.fiscal_deficit_pct
    clause = (
        f.eu_member
        and inputs.origin >= rules.escape_clause_from
        and inputs.increase_pp <= rules.escape_clause_pp + 1e-9
    )
    if strained and clause:
        return Evidence(
            "fiscal",
            0,
            f"{stated}: little room, but the EU's national escape clause covers defence "
            f"spending up to {rules.escape_clause_pp:g}% of GDP (the path adds "
            f"{inputs.increase_pp:.2f} points)",
        )
    if strained:
        return Evidence("fiscal", rules.fiscal_strained, f"{stated}: little fiscal room")
    if f.debt_pct < rules.fiscal_sound_debt_pct and f.balance_pct > rules.fiscal_deficit_pct:
        return Evidence("fiscal", rules.fiscal_sound, f"{stated}: room to borrow")
    return Evidence("fiscal", 0, stated)


def fixed_evidence(inputs: Inputs, rules: Rules = Rules()) -> tuple[Evidence, ...]:
    """The evidence that does not depend on the growth a path needs (plans, fiscal room):
    worked out once per ally, given to :func:`assess` for each path."""
    return (*_plans(inputs), _fiscal(inputs, rules))


def assess(
    required_pct: float,
    already_met: bool,
    inputs: Inputs,
    rules: Rules = Rules(),
    fixed: tuple[Evidence, ...] | None = None,
) -> Credibility:
    """The verdict, its score and the evidence, for a path that needs ``required_pct`` real
    growth of spending a year (``fixed``: :func:`fixed_evidence` of the same inputs and
    rules, when already worked out)."""
    evidence = (
        _trend(required_pct, inputs, rules),
        _record(required_pct, inputs, rules),
        _alliance(required_pct, inputs, rules),
        *(fixed_evidence(inputs, rules) if fixed is None else fixed),
    )
    score = sum(e.score for e in evidence)
    need = f"needs {required_pct:.1f}%/yr real growth"

    def strongest(positive: bool) -> str:
        chosen = sorted(
            (e for e in evidence if e.score != 0 and (e.score > 0) == positive),
            key=lambda e: -abs(e.score),
        )
        return "; ".join(e.text for e in chosen) or "nothing"

    def result(verdict: str) -> Credibility:
        reason = f"{need}; for: {strongest(True)}; against: {strongest(False)} (score {score:+d})"
        return Credibility(verdict, reason, required_pct, inputs.trend_pct, score, evidence)

    if already_met:
        return Credibility(
            "on-track",
            "already at or above the target",
            required_pct,
            inputs.trend_pct,
            score,
            evidence,
        )
    top = max(points for _, points in rules.trend_scores)
    if evidence[0].score >= top and score >= rules.on_track_min_score:
        return result("on-track")
    if score >= rules.credible_min_score:
        return result("credible")
    if score >= rules.stretched_min_score:
        return result("stretched")
    return result("implausible")
