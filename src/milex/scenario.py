"""Run a scenario: the baseline pathways, the same pathways under the scenario's shocks and
extra obligations, and a Monte Carlo around the scenario. Gathers inputs from the store and
calls the model (milex.model.scenarios, milex.model.montecarlo); computes nothing itself."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from milex import analysis
from milex.data import countries
from milex.data.query import Queries
from milex.data.scenarios import Scenario
from milex.model import montecarlo as mc
from milex.model import scenarios as sc
from milex.table import Table

# The growth record used for each ally's volatility: IMF real growth 2014-2026 without the
# pandemic years, whose -6% and +6% would double every ally's spread.
VOLATILITY_YEARS = [y for y in range(2014, 2027) if y not in (2020, 2021)]
# When measures were in force for each preset (the reciprocal tariffs of EO 14257's Annex I
# took effect on 9 April 2025; the EU deal's 15% on 7 August 2025). Section 232 product
# tariffs (steel, cars) are left out: they hit products, not whole economies.
PRESET_DATES = {"announced-2025-04-02": date(2025, 4, 9), "eu-deal-2025-08": date(2025, 8, 7)}
EXPORT_YEAR = 2024


@dataclass
class ScenarioReport:
    """The scenario against the baseline: per ally, totals, what changed, and the bands."""

    scenario: Scenario
    baseline: analysis.PathwayReport
    shocked: analysis.PathwayReport
    tariff_rates: dict[str, float]
    growth_hits: dict[str, float]
    extra: dict[str, dict[int, float]]
    result: mc.Result | None
    notes: list[str] = field(default_factory=list)

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
        )

    def to_json(self) -> dict[str, Any]:
        """The allies, the totals and the bands as one object."""
        return {
            "scenario": self.scenario.model_dump(),
            "allies": self.allies_table().records(),
            "changes": self.changes_table().records(),
            "bands": self.bands_table().records(),
            "notes": self.allies_table().notes,
        }


def _tariff_rates(q: Queries, spec: Scenario, allies: list[str]) -> dict[str, float]:
    tariffs = spec.tariffs
    if tariffs is None:
        return {}
    rates: dict[str, float] = {}
    when = PRESET_DATES.get(tariffs.preset)
    if when is not None:
        day = when.isoformat()
        measures = q.conn.execute(
            "SELECT iso3, rate_pct FROM us_tariffs WHERE effective_date <= ? AND "
            "(end_date IS NULL OR end_date >= ?) AND measure NOT LIKE '%Section 232%' "
            "AND measure NOT LIKE 'Cap on%' ORDER BY effective_date",
            (day, day),
        ).fetchall()
        by_partner: dict[str, float] = {}
        for iso3, rate in measures:
            by_partner[iso3] = rate  # the latest in force that day
        for iso3 in allies:
            ally = countries.get(iso3)
            if iso3 in by_partner:
                rates[iso3] = by_partner[iso3]
            elif ally.in_eu(when) and "EUU" in by_partner:
                rates[iso3] = by_partner["EUU"]
            elif "ALL" in by_partner and iso3 != "USA":
                rates[iso3] = by_partner["ALL"]
    for partner, rate in tariffs.rates.items():
        if partner == "EUU":
            for iso3 in allies:
                if countries.get(iso3).in_eu(date.today()):
                    rates[iso3] = rate
        else:
            rates[partner] = rate
    rates.pop("USA", None)
    return rates


def _weights(
    sharing: Any, group: list[str], gdp: dict[str, dict[int, float]], year: int
) -> dict[str, float]:
    if isinstance(sharing, dict):
        return dict(sharing)
    return {iso3: gdp[iso3].get(year, 0.0) for iso3 in group if iso3 in gdp}


def run(
    q: Queries,
    spec: Scenario,
    draws: int | None = None,
    seed: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ScenarioReport:
    """The scenario against the baseline, with ``draws`` Monte Carlo draws (0: none)."""
    baseline = analysis.pathways(q, "all", spec.commitment, spec.shape, deflator=spec.deflator_pct)
    allies = [a.iso3 for a in baseline.allies]
    notes: list[str] = []
    imf = baseline.imf_release
    gdp_known = q.cells(imf, analysis.IMF_GDP)
    imports = q.cells("census-trade-2026", "us_goods_imports_usd_billion", [EXPORT_YEAR])
    rates = _tariff_rates(q, spec, allies)
    shocks: dict[str, dict[int, float]] = {}
    hits: dict[str, float] = {}
    start = baseline.allies[0].path.start_year
    hit_year = start + 1
    if spec.tariffs is not None:
        hit_year = spec.tariffs.year or start + 1
        if hit_year <= start:
            notes.append(
                f"tariff year {hit_year} is not after {start}, the last data year: "
                "its effect is already in the data, so growth is not hit again"
            )
        for iso3, rate in rates.items():
            exports = imports.get((iso3, EXPORT_YEAR))
            gdp = gdp_known.get((iso3, EXPORT_YEAR))
            if exports is None or not gdp:
                continue
            hit = sc.tariff_growth_hit_pp(rate, exports / gdp * 100, spec.tariffs.pass_through)
            hits[iso3] = hit
            shocks.setdefault(iso3, {})[hit_year] = -hit
        notes.append(
            f"tariff hit = rate x goods exports to the US / GDP ({EXPORT_YEAR}, Census / "
            f"{imf}) x pass-through {spec.tariffs.pass_through:g}, taken off real growth in "
            f"{hit_year}"
        )
    for shock in spec.gdp_shocks:
        year_shocks = shocks.setdefault(shock.country, {})
        year_shocks[shock.year] = year_shocks.get(shock.year, 0.0) + shock.growth_pp
    fx: dict[str, dict[int, float]] = {}
    for move in spec.exchange_rates:
        for iso3 in allies:
            if countries.get(iso3).currency == move.currency:
                fx.setdefault(iso3, {})[move.from_year] = move.change_pct
    shocked = analysis.pathways(
        q,
        "all",
        spec.commitment,
        spec.shape,
        deflator=spec.deflator_pct,
        growth_shocks=shocks,
        fx_changes=fx,
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
            for year in enabler.years:
                enablers[year] = enablers.get(year, 0.0) + enabler.cost_usd_bn / len(enabler.years)
        costs = sc.drawdown_costs(
            sc.Drawdown(d.troops, d.start_year, d.years, d.cost_per_troop_year_usd, enablers),
            years,
        )
        bills.append((d.sharing, costs))
        notes.append(
            f"drawdown: {d.troops:,} US troops leave over {d.years} years from "
            f"{d.start_year}; Europe replaces them at ${d.cost_per_troop_year_usd:,.0f} "
            "per troop-year"
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
        )
        notes.append(
            f"Monte Carlo: {count:,} draws of real growth and dollar prices per ally and year "
            f"({spec.montecarlo.distribution}); volatility from {imf} "
            f"{VOLATILITY_YEARS[0]}-{VOLATILITY_YEARS[-1]} without 2020-21; p_reach_target = "
            "share of draws in which the path's planned real spending is at or above the target "
            "share at the deadline (obligations come on top)"
        )
    return ScenarioReport(spec, baseline, shocked, rates, hits, extra, result, notes)


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
