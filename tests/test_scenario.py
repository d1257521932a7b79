"""Scenarios: the examples run, results are reproducible, and the model behaves as it must."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import milex
from milex import scenario
from milex.data.scenarios import load, parse
from milex.model import scenarios as sc
from milex.model import tariffs as tr
from tests.cli_helpers import invoke, ok

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def spec(**fields: object) -> object:
    return parse({"schema_version": 1, "name": "test", **fields})


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*.yaml")))
def test_every_example_runs(db: milex.Milex, name: str) -> None:
    report = scenario.run(db.tables, load(EXAMPLES / name), draws=200)
    table = report.allies_table()
    assert len(table.rows) == 32  # 31 allies with figures + TOTAL
    assert report.result is not None and report.result.draws == 200


def test_the_april_tariffs_hit_exposed_allies(db: milex.Milex) -> None:
    report = scenario.run(db.tables, load(EXAMPLES / "tariffs-2025-04-02.yaml"), draws=0)
    # Effective rates in 2025: the headline on the goods not exempt, for the days in force.
    in_force = (date(2025, 12, 31) - date(2025, 4, 9)).days + 1
    assert report.tariff_rates["DEU"] == pytest.approx(20 * 0.70 * in_force / 365)  # EU, Annex
    assert report.tariff_rates["NOR"] == pytest.approx(15 * 0.792 * in_force / 365)
    assert report.tariff_rates["GBR"] == pytest.approx(10 * 0.792 * in_force / 365)
    assert report.tariff_rates["MKD"] > report.tariff_rates["DEU"]  # 33%
    # Canada: far below its 25% headline (USMCA goods exempt), Section 232 on its metals
    # and cars: 25% x 6% + 25% x 4.8% + 25% x 11.94% x 0.5.
    assert report.tariff_rates["CAN"] == pytest.approx(
        (25 * 0.06 + 25 * 0.048 + 25 * 0.1194 * 0.5) * in_force / 365, abs=0.01
    )
    assert "USA" not in report.tariff_rates
    rows = {r["iso3"]: r for r in report.allies_table().records()}
    assert rows["DEU"]["gdp_change_pct"] < 0
    assert rows["USA"]["gdp_change_pct"] == 0
    # Canada sends far more of its GDP to the US than Germany: a bigger hit.
    assert report.growth_hits["CAN"] > report.growth_hits["DEU"] > 0


def test_a_shock_in_the_baseline_is_counted_once(db: milex.Milex) -> None:
    """The April 2025 tariffs are in the IMF's April 2026 figures: the scenario is those
    figures, the baseline has the model's estimate of their effect taken out."""
    report = scenario.run(db.tables, load(EXAMPLES / "tariffs-2025-04-02.yaml"), draws=0)
    plain = scenario.run(db.tables, spec(montecarlo={"draws": 0}))
    for ally, data in zip(report.shocked.allies, plain.shocked.allies, strict=True):
        assert ally.path.years == data.path.years  # the scenario adds nothing to the figures
    assert report.tariffs is not None
    losses = report.tariffs.losses["DEU"]
    base = {a.iso3: a for a in report.baseline.allies}["DEU"].path.years[0].gdp_usd_bn
    data = {a.iso3: a for a in plain.shocked.allies}["DEU"].path.years[0].gdp_usd_bn
    # The baseline's 2026 level is the data's with the 2025 and 2026 hits given back.
    hits = report.tariffs.hits["DEU"]
    assert base == pytest.approx(data * (1 + hits[2025] / 100) * (1 + hits[2026] / 100))
    assert hits[2025] + hits[2026] == pytest.approx(losses[2026])
    assert hits[2025] / losses[2026] == pytest.approx(267 / 365)  # 9 April to 31 December
    notes = " ".join(report.allies_table().notes)
    assert "already hold these tariffs" in notes and "counted once" in notes
    table = report.tariffs_table().records()
    assert {r["counted"] for r in table if r["year"] <= 2026} == {"in the baseline's figures"}


def test_a_shock_in_the_baseline_years_must_say_so(db: milex.Milex) -> None:
    repeat = spec(tariffs={"preset": "announced-2025-04-02", "start_year": 2025})
    with pytest.raises(milex.ValidationError) as error:
        scenario.run(db.tables, repeat)
    message = str(error.value)
    assert "key 'tariffs.start_year'" in message and "in_baseline: true" in message
    assert "(value 2025)" in message
    late = spec(tariffs={"rates": {"DEU": 10}, "start_year": 2028, "in_baseline": True})
    with pytest.raises(milex.ValidationError, match=r"key 'tariffs\.in_baseline'"):
        scenario.run(db.tables, late)
    moved = spec(tariffs={"preset": "eu-deal-2025-08", "start_year": 2026, "in_baseline": True})
    with pytest.raises(milex.ValidationError, match="in the baseline starts on 2025-08-07"):
        scenario.run(db.tables, moved)
    with pytest.raises(milex.ValidationError, match="enacted-2025-2026 measures follow"):
        spec(tariffs={"preset": "enacted-2025-2026"})


def test_what_if_it_came_back_starts_after_the_data(db: milex.Milex) -> None:
    report = scenario.run(db.tables, load(EXAMPLES / "eu-deal-2025-08.yaml"), draws=0)
    assert report.tariffs is not None and report.tariffs.start_year == 2027
    assert "came back" in report.scenario.name
    # Held from 1 January 2027: the whole level effect lands in 2027, none after.
    hits = report.tariffs.hits["DEU"]
    assert hits[2027] > 0 and all(abs(hits[y]) < 1e-12 for y in hits if y > 2027)
    # The EU's 15% is all-in: it adds 15 minus Germany's 2024 average duty, on non-exempt goods.
    assert report.tariff_rates["DEU"] == pytest.approx((15 - 1.38) * 0.70)
    before = {a.iso3: a.path.years[1].gdp_usd_bn for a in report.baseline.allies}
    after = {a.iso3: a.path.years[1].gdp_usd_bn for a in report.shocked.allies}
    assert after["DEU"] < before["DEU"]


def test_no_changes_reproduce_the_baseline_exactly(db: milex.Milex) -> None:
    report = scenario.run(db.tables, spec(montecarlo={"draws": 0}))
    for before, after in zip(report.baseline.allies, report.shocked.allies, strict=True):
        assert before.iso3 == after.iso3
        assert before.path.years == after.path.years  # every field of every year
    total = report.allies_table().records()[-1]
    assert total["extra_vs_baseline_total_usd_bn"] == 0
    baseline = milex.open().pathway("all", "hague-core")
    assert [a.path.years for a in baseline.allies] == [a.path.years for a in report.shocked.allies]


def test_same_seed_same_bytes_other_seed_other_output(db: milex.Milex) -> None:
    file = EXAMPLES / "us-drawdown-half.yaml"
    first = json.dumps(scenario.run(db.tables, load(file), draws=500, seed=3).to_json())
    second = json.dumps(scenario.run(db.tables, load(file), draws=500, seed=3).to_json())
    other = json.dumps(scenario.run(db.tables, load(file), draws=500, seed=4).to_json())
    assert first == second
    assert first != other


def test_cli_output_is_byte_identical_for_a_seed() -> None:
    file = str(EXAMPLES / "eu-deal-2025-08.yaml")
    args = ("scenario", file, "--draws", "300", "--seed", "9", "--format", "csv")
    assert ok(*args).stdout == ok(*args).stdout
    assert ok(*args).stdout != ok(*args[:-3], "10", "--format", "csv").stdout


def test_more_troops_never_cost_less(db: milex.Milex) -> None:
    def total(troops: int) -> float:
        s = spec(
            drawdown={"troops": troops, "start_year": 2027, "years": 5}, montecarlo={"draws": 0}
        )
        return float(
            scenario.run(db.tables, s).allies_table().records()[-1]["obligations_total_usd_bn"]
        )

    costs = [total(n) for n in (0, 10_000, 40_000, 80_000)]
    assert costs == sorted(costs) and costs[0] == 0
    assert costs[2] == pytest.approx(4 * costs[1])


@settings(max_examples=60, deadline=None)
@given(
    troops=st.integers(0, 200_000),
    more=st.integers(0, 100_000),
    years=st.integers(1, 10),
    cost=st.floats(0, 1e6),
    ratio=st.floats(0.1, 5),
)
def test_drawdown_cost_is_monotone_in_troops(
    troops: int, more: int, years: int, cost: float, ratio: float
) -> None:
    span = range(2026, 2036)
    per_troop = dict.fromkeys(span, cost)
    low = sc.drawdown_costs(sc.Drawdown(troops, 2027, years, per_troop, {}, ratio), span)
    high = sc.drawdown_costs(sc.Drawdown(troops + more, 2027, years, per_troop, {}, ratio), span)
    assert all(high[y] >= low[y] for y in span)
    double = sc.drawdown_costs(sc.Drawdown(troops, 2027, years, per_troop, {}, 2 * ratio), span)
    assert all(double[y] == pytest.approx(2 * low[y]) for y in span)


def test_troop_costs_come_from_a_costing_indexed_with_the_deflator(db: milex.Milex) -> None:
    report = scenario.run(db.tables, load(EXAMPLES / "us-drawdown-half.yaml"), draws=0)
    note = next(n for n in report.notes if n.startswith("drawdown:"))
    assert "IISS-2025-personnel" in note and "$93,750 a year in 2025 dollars" in note
    assert "replaces each with 1 service member (replacement_ratio)" in note
    years = list(range(2026, 2036))
    per_troop, _ = scenario.troop_cost(
        db.tables, report.scenario, report.baseline.imf_release, years
    )
    deflator = scenario.us_deflator(db.tables, report.baseline.imf_release)
    assert per_troop[2026] == pytest.approx(93_750 * (1 + deflator[2026] / 100))
    assert per_troop[2035] == pytest.approx(per_troop[2026] * 1.02**9)  # then 2% a year
    # From 2031 all 40,000 are replaced; the ISR enabler's total is spread over 2028-2032.
    costs = {y: sum(report.extra[i][y] for i in report.extra) for y in years}
    assert costs[2033] == pytest.approx(40_000 * per_troop[2033] / 1e9)
    assert costs[2032] == pytest.approx(40_000 * per_troop[2032] / 1e9 + 25 / 5)


def test_a_costing_that_cannot_be_used_is_refused(db: milex.Milex) -> None:
    for costing, words in (
        ("CBO-1982", "cannot be indexed"),
        ("BRUEGEL-KIEL-2025", "is in EUR"),
        ("RAND-2099", "no costing 'RAND-2099'"),
    ):
        s = spec(
            drawdown={"troops": 1000, "start_year": 2027, "years": 2, "cost_per_troop": costing},
            montecarlo={"draws": 0},
        )
        with pytest.raises(milex.ValidationError) as error:
            scenario.run(db.tables, s)
        assert "key 'drawdown.cost_per_troop'" in str(error.value) and words in str(error.value)


@pytest.mark.parametrize(
    ("enabler", "words"),
    [
        ({"cost_usd_bn": 30}, "cost_usd_bn does not say whether it is a yearly cost or a total"),
        ({"yearly_usd_bn": 3, "total_usd_bn": 30}, "one of the two (both given)"),
        ({}, "give the cost as yearly_usd_bn"),
        ({"yearly_usd_bn": -1}, "greater than or equal to 0"),
    ],
)
def test_enabler_costs_say_yearly_or_total(
    tmp_path: Path, enabler: dict[str, object], words: str
) -> None:
    import yaml

    body = {
        "schema_version": 1,
        "name": "bad",
        "drawdown": {
            "troops": 1000,
            "start_year": 2027,
            "years": 2,
            "enablers": [{"item": "airlift", "years": [2027, 2028], **enabler}],
        },
    }
    file = tmp_path / "bad.yaml"
    file.write_text(yaml.safe_dump(body))
    with pytest.raises(milex.ValidationError) as error:
        load(file)
    assert f"{file}, key 'drawdown.enablers.0" in str(error.value)
    assert words in str(error.value)
    result = invoke("scenario", str(file))
    assert result.exit_code != 0 and result.stdout == ""


def test_yearly_and_total_enabler_costs_differ_as_they_say(db: milex.Milex) -> None:
    def bill(**cost: float) -> dict[int, float]:
        s = spec(
            drawdown={
                "troops": 0,
                "start_year": 2027,
                "years": 1,
                "enablers": [{"item": "airlift", "years": [2027, 2028], **cost}],
            },
            montecarlo={"draws": 0},
        )
        extra = scenario.run(db.tables, s).extra
        return {y: sum(extra[i][y] for i in extra) for y in (2027, 2028, 2029)}

    assert bill(total_usd_bn=10) == pytest.approx({2027: 5, 2028: 5, 2029: 0})
    assert bill(yearly_usd_bn=10) == pytest.approx({2027: 10, 2028: 10, 2029: 0})


@settings(max_examples=100, deadline=None)
@given(
    rate=st.floats(0, 100),
    extra=st.floats(0, 100),
    exports=st.floats(0, 40),
    pass_through=st.floats(0, 5),
)
def test_a_larger_tariff_never_raises_growth(
    rate: float, extra: float, exports: float, pass_through: float
) -> None:
    low = tr.level_losses({2027: rate}, exports, pass_through)[2027]
    high = tr.level_losses({2027: min(rate + extra, 100)}, exports, pass_through)[2027]
    assert high >= low >= 0


def test_a_larger_tariff_never_leaves_gdp_higher(db: milex.Milex) -> None:
    gdp = []
    for rate in (0, 10, 25, 50):
        s = spec(tariffs={"rates": {"DEU": rate}}, montecarlo={"draws": 0})
        rows = {r["iso3"]: r for r in scenario.run(db.tables, s).allies_table().records()}
        gdp.append(rows["DEU"]["gdp_2035_scenario_usd_bn"])
    assert gdp == sorted(gdp, reverse=True) and gdp[0] > gdp[-1]


def test_shopping_list_is_shared_by_gdp_among_european_allies(db: milex.Milex) -> None:
    s = spec(
        shopping_list={
            "items": [
                {"item": "frigate", "unit_cost_usd_m": 1000, "quantity": 10, "years": [2027, 2028]}
            ]
        },
        montecarlo={"draws": 0},
    )
    report = scenario.run(db.tables, s)
    assert sum(sum(years.values()) for years in report.extra.values()) == pytest.approx(10.0)
    assert sum(report.extra["USA"].values()) == 0
    assert sum(report.extra["DEU"].values()) > sum(report.extra["EST"].values()) > 0


@pytest.mark.parametrize(
    ("body", "key", "value"),
    [
        ({"drawdown": {"troops": -5, "start_year": 2027, "years": 5}}, "drawdown.troops", "-5"),
        (
            {"gdp_shocks": [{"country": "Atlantis", "year": 2027, "growth_pp": -1}]},
            "gdp_shocks.0.country",
            "Atlantis",
        ),
        ({"tariffs": {"rates": {"DEU": 150}}}, "tariffs.rates", "150"),
        ({"tariffs": {"pass_through": 5.5}}, "tariffs.pass_through", "5.5"),
        ({"bogus_key": 1}, "bogus_key", None),
        ({"montecarlo": {"distribution": "cauchy"}}, "montecarlo.distribution", "cauchy"),
    ],
)
def test_bad_input_names_file_key_and_value(
    tmp_path: Path, body: dict[str, object], key: str, value: str | None
) -> None:
    import yaml

    file = tmp_path / "bad.yaml"
    file.write_text(yaml.safe_dump({"schema_version": 1, "name": "bad", **body}))
    with pytest.raises(milex.ValidationError) as error:
        load(file)
    message = str(error.value)
    assert str(file) in message and key in message
    if value is not None:
        assert value in message
    result = invoke("scenario", str(file))
    assert result.exit_code == 2 or isinstance(result.exception, milex.ValidationError)
    assert result.stdout == ""  # nothing partial is written


def test_what_changed_lists_only_what_moved(db: milex.Milex) -> None:
    nothing = scenario.run(db.tables, spec(montecarlo={"draws": 0}))
    assert nothing.changes_table().rows == []
    moved = scenario.run(db.tables, spec(tariffs={"rates": {"DEU": 20}}, montecarlo={"draws": 0}))
    rows = moved.changes_table().records()
    assert {r["iso3"] for r in rows} == {"DEU"}
    gdp = next(r for r in rows if r["figure"].startswith("GDP"))
    assert gdp["change"] < 0 and gdp["scenario"] == pytest.approx(gdp["baseline"] + gdp["change"])


def test_the_enacted_measures_rise_then_end(db: milex.Milex) -> None:
    s = spec(tariffs={"preset": "enacted-2025-2026", "in_baseline": True}, montecarlo={"draws": 0})
    report = scenario.run(db.tables, s)
    assert report.tariffs is not None
    rates = report.tariffs.rates["DEU"]
    # 2025: the April 10%, then the EU's 15% all-in; 2026: the deal to 20 February, then the
    # Section 122 surcharge to 23 July; 2027 on: nothing that milex applies to Germany.
    assert rates[2025] > rates[2026] > rates[2027] == 0
    hits = report.tariffs.hits["DEU"]
    assert hits[2025] > 0 > hits[2026] and hits[2027] < 0  # the growth comes back
    assert sum(hits.values()) == pytest.approx(0, abs=1e-12)
    # Canada keeps Section 232 on its metals, cars and copper after the IEEPA tariffs end.
    assert report.tariffs.rates["CAN"][2027] > 0
    assert "tariffs" in report.to_json()


def test_a_gdp_shock_in_a_year_the_baseline_reports_moves_the_start(db: milex.Milex) -> None:
    s = spec(
        gdp_shocks=[{"country": "DEU", "year": 2025, "growth_pp": -1}], montecarlo={"draws": 0}
    )
    report = scenario.run(db.tables, s)
    before = {a.iso3: a.path.years for a in report.baseline.allies}
    after = {a.iso3: a.path.years for a in report.shocked.allies}
    assert after["DEU"][0].gdp_usd_bn == pytest.approx(before["DEU"][0].gdp_usd_bn * 0.99)
    assert after["DEU"][-1].gdp_usd_bn == pytest.approx(before["DEU"][-1].gdp_usd_bn * 0.99)
    assert after["FRA"] == before["FRA"]


def test_the_draws_cap_is_the_model_s_and_help_says_memory_stays_flat() -> None:
    from milex.cli import app
    from milex.model import montecarlo as mc

    command = app.commands["scenario"]  # type: ignore[attr-defined]
    draws = next(p for p in command.params if p.name == "draws")
    assert draws.type.max == mc.MAX_DRAWS == 100_000_000
    assert "Memory stays flat" in (draws.help or "")
    text = ok("scenario", "--help").stdout
    assert "--workers" in text and "100,000,000" in text
