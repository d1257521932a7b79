"""Run a scenario: the baseline pathways, the same pathways under the scenario's shocks and
extra obligations, and a Monte Carlo around the scenario. Gathers inputs from the store, says
which ones in each answer's notes, and calls the model (milex.model.tariffs, .scenarios,
.montecarlo); computes nothing itself.

A scenario is layered on one IMF vintage (its ``baseline``). A shock in a year that vintage
already reports happened and is in its figures: the scenario must say so (``in_baseline``),
and the answer then compares the figures with a baseline that has the shock's estimated
effect taken out, instead of adding the shock a second time. A shock after those years is a
'what if' on top of them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from milex import analysis
from milex.data import countries, evidence
from milex.data.query import Queries
from milex.data.scenarios import Scenario, Tariffs
from milex.errors import ValidationError
from milex.figures import money
from milex.model import montecarlo as mc
from milex.model import scenarios as sc
from milex.model import tariffs as tr
from milex.table import Table

if TYPE_CHECKING:
    from milex.engine import Engine

# The growth record used for each ally's volatility: IMF real growth 2014-2026 without the
# pandemic years, whose -6% and +6% would double every ally's spread.
VOLATILITY_YEARS = [y for y in range(2014, 2027) if y not in (2020, 2021)]
# The day each held preset is read on: the reciprocal rates of EO 14257's Annex I took effect
# on 9 April 2025 (before the 90-day pause); the EU deal's 15% on 7 August 2025.
PRESET_DAYS = {"announced-2025-04-02": date(2025, 4, 9), "eu-deal-2025-08": date(2025, 8, 7)}
ENACTED = "enacted-2025-2026"
# Trade weights: goods exports to the US over GDP in the last year before the tariffs.
EXPORT_YEAR = 2024
FIRST_TARIFF_YEAR = 2025


@dataclass(frozen=True)
class TariffEvidence:
    """The effective-rate model's inputs for every ally, as the store holds them."""

    measures: list[tr.Measure]
    exposures: dict[str, tr.Exposure]
    exports_share_gdp: dict[str, float]  # goods exports to the US / GDP, percent
    notes: list[str]


@dataclass(frozen=True)
class TariffRun:
    """Per ally: each year's effective rate, level loss and growth hit, and the first year."""

    start_year: int
    in_baseline: bool
    rates: dict[str, dict[int, float]]
    losses: dict[str, dict[int, float]]
    hits: dict[str, dict[int, float]]


@dataclass
class ScenarioReport:
    """The scenario against the baseline: per ally, totals, what changed, and the bands."""

    scenario: Scenario
    baseline: analysis.PathwayReport
    shocked: analysis.PathwayReport
    tariff_rates: dict[str, float]  # effective rate in the shock's first year
    growth_hits: dict[str, float]  # growth hit in the shock's first year
    extra: dict[str, dict[int, float]]
    result: mc.Result | None
    notes: list[str] = field(default_factory=list)
    tariffs: TariffRun | None = None
    data_last_year: int = 0

    def allies_table(self) -> Table:
        """One row per ally and a TOTAL row: GDP, spending and obligations, with and without."""
        rows: list[tuple[Any, ...]] = []
        base = {a.iso3: a for a in self.baseline.allies}
        totals = [0.0] * 7
        for index, ally in enumerate(self.shocked.allies):
            before = base[ally.iso3]
            b_last, s_last = before.path.years[-1], ally.path.years[-1]
            extra = self.extra.get(ally.iso3, {})
            extra_last = extra.get(s_last.year, 0.0)
            extra_sum = sum(extra.values())
            spending_change = sum(
                y.spending_usd_bn - x.spending_usd_bn
                for x, y in zip(before.path.years, ally.path.years, strict=True)
            )
            needed = (s_last.spending_usd_bn + extra_last) / s_last.gdp_usd_bn * 100
            probability = None
            if self.result is not None:
                probability = float(self.result.probability[index])
            row = (
                ally.iso3,
                ally.country,
                self.tariff_rates.get(ally.iso3),
                self.growth_hits.get(ally.iso3),
                b_last.gdp_usd_bn,
                s_last.gdp_usd_bn,
                (s_last.gdp_usd_bn / b_last.gdp_usd_bn - 1) * 100,
                b_last.spending_usd_bn,
                s_last.spending_usd_bn,
                extra_last,
                extra_sum,
                needed,
                spending_change + extra_sum,
                probability,
            )
            rows.append(row)
            for position, value in enumerate(
                (
                    b_last.gdp_usd_bn,
                    s_last.gdp_usd_bn,
                    b_last.spending_usd_bn,
                    s_last.spending_usd_bn,
                    extra_last,
                    extra_sum,
                    spending_change + extra_sum,
                )
            ):
                totals[position] += value
        rows.append(
            (
                "TOTAL",
                f"{len(rows)} allies",
                None,
                None,
                totals[0],
                totals[1],
                (totals[1] / totals[0] - 1) * 100,
                totals[2],
                totals[3],
                totals[4],
                totals[5],
                None,
                totals[6],
                None,
            )
        )
        deadline = self.shocked.allies[0].path.deadline
        return Table(
            [
                "iso3",
                "country",
                "tariff_pct",
                "growth_hit_pp",
                f"gdp_{deadline}_baseline_usd_bn",
                f"gdp_{deadline}_scenario_usd_bn",
                "gdp_change_pct",
                f"spending_{deadline}_baseline_usd_bn",
                f"spending_{deadline}_scenario_usd_bn",
                f"obligations_{deadline}_usd_bn",
                "obligations_total_usd_bn",
                f"share_needed_{deadline}",
                "extra_vs_baseline_total_usd_bn",
                "p_reach_target",
            ],
            rows,
            title=f"Scenario: {self.scenario.name} — {self.baseline.title()}",
            notes=self.notes + self.shocked.all_notes(),
        )

    def changes_table(self) -> Table:
        """What changed: one row per ally and figure that the scenario moves, with the
        baseline, the scenario and the difference."""
        rows: list[tuple[Any, ...]] = []
        deadline = self.shocked.allies[0].path.deadline
        for record in self.allies_table().records()[:-1]:
            pairs = (
                (
                    f"GDP in {deadline}, USD bn",
                    f"gdp_{deadline}_baseline_usd_bn",
                    f"gdp_{deadline}_scenario_usd_bn",
                ),
                (
                    f"spending in {deadline} on the path, USD bn",
                    f"spending_{deadline}_baseline_usd_bn",
                    f"spending_{deadline}_scenario_usd_bn",
                ),
            )
            for label, before, after in pairs:
                if abs(record[after] - record[before]) > 1e-9:
                    rows.append(
                        (
                            record["iso3"],
                            record["country"],
                            label,
                            record[before],
                            record[after],
                            record[after] - record[before],
                        )
                    )
            if record["obligations_total_usd_bn"]:
                rows.append(
                    (
                        record["iso3"],
                        record["country"],
                        f"obligations to {deadline}, USD bn",
                        0.0,
                        record["obligations_total_usd_bn"],
                        record["obligations_total_usd_bn"],
                    )
                )
                target = self.shocked.target.threshold
                rows.append(
                    (
                        record["iso3"],
                        record["country"],
                        f"share of GDP needed in {deadline}",
                        target,
                        record[f"share_needed_{deadline}"],
                        record[f"share_needed_{deadline}"] - target,
                    )
                )
        return Table(
            ["iso3", "country", "figure", "baseline", "scenario", "change"],
            rows,
            title=f"What changed: {self.scenario.name}",
            notes=[] if rows else ["nothing: the scenario equals the baseline"],
        )

    def tariffs_table(self) -> Table:
        """Per ally and year: the effective tariff rate, the GDP level it costs, the growth hit,
        and whether the baseline's figures already hold that year."""
        run = self.tariffs
        if run is None:
            return Table(["iso3", "year"], [], title="No tariffs in this scenario")
        rows = []
        for ally in self.shocked.allies:
            for year, rate in sorted(run.rates.get(ally.iso3, {}).items()):
                rows.append(
                    (
                        ally.iso3,
                        ally.country,
                        year,
                        rate,
                        run.losses[ally.iso3][year],
                        run.hits[ally.iso3][year],
                        "in the baseline's figures"
                        if year <= self.data_last_year
                        else "added by the scenario",
                    )
                )
        return Table(
            [
                "iso3",
                "country",
                "year",
                "effective_rate_pct",
                "gdp_level_loss_pct",
                "growth_hit_pp",
                "counted",
            ],
            rows,
            title=f"Tariffs by year: {self.scenario.name}",
            notes=list(self.notes),
        )

    def bands_table(self) -> Table:
        """P5/P50/P95 of share of GDP and cost per ally and year (the fan chart's data)."""
        if self.result is None:
            return Table(["iso3", "year"], [], title="No Monte Carlo draws")
        rows = []
        for index, ally in enumerate(self.shocked.allies):
            for t, year in enumerate(y.year for y in ally.path.years):
                shares = self.result.share_bands[:, index, t]
                costs = self.result.cost_bands[:, index, t]
                rows.append((ally.iso3, year, *map(float, shares), *map(float, costs)))
        return Table(
            [
                "iso3",
                "year",
                "share_p5",
                "share_p50",
                "share_p95",
                "cost_p5_usd_bn",
                "cost_p50_usd_bn",
                "cost_p95_usd_bn",
            ],
            rows,
            title=f"Monte Carlo bands, {self.result.draws:,} draws "
            f"(seed {self.scenario.montecarlo.seed}, "
            f"{self.scenario.montecarlo.distribution})",
            notes=[
                f"each band is within {self.result.max_relative_error():.2%} of the exact "
                f"nearest-rank quantile of the draws (half a bin of {mc.BINS:,}-bin "
                "histograms per ally and year)"
            ],
        )

    def to_json(self) -> dict[str, Any]:
        """The allies, the totals, the bands and the tariffs by year as one object."""
        return {
            "scenario": self.scenario.model_dump(),
            "allies": self.allies_table().records(),
            "changes": self.changes_table().records(),
            "bands": self.bands_table().records(),
            "tariffs": self.tariffs_table().records(),
            "notes": self.allies_table().notes,
        }


# -- tariffs ----------------------------------------------------------------------------------


def _by_partner(rows: Sequence[evidence.MeasureRow], kind: str) -> dict[str, list[tr.Share]]:
    out: dict[str, list[tr.Share]] = {}
    for row in rows:
        if row.kind == kind and row.share_pct is not None and row.start is not None:
            out.setdefault(row.partner, []).append(tr.Share(row.share_pct, row.start, row.end))
    return out


def _exempt(shares: dict[str, list[tr.Share]], iso3: str, eu_member: bool) -> list[tr.Share]:
    """The share of an ally's goods exempt from reciprocal rates. The exemption (Annex II) has
    the dates of the measure for all partners; an estimate for the ally or the EU gives its
    size there."""
    legal = shares.get(tr.EVERYONE, [])
    for code in (iso3, tr.EU) if eu_member else (iso3,):
        if code in shares:
            size = shares[code][-1].pct
            return [tr.Share(size, s.start, s.end) for s in legal] or shares[code]
    return legal


def tariff_evidence(
    q: Queries,
    imf: str,
    allies: Sequence[str],
    vehicle_dutiable_share: float,
    border_exposed: dict[str, list[tr.Share]] | None = None,
) -> TariffEvidence:
    """The measures and each ally's exposure to them, from the store. ``border_exposed``
    replaces the bundled border exposure (a sensitivity)."""
    rows = evidence.tariff_measures(q.conn)
    measures = [
        tr.Measure(
            r.partner,
            r.kind,
            r.rate_pct,
            r.start,
            r.end,
            r.sector,
            r.excludes,
            r.measure,
        )
        for r in rows
        if r.kind in tr.KINDS and r.rate_pct is not None and r.start is not None
    ]
    exempt = _by_partner(rows, "exempt_share")
    realised = evidence.realised_rates(q.conn)
    sectors = evidence.sector_shares(q.conn)
    notes: list[str] = []
    exposed = border_exposed if border_exposed is not None else _border_exposure(rows)
    exposures: dict[str, tr.Exposure] = {}
    no_mfn = []
    for iso3 in allies:
        if iso3 == "USA":
            continue
        eu_member = countries.get(iso3).in_eu(date(FIRST_TARIFF_YEAR, 7, 1))
        mfn = realised.get((iso3, f"{EXPORT_YEAR}-01-01", f"{EXPORT_YEAR}-12-31"))
        if mfn is None:
            no_mfn.append(iso3)
        own_sectors = dict(sectors.get(iso3, {}))
        if "autos" in own_sectors:
            own_sectors["autos"] *= vehicle_dutiable_share
        exposures[iso3] = tr.Exposure(
            iso3,
            eu_member,
            mfn or 0.0,
            _exempt(exempt, iso3, eu_member),
            exposed.get(iso3, []),
            own_sectors,
        )
    if no_mfn:
        notes.append(
            f"no realised {EXPORT_YEAR} rate for {', '.join(no_mfn)}: their MFN duty is taken "
            "as 0 under an all-in rate"
        )
    gdp = q.cells(imf, analysis.IMF_GDP, [EXPORT_YEAR])
    imports = q.cells("census-trade-2026", "us_goods_imports_usd_billion", [EXPORT_YEAR])
    shares = {
        iso3: imports[(iso3, EXPORT_YEAR)] / gdp[(iso3, EXPORT_YEAR)] * 100
        for iso3 in exposures
        if (iso3, EXPORT_YEAR) in imports and gdp.get((iso3, EXPORT_YEAR))
    }
    return TariffEvidence(measures, exposures, shares, notes)


def _border_exposure(rows: Sequence[evidence.MeasureRow]) -> dict[str, list[tr.Share]]:
    """A border tariff reaches all goods until USMCA goods are exempt, then the share RBC
    found not USMCA-compliant (6%, Aug 2025; taken for the whole exemption)."""
    out: dict[str, list[tr.Share]] = {}
    for partner in {r.partner for r in rows if r.kind == "border"}:
        first = min(
            r.start for r in rows if r.partner == partner and r.kind == "border" and r.start
        )
        exemption = [r.start for r in rows if r.partner == partner and r.kind == "border_exemption"]
        exposed = [
            r.share_pct for r in rows if r.partner == partner and r.kind == "border_exposed_share"
        ]
        if not exemption or exemption[0] is None or not exposed or exposed[0] is None:
            out[partner] = [tr.Share(100.0, first)]
            continue
        out[partner] = [
            tr.Share(100.0, first, exemption[0] - timedelta(days=1)),
            tr.Share(exposed[0], exemption[0]),
        ]
    return out


def claimed_exposure(q: Queries) -> dict[str, list[tr.Share]]:
    """Canada's border exposure from the monthly USMCA-claimed shares instead (goods not
    claimed, outside Section 232): the sensitivity the docs show."""
    rows = evidence.tariff_measures(q.conn)
    sectors = evidence.sector_shares(q.conn).get("CAN", {})
    outside = 1 - sum(sectors.values()) / 100
    first = min(r.start for r in rows if r.partner == "CAN" and r.kind == "border" and r.start)
    exemption = next(r.start for r in rows if r.partner == "CAN" and r.kind == "border_exemption")
    assert exemption is not None
    shares = [tr.Share(100.0, first, exemption - timedelta(days=1))]
    for r in rows:
        claimed = r.partner == "CAN" and r.kind == "usmca_claimed_share"
        if claimed and r.start and r.share_pct and (r.end is None or r.end >= exemption):
            start = max(r.start, exemption)
            shares.append(tr.Share((100 - r.share_pct) * outside, start, r.end))
    return {"CAN": shares}


def _tariff_measures(
    spec: Tariffs, found: TariffEvidence, start: date
) -> tuple[list[tr.Measure], dict[str, tr.Exposure]]:
    """The measures a spec applies, from ``start``, and the exposures they meet."""
    exposures = dict(found.exposures)
    if spec.preset == ENACTED:
        measures = list(found.measures)
    elif spec.preset in PRESET_DAYS:
        day = PRESET_DAYS[spec.preset]
        measures = tr.held(found.measures, day, start)
        exposures = {
            iso3: tr.Exposure(
                e.iso3,
                e.eu_member,
                e.mfn_pct,
                tr.held_shares(e.exempt, day, start),
                tr.held_shares(e.border_exposed, day, start),
                e.sectors,
            )
            for iso3, e in exposures.items()
        }
    else:
        measures = []
    for partner, rate in spec.rates.items():
        measures.append(tr.Measure(partner, "reciprocal", rate, start, name=f"rate for {partner}"))
    return measures, exposures


def _timing(spec: Tariffs, imf: str, data_last_year: int) -> date:
    """The day the scenario's tariffs start, checked against the years the baseline holds."""
    after = data_last_year + 1
    if spec.in_baseline:
        if spec.preset == ENACTED:
            if spec.start_year not in (None, FIRST_TARIFF_YEAR):
                raise ValidationError(
                    f"scenario, key 'tariffs.start_year': {ENACTED} starts in "
                    f"{FIRST_TARIFF_YEAR}, on the measures' own dates (value {spec.start_year})"
                )
            return date(FIRST_TARIFF_YEAR, 1, 1)
        day = PRESET_DAYS.get(spec.preset)
        year = spec.start_year or (day.year if day else after)
        if day is not None and year != day.year:
            raise ValidationError(
                f"scenario, key 'tariffs.start_year': {spec.preset} in the baseline starts on "
                f"{day.isoformat()} (value {year})"
            )
        if year > data_last_year:
            raise ValidationError(
                f"scenario, key 'tariffs.in_baseline': {imf} reports years to "
                f"{data_last_year}; a shock from {year} is not in its figures: leave "
                "in_baseline out (value True)"
            )
        return day or date(year, 1, 1)
    year = spec.start_year or after
    if year <= data_last_year:
        raise ValidationError(
            f"scenario, key 'tariffs.start_year': {imf} reports years to {data_last_year}, so "
            f"its figures for {year} already hold what happened then. Set in_baseline: true "
            "for tariffs that did happen (milex takes their estimated effect out of the "
            f"baseline instead of adding it again), or start after {data_last_year} for a "
            f"'what if they came back' scenario (value {year})"
        )
    return date(year, 1, 1)


def tariff_run(spec: Tariffs, found: TariffEvidence, start: date, last_year: int) -> TariffRun:
    """Each ally's yearly effective rates, level losses and growth hits from the start year
    (from the first tariff year for the enacted measures) to ``last_year``."""
    measures, exposures = _tariff_measures(spec, found, start)
    first = min(start.year, FIRST_TARIFF_YEAR) if spec.preset == ENACTED else start.year
    years = range(first, last_year + 1)
    rates: dict[str, dict[int, float]] = {}
    losses: dict[str, dict[int, float]] = {}
    hits: dict[str, dict[int, float]] = {}
    for iso3, exposure in exposures.items():
        if iso3 not in found.exports_share_gdp:
            continue
        rates[iso3] = tr.yearly_rates(measures, exposure, years)
        losses[iso3] = tr.level_losses(
            rates[iso3], found.exports_share_gdp[iso3], spec.pass_through
        )
        hits[iso3] = tr.growth_hits(losses[iso3])
    return TariffRun(start.year, spec.in_baseline, rates, losses, hits)


def data_last_year(q: Queries, imf: str) -> int:
    """The last year an IMF vintage reports real growth for."""
    return max(year for (_, year) in q.cells(imf, analysis.IMF_GROWTH))


# -- the run ------------------------------------------------------------------------------------


def _weights(
    sharing: Any, group: list[str], gdp: dict[str, dict[int, float]], year: int
) -> dict[str, float]:
    if isinstance(sharing, dict):
        return dict(sharing)
    return {iso3: gdp[iso3].get(year, 0.0) for iso3 in group if iso3 in gdp}


def us_deflator(q: Queries, imf: str) -> dict[int, float]:
    """The US GDP deflator's yearly change (percent) in the years the IMF vintage reports."""
    gdp = q.cells(imf, analysis.IMF_GDP)
    growth = q.cells(imf, analysis.IMF_GROWTH)
    return {
        year: (gdp[("USA", year)] / gdp[("USA", year - 1)] / (1 + growth[("USA", year)] / 100) - 1)
        * 100
        for (iso3, year) in gdp
        if iso3 == "USA" and ("USA", year - 1) in gdp and ("USA", year) in growth
    }


def troop_cost(
    q: Queries, spec: Scenario, imf: str, years: Sequence[int]
) -> tuple[dict[int, float], str]:
    """The cost of a replacement service member in each year (current USD), and its note."""
    d = spec.drawdown
    assert d is not None
    if d.cost_per_troop_year_usd is not None:
        base, price_year = d.cost_per_troop_year_usd, d.cost_price_year or years[0]
        source = f"{money(base, 0, unit='')} a year in {price_year} dollars (the file's figure)"
    else:
        found = evidence.costings(q.conn)
        costing = found.get(d.cost_per_troop)
        if costing is None:
            raise ValidationError(
                f"scenario, key 'drawdown.cost_per_troop': no costing {d.cost_per_troop!r}; "
                f"known: {', '.join(sorted(found))} (value {d.cost_per_troop!r})"
            )
        if costing.currency != "USD":
            raise ValidationError(
                f"scenario, key 'drawdown.cost_per_troop': {costing.id} is in "
                f"{costing.currency}; give cost_per_troop_year_usd instead "
                f"(value {d.cost_per_troop!r})"
            )
        base, price_year = costing.per_troop_year, costing.price_year
        when = (
            f"{price_year} dollars, {costing.price_year_note}"
            if costing.price_year_note
            else f"{price_year} dollars"
        )
        source = (
            f"{money(base, 0, unit='')} a year in {when} ({costing.id}: {costing.publisher}, "
            f"{costing.published}; {costing.covers}; {costing.annual_or_oneoff})"
        )
    deflator = us_deflator(q, imf)
    try:
        index = sc.price_index(deflator, spec.deflator_pct, price_year, years)
    except ValueError:
        raise ValidationError(
            f"scenario, key 'drawdown.cost_per_troop': {source.split(' (')[0]} cannot be "
            f"indexed: {imf}'s US deflator starts in {min(deflator)}; give "
            f"cost_per_troop_year_usd in recent dollars (value {d.cost_per_troop!r})"
        ) from None
    costs = {year: base * index[year] for year in years}
    note = (
        f"drawdown: {d.troops:,} US troops leave over {d.years} years from {d.start_year}; "
        f"Europe replaces each with {d.replacement_ratio:g} service member"
        f"{'s' if d.replacement_ratio != 1 else ''} (replacement_ratio) at {source}, "
        f"indexed with the US GDP deflator ({imf} to {max(deflator)}, then "
        f"{spec.deflator_pct:g}% a year): {money(costs[years[-1]], 0, unit='')} in {years[-1]}"
    )
    return costs, note


def run(
    q: Queries,
    spec: Scenario,
    draws: int | None = None,
    seed: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    workers: int = 1,
    engine: Engine | None = None,
) -> ScenarioReport:
    """The scenario against the baseline, with ``draws`` Monte Carlo draws (0: none) on
    ``workers`` processes, or on ``engine`` (a Dask cluster); the result does not depend on
    how many or where."""
    imf = q.resolve_release("imf", spec.baseline, None, analysis.IMF_GDP)
    last_data = data_last_year(q, imf)
    notes: list[str] = [f"baseline: {imf}, with figures to {last_data}"]
    probe = analysis.pathways(
        q, "all", spec.commitment, spec.shape, deflator=spec.deflator_pct, imf_release=imf
    )
    allies = [a.iso3 for a in probe.allies]
    deadline = probe.allies[0].path.deadline
    shocks: dict[str, dict[int, float]] = {}
    counterfactual: dict[str, dict[int, float]] = {}
    rates: dict[str, float] = {}
    hits: dict[str, float] = {}
    tariffs = None
    if spec.tariffs is not None:
        start = _timing(spec.tariffs, imf, last_data)
        found = tariff_evidence(q, imf, allies, spec.tariffs.vehicle_dutiable_share)
        tariffs = tariff_run(spec.tariffs, found, start, deadline)
        if start.year > deadline:
            notes.append(f"tariffs from {start.year}, after the deadline {deadline}: no effect")
        for iso3, by_year in tariffs.hits.items():
            if start.year in by_year:
                rates[iso3] = tariffs.rates[iso3][start.year]
                hits[iso3] = by_year[start.year]
            for year, hit in by_year.items():
                if abs(hit) < 1e-15:
                    continue
                if year <= last_data:  # in the figures: take it out of the baseline
                    counterfactual.setdefault(iso3, {})[year] = hit
                else:
                    shocks.setdefault(iso3, {})[year] = -hit
        notes.extend(_tariff_notes(spec.tariffs, start, imf, last_data, found))
    for shock in spec.gdp_shocks:
        year_shocks = shocks.setdefault(shock.country, {})
        year_shocks[shock.year] = year_shocks.get(shock.year, 0.0) + shock.growth_pp
    fx: dict[str, dict[int, float]] = {}
    for move in spec.exchange_rates:
        for iso3 in allies:
            if countries.get(iso3).currency == move.currency:
                fx.setdefault(iso3, {})[move.from_year] = move.change_pct
    baseline = probe
    if counterfactual:
        baseline = analysis.pathways(
            q,
            "all",
            spec.commitment,
            spec.shape,
            deflator=spec.deflator_pct,
            growth_shocks=counterfactual,
            imf_release=imf,
        )
    shocked = analysis.pathways(
        q,
        "all",
        spec.commitment,
        spec.shape,
        deflator=spec.deflator_pct,
        growth_shocks=shocks,
        fx_changes=fx,
        imf_release=imf,
    )
    years = [y.year for y in shocked.allies[0].path.years]
    scenario_gdp = {a.iso3: {y.year: y.gdp_usd_bn for y in a.path.years} for a in shocked.allies}
    europe = [iso3 for iso3 in allies if iso3 not in ("USA", "CAN")]
    extra: dict[str, dict[int, float]] = {iso3: dict.fromkeys(years, 0.0) for iso3 in allies}
    bills: list[tuple[Any, dict[int, float]]] = []
    if spec.drawdown is not None:
        d = spec.drawdown
        enablers: dict[int, float] = {}
        for enabler in d.enablers:
            for year, cost in sc.enabler_costs(
                enabler.yearly_usd_bn, enabler.total_usd_bn, enabler.years
            ).items():
                enablers[year] = enablers.get(year, 0.0) + cost
        per_troop, note = troop_cost(q, spec, imf, years)
        costs = sc.drawdown_costs(
            sc.Drawdown(d.troops, d.start_year, d.years, per_troop, enablers, d.replacement_ratio),
            years,
        )
        bills.append((d.sharing, costs))
        notes.append(note)
        if d.enablers:
            notes.append(
                "enablers: "
                + "; ".join(
                    f"{e.item}, "
                    + (
                        f"${e.yearly_usd_bn:g} bn a year"
                        if e.yearly_usd_bn is not None
                        else f"${e.total_usd_bn:g} bn in all"
                    )
                    + f" over {min(e.years)}-{max(e.years)}"
                    for e in d.enablers
                )
            )
    if spec.shopping_list is not None:
        items = [
            sc.Item(i.item, i.unit_cost_usd_m, i.quantity, tuple(i.years))
            for i in spec.shopping_list.items
        ]
        bills.append((spec.shopping_list.sharing, sc.shopping_costs(items, years)))
    for sharing, costs in bills:
        for year in years:
            weights = _weights(sharing, europe, scenario_gdp, year)
            for iso3, share in sc.allocate({year: costs[year]}, weights).items():
                extra.setdefault(iso3, dict.fromkeys(years, 0.0))[year] += share[year]
    if bills:
        notes.append(
            "obligations shared among the European allies by GDP unless the file "
            "gives explicit shares"
        )
    count = spec.montecarlo.draws if draws is None else draws
    result = None
    if count > 0:
        result = mc.simulate(
            _paths(q, shocked, imf),
            count,
            spec.montecarlo.seed if seed is None else seed,
            spec.montecarlo.distribution,
            spec.montecarlo.df,
            progress,
            engine.slots if engine is not None else workers,
            engine.map if engine is not None else None,
        )
        notes.append(
            f"Monte Carlo: {count:,} draws of real growth and dollar prices per ally and year "
            f"({spec.montecarlo.distribution}); volatility from {imf} "
            f"{VOLATILITY_YEARS[0]}-{VOLATILITY_YEARS[-1]} without 2020-21; p_reach_target = "
            "share of draws in which the path's planned real spending is at or above the target "
            "share at the deadline (obligations come on top)"
        )
    return ScenarioReport(
        spec, baseline, shocked, rates, hits, extra, result, notes, tariffs, last_data
    )


def _tariff_notes(
    spec: Tariffs, start: date, imf: str, last_data: int, found: TariffEvidence
) -> list[str]:
    if spec.preset == ENACTED:
        what = "the US tariff measures as enacted, on their own dates (2025-2026)"
    elif spec.preset in PRESET_DAYS:
        what = (
            f"the US tariff measures in force on {PRESET_DAYS[spec.preset].isoformat()}, held "
            f"from {start.isoformat()}"
        )
    else:
        what = f"the file's rates from {start.isoformat()}"
    notes = [
        f"tariffs: {what}; effective rate = what they add to the duty on all of an ally's goods "
        "exports to the US (Annex II goods exempt: 30% of the EU's, 20.8% of others'; Canada: "
        "6% of its goods not USMCA-compliant (RBC), Section 232 steel, aluminium, cars and "
        f"copper on its exports in each; a deal's all-in rate replaces the {EXPORT_YEAR} "
        "average duty)",
        f"growth: GDP level falls by {spec.pass_through:g} (pass_through) x the year's average "
        f"effective rate x goods exports to the US / GDP ({EXPORT_YEAR}, Census / {imf}); "
        "growth_hit_pp is the change in that loss from the year before, in the first year "
        f"{start.year}",
    ]
    if spec.in_baseline:
        notes.append(
            f"in the baseline: {imf}'s figures to {last_data} already hold these tariffs, so "
            f"the baseline here is those figures with the model's estimate of their effect "
            f"taken out (growth raised by each year's hit to {last_data}), and the scenario is "
            "the figures themselves: the difference is what the tariffs cost, counted once"
        )
    return notes + found.notes


def _paths(q: Queries, report: analysis.PathwayReport, imf: str) -> mc.Paths:
    """The central scenario as arrays for the Monte Carlo: each path's planned spending in
    start-year dollars, real GDP and the dollar price level (spending / constant spending)."""
    import numpy as np

    growth = q.cells(imf, analysis.IMF_GROWTH)
    gdp = q.cells(imf, analysis.IMF_GDP)
    planned, real_gdp, prices, central, growth_sd, price_sd = [], [], [], [], [], []
    for ally in report.allies:
        years = ally.path.years
        price = [y.spending_usd_bn / y.spending_usd_constant_bn for y in years]
        # GDP at the same constant prices as spending: planned / real is the target's measure
        # (NATO's share of real GDP), not spending over nominal GDP.
        real = [y.gdp_usd_constant_bn for y in years]
        planned.append([y.spending_usd_constant_bn for y in years])
        real_gdp.append(real)
        prices.append(price)
        central.append([0.0] + [(real[t] / real[t - 1] - 1) * 100 for t in range(1, len(real))])
        record = mc_years(growth, ally.iso3)
        growth_sd.append(mc.volatility([growth[(ally.iso3, y)] for y in record]))
        # The dollar price level moves with inflation and the exchange rate together.
        nominal = [
            (gdp[(ally.iso3, y)] / gdp[(ally.iso3, y - 1)] - 1) * 100 - growth[(ally.iso3, y)]
            for y in record
            if (ally.iso3, y - 1) in gdp and (ally.iso3, y) in gdp
        ]
        price_sd.append(mc.volatility(nominal))
    return mc.Paths(
        np.array(planned),
        np.array(real_gdp),
        np.array(prices),
        np.array(central),
        np.array(growth_sd),
        np.array(price_sd),
        report.target.threshold,
    )


def mc_years(growth: dict[tuple[str, int], float], iso3: str) -> list[int]:
    """The years of an ally's growth record that count for its volatility."""
    return [y for y in VOLATILITY_YEARS if (iso3, y) in growth]
