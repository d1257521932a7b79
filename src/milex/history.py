"""The evidence a realism verdict weighs, gathered from the store once per store version.

Real spending levels of every country (SIPRI's constant dollars from 1949, each NATO edition's
annual real change), the war and rearmament episodes to leave out, the alliance's peacetime
record, stated positions and pledges, IMF fiscal figures. The store is immutable while it is
open, so a :class:`History` is built once per store file and build and kept (a rebuilt store
gets a new one); the pathway and backtest services ask it, as of any year, without touching
the store again.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from typing import Any

from milex.data import countries
from milex.data.query import Queries
from milex.errors import NoDataError
from milex.model import credibility as cr
from milex.model.commitments import Target

SIPRI_LEVELS = "usd_constant_million"
NATO_CHANGE = "real_change_pct"
DEBT, BALANCE = "gg_debt_pct_gdp", "gg_net_lending_pct_gdp"


@dataclass(frozen=True)
class Episode:
    """A war or rearmament episode, left out of the peacetime record."""

    id: str
    name: str
    first: int
    last: int
    countries: frozenset[str] | None  # None: every country
    why: str

    def covers(self, iso3: str, year: int) -> bool:
        return self.first <= year <= self.last and (
            self.countries is None or iso3 in self.countries
        )


@dataclass(frozen=True)
class StatedPosition:
    """An ally's stated position on a commitment (realism.yaml), with its score and sources."""

    commitment: str
    iso3: str
    agreed: date
    score: int
    text: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class RealismData:
    """realism.yaml: the rules, episodes and positions."""

    rules: cr.Rules
    episodes: tuple[Episode, ...]
    positions: tuple[StatedPosition, ...]
    exclude_first_years: int
    new_series_after: int


@functools.cache
def realism_data() -> RealismData:
    """The bundled realism.yaml, read once."""
    from milex.data.yamlfile import parse_yaml

    raw: dict[str, Any] = parse_yaml(
        (resources.files("milex.data") / "bundled" / "realism.yaml").read_bytes(), "realism.yaml"
    )
    fiscal, verdicts = raw["fiscal"], raw["verdicts"]
    rules = cr.Rules(
        trend_years=int(raw["trend_years"]),
        record_window=int(raw["record_window"]),
        trend_scores=tuple((float(t["at_least"]), int(t["score"])) for t in raw["trend"]),
        trend_below=int(raw["trend_falling"]),
        record_met=int(raw["record"]["met"]),
        record_missed=int(raw["record"]["missed"]),
        alliance_scores=tuple(
            (float(a["share_at_least"]), int(a["score"])) for a in raw["alliance"]
        ),
        alliance_rarer=int(raw["alliance_rarer"]),
        pledge_reaching=int(raw["pledge_reaching"]),
        fiscal_debt_pct=float(fiscal["debt_pct"]),
        fiscal_deficit_pct=float(fiscal["deficit_pct"]),
        fiscal_strained=int(fiscal["strained"]),
        fiscal_sound_debt_pct=float(fiscal["sound_debt_pct"]),
        fiscal_sound=int(fiscal["sound"]),
        escape_clause_pp=float(fiscal["escape_clause_pp"]),
        escape_clause_from=int(fiscal["escape_clause_from"]),
        on_track_min_score=int(verdicts["on_track_min_score"]),
        credible_min_score=int(verdicts["credible_min_score"]),
        stretched_min_score=int(verdicts["stretched_min_score"]),
    )
    episodes = tuple(
        Episode(
            e["id"],
            e["name"],
            int(e["years"][0]),
            int(e["years"][1]),
            None if e["countries"] == "all" else frozenset(e["countries"]),
            " ".join(str(e["why"]).split()),
        )
        for e in raw["episodes"]
    )
    positions = tuple(
        StatedPosition(
            p["commitment"],
            p["iso3"],
            p["agreed"] if isinstance(p["agreed"], date) else date.fromisoformat(p["agreed"]),
            int(p["score"]),
            " ".join(str(p["text"]).split()),
            tuple(p["sources"]),
        )
        for p in raw["positions"]
    )
    return RealismData(
        rules, episodes, positions, int(raw["exclude_first_years"]), int(raw["new_series_after"])
    )


@dataclass
class History:
    """Every country's real spending levels and the alliance's peacetime runs, from one store."""

    sipri: str | None
    levels: dict[str, list[tuple[str, dict[int, float]]]]  # iso3 -> [(release, levels)]
    estimates: dict[tuple[str, str], frozenset[int]]  # (release, iso3) -> estimate years
    gdp_proxy: dict[str, dict[int, float]]  # iso3 -> real GDP level (SIPRI spending / share)
    fiscal: dict[str, dict[int, tuple[float, float]]]  # iso3 -> year -> (debt, balance)
    fiscal_release: str | None
    data: RealismData
    include_episodes: bool = False
    _alliance: dict[int, cr.Distribution] = field(default_factory=dict)
    _own: dict[tuple[str, int], cr.Run | None] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def excluded(self, iso3: str) -> set[int]:
        """The years of this country's episodes (none when episodes are counted)."""
        if self.include_episodes:
            return set()
        return {
            y
            for e in self.data.episodes
            for y in range(e.first, min(e.last, 2100) + 1)
            if e.covers(iso3, y)
        }

    def own_best(self, iso3: str, until: int) -> cr.Run | None:
        """The ally's best peacetime run of the record window, ending by ``until``."""
        key = (iso3, until)
        with self._lock:
            if key in self._own:
                return self._own[key]
        window = self.data.rules.record_window
        banned = self.excluded(iso3)
        best = cr.best_of(
            cr.best_run({y: v for y, v in series.items() if y <= until}, window, source, "", banned)
            for source, series in self.levels.get(iso3, [])
        )
        with self._lock:
            self._own[key] = best
        return best

    def alliance(self, until: int) -> cr.Distribution:
        """Every ally's peacetime runs, as an ally, ending by ``until`` (SIPRI)."""
        with self._lock:
            if until not in self._alliance:
                window = self.data.rules.record_window
                found: list[cr.Run] = []
                for ally in countries.members(date.today()):
                    joined = ally.nato_accession.year if ally.nato_accession else 2100
                    for source, series in self.levels.get(ally.iso3, []):
                        if source != self.sipri:
                            continue
                        kept = {y: v for y, v in series.items() if joined <= y <= until}
                        found += cr.runs(kept, window, source, ally.iso3, self.excluded(ally.iso3))
                self._alliance[until] = cr.Distribution.of(found, window)
            return self._alliance[until]

    def trend(self, iso3: str, year: int, prefer: str | None = None) -> tuple[float | None, str]:
        """Annualised real growth over the trend years up to ``year``: from the ``prefer``red
        release (a NATO edition's real change) where it holds the years, else SIPRI."""
        span = self.data.rules.trend_years
        series = sorted(self.levels.get(iso3, []), key=lambda item: item[0] != prefer)
        for source, levels in series:
            growth = cr.annualised(levels, year - span, year)
            if growth is None:
                continue
            marked = sorted(
                self.estimates.get((source, iso3), frozenset())
                & set(range(year - span + 1, year + 1))
            )
            note = f"; {', '.join(map(str, marked))} estimated" if marked else ""
            return growth, f"{year - span + 1}-{year} ({source}{note})"
        return None, ""

    def gdp_growth(self, iso3: str, until: int, years: int = 10) -> float | None:
        """Average real GDP growth over ``years`` to ``until``, from SIPRI's spending and share
        (constant-dollar spending / share of GDP: GDP deflated as SIPRI deflates spending)."""
        return cr.annualised(self.gdp_proxy.get(iso3, {}), until - years, until)

    def fiscal_in(self, iso3: str, year: int) -> cr.Fiscal | None:
        """Debt and balance in a year (the latest held at or before it)."""
        own = self.fiscal.get(iso3, {})
        held = [y for y in own if y <= year]
        if not held:
            return None
        latest = max(held)
        debt, balance = own[latest]
        eu = countries.get(iso3).in_eu(date(year, 12, 31)) if countries.find(iso3) else False
        return cr.Fiscal(latest, debt, balance, eu, self.fiscal_release or "IMF")

    def positions(
        self, iso3: str, target: Target, targets: Sequence[Target], as_of: date
    ) -> list[cr.Position]:
        """The ally's pledges that reach the target in time, its other pledges on the same
        measure, and its stated positions on the target's commitment, known by ``as_of``."""
        out: list[cr.Position] = []
        rules = self.data.rules
        for pledge in targets:
            if pledge.status != "national_pledge" or not pledge.applies_to:
                continue
            if iso3 not in pledge.applies_to or pledge.metric != target.metric:
                continue
            if not _known_by(pledge.agreed, as_of) or not pledge.is_floor:
                continue
            reaches = pledge.threshold >= target.threshold - 1e-9 and (
                target.deadline_year is None
                or (
                    pledge.deadline_year is not None
                    and pledge.deadline_year <= target.deadline_year
                )
            )
            by = f" by {pledge.deadline_year}" if pledge.deadline_year else ""
            if reaches:
                out.append(
                    cr.Position(
                        rules.pledge_reaching, f"pledge: {pledge.name} ({pledge.threshold:g}%{by})"
                    )
                )
            else:
                out.append(
                    cr.Position(
                        0,
                        f"pledge below the target: {pledge.name} ({pledge.threshold:g}%{by})",
                    )
                )
        for position in self.data.positions:
            if (position.iso3, position.commitment) == (iso3, target.commitment_id) and (
                position.agreed <= as_of
            ):
                out.append(cr.Position(position.score, f"stated position: {position.text}"))
        return out


def _known_by(agreed: str | None, as_of: date) -> bool:
    """A pledge counts from the year (or month, or day) it was agreed; none given: always."""
    if not agreed:
        return True
    parts = agreed.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return date(year, month, day) <= as_of
    except (ValueError, IndexError):
        return True


_HISTORIES: dict[tuple[str, str, bool], History] = {}
_HISTORIES_LOCK = threading.Lock()


def history(q: Queries, include_episodes: bool = False) -> History:
    """The history of the store ``q`` reads, built once per store version."""
    key = (*q.version(), include_episodes)
    with _HISTORIES_LOCK:
        found = _HISTORIES.get(key)
    if found is not None:
        return found
    built = _build(q, include_episodes)
    with _HISTORIES_LOCK:
        if len(_HISTORIES) >= 8:
            _HISTORIES.clear()
        _HISTORIES[key] = built
    return built


def _optional(q: Queries, source: str, indicator: str) -> str | None:
    try:
        return q.resolve_release(source, None, None, indicator)
    except NoDataError:
        return None


def _build(q: Queries, include_episodes: bool) -> History:
    data = realism_data()
    levels: dict[str, list[tuple[str, dict[int, float]]]] = {}
    estimates: dict[tuple[str, str], frozenset[int]] = {}
    for release in q.release_ids("nato"):
        changes: dict[str, dict[int, float]] = {}
        marked: dict[str, set[int]] = {}
        for iso3, year, value, estimate in q.conn.execute(
            "SELECT iso3, year, value, estimate FROM observations WHERE release_id = ? "
            "AND indicator = ?",
            (release, NATO_CHANGE),
        ):
            changes.setdefault(iso3, {})[year] = value
            if estimate:
                marked.setdefault(iso3, set()).add(year)
        for iso3, series in changes.items():
            levels.setdefault(iso3, []).append((release, cr.levels_from_changes(series)))
            estimates[(release, iso3)] = frozenset(marked.get(iso3, set()))
    sipri = _optional(q, "sipri", SIPRI_LEVELS)
    gdp_proxy: dict[str, dict[int, float]] = {}
    if sipri:
        spending: dict[str, dict[int, float]] = {}
        for (iso3, year), value in q.cells(sipri, SIPRI_LEVELS).items():
            spending.setdefault(iso3, {})[year] = value
        for (iso3, year), share in q.cells(sipri, "share_gdp").items():
            if share > 0 and year in spending.get(iso3, {}):
                gdp_proxy.setdefault(iso3, {})[year] = spending[iso3][year] / share * 100
        for iso3, series in spending.items():
            first = min(series)
            # A series that starts late (a new state) loses its first years; the founders'
            # series from 1949-50 keep every year (their episodes are cut by name instead).
            cut = first + data.exclude_first_years if first > data.new_series_after else first
            levels.setdefault(iso3, []).append(
                (sipri, {y: v for y, v in series.items() if y >= cut})
            )
    imf = _optional(q, "imf", DEBT)
    fiscal: dict[str, dict[int, tuple[float, float]]] = {}
    if imf:
        debts, balances = q.cells(imf, DEBT), q.cells(imf, BALANCE)
        for (iso3, year), debt in debts.items():
            if (iso3, year) in balances:
                fiscal.setdefault(iso3, {})[year] = (debt, balances[(iso3, year)])
    return History(sipri, levels, estimates, gdp_proxy, fiscal, imf, data, include_episodes)


def episode_notes(h: History) -> list[str]:
    """One line naming the episodes left out (or counted)."""
    names = ", ".join(
        f"{e.name} ({e.first}-{e.last if e.last < 2100 else 'on'}"
        + ("" if e.countries is None else f", {' '.join(sorted(e.countries))}")
        + ")"
        for e in h.data.episodes
    )
    if h.include_episodes:
        return [f"the peacetime record counts the war and rearmament episodes: {names}"]
    return [f"left out of the peacetime record as war or rearmament: {names}"]


def realism_inputs(
    h: History,
    iso3: str,
    year: int,
    increase_pp: float,
    positions: list[cr.Position],
    prefer: str | None = None,
) -> cr.Inputs:
    """Everything the test weighs for one ally as of ``year`` (no figure after it)."""
    trend, text = h.trend(iso3, year, prefer)
    return cr.Inputs(
        trend_pct=trend,
        trend_text=text,
        own_best=h.own_best(iso3, year),
        alliance=h.alliance(year),
        positions=positions,
        fiscal=h.fiscal_in(iso3, year),
        increase_pp=increase_pp,
        origin=year,
    )
