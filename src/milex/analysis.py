"""Commitments, gaps and pathways: gather the figures from the store, call the model, and
return tables. The maths is in :mod:`milex.model`; this module only chooses the inputs (which
release, which GDP, which assumptions) and says so in each table's notes."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from milex.data import countries
from milex.data.query import Queries
from milex.errors import InvalidQueryError, NoDataError
from milex.model import commitments as cm
from milex.model import credibility as cr
from milex.model import pathways as pw
from milex.table import Table

DEFAULT_DEFLATOR_PCT = 2.0
IMF_GDP, IMF_GROWTH, IMF_FX = "gdp_usd_current_billion", "real_gdp_growth_pct", "lcu_per_usd"
METRIC_LABELS = {
    "core_defence_share_gdp": "of GDP (core defence)",
    "total_defence_and_related_share_gdp": "of GDP (defence + related)",
    "defence_related_share_gdp": "of GDP (defence-related)",
    "equipment_share_defence_exp": "of defence spending on equipment",
    "defence_budget_nominal": "budget (national currency)",
}
TOTAL_NOTE = (
    "Defence-related spending (the Hague 1.5%) is not published: the 5% total is measured on "
    "core defence spending alone, so its gap is an upper bound."
)


# -- commitments ------------------------------------------------------------------------------


def all_targets(q: Queries, commitments_file: str | Path | None = None) -> list[cm.Target]:
    """The bundled targets, then those of a user's file (checked against the data year)."""
    targets = q.targets()
    if commitments_file is not None:
        from milex.data import commitments as loader

        data_year = q.latest_year(q.resolve_release("nato", None, None, "share_gdp"))
        targets += loader.load(commitments_file, data_year)
    return targets


def find_target(
    q: Queries, target_id: str, commitments_file: str | Path | None = None
) -> cm.Target:
    """A target by short id, full id, or id in the user's file."""
    if commitments_file is not None:
        for target in all_targets(q, commitments_file)[len(q.targets()) :]:
            if target.id == target_id:
                return target
    return q.target(target_id)


def commitments(q: Queries, commitments_file: str | Path | None = None) -> Table:
    """Every target with its metric, threshold, deadline, who it binds and its source."""
    short = q.short_ids()
    rows = [
        (
            short.get(t.id),
            t.id,
            t.name,
            t.status,
            t.metric,
            t.threshold,
            t.comparator,
            t.deadline_year,
            " ".join(t.applies_to) or "all allies",
            t.indicator is not None and t.is_floor,
            t.sources[0] if t.sources else None,
        )
        for t in all_targets(q, commitments_file)
    ]
    return Table(
        [
            "short_id",
            "id",
            "name",
            "status",
            "metric",
            "threshold",
            "comparator",
            "deadline_year",
            "applies_to",
            "assessable",
            "source_url",
        ],
        rows,
        title="Commitments, guidelines, national pledges and 2025 rhetoric",
        notes=[
            "assessable = a floor measured by published data (milex gap can judge it)",
            "status 'rhetoric' figures are statements, not commitments",
        ],
    )


def _label(q: Queries, target: cm.Target) -> str:
    """e.g. 'hague-core: 3.5% of GDP (core defence) by 2035'."""
    name = q.short_ids().get(target.id, target.id)
    by = f" by {target.deadline_year}" if target.deadline_year else ""
    return f"{name}: {target.threshold:g}% {METRIC_LABELS[target.metric]}{by}"


# -- gaps -------------------------------------------------------------------------------------


def _imf_release(q: Queries, as_of: str | date | None, notes: list[str]) -> str:
    try:
        return q.resolve_release("imf", None, as_of, IMF_GDP)
    except NoDataError:
        latest = q.resolve_release("imf", None, None, IMF_GDP)
        notes.append(f"GDP from {latest}: no IMF release in the store was published by {as_of}")
        return latest


def _optional_release(q: Queries, source: str, indicator: str, year: int) -> str | None:
    try:
        return q.resolve_release(source, None, None, indicator, year)
    except NoDataError:
        return None


@dataclass
class _GapRow:
    iso3: str
    value: float
    estimate: bool
    base_usd_bn: float | None
    gap_pp: float
    meets: bool
    constant_ratio: float | None
    population: float | None
    lcu_per_usd: float | None
    currency: str | None


def gap(
    q: Queries,
    target_id: str = "2pct",
    year: int | None = None,
    release: str | None = None,
    as_of: str | date | None = None,
    commitments_file: str | Path | None = None,
) -> Table:
    """Each ally's distance from a target in a year, in points and in money, with totals for
    all allies, NATO Europe & Canada and the EU allies."""
    target = find_target(q, target_id, commitments_file)
    indicator = target.indicator
    if indicator is None or not target.is_floor:
        raise NoDataError(
            f"{target.id} ({target.metric}, {target.comparator}) cannot be measured: "
            + ("no published data measure it" if indicator is None else "it is not a floor")
        )
    from milex.data.query import parse_year

    wanted = parse_year(year)
    chosen = q.resolve_release("nato", release, as_of, indicator, wanted)
    wanted = wanted or q.latest_year(chosen, indicator)
    notes: list[str] = []
    values = q.cells(chosen, indicator, [wanted])
    estimates = dict(
        q.conn.execute(
            "SELECT iso3, estimate FROM observations WHERE release_id = ? AND indicator = ? "
            "AND year = ?",
            (chosen, indicator, wanted),
        ).fetchall()
    )
    imf = _imf_release(q, as_of, notes)
    gdp = q.cells(imf, IMF_GDP, [wanted])
    fx = q.cells(imf, IMF_FX, [wanted])
    # Money gaps: a share of GDP is money of GDP; an equipment share is money of spending.
    spending_release = None
    if indicator == "share_gdp":
        base = {iso3: v for (iso3, _), v in gdp.items()}
        base_note = f"GDP: {imf}, NGDPD (current US dollars)"
    else:
        spending_release = _optional_release(q, "nato", "usd_current_million", wanted)
        spent = (
            q.cells(spending_release, "usd_current_million", [wanted]) if spending_release else {}
        )
        base = {iso3: v / 1000 for (iso3, _), v in spent.items()}
        base_note = f"spending: {spending_release}, Table 2 (current US dollars)"
    tables5 = _optional_release(q, "nato", "gdp_usd_constant_million", wanted)
    constant_ratio: dict[str, float] = {}
    population: dict[str, float] = {}
    if tables5:
        current = q.cells(tables5, "gdp_usd_current_million", [wanted])
        constant = q.cells(tables5, "gdp_usd_constant_million", [wanted])
        per_head = q.cells(tables5, "gdp_per_capita_thousand_usd", [wanted])
        for (iso3, y), value in constant.items():
            if (iso3, y) in current and current[(iso3, y)] > 0:
                constant_ratio[iso3] = value / current[(iso3, y)]
            if (iso3, y) in per_head and per_head[(iso3, y)] > 0:
                population[iso3] = value * 1e6 / (per_head[(iso3, y)] * 1e3)
    eur_per_usd = fx.get(("DEU", wanted))
    allies_then = [c for c in countries.members(date(wanted, 12, 31)) if target.binds(c.iso3)]
    rows: list[_GapRow] = []
    for ally in allies_then:
        if (ally.iso3, wanted) not in values:
            continue
        value = values[(ally.iso3, wanted)]
        rows.append(
            _GapRow(
                ally.iso3,
                value,
                bool(estimates.get(ally.iso3)),
                base.get(ally.iso3),
                cm.gap_points(value, target),
                cm.meets(value, target),
                constant_ratio.get(ally.iso3),
                population.get(ally.iso3),
                1.0 if ally.iso3 == "USA" else fx.get((ally.iso3, wanted)),
                ally.currency,
            )
        )
    if not rows:
        raise NoDataError(
            f"{chosen} has no {indicator} for {wanted} for the allies {target.id} binds"
        )

    def money(r: _GapRow, factor: float | None) -> float | None:
        if r.base_usd_bn is None or factor is None:
            return None
        return cm.money(r.gap_pp, r.base_usd_bn) * factor

    out: list[tuple[Any, ...]] = []
    for r in rows:
        gap_usd = money(r, 1.0)
        out.append(
            (
                r.iso3,
                countries.name(r.iso3),
                wanted,
                r.value,
                r.estimate,
                target.threshold,
                r.meets,
                r.gap_pp,
                gap_usd,
                money(r, r.constant_ratio),
                money(r, eur_per_usd),
                money(r, r.lcu_per_usd),
                r.currency,
                None if gap_usd is None or r.population is None else gap_usd * 1e9 / r.population,
                r.base_usd_bn,
                chosen,
            )
        )
    out.sort(key=lambda row: (-row[7], row[0]))
    for code, label in countries.GROUPS.items():
        members = {c.iso3 for c in countries.group_members(code, date(wanted, 12, 31))}
        part = [r for r in rows if r.iso3 in members and r.base_usd_bn is not None]
        if not part:
            continue
        weight = sum(r.base_usd_bn or 0.0 for r in part)
        share = sum(r.value * (r.base_usd_bn or 0.0) for r in part) / weight
        gaps = [money(r, 1.0) or 0.0 for r in part]
        constants = [money(r, r.constant_ratio) for r in part]
        pops = [r.population for r in part]
        out.append(
            (
                code,
                label,
                wanted,
                share,
                any(r.estimate for r in part),
                target.threshold,
                cm.meets(share, target),
                round(sum(r.gap_pp * (r.base_usd_bn or 0) for r in part) / weight, 9),
                sum(gaps),
                None if None in constants else sum(c or 0.0 for c in constants),
                None if eur_per_usd is None else sum(gaps) * eur_per_usd,
                None,
                None,
                None if None in pops else sum(gaps) * 1e9 / sum(p or 0.0 for p in pops),
                weight,
                chosen,
            )
        )
    table_name, url = q.series_meta(chosen, indicator)
    notes = [
        f"{indicator}: {chosen}, {table_name}: {url}",
        base_note,
        *notes,
        "gap_usd_bn = gap in points x the base of that year; constant = 2021 prices (NATO "
        "Table 5 deflator), EUR and national currency at the IMF-implied rate (derived), per "
        "capita with NATO Table 6 population",
        "totals: each group's share is weighted by the base; its gap is the sum of its "
        "members' gaps (what lifting each ally below the target would cost)",
        countries.get("ISL").note or "",
    ]
    if target.metric == "total_defence_and_related_share_gdp":
        notes.insert(0, TOTAL_NOTE)
    missing = sorted(
        c.iso3 for c in allies_then if (c.iso3, wanted) not in values and c.iso3 != "ISL"
    )
    if missing:
        notes.append(f"{chosen} gives no {wanted} figure for: {', '.join(missing)}")
    meeting = sum(1 for r in rows if r.meets)
    total = sum(money(r, 1.0) or 0.0 for r in rows)
    return Table(
        [
            "iso3",
            "country",
            "year",
            indicator,
            "estimate",
            "target",
            "meets",
            "gap_pp",
            "gap_usd_bn",
            "gap_usd_constant_bn",
            "gap_eur_bn",
            "gap_lcu_bn",
            "currency",
            "gap_usd_per_capita",
            "base_usd_bn",
            "release",
        ],
        out,
        title=(
            f"{_label(q, target)} — {wanted}, {chosen}: {meeting} of {len(rows)} allies meet "
            f"it; gap ${total:,.1f} bn"
        ),
        notes=[n for n in notes if n],
    )


# -- pathways ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class HistoryRules:
    """credibility.yaml: the verdict thresholds and which history counts as evidence."""

    thresholds: cr.Thresholds
    exclude_first_years: int
    new_series_after: int
    alliance_members_only: bool


@functools.cache
def history_rules() -> HistoryRules:
    """The rules in the bundled credibility.yaml."""
    import yaml

    text = (resources.files("milex.data") / "bundled" / "credibility.yaml").read_text()
    raw = yaml.safe_load(text)
    return HistoryRules(
        cr.Thresholds(
            windows=tuple(raw["windows"]),
            credible_own_best=float(raw["credible_own_best"]),
            stretched_alliance_best=float(raw["stretched_alliance_best"]),
            on_track_current=float(raw["on_track_current"]),
        ),
        int(raw["exclude_first_years"]),
        int(raw["new_series_after"]),
        bool(raw["alliance_members_only"]),
    )


@dataclass
class AllyPath:
    """One ally's pathway with its credibility and the history it starts from."""

    iso3: str
    country: str
    path: pw.Pathway
    credibility: cr.Credibility
    history: list[tuple[int, float]]
    growth_after_pct: float


@dataclass
class PathwayReport:
    """Pathways for one or more allies towards one target, with alliance totals."""

    target: cm.Target
    shape: str
    release: str
    imf_release: str
    deflator_pct: float
    allies: list[AllyPath]
    notes: list[str] = field(default_factory=list)
    label: str = ""

    YEAR_COLUMNS = (
        "iso3",
        "country",
        "year",
        "share_gdp",
        "target",
        "gdp_usd_bn",
        "spending_usd_bn",
        "spending_usd_constant_bn",
        "spending_lcu_bn",
        "nominal_growth_pct",
        "real_growth_pct",
        "extra_usd_bn",
        "cumulative_extra_usd_bn",
    )

    def years_table(self) -> Table:
        """One row per ally and year of the path (CSV-friendly)."""
        rows = [
            (
                a.iso3,
                a.country,
                y.year,
                y.share_gdp,
                self.target.threshold,
                y.gdp_usd_bn,
                y.spending_usd_bn,
                y.spending_usd_constant_bn,
                y.spending_lcu_bn,
                y.nominal_growth_pct,
                y.real_growth_pct,
                y.extra_usd_bn,
                y.cumulative_extra_usd_bn,
            )
            for a in self.allies
            for y in a.path.years
        ]
        return Table(list(self.YEAR_COLUMNS), rows, title=self.title(), notes=self.all_notes())

    def summary_table(self) -> Table:
        """One row per ally (and the alliance total): required growth, cost, verdict."""
        rows: list[tuple[Any, ...]] = []
        for a in self.allies:
            p, c = a.path, a.credibility
            rows.append(
                (
                    a.iso3,
                    a.country,
                    p.start_year,
                    p.start_share,
                    p.target,
                    p.deadline,
                    p.years[0].spending_usd_bn,
                    p.years[-1].spending_usd_bn,
                    p.cumulative_extra_usd_bn,
                    p.required_real_growth_pct,
                    c.current_real_growth_pct,
                    c.verdict,
                    c.reason,
                )
            )
        totals = self.totals()
        if len(self.allies) > 1:
            rows.append(
                (
                    "TOTAL",
                    f"{len(self.allies)} allies",
                    totals["start_year"],
                    None,
                    self.target.threshold,
                    totals["deadline"],
                    totals["start_spending_usd_bn"],
                    totals["deadline_spending_usd_bn"],
                    totals["cumulative_extra_usd_bn"],
                    totals["real_growth_pct_per_year"],
                    None,
                    None,
                    totals["doubling"],
                )
            )
        return Table(
            [
                "iso3",
                "country",
                "start_year",
                "start_share",
                "target",
                "deadline",
                "spending_start_usd_bn",
                "spending_deadline_usd_bn",
                "cumulative_extra_usd_bn",
                "required_real_growth_pct",
                "current_real_growth_pct",
                "verdict",
                "reason",
            ],
            rows,
            title=self.title(),
            notes=self.all_notes(),
        )

    def totals(self) -> dict[str, Any]:
        """Alliance totals: spending at the start and the deadline, extra, and the ratio."""
        first = [a.path.years[0] for a in self.allies]
        last = [a.path.years[-1] for a in self.allies]
        start, end = sum(y.spending_usd_bn for y in first), sum(y.spending_usd_bn for y in last)
        start_real = sum(y.spending_usd_constant_bn for y in first)
        end_real = sum(y.spending_usd_constant_bn for y in last)
        steps = max(1, self.allies[0].path.deadline - self.allies[0].path.start_year)
        ratio_real = end_real / start_real
        return {
            "start_year": min(a.path.start_year for a in self.allies),
            "deadline": max(a.path.deadline for a in self.allies),
            "start_spending_usd_bn": start,
            "deadline_spending_usd_bn": end,
            "nominal_ratio": end / start,
            "real_ratio": ratio_real,
            "real_growth_pct_per_year": (ratio_real ** (1 / steps) - 1) * 100,
            "cumulative_extra_usd_bn": sum(a.path.cumulative_extra_usd_bn for a in self.allies),
            "extra_in_deadline_year_usd_bn": sum(y.extra_usd_bn for y in last),
            "doubling": (
                f"collective spending x{end / start:.2f} in current dollars, "
                f"x{ratio_real:.2f} in real terms: "
                + ("a doubling or more" if ratio_real >= 2 else "less than a doubling")
                + " in real terms"
            ),
        }

    def title(self) -> str:
        t = self.target
        who = self.allies[0].country if len(self.allies) == 1 else f"{len(self.allies)} allies"
        return (
            f"Pathway to {t.threshold:g}% {METRIC_LABELS[t.metric]} by "
            f"{self.allies[0].path.deadline} ({self.label or t.id}) — {who}, {self.shape}, from "
            f"{self.release}"
        )

    def all_notes(self) -> list[str]:
        growth = sorted({round(a.growth_after_pct, 2) for a in self.allies})
        assumption = (
            f"GDP: {self.imf_release} to its last year; after it, real growth "
            + (f"{growth[0]:g}%" if len(growth) == 1 else "each ally's last IMF projection")
            + f" and a {self.deflator_pct:g}% US-dollar deflator a year; exchange rates held "
            "at their last IMF-implied value"
        )
        return [*self.notes, assumption]

    def to_json(self) -> dict[str, Any]:
        """An object per ally with its years and credibility, and the alliance totals."""

        def ally(a: AllyPath) -> dict[str, Any]:
            c = a.credibility
            return {
                "iso3": a.iso3,
                "country": a.country,
                "target": self.target.threshold,
                "deadline": a.path.deadline,
                "shape": self.shape,
                "start_year": a.path.start_year,
                "start_share": a.path.start_share,
                "required_real_growth_pct": a.path.required_real_growth_pct,
                "cumulative_extra_usd_bn": a.path.cumulative_extra_usd_bn,
                "years": [
                    dict(zip(self.YEAR_COLUMNS[2:], row[2:], strict=True))
                    for row in self.years_table().rows
                    if row[0] == a.iso3
                ],
                "credibility": {
                    "verdict": c.verdict,
                    "reason": c.reason,
                    "required_real_growth_pct": c.required_real_growth_pct,
                    "current_real_growth_pct": c.current_real_growth_pct,
                    "own_best": {str(w): _run(r) for w, r in c.own_best.items()},
                    "alliance_best": {str(w): _run(r) for w, r in c.alliance_best.items()},
                },
            }

        return {
            "target": {
                "id": self.target.id,
                "name": self.target.name,
                "threshold": self.target.threshold,
                "metric": self.target.metric,
            },
            "release": self.release,
            "imf_release": self.imf_release,
            "allies": [ally(a) for a in self.allies],
            "totals": self.totals(),
            "notes": self.all_notes(),
        }

    def chart_rows(self) -> Table:
        """History and path together, for the pathway chart."""
        rows: list[tuple[Any, ...]] = []
        for a in self.allies:
            rows += [
                (a.iso3, a.country, y, s, "history", self.target.threshold, None)
                for y, s in a.history
            ]
            rows += [
                (
                    a.iso3,
                    a.country,
                    y.year,
                    y.share_gdp,
                    "path",
                    self.target.threshold,
                    y.spending_usd_bn,
                )
                for y in a.path.years
            ]
        return Table(
            ["iso3", "country", "year", "share_gdp", "kind", "target", "spending_usd_bn"],
            rows,
            title=self.title(),
        )


def _run(run: cr.Run | None) -> dict[str, Any] | None:
    if run is None:
        return None
    return {
        "growth_pct": run.growth_pct,
        "first_year": run.first_year,
        "last_year": run.last_year,
        "source": run.source,
        "iso3": run.iso3 or None,
    }


def _levels_by_ally(
    q: Queries, nato_release: str | None
) -> dict[str, list[tuple[str, dict[int, float]]]]:
    """Real-spending level series per ally: NATO's real change and SIPRI's constant dollars."""
    rules = history_rules()
    out: dict[str, list[tuple[str, dict[int, float]]]] = {}
    if nato_release:
        changes: dict[str, dict[int, float]] = {}
        for (iso3, year), value in q.cells(nato_release, "real_change_pct").items():
            changes.setdefault(iso3, {})[year] = value
        for iso3, series in changes.items():
            out.setdefault(iso3, []).append((nato_release, cr.levels_from_changes(series)))
    sipri = _optional_release(q, "sipri", "usd_constant_million", 2000)
    if sipri:
        levels: dict[str, dict[int, float]] = {}
        for (iso3, year), value in q.cells(sipri, "usd_constant_million").items():
            levels.setdefault(iso3, {})[year] = value
        for iso3, series in levels.items():
            first = min(series)
            # Only series that start after `new_series_after` (new states) lose their first
            # years; the founders' series from 1949-50 keep the Korean-War rearmament.
            late = first > rules.new_series_after
            cut = first + rules.exclude_first_years if late else first
            kept = {y: v for y, v in series.items() if y >= cut}
            out.setdefault(iso3, []).append((sipri, kept))
    return out


def pathways(
    q: Queries,
    who: str | Sequence[str] = "all",
    target_id: str = "hague-core",
    shape: str = "linear",
    growth: float | None = None,
    deflator: float = DEFAULT_DEFLATOR_PCT,
    release: str | None = None,
    deadline: int | None = None,
    commitments_file: str | Path | None = None,
    growth_shocks: Mapping[str, Mapping[int, float]] | None = None,
    fx_changes: Mapping[str, Mapping[int, float]] | None = None,
    imf_release: str | None = None,
) -> PathwayReport:
    """Each ally's yearly path to a target by its deadline, with cost and credibility.

    Scenarios pass ``growth_shocks`` (ally -> year -> points added to real growth; in the
    start year or before, they move the start year's level), ``fx_changes`` (ally -> year ->
    % change of its currency against the dollar from then) and the IMF vintage to build on
    (``imf_release``; default the latest)."""
    if shape not in pw.SHAPES:
        raise InvalidQueryError(f"shape: {shape!r} is not one of {', '.join(pw.SHAPES)}")
    target = find_target(q, target_id, commitments_file)
    if target.indicator != "share_gdp" or not target.is_floor:
        raise InvalidQueryError(
            f"{target.id}: pathways are computed for share-of-GDP floors; this target is "
            f"{target.metric} ({target.comparator})"
        )
    chosen = q.resolve_release("nato", release, None, "share_gdp")
    start_year = q.latest_year(chosen)
    end = deadline or target.deadline_year
    if end is None:
        raise InvalidQueryError(f"{target.id} has no deadline: give one (--deadline YEAR)")
    if end <= start_year:
        raise InvalidQueryError(
            f"{target.id}, field deadline_year: {end} is not after the latest data year "
            f"{start_year} of {chosen}"
        )
    shares = q.cells(chosen, "share_gdp")
    history_years = sorted({y for (_, y) in shares})
    today = date.today()
    if who == "all" or who == ["all"]:
        chosen_allies = [c for c in countries.members(today) if target.binds(c.iso3)]
    else:
        chosen_allies = countries.resolve_many(who)
    imf = q.resolve_release("imf", imf_release, None, IMF_GDP)
    gdp, real, fx = (q.cells(imf, ind) for ind in (IMF_GDP, IMF_GROWTH, IMF_FX))
    nato_real = _optional_release(q, "nato", "real_change_pct", start_year)
    levels = _levels_by_ally(q, nato_real)
    rules = history_rules()
    thresholds, members_only = rules.thresholds, rules.alliance_members_only
    alliance_best: dict[int, cr.Run | None] = {}
    for window in thresholds.windows:
        runs = []
        for ally in countries.members(today):
            joined = ally.nato_accession.year if ally.nato_accession and members_only else 0
            for source, series in levels.get(ally.iso3, []):
                runs.append(cr.best_run(series, window, source, ally.iso3, range(joined, 2101)))
        alliance_best[window] = cr.best_of(runs)
    notes: list[str] = []
    if target.metric == "total_defence_and_related_share_gdp":
        notes.append(TOTAL_NOTE)
    results: list[AllyPath] = []
    skipped: list[str] = []
    for ally in chosen_allies:
        if (ally.iso3, start_year) not in shares or (ally.iso3, start_year) not in gdp:
            skipped.append(ally.iso3)
            continue
        own_growth = {y: v for (iso3, y), v in real.items() if iso3 == ally.iso3}
        after = growth if growth is not None else own_growth[max(own_growth)]
        economy = pw.project_economy(
            range(start_year, end + 1),
            {y: v for (iso3, y), v in gdp.items() if iso3 == ally.iso3},
            own_growth,
            {y: v for (iso3, y), v in fx.items() if iso3 == ally.iso3},
            after,
            deflator,
            (growth_shocks or {}).get(ally.iso3),
            (fx_changes or {}).get(ally.iso3),
        )
        start_share = shares[(ally.iso3, start_year)]
        path = pw.pathway(start_share, target.threshold, economy, shape)
        own_best = {
            w: cr.best_of(
                cr.best_run(series, w, source) for source, series in levels.get(ally.iso3, [])
            )
            for w in thresholds.windows
        }
        current = None
        for source, series in levels.get(ally.iso3, []):
            if source == nato_real and start_year in series and start_year - 1 in series:
                current = (series[start_year] / series[start_year - 1] - 1) * 100
        verdict = cr.assess(
            path.required_real_growth_pct,
            cm.meets(start_share, target),
            current,
            own_best,
            alliance_best,
            thresholds,
        )
        history = [
            (y, shares[(ally.iso3, y)])
            for y in history_years
            if (ally.iso3, y) in shares and y <= start_year
        ]
        results.append(AllyPath(ally.iso3, ally.name, path, verdict, history, after))
    if not results:
        raise NoDataError(f"no ally with a {start_year} share in {chosen} to build a path for")
    if "ISL" in skipped:
        notes.append(countries.get("ISL").note or "")
        skipped.remove("ISL")
    if skipped:
        notes.append(f"no {start_year} share or GDP for: {', '.join(skipped)}")
    notes.append(f"shares: {chosen}, Table 3; {start_year} is the latest year it holds")
    label = q.short_ids().get(target.id, target.id)
    return PathwayReport(target, shape, chosen, imf, deflator, results, notes, label)


def extra_at_deadline_direct(
    q: Queries, target_id: str = "hague-core", allies: Iterable[str] | None = None
) -> float:
    """Cross-check of the pathways: the extra spending in the deadline year to lift every ally
    below the target up to it, straight from shares x projected GDP (no path involved)."""
    report = pathways(q, list(allies) if allies else "all", target_id)
    total = 0.0
    for a in report.allies:
        gap_pp = max(0.0, report.target.threshold - a.path.start_share)
        total += cm.money(gap_pp, a.path.years[-1].gdp_usd_bn)
    return total
