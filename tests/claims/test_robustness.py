"""Any Unicode text up to the limit returns a report or a typed error, never a crash."""

from __future__ import annotations

import string
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import milex
from milex.claims import MAX_CLAIMS, MAX_TEXT_CHARS, check
from milex.claims.extract import Claim, detect_date, extract, sentences
from milex.claims.verify import Verifier

WORDS = st.sampled_from(
    [
        "NATO",
        "allies",
        "Germany",
        "the US",
        "Russia",
        "spends",
        "2%",
        "3.5%",
        "of GDP",
        "in",
        "2024",
        "2025",
        "north of",
        "up to",
        "23 of the 31",
        "member states",
        "tariff",
        "10%",
        "€700 billion",
        "$1.5 trillion",
        "last year",
        "currently",
        "Dutch",
        ".",
        ",",
        "\n",
    ]
)
PROSE = st.lists(WORDS, max_size=60).map(" ".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.one_of(st.text(max_size=3000), PROSE))
def test_any_text_gives_a_report(db: milex.Milex, text: str) -> None:
    report = check(db.tables, text, "2025-04-03")
    for c in report.to_json():
        assert 0 <= c["start"] <= c["end"] <= len(text)
        assert c["verdict_latest"] in ("accurate", "roughly_accurate", "inaccurate", "unverifiable")


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet=string.printable + "€£$%“”’–—…ÄÖÜäöüßçéTürkiye", max_size=2000))
def test_extraction_never_crashes_and_spans_are_in_the_text(text: str) -> None:
    for c in extract(text, date(2025, 4, 3)):
        assert text[c.start : c.end]
    for s in sentences(text):
        assert text[s.start : s.start + len(s.text)] == s.text
    detect_date(text)


def test_a_megabyte_of_text_is_checked(db: milex.Milex) -> None:
    chunk = "Germany spent 2.1% of GDP on defence in 2024, said the report. "
    text = (chunk * (MAX_TEXT_CHARS // len(chunk)))[:MAX_TEXT_CHARS]
    report = check(db.tables, text, "2025-04-03")
    assert len(report.claims) == MAX_CLAIMS  # checked up to the cap, and it says so
    assert report.truncated
    assert any("stopped early" in note for note in report.table().notes)
    assert report.claims[0].latest.verdict in ("accurate", "roughly_accurate", "inaccurate")


def test_over_the_limit_is_a_typed_error(db: milex.Milex) -> None:
    with pytest.raises(milex.InvalidQueryError, match="limit"):
        check(db.tables, "x" * (MAX_TEXT_CHARS + 1))


def test_a_bad_date_is_a_typed_error(db: milex.Milex) -> None:
    with pytest.raises(milex.InvalidQueryError, match="date"):
        check(db.tables, "Germany spends 2% of GDP.", "2025-13-40")


def test_the_date_is_detected_when_the_text_states_it(db: milex.Milex) -> None:
    report = check(db.tables, "Published: 18 June 2024\n\nPoland spent 4.12% of GDP in 2024.")
    assert (report.date, report.date_source) == (date(2024, 6, 18), "detected")
    assert report.claims[0].as_of_date.verdict == "accurate"  # nato-2024-06: 4.12
    assert report.claims[0].latest.verdict == "inaccurate"  # nato-2026-07: 3.75


def test_a_count_over_allies_not_all_held_is_bounded_or_unverifiable(db: milex.Milex) -> None:
    """nato-2025-08 holds 19 of the 31 allies' 2025 figures (all at 2% or more): a count is
    judged only when every way the other twelve could fall gives the same verdict."""
    text = (
        "Nineteen allies met the 2% target in 2025. Only eight allies met the 2% guideline in 2025."
    )
    report = db.check(text, "2025-09-01")
    counts = [c for c in report.claims if c.claim.kind == "count_meeting"]
    verdicts = {int(c.claim.value): c.as_of_date.verdict for c in counts}
    assert verdicts == {19: "unverifiable", 8: "inaccurate"}
    nineteen = next(c for c in counts if c.claim.value == 19)
    assert "between 19 and 31" in nineteen.as_of_date.explanation
    # "More than ten": true however the twelve not held fall, so judged (bounded).
    more_than_ten = Claim(
        sentence="More than ten allies met 2% in 2025.",
        sentence_start=0,
        start=15,
        end=18,
        kind="count_meeting",
        value=10,
        unit="count",
        entity="NATO",
        year=2025,
        qualifier="above",
        threshold=2.0,
    )
    judged = Verifier(db.tables).judge(more_than_ten, date(2025, 9, 1), date(2025, 9, 1))
    assert judged.verdict == "accurate"
    assert "between 19 and 31" in judged.explanation


def test_a_share_without_a_figure_says_which_kind_of_missing(db: milex.Milex) -> None:
    text = "Germany will spend 2.1% of GDP on defence in 2025, and Sweden 2.5% in 2025."
    report = db.check(text, "2025-09-01")
    why = {c.claim.entity: c.as_of_date for c in report.claims if c.claim.kind == "share_gdp"}
    assert why["DEU"].verdict == why["SWE"].verdict == "unverifiable"
    assert why["DEU"].explanation.startswith("NATO published no 2025 figure for DEU (Germany's")
    assert why["SWE"].explanation.startswith(
        "SWE's 2025 figure in nato-2025-08 is not in milex's copy ("
    )
