"""The held-out texts (tests/fixtures/claims/heldout): real texts of 2024-2026 labelled from
the bundled data and kept out of the texts the checker was tuned against. This test only
reports the checker's recall and verdict accuracy on them (printed with -s, and in
docs/claims.md) and fails if they fall below the floor they stood at when the set was frozen:
a guard against regressions, not a target to tune to."""

from __future__ import annotations

from pathlib import Path

import yaml

import milex
from tests.claims.scoring import score

HELDOUT = Path(__file__).resolve().parents[1] / "fixtures" / "claims" / "heldout"
# Recall, as-of and latest accuracy when the held-out set was frozen (see docs/claims.md).
FLOOR = (0.85, 0.80, 0.78)


def test_heldout_texts_have_sources_dates_and_claims() -> None:
    cases = sorted(HELDOUT.glob("*.yaml"))
    assert len(cases) >= 10
    for case in cases:
        doc = yaml.safe_load(case.read_text(encoding="utf-8"))
        text = case.with_suffix(".txt").read_text(encoding="utf-8")
        assert doc["source"].startswith("http") and f"# source: {doc['source']}" in text
        assert f"# date: {doc['date']}" in text
        assert doc["claims"]


def test_heldout_score_stays_above_the_floor(db: milex.Milex) -> None:
    result = score(db.tables, HELDOUT)
    print(result.line("held-out"))
    n = result.claims
    got = (result.found / n, result.as_of_date / n, result.latest / n)
    assert all(g >= f for g, f in zip(got, FLOOR, strict=True)), result.misses
