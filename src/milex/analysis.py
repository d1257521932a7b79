"""Commitments, gaps and pathways: gather the figures from the store, call the model, and
return tables. The maths is in :mod:`milex.model`; this module only chooses the inputs (which
release, which GDP, which assumptions) and says so in each table's notes."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Generic, TypeVar

from milex.data import countries
from milex.data.assumptions import Overrides
from milex.data.query import Queries
from milex.errors import InvalidQueryError, NoDataError
from milex.figures import money as written_money
from milex.model import commitments as cm
from milex.model import credibility as cr
from milex.model import pathways as pw
from milex.table import Table, decimals, written_columns

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


def _label(q: Queries, target: cm.Target, measure: str | None = None) -> str:
    """e.g. 'hague-core: 3.5% of GDP (core defence expenditure) by 2035': the measure is the
    edition's (NATO counts core spending only from its July 2026 edition)."""
    name = q.short_ids().get(target.id, target.id)
    by = f" by {target.deadline_year}" if target.deadline_year else ""
    label = METRIC_LABELS[target.metric]
    if measure and target.metric == "core_defence_share_gdp":
        label = f"of GDP ({measure})"
    return f"{name}: {target.threshold:g}% {label}{by}"


# -- gaps -------------------------------------------------------------------------------------


def _imf_release(q: Queries, as_of: str | date | None, notes: list[str]) -> str:
    try:
        return q.resolve_release("imf", None, as_of, IMF_GDP)
    except NoDataError:
        latest = q.resolve_release("imf", None, None, IMF_GDP)
        notes.append(f"GDP from {latest}: no IMF release in the store was published by {as_of}")
        return latest


@dataclass
class _GapRow:
    iso3: str
    value: float
    estimate: bool | None
    gap_pp: float
    meets: bool
    gap_usd_bn: float | None
    gap_constant_bn: float | None
    spending_usd_bn: float | None
    lcu_per_usd: float | None
    population: float | None
    money_basis: str


def _gap_row(
    iso3: str,
    value: float,
    estimate: bool | None,
    target: cm.Target,
    money: NatoMoney | None,
    imf_gdp: float | None,
    imf_fx: float | None,
    population: float | None,
) -> _GapRow:
    """One ally's gap in points and in money, in NATO's own money where the edition has it."""
    gap_pp = cm.gap_points(value, target)
    spending = money.spending_usd / 1000 if money else None
    constant = money.spending_constant / 1000 if money and money.spending_constant else None
    if target.indicator == "share_gdp" and money is not None:
        # What lifts NATO's Table 3 share to the target: spending scaled by target / share.
        usd, const = spending * gap_pp / value if spending else None, None
        if constant is not None:
            const = constant * gap_pp / value
        basis = "NATO Table 2 x gap / share"
    elif target.indicator == "share_gdp":
        usd, const = (cm.money(gap_pp, imf_gdp) if imf_gdp is not None else None), None
        basis = "IMF GDP x gap (no NATO Table 2 in milex's copy)"
    else:  # a share of spending (equipment): the gap is money of spending
        usd = cm.money(gap_pp, spending) if spending is not None else None
        const = cm.money(gap_pp, constant) if constant is not None else None
        basis = "NATO Table 2 x gap"
    fx = 1.0 if iso3 == "USA" else None
    if fx is None and money is not None and money.spending_lcu:
        fx = money.spending_lcu / money.spending_usd
    if fx is None:
        fx = imf_fx
    return _GapRow(
        iso3,
        value,
        estimate,
        gap_pp,
        cm.meets(value, target),
        usd,
        const,
        spending,
        fx,
        population,
        basis,
    )


def gap(
    q: Queries,
    target_id: str = "2pct",
    year: int | None = None,
    release: str | None = None,
    as_of: str | date | None = None,
    commitments_file: str | Path | None = None,
) -> Table:
    """Each ally's distance from a target in a year, in points and in NATO's own money, with
    totals for the groups the target covers (NATO's published aggregates where it has them)."""
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
    estimates = {
        iso3: None if e is None else bool(e)
        for iso3, e in q.conn.execute(
            "SELECT iso3, estimate FROM observations WHERE release_id = ? AND indicator = ? "
            "AND year = ?",
            (chosen, indicator, wanted),
        )
    }
    imf = _imf_release(q, as_of, notes)
    imf_gdp = q.cells(imf, IMF_GDP, [wanted])
    imf_fx = q.cells(imf, IMF_FX, [wanted])
    money = nato_money(q, chosen, wanted)
    base_year = price_year(q, chosen)
    per_head = q.cells(chosen, "gdp_per_capita_thousand_usd", [wanted])
    population = {
        iso3: m.gdp_constant * 1e6 / (per_head[(iso3, wanted)] * 1e3)
        for iso3, m in money.items()
        if m.gdp_constant and per_head.get((iso3, wanted))
    }
    eur_per_usd = imf_fx.get(("DEU", wanted))
    allies_then = [c for c in countries.members(date(wanted, 12, 31)) if target.binds(c.iso3)]
    rows = [
        _gap_row(
            ally.iso3,
            values[(ally.iso3, wanted)],
            estimates.get(ally.iso3),
            target,
            money.get(ally.iso3),
            imf_gdp.get((ally.iso3, wanted)),
            imf_fx.get((ally.iso3, wanted)),
            population.get(ally.iso3),
        )
        for ally in allies_then
        if (ally.iso3, wanted) in values
    ]
    if not rows:
        raise NoDataError(
            f"{chosen} has no {indicator} for {wanted} for the allies {target.id} binds"
        )
    constant_column = f"gap_usd_{base_year}_bn" if base_year else "gap_usd_constant_bn"

    def times(amount: float | None, factor: float | None) -> float | None:
        return None if amount is None or factor is None else amount * factor

    def per_capita(amount: float | None, people: float | None) -> float | None:
        return None if amount is None or not people else amount * 1e9 / people

    out: list[tuple[Any, ...]] = []
    for r in sorted(rows, key=lambda r: (-r.gap_pp, r.iso3)):
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
                r.gap_usd_bn,
                r.gap_constant_bn,
                times(r.gap_usd_bn, eur_per_usd),
                times(r.gap_usd_bn, r.lcu_per_usd),
                countries.get(r.iso3).currency,
                per_capita(r.gap_usd_bn, r.population),
                r.spending_usd_bn,
                f"{chosen} Table 3",
                r.money_basis,
                chosen,
            )
        )
    if not target.applies_to:
        out += _gap_groups(q, chosen, indicator, target, wanted, rows, eur_per_usd, money)
    table_name, url = q.series_meta(chosen, indicator)
    measure = q.measure(chosen)
    notes = [
        f"{indicator}: {chosen}, {table_name} ({measure}"
        + (
            ", share of real GDP: the measure NATO judges compliance on"
            if indicator == "share_gdp"
            else ""
        )
        + f"): {url}",
        *notes,
        "gap_usd_bn = what lifts the ally's share to the target in NATO's own dollars: its "
        "Table 2 spending x gap / share (for a share of spending, spending x gap); where milex's "
        f"copy of the edition has no Table 2 for the ally, {imf} GDP x gap (money_basis says "
        "which)",
        f"{constant_column} = the same at NATO's constant {base_year} prices (Table 2)"
        if base_year
        else f"{constant_column}: not available (milex's copy of {chosen} has no Table 2 in "
        "constant prices)",
        f"gap_eur_bn and gap_lcu_bn at the year's exchange rate: EUR from {imf} (derived), "
        "national currency NATO-implied (Table 1 / Table 2) where held; per capita with NATO "
        "Table 6 population",
    ]
    if target.metric == "total_defence_and_related_share_gdp":
        notes.insert(0, TOTAL_NOTE)
    bound = {c.iso3 for c in allies_then}
    absent = q.absent(chosen, indicator, [wanted], bound)
    notes += absent.notes()
    lacking = {c for c in bound if (c, wanted) not in values} - absent.uncounted
    unexplained = sorted(lacking - set(absent.codes()))
    if unexplained:
        notes.append(f"{chosen} gives no {wanted} figure for: {', '.join(unexplained)}")
    if lacking and not target.applies_to:
        notes.append(
            f"group money adds up only the {len(rows)} allies with a {wanted} figure in "
            f"milex's copy, not the {len(lacking)} without one"
        )
    meeting = sum(1 for r in rows if r.meets)
    total = sum(r.gap_usd_bn or 0.0 for r in rows)
    counted = f"{meeting} of {len(rows)} allies meet it"
    if lacking:
        counted = (
            f"{meeting} of {len(rows)} allies with a figure in milex's copy meet it; "
            f"{len(lacking)} not held"
        )
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
            constant_column,
            "gap_eur_bn",
            "gap_lcu_bn",
            "currency",
            "gap_usd_per_capita",
            "spending_usd_bn",
            "share_basis",
            "money_basis",
            "release",
        ],
        out,
        title=(
            f"{_label(q, target, measure)} — {wanted}, {chosen}: {counted}; "
            f"gap {written_money(total, 1)}"
        ),
        notes=[n for n in notes if n],
        meta=_gap_meta(q, chosen, indicator, constant_column, bool(money)),
    )


def _gap_meta(
    q: Queries, release: str, indicator: str, constant_column: str, nato: bool
) -> dict[str, dict[str, Any]]:
    """The gap table's columns: the measure from the edition, money from its Table 2."""
    out: dict[str, dict[str, Any]] = {indicator: q.column_meta(indicator, [release])}
    if nato:
        spending = q.column_meta("usd_current_million", [release], unit="billion US dollars")
        constant = q.column_meta("usd_constant_million", [release], unit="billion US dollars")
        out |= {
            "gap_usd_bn": {**spending, "label": "Gap to the target, current US dollars"},
            constant_column: {**constant, "label": "Gap to the target, constant US dollars"},
            "spending_usd_bn": {**spending, "label": "Defence expenditure, current US dollars"},
        }
    return out


def _gap_groups(
    q: Queries,
    release: str,
    indicator: str,
    target: cm.Target,
    year: int,
    rows: list[_GapRow],
    eur_per_usd: float | None,
    money: dict[str, NatoMoney],
) -> list[tuple[Any, ...]]:
    """Totals for all allies, NATO Europe & Canada and the EU allies: NATO's published
    aggregate share where the edition has one, else milex's own weighting (said so); money
    is the sum of the members' gaps (what lifting each one below the target would cost)."""
    published = q.cells(release, indicator, [year])
    out: list[tuple[Any, ...]] = []
    for code, label in countries.GROUPS.items():
        members = {c.iso3 for c in countries.group_members(code, date(year, 12, 31))}
        part = [r for r in rows if r.iso3 in members]
        if not part:
            continue
        share = published.get((code, year))
        if share is not None:
            table = "Table 3" if indicator == "share_gdp" else indicator
            basis = f"NATO's published aggregate ({release} {table})"
        else:
            weights = {
                r.iso3: (money[r.iso3].gdp_constant or money[r.iso3].gdp_usd)
                if r.iso3 in money
                else None
                for r in part
            }
            if any(w is None for w in weights.values()):
                share, basis = None, "no NATO aggregate and no NATO GDP for every member"
            else:
                total_weight = sum(w or 0.0 for w in weights.values())
                share = sum(r.value * (weights[r.iso3] or 0.0) for r in part) / total_weight
                basis = (
                    "milex's own weighting: members' shares weighted by NATO Table 5 GDP "
                    "(no NATO aggregate for this group)"
                )
        gaps = [r.gap_usd_bn for r in part]
        constants = [r.gap_constant_bn for r in part]
        usd = None if None in gaps else sum(g or 0.0 for g in gaps)
        out.append(
            (
                code,
                f"{label} ({len(part)} with a figure)",
                year,
                share,
                any(bool(r.estimate) for r in part),
                target.threshold,
                None if share is None else cm.meets(share, target),
                None if share is None else cm.gap_points(share, target),
                usd,
                None if None in constants else sum(c or 0.0 for c in constants),
                None if usd is None or eur_per_usd is None else usd * eur_per_usd,
                None,
                None,
                None,
                sum(r.spending_usd_bn or 0.0 for r in part) or None,
                basis,
                "sum of the members' gaps",
                release,
            )
        )
    return out


# -- NATO's own money -------------------------------------------------------------------------


@dataclass(frozen=True)
class NatoMoney:
    """One ally's spending and GDP in a year as a NATO edition publishes them (millions)."""

    spending_usd: float  # Table 2, current prices and exchange rates
    gdp_usd: float  # Table 5, current
    spending_constant: float | None  # Table 2, constant prices of the edition's base year
    gdp_constant: float | None  # Table 5, constant
    spending_lcu: float | None  # Table 1, current national currency

    def money(self, share: float) -> pw.Money:
        """How NATO's Table 3 ``share`` turns into these tables' money."""
        spending_per = (self.spending_constant or self.spending_usd) / self.spending_usd
        gdp_per = (self.gdp_constant or self.gdp_usd) / self.gdp_usd
        return pw.Money(self.spending_usd / self.gdp_usd * 100 / share, spending_per, gdp_per)


def nato_money(q: Queries, release: str, year: int) -> dict[str, NatoMoney]:
    """Every country's NATO money in a year, where the edition holds Tables 2 and 5 for it."""
    cells = {
        indicator: q.cells(release, indicator, [year])
        for indicator in (
            "usd_current_million",
            "gdp_usd_current_million",
            "usd_constant_million",
            "gdp_usd_constant_million",
            "lcu_current_million",
        )
    }
    out: dict[str, NatoMoney] = {}
    for (iso3, _), spending in cells["usd_current_million"].items():
        gdp = cells["gdp_usd_current_million"].get((iso3, year))
        if gdp is None or gdp <= 0 or spending <= 0:
            continue
        out[iso3] = NatoMoney(
            spending,
            gdp,
            cells["usd_constant_million"].get((iso3, year)),
            cells["gdp_usd_constant_million"].get((iso3, year)),
            cells["lcu_current_million"].get((iso3, year)),
        )
    return out


def price_year(q: Queries, release: str) -> int | None:
    """The base year of a NATO edition's constant prices (Table 2's price base), if held."""
    import re

    row = q.conn.execute(
        "SELECT price_base FROM series WHERE release_id = ? AND indicator = 'usd_constant_million'",
        (release,),
    ).fetchone()
    found = re.search(r"(\d{4})", row[0]) if row and row[0] else None
    return int(found.group(1)) if found else None


# -- pathways ---------------------------------------------------------------------------------

DEFLATOR_SOURCE = (
    "assumed: the US-dollar GDP deflator rises {pct:g}% a year (the Federal Reserve's "
    "longer-run inflation goal is 2%), the same for defence and GDP"
)


@dataclass(frozen=True)
class AllyAssumptions:
    """The assumptions one ally's path rests on, where each comes from, and which the user
    overrode."""

    growth_after_pct: float
    growth_source: str
    growth_overridden: bool
    growth_path: dict[int, float]
    lcu_per_usd: float | None
    fx_source: str
    fx_overridden: bool
    money_basis: str

    def to_json(self) -> dict[str, Any]:
        return {
            "growth_after_pct": self.growth_after_pct,
            "growth_source": self.growth_source,
            "growth_overridden": self.growth_overridden,
            "growth_path": {str(y): g for y, g in self.growth_path.items()},
            "lcu_per_usd": self.lcu_per_usd,
            "fx_source": self.fx_source,
            "fx_overridden": self.fx_overridden,
            "money_basis": self.money_basis,
        }


@dataclass(frozen=True)
class ReportAssumptions:
    """The assumptions common to every ally of a report."""

    deflator_pct: float
    deflator_source: str
    deflator_overridden: bool
    price_base: str
    price_year: int
    imf_release: str
    last_imf_year: int
    episodes: str
    overridden: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "deflator_pct": self.deflator_pct,
            "deflator_source": self.deflator_source,
            "deflator_overridden": self.deflator_overridden,
            "price_base": self.price_base,
            "price_year": self.price_year,
            "imf_release": self.imf_release,
            "last_imf_year": self.last_imf_year,
            "episodes": self.episodes,
            "overridden": list(self.overridden),
        }


@dataclass
class AllyPath:
    """One ally's pathway with its realism verdict, the history it starts from and the
    assumptions it rests on."""

    iso3: str
    country: str
    path: pw.Pathway
    credibility: cr.Credibility
    history: list[tuple[int, float]]
    assumptions: AllyAssumptions

    @property
    def growth_after_pct(self) -> float:
        return self.assumptions.growth_after_pct


@dataclass(frozen=True)
class GroupTotal:
    """A group's total along the paths of its members (only groups a target covers)."""

    code: str
    name: str
    members: tuple[str, ...]
    start_spending_usd_bn: float
    deadline_spending_usd_bn: float
    cumulative_extra_usd_bn: float
    real_growth_pct: float
    start_share_gdp: float | None  # NATO's published aggregate, where the edition has one
    share_basis: str
    real_ratio: float  # spending at the deadline / at the start, at constant prices

    def doubling(self) -> str:
        """e.g. 'spending x1.85 in current dollars, x1.52 at constant prices'."""
        nominal = self.deadline_spending_usd_bn / self.start_spending_usd_bn
        return (
            f"spending x{nominal:.2f} in current dollars, x{self.real_ratio:.2f} at constant prices"
        )


@dataclass
class PathwayReport:
    """Pathways for one or more allies towards one target, with group totals."""

    target: cm.Target
    shape: str
    release: str
    imf_release: str
    deflator_pct: float
    allies: list[AllyPath]
    notes: list[str] = field(default_factory=list)
    label: str = ""
    assumptions: ReportAssumptions | None = None
    groups: list[GroupTotal] = field(default_factory=list)
    measure: str = "defence expenditure"

    @property
    def constant_column(self) -> str:
        year = self.assumptions.price_year if self.assumptions else self.allies[0].path.start_year
        return f"spending_usd_{year}_bn"

    def year_columns(self) -> tuple[str, ...]:
        return (
            "iso3",
            "country",
            "year",
            "share_gdp",
            "share_nominal_gdp",
            "target",
            "gdp_usd_bn",
            "spending_usd_bn",
            self.constant_column,
            "spending_lcu_bn",
            "nominal_growth_pct",
            "real_growth_pct",
            "extra_usd_bn",
            "cumulative_extra_usd_bn",
        )

    def _year_values(self, y: pw.PathYear) -> tuple[Any, ...]:
        """A year of a path as the year columns after iso3 and country hold it."""
        return (
            y.year,
            y.share_gdp,
            y.share_nominal_gdp,
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

    def years_table(self) -> Table:
        """One row per ally and year of the path (CSV-friendly)."""
        rows = [
            (a.iso3, a.country, *self._year_values(y)) for a in self.allies for y in a.path.years
        ]
        return Table(list(self.year_columns()), rows, title=self.title(), notes=self.all_notes())

    def summary_table(self) -> Table:
        """One row per ally, then the totals of the groups the target covers."""
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
                    c.trend_pct,
                    a.growth_after_pct,
                    c.verdict,
                    c.reason,
                )
            )
        for g in self.groups:
            rows.append(
                (
                    g.code,
                    f"{g.name} ({len(g.members)} allies)",
                    self.allies[0].path.start_year,
                    g.start_share_gdp,
                    self.target.threshold,
                    self.allies[0].path.deadline,
                    g.start_spending_usd_bn,
                    g.deadline_spending_usd_bn,
                    g.cumulative_extra_usd_bn,
                    g.real_growth_pct,
                    None,
                    None,
                    None,
                    f"{g.share_basis}; {g.doubling()}",
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
                "trend_real_growth_pct",
                "growth_after_pct",
                "verdict",
                "reason",
            ],
            rows,
            title=self.title(),
            notes=self.all_notes(),
        )

    def evidence_table(self) -> Table:
        """The evidence behind each verdict: one row per ally and piece of evidence."""
        return Table(
            ["iso3", "country", "verdict", "kind", "score", "evidence"],
            [
                (a.iso3, a.country, a.credibility.verdict, e.kind, e.score, e.text)
                for a in self.allies
                for e in a.credibility.evidence
            ],
            title=f"The evidence behind the verdicts — {self.title()}",
            notes=[
                "score: -3 to +2 each; on-track when the trend scores +2 and the total is at "
                "least +2, credible from +1, stretched from -1, implausible below "
                "(src/milex/data/bundled/realism.yaml; docs/pathways.md)",
                *self.assumption_notes()[-1:],
            ],
        )

    def totals(self) -> dict[str, Any]:
        """Totals over the allies of the report: spending at the start and the deadline, the
        extra, and the ratio in current dollars and in constant prices."""
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
                f"x{ratio_real:.2f} at constant prices: "
                + ("a doubling or more" if ratio_real >= 2 else "less than a doubling")
                + " in real terms"
            ),
        }

    def title(self) -> str:
        t = self.target
        who = self.allies[0].country if len(self.allies) == 1 else f"{len(self.allies)} allies"
        return (
            f"Pathway to {t.threshold:g}% of GDP ({self.measure}, as {self.release} measures "
            f"it) by {self.allies[0].path.deadline} ({self.label or t.id}) — {who}, "
            f"{self.shape}, from {self.release}"
        )

    def assumption_notes(self) -> list[str]:
        """The assumptions in words: growth per ally, deflator, FX, prices, money."""
        a = self.assumptions
        if a is None:
            return []
        growth = ", ".join(
            f"{x.iso3} {x.growth_after_pct:.2f}%" + ("*" if x.assumptions.growth_overridden else "")
            for x in self.allies
        )
        bases = sorted({x.assumptions.money_basis for x in self.allies})
        out = [
            f"assumptions: real GDP growth after {a.last_imf_year} (the last {a.imf_release} "
            f"year): {growth}" + (" (* overridden)" if "growth" in a.overridden else ""),
            f"assumptions: {a.deflator_source}"
            + (" (overridden)" if a.deflator_overridden else ""),
            "assumptions: exchange rates held at the start year's NATO-implied rate (Table 1 / "
            "Table 2), else the IMF-implied one"
            + (" (overridden for some)" if "fx" in a.overridden else ""),
            f"money: {'; '.join(bases)}; {self.constant_column} = {a.price_base}",
            f"share_gdp is {self.release}'s Table 3 measure (share of real GDP), the one NATO "
            "judges compliance on; share_nominal_gdp = spending / GDP in current dollars",
            a.episodes,
        ]
        return out

    def all_notes(self) -> list[str]:
        return [*self.notes, *self.assumption_notes()]

    def to_json(self) -> dict[str, Any]:
        """An object per ally with its years, verdict and assumptions, then group totals."""
        # The years as the years table writes them (each column at its decimals), built
        # straight from the paths: no table, title or notes made only to be taken apart.
        columns = self.year_columns()[2:]
        places = [decimals(c) for c in columns]

        # Every year of every ally rounded at once (see written_many), then handed out: the
        # years' fields as columns (a year is a tuple), in the order _year_values gives them.
        every = [y for a in self.allies for y in a.path.years]
        by_field = self._year_values(pw.PathYear._make(zip(*every, strict=True)))
        rows = written_columns(
            [c if isinstance(c, tuple) else (c,) * len(every) for c in by_field], places
        )
        at: dict[int, int] = {}
        start = 0
        for a in self.allies:
            at[id(a)] = start
            start += len(a.path.years)

        def years(a: AllyPath) -> list[dict[str, Any]]:
            first = at[id(a)]
            return [
                dict(zip(columns, row, strict=True))
                for row in rows[first : first + len(a.path.years)]
            ]

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
                "years": years(a),
                "credibility": {
                    "verdict": c.verdict,
                    "reason": c.reason,
                    "score": c.score,
                    "required_real_growth_pct": c.required_real_growth_pct,
                    "trend_real_growth_pct": c.trend_pct,
                    "evidence": [
                        {"kind": e.kind, "score": e.score, "text": e.text} for e in c.evidence
                    ],
                },
                "assumptions": a.assumptions.to_json(),
            }

        return {
            "target": {
                "id": self.target.id,
                "name": self.target.name,
                "threshold": self.target.threshold,
                "metric": self.target.metric,
                "measure": self.measure,
            },
            "release": self.release,
            "imf_release": self.imf_release,
            "allies": [ally(a) for a in self.allies],
            "totals": self.totals(),
            "groups": [
                {
                    "code": g.code,
                    "name": g.name,
                    "members": list(g.members),
                    "start_share_gdp": g.start_share_gdp,
                    "share_basis": g.share_basis,
                    "start_spending_usd_bn": g.start_spending_usd_bn,
                    "deadline_spending_usd_bn": g.deadline_spending_usd_bn,
                    "cumulative_extra_usd_bn": g.cumulative_extra_usd_bn,
                    "real_growth_pct": g.real_growth_pct,
                }
                for g in self.groups
            ],
            "assumptions": self.assumptions.to_json() if self.assumptions else {},
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


def _by_country(cells: Mapping[tuple[str, int], float]) -> dict[str, dict[int, float]]:
    out: dict[str, dict[int, float]] = {}
    for (iso3, year), value in cells.items():
        out.setdefault(iso3, {})[year] = value
    return out


@dataclass(frozen=True)
class _Inputs:
    """What every path of a report reads from the store: country -> year -> value."""

    shares: dict[str, dict[int, float]]
    gdp: dict[str, dict[int, float]]
    real: dict[str, dict[int, float]]
    fx: dict[str, dict[int, float]]
    money: dict[str, NatoMoney]


_K = TypeVar("_K")
_V = TypeVar("_V")


class _Kept(Generic[_K, _V]):
    """What was worked out lately, by key, shared by the server's threads: at most ``limit``
    entries, then forgotten all at once (the keys hold the store's version, so an entry never
    goes stale; it only stops being asked for)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._found: dict[_K, _V] = {}
        self._lock = threading.Lock()

    def get(self, key: _K) -> _V | None:
        with self._lock:
            return self._found.get(key)

    def put(self, key: _K, value: _V) -> _V:
        with self._lock:
            if len(self._found) >= self.limit:
                self._found.clear()
            self._found[key] = value
        return value


_INPUTS: _Kept[tuple[str, str, str, str, int], _Inputs] = _Kept(32)


def _inputs(q: Queries, release: str, imf: str, start_year: int) -> _Inputs:
    """The store's figures every path of a report reads, read once per store version (the
    store never changes while it is open; a rebuilt or imported store has a new version)."""
    key = (*q.version(), release, imf, start_year)
    found = _INPUTS.get(key)
    if found is not None:
        return found
    read = _Inputs(
        _by_country(q.cells(release, "share_gdp")),
        _by_country(q.cells(imf, IMF_GDP)),
        _by_country(q.cells(imf, IMF_GROWTH)),
        _by_country(q.cells(imf, IMF_FX)),
        nato_money(q, release, start_year),
    )
    return _INPUTS.put(key, read)


def _ally_assumptions(
    start_year: int,
    end: int,
    own: Mapping[int, float],
    iso3: str,
    overrides: Overrides,
    imf: str,
    last_imf_year: int,
) -> tuple[float, dict[int, float], str, bool]:
    """Real growth after the IMF years for one ally (``own``: its IMF real growth by year):
    the user's, else its last IMF year."""
    if iso3 in overrides.growth:
        value, source, overridden = overrides.growth[iso3], "overridden for this ally", True
    elif overrides.growth_all is not None:
        value, source, overridden = overrides.growth_all, "overridden for every ally", True
    else:
        last = max(own)
        value = own[last]
        source = (
            f"{imf}'s {last} projection, held after {last_imf_year} (the bundled WEO extract "
            "stops there; the IMF's 2027-2031 projections are not held)"
        )
        overridden = False
    after = {y: value for y in range(start_year + 1, end + 1) if y not in own}
    return value, after, source, overridden


@dataclass(frozen=True)
class _AllyBase:
    """What one ally's path starts from that no request changes: its start share, NATO's
    money, exchange rates, IMF figures, history and the realism test's evidence."""

    start_share: float
    money: pw.Money
    start_gdp: float | None
    basis: str
    known_fx: dict[int, float]
    fx_source: str
    gdp: dict[int, float]
    real: dict[int, float]
    history: tuple[tuple[int, float], ...]
    realism: cr.Inputs
    meets: bool
    fixed: tuple[cr.Evidence, ...]  # the realism test's evidence no path changes


@dataclass
class _Plan:
    """Everything a pathway answer reads that does not depend on the request's assumptions
    (growth, deflator, exchange rates, shape) nor on which allies it asks for: the target,
    releases, years, the store's figures, and per ally (filled as allies are asked for) what
    its path starts from. Built once per store version, target, release, deadline and day."""

    target: cm.Target
    release: str
    start_year: int
    end: int
    imf: str
    today: date
    inputs: _Inputs
    last_imf_year: int
    base_year: int | None
    history: Any  # milex.history.History (imported lazily, as pathways() does)
    targets: list[cm.Target]
    everyone: list[countries.Country]  # the allies the target binds, for "all"
    groups: dict[str, tuple[str, ...]]  # GROUPS code -> members with armed forces
    aggregates: dict[tuple[str, int], float]  # NATO's published group shares, start year
    label: str
    measure: str
    episodes: str
    allies: dict[str, _AllyBase | None] = field(default_factory=dict)
    absent: dict[tuple[str, ...], tuple[list[str], frozenset[str]]] = field(default_factory=dict)

    def ally(self, iso3: str) -> _AllyBase | None:
        """What this ally's path starts from (None: no start-year share or GDP), read once."""
        if iso3 in self.allies:
            return self.allies[iso3]
        found = self.allies[iso3] = self._ally(iso3)
        return found

    def _ally(self, iso3: str) -> _AllyBase | None:
        from milex import history as hist

        inputs, start_year, chosen = self.inputs, self.start_year, self.release
        money_here = inputs.money.get(iso3)
        shares = inputs.shares.get(iso3, {})
        if start_year not in shares or (
            money_here is None and start_year not in inputs.gdp.get(iso3, {})
        ):
            return None
        start_share = shares[start_year]
        if money_here is not None:
            money = money_here.money(start_share)
            start_gdp: float | None = money_here.gdp_usd / 1000
            nato_fx = (
                money_here.spending_lcu / money_here.spending_usd
                if money_here.spending_lcu
                else None
            )
            basis = f"NATO's own dollars ({chosen}: Table 2 spending, Table 5 GDP)"
        else:
            money, start_gdp, nato_fx = pw.Money(), None, None
            basis = (
                f"milex's estimate: {chosen}'s Table 3 share x {self.imf} GDP (milex's copy of "
                "this edition has no Tables 2 and 5 for it)"
            )
        known_fx = dict(inputs.fx.get(iso3, {}))
        if iso3 == "USA":
            known_fx = {y: 1.0 for y in range(start_year, self.end + 1)}
        if nato_fx is not None:
            known_fx[start_year] = nato_fx
        fx_source = (
            "NATO-implied at the start year (Table 1 / Table 2), held"
            if nato_fx
            else (f"{self.imf}-implied (NGDP / NGDPD), held after its last year")
        )
        target, h = self.target, self.history
        positions = h.positions(iso3, target, self.targets, self.today)
        realism = hist.realism_inputs(
            h, iso3, start_year, max(0.0, target.threshold - start_share), positions, chosen
        )
        return _AllyBase(
            start_share,
            money,
            start_gdp,
            basis,
            known_fx,
            fx_source,
            inputs.gdp.get(iso3, {}),
            inputs.real.get(iso3, {}),
            tuple((y, shares[y]) for y in sorted(shares) if y <= start_year),
            realism,
            cm.meets(start_share, target),
            cr.fixed_evidence(realism, h.data.rules),
        )


_PLANS: _Kept[tuple[Any, ...], _Plan] = _Kept(64)  # plans seen lately


def _plan(
    q: Queries,
    target_id: str,
    release: str | None,
    deadline: int | None,
    commitments_file: str | Path | None,
    include_episodes: bool,
    imf_release: str | None,
) -> _Plan:
    """The plan of a pathway answer, kept per store version (a user's commitments file is
    read anew each time: it may change between calls)."""
    today = date.today()
    key = (*q.version(), target_id, release, deadline, include_episodes, imf_release, today)
    if commitments_file is None:
        found = _PLANS.get(key)
        if found is not None:
            return found
    plan = _new_plan(
        q, target_id, release, deadline, commitments_file, include_episodes, imf_release, today
    )
    if commitments_file is None:
        _PLANS.put(key, plan)
    return plan


def _new_plan(
    q: Queries,
    target_id: str,
    release: str | None,
    deadline: int | None,
    commitments_file: str | Path | None,
    include_episodes: bool,
    imf_release: str | None,
    today: date,
) -> _Plan:
    from milex import history as hist

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
    imf = q.resolve_release("imf", imf_release, None, IMF_GDP)
    inputs = _inputs(q, chosen, imf, start_year)
    h = hist.history(q, include_episodes)
    on = date(start_year, 12, 31)
    return _Plan(
        target=target,
        release=chosen,
        start_year=start_year,
        end=end,
        imf=imf,
        today=today,
        inputs=inputs,
        last_imf_year=max(max(years) for years in inputs.real.values()),
        base_year=price_year(q, chosen) if inputs.money else None,
        history=h,
        targets=q.targets(),
        everyone=[c for c in countries.members(today) if target.binds(c.iso3)],
        groups={
            code: tuple(c.iso3 for c in countries.group_members(code, on) if c.has_armed_forces)
            for code in countries.GROUPS
        },
        aggregates=q.cells(chosen, "share_gdp", [start_year]),
        label=q.short_ids().get(target.id, target.id),
        measure=q.measure(chosen),
        episodes=hist.episode_notes(h)[0],
    )


def _groups(report_allies: list[AllyPath], plan: _Plan) -> list[GroupTotal]:
    """The totals of the groups the target covers, when the report holds all their members."""
    held = {a.iso3: a for a in report_allies}
    whole = [code for code, members in plan.groups.items() if set(members) == set(held)]
    total = [_total(report_allies)] if len(report_allies) > 1 and not whole else []
    if plan.target.applies_to:
        return total
    start_year, release = plan.start_year, plan.release
    out = []
    for code, label in countries.GROUPS.items():
        members = plan.groups[code]
        if not members or any(m not in held for m in members):
            continue
        paths = [held[m].path for m in members]
        start_real = sum(p.years[0].spending_usd_constant_bn for p in paths)
        end_real = sum(p.years[-1].spending_usd_constant_bn for p in paths)
        steps = max(1, paths[0].deadline - paths[0].start_year)
        published = plan.aggregates.get((code, start_year))
        if published is not None:
            basis = f"NATO's published {code} aggregate ({release}, Table 3)"
        else:
            basis = "no NATO aggregate for this group: money summed over its members"
        out.append(
            GroupTotal(
                code,
                label,
                members,
                sum(p.years[0].spending_usd_bn for p in paths),
                sum(p.years[-1].spending_usd_bn for p in paths),
                sum(p.cumulative_extra_usd_bn for p in paths),
                ((end_real / start_real) ** (1 / steps) - 1) * 100,
                published,
                basis,
                end_real / start_real,
            )
        )
    return total + out


def pathways(
    q: Queries,
    who: str | Sequence[str] = "all",
    target_id: str = "hague-core",
    shape: str = "linear",
    growth: float | None = None,
    deflator: float | None = None,
    release: str | None = None,
    deadline: int | None = None,
    commitments_file: str | Path | None = None,
    growth_shocks: Mapping[str, Mapping[int, float]] | None = None,
    fx_changes: Mapping[str, Mapping[int, float]] | None = None,
    overrides: Overrides | None = None,
    include_episodes: bool = False,
    imf_release: str | None = None,
) -> PathwayReport:
    """Each ally's yearly path to a target by its deadline, in NATO's own money, with the
    realism verdict and the assumptions it rests on.

    ``growth`` and ``deflator`` override every ally's growth after the IMF years and the
    deflator (``overrides`` can also set growth per ally and exchange rates). Scenarios pass
    ``growth_shocks`` (ally -> year -> points added to real growth; in the start year or
    before, they move the start year's level), ``fx_changes`` (ally -> year -> % change of its
    currency against the dollar from then) and the IMF vintage to build on (``imf_release``;
    default the latest).

    What does not depend on these (the target, releases, the store's figures, each ally's
    start and the realism test's evidence) is read once per store version (:class:`_Plan`);
    a call computes only the paths and verdicts."""
    if shape not in pw.SHAPES:
        raise InvalidQueryError(f"shape: {shape!r} is not one of {', '.join(pw.SHAPES)}")
    given = (overrides or Overrides()).merged(Overrides(growth_all=growth, deflator=deflator))
    plan = _plan(q, target_id, release, deadline, commitments_file, include_episodes, imf_release)
    target, chosen, start_year, end, imf = (
        plan.target,
        plan.release,
        plan.start_year,
        plan.end,
        plan.imf,
    )
    if who == "all" or who == ["all"]:
        chosen_allies = plan.everyone
    else:
        chosen_allies = countries.resolve_many(who)
        _only_allies_with_figures(chosen_allies, plan.today)
    last_imf_year = plan.last_imf_year
    deflator_pct = DEFAULT_DEFLATOR_PCT if given.deflator is None else given.deflator
    base_year = plan.base_year
    rules = plan.history.data.rules
    notes: list[str] = []
    if target.metric == "total_defence_and_related_share_gdp":
        notes.append(TOTAL_NOTE)
    results: list[AllyPath] = []
    skipped: list[str] = []
    years = range(start_year, end + 1)
    held: list[tuple[countries.Country, _AllyBase, AllyAssumptions, pw.EconomyPath]] = []
    for ally in chosen_allies:
        iso3 = ally.iso3
        base = plan.ally(iso3)
        if base is None:
            skipped.append(iso3)
            continue
        after, growth_path, growth_source, growth_overridden = _ally_assumptions(
            start_year, end, base.real, iso3, given, imf, last_imf_year
        )
        known_fx, fx_source = base.known_fx, base.fx_source
        fx_overridden = iso3 in given.fx
        if fx_overridden:
            known_fx = dict(known_fx)
            for y in range(start_year + 1, end + 1):
                known_fx[y] = given.fx[iso3]
            fx_source = "overridden from the year after the start"
        economy = pw.project_economy(
            years,
            base.gdp,
            base.real,
            known_fx,
            after,
            deflator_pct,
            (growth_shocks or {}).get(iso3),
            (fx_changes or {}).get(iso3),
            start_gdp_usd_bn=base.start_gdp,
        )
        ally_assumptions = AllyAssumptions(
            after,
            growth_source,
            growth_overridden,
            growth_path,
            economy.lcu_per_usd[-1] if iso3 != "USA" else 1.0,
            fx_source,
            fx_overridden,
            base.basis,
        )
        held.append((ally, base, ally_assumptions, economy))
    # Every ally's path at once (the same formulas, as arrays across allies).
    paths = pw.pathways(
        [base.start_share for _, base, _, _ in held],
        target.threshold,
        [economy for *_, economy in held],
        shape,
        [base.money for _, base, _, _ in held],
    )
    for (ally, base, ally_assumptions, _), path in zip(held, paths, strict=True):
        verdict = cr.assess(
            path.required_real_growth_pct, base.meets, base.realism, rules, base.fixed
        )
        results.append(
            AllyPath(ally.iso3, ally.name, path, verdict, list(base.history), ally_assumptions)
        )
    if not results:
        raise NoDataError(f"no ally with a {start_year} share in {chosen} to build a path for")
    if tuple(skipped) not in plan.absent:  # why the skipped allies have no path, once
        absent = q.absent(chosen, "share_gdp", [start_year], skipped) if skipped else None
        plan.absent[tuple(skipped)] = (
            absent.notes() if absent else [],
            frozenset(absent.codes(counted=False) if absent else ()),
        )
    absent_notes, explained = plan.absent[tuple(skipped)]
    notes += absent_notes
    unexplained = sorted(set(skipped) - explained)
    if unexplained:
        notes.append(f"no {start_year} share or GDP for: {', '.join(unexplained)}")
    notes.append(f"shares: {chosen}, Table 3; {start_year} is the latest year it holds")
    overridden = tuple(
        name
        for name, on in (
            ("growth", given.growth_all is not None or bool(given.growth)),
            ("deflator", given.deflator is not None),
            ("fx", bool(given.fx)),
        )
        if on
    )
    price_text = (
        f"constant {base_year} US dollars (NATO Table 2's price base, deflated with NATO's "
        f"own {start_year} ratios, then the assumed deflator)"
        if base_year
        else f"constant {start_year} US dollars (start-year prices: this edition's Table 2 is "
        "not in milex's copy)"
    )
    assumptions = ReportAssumptions(
        deflator_pct,
        DEFLATOR_SOURCE.format(pct=deflator_pct),
        given.deflator is not None,
        price_text,
        base_year or start_year,
        imf,
        last_imf_year,
        plan.episodes,
        overridden,
    )
    report = PathwayReport(
        target,
        shape,
        chosen,
        imf,
        deflator_pct,
        results,
        notes,
        plan.label,
        assumptions,
        measure=plan.measure,
    )
    report.groups = _groups(results, plan)
    return report


def _total(allies: list[AllyPath]) -> GroupTotal:
    """The total of the allies a report was asked for (when they are not a whole group)."""
    paths = [a.path for a in allies]
    start_real = sum(p.years[0].spending_usd_constant_bn for p in paths)
    end_real = sum(p.years[-1].spending_usd_constant_bn for p in paths)
    steps = max(1, paths[0].deadline - paths[0].start_year)
    return GroupTotal(
        "TOTAL",
        "the allies shown",
        tuple(a.iso3 for a in allies),
        sum(p.years[0].spending_usd_bn for p in paths),
        sum(p.years[-1].spending_usd_bn for p in paths),
        sum(p.cumulative_extra_usd_bn for p in paths),
        ((end_real / start_real) ** (1 / steps) - 1) * 100,
        None,
        "the sum of the allies shown",
        end_real / start_real,
    )


def _only_allies_with_figures(chosen: Sequence[countries.Country], today: date) -> None:
    """Refuse, saying why, a request naming only countries no path can be built for: not an
    ally (Russia) or an ally without armed forces (Iceland)."""
    reasons = []
    for country in chosen:
        if not country.is_ally(today):
            reasons.append(f"{country.name} ({country.iso3}) is not a NATO ally")
        elif not country.has_armed_forces:
            reasons.append(
                f"{country.name} ({country.iso3}) has no armed forces: NATO publishes no "
                "defence-expenditure figure for it"
            )
    if len(reasons) == len(chosen):
        raise NoDataError(f"no pathway: {'; '.join(reasons)}")


def extra_at_deadline_direct(
    q: Queries, target_id: str = "hague-core", allies: Iterable[str] | None = None
) -> float:
    """Cross-check of the pathways: the extra spending in the deadline year to lift every ally
    below the target up to it, straight from the gap in points x NATO's money (no path)."""
    report = pathways(q, list(allies) if allies else "all", target_id)
    total = 0.0
    for a in report.allies:
        gap_pp = max(0.0, report.target.threshold - a.path.start_share)
        last = a.path.years[-1]
        total += cm.money(gap_pp, last.gdp_usd_bn) * last.share_nominal_gdp / last.share_gdp
    return total
