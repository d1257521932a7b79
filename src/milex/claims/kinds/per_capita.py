"""Defence spending per head: "the US spends $2,500 per capita on defence", "per capita
defence spending of $744". NATO Table 6 (US dollars of defence expenditure per capita at
constant prices; milex holds it from the July 2026 edition on); others are not covered. Within
5% accurate, within 15% roughly accurate (as amounts)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from milex.claims.extract import Claim, View, number, qualifier
from milex.claims.kinds import Kind
from milex.claims.verify import (
    Judgement,
    Verifier,
    compare,
    missing_entity_or_year,
    unverifiable,
)

TOLERANCE = (0.05, 0.15)
_PER_HEAD = r"per\s+(?:capita|person|head|citizen|inhabitant|resident)"
# "$2,500 per capita", "US$ 744 per person", "per capita defence spending of $1,350"
PER_CAPITA = re.compile(
    r"(?:US\$|\$|USD\s?)\s?(\d{1,3}(?:,\d{3})+|\d{2,5})(?:\.\d+)?\s+(?:a\s+year\s+)?"
    + _PER_HEAD
    + r"|\bper[-\s](?:capita|head)\s+(?:defen[cs]e\s+|military\s+)?"
    r"(?:spending|expenditure|outlays?)\s+(?:of|at|was|is|stood\s+at|reached|came\s+to)\s+(?:about\s+|around\s+|roughly\s+)?"
    r"(?:US\$|\$|USD\s?)\s?(\d{1,3}(?:,\d{3})+|\d{2,5})\b",
    re.I,
)


def recognise(view: View) -> Iterator[Claim]:
    low = view.low
    if "$" not in view.text and "usd" not in low:
        return  # every form names dollars
    if not ("capita" in low or "per person" in low or "per head" in low
            or "per citizen" in low or "per inhabitant" in low
            or "per resident" in low):  # fmt: skip
        return
    for match in PER_CAPITA.finditer(view.text):
        group = 1 if match.group(1) else 2
        start, end = match.span(group)
        if start in view.used:
            continue
        sign = match.start() if group == 1 else start
        year, basis = view.year(start)
        yield view.claim(
            start,
            end,
            "per_capita",
            number(match.group(group)),
            "USD",
            entity=view.owner(sign),
            year=year,
            year_basis=basis,
            qualifier=qualifier(view.text, sign, end),
        )


def judge(v: Verifier, claim: Claim, when: date | None, _: date) -> Judgement:
    missing = missing_entity_or_year(claim)
    if missing is not None:
        return missing
    assert claim.entity is not None and claim.year is not None
    if v.source_for(claim.entity) != "nato":
        return unverifiable("not_covered", f"milex holds no per-capita figures for {claim.entity}")
    found = v.series_value(claim, when, "per_capita_usd", "nato")
    if isinstance(found, Judgement):
        return found
    assert found.value is not None
    low, high = TOLERANCE
    verdict = compare(claim.value, found.value, claim.qualifier, low, high, relative=True)
    return Judgement(
        verdict,
        found,
        f"{found.release} {found.table}: {claim.entity} {claim.year} = "
        f"${found.value:,.0f} per capita (constant prices)",
    )


KIND = Kind(
    "per_capita",
    66,
    recognise,
    judge,
    indicator="per_capita_usd",
    summary="defence spending per head of population",
)
