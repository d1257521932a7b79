"""The scenario model held against the world: the tariff model against the IMF's April 2025
revisions, its effective rates against the realised Census rates, its drawdown costs against
published costings."""

from __future__ import annotations

from pathlib import Path

import pytest

import milex
from milex import calibration, scenario
from milex.data.scenarios import DEFAULT_PASS_THROUGH, load

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def fit(db: milex.Milex) -> calibration.Fit:
    return calibration.fit(db.tables)


@pytest.mark.parametrize("iso3", ["CAN", "DEU", "ITA", "FRA"])
def test_the_2025_growth_effect_is_within_0_3_points_of_the_imf_revision(
    fit: calibration.Fit, iso3: str
) -> None:
    assert abs(fit.model[(iso3, 2025)] - fit.imf[(iso3, 2025)]) <= 0.3


def test_the_default_pass_through_is_the_fitted_one(fit: calibration.Fit) -> None:
    assert round(fit.pass_through, 2) == DEFAULT_PASS_THROUGH


def test_the_april_example_gives_the_fitted_effects(db: milex.Milex, fit: calibration.Fit) -> None:
    report = scenario.run(db.tables, load(EXAMPLES / "tariffs-2025-04-02.yaml"), draws=0)
    assert report.tariffs is not None
    for iso3 in calibration.FITTED:
        # The example runs at the rounded default; the fit at the exact estimate.
        expected = -fit.model[(iso3, 2025)] * DEFAULT_PASS_THROUGH / fit.pass_through
        assert report.tariffs.hits[iso3][2025] == pytest.approx(expected)


def test_the_uk_and_spain_are_shown_with_their_difference(fit: calibration.Fit) -> None:
    rows = {(r["economy"], r["year"]): r for r in fit.table.records()}
    for economy in ("United Kingdom", "Spain"):
        for year in (2025, 2026):
            row = rows[(economy, year)]
            assert row["role"] == "shown, not fitted"
            assert row["model_minus_imf_pp"] == pytest.approx(
                row["model_pp"] - row["imf_revision_pp"], abs=0.011
            )
    # Spain was revised up although the tariffs hit it: other news, which the model lacks.
    assert rows[("Spain", 2025)]["imf_revision_pp"] > 0 > rows[("Spain", 2025)]["model_pp"]
    assert rows[("United States", 2025)]["model_pp"] is None


@pytest.fixture(scope="module")
def realised(db: milex.Milex) -> dict[str, dict[str, object]]:
    return {r["iso3"]: r for r in calibration.realised(db.tables).records()}


@pytest.mark.parametrize("iso3", ["DEU", "ITA"])
def test_effective_rates_within_2_points_of_the_realised_ones(
    realised: dict[str, dict[str, object]], iso3: str
) -> None:
    assert abs(realised[iso3]["gap_2025"]) <= 2  # type: ignore[arg-type]
    assert abs(realised[iso3]["gap_aug_dec_2025"]) <= 2  # type: ignore[arg-type]


@pytest.mark.parametrize("iso3", ["CAN", "GBR"])
def test_canada_and_the_uk_are_a_little_over_2_points_and_the_docs_say_why(
    realised: dict[str, dict[str, object]], iso3: str
) -> None:
    # Above the realised rate by just over 2 points in 2025 (docs/scenarios.md, "Effective
    # rates against realised ones", says why: Canada's metals and cars, the UK's aerospace
    # and medicines). Held here so a change that widens the gap is seen.
    assert 0 < realised[iso3]["gap_2025"] < 2.5  # type: ignore[operator]
    docs = (Path(__file__).resolve().parents[1] / "docs" / "scenarios.md").read_text()
    assert f"| {iso3} |" in docs


def test_every_realised_2025_rate_is_compared(
    db: milex.Milex, realised: dict[str, dict[str, object]]
) -> None:
    assert len(realised) == 31  # the allies but the US
    assert all(r["realised_2025"] is not None for r in realised.values())


def test_costings_table_scales_the_published_figures(db: milex.Milex) -> None:
    report = scenario.run(db.tables, load(EXAMPLES / "us-drawdown-half.yaml"), draws=0)
    table = calibration.costings(db.tables, [report]).records()
    by_name = {r["costing"].split(" (")[0]: r for r in table}
    assert by_name["IISS-2025-personnel"]["for 40,000 a year"] == "USD 3.8 bn"
    assert by_name["BRUEGEL-KIEL-2025"]["per_service_member_a_year"] == "EUR 833,333 (2025)"
    assert not any(name.startswith("CBO-1982") for name in by_name)
