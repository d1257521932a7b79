"""The DW article of 3 April 2025 (shared/fixtures): every claim the issue names is found and
judged, as of the text's date and as of today, with the cell it rests on."""

from __future__ import annotations

from typing import Any

import pytest

import milex
from milex.claims import CheckReport, check


@pytest.fixture(scope="module")
def report(db: milex.Milex, dw_text: str) -> CheckReport:
    return check(db.tables, dw_text, "2025-04-03")


def claim(report: CheckReport, kind: str, value: float, entity: str | None = None) -> Any:
    found = [
        c
        for c in report.to_json()
        if c["kind"] == kind and c["value"] == value and (entity is None or c["entity"] == entity)
    ]
    assert len(found) == 1, [(c["kind"], c["value"], c["entity"]) for c in report.to_json()]
    return found[0]


def test_the_2024_average_of_2_7_percent(report: CheckReport) -> None:
    c = claim(report, "share_gdp", 2.7, "NATO")
    assert c["year"] == 2024
    assert c["verdict_as_of_date"] == "accurate"
    assert c["reference"]["value"] == 2.71
    assert c["reference"]["release"] == "nato-2024-06"
    assert c["reference"]["source_url"].endswith("240617-def-exp-2024-en.pdf")
    assert c["verdict_latest"] == "accurate"
    assert c["reference_latest"]["value"] == 2.65
    assert c["reference_latest"]["release"] == "nato-2026-07"


def test_the_us_at_3_5_percent_currently(report: CheckReport) -> None:
    c = claim(report, "share_gdp", 3.5, "USA")
    # "currently", in a text of April 2025: the latest year NATO had published by then (2024),
    # one year for both verdicts.
    assert c["year"] == 2024
    assert "'now' read as 2024" in c["explanation_as_of_date"]
    # The June 2024 edition: 3.38, within 0.25 of 3.5.
    assert c["verdict_as_of_date"] == "roughly_accurate"
    assert (c["reference"]["value"], c["reference"]["year"]) == (3.38, 2024)
    # The July 2026 edition restates 2024 as 3.30: still within 0.25.
    assert c["verdict_latest"] == "roughly_accurate"
    assert (c["reference_latest"]["value"], c["reference_latest"]["year"]) == (3.3, 2024)
    assert "nato-2026-07 gives 3.3 for 2024" in c["note"]


def test_russia_upwards_of_6_percent_in_2025(report: CheckReport) -> None:
    c = claim(report, "share_gdp", 6.0, "RUS")
    assert (c["year"], c["qualifier"]) == (2025, "above")
    # No SIPRI release in the store was out by 3 April 2025 (sipri-2025: 28 April 2025).
    assert c["verdict_as_of_date"] == "unverifiable"
    assert c["verdict_latest"] == "accurate"
    assert c["reference_latest"]["value"] == pytest.approx(7.50, abs=0.005)
    assert c["reference_latest"]["release"] == "sipri-2026"


def test_the_2_and_5_percent_targets(report: CheckReport) -> None:
    two = claim(report, "commitment", 2.0)
    assert two["verdict_as_of_date"] == two["verdict_latest"] == "accurate"
    five = claim(report, "commitment", 5.0)
    assert five["qualifier"] == "at_most"  # "up to 5%"
    assert five["verdict_as_of_date"] == "accurate"
    # As of the text's date the only 5% figure was Rubio's own "up to 5%" of that day.
    assert five["reference"]["table"] == "rhetoric_2025_rubio_up_to_5"
    north = claim(report, "commitment", 3.0)
    assert (north["qualifier"], north["verdict_as_of_date"]) == ("above", "accurate")
    assert north["reference"]["table"] == "rhetoric_2025_rutte_north_of_3"


def test_23_of_the_31_member_states_is_inaccurate(report: CheckReport) -> None:
    c = claim(report, "membership_count", 31)
    assert c["verdict_as_of_date"] == c["verdict_latest"] == "inaccurate"
    assert c["reference"]["value"] == 32  # 32 allies on 3 April 2025 (Sweden since March 2024)


def test_the_10_and_20_percent_tariffs(report: CheckReport) -> None:
    levy = claim(report, "tariff", 10.0)
    assert levy["entity"] == "ALL"
    assert levy["verdict_as_of_date"] == "accurate"
    assert levy["reference"]["source_url"]
    eu = claim(report, "tariff", 20.0)
    assert eu["entity"] == "EUU"
    assert eu["verdict_as_of_date"] == eu["verdict_latest"] == "accurate"


def test_vague_claims_are_unverifiable_not_invented(report: CheckReport) -> None:
    # "The prospect of any NATO member spending 5% of its GDP ..." names no country.
    vague = [c for c in report.to_json() if c["kind"] == "share_gdp" and c["entity"] is None]
    assert vague and all(c["verdict_latest"] == "unverifiable" for c in vague)
    # "its GDP" after "any NATO member" borrows no country from the sentence before.
    prospect = [c for c in report.to_json() if "prospect of any NATO member" in c["sentence"]]
    assert [c["entity"] for c in prospect] == [None]
    cumulative = claim(report, "amount", 700.0)
    assert cumulative["verdict_latest"] == "unverifiable"


def test_offsets_point_at_the_numbers(report: CheckReport) -> None:
    for c in report.to_json():
        number = report.text[c["start"] : c["end"]]
        assert number.replace(",", "").startswith(f"{c['value']:g}".split(".")[0]) or (
            c["kind"] == "amount"
        ), (number, c["value"])
        assert c["sentence"] in report.text
