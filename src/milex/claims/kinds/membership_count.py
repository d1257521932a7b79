"""How many members a grouping has on the text's date: NATO ("the 31 NATO member states", "a
32-nation alliance", "22 of the alliance's 32 members", "the 32-strong club") and the EU members
that are allies ("the 23 EU members who also belong to NATO"). A plain fact: exact, or
inaccurate. Judged on the text's date in both verdicts."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import date

from milex.claims.extract import YEAR, Claim, View, lowered, number
from milex.claims.kinds import Kind
from milex.claims.kinds.count_meeting import ALSO_ALLIES_AFTER, of_total_matches
from milex.claims.verify import Judgement, Reference, Verifier
from milex.data import countries

EU_ALLIES = "EU_ALLIES"
# A membership's noun may carry where its members are: "32 mostly European nations", "the
# alliance's 32 European and North American countries" (words of region, not a count's words).
_REGION = r"(?:European|North\s+American|American|Euro-Atlantic|transatlantic|Western)"
REGION_WORDS = (
    r"(?:(?:mostly|mainly|largely|predominantly|chiefly)\s+)?" + _REGION
    + r"(?:\s+(?:and|&)\s+" + _REGION + r")?\s+"
)  # fmt: skip
MEMBERSHIP = re.compile(
    # "a 32-nation alliance", "the 32-member grouping", "the 32-strong transatlantic military
    # bloc", "the 32-country NATO": a compound of members before any noun of a grouping.
    r"\b(?:(\d{2})[-\s](?:nation|member|country|state|strong)\s+"
    r"(?:(?!(?:countries|states|nations|members|in|of|from)\b)[a-z-]+\s+){0,2}?"
    r"(?:alliance|club|bloc|organi[sz]ation|grouping|group|body|pact|NATO)\b|of\s+(\d{2})\s+(?:NATO|Nato)\s+(?:countries|members|"
    r"member\s+states|allies|nations)|all\s+(\d{2})\s+(?:of\s+(?:its|the|NATO['’]s|"
    r"(?:the\s+)?(?:alliance|bloc)['’]s)\s+)?"  # "all 32 of the alliance's membership"
    r"(?:NATO\s+)?(?:members|membership|allies|member\s+(?:states|countries|nations)|nations)|"
    r"the\s+"
    r"(?:(?:current|present|existing)\s+)?(\d{2})\s+"  # "among the current 31 members of NATO"
    r"(?:NATO\s+)?(?:countries|members|member\s+states|allies|nations)\s+(?:of|in)\s+(?:the\s+)?"
    r"(?:NATO|North\s+Atlantic|alliance|military\s+alliance)|"
    # "NATO's 32 countries", "the bloc's 32 states", "the alliance's 32 members"
    # ("NATO 32 countries don agree": the name before the number, without its possessive)
    r"(?:NATO|alliance|bloc|grouping|club)(?:['’]s|(?=\s+\d\d\s+(?:countries|members|allies|nations)))"
    r"\s+(?:(?:current|present|existing|all)\s+)?"
    # ("the alliance's 32-member nations": a compound of members before the members' noun)
    r"(\d{2})(?:-member)?\s+(?:" + REGION_WORDS + r")?(?:members|allies|member\s+states|"
    r"member\s+countries|member\s+nations|nations|countries|states|leaders)\b|"
    # Whatever a grouping is made of is its membership: "the 31 countries that make up the
    # Atlantic Alliance", "the 32 nations which form NATO", "the 32 states belonging to the
    # alliance" (the relative clause names the grouping; "the 27 countries that make up the EU"
    # names no alliance)
    r"the\s+(\d{2})\s+(?:member\s+)?(?:countries|nations|states|allies|members)\s+"
    r"(?:(?:that|which|who)\s+)?(?:make\s+up|makes\s+up|made\s+up|form|formed|constitute|"
    r"compose|belong\s+to|belonging\s+to|are\s+(?:members|part)\s+of)\s+(?:the\s+)?"
    r"(?:(?:North\s+)?Atlantic\s+|military\s+|transatlantic\s+)?(?:NATO|alliance)\b|the\s+(?:(?:current|present|existing)\s+)?"
    r"(\d{2})\s+(?:NATO|Nato)\s+"
    r"(?:countries|members|member\s+states|allies|nations|states)|the\s+(\d{2})\s+members\b|"
    # "expanded from 12 countries to 32", "grew from 12 founding members to 32": the size a
    # grouping grew to (26 to 35, not "from 3 countries to 23" meeting a goal) is its membership
    r"\bfrom\s+\d{1,2}\s+(?:(?:founding|original)\s+)?(?:countries|members|nations|allies|"
    r"member\s+states)\s+to\s+(2[6-9]|3[0-5])\b(?![.,]\d|\s*%|\s+per)|"
    # "NATO has grown from 12 to 32 allies": the noun after the second number, the growth verb
    # saying it is the grouping's size (not "rose from 10 to 28 countries meeting 2%": below)
    r"\b(?:grown|grew|expanded|enlarged)\s+from\s+\d{1,2}\s+to\s+(2[6-9]|3[0-5])\s+"
    r"(?:allies|members|nations|countries|member\s+states)\b(?!\s+(?:that\s+|which\s+)?"
    r"(?:meet|meeting|spend|spending|reach|reaching|hit|hitting|at|above)\b)|"
    r"(?:now|which\s+(?:now\s+)?has|NATO\s+(?:now\s+)?has|alliance\s+(?:now\s+)?has)\s+"
    r"(\d{2})\s+(?:NATO\s+)?"
    r"(?:members|allies|countries|member\s+states|nations)|(?:NATO|Nato|alliance)\s+"
    r"(?:countries|members|member\s+states|allies|nations)\s+out\s+of\s+(\d{2})\b)",
    re.I,
)
_MEMBERSHIP_LOWER = lowered(MEMBERSHIP)
# Phrasings that name no alliance ("among the 32 allied countries", "comprising 32 member
# states", "The 32 nations agreed"): a membership only in a text about NATO, with no mention of
# the EU in the sentence (27 member states). Read around each two-digit number of 26 to 35: the
# words before it, then its noun (and, at the sentence's start, a verb of agreeing).
# Also "the commitment of the 32 allies", "more than half of the 32 member states", "has grown
# to include 32 members", "the commitment of 32 countries" (a plain "countries" only after "of"),
# "to spend 5% for its 32 member countries", "its 32 members are on track", and "The 31 allies
# have committed to ...".
_MEMBERS_BEFORE = re.compile(
    r"\b(?:among|comprising|with|(of)|include|includes|including|for)\s+"
    r"(?:the\s+|its\s+|all\s+)?$|"
    # "NATO ... its 32 members are on track": the grouping's own members, NATO named before "its"
    # in the sentence or "Its" opening it (not "The company and its 30 members")
    r"\b(its)\s+$",
    re.I,
)
_MEMBERS_NOUN = re.compile(
    r"\s+(" + REGION_WORDS + r")?(?:allied\s+(?:countries|nations|states)|allies|member\s+states|"
    r"member\s+countries|member\s+nations|nation\s+states|members|nations|(countries))\b",
    re.I,
)
# "the 32 member countries", "the 32 member states": the compound of members, with the
# definite article, is the whole membership of the grouping the sentence names.
_MEMBER_COMPOUND = re.compile(r"\s+member\s+(?:countries|states|nations)\b", re.I)
# A grouping's leaders are as many as its members: "most of the 32 national leaders", "all 32
# heads of state" (in a sentence that names the alliance).
_LEADERS_NOUN = re.compile(
    r"\s+(?:national\s+|allied\s+)?(?:leaders|heads\s+of\s+(?:state|government))\b", re.I
)
_OPENS = re.compile(r"(?:the\s+)?", re.I)
# The allies acting as one, as the subject of a verb of deciding or of speaking together: "The
# 31 allies have committed", "the 32 countries said in a joint statement", "the 32 nations
# declared", "the 32 members reaffirmed" (a grouping speaks through what all its members say).
_MEMBERS_AGREED = re.compile(
    r"\s+(?:allies|nations|members|member\s+states|allied\s+countries|countries)\s+"
    r"(?:(?:have|had|all|both|jointly|also)\s+)?(?:agreed|pledged|committed|decided|signed|"
    r"endorsed|said|declared|stated|affirmed|reaffirmed|announced|vowed)\b",
    re.I,
)
# A meeting of the alliance brings its members together: "will convene 32 member nations",
# "the summit gathers the 32 allies", "brought together all 32 leaders" (the object of a verb of
# convening is the whole grouping; "hosted 30 companies" is no membership: the noun is checked).
_CONVENES = re.compile(
    r"\b(?:conven\w*|gather\w*|bring\w*\s+together|brought\s+together|reunit\w*|"
    r"assembl\w*)\s+(?:the\s+|all\s+|its\s+)?$",
    re.I,
)
# The alliance's own meeting: "the NATO summit", "the Ankara Summit ... the transatlantic
# security framework" (a summit in a sentence about the transatlantic alliance).
_SUMMIT = re.compile(r"\bsummit\b", re.I)
_TRANSATLANTIC = re.compile(r"\b(?:transatlantic|NATO|alliance)\b", re.I)
_LEADERS = re.compile(r"\s+(?:leaders|heads\s+of\s+(?:state|government))\b", re.I)
# Who joins as the N-th member makes the grouping N strong: "Sweden became the 32nd member of
# the North Atlantic Alliance", "joined as NATO's 32nd ally", "the 31st country to join NATO"
_NTH_MEMBER = re.compile(
    r"\b(?:becomes?|became|becoming|joined\s+as|joins\s+as|joining\s+as|is\s+now|was\s+now|"
    r"as)\s+(?:the\s+|NATO['’]s\s+|the\s+alliance['’]s\s+)?(\d{2})(?:st|nd|rd|th)\s+"
    r"(?:full\s+)?(?:member|ally|allied\s+country|country|nation|state|member\s+state)\b",
    re.I,
)
# The allies as the subject of a verb of gathering at the alliance's meeting: "32 nations are
# gathering in Washington for NATO's 75th Anniversary Summit", "the 32 allies convene in The
# Hague", "32 leaders will meet at the NATO summit" (not "met the target": no place after).
_MEMBERS_GATHER = re.compile(
    r"\s+(?:allies|nations|members|member\s+states|allied\s+countries|countries|leaders|"
    r"heads\s+of\s+(?:state|government))\s+(?:(?:are|were|will|have|had|all|now)\s+){0,2}"
    r"(?:(?:be\s+)?gather\w*|conven\w*|assembl\w*|(?:be\s+)?meeting\s+(?:in|at)\b|meet\s+(?:in|at)\b)",
    re.I,
)
_CLAUSE_OPENS = re.compile(r"(?:^|[,;:]\s*)$")
# "At the summit, the 32 allies committed to ...": the subject of a verb of agreeing anywhere.
_THE_BEFORE = re.compile(r"\b(?:the|all)\s+$", re.I)
_THEN = re.compile(r"\bthen[-\s]?$", re.I)
# "the 23 EU members who also belong to NATO", "23 of the EU's 27 member states are allies"
EU_IN_NATO = re.compile(
    r"\b(\d{2})\s+(?:of\s+the\s+EU['’]s\s+\d{2}\s+|EU\s+|European\s+Union\s+)"
    r"(?:members|member\s+states|countries|nations)\b|\((\d{2})\s+of\s+them\)",
    re.I,
)
# The members of another grouping that are also allies (see ALSO_ALLIES_AFTER): "23 member
# states are also NATO allies". Only the EU's members overlap the alliance by dozens.
_MEMBER_STATES = re.compile(r"\b(\d{2})\s+(?:EU\s+)?member\s+(?:states|countries)", re.I)
_BEFORE_DIGITS = 80
_AFTER_DIGITS = 120
# Two digits that are a number of their own ("31", not "2024" or "1.25").
_TWO_DIGITS = re.compile(r"\d(?<![\d.,]\d)\d(?![\d]|[.,]\d)")
_EU = re.compile(r"\bEU\b|European\s+Union", re.I)
_ALSO_NATO = re.compile(r"\b(?:NATO|allies|alliance)\b", re.I)
_EU_LOWER = lowered(_EU)
_ALSO_NATO_LOWER = lowered(_ALSO_NATO)


# The alliance named, or its treaty: "Article 5 of the Washington Treaty", "the North Atlantic
# Treaty" name NATO as surely as its name does.
_NATO_WORD = re.compile(
    r"\bNATO|alliance|allies\b|\b(?:Washington|North\s+Atlantic)\s+Treaty\b", re.I
)


def _in_text_about_nato(view: View) -> bool:
    """ "a goal now met by 24 of its 32 members" far from the word NATO, "only 22 of 32
    members": the sentence or one of the last few names NATO, the alliance or allies (looked
    at once per sentence)."""
    about = view.memo.get("about_nato")
    if about is None:
        about = view.memo["about_nato"] = bool(_NATO_WORD.search(view.text)) or any(
            _NATO_WORD.search(text) for text in view.context.recent
        )
    return bool(about)


def recognise(view: View) -> Iterator[Claim]:
    for claim in _recognise(view):
        year = _past_year(view, claim.start - claim.sentence_start)
        yield claim if year is None else dataclasses.replace(claim, year=year)


def _past_year(view: View, position: int) -> int | None:
    """A year before the text's in the clause of an alliance's size ("up from 3 of the 28 allies
    in 2014"): the size may be that year's."""
    if view.text_date is None or not view.has_digit:
        return None
    text = view.text
    start, stop = view.clause(position)
    for match in YEAR.finditer(text, start, stop):
        year = int(match.group(1))
        if year < view.text_date.year and not _SINCE.search(text, 0, match.start()):
            return year
    # else the one year the sentence names ("In 2014, only three of NATO's 28 members ...")
    years = {int(m.group(1)) for m in YEAR.finditer(text) if not _SINCE.search(text, 0, m.start())}
    if len(years) == 1 and (year := years.pop()) < view.text_date.year:
        return year
    return None


# A year that starts a span ("since 1949", "from 2014"): not the time of a size.
_SINCE = re.compile(r"\b(?:since|from|after|until|compared\s+(?:to|with))\s+$", re.I)


# A membership written in words ("Of the alliance's thirty-two members", "all thirty-one
# allies", "NATO's thirty-two nations"): the same phrasings as in digits, fewer of them.
_IN_WORDS = re.compile(
    r"\b(?:(?:NATO|alliance|bloc)['’]s|the|its|all|of|a)\s+(?:(?:current|present)\s+)?"
    r"(twenty-(?:six|seven|eight|nine)|thirty(?:-(?:one|two|three|four|five))?)(?:\s+"
    r"(?:NATO\s+)?(?:members|allies|member\s+states|member\s+countries|nations)\b|"
    # "NATO's thirty-two-member alliance", "a thirty-one-nation bloc": the compound, as in digits
    r"-(?:member|nation|country|strong)\s+(?:[a-z]+\s+){0,2}?(?:alliance|bloc|club|"
    r"organi[sz]ation|grouping|NATO)\b)",
    re.I,
)


def _in_words(view: View) -> Iterator[Claim]:
    if not ("thirty" in view.low or "twenty-" in view.low) or not _in_text_about_nato(view):
        return
    for match in _IN_WORDS.finditer(view.text):
        at = match.start(1)
        if at in view.used:
            continue
        yield view.claim(
            at, match.end(1), "membership_count", number(match.group(1)),
            "count", entity=countries.NATO,
        )  # fmt: skip


def _recognise(view: View) -> Iterator[Claim]:
    s, low = view.text, view.low
    if ("thirty" in low or "twenty-" in low) and view.word_numbers:
        yield from _in_words(view)  # (its own test first: most sentences write neither)
    if not view.two_digits:
        return
    if ("eu" in low or "european union" in low) and (
        (_EU.search(s) and _ALSO_NATO.search(s))
        if view.odd
        else (_EU_LOWER.search(low) and _ALSO_NATO_LOWER.search(low))
    ):
        for match in EU_IN_NATO.finditer(s):
            group = 1 if match.group(1) else 2
            if match.start(group) not in view.used:
                yield view.claim(
                    match.start(group), match.end(group), "membership_count",
                    float(match.group(group)), "count", entity=EU_ALLIES,
                )  # fmt: skip
    if " also " in low and "member" in low:
        for match in _MEMBER_STATES.finditer(s):
            if match.start(1) not in view.used and ALSO_ALLIES_AFTER.match(s, match.end()):
                yield view.claim(
                    match.start(1), match.end(1), "membership_count", float(match.group(1)),
                    "count", entity=EU_ALLIES,
                )  # fmt: skip
    if not ("allian" in low or view.nouns or "nato" in low or "club" in low or " out of " in low):
        return
    # A membership figure may also be a count's ("all 32 of its members ... spend at least 2%").
    taken: set[int] = set()
    for match in of_total_matches(view):
        window = s[max(0, match.start() - 40) : match.end() + 40]
        at = match.start(2)
        total = int(match.group(2))
        # A total the alliance has had (26 to 32) or might misstate (up to 35), out of
        # members near the word NATO or in a text about it; "10 of the 25 countries
        # surveyed" is a survey's sample.
        if (
            at not in taken
            and 26 <= total <= 35
            and not _THEN.search(s, max(0, at - 6), at)  # "Nato's then-31": a past one
            and (_NATO_WORD.search(window) or _in_text_about_nato(view))
        ):
            taken.add(at)
            yield view.claim(
                at, match.end(2), "membership_count", float(match.group(2)), "count",
                entity=countries.NATO,
            )  # fmt: skip
    # Every match holds two digits as a number of its own, with fewer than _BEFORE_DIGITS
    # characters of words before them and _AFTER_DIGITS after: the pattern (one alternative
    # per phrasing, tried at every word) runs only around such numbers.
    pattern, text = (MEMBERSHIP, s) if view.odd else (_MEMBERSHIP_LOWER, low)
    searched = 0
    for two in _TWO_DIGITS.finditer(s, view.first_digit.start() if view.first_digit else 0):
        start = max(searched, two.start() - _BEFORE_DIGITS)
        searched = two.end() + _AFTER_DIGITS
        for match in pattern.finditer(text, start, searched):
            group = next(i for i, g in enumerate(match.groups(), 1) if g)
            at = match.start(group)
            if at in taken:
                continue
            taken.add(at)
            yield view.claim(
                at, match.end(group), "membership_count", float(match.group(group)), "count",
                entity=countries.NATO,
            )  # fmt: skip
    yield from _members_of_it(view, taken)
    if ("st " in low or "nd " in low or "rd " in low or "th " in low) and _in_text_about_nato(view):
        for match in _NTH_MEMBER.finditer(s):
            at = match.start(1)
            value = int(match.group(1))
            if at in taken or at in view.used or not 26 <= value <= 35:
                continue
            taken.add(at)
            yield view.claim(
                at, match.end(1), "membership_count", float(value), "count",
                entity=countries.NATO,
            )  # fmt: skip


def _members_of_it(view: View, taken: set[int]) -> Iterator[Claim]:
    """ "among the 32 allies", "The 32 nations agreed" (see _MEMBERS_BEFORE)."""
    s, low = view.text, view.low
    if "eu" in low and (_EU.search(s) if view.odd else _EU_LOWER.search(low)):
        return
    for two in _TWO_DIGITS.finditer(s, view.first_digit.start() if view.first_digit else 0):
        at = two.start()
        value = int(two.group())
        if at in taken or at in view.used or not 26 <= value <= 35:
            continue
        before = _MEMBERS_BEFORE.search(s, max(0, at - 24), at)
        noun = before and _MEMBERS_NOUN.match(s, two.end())
        if (
            before
            and before.group(2)
            and not (before.start() == 0 or _NATO_WORD.search(s, 0, before.start()))
        ):
            before = None
        opens = _OPENS.fullmatch(s, 0, at) or _THE_BEFORE.search(s, max(0, at - 6), at)
        convened = (
            _MEMBERS_NOUN.match(s, two.end()) or _LEADERS.match(s, two.end())
        ) and _CONVENES.search(s, max(0, at - 30), at)
        if convened and _SUMMIT.search(s) and _TRANSATLANTIC.search(s):
            # (a summit of the transatlantic alliance names it as surely as its name does)
            taken.add(at)
            yield view.claim(
                at, two.end(), "membership_count", float(value), "count", entity=countries.NATO
            )
            continue
        named = (
            # (a plain "countries" only after "of"; with words of region it is a membership's)
            (before and noun and (before.group(1) or not noun.group(2) or noun.group(1)))
            or ((before or opens) and _LEADERS_NOUN.match(s, two.end()) and _NATO_WORD.search(s))
            or (
                _THE_BEFORE.search(s, max(0, at - 6), at)
                and _MEMBER_COMPOUND.match(s, two.end())
                and _NATO_WORD.search(s)
            )
            or convened
            or (opens and _MEMBERS_AGREED.match(s, two.end()))
            or (
                (opens or _CLAUSE_OPENS.search(s, max(0, at - 3), at))
                and _MEMBERS_GATHER.match(s, two.end())
                and _NATO_WORD.search(s)
            )
        )
        if not named:
            continue
        if not _in_text_about_nato(view):
            return
        taken.add(at)
        yield view.claim(
            at, two.end(), "membership_count", float(value), "count", entity=countries.NATO
        )


def judge(_: Verifier, claim: Claim, __: date | None, text_date: date) -> Judgement:
    allies = countries.members(text_date)
    size = int(claim.value)
    if claim.entity == countries.NATO and claim.year is not None and size != len(allies):
        # "3 of the 28 allies in 2014": the size the alliance had at some time in that year
        # (a size said in the text's own terms, "22 of NATO's 32 members met it in 2023", holds
        # on the text's date, below)
        sizes = {len(countries.members(date(claim.year, m, d))) for m, d in ((1, 1), (12, 31))}
        if size in sizes:
            return Judgement(
                "accurate",
                Reference(claim.value, None, "NATO accession dates", None, claim.year),
                f"NATO had {size} members in {claim.year}",
            )
    if claim.entity == EU_ALLIES:
        both = [c for c in allies if c.in_eu(text_date)]
        verdict = "accurate" if size == len(both) else "inaccurate"
        return Judgement(
            verdict,
            Reference(float(len(both)), None, "NATO and EU accession dates", None, text_date.year),
            f"{len(both)} EU members were NATO allies on {text_date.isoformat()}",
        )
    verdict = "accurate" if size == len(allies) else "inaccurate"
    return Judgement(
        verdict,
        Reference(float(len(allies)), None, "NATO accession dates", None, text_date.year),
        f"NATO had {len(allies)} members on {text_date.isoformat()}",
    )


KIND = Kind(
    "membership_count",
    35,
    recognise,
    judge,
    dated_by_text=True,
    summary="members of NATO, or EU members that are allies, on the text's date",
)
