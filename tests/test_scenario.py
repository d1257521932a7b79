"""Scenarios: the examples run, results are reproducible, and the model behaves as it must."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import milex
from milex import scenario
from milex.data.scenarios import load, parse
from milex.model import montecarlo as mc
from milex.model import scenarios as sc
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
    assert report.tariff_rates["DEU"] == 20.0  # EU rate of EO 14257 Annex I
    assert report.tariff_rates["NOR"] == 15.0
    assert report.tariff_rates["MKD"] == 33.0
    assert report.tariff_rates["GBR"] == 10.0  # the baseline
    assert report.tariff_rates["CAN"] == 25.0  # IEEPA
    assert "USA" not in report.tariff_rates
    rows = {r["iso3"]: r for r in report.allies_table().records()}
    assert rows["DEU"]["gdp_change_pct"] < 0
    assert rows["USA"]["gdp_change_pct"] == 0
    # Canada sends far more of its GDP to the US than Germany: a bigger hit.
    assert report.growth_hits["CAN"] > report.growth_hits["DEU"] > 0


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
)
def test_drawdown_cost_is_monotone_in_troops(
    troops: int, more: int, years: int, cost: float
) -> None:
    span = range(2026, 2036)
    low = sc.drawdown_costs(sc.Drawdown(troops, 2027, years, cost, {}), span)
    high = sc.drawdown_costs(sc.Drawdown(troops + more, 2027, years, cost, {}), span)
    assert all(high[y] >= low[y] for y in span)


@settings(max_examples=100, deadline=None)
@given(
    rate=st.floats(0, 100),
    extra=st.floats(0, 100),
    exports=st.floats(0, 40),
    pass_through=st.floats(0, 1),
)
def test_a_larger_tariff_never_raises_growth(
    rate: float, extra: float, exports: float, pass_through: float
) -> None:
    low = sc.tariff_growth_hit_pp(rate, exports, pass_through)
    high = sc.tariff_growth_hit_pp(min(rate + extra, 100), exports, pass_through)
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


def test_monte_carlo_is_reproducible_and_bands_are_ordered() -> None:
    allies, years = 3, 6
    paths = mc.Paths(
        planned_real_spending=np.full((allies, years), 35.0),
        real_gdp=np.full((allies, years), 1000.0),
        price_index=np.ones((allies, years)),
        growth_pct=np.zeros((allies, years)),
        growth_sd_pp=np.array([0.5, 1.0, 3.0]),
        price_sd_pp=np.array([1.0, 1.0, 1.0]),
        target=3.5,
    )
    a = mc.simulate(paths, 25_000, 11)
    b = mc.simulate(paths, 25_000, 11)
    assert a.probability.tobytes() == b.probability.tobytes()
    assert a.share_bands.tobytes() == b.share_bands.tobytes()
    assert np.all(a.share_bands[0] <= a.share_bands[1]) and np.all(
        a.share_bands[1] <= a.share_bands[2]
    )
    # Planned exactly at the target: about an even chance, whatever the volatility.
    assert np.all(np.abs(a.probability - 0.5) < 0.05)
    # More volatile growth: wider bands at the deadline.
    width = a.share_bands[2, :, -1] - a.share_bands[0, :, -1]
    assert width[0] < width[1] < width[2]
    t = mc.simulate(paths, 5_000, 11, "student-t", 4.0)
    assert t.share_bands.shape == (3, allies, years)


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
        ({"tariffs": {"pass_through": 1.5}}, "tariffs.pass_through", "1.5"),
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
