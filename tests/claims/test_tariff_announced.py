"""A tariff rate counts on the text's date if its measure is in force then, or was announced on
or before that day and has not yet taken effect (us_tariffs.announced_date; issue 13). North
Macedonia's 33% was announced on 2 April 2025, in force on 9 April and suspended on 10 April;
Canada's 35% was announced in a letter on 10 July 2025 and in force from 1 August."""

from __future__ import annotations

import pytest

import milex
from milex.claims import check

MKD = "The US imposed a 33% tariff on North Macedonia."
CAN = "Trump announced 35% tariffs on Canadian imports."


def judged(db: milex.Milex, text: str, day: str) -> tuple[str, str, str]:
    (claim,) = [c for c in check(db.tables, text, day).to_json() if c["kind"] == "tariff"]
    return claim["verdict_as_of_date"], claim["verdict_latest"], claim["explanation_as_of_date"]


@pytest.mark.parametrize(("text", "day"), [(MKD, "2025-04-05"), (CAN, "2025-07-13")])
def test_a_rate_announced_before_the_text_and_not_yet_in_force_is_accurate(
    db: milex.Milex, text: str, day: str
) -> None:
    as_of, latest, evidence = judged(db, text, day)
    assert (as_of, latest) == ("accurate", "accurate")
    assert "announced 2025-0" in evidence and ", in force from " in evidence


def test_the_evidence_says_when_a_measure_was_in_force(db: milex.Milex) -> None:
    _, _, evidence = judged(db, CAN, "2025-08-15")
    assert evidence.endswith("35% from 2025-08-01") and "announced" not in evidence


# The day before each announcement: a fixed window of ten days before the effective date would
# have counted North Macedonia's 33% on 1 April.
@pytest.mark.parametrize(("text", "day"), [(MKD, "2025-04-01"), (CAN, "2025-07-09")])
def test_a_rate_announced_after_the_text_is_not_accurate(
    db: milex.Milex, text: str, day: str
) -> None:
    assert judged(db, text, day)[:2] == ("inaccurate", "inaccurate")


def test_a_superseded_measure_is_not_accurate(db: milex.Milex) -> None:
    # The 33% was suspended on 10 April 2025 (the 10% baseline then applied).
    assert judged(db, MKD, "2025-05-01")[:2] == ("inaccurate", "inaccurate")
