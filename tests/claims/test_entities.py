"""Which country or group a sentence names: capitals standing for their country."""

from __future__ import annotations

import pytest

from milex.claims.extract import find_entities


@pytest.mark.parametrize(
    ("sentence", "code"),
    [
        ("Ottawa's defence spending reached 1.37% of GDP in 2024.", "CAN"),
        ("Warsaw’s budget puts defence at 4.7% of GDP next year.", "POL"),
        ("Berlin's plan is to reach 3.5% by 2029.", "DEU"),
        ("Paris plans to spend 2% this year.", "FRA"),
    ],
)
def test_a_capital_as_subject_or_possessive_stands_for_its_country(
    sentence: str, code: str
) -> None:
    assert [c for _, c in find_entities(sentence)] == [code]


@pytest.mark.parametrize(
    "sentence",
    [
        "Officials in Berlin's ministry said spending rose 2%.",
        "The Paris Agreement's goals were discussed.",
    ],
)
def test_a_capital_as_a_place_names_no_country(sentence: str) -> None:
    assert find_entities(sentence) == []
