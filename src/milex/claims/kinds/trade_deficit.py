"""The US goods trade deficit with a partner: "a goods trade deficit of $63.3 billion with
Canada", "$235.6 billion with the European Union", "Germany ($84.8 billion)". Judged on the
Census Bureau's goods trade by country (imports minus exports, Census basis): within 5%
accurate, within 15% roughly accurate. milex holds the allies and the EU; other partners are
unverifiable."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from milex.claims.extract import Claim, Cue, View, nearest
from milex.claims.kinds import Kind
from milex.claims.kinds.amount import amounts
from milex.claims.verify import (
    Judgement,
    Reference,
    Verifier,
    compare,
    missing_entity_or_year,
    unverifiable,
)

TOLERANCE = (0.05, 0.15)
_DEFICIT = Cue(r"deficits?|imbalance|trade\s+gap|goods\s+gap")
_WITH = re.compile(r"^\W{0,3}(?:in\s+\w+\s+)?with\s+(?:the\s+)?$", re.I)
_IT = re.compile(r"\b(?:it|this|that)\s+(?:was|is|stood\s+at)\b", re.I)
_IMPORTS, _EXPORTS = "us_goods_imports_usd_billion", "us_goods_exports_usd_billion"


def _partner(view: View, start: int, end: int) -> str | None:
    """The partner of a deficit: "with Canada" after the amount, "Germany ($84.8 billion)",
    "the deficit with Canada was $70.6 billion", else the nearest name that is not the US."""
    s = view.text
    others = [(p, c) for p, c in view.entities if c != "USA"]
    after = [(p, c) for p, c in others if end <= p <= end + 40 and _WITH.match(s[end:p] + " ")]
    if after:
        return after[0][1]
    after = [(p, c) for p, c in others if end <= p <= end + 30 and " with " in s[end : p + 1]]
    if after:
        return after[0][1]
    before = [(p, c) for p, c in others if p < start and start - p <= 30 and "(" in s[p:start]]
    if before:
        return before[-1][1]
    return nearest(others, start, set())


def recognise(view: View) -> Iterator[Claim]:
    if not view.has_digit:
        return
    previous = [c for c in view.context.previous_claims if c.kind == "trade_deficit"]
    deficit = bool(_DEFICIT.search(view.text, view.low))
    if not deficit and not (previous and _IT.search(view.text)):
        return
    found = amounts(view)
    for amount in found:
        if amount.start in view.used or amount.currency != "USD":
            continue
        partner = _partner(view, amount.start, amount.end)
        if partner is None and previous:
            partner = previous[-1].entity
        year, basis = view.year(amount.start)
        yield view.claim(
            amount.start,
            amount.end,
            "trade_deficit",
            amount.value,
            "USD",
            entity=partner,
            year=year,
            year_basis=basis,
        )


def judge(v: Verifier, claim: Claim, when: date | None, _: date) -> Judgement:
    missing = missing_entity_or_year(claim)
    if missing is not None:
        return missing
    assert claim.entity is not None and claim.year is not None
    release = v.release("census", _IMPORTS, when)
    if release is None:
        return unverifiable(
            "no_release_yet", f"no Census release of goods trade held was published by {when}"
        )
    imports = v.values(release, _IMPORTS, claim.entity)
    exports = v.values(release, _EXPORTS, claim.entity)
    if not imports:
        return unverifiable(
            "not_covered",
            f"milex holds the Census goods trade of the allies and the EU only, not {claim.entity}",
        )
    if claim.year not in imports or claim.year not in exports:
        return v.missing(release, _IMPORTS, claim.entity, claim.year)
    deficit = imports[claim.year] - exports[claim.year]
    url = v.meta(release, _IMPORTS)[1]
    low, high = TOLERANCE
    verdict = compare(claim.value, deficit, claim.qualifier, low, high, relative=True)
    return Judgement(
        verdict,
        Reference(round(deficit, 4), release, "country.xlsx IYR - EYR", url, claim.year, "USD bn"),
        f"{release}: US goods imports from {claim.entity} {imports[claim.year]:,.1f} bn minus "
        f"exports {exports[claim.year]:,.1f} bn = deficit {deficit:,.1f} bn USD in {claim.year}",
    )


KIND = Kind(
    "trade_deficit",
    20,
    recognise,
    judge,
    summary="the US goods trade deficit with a partner (Census basis)",
)
