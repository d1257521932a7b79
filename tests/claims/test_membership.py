"""An alliance's size said with a past year is judged for that year too: "up from 3 of the 28
allies in 2014" is right (NATO had 28 members in 2014), while a size in the text's own terms
("22 of NATO's 32 members met it in 2023", written in 2024) holds on the text's date."""

from __future__ import annotations

from typing import Any

import pytest

import milex
from milex.claims import check


def _memberships(db: milex.Milex, text: str, day: str) -> list[tuple[Any, ...]]:
    return [
        (c["value"], c["year"], c["verdict_as_of_date"], c["verdict_latest"])
        for c in check(db.tables, text, day).to_json()
        if c["kind"] == "membership_count"
    ]


@pytest.mark.parametrize(
    ("text", "day", "expected"),
    [
        (
            "Twenty-three allies met the goal in 2024, up from 3 of the 28 allies in 2014.",
            "2025-06-01",
            [(28.0, 2014, "accurate", "accurate")],
        ),
        (
            "In 2014, only three of NATO's 28 members spent 2% of GDP on defence.",
            "2025-06-01",
            [(28.0, 2014, "accurate", "accurate")],
        ),
        (
            "Only 22 of NATO's 32 member states met the target in 2023.",
            "2024-07-01",
            [(32.0, 2023, "accurate", "accurate")],
        ),
        (
            "In 2014, only three of NATO's 30 members spent 2% of GDP on defence.",
            "2025-06-01",
            [(30.0, 2014, "inaccurate", "inaccurate")],
        ),
    ],
)
def test_a_size_with_a_past_year_is_judged_for_that_year_too(
    db: milex.Milex, text: str, day: str, expected: list[tuple[Any, ...]]
) -> None:
    assert _memberships(db, text, day) == expected
