"""The realism test run as it would have run in the past, against what then happened.

At the Wales summit (September 2014) the allies below 2% of GDP pledged to "move towards 2%
within a decade". For each ally below 2% in the origin year, the test is run with figures for
years up to the origin only (shares, real spending, GDP, fiscal balance, pledges agreed by
then), and its verdict is set against whether the ally reached 2% by 2024. The shares at the
origin come from the oldest NATO edition milex holds (closest to what was known then); the
outcome from the newest edition that measures what the pledge measured (total defence
expenditure: the July 2026 edition measures core spending).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from milex.data import countries
from milex.data.query import Queries, parse_year
from milex.errors import InvalidQueryError, NoDataError
from milex.model import commitments as cm
from milex.model import credibility as cr
from milex.model import pathways as pw
from milex.table import Table

WALES = "wales-2pct"
OUTCOME_YEAR = 2024
# The chance of reaching the target each verdict stands for, fixed before the backtest was
# run (not fitted to it): the Brier score of the verdicts uses these.
VERDICT_PROBABILITY = {"on-track": 0.8, "credible": 0.6, "stretched": 0.35, "implausible": 0.1}
GDP_YEARS = 10  # real GDP growth assumed at the origin: the ally's average of the years before


@dataclass(frozen=True)
class BacktestRow:
    iso3: str
    origin: int
    start_share: float
    required_real_growth_pct: float
    credibility: cr.Credibility
    reached: bool | None
    outcome_share: float | None


@dataclass
class BacktestReport:
    """Verdicts as of an origin year against what happened by the target year."""

    origin: int
    target_year: int
    threshold: float
    start_release: str
    outcome_release: str
    rows: list[BacktestRow]
    notes: list[str] = field(default_factory=list)

    def table(self) -> Table:
        """One row per ally below the threshold at the origin."""
        return Table(
            [
                "iso3",
                "country",
                "origin",
                "start_share",
                "required_real_growth_pct",
                "verdict",
                "score",
                "reasons",
                "reached",
                "outcome_year",
                "outcome_share",
            ],
            [
                (
                    r.iso3,
                    countries.name(r.iso3),
                    r.origin,
                    r.start_share,
                    r.required_real_growth_pct,
                    r.credibility.verdict,
                    r.credibility.score,
                    r.credibility.reason,
                    r.reached,
                    self.target_year,
                    r.outcome_share,
                )
                for r in self.rows
            ],
            title=self.title(),
            notes=self.summary_lines() + self.notes,
        )

    def title(self) -> str:
        return (
            f"Backtest: the realism test as of {self.origin} on the Wales pledge "
            f"({self.threshold:g}% of GDP by {self.target_year}), against {self.outcome_release}"
        )

    def by_verdict(self) -> list[tuple[str, int, int, float | None]]:
        """(verdict, allies, reached, rate) for each verdict, best first."""
        out = []
        for verdict in cr.VERDICTS:
            judged = [
                r for r in self.rows if r.credibility.verdict == verdict and r.reached is not None
            ]
            hits = sum(1 for r in judged if r.reached)
            out.append((verdict, len(judged), hits, hits / len(judged) if judged else None))
        return out

    def scores(self) -> dict[str, float]:
        """Accuracy of "on-track or credible = will reach it" against the naive "everyone
        fails", and Brier scores of the verdicts' stated chances against the naive 0."""
        judged = [r for r in self.rows if r.reached is not None]
        if not judged:
            return {}
        n = len(judged)
        said = [r.credibility.verdict in ("on-track", "credible") for r in judged]
        reached = [bool(r.reached) for r in judged]
        accuracy = sum(1 for s, h in zip(said, reached, strict=True) if s == h) / n
        naive = sum(1 for h in reached if not h) / n
        brier = (
            sum(
                (VERDICT_PROBABILITY[r.credibility.verdict] - (1.0 if r.reached else 0.0)) ** 2
                for r in judged
            )
            / n
        )
        base = sum(1 for h in reached if h) / n
        return {
            "allies": float(n),
            "reached": float(sum(reached)),
            "accuracy": accuracy,
            "accuracy_naive_everyone_fails": naive,
            "brier": brier,
            "brier_naive_everyone_fails": base,  # (0 - 1)^2 for each ally that reached
            # The same chance for every ally, the share that did reach it (known only after).
            "brier_naive_base_rate": base * (1 - base),
        }

    def summary_lines(self) -> list[str]:
        lines = [
            f"{verdict}: {allies} allies, {hits} reached {self.threshold:g}% by "
            f"{self.target_year}" + (f" ({rate:.0%})" if rate is not None else "")
            for verdict, allies, hits, rate in self.by_verdict()
        ]
        s = self.scores()
        if s:
            better = s["accuracy"] > s["accuracy_naive_everyone_fails"]
            lines.append(
                f"accuracy of 'on-track or credible = reaches it': {s['accuracy']:.0%} against "
                f"{s['accuracy_naive_everyone_fails']:.0%} for the naive 'everyone fails' "
                f"({'better' if better else 'not better'}); Brier {s['brier']:.3f} against "
                f"{s['brier_naive_everyone_fails']:.3f} for 'everyone fails' and "
                f"{s['brier_naive_base_rate']:.3f} for the base rate (lower is better; the "
                "verdicts' chances "
                f"{', '.join(f'{k} {v:g}' for k, v in VERDICT_PROBABILITY.items())} were set "
                "before the backtest)"
            )
        return lines

    def to_json(self) -> dict[str, Any]:
        return {
            "origin": self.origin,
            "target_year": self.target_year,
            "threshold": self.threshold,
            "start_release": self.start_release,
            "outcome_release": self.outcome_release,
            "rows": [
                {
                    **dict(zip(self.table().columns, row, strict=True)),  # at its decimals
                    "evidence": [
                        {"kind": e.kind, "score": e.score, "text": e.text}
                        for e in r.credibility.evidence
                    ],
                }
                for row, r in zip(self.table().written_rows(), self.rows, strict=True)
            ],
            "by_verdict": [
                {"verdict": v, "allies": n, "reached": hits, "rate": rate}
                for v, n, hits, rate in self.by_verdict()
            ],
            "scores": self.scores(),
            "notes": self.summary_lines() + self.notes,
        }


def _start_release(q: Queries, origin: int) -> str:
    """The oldest NATO edition that holds shares for the origin year."""
    for release in q.release_ids("nato"):
        if q.cells(release, "share_gdp", [origin]):
            return release
    raise NoDataError(f"no NATO edition in the store holds shares for {origin}")


def _outcome_release(q: Queries, year: int, measure: str) -> str:
    """The newest NATO edition holding the outcome year that measures what the pledge did."""
    for release in reversed(q.release_ids("nato")):
        if q.measure(release) == measure and q.cells(release, "share_gdp", [year]):
            return release
    raise NoDataError(f"no NATO edition measuring {measure} holds shares for {year}")


def backtest(
    q: Queries,
    origin: int | str = 2014,
    target_year: int = OUTCOME_YEAR,
    include_episodes: bool = False,
) -> BacktestReport:
    """The realism test as of ``origin`` for every ally below 2% then, against whether it
    reached 2% by ``target_year``. Uses no figure for a year after the origin."""
    from milex import history as hist

    start = parse_year(origin)
    assert start is not None
    if not 2014 <= start < target_year:
        raise InvalidQueryError(
            f"origin: {start} must be from 2014 (the first year NATO's editions in milex hold) "
            f"to {target_year - 1}"
        )
    target = q.target(WALES)
    threshold = target.threshold
    first = _start_release(q, start)
    outcome = _outcome_release(q, target_year, "defence expenditure")
    shares = q.cells(first, "share_gdp", [start])
    outcomes = q.cells(outcome, "share_gdp", [target_year])
    h = hist.history(q, include_episodes)
    day = date(start, 12, 31)
    targets = q.targets()
    rows: list[BacktestRow] = []
    steps = target_year - start
    for ally in countries.members(day):
        share = shares.get((ally.iso3, start))
        if share is None or cm.meets(share, target):
            continue
        growth = h.gdp_growth(ally.iso3, start, GDP_YEARS)
        factor = (1 + (growth or 0.0) / 100) ** steps
        required = pw.required_real_growth(share, threshold, factor, steps)
        positions = h.positions(ally.iso3, target, targets, day)
        inputs = hist.realism_inputs(
            h, ally.iso3, start, threshold - share, positions, prefer=h.sipri
        )
        verdict = cr.assess(required, False, inputs, h.data.rules)
        after = outcomes.get((ally.iso3, target_year))
        reached = None if after is None else cm.meets(after, target)
        rows.append(BacktestRow(ally.iso3, start, share, required, verdict, reached, after))
    notes = [
        f"start shares: {first} (the oldest edition milex holds, published after the origin: "
        "its figures for the origin year are later estimates of what was then known)",
        f"outcome: {outcome}, {target_year} (the newest edition that measures total defence "
        "expenditure, as the pledge did)",
        f"required growth: the real growth of spending from the {start} share to "
        f"{threshold:g}% in {steps} years, with real GDP growing at the ally's average of the "
        f"{GDP_YEARS} years to {start} (SIPRI spending / share)",
        "evidence as of the origin: real spending trend and records from SIPRI constant dollars "
        f"(years to {start}); IMF fiscal figures for {start}; pledges agreed by then (none of "
        "the bundled national pledges predates 2022)",
        hist.episode_notes(h)[0],
    ]
    return BacktestReport(start, target_year, threshold, first, outcome, rows, notes)
