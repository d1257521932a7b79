"""A verdict against the latest figures says when those figures measure something else than the
edition the text could read: NATO's July 2026 edition counts core defence expenditure and
restated 2014-2024 on it (17 allies at 2% in 2024), where the June 2024 edition, on defence
expenditure, counted 23."""

from __future__ import annotations

from typing import Any

import milex
from milex.claims import check

TEXT = "A record 23 allies will meet the 2% target in 2024, NATO said."


def _count(db: milex.Milex, day: str) -> dict[str, Any]:
    [claim] = [c for c in check(db.tables, TEXT, day).to_json() if c["kind"] == "count_meeting"]
    return claim


def test_a_latest_verdict_on_a_restated_basis_says_so(db: milex.Milex) -> None:
    claim = _count(db, "2024-06-17")
    assert claim["verdict_as_of_date"] == "accurate"
    assert claim["verdict_latest"] == "inaccurate"
    assert claim["explanation_as_of_date"] == "nato-2024-06: 23 of 31 allies at or above 2% in 2024"
    assert claim["explanation_latest"] == (
        "nato-2026-07: 17 of 31 allies at or above 2% in 2024 (nato-2026-07 measures core "
        "defence expenditure, nato-2024-06 (the text's edition) defence expenditure)"
    )


def test_a_text_older_than_every_edition_read_the_oldest_basis(db: milex.Milex) -> None:
    # February 2024: no edition milex holds was out; the one the text read was older still.
    claim = _count(db, "2024-02-14")
    assert claim["verdict_as_of_date"] == "unverifiable"
    assert claim["explanation_latest"].endswith(
        "(nato-2026-07 measures core defence expenditure, the editions of the text's date "
        "defence expenditure)"
    )


def test_no_note_when_the_text_read_the_same_basis(db: milex.Milex) -> None:
    claim = _count(db, "2026-08-01")
    assert claim["explanation_latest"] == claim["explanation_as_of_date"]
    assert "measures" not in claim["explanation_latest"]
