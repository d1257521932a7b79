"""US tariff rates on a partner: "a 10% levy on all imports", "the EU ... 20%", a list of rates
under "The tariffs are as follows:". Judged against the measures in force, or announced within
ANNOUNCED_DAYS, on the text's date (the table has no vintages, so both verdicts are one): the
same rate is accurate; a partner milex holds no measures for is unverifiable."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta

from milex.claims.extract import PRONOUN, Claim, Cue, View, is_ally, number, qualifier
from milex.claims.kinds import Kind
from milex.claims.verify import Judgement, Reference, Verifier, unverifiable

# A tariff "announced" counts from this many days before it takes effect.
ANNOUNCED_DAYS = 10
_ALL_PARTNERS = Cue(
    r"all|every|virtually\s+all|nearly\s+all|most|universal|baseline|global|worldwide|"
    r"around\s+the\s+world|imported\s+goods",
)
_PRODUCT = re.compile(
    r"^\s*(?:tariffs?|duties|dut(?:y|ies)|levy)?\s*on\s+(?:all\s+)?(?:imports\s+of\s+)?"
    r"(?:steel|alumini?um|autos?|cars?|vehicles?|auto\s+parts)",
    re.I,
)


# "double the trade tariffs on steel and aluminum to 50%": a product every partner pays on.
_PRODUCT_BEFORE = re.compile(
    r"\b(?:tariffs?|duties|dut(?:y|ies)|levy|levies)\s+on\s+(?:all\s+)?(?:imports\s+of\s+)?"
    r"(?:steel|alumini?um|autos?|cars?|vehicles?|auto\s+parts)\b",
    re.I,
)


def _priority(view: View, start: int, end: int) -> int | None:
    return 10 if view.tariff else None


def _partner(view: View, start: int, end: int) -> str | None:
    """Whom a tariff rate applies to: "25% duties on steel" (every partner), else the ally
    named nearest the rate (not past the next rate in the sentence), else any country."""
    sentence, entities = view.text, view.entities
    if _PRODUCT.match(sentence[end : end + 40]):
        return "ALL"
    following = [p.start() for p in view.percents if p.start() > start]
    limit = following[0] if following else len(sentence)
    before = [(start - p, c) for p, c in entities if c != "USA" and p < start]
    if before and min(before)[0] <= 60:
        return min(before)[1]  # "China, for example, would be charged a duty of 34%"
    after = [(p - start, c) for p, c in entities if c != "USA" and start < p < limit]
    allies = [item for item in after if is_ally(item[1]) or item[1] == "EUU"]
    if allies or after:
        return min(allies or after)[1]  # "25% tariffs on goods from Mexico and Canada"
    near = [item for item in before if item[0] <= 150]
    return min(near)[1] if near else None


def recognise(view: View) -> Iterator[Claim]:
    kinds = view.percent_kinds if view.percents else {}
    for match in view.percents:
        start, end = match.span()
        if kinds.get(start) != "tariff" or start in view.used:
            continue
        partner = _partner(view, start, end)
        if partner is None and PRONOUN.search(view.text, view.low):
            previous = view.context.entities(view.context.previous_text)
            earlier = [c for _, c in previous if c != "USA"]
            partner = next((c for c in earlier if is_ally(c)), earlier[0] if earlier else None)
        if partner is None and (
            _ALL_PARTNERS.search(view.text, view.low) or _PRODUCT_BEFORE.search(view.text, 0, start)
        ):
            partner = "ALL"
        year, basis = view.year(start)
        yield view.claim(
            start,
            match.end(1),
            "tariff",
            number(match.group(1)),
            "percent",
            entity=partner,
            qualifier=qualifier(view.text, start, end),
            year=year,
            year_basis=basis,
        )


def judge(v: Verifier, claim: Claim, _: date | None, text_date: date) -> Judgement:
    from milex.data import countries

    if claim.entity is None:
        return unverifiable("entity_unknown", "the sentence names no trading partner")
    partners = {claim.entity}
    partner = countries.find(claim.entity)
    if partner is not None and partner.in_eu(text_date):
        partners.add("EUU")
    if claim.entity != "ALL":
        partners.add("ALL")
    horizon = (text_date + timedelta(days=ANNOUNCED_DAYS)).isoformat()
    day = text_date.isoformat()
    # The store is immutable: the measures of a set of partners on a day are read once.
    memo = v.memo.kinds.setdefault("tariff", {})
    key = (tuple(sorted(partners)), day)
    if key not in memo:
        if len(memo) > 4096:
            memo.clear()
        marks = ", ".join("?" * len(partners))
        memo[key] = v.q.conn.execute(
            f"SELECT iso3, measure, rate_pct, effective_date, end_date, source_url "
            f"FROM us_tariffs WHERE iso3 IN ({marks}) AND effective_date <= ? "
            f"AND (end_date IS NULL OR end_date >= ?) ORDER BY effective_date",
            (*key[0], horizon, day),
        ).fetchall()
    measures = memo[key]
    if not measures:
        return unverifiable(
            "not_covered", f"no US tariff on {claim.entity} in force or announced around {day}"
        )
    for iso3, measure, rate, effective, _end, url in measures:
        if abs(rate - claim.value) < 1e-9:
            return Judgement(
                "accurate",
                Reference(rate, "us-tariffs-2025", measure, url),
                f"{measure} ({iso3}), {rate:g}% from {effective}",
            )
    own = [m for m in measures if m[0] in partners - {"ALL"}]
    if not own and claim.entity != "ALL":
        # Only the every-partner rates are held: a country-specific rate cannot be judged.
        return unverifiable(
            "not_covered",
            f"no US tariff measure on {claim.entity} "
            "itself is held (milex covers the allies and the EU)",
        )
    rates = ", ".join(f"{r:g}% ({m})" for _, m, r, *_ in measures)
    return Judgement(
        "inaccurate",
        Reference(measures[0][2], "us-tariffs-2025", measures[0][1], measures[0][5]),
        f"measures on {claim.entity} around {day}: {rates}",
    )


KIND = Kind(
    "tariff",
    10,
    recognise,
    judge,
    percent_priority=_priority,
    priority_floor=10,
    dated_by_text=True,
    summary="US tariff rates on a partner, against the measures in force on the text's date",
)
