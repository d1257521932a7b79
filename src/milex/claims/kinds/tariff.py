"""US tariff rates on a partner: "a 10% levy on all imports", "the EU ... 20%", a list of rates
under "The tariffs are as follows:", rates each with its partner ("34% on China, 20% on the
EU"), a product's rate ("25% on all foreign cars": every partner's, unless one is named), and
"the 10 per cent tax facing UK goods" in a text about tariffs. A rate is shared by the names of
a list it opens ("15 percent: Iceland, Norway, ...") or that ends right before it ("Japan and
South Korea face 25%"; a run of as many rates pairs them in order); a rate whose sentence names
no partner is the partner's the text is talking of (the one ally or the EU that the sentences
about trade just before name, or that the rates of the line before went to), unless it is
everyone's in so many words. Judged against the measures in force on the text's date, or
announced by then and not yet in force (the table's announced_date, else its effective date;
the table has no vintages, so both verdicts are one): the same rate is accurate; a rate on
goods (steel, cars, energy) against the measures on them and a measure's own rate for them
("10% on energy and potash"); a partner milex holds no measures for is unverifiable unless
every partner's measure (not one on some goods only) matches."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from milex.claims.extract import (
    PRONOUN,
    SHARE,
    TARIFF,
    Claim,
    Context,
    Cue,
    View,
    holds,
    is_ally,
    number,
    qualifier,
)
from milex.claims.kinds import Kind
from milex.claims.verify import Judgement, Reference, Verifier, unverifiable
from milex.data import countries

_ALL_PARTNERS = Cue(
    r"all|every|virtually\s+all|nearly\s+all|most|universal|baseline|global|worldwide|"
    r"around\s+the\s+world|imported\s+goods",
)
_GOODS = (
    r"(?:steel|alumini?um|autos?|automobiles?|automotive|cars?|vehicles?|trucks?|"
    r"(?:auto|car)\s+parts|auto(?:mobile)?\s+parts)"
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
    r"(?:(?:on|for|against|facing|to|upon)\s+(?:the\s+)?(?:(?:imports|goods|products|exports)"
    r"\s+from\s+(?:the\s+)?|all\s+)?|"
    # the partner as the subject of a relative clause: "the 15 percent rate to which its
    # European Union neighbors are subjected", "the 10% duty that the UK faces"
    r"(?:to\s+which|which|that)\s+(?:(?:the|its|their)\s+)?)$",
    re.I,
)
# The goods a rate is on, as the measures name them: "25% duties on steel", "Steel imports
# from Turkey face a 25% tariff", "a lower 10% tariff on Canadian energy resources".
_GOODS_OF = {
    "steel": ("steel", "alumin", "metal"),
    "autos": ("auto", "car", "vehicle", "truck"),
    "energy": ("energy", "oil", "gas", "potash"),
}
# A measure on some goods only ("Section 232 steel and aluminium", "... automobiles").
_ON_GOODS = re.compile(
    r"\b(?:" + "|".join(stem for stems in _GOODS_OF.values() for stem in stems) + ")", re.I
)
_GOODS_WORD = (
    r"(steel|alumini?um|metals|autos?|automobiles?|automotive|cars|vehicles|trucks|energy|oil|"
    r"gas|potash)"
)
_GOODS_AFTER = re.compile(
    r"\s*(?:[\w-]+\s+){0,3}?on\s+(?:all\s+)?(?:imports\s+of\s+)?(?:[\w-]+\s+){0,2}?"
    + _GOODS_WORD
    + r"\b",
    re.I,
)
_GOODS_BEFORE = re.compile(
    r"\b(?:(?:tariffs?|duties|duty|levy|levies)\s+on\s+(?:[\w-]+\s+)?"
    + _GOODS_WORD
    + r"|"
    + _GOODS_WORD
    + r"(?:\s+and\s+\w+)?\s+(?:imports|exports|tariffs?|duties|levies))\b",
    re.I,
)
# A rate a measure's notes give some goods: "10% on energy and potash".
_NOTED_RATE = re.compile(r"(\d+(?:\.\d+)?)% on (\w+(?: and \w+)?)")
# A rate named as a level after a sentence about tariffs: "at the 15 % level".
_LEVEL_AFTER = re.compile(r"\s*(?:tariff\s+|duty\s+)?level\b", re.I)
# Two rates in a row: "25% and 15%", "25%, 15%" (each a name's, in order).
_RATES_JOINED = re.compile(r"\s*(?:,|and|or|,\s*and)\s*")
# A rate that opens a list of the partners that pay it: "15 percent: Afghanistan, ...".
_OPENS_LIST = re.compile(r"\s*:\s")
# The names of a list are split at these.
_LIST_SEPARATOR = re.compile(r",|\band\b|\bor\b|&")
# Small words inside a list of names ("the European Union", "Republic of Congo").
_NAME_LINKS = frozenset(("the", "of", "de", "du", "da"))
# A list of more partners than this is a table of rates: only the allies and the EU are read.
_SHORT_LIST = 6
# A rate said to be everyone's: "on all foreign cars", "a global tariff", "every country".
# ("most goods" are a share of the goods: "a 10% tariff on most other goods imports remains"
# after the UK's deal is the UK's).
_GLOBAL = Cue(
    r"all|every|virtually\s+all|nearly\s+all|universal|baseline|global|worldwide|"
    r"around\s+the\s+world|imported\s+goods|foreign|across\s+the\s+board|blanket"
)
# A sentence about trade, whose partner a rate without one in its own sentence is about.
_TRADE_TALK = Cue(
    r"tariffs?|dut(?:y|ies)|levy|levies|trade|deals?|agreements?|imports?|exports?|goods|"
    r"exporters?|importers?"
)
# How many sentences back the partner of the text is looked for.
_TALK_BACK = 3
# A compound of names or a name and a word: "US-UK", "UK-assembled", "U.S.-EU".
_COMPOUND = re.compile(r"\b[A-Z][\w.]*-[\w.-]*[A-Za-z]")
_NAMES: dict[tuple[str, str], list[tuple[int, str]]] = {}
# "European goods": the EU's, in a sentence about tariffs.
_EUROPEAN_GOODS = re.compile(
    r"\bEuropean\s+(?:goods|imports|products|exports|cars|steel|companies|firms|producers)\b"
)
# A tax on goods in a text about tariffs: "the 10 per cent tax facing UK goods".
_TAX_AFTER = re.compile(r"\s*(?:import\s+|border\s+|flat\s+)?(?:tax|taxes|surcharges?)\b", re.I)
_TAX_BEFORE = re.compile(
    r"\b(?:tax|taxes|surcharges?)\s+of\s+(?:about\s+|around\s+|up\s+to\s+|at\s+least\s+)?$", re.I
)


# A percent in a sentence about tariffs is a tariff's rate only where a tariff noun governs it,
# as a reader takes it: a percent "of" something is a share of that thing ("about 10 percent
# of Canadian goods", "3% of GDP"); one that a verb of change takes is the size of a change
# ("the goods deficit widened 2.1%", "the deficit with China fell ~32%", "stocks dropped 3%"),
# while a rate a tariff moves to or from is still a rate ("rises from 10 percent to 15
# percent", "were increased to 25%"); one that a domestic tax owns is not a US tariff ("a 20%
# VAT", "a 21% corporate tax"); an "effective" rate is an average, not a rate set ("35%
# effective Aug. 1" is the day it takes effect).
_NOT_RATE_AFTER = re.compile(
    r"\s*(?:of\b(?!\s+(?:the\s+)?(?:value|duty|tariff))|(?:vat|value[- ]added|corporate|"
    r"income|sales|consumption|payroll|withholding|average|weighted)\b|effective\b"
    # (not "35% effective Aug. 1": the day a rate takes effect)
    r"(?!\s+(?:from|on|as\s+of|immediately|today|tomorrow|\d|(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|"
    r"Sep|Oct|Nov|Dec)[a-z]*\b)))",
    re.I,
)
_CHANGE_BEFORE = re.compile(
    r"\b(?:widen|narrow|fell|fall|rose|rise|rising|grew|grow|drop|jump|climb|declin|slid|slump|"
    r"plung|plummet|surg|gain|lost|soar|tumbl|sank|sink|shrank|shrink|edg|dipp|dip|rall|up|down|"
    r"raised|cut|lowered|reduced|hiked|trimmed|slashed)\w*"
    r"\s+(?:by\s+)?(?:about\s+|around\s+|nearly\s+|almost\s+|some\s+|roughly\s+|over\s+|"
    r"more\s+than\s+|~\s*)?$",
    re.I,
)
# A sentence about "the rate" in a text about tariffs speaks of a tariff's rate ("For the UK
# ... the rate will remain at 10%", "a rate of 15% for most goods"), unless the rate is of
# something else (interest, growth, inflation, tax, exchange ...) or the sentence speaks of
# the economy (GDP).
_RATE_BEFORE = re.compile(
    r"(?<!interest\s)(?<!growth\s)(?<!inflation\s)(?<!unemployment\s)(?<!exchange\s)"
    r"(?<!tax\s)(?<!mortgage\s)(?<!jobless\s)(?<!savings\s)(?<!policy\s)(?<!birth\s)"
    r"\brates?\b[^.;:%\d]{0,40}$",
    re.I,
)
# What a partner bears, in a text about tariffs, is a tariff's rate: "Norway will pay 15%",
# "EU goods face 15% from Friday", "Canada is hit with 35%".
_PAYS_WORDS = ("pay", "paid", "fac", "charged", "hit", "subject")
_PAYS_BEFORE = re.compile(
    r"\b(?:pay|pays|paying|paid|face|faces|facing|faced|charged|hit\s+with|subject(?:ed)?\s+to)"
    r"\s+(?:an?\s+|the\s+)?(?:(?:rate|levy|charge)\s+of\s+)?(?:just\s+|only\s+|at\s+least\s+)?$",
    re.I,
)
_RATE_AFTER = re.compile(r"\s*(?:tariff\s+|duty\s+)?rates?\b", re.I)
# An average over goods is no measure's rate: "the effective 1 % rate Norwegian exporters faced",
# "an average tariff of 2.4%", "a weighted average rate of 17%".
_AVERAGE_BEFORE = re.compile(r"\b(?:effective|average|weighted|avg\.?)\s+(?:[\w-]+\s+){0,3}$", re.I)


def _governed(view: View, start: int, end: int) -> bool:
    """Whether the percent at ``start``-``end`` of a sentence about tariffs is a rate (not a
    share of something, a change, or a domestic tax's rate: see _NOT_RATE_AFTER)."""
    text = view.text
    if _NOT_RATE_AFTER.match(text, end) or text[start - 1 : start] in ("+", "\u2212"):
        return False  # "10 percent of Canadian goods", "(+44% to $178B)"
    window = max(0, start - 40)
    return not (
        _CHANGE_BEFORE.search(text, window, start) or _AVERAGE_BEFORE.search(text, window, start)
    )


def _priority(view: View, start: int, end: int) -> int | None:
    if view.tariff:
        return 10 if _governed(view, start, end) else None
    words = view.memo.get("tariff_words")  # once a sentence, not once a percentage
    if words is None:
        low = view.low
        words = view.memo["tariff_words"] = (
            "rate" in low,
            holds(low, _PAYS_WORDS),
            "level" in low,
            ":" in view.text,
        )
    rate_word, pays, level, colon = words
    if (
        rate_word
        and (
            _RATE_BEFORE.search(view.text, max(0, start - 60), start)
            or _RATE_AFTER.match(view.text, end)
        )
        and view.context.tariff_recently()
        and not SHARE.search(view.text, view.low)
        and _governed(view, start, end)
    ):
        return 10  # "For the UK, Brazil ... the rate will remain at 10%" in a text on tariffs
    if (
        pays
        and _PAYS_BEFORE.search(view.text, max(0, start - 40), start)
        and view.context.tariff_recently()
        and not SHARE.search(view.text, view.low)
        and _governed(view, start, end)
    ):
        return 10  # "Talks on tariffs collapsed. Norway will pay 15% from Thursday."
    if colon and _OPENS_LIST.match(view.text, end) and view.context.tariff_recently():
        return 10  # "15 percent: Iceland, Japan, Norway" under a heading about tariffs
    if (
        level
        and _LEVEL_AFTER.match(view.text, end)
        and TARIFF.search(view.context.previous_text)
        and not SHARE.search(view.text, view.low)
    ):
        return 10  # "... imposed a 15% tariff on Norway. Norway joins the EU at the 15% level"
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
        found = view.memo["tariff_entities"] = _names(view.context, view.text, view.entities)
    return found


def _names(
    context: Context, text: str, entities: list[tuple[int, str]] | None = None
) -> list[tuple[int, str]]:
    """The names of a sentence as a text about trade reads them: "European goods" the EU's,
    and the partners of a compound ("the US-UK deal", "UK-assembled cars", "EU-US talks"),
    each sentence read once a text."""
    key = ("tariff", text)
    found = _NAMES.get(key)
    if found is not None:
        return found
    found = context.entities(text) if entities is None else entities
    extra = []
    if "European" in text:
        extra += [(m.start(), "EUU") for m in _EUROPEAN_GOODS.finditer(text)]
    if "-" in text:
        for m in _COMPOUND.finditer(text):
            at = m.start()
            for part in m.group().split("-"):
                country = countries.find_in_prose(part) if part[:1].isupper() else None
                code = None if country is None else country.iso3
                if code is not None and code != countries.NATO and (at, code) not in found:
                    extra.append((at, code))
                at += len(part) + 1
    if extra:
        found = sorted(set(found + extra))
    if len(_NAMES) > 256:
        _NAMES.clear()
    _NAMES[key] = found
    return found


# Who bears a rate, as the sentence says it: the partner that faces it, is hit with it, is
# subject to it, pays it, or that it affects ("the EU faces a 25 percent US tariff on steel",
# "UK still facing 25% tariffs on steel", "Canada ... were hit with 25 per cent tariffs").
# Such a partner is the rate's, even when the measure is one every partner pays (judged
# against its own measures, which include every partner's). Avoiding, escaping or being spared
# a rate is the opposite ("The UK has avoided the order doubling steel tariffs to 50%").
# A partner that seeks relief from a rate bears it until it gets relief: "Australia is seeking
# to negotiate a reprieve from tariffs ..., including a 50 per cent levy", "Canada asked for an
# exemption from the 25% duty" (not one that won or got it: that one avoids it).
_BEARER = re.compile(
    r"\b(?:fac(?:e|es|ed|ing)|hit|hits|subject(?:ed)?\s+to|pay|pays|paying|paid|affect\w*|"
    r"charged|slapped\s+with|saddled\s+with|burdened\s+with|bears?|bearing|"
    r"(?:seek\w*|sought|ask\w*\s+for|lobb\w*\s+for|press\w*\s+for|request\w*|"
    r"negotiat\w*|plead\w*\s+for)\s+(?:to\s+(?:negotiate|secure|win|get)\s+)?(?:an?\s+)?"
    r"(?:reprieve|relief|exemption|exception|carve-out|waiver)\s+from)\b",
    re.I,
)
# The same after the rate's goods: "50% on steel and aluminum, affecting Canada".
_BEARER_AFTER = re.compile(
    r"^\s*(?:and\s+[\w-]+\s*)?,?\s*(?:which\s+is\s+|and\s+)?(?:affect\w*|hitting|hits)\s+$"
)
# A name the rate is given to as one of everyone: "all countries, including Canada, were hit".
_INCLUDING = re.compile(r"\b(?:including|notably|especially|among\s+them)\s+(?:the\s+)?$", re.I)
# A rate a deal sets, cuts or removes is the rate of the deal's partner ("the US-UK Economic
# Prosperity Deal removes 25 per cent tariffs on steel").
_DEAL = Cue(r"deals?|agreements?|pact|accord|framework")
# Names a rate is said not to cover: "(except Canada and Mexico)", "excluding the EU", "other
# than China".
_EXCEPT_BEFORE = re.compile(
    r"\b(?:except|excluding|exempting|other\s+than|apart\s+from|save\s+for|bar|but\s+not|"
    r"with\s+the\s+exception\s+of)\s+(?:for\s+)?"
    # the names of the list before this one, each ended by its separator (linear: a name's
    # letters cannot run into the next name, which starts after a comma, "and" or a space)
    r"(?:(?:the\s+)?[A-Z][\w.'’-]*(?:\s*,\s*|\s+(?:and|or|&)\s+|\s+)){0,6}$"
)
_EXCEPT_WORDS = (
    "except",
    "exclud",
    "exempt",
    "other than",
    "apart from",
    " bar ",
    "but not",
    "save for",
)
# Words that give a rate to every partner, in the rate's own phrase: "a 10% universal tariff",
# "a 10% tariff on all imports", "the new base rate of 10% that ... applied to most countries",
# "many countries face a 10% tariff", "across-the-board", "applies broadly". A partner the
# phrase names as the origin of the goods comes first ("on almost all imports from Canada", "on
# virtually all goods originating in Norway").
_SCOPE = re.compile(
    r"\b(?:universal|global|worldwide|across[- ]the[- ]board|blanket|"
    r"(?:almost|nearly|virtually)\s+all|"
    r"all\s+(?:other\s+)?(?:(?:u\.?s\.?|foreign|imported|its|their)\s+)?"
    r"(?:imports|imported|goods|products|countries|nations|(?:trading\s+)?partners|foreign)|"
    r"every\s+(?:other\s+)?(?:country|nation|(?:trading\s+)?partner)|"
    r"(?:most|many)\s+(?:other\s+)?(?:countries|nations|(?:trading\s+)?partners)|"
    r"around\s+the\s+world|"
    # "a base tariff of 10 percent applies broadly", "widely applied"
    r"appl(?:y|ies|ied|ying)\s+(?:broadly|widely|generally)|"
    r"(?:broadly|widely|generally)\s+appli(?:ed|es|cable))\b",
    re.I,
)
# Weaker: a "baseline" or "base rate" is everyone's unless the text is talking of one partner
# whose deal sets it ("the 15% baseline tariff" of the EU's deal).
_BASELINE = re.compile(r"\b(?:baseline|base\s+(?:tariff\s+)?rate|base\s+tariff|minimum)\b", re.I)
# A tariff on US goods is another country's (retaliation), no US tariff: "the 25% levy on
# C$30 billion worth of US products", "25% counter-tariffs", "a 25% retaliatory tariff".
# (Not "on US imports": those are the imports of the US, what its tariffs are on.)
_ON_US_GOODS = re.compile(
    r"\s*(?:[\w-]+\s+){0,3}?on\s+(?:[\w$.,-]+\s+){0,5}?(?:american\s+(?!imports)\w|"
    r"(?:u\.?s\.?|united\s+states)[- ](?:made\s+)?(?:goods|products|exports|items|steel|cars|"
    r"vehicles|produce|agricultural|farm|whiskey|bourbon|motorcycles)\b)",
    re.I,
)
_RETALIATION = re.compile(
    r"\s*(?:retaliatory|counter|reciprocal\s+counter)[- ]?(?:tariffs?|duties|levies|measures)",
    re.I,
)
# A rate another country imposes is its own, no US tariff: "The EU imposed a 25% tariff",
# "Canada will slap 25% duties". The name stands right before the verb of imposing.
# (the verbs of setting a rate, shared with _US_SETS)
_IMPOSING = r"(?:impos|slap|levie|levy|announc|introduc)\w*"
_IMPOSED_BY = re.compile(
    r"[\w.'’-]*\s+(?:government\s+|has\s+|had\s+|have\s+|will\s+|would\s+|then\s+|"
    r"also\s+|quickly\s+)*(?:" + _IMPOSING + r"|retaliat\w*)\s+(?:with\s+)?"
    r"(?:an?\s+|its\s+|their\s+|new\s+|own\s+|the\s+)*"
)


def _imposed_by_other(view: View, start: int) -> bool:
    """Whether a country other than the US is named as imposing the rate ("The EU imposed a
    25% tariff on American motorcycles"): the name, then a verb of imposing, then the rate."""
    for place, code in _entities(view):
        if (
            code != "USA"
            and 0 < start - place <= 50
            and _IMPOSED_BY.fullmatch(view.text, place, start)
        ):
            return True
    return False


# An aside set off by paired dashes or parentheses describes the noun before it ("Salmon from
# Chile -- the world's second-largest producer after Norway -- is subject to 10%", "Turkey
# (a rival of Greece) faces 15%"): a name inside it is no bearer of a rate outside it.
_ASIDE = re.compile(r"\s(?:--|—|–)\s[^—–\n]{1,120}?\s(?:--|—|–)\s|\([^()\n]{1,120}\)")


def _asides(view: View) -> list[tuple[int, int]]:
    found = view.memo.get("tariff_asides")
    if found is None:
        may = "--" in view.text or "—" in view.text or "–" in view.text or "(" in view.text
        found = [m.span() for m in _ASIDE.finditer(view.text)] if may else []
        view.memo["tariff_asides"] = found
    return found


def _aside_name(view: View, place: int, start: int) -> bool:
    """Whether the name at ``place`` is inside an aside that the rate at ``start`` is not in."""
    return any(a <= place < b and not a <= start < b for a, b in _asides(view))


def _aside_length(view: View, place: int, start: int) -> int:
    """The characters of the asides between a name at ``place`` and a rate at ``start``."""
    return sum(b - a for a, b in _asides(view) if place < a and b <= start)


# A rate given to another partner in the same breath: "Chile is subject to a 10% tariff, as is
# the United Kingdom", "Japan faces 15 percent, as do South Korea and the EU": the names after
# "as is / as are / as do" (or "as are those of") share the rate.
_LIKEWISE_BEFORE = re.compile(
    r"\bas\s+(?:is|are|was|were|does|do|did|has|have)\s+(?:(?:those|that)\s+(?:of|from)\s+)?"
    r"(?:the\s+)?$",
    re.I,
)


def _likewise(view: View, end: int, limit: int, others: list[tuple[int, str]]) -> list[str]:
    """The names after the rate that "as is" gives the same rate (see _LIKEWISE_BEFORE)."""
    if " as " not in view.low[end:limit]:
        return []
    after = [(p, c) for p, c in others if end <= p < limit]
    for i, (place, _) in enumerate(after):
        if _LIKEWISE_BEFORE.search(view.text, max(end, place - 30), place):
            run = after[i : i + 1]
            for later, code in after[i + 1 :]:
                if not _joined(view.text[run[-1][0] : later]):
                    break
                run.append((later, code))
            return list(dict.fromkeys(c for _, c in run))
    return []


# A partner that avoids a rate is not its partner (rule 2 of "A tariff's partner"): "The UK
# remains exempt from President Trump's 50% increase", "quotas that spare some UK exports from
# the full brunt of the additional 25 per cent tariffs", "the UK escaped the 50% steel duty".
_AVOIDS_AFTER = re.compile(
    r"^[\w'’]*\s+(?:(?:\w+\s+){0,2}?(?:remains?|is|are|was|were|be|been|stays?)\s+)?"
    r"(?:exempt(?:ed)?\s+from|spared|avoid\w*|escap\w*|dodg\w*)\b",
    re.I,
)
_SPARES_BEFORE = re.compile(
    r"\b(?:spares?|spared|sparing|exempts?|exempted|exempting|shields?|shielded|shielding)\s+"
    r"(?:(?:some|all|most|many|the|its|their)\s+)?$",
    re.I,
)


# The US setting a rate on goods, before or after it: "Trump announced a tariff of 25% on
# vehicles", "the additional 25 per cent tariffs that Trump levied on steel and car imports".
_US_SETS = re.compile(
    r"\b(?:Trump|Washington|the\s+(?:US|U\.S\.|United\s+States|White\s+House|administration))"
    r"\s+(?:has\s+|had\s+|have\s+|then\s+|also\s+|first\s+)?(?:"
    + _IMPOSING
    + r"|put|placed|raised|doubled)\b"
)


def _avoided(view: View, start: int) -> bool:
    """Whether a name before the rate at ``start`` avoids it (see _avoids)."""
    return any(p < start and _avoids(view, p, start) for p, _ in _entities(view))


def _avoids(view: View, place: int, start: int) -> bool:
    """Whether the name at ``place``, before the rate at ``start``, is said to avoid it."""
    if place >= start or not holds(
        view.low, ("exempt", "spar", "avoid", "escap", "dodg", "shield")
    ):
        return False
    return bool(
        _AVOIDS_AFTER.match(view.text[place:start])
        or _SPARES_BEFORE.search(view.text, max(0, place - 30), place)
    )


def _excluded(view: View, place: int) -> bool:
    """Whether the name at ``place`` is one a rate is said not to cover ("except Canada")."""
    excepts = view.memo.get("except_words")  # once a sentence, not once a name
    if excepts is None:
        excepts = view.memo["except_words"] = holds(view.low, _EXCEPT_WORDS)
    if not excepts:
        return False
    return bool(_EXCEPT_BEFORE.search(view.text, max(0, place - 80), place))


def _bearer(view: View, start: int, others: list[tuple[int, str]]) -> list[str] | None:
    """The partner named before a rate as bearing it (see _BEARER): the nearest name before
    the rate with such a verb between (no other rate's end between them); with "all countries,
    including Canada" both every partner and the one named."""
    before = [(p, c) for p, c in others if p < start and start - p <= 120]
    if not before:
        return None
    place, code = before[-1]
    earlier = [m.end() for m in view.percents if place < m.end() <= start and m.start() != start]
    between = view.text[place:start]
    if not _BEARER.search(between) or (earlier and "," not in between and " and " not in between):
        return None
    if _INCLUDING.search(view.text, max(0, place - 30), place) and _SCOPE.search(
        view.text, max(0, place - 60), place
    ):
        return ["ALL", code]
    return [code]


def _scope(view: View, start: int, end: int, others: list[tuple[int, str]]) -> list[str] | None:
    """Every partner, when the rate's own phrase says so (see _SCOPE, _BASELINE) and names no
    partner after the rate nor after the scope word before it."""
    text = view.text
    following = [m.start() for m in view.percents if m.start() > end]
    stop = min(end + 90, following[0] if following else len(text))
    for stop_mark in (".", ";"):
        at = text.find(stop_mark, end, stop)
        if at != -1:
            stop = at
    window = max(0, start - 40)
    found = _SCOPE.search(text, window, stop)
    weak = None if found else _BASELINE.search(text, window, stop)
    mark = found or weak
    if mark is None:
        return None
    if any(end <= p < stop or mark.start() <= p < start for p, _ in others):
        return None  # "on almost all imports from Canada"
    if weak is not None:
        talked = _talked_of(view)
        return [talked] if talked else ["ALL"]
    return ["ALL"]


# The rate a change goes to, after the one it comes from: "from 25% to 50%".
_CHANGE_TO = re.compile(r"\s+to\s+(?:just\s+|only\s+)?")


def _window(view: View, start: int) -> int:
    """Where the words that name a rate's goods may begin: not before 70 characters back, nor
    before the end of an earlier rate and the goods it names ("a 25% tariff on European steel,
    ..., along with a 10% general tariff"); a rate a change goes to has the words of the one it
    comes from ("doubling steel tariffs from 25% to 50%")."""
    text = view.text
    spans = [m.span() for m in view.percents if m.end() <= start]
    while spans and _CHANGE_TO.fullmatch(text, spans[-1][1], start):
        start = spans.pop()[0]
    window = max(0, start - 70)
    if spans and spans[-1][1] > window:
        own = _GOODS_AFTER.match(text, spans[-1][1])
        window = own.end() if own else spans[-1][1]
    return window


# A name of one word right before goods is their origin: "British steel imports".
_ORIGIN_BEFORE = re.compile(r"[\w'’.-]+\s+")


def _goods_before(view: View, start: int) -> bool:
    """Whether goods are named right before a rate, not after another rate ("steel and
    aluminum tariffs were increased to 25%", "doubling steel tariffs from 25% to 50%")."""
    window = _window(view, start)
    return window < start and bool(_PRODUCT_BEFORE.search(view.text, window, start))


# A rate in parentheses right after a partner's name is that partner's own: "50% on steel from
# all countries except the UK (25%)", "Canada (35%) and Mexico (25%)" (even a name excepted
# from another rate: the exception's own rate).
_NAME_PAREN = re.compile(
    r"(?:^|[\s,;:])((?:the\s+)?[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2})\s*\(\s*$"
)
# An item of a list of rates after one verb, each on its goods: "imposes 50% tariffs on EU
# exports of steel, 25% on automobiles, and 10% on the majority of other goods" (the text from
# one rate to the next).
_ITEM_BEFORE = re.compile(
    r"\s*(?:tariffs?\s+|duties\s+|levies\s+)?on\s+[^.;:%()]{1,80}?,\s*(?:and\s+)?", re.I
)


def _named_in_parentheses(view: View, start: int, entities: list[tuple[int, str]]) -> str | None:
    """The partner whose name stands right before the parenthesis a rate opens (see
    _NAME_PAREN)."""
    if "(" not in view.text[max(0, start - 3) : start]:
        return None
    name = _NAME_PAREN.search(view.text, max(0, start - 40), start)
    if name is None:
        return None
    named = {c for p, c in entities if name.start(1) <= p < name.end(1) and c != "USA"}
    return named.pop() if len(named) == 1 else None


def _list_partner(view: View, start: int, others: list[tuple[int, str]]) -> list[str] | None:
    """The partner of a list of rates on goods (see _ITEM_BEFORE) that only one of its items
    names: rates listed after one verb share the partner the list is about."""
    spans = [m.span() for m in view.percents if m.end() <= start]
    at, named = start, set()
    while spans and _ITEM_BEFORE.fullmatch(view.text, spans[-1][1], at):
        named |= {c for p, c in others if spans[-1][1] <= p < at}
        at = spans.pop()[0]
    return [named.pop()] if len(named) == 1 else None


def _partner(view: View, start: int, end: int) -> list[str] | None:
    """Whom a tariff rate applies to: the partners right after it ("20% on the EU", "15%:
    Iceland, Norway, Turkey"); "25% duties on steel" (every partner, unless the phrase or the
    text around it names one); else the ally named nearest the rate (not past the next rate in
    the sentence), else any country."""
    sentence = view.text
    entities = _entities(view)
    following = [p.start() for p in view.percents if p.start() > start]
    limit = following[0] if following else len(sentence)
    others = [
        (p, c)
        for p, c in entities
        if c != "USA"
        and not _excluded(view, p)
        and not _aside_name(view, p, start)
        and not _avoids(view, p, start)
    ]
    own = _named_in_parentheses(view, start, entities)
    if own is not None:
        return [own]
    product = _PRODUCT.match(sentence, end)
    if product:
        for p, c in others:
            if end <= p < product.end() or (
                product.end() <= p <= product.end() + 25
                and _FROM_AFTER.match(sentence[product.end() : p])
            ):
                return [c]  # "on Canadian steel", "on cars imported from Japan"
        for p, c in others:
            if product.end() <= p <= product.end() + 40 and _BEARER_AFTER.match(
                sentence[product.end() : p]
            ):
                return [c]  # "50% on steel and aluminum, affecting Canada"
    elif not any(start < p < limit for p, _ in others) and _goods_before(view, start):
        found = list(_PRODUCT_BEFORE.finditer(sentence, _window(view, start), start))
        product = found[-1]  # "steel tariffs ... to 50%"
        for p, c in others:
            if product.start() <= p < product.end() or _ORIGIN_BEFORE.fullmatch(
                sentence, p, product.start()
            ):
                return [c]  # "Levies on Turkish steel rose to 50 percent", "British steel imports"
    if product:
        bearer = _bearer(view, start, others)
        if bearer:
            return bearer
        if _DEAL.search(sentence, view.low):
            deal = {c for _, c in others}
            if len(deal) == 1:
                return [deal.pop()]  # "the US-UK deal removes 25 per cent tariffs on steel"
        listed = _list_partner(view, start, others)
        if listed:
            return listed
        if (
            not any(p < limit for p, _ in others)
            and not _GLOBAL.search(sentence, view.low)
            and not _avoided(view, start)
            and not _US_SETS.search(sentence)
        ):
            # "Tariffs on steel will fall from 25% to zero" after the UK's deal: the UK's
            # rate, unless the sentence says it is everyone's ("on all foreign cars"), names a
            # partner that avoids it ("quotas that spare some UK exports from ... the 25 per
            # cent tariffs"), or has the US set it (rule 3: "Trump announced a tariff of 25% on
            # vehicles"); a partner named elsewhere in the sentence faces every partner's
            # measure ("the EU faces a 25 percent US tariff on steel")
            talked = _talked_of(view)
            if talked:
                return [talked]
        return ["ALL"]
    listed = _listed(view, end, limit, others)
    if listed:
        return listed
    scope = _scope(view, start, end, others)
    if scope:
        return scope
    # (an aside between the name and the rate is no distance: the name's clause goes on after it)
    before = [(start - p - _aside_length(view, p, start), c) for p, c in others if p < start]
    if before and min(before)[0] <= 60:
        # "China, for example, would be charged a duty of 34%"; "Japan and South Korea face
        # 25% tariffs", "joins the EU, Japan and dozens of others at the 15% level": the
        # names of a list before the rate share it (not where rates are given "respectively")
        shared = _shared_before(view, start, others) or [min(before)[1]]
        return list(dict.fromkeys(shared + _likewise(view, end, limit, others)))
    after = [(p - start, c) for p, c in others if start < p < limit]
    allies = [item for item in after if is_ally(item[1]) or item[1] == "EUU"]
    if allies or after:
        return [min(allies or after)[1]]  # "25% tariffs on goods from Mexico and Canada"
    near = [item for item in before if item[0] <= 150]
    return [min(near)[1]] if near else None


def _listed(view: View, end: int, limit: int, others: list[tuple[int, str]]) -> list[str]:
    """The partners a rate is given to right after it: "34% on China", "goods from Mexico
    and Canada" (the ally: the partner milex can judge), "15 percent: Afghanistan, ...,
    European Union, ..., Iceland" (each one of a list the rate opens, but in a long list only
    the allies and the EU, whom milex holds measures for)."""
    sentence = view.text
    right_after = [(p, c) for p, c in others if end <= p <= limit]
    if not right_after or right_after[0][0] > end + 60:
        return []
    opens = _OPENS_LIST.match(sentence, end)
    if not opens and not _PARTNER_AFTER.match(sentence[end : right_after[0][0]]):
        return []
    run = right_after[:1]
    for place, code in right_after[1:]:
        if not _joined(sentence[run[-1][0] : place]):
            break
        run.append((place, code))
    if not opens:
        # "34% on China, 20% on the EU and 24% on Japan"; of "goods from Mexico and Canada",
        # the ally (the partner milex can judge).
        return [next((c for _, c in run if is_ally(c) or c == "EUU"), run[0][1])]
    codes = list(dict.fromkeys(c for _, c in run))
    if len(codes) > _SHORT_LIST:
        codes = [c for c in codes if is_ally(c) or c == "EUU"] or codes[:1]
    return codes


def _shared_before(view: View, start: int, others: list[tuple[int, str]]) -> list[str]:
    """The names of the list that ends nearest before a rate: all of them share a rate that
    stands alone ("Japan and South Korea face 25% tariffs"); a run of as many rates gives
    each name its own, in order ("Canada and Norway face 25% and 15%", "... respectively")."""
    rates = _rate_run(view, start)
    first = rates[0][0]
    run = [item for item in others if item[0] < first][::-1]
    if not run or first - run[0][0] > 60:
        return []
    shared = run[:1]
    for place, code in run[1:]:
        if not _joined(view.text[place : shared[-1][0]]):
            break
        shared.append((place, code))
    codes = list(dict.fromkeys(c for _, c in shared[::-1]))
    if len(rates) > 1:
        at = [p for p, _ in rates].index(start)
        return [codes[at]] if len(codes) == len(rates) else []
    if "respectively" in view.low or len(codes) < 2:
        return []
    return codes


def _rate_run(view: View, start: int) -> list[tuple[int, int]]:
    """The run of rates joined by commas or "and" that the rate at ``start`` is one of."""
    spans = [m.span() for m in view.percents]
    at = next(i for i, (p, _) in enumerate(spans) if p == start)
    first = last = at
    while first > 0 and _RATES_JOINED.fullmatch(view.text, spans[first - 1][1], spans[first][0]):
        first -= 1
    while last + 1 < len(spans) and _RATES_JOINED.fullmatch(
        view.text, spans[last][1], spans[last + 1][0]
    ):
        last += 1
    return spans[first : last + 1]


def _joined(between: str) -> bool:
    """Whether the text from one name to the next is the rest of a list of names ("Norway,
    Papua New Guinea, Korea, South, Trinidad and Tobago, "): names and commas, "and", "or"
    or "&", no clause ("Norway - for countries not mentioned ...")."""
    if len(between) > 200 or not ("," in between or " and " in between or " or " in between):
        return False
    for piece in _LIST_SEPARATOR.split(between):
        words = [w for w in piece.split() if w not in _NAME_LINKS]
        # (a name's words are capitalised but for "d'" and "l'": "Côte d'Ivoire")
        if len(words) > 4 or not all(w[:1].isupper() or w[1:2] in "'’" for w in words):
            return False  # "Vietnam would have 46% and Taiwan": a clause, no list
    return True


def _talked_of(view: View) -> str | None:
    """The partner the text is speaking of: the one partner, an ally or the EU, that the
    nearest of the last few sentences about trade names ("the UK's top priorities ... The
    U.S. continues to levy a 25% duty on these imports")."""
    context = view.context
    # The partner the rates of the sentence before were given, however it was found (a list
    # of rates under a heading that named it: "Tariffs on steel will fall from 25% to zero.
    # A 10% tariff on most other goods imports remains in place.")
    before = {
        c.entity
        for c in context.previous_claims
        if c.kind == "tariff" and c.entity is not None and (c.entity == "EUU" or is_ally(c.entity))
    }
    if before:
        return before.pop() if len(before) == 1 else None
    for text in list(context.recent)[-_TALK_BACK:][::-1]:
        low = text.lower()
        if not _TRADE_TALK.search(text, low):
            continue
        codes = {c for _, c in _names(context, text) if c != "USA"}
        # The nearest sentence about trade decides: one that names no partner has moved the
        # talk to the measures themselves ("Section 232 – Steel and Aluminum Tariffs"); of
        # "Japan and the UK have deals with Washington" neither one is talked of.
        code = codes.pop() if len(codes) == 1 else None
        return code if code is not None and (code == "EUU" or is_ally(code)) else None
    return None


def _goods(view: View, start: int, end: int) -> str | None:
    """The goods a rate is on: named right after it ("25% duties on steel", "a 10% tariff on
    Canadian energy"), else right before it, with no other rate between ("Steel imports from
    Turkey face a 25% tariff", "car tariffs of 25%")."""
    found = _GOODS_AFTER.match(view.text, end)
    if found is None:
        window = _window(view, start)
        before = list(_GOODS_BEFORE.finditer(view.text, window, start)) if window < start else []
        found = before[-1] if before else None
    if found is None:
        return None
    word = (found.group(1) or found.group(2)).lower()
    return next(goods for goods, stems in _GOODS_OF.items() if word.startswith(stems))


def recognise(view: View) -> Iterator[Claim]:
    kinds = view.percent_kinds if view.percents else {}
    for match in view.percents:
        start, end = match.span()
        if kinds.get(start) != "tariff" or start in view.used:
            continue
        if (
            _ON_US_GOODS.match(view.text, end)
            or _RETALIATION.match(view.text, end)
            or _imposed_by_other(view, start)
        ):
            continue  # another country's tariff on US goods: no US tariff to judge
        partners = _partner(view, start, end)
        if partners is None and PRONOUN.search(view.text, view.low):
            previous = view.context.entities(view.context.previous_text)
            earlier = [c for _, c in previous if c != "USA"]
            partner = next((c for c in earlier if is_ally(c)), earlier[0] if earlier else None)
            partners = [partner] if partner else None
        if partners is None and not _GLOBAL.search(view.text, view.low):
            talked = _talked_of(view)  # "This rise to 15 percent was announced on July 31"
            partners = [talked] if talked else None
        if partners is None and (
            _ALL_PARTNERS.search(view.text, view.low) or _PRODUCT_BEFORE.search(view.text, 0, start)
        ):
            partners = ["ALL"]
        if partners is None and view.context.tariff_recently() and not _avoided(view, start):
            # the ally the passage is about, who pays US tariffs ("Britain now finds itself in
            # the same tariff band as Kosovo ... Our steel industries continue to face 25%")
            subject = view.context.ally_subject()
            partners = [subject] if subject is not None and subject != "USA" else None
        year, basis = view.year(start)
        goods = _goods(view, start, end)
        readings: list[str | None] = list(partners) if partners else [None]
        for partner in readings:
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
                goods=goods,
            )


# Whether a measure was in force on the day or only announced, as its verdict's evidence says
# it: "from 2025-04-05" (in force), "announced 2025-07-10, in force from 2025-08-01".
_SINCE = (
    "CASE WHEN effective_date > ? THEN 'announced ' || announced_date || "
    "', in force from ' || effective_date ELSE 'from ' || effective_date END"
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
    day = text_date.isoformat()
    # The store is immutable: the measures of a set of partners on a day are read once.
    memo = v.memo.kinds.setdefault("tariff", {})
    key = (tuple(sorted(partners)), day)
    if key not in memo:
        if len(memo) > 4096:
            memo.clear()
        marks = ", ".join("?" * len(partners))
        # In force on the day, or announced on or before it and not yet in force (a measure
        # without an announced_date counts from its effective date).
        memo[key] = v.q.conn.execute(
            f"SELECT iso3, measure, rate_pct, {_SINCE}, end_date, scope_notes, source_url "
            f"FROM us_tariffs WHERE iso3 IN ({marks}) "
            f"AND COALESCE(announced_date, effective_date) <= ? "
            f"AND (end_date IS NULL OR end_date >= ?) ORDER BY effective_date",
            (day, *key[0], day, day),
        ).fetchall()
    measures = memo[key]
    if not measures:
        return unverifiable(
            "not_covered", f"no US tariff on {claim.entity} in force or announced by {day}"
        )
    # A partner milex holds measures of its own for (on any day) pays every partner's when
    # none of its own is in force (North Macedonia's 33% of April was the 10% baseline by
    # June); of any other only the rates every partner pays can be known, and a rate on all
    # its goods ("tariffs on Indian goods ... 50%") is not one on steel that happens to match.
    held = claim.entity == "ALL" or _held(v, memo, partners - {"ALL"})
    if claim.goods is not None:
        judged = _judge_goods(claim, measures, day)
        if judged is not None and (held or judged.verdict == "accurate"):
            return judged
    candidates = measures if held else [m for m in measures if not _ON_GOODS.search(m[1])]
    same = _same_rate(claim, candidates)
    if same is not None:
        return same
    if not held:
        return unverifiable(
            "not_covered",
            f"no US tariff measure on {claim.entity} "
            "itself is held (milex covers the allies and the EU)",
        )
    return _inaccurate(claim, measures, day)


def _inaccurate(claim: Claim, measures: list[Any], day: str) -> Judgement:
    rates = ", ".join(f"{r:g}% ({m})" for _, m, r, *_ in measures)
    return Judgement(
        "inaccurate",
        Reference(measures[0][2], "us-tariffs-2025", measures[0][1], measures[0][6]),
        f"measures on {claim.entity} in force or announced on {day}: {rates}",
    )


def _judge_goods(claim: Claim, measures: list[Any], day: str) -> Judgement | None:
    """A rate on goods against the measures on those goods: a measure's own rate for them
    ("All Canadian goods; 10% on energy and potash") or the measures named for them (steel
    doubled to 50% in June 2025: "25% on Turkish steel" is then wrong, whatever else is 25%).
    None when no measure in force is on those goods (then every measure is read)."""
    assert claim.goods is not None
    stems = _GOODS_OF[claim.goods]
    for iso3, measure, _rate, effective, _end, notes, url in measures:
        for m in _NOTED_RATE.finditer(notes or ""):
            if (
                m.group(2).lower().startswith(stems)
                and abs(number(m.group(1)) - claim.value) < 1e-9
            ):
                return Judgement(
                    "accurate",
                    Reference(claim.value, "us-tariffs-2025", measure, url),
                    f"{measure} ({iso3}) {effective}: {m.group(0)}",
                )
    named = [m for m in measures if any(stem in m[1].lower() for stem in stems)]
    if not named:
        return None
    same = _same_rate(claim, named)
    return same if same is not None else _inaccurate(claim, named, day)


def _same_rate(claim: Claim, measures: list[Any]) -> Judgement | None:
    """Accurate on the first measure at the claim's rate; None if none is."""
    for iso3, measure, rate, effective, _end, _notes, url in measures:
        if abs(rate - claim.value) < 1e-9:
            return Judgement(
                "accurate",
                Reference(rate, "us-tariffs-2025", measure, url),
                f"{measure} ({iso3}), {rate:g}% {effective}",
            )
    return None


def _held(v: Verifier, memo: dict[Any, Any], partners: set[str]) -> bool:
    """Whether milex holds measures of its own for one of the partners, on any day."""
    key = ("held", tuple(sorted(partners)))
    if key not in memo:
        marks = ", ".join("?" * len(partners))
        memo[key] = bool(
            partners
            and v.q.conn.execute(
                f"SELECT 1 FROM us_tariffs WHERE iso3 IN ({marks}) LIMIT 1", key[1]
            ).fetchone()
        )
    return bool(memo[key])


KIND = Kind(
    "tariff",
    10,
    recognise,
    judge,
    percent_priority=_priority,
    priority_floor=10,
    dated_by_text=True,
    summary=(
        "US tariff rates on a partner, against measures in force or announced on the text's date"
    ),
)
