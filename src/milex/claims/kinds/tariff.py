"""US tariff rates on a partner: "a 10% levy on all imports", "the EU ... 20%", a list of rates
under "The tariffs are as follows:", rates each with its partner ("34% on China, 20% on the
EU"), a product's rate ("25% on all foreign cars": every partner's, unless one is named), and
"the 10 per cent tax facing UK goods" in a text about tariffs. Judged against the measures in
force, or announced within ANNOUNCED_DAYS, on the text's date (the table has no vintages, so
both verdicts are one): the same rate is accurate; a partner milex holds no measures for is
unverifiable."""

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
_GOODS = (
    r"(?:steel|alumini?um|autos?|automobiles?|cars?|vehicles?|trucks?|(?:auto|car)\s+parts|"
    r"auto(?:mobile)?\s+parts)"
)
# "25% duties on steel", "a 25 per cent tariff would be imposed on all foreign cars": a product
# every partner pays on, unless the phrase names one ("on Canadian steel", "on cars from
# Japan"). Matched from the rate's end (so no "^": it would match only at the text's start).
_PRODUCT = re.compile(
    r"\s*(?:(?:tariffs?|duties|dut(?:y|ies)|levy|levies|tax)\s+)?(?:\w+\s+){0,3}?on\s+"
    r"(?:all\s+)?(?:imports\s+of\s+)?(?:[\w-]+\s+){0,2}?" + _GOODS + r"\b",
    re.I,
)
_FROM_AFTER = re.compile(
    r"^\s*(?:imports\s+|imported\s+)?(?:from|made\s+in|built\s+in)\s+(?:the\s+)?$", re.I
)


# "double the trade tariffs on steel and aluminum to 50%", "steel and aluminium imports face a
# 25% tariff", "car tariffs of 25%": a product every partner pays on.
_PRODUCT_BEFORE = re.compile(
    r"\b(?:(?:tariffs?|duties|dut(?:y|ies)|levy|levies)\s+on\s+(?:all\s+)?(?:imports\s+of\s+)?"
    r"(?:[\w-]+\s+)?" + _GOODS + r"|" + _GOODS + r"(?:\s+and\s+" + _GOODS + r")?\s+"
    r"(?:imports|tariffs?|duties|levies))\b",
    re.I,
)
# The partner right after a rate: "34% on China, 20% on the EU", "15 per cent on Norwegian
# goods", "the 10 per cent tax facing UK goods", "a 20% duty for the European Union".
_PARTNER_AFTER = re.compile(
    r"^\s*(?:(?:reciprocal|baseline|additional|retaliatory|import|blanket)\s+)?"
    r"(?:(?:tariffs?|duty|duties|levy|levies|tax|taxes|rate|surcharge)\s+)?"
    r"(?:(?:would\s+be\s+|will\s+be\s+|to\s+be\s+)?(?:imposed|levied|charged|applied)\s+)?"
    r"(?:on|for|against|facing|to|upon)\s+(?:the\s+)?(?:(?:imports|goods|products|exports)"
    r"\s+from\s+(?:the\s+)?|all\s+)?$",
    re.I,
)
# Two names of one list: "Mexico and Canada", "Canada, Mexico".
_JOINED = re.compile(r"[\w.’' -]{2,40}?(?:,|\s+and|\s+or|\s*&)\s+(?:the\s+)?$")
# "European goods": the EU's, in a sentence about tariffs.
_EUROPEAN_GOODS = re.compile(
    r"\bEuropean\s+(?:goods|imports|products|exports|cars|steel|companies|firms|producers)\b"
)
# A tax on goods in a text about tariffs: "the 10 per cent tax facing UK goods".
_TAX_AFTER = re.compile(r"\s*(?:import\s+|border\s+|flat\s+)?(?:tax|taxes|surcharges?)\b", re.I)
_TAX_BEFORE = re.compile(
    r"\b(?:tax|taxes|surcharges?)\s+of\s+(?:about\s+|around\s+|up\s+to\s+|at\s+least\s+)?$", re.I
)


def _priority(view: View, start: int, end: int) -> int | None:
    if view.tariff:
        return 10
    taxes = view.memo.get("tax_words")  # once a sentence, not once a percentage
    if taxes is None:
        low = view.low
        taxes = view.memo["tax_words"] = "tax" in low or "surcharge" in low
    if taxes and (
        _TAX_AFTER.match(view.text, end) or _TAX_BEFORE.search(view.text, max(0, start - 30), start)
    ):
        goods = view.memo.get("tariff_context")
        if goods is None:
            low = view.low
            goods = view.memo["tariff_context"] = (
                "import" in low or "goods" in low or view.context.tariff_recently()
            )
        return 10 if goods else None
    return None


def _entities(view: View) -> list[tuple[int, str]]:
    """The sentence's names, with "European goods" as the EU's."""
    found = view.memo.get("tariff_entities")
    if found is None:
        found = view.entities
        if "European" in view.text:
            extra = [(m.start(), "EUU") for m in _EUROPEAN_GOODS.finditer(view.text)]
            found = sorted(found + extra) if extra else found
        view.memo["tariff_entities"] = found
    return found


def _partner(view: View, start: int, end: int) -> str | None:
    """Whom a tariff rate applies to: the partner right after it ("20% on the EU"); "25% duties
    on steel" (every partner, unless the phrase names one); else the ally named nearest the
    rate (not past the next rate in the sentence), else any country."""
    sentence = view.text
    entities = _entities(view)
    following = [p.start() for p in view.percents if p.start() > start]
    limit = following[0] if following else len(sentence)
    others = [(p, c) for p, c in entities if c != "USA"]
    product = _PRODUCT.match(sentence, end)
    if product:
        for p, c in others:
            if end <= p < product.end() or (
                product.end() <= p <= product.end() + 25
                and _FROM_AFTER.match(sentence[product.end() : p])
            ):
                return c  # "on Canadian steel", "on cars imported from Japan"
        return "ALL"
    right_after = [(p, c) for p, c in others if end <= p <= min(limit, end + 60)]
    if right_after and _PARTNER_AFTER.match(sentence[end : right_after[0][0]]):
        # "34% on China, 20% on the EU and 24% on Japan"; of "goods from Mexico and Canada",
        # the ally (the partner milex can judge).
        run = right_after[:1]
        for place, code in right_after[1:]:
            if not _JOINED.match(sentence, run[-1][0], place):
                break
            run.append((place, code))
        return next((c for _, c in run if is_ally(c) or c == "EUU"), run[0][1])
    before = [(start - p, c) for p, c in others if p < start]
    if before and min(before)[0] <= 60:
        return min(before)[1]  # "China, for example, would be charged a duty of 34%"
    after = [(p - start, c) for p, c in others if start < p < limit]
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
