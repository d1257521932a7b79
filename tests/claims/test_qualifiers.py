"""Qualifiers: a range of shares written "between X% and Y%" bounds a figure from both sides
(ranges of money are not read as ranges)."""

from __future__ import annotations

import pytest

from milex.claims.extract import qualifier


def _qualifiers(sentence: str, *numbers: str) -> list[str | None]:
    out = []
    for written in numbers:
        start = sentence.index(written)
        out.append(qualifier(sentence, start, start + len(written)))
    return out


@pytest.mark.parametrize(
    ("sentence", "numbers", "expected"),
    [
        ("Five allies spend between 2% and 2.1%, among them France.", ("2%", "2.1%"),
         ["at_least", "at_most"]),
        ("Germany spends between 1.5 and 2 percent of GDP.", ("1.5", "2 percent"),
         ["at_least", "at_most"]),
        # each figure its own country's: no range
        ("Eight countries spent between 1.28%, like Spain, and 1.81%, like Croatia.",
         ("1.28%", "1.81%"), [None, None]),
    ],
)  # fmt: skip
def test_a_range_is_a_floor_and_a_ceiling(
    sentence: str, numbers: tuple[str, ...], expected: list[str | None]
) -> None:
    assert _qualifiers(sentence, *numbers) == expected
