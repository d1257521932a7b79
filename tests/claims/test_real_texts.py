"""Real texts from 2024-2026 reporting (tests/fixtures/claims, each with its source and date;
the held-out texts in tests/fixtures/claims/heldout are not read here, see test_heldout.py):
every listed claim is found and judged as expected, as of the text's date and today."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

import milex
from milex.claims import check
from tests.claims.scoring import article

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "claims"
CASES = sorted(FIXTURES.glob("*.yaml"))


def _expected(case: Path) -> list[tuple[str, dict[str, Any]]]:
    doc = yaml.safe_load(case.read_text(encoding="utf-8"))
    return [(case.stem, claim) for claim in doc["claims"]]


CLAIMS = [item for case in CASES for item in _expected(case)]


def test_at_least_thirty_texts_with_sources_and_dates() -> None:
    assert len(CASES) >= 30
    for case in CASES:
        doc = yaml.safe_load(case.read_text(encoding="utf-8"))
        text = case.with_suffix(".txt").read_text(encoding="utf-8")
        assert doc["source"].startswith("http") and f"# source: {doc['source']}" in text
        assert f"# date: {doc['date']}" in text
        assert doc["claims"]


@pytest.fixture(scope="module")
def reports(db: milex.Milex) -> dict[str, list[dict[str, Any]]]:
    out = {}
    for case in CASES:
        doc = yaml.safe_load(case.read_text(encoding="utf-8"))
        text = article(case.with_suffix(".txt"))
        out[case.stem] = check(db.tables, text, str(doc["date"])).to_json()
    return out


@pytest.mark.parametrize(
    ("stem", "expected"),
    CLAIMS,
    ids=[f"{stem[:24]}-{c['kind']}-{c['value']}-{c.get('entity')}" for stem, c in CLAIMS],
)
def test_claim_is_found_and_judged(
    reports: dict[str, list[dict[str, Any]]], stem: str, expected: dict[str, Any]
) -> None:
    value = expected.get("value_billion") or expected["value"]
    found = [
        c
        for c in reports[stem]
        if expected["sentence_contains"] in c["sentence"]
        and c["kind"] == expected["kind"]
        and abs(c["value"] - value) < 1e-6
        and (
            expected.get("entity") is None
            or expected["kind"] == "commitment"
            or c["entity"] == expected["entity"]
        )
    ]
    assert found, [(c["kind"], c["value"], c["entity"]) for c in reports[stem]]
    claim = found[0]
    assert (claim["verdict_as_of_date"], claim["verdict_latest"]) == (
        expected["verdict_as_of_date"],
        expected["verdict_latest"],
    ), expected.get("why")
    if expected.get("year") is not None and expected["kind"] not in ("tariff", "commitment"):
        assert claim["year"] == expected["year"]
