"""The scenario model held against the world: its tariff effects against the IMF's April 2025
growth revisions (and the one parameter fitted on them), its effective tariff rates against
the realised ones (Census duties / imports), and its drawdown costs against published
costings. Chooses the inputs from the store and calls the model; computes nothing itself.

`python tools/evidence.py fit|rates|troops` prints these tables for docs/scenarios.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from milex import analysis
from milex import scenario as service
from milex.data import countries, evidence
from milex.data.query import Queries
from milex.data.scenarios import DEFAULT_VEHICLE_DUTIABLE_SHARE, Tariffs
from milex.figures import money
from milex.model import tariffs as tr
from milex.table import Table

# The revisions the pass-through is fitted on, and the ones only shown: the UK's and Spain's
# April 2025 revisions mostly carry other news (Spain was revised up).
FITTED = ("CAN", "DEU", "FRA", "ITA")
SHOWN = ("GBR", "ESP")
APRIL = Tariffs(preset="announced-2025-04-02", in_baseline=True, pass_through=1.0)
APRIL_DAY = service.PRESET_DAYS["announced-2025-04-02"]
YEAR_2025 = (date(2025, 1, 1), date(2025, 12, 31))
AUG_DEC_2025 = (date(2025, 8, 1), date(2025, 12, 31))


@dataclass(frozen=True)
class Fit:
    """The fitted pass-through, each economy's model and IMF figures, and the table."""

    pass_through: float
    model: dict[tuple[str, int], float]  # (iso3, year) -> growth change, points
    imf: dict[tuple[str, int], float]
    table: Table


def _evidence(
    q: Queries,
    vehicle_dutiable_share: float = DEFAULT_VEHICLE_DUTIABLE_SHARE,
    border_exposed: dict[str, list[tr.Share]] | None = None,
) -> tuple[str, service.TariffEvidence]:
    imf = q.resolve_release("imf", None, None, analysis.IMF_GDP)
    allies = [c.iso3 for c in countries.members(date.today()) if c.iso3 != "USA"]
    found = service.tariff_evidence(q, imf, allies, vehicle_dutiable_share, border_exposed)
    return imf, found


def fit(q: Queries) -> Fit:
    """Fit the pass-through so that the 9 April 2025 tariffs, held as announced, reproduce the
    IMF's April 2025 revisions of 2025 and 2026 growth for Canada, Germany, France and Italy
    (least squares through the origin), and tabulate model against IMF for every economy."""
    imf, found = _evidence(q)
    unit = service.tariff_run(APRIL, found, APRIL_DAY, 2026)  # at a pass-through of 1
    revisions = evidence.growth_revisions(q.conn)
    observed = {(r["iso3"], r["year"]): r["difference_pp"] for r in revisions}
    pairs = [
        (unit.hits[iso3][year], -observed[(iso3, year)])
        for (iso3, year) in observed
        if iso3 in FITTED
    ]
    beta = tr.fit_pass_through(pairs)
    model = {
        (iso3, year): -beta * unit.hits[iso3][year]
        for (iso3, year) in observed
        if iso3 in unit.hits
    }
    rows: list[tuple[object, ...]] = []
    for r in revisions:
        key = (r["iso3"], r["year"])
        if key in model:
            role = "fitted" if r["iso3"] in FITTED else "shown, not fitted"
            rows.append(
                (
                    r["economy"],
                    r["year"],
                    r["forecast_jan2025"],
                    r["forecast_apr2025"],
                    r["difference_pp"],
                    round(model[key], 2),
                    round(model[key] - r["difference_pp"], 2),
                    round(unit.rates[r["iso3"]][r["year"]], 2),
                    round(found.exports_share_gdp[r["iso3"]], 2),
                    role,
                )
            )
        else:
            why = (
                "not modelled: the economy that imposes the tariffs"
                if r["iso3"] == "USA"
                else "not modelled: milex holds allies, not the euro area"
            )
            rows.append(
                (
                    r["economy"],
                    r["year"],
                    r["forecast_jan2025"],
                    r["forecast_apr2025"],
                    r["difference_pp"],
                    None,
                    None,
                    None,
                    None,
                    why,
                )
            )
    table = Table(
        [
            "economy",
            "year",
            "imf_jan_2025",
            "imf_apr_2025",
            "imf_revision_pp",
            "model_pp",
            "model_minus_imf_pp",
            "effective_rate_pct",
            "exports_to_us_pct_gdp",
            "role",
        ],
        rows,
        title=f"The tariffs of 2 April 2025 (in force 9 April, held), model against the IMF's "
        f"April 2025 revisions: pass-through {beta:.2f}, fitted on "
        f"{', '.join(FITTED)}, 2025 and 2026",
        notes=[
            "IMF revision: the April 2025 WEO forecast minus the January 2025 Update (Reuters' "
            "table, 22 April 2025); it also carries news other than tariffs",
            f"model: the growth hit of the measures in force on {APRIL_DAY.isoformat()} held "
            f"from that day ({imf} GDP, Census {service.EXPORT_YEAR} exports)",
        ],
    )
    return Fit(beta, model, observed, table)


def realised(q: Queries) -> Table:
    """The model's effective rates for 2025 and August-December 2025 (the measures as
    enacted, plus the 2024 average duty) against the realised Census rates, per ally."""
    _, found = _evidence(q)
    _, claimed = _evidence(q, border_exposed=service.claimed_exposure(q))
    rates = evidence.realised_rates(q.conn)

    def period(days: tuple[date, date]) -> tuple[str, str]:
        return days[0].isoformat(), days[1].isoformat()

    rows = []
    for iso3, exposure in sorted(found.exposures.items()):
        before = rates.get((iso3, "2024-01-01", "2024-12-31"))
        figures: list[float | None] = []
        for days in (YEAR_2025, AUG_DEC_2025):
            model = exposure.mfn_pct + tr.average_rate(found.measures, exposure, *days)
            actual = rates.get((iso3, *period(days)))
            figures += [
                round(model, 2),
                actual,
                None if actual is None else round(model - actual, 2),
            ]
        rows.append((iso3, countries.get(iso3).name, before, *figures))
    canada = [
        round(
            claimed.exposures["CAN"].mfn_pct
            + tr.average_rate(claimed.measures, claimed.exposures["CAN"], *days),
            2,
        )
        for days in (YEAR_2025, AUG_DEC_2025)
    ]
    vehicles = []
    for share in (0.0, 1.0):
        _, other = _evidence(q, vehicle_dutiable_share=share)
        e = other.exposures["CAN"]
        vehicles.append(round(e.mfn_pct + tr.average_rate(other.measures, e, *YEAR_2025), 2))
    return Table(
        [
            "iso3",
            "country",
            "realised_2024",
            "model_2025",
            "realised_2025",
            "gap_2025",
            "model_aug_dec_2025",
            "realised_aug_dec_2025",
            "gap_aug_dec_2025",
        ],
        rows,
        title="Effective US tariff rates on allies' goods, model against realised (percent)",
        notes=[
            "realised: Census calculated duties / imports for consumption, all goods (2026 "
            "vintage); 2024 is the model's average MFN duty",
            "model: the average duty of 2024 plus the day-weighted average of what the measures "
            "in force added (as enacted: the April 10%, the EU's pause and deal, Canada's border "
            "tariff, Section 232 for Canada's steel, aluminium, vehicles and copper)",
            f"Canada with the monthly USMCA-claimed shares instead of RBC's 6%: 2025 "
            f"{canada[0]}, August-December {canada[1]}; with vehicle_dutiable_share 0 and 1 "
            f"instead of {DEFAULT_VEHICLE_DUTIABLE_SHARE:g}: 2025 {vehicles[0]} and {vehicles[1]}",
            *found.notes,
        ],
    )


def costings(q: Queries, reports: list[service.ScenarioReport]) -> Table:
    """Drawdown scenarios' replacement costs against the published costings, per service
    member and year and for the scenarios' troops."""
    rows: list[tuple[object, ...]] = []
    troops = 0
    for report in reports:
        d = report.scenario.drawdown
        assert d is not None
        troops = d.troops
        imf = report.baseline.imf_release
        years = [y.year for y in report.shocked.allies[0].path.years]
        full = d.start_year + d.years - 1
        per_troop, _ = service.troop_cost(q, report.scenario, imf, years)
        label = f"milex, {d.troops:,} US troops, replacement_ratio {d.replacement_ratio:g}"
        cost = d.troops * d.replacement_ratio * per_troop[full] / 1e9
        rows.append(
            (
                f"{label}: replacements",
                f"personnel ({d.cost_per_troop if d.cost_per_troop_year_usd is None else 'own'}"
                ", indexed)",
                round(d.troops * d.replacement_ratio),
                f"{money(per_troop[full], 0, currency='USD ', unit='')} ({full})",
                f"{money(cost, 1, currency='USD ')} ({full} on)",
            )
        )
        obligations = sum(sum(by_year.values()) for by_year in report.extra.values())
        span = [y for y in years if y >= d.start_year]
        rows.append(
            (
                f"{label}: all its obligations",
                "replacements, enablers, shopping list",
                round(d.troops * d.replacement_ratio),
                f"{money(obligations * 1e9 / len(span) / d.troops, 0, currency='USD ', unit='')} "
                "per US soldier "
                f"(average {span[0]}-{span[-1]})",
                f"{money(obligations / len(span), 1, currency='USD ')} (average)",
            )
        )
    for costing in evidence.costings(q.conn).values():
        if costing.price_year < 2014:
            continue  # milex's deflator cannot bring it to today's prices
        rows.append(
            (
                f"{costing.id} ({costing.published})",
                costing.covers,
                costing.troops,
                f"{money(costing.per_troop_year, 0, currency=costing.currency + ' ', unit='')} "
                f"({costing.price_year})",
                money(costing.per_troop_year * troops / 1e9, 1, currency=costing.currency + " "),
            )
        )
    return Table(
        ["costing", "covers", "troops", "per_service_member_a_year", f"for {troops:,} a year"],
        rows,
        title="Replacing US troops in Europe: milex against published costings",
        notes=[
            "published costings as in troop_costs.csv (cost per service member a year = figure"
            " / troops / years it is spread over; price year as stated, else the year "
            "published), scaled to the scenario's US troops at one European service member "
            "for each",
            "left out: costings in prices before 2014 (CBO 1982 and 2004, CRS 1995), which "
            "milex's deflator cannot bring to today's prices",
        ],
    )
