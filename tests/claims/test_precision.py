"""Numbers that are not claims about defence spending are not read as such: a share of another
whole (the world's output, a budget, a part of a group's output), "makes up" as a part, not a
rise; a share in a sentence about Europe is not the ally of the sentence before."""

from __future__ import annotations

from typing import Any

import pytest

import milex
from milex.claims import check


def _claims(db: milex.Milex, text: str) -> list[tuple[Any, ...]]:
    return [
        (c["kind"], c["value"], c["entity"]) for c in check(db.tables, text, "2025-06-01").to_json()
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The US accounted for 53% of the allies' combined GDP.", []),
        ("Germany makes up nearly 25% of the EU's total output.", []),
        ("Defence takes up 4% of the budget in Germany.", []),
        ("Europe makes up 17% of world GDP.", []),
        (
            "NATO members are expected to spend 2.71 percent of their collective GDP on defense "
            "in 2024.",
            [("share_gdp", 2.71, "NATO")],
        ),
        ("Defence spending in Germany was up 17% in 2024.", [("growth", 17.0, "DEU")]),
        ("Germany spent 2.1% of GDP on defence in 2024.", [("share_gdp", 2.1, "DEU")]),
    ],
)
def test_a_share_of_another_whole_is_no_claim(
    db: milex.Milex, text: str, expected: list[tuple[Any, ...]]
) -> None:
    assert _claims(db, text) == expected


def test_a_share_in_a_sentence_about_europe_is_not_the_ally_before(db: milex.Milex) -> None:
    text = "The US spent 3.4% of its GDP on defence in 2024. Europe spends about 2% of GDP."
    assert [c[2] for c in _claims(db, text)] == ["USA", None]


def test_trade_in_services_is_neither_a_goods_deficit_nor_defence_money(db: milex.Milex) -> None:
    text = (
        "The U.S. had a goods trade deficit of $235.9 billion with the EU in 2024, while it had "
        "a services trade surplus of $88.6 billion."
    )
    assert _claims(db, text) == [("trade_deficit", 235.9, "EUU")]
