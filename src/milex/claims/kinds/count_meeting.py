"""How many allies meet (or fall short of) a share of GDP in a year: "18 of 32 allies met 2%",
"only eight countries ... fall short", "nine member states did not reach the 2% threshold",
"Five NATO member states will spend over 3%", a count named by a list ("only Norway and
Denmark exceed 3%": two), and the counts that follow one with their own years ("up from
eleven last year and six the year before", "In 2014 that number was just 3").

Judged with the edition logic of ``milex status`` (``Queries.year_standings``): the allies that
year, Iceland never counted; "below" is the allies with a figure minus those at or above. An
exact count is accurate, one off roughly accurate (estimates move). When allies' figures are
missing from the release the count is a range, and it is judged only if every count in the
range gives the same verdict; else unverifiable, saying why the figures are missing.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from datetime import date

from milex.claims.extract import (
    COUNT_NUMBER,
    FUTURE,
    LAST_YEAR,
    LIKE_OTHER,
    MEET,
    PERCENT,
    SHORT,
    TARGET_WORD,
    TARIFF,
    THIS_YEAR,
    YEAR,
    YEAR_BEFORE,
    Claim,
    Cue,
    View,
    _writes_numbers,
    dates_an_event,
    is_ally,
    is_number,
    lowered,
    nearest,
    number,
    qualifier,
    year_placed,
)
from milex.claims.kinds import Kind
from milex.claims.kinds.rank import above_one
from milex.claims.verify import Judgement, Reference, Verifier, compare, unverifiable
from milex.data import countries

TOLERANCE = (0.0, 1.0)  # exact accurate, off by one roughly accurate
_GROUP_NOUN = (
    r"(allies|members?|member\s+(?:states|countries|nations)|countries|nations|states|"
    r"(?<=alliance\s)partners|(?<=nato\s)partners)"  # "three alliance partners"
    # (a verb run into the noun by scraping: "23 of32 NATO memberswill spend")
    r"(?:\b|(?=(?:will|would|have|had|are|were|met|spent|spend)\s))"
)
# "Of NATO's 32 members, 23 met the 2% guideline": a count right before its verb ("of the 31
# allies, only 11 had defense spending of at least two percent").
_BEFORE_VERB = (
    r"\s+(?:(?:have|had|will|would|are|were|now|already|still|currently|all|each)\s+){0,2}"
    # (a meeting foreseen is one too: "23 are expected to meet", "20 are set to reach")
    r"(?:(?:expected|projected|forecast|estimated|predicted|set|likely|on\s+track)\s+to\s+)?"
    r"(?:met|meet|meeting|reached|reach|reaching|hit|hitting|exceeded|exceed|exceeding|surpassed|"
    r"fell\s+short|fall\s+short|falling\s+short|missed|spent|spend|spending|"
    r"(?:(?<=had\s)|(?<=have\s))(?:defen[cs]e\s+|military\s+)?(?:spending|budgets?|outlays)\s+of)\b"
)
# "The number of allies meeting the 2% target rose from 11 in 2023 to 23 in 2024"
# "The ranks of allies meeting the goal swelled to 23", "the tally of members ...".
_NUMBER_OF = re.compile(
    r"\b(?:number|ranks|tally|count|club)\s+of\s+(?:NATO\s+)?(?:allies|members|countries|states|"
    r"nations|member\s+(?:states|countries|nations))\b",
    re.I,
)
_NUMBER_OF_WORDS = ("number of", "ranks of", "tally of", "count of", "club of")
# Each count pattern comes twice: for numbers in digits (it opens with a digit, so re skips
# straight to digits) and, only in a sentence that writes numbers in words, for both.
_DIGITS_ONLY = r"(\d(?<![\d.,]\d)\d{0,2}(?!\d|[.,]\d))"
# "23 (out of 31) do so": the total in parentheses, without its noun; "23 out of 32 have kept
# this commitment": without its noun before a verb (a total the alliance has had: see
# _NOUNLESS); "23 of32" as scraped, the space lost.
_OF_TOTAL = (
    r"\s+(?:\(\s*)?(?:out\s+)?of(?:\s+|(?=\d))(?:the\s+|its\s+|all\s+)?(?:NATO['’]s\s+|"
    r"the\s+alliance['’]s\s+|the\s+)?(?:then[-\s]?|(?:now|current|present)\s+)?(\d{1,3})(?:\s*\)|\s+(?:(?:NATO|Nato|alliance|member)\s+)?"
    + _GROUP_NOUN
    + r"|(?<=\d)(?=\s+(?:have|had|are|were|will|now|already|still|currently|met|meet|reached|"
    r"hit|exceeded|exceed|spent|spend|did|do|fell|fall|missed|kept|keep)\b))"
)
# A count whose own verb is one of pledging counts those who pledged a figure, not those who
# reached it: "all 32 allies agreed to spend 3.5% by 2035", "thirty-two members have pledged to
# spend 5%" (the figure is the pledge's; not "met a pledge to spend 2%", whose verb is meeting).
_PLEDGED = re.compile(
    r"\s+(?:(?:have|had|has|all|also|formally|jointly|now|unanimously|each|then)\s+){0,3}"
    # (in any tense: "all 32 member states commit to spending 3.5%", "the 31 allies pledge to")
    r"(?:agreed|agree|agrees|pledged|pledges?|committed(?:\s+themselves)?|commits?|promised|"
    r"promises?|vowed|vows?|undertook|undertakes?|signed\s+up)\s+(?:to|that)\b",
    re.I,
)
# How many members of one grouping also belong to the alliance is the overlap of the two
# memberships, never a count of allies meeting a share: "23 member states are also NATO
# allies", "23 Member States also belong to NATO" (membership_count reads it).
ALSO_ALLIES_AFTER = re.compile(
    r"\s+(?:(?:are|were)\s+also\s+(?:(?:members|part)\s+of\s+)?(?:NATO['’]s\s+|the\s+)?"
    r"(?:NATO|alliance|allies)\b|also\s+(?:belong\s+to|sit\s+in)\s+(?:NATO|the\s+alliance)\b)",
    re.I,
)
_NOUNLESS = (26, 35)  # the totals a count "out of" a number without a noun may have
# "some (eight) countries": a count in parentheses; "only three of the members of NATO".
_ALONE = (
    r"\)?\s+(?:of\s+(?:its|their|the\s+alliance['’]s|the(?=\s+(?:members|member\s+states|allies)"
    r"\s+of\s+(?:NATO|Nato|the\s+alliance)\b))\s+)?(?:(?:NATO|Nato|alliance|European|EU|other)\s+)?"
    r"(?:member\s+)?" + _GROUP_NOUN
)
# "18 of the alliance's 32 members", "22 out of 32 NATO countries", "over 20 of NATO's 32"
OF_TOTAL = re.compile(r"\b" + COUNT_NUMBER + _OF_TOTAL, re.I)
OF_TOTAL_DIGITS = re.compile(_DIGITS_ONLY + _OF_TOTAL, re.I)
# "only ten alliance members met the threshold", "Twenty-three allies will spend"
ALONE = re.compile(r"\b" + COUNT_NUMBER + _ALONE, re.I)
ALONE_DIGITS = re.compile(_DIGITS_ONLY + _ALONE, re.I)
BEFORE_VERB = re.compile(r"\b" + COUNT_NUMBER + _BEFORE_VERB, re.I)
BEFORE_VERB_DIGITS = re.compile(_DIGITS_ONLY + _BEFORE_VERB, re.I)
_OF_TOTAL_LOWER = lowered(OF_TOTAL_DIGITS)
_ALONE_LOWER = lowered(ALONE_DIGITS)
_BEFORE_VERB_LOWER = lowered(BEFORE_VERB_DIGITS)
# "will spend over 3%", "spend 2% or more", "spend the equivalent of at least 2%": a count of
# allies spending past a share.
# A word saying the share spent is the goal ("will spend the required 2 per cent", "spend the
# agreed 2%", "the NATO-mandated 2%") leaves it a level spent.
_REQUIRED = (
    r"(?:required|agreed|recommended|mandated|NATO-mandated|minimum|necessary|stipulated|"
    r"promised|pledged|targeted|prescribed|expected|obligatory|magic)"
)
_SPEND_PAST = re.compile(
    # (and at a share denied: "eight countries are not yet at 2%", "aren't at the 2% mark")
    r"\b(?:spend|spent|spending|allocat\w*|invest\w*|be\s+at|are\s+at|were\s+at|"
    r"(?:are|were|be)(?:\s+not|n['’]t)(?:\s+(?:yet|still))?\s+at|be|are|were)\s+"
    r"(?:(?:the\s+)?equivalent\s+of\s+|of\s+)?"  # "spend the equivalent of at least 2%"
    r"(?:(?:over|more\s+than|above|at\s+least|in\s+excess\s+of|north\s+of|at\s+or\s+above|"
    r"less\s+than|under|below)\s+)?"
    r"(?:the\s+)?(?:"
    + _REQUIRED
    + r"\s+)?(?:\d|[a-z]+(?:-[a-z]+)?\s+per\s?cent\b|[a-z]+\s+percent\b)",
    re.I,
)
# A count of allies that spend or invest a share of GDP is a count at that share, whatever
# words of degree stand between the verb and the share ("are investing more of 2% at least of
# their GDP", "devote well over 2 per cent", "invest upwards of 2%"): up to three such words,
# then a percentage (not "spending to 5%": to raise spending to a share is no level reached).
_SPEND_SHARE = re.compile(
    r"\b(?:spend\w*|spent|invest\w*|allocat\w*|devot\w*|dedicat\w*)\s+(?:(?:more|less|of|at|least|"
    r"well|over|above|upwards|in|excess|than|nearly|almost|around|about|roughly|some|the|"
    + _REQUIRED
    + r"|"
    r"equivalent|just|slightly|far|much|close\s+to|up\s+to)\s+){1,3}?"
    r"\d[\d.,]*\s?(?:%|per\s?cent|percent)",
    re.I,
)
_SPEND_WORDS = ("spen", "invest", "allocat", "devot", "dedicat")
# Allies at a share said directly, as NATO's reports do: "23 members at or above 2%" (not in a
# sentence about tariffs: "tariffs on 23 countries at or above 10%" count no share of GDP).
_AT_OR = re.compile(
    r"\b(?:allies|members|countries|nations|states)\s+at\s+or\s+(?:above|below)\s+(?:the\s+)?\d",
    re.I,
)
# The counts that follow one: "up from eleven last year", "against five a year earlier", "that
# number was just 3", "it was still just 7, and 11 last year".
_FOLLOW = re.compile(
    r"\b(?:up\s+from|down\s+from|from|against|compared\s+(?:to|with)|versus|number\s+was|"
    # (an adverb of manner between the verb and "to" changes nothing: "rose sharply to 23")
    r"(?:rise|rose|risen|grow|grew|grown|increase[sd]?|climb(?:ed)?|jump(?:ed)?|swell(?:ed|s)?|"
    r"swollen|doubled|tripled|expanded)(?:\s+[a-z]+ly)?\s+to|(?:stands?|stood)\s+at|"
    r"(?:double|triple|twice|times)(?:\s+the)?(?!(?:\s+the)?\s+(?:number|figure|tally|total|count)\b)|"
    # ("more than double the 10 that did so")
    # "four times the number (six) that did in 2021", "the figure, six, in 2021": the count a
    # noun of counting restates in parentheses or between commas
    r"(?:number|figure|tally|total|count)\s*[(,]|"
    r"it\s+was|there\s+were|was|and|to)(?:\s+|(?<=[(,]))(?:(?:still|just|only|a\s+mere)\s+){0,2}"
    # A count given as a bound or a round figure is still a count, with that qualifier: "from
    # less than 10 countries", "up from fewer than ten", "against about a dozen" (the reader
    # takes the bound as the claim: below 10).
    r"(?:(?:less|fewer|more)\s+than\s+|under\s+|over\s+|nearly\s+|almost\s+|about\s+|"
    r"around\s+|roughly\s+|some\s+)?" + COUNT_NUMBER,
    re.I,
)
_NOT_A_COUNT_AFTER = re.compile(
    r"^\s*(?:%|-|per\s?cent|percent|pct|p\.?c\b|bn|billion|million|trillion|years?\b|months?\b|"
    r"times|fold|to\b|of\b(?!\s+(?:them|those|these)\b)|out\b|\.\d|,\d|euros?|dollars?|pounds?|troops|soldiers|tanks|jets)",
    re.I,
)
_FOLLOW_TOTAL = re.compile(
    r"\s+(?:out\s+)?of\s+(?:the\s+|its\s+|all\s+)?(\d{1,2})(?![\d.,]\d|\s*(?:%|per\s?cent|percent|"
    r"bn|billion|million|trillion|euros?|dollars?))",
    re.I,
)
# "only Poland (4.48%), Lithuania (4.00%) and Latvia (3.73%) currently exceed the 3.5% ...",
# "the only ally exceeding 4%"
_ONLY = re.compile(r"\bonly\b", re.I)
# A count that names its counted right after it, set off by a colon or a dash: "only three
# countries: Poland, ...", "only three members – Poland, ..." (a comma reads as before).
_COUNTED_NAMED = re.compile(
    r"\s+(\d{1,2}|two|three|four|five|six|seven|eight|nine|ten)\s+(?:[\w-]+\s+)?"
    r"(?:allies|countries|members|nations|states)\s*(?::|[–—]|\s-)\s*(?:the\s+)?$",
    re.I,
)
_LIST_GAP = re.compile(r"^(?:\s*\([^()]{0,24}\))?\s*(?:,|,?\s+and|&)?\s*(?:the\s+)?$", re.I)
_ONLY_ONE = re.compile(
    r"\bthe\s+only\s+(?:ally|country|member|nation|member\s+state|NATO\s+member)\s+"
    r"(?:to\s+)?(?:exceed\w*|spend\w*\s+(?:more\s+than|over|above)|above|over|meet\w*|"
    r"reach\w*|with\s+more\s+than)",
    re.I,
)
_MAX_ALLIES = 40
# "increase their defense budgets to 2% of GDP": raising spending to a share is reaching it.
_RAISE_TO = re.compile(
    r"\b(?:increas|rais|boost|lift|bring|hik)\w*\s+(?:[\w’']+\s+){0,4}?to\s+"
    r"(?:at\s+least\s+)?(?:\d|[a-z]+(?:-[a-z]+)?\s+per)",
    re.I,
)
# ("have kept this commitment", "honoured that pledge": done what the sentence before said)
_DONE_SO = re.compile(
    r"\b(?:(?:done|do|does|did)\s+so|(?:kept|keep|keeps|honou?red|fulfill?ed|respected)\s+"
    r"(?:this|that|the|their|its)\s+(?:commitment|pledge|promise))\b",
    re.I,
)
# Fewer than the alliance has ever had: "one of the 18 nations" counts 18 (and "one of the 32
# members" names the membership).
_MEMBERS_AT_LEAST = 26
# Verbs of meeting a threshold that are not MEET's: "three countries out of 31 passed the 2.0
# threshold", "crossed the 2% mark".
_PASSED = re.compile(
    r"\b(?:pass(?:ed|es|ing)?|cross(?:ed|es|ing)?|topped|attain\w*|honou?r(?:ed|s|ing)?)\b", re.I
)
# "including the previous three countries": a count the text stated before, not a new one.
_IN_EVERY = re.compile(r"\b(?:one|two|three|four|nine|\d{1,2})\s+(?:in|of\s+every)\s+$", re.I)
_ANAPHORIC = re.compile(r"\b(?:previous|aforementioned|above-mentioned|same|original)\s+$", re.I)
# "nearly two dozen allies", "half a dozen countries".
_DOZENS = {"a dozen": 12.0, "one dozen": 12.0, "two dozen": 24.0, "half a dozen": 6.0}
_DOZEN = re.compile(r"\b(a\s+dozen|one\s+dozen|two\s+dozen|half\s+a\s+dozen)" + _ALONE[3:], re.I)


# A count without its noun, whose verb meets a goal the text set: "At the time of the pledge,
# only three had reached that goal", "just 3 met the target" (the allies are the goal's).
_BARE_MET_TAIL = (
    r"\s+(?:(?:have|had|has|already|still|then|actually)\s+){0,2}(?:met|reached|hit|achieved|"
    r"exceeded|surpassed)\s+(?:that|this|the|its|their)\s+(?:[\w%.-]+\s+){0,2}?"
    r"(?:goal|target|guideline|benchmark|threshold)\b"
)
_BARE_MET = re.compile(r"\b" + COUNT_NUMBER + _BARE_MET_TAIL, re.I)
_BARE_MET_DIGITS = re.compile(_DIGITS_ONLY + _BARE_MET_TAIL, re.I)
_GOAL_WORDS = ("goal", "target", "guideline", "benchmark", "threshold")


_MEET_WORDS = (" met ", "reach", " hit ", "achiev", "exceed", "surpass")


def _meets_word(low: str) -> bool:
    for word in _MEET_WORDS:  # noqa: SIM110 (a loop: no generator on this hot path)
        if word in low:
            return True
    return False


def _names_goal(low: str) -> bool:
    for word in _GOAL_WORDS:  # noqa: SIM110 (a loop: no generator on this hot path)
        if word in low:
            return True
    return False


def _bare_counts(view: View) -> list[re.Match[str]]:
    """The counts without a noun that meet a goal (_BARE_MET), numbers in words tried only
    where one stands."""
    found = list(_BARE_MET_DIGITS.finditer(view.text)) if view.short_number else []
    # (a sentence without digits is read for this only when a kind asked for it: see
    # _read_only, so its numbers in words are looked for here)
    for place in view.number_words if view.word_numbers or not view.has_digit else ():
        if match := _BARE_MET.match(view.text, place):
            found.append(match)
    return [m for m in found if is_number(m.group(1)) and number(m.group(1)) <= _MAX_ALLIES]


def _spends_share(low: str, s: str) -> bool:
    """Whether a verb of spending takes a share of GDP a few words after it (_SPEND_SHARE),
    looked for only where such a verb stands."""
    for word in _SPEND_WORDS:
        if word in low:
            return bool(_SPEND_SHARE.search(s))
    return False


def _priority(view: View, start: int, end: int) -> int | None:
    """A count's threshold: the percentage the count is measured against."""
    return 20 if start in _counts(view)[1] else None


def _counts(view: View) -> tuple[list[tuple[int, int, float, dict[str, object]]], set[int]]:
    """The counts of a sentence (start, end, value, fields) and the percentages that are their
    thresholds, found once per sentence."""
    cached = view.memo.get("counts")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    found: list[tuple[int, int, float, dict[str, object]]] = []
    thresholds: set[int] = set()
    s, low = view.text, view.low
    small = view.short_number or view.word_numbers
    # Candidate counts first (digits: fast), the verbs only where one stands.
    of_total: list[re.Match[str]] = []
    alone: list[re.Match[str]] = []
    if (view.nouns or " out of " in low) and small:
        of_total = [
            m
            for m in of_total_matches(view)
            if m.group(3) or ")" in m.group() or _NOUNLESS[0] <= int(m.group(2)) <= _NOUNLESS[1]
        ]
        if view.odd:
            alone = [*ALONE_DIGITS.finditer(s), *BEFORE_VERB_DIGITS.finditer(s)]
        else:  # the same patterns, case-sensitive on the lower-cased text (twice as fast)
            alone = [*_ALONE_LOWER.finditer(low), *_BEFORE_VERB_LOWER.finditer(low)]
        if view.word_numbers:
            # Numbers in words: the patterns are tried only where one stands (a pattern
            # opening with any word would be tried at every word of the sentence).
            for place in view.number_words:
                for pattern in (ALONE, BEFORE_VERB):
                    if match := pattern.match(s, place):
                        alone.append(match)
        alone.sort(key=lambda m: m.start())
    elif _names_goal(low) and _meets_word(low) and (small or not view.has_digit):
        alone = _bare_counts(view)
    listed = "only" in low and bool(view.percents)
    dozen = "dozen" in low
    facts = view.facts if (of_total or alone or listed or dozen) else None
    verbs = facts is not None and (
        facts.meet
        or bool(_SPEND_PAST.search(s))
        or (bool(view.percents) and _spends_share(low, s))
        or facts.short
        or bool(_PASSED.search(s))
        or (" or " in low and bool(_AT_OR.search(s)) and not TARIFF.search(s, low))
    )
    # "18 out of the alliance's 31 member states are set to increase their defense budgets to
    # 2%": a count out of the membership whose verb, after it, raises spending to a share.
    raised = of_total and not verbs and _RAISE_TO.search(s, of_total[0].end())
    raise_at = raised.start() if raised else len(s)
    # "NATO leaders agreed to spend at least 2% ... So far, 22 of the 32 member countries
    # have done so": the verb and its threshold are the sentence before's.
    done_so = facts is not None and not verbs and bool(_DONE_SO.search(s))
    before_level: float | None = None
    if done_so:
        earlier = PERCENT.search(view.context.previous_text)
        verbs = earlier is not None
        before_level = number(earlier.group(1)) if earlier is not None else None

    # A figure in parentheses right after a name is that name's share, not a threshold
    # ("Hungary (2.43%) and Latvia (2.07%) are all exceeding the alliance's guideline").
    levels: list[re.Match[str]] = []
    starts: list[int] = []

    def threshold(position: int) -> float | None:
        goal = _goal_of_clause(view, position)
        if goal is not None:
            return goal  # "a goal that 24 out of 32 members meet", "23 ... have met this target"
        if not view.percents and _THAT_GOAL.search(s, position):
            # "only three had reached that goal": the goal the sentence before set (a share
            # of GDP, not "the 20% boost")
            previous = view.context.previous_text
            earlier = PERCENT.search(previous) if "GDP" in previous else None
            if earlier is not None:
                return number(earlier.group(1))
        if view.percents and not levels:  # (the levels found at the first count asked about)
            levels.extend(p for p in view.percents if not _named_figure(view, p.start()))
            starts.extend(p.start() for p in levels)
        at = bisect.bisect_right(starts, position)
        if at < len(starts):
            chosen: re.Match[str] | None = levels[at]  # the first after the count
        else:
            chosen = levels[-1] if levels else None  # else the last before
        if chosen is not None:
            thresholds.add(chosen.start())
            return number(chosen.group(1))
        if done_so:
            return before_level
        near = (
            view.threshold_near(position)
            if len(levels) == len(view.percents)
            else (2.0 if TARGET_WORD.search(s, low) else None)
        )
        return near or (2.0 if facts and facts.short else None) or _goal_before(view)

    taken: set[int] = set()
    if verbs or raised:
        for match in of_total:
            if not verbs and match.end() > raise_at:
                continue
            if _PLEDGED.match(s, match.end()):
                continue  # "all 32 allies agreed to spend 5%": who pledged, not who met it
            level = threshold(match.start())
            if level is None:
                continue
            taken.update((match.start(1), match.start(2)))
            if match.group(1).lower() != "one":
                found.append(_count(view, match.start(1), match.end(1), match, level))
            elif int(match.group(2)) < _MEMBERS_AT_LEAST:
                # "Germany is one of the 18 nations set to meet the target": 18 meet it.
                total = float(match.group(2))
                found.append(_count(view, match.start(2), match.end(2), match, level, total))
    if verbs:
        for match in alone:
            if match.start(1) in taken or match.start(1) in view.used:
                continue
            if number(match.group(1)) >= 29 and _TOTAL_BEFORE.search(
                s[max(0, match.start() - 20) : match.start()]
            ):
                continue  # "the list of 32 Nato nations", "Of NATO's 32 members": the membership
            if _ANAPHORIC.search(s, max(0, match.start() - 20), match.start()):
                continue  # "including the previous three countries": a count stated before
            if _IN_EVERY.search(s, max(0, match.start() - 12), match.start()):
                continue  # "two in three allies": a fraction, not a count of three
            if LIKE_OTHER.search(s, max(0, match.start() - 30), match.end()):
                continue  # "Belgium, like the other 31 NATO member states, ...": a comparison
            if above_one(view, match.start(1)):
                continue  # "12 other allies exceed its share": a rank (rank's)
            if _pool(view, match.start(1)) or _averaged(view, match.start(1)):
                continue
            if _PLEDGED.match(s, match.end()):
                continue  # (see above)
            if " also " in low and ALSO_ALLIES_AFTER.match(s, match.end()):
                continue  # "23 member states are also NATO allies": an overlap (membership's)
            level = threshold(match.start())
            if level is not None:
                taken.add(match.start(1))
                found.append(_count(view, match.start(1), match.end(1), match, level))
    if verbs and dozen:
        for match in _DOZEN.finditer(s):
            level = threshold(match.start())
            if level is not None and match.start() not in view.used:
                value = _DOZENS[re.sub(r"\s+", " ", match.group(1).lower())]
                found.append(_count(view, match.start(), match.end(1), match, level, value))
    if listed and facts is not None:
        found.extend(_named_by_list(view, threshold))
    if "only" in low and view.entities and not any(f[2] == 1.0 for f in found):
        found.extend(_only_one(view))
    if _may_list(view) and len(view.entities) >= 3:
        found.extend(_named_by_run(view, threshold, found))
    if (
        found
        or any(c.kind == "count_meeting" for c in view.context.previous_claims)
        or (view.nouns and _names_a_number(low))
        or ("count_meeting" in view.context.last and _goes_on(view) is not None)
    ):
        found.extend(_following(view, found, taken))
        if "counts_threshold" in view.memo:
            thresholds.add(view.memo["counts_threshold"])
    view.memo["counts"] = (found, thresholds)
    return found, thresholds


# "In 2024, only 19 of the 31 members achieved it": the goal is the sentence before's.
_IT_GOAL = re.compile(
    r"\b(?:met|meet|meets|meeting|reached|reach|reaches|achieved|achieve|achieves|hit|hits|"
    r"exceeded|exceed|exceeds|surpassed|fulfill?ed|fulfils|fulfills)\s+(?:it\b|(?:that|this)"
    r"(?=\s*[.,;]))",
    re.I,
)


# "Of the 25 countries surveyed, only 10 met the goal": the pool a count is drawn from.
_POOL_BEFORE = re.compile(
    r"(?:^|[,;:]\s*)(?:of|among|out\s+of)\s+(?:the|its|their|these|those|NATO['’]s|"
    r"the\s+alliance['’]s)\s+$",
    re.I,
)


def _pool(view: View, start: int) -> bool:
    """Whether the number at ``start`` opens the sentence or a clause as the pool a count is
    drawn from ("Of the 25 countries surveyed, only 10 ..."): no verb of meeting or falling
    short in its own clause ("Of the 10 allies that met the goal, three are Baltic" counts)."""
    if not _POOL_BEFORE.search(view.text, max(0, start - 30), start):
        return False
    clause = view.text[slice(*view.clause(start))]
    return not (MEET.search(clause) or SHORT.search(clause) or _SPEND_PAST.search(clause))


# "the other 31 allies spent 2.0% on average": the group's average, not a count at a threshold.
_AVERAGE = re.compile(r"\baverag\w*", re.I)


def _averaged(view: View, start: int) -> bool:
    """Whether the clause of the number at ``start`` gives an average ("on average", "an
    average of"): the figure is the group's mean, so the number counts no one past it."""
    if "averag" not in view.low:
        return False
    return bool(_AVERAGE.search(view.text, *view.clause(start)))


# A count in a relative clause on a goal's noun counts the allies meeting that goal, whose
# figure stands before the noun: "its target of spending at least 2 percent of GDP — a goal
# that 24 out of 32 members currently meet — but ... 5 percent", "a 2% guideline, which 23
# allies reached" (not a percentage after the count, another clause's).
_GOAL_THAT_BEFORE = re.compile(
    r"\b(?:goal|target|guideline|benchmark|threshold|level|mark)\s*,?\s+(?:that|which)\s+"
    r"(?:only\s+|just\s+|some\s+)?$",
    re.I,
)
# A count whose verb takes "this target" or "that goal" counts the allies meeting the goal the
# sentence before set: "It was agreed to spend 2 percent of GDP ... Currently, 23 of the 32
# member countries have met this target, with the alliance as a whole spending 2.61 percent"
# (the percentage after it is another clause's share).
_MET_THIS_GOAL = re.compile(
    r"[^,;:.%]{0,60}?\b(?:met|meet|meets|meeting|reached|reach|reaching|hit|hitting|achieved|"
    r"achieve|exceeded|exceed|surpassed|fulfill?ed)\s+(?:this|that|the\s+same)\s+(?:goal|target|"
    r"guideline|benchmark|threshold)\b",
    re.I,
)


_SHARE_WORD = re.compile(r"%|per\s?cent|percent")


def _goal_of_clause(view: View, position: int) -> float | None:
    """The figure of the goal a count's clause names (see _GOAL_THAT_BEFORE, _MET_THIS_GOAL),
    when the count's own clause gives none before its verb."""
    s = view.text
    low_near = view.low[max(0, position - 30) : position + 80]
    if " that " in low_near or " which " in low_near:
        noun = _GOAL_THAT_BEFORE.search(s, max(0, position - 30), position)
        if noun is not None:
            earlier = [m for m in view.percents if m.end() <= noun.start()]
            if earlier and noun.start() - earlier[-1].end() <= 150:
                return number(earlier[-1].group(1))
    # ("this goal" is the sentence's own when a share stands before the count: "... two
    # percent of GDP in 2024, ... when only 10 allies achieved this goal")
    if (
        "this " in low_near or "that " in low_near or "same " in low_near
    ) and not _SHARE_WORD.search(view.low, 0, position):
        at = s.find(" ", position)  # past the count's number
        if at != -1 and _MET_THIS_GOAL.match(s, at):
            set_before = PERCENT.search(view.context.previous_text)
            if set_before is not None and "GDP" in view.context.previous_text:
                return number(set_before.group(1))
    return None


def _goal_before(view: View) -> float | None:
    """The threshold of a count whose verb takes "it" for a goal: the first percentage of the
    sentence before."""
    if " it" not in view.low and "that" not in view.low and "this" not in view.low:
        return None
    if not _IT_GOAL.search(view.text):
        return None
    earlier = PERCENT.search(view.context.previous_text)
    return number(earlier.group(1)) if earlier is not None else None


_NAME_THEN_PARENTHESIS = re.compile(r"[A-Za-zÀ-ÿ.’']\s*\(\s*$")


def _named_figure(view: View, start: int) -> bool:
    """Whether the percentage at ``start`` stands in parentheses right after a country's name
    ("Latvia (2.07%)")."""
    if not view.entities or "(" not in view.text[max(0, start - 3) : start]:
        return False
    if not _NAME_THEN_PARENTHESIS.search(view.text, max(0, start - 4), start):
        return False
    return nearest(view.entities, start, set()) is not None and any(
        0 < start - p <= 40 for p, _ in view.entities
    )


def _names_a_number(low: str) -> bool:
    for words in _NUMBER_OF_WORDS:  # noqa: SIM110 (a loop: no generator on this hot path)
        if words in low:
            return True
    return False


def of_total_matches(view: View) -> list[re.Match[str]]:
    """ "18 of the alliance's 32 members": every count out of a total in the sentence (counts
    and memberships read them), found once per sentence; numbers in words are tried only
    where one stands."""
    found = view.memo.get("of_total")
    if found is None:
        s, low = view.text, view.low
        found = []
        if " of " in low or "(of " in low:  # ("18 (of the now 31 NATO countries)")
            found = list(OF_TOTAL_DIGITS.finditer(s) if view.odd else _OF_TOTAL_LOWER.finditer(low))
            if view.word_numbers:
                found += filter(None, (OF_TOTAL.match(s, p) for p in view.number_words))
                found.sort(key=lambda m: m.start())
        view.memo["of_total"] = found
    return found


def _count(
    view: View,
    start: int,
    end: int,
    match: re.Match[str],
    level: float,
    value: float | None = None,
) -> tuple[int, int, float, dict[str, object]]:
    at = _predicate(view.text, match.end())
    after = view.text[at : at + 70]
    before = view.text[max(0, start - 40) : start]
    short = bool(_short_in(view, start, at) or _LESS_THAN.match(after)) and not MEET.search(
        after[:12]
    )
    if not short and "short" in view.low:
        fall = _FALL_SHORT.search(view.text)
        if fall is not None and _shortfall_of_count(view, start, fall.start()):
            short = not MEET.search(after)
    if not short and _SHORT_BEFORE.search(before):
        short = True
    if not short and _NEGATED_MEET.match(after):
        short = True  # "seven allies haven't hit the 2% mark": not meeting it is below it
    year, basis = _clause_year(view, start)
    if _REMAINING_BEFORE.search(view.text, max(0, start - 24), start) and not view.topical:
        # "At least 22 ... met ... the target set in 2014. The remaining nine countries did
        # not.": the rest of the count before, of its year (not the goal's 2014)
        earlier = view.context.last.get("count_meeting")
        if earlier is not None and earlier.year is not None:
            year, basis = earlier.year, earlier.year_basis
    total = None
    if value is None and match.re in (OF_TOTAL, OF_TOTAL_DIGITS, _OF_TOTAL_LOWER):
        total = int(match.group(2))
    return (
        start,
        end,
        number(match.group(1)) if value is None else value,
        {
            "threshold": level,
            "year": year,
            "year_basis": basis,
            "side": "below" if short else "meeting",
            "qualifier": qualifier(view.text, start, end),
            "total": total,
        },
    )


_REMAINING_BEFORE = re.compile(r"\b(?:remaining|other|rest\s+of\s+the)\s+$", re.I)


def _predicate(s: str, end: int) -> int:
    """What a count's sentence says of the counted after the count: the next words, or, when
    an aside set off by dashes names the members counted first ("eight countries – Croatia,
    Portugal ... and Spain – are still not compliant"), the words after the aside. A reader
    takes the verb after the closing dash as the count's own. (Where those words start.)"""
    after = s[end : end + 70]
    if "–" in after or "—" in after or "-" in after:
        opening = _DASH.search(s, end, end + 40)
        if opening is not None and _WORDS_ONLY.match(s, end, opening.start()):
            dash = opening.group().strip()
            close = s.find(dash, opening.end(), opening.end() + 160)
            if close != -1:
                return close + len(dash)
    return end


# Words of the count's noun before an aside opens ("eight member countries – ...").
_WORDS_ONLY = re.compile(r"[\w\s’']*")
# "Under" is a side of a threshold only when a figure or a threshold noun follows it ("under
# 2%", "under the 2% target", "under the threshold"); "under the alliance", "under the treaty"
# or "under NATO's umbrella" says whose members the counted are (a general rule of the word:
# a preposition of authority as often as one of amount).
_UNDER_WHAT = re.compile(
    r"\s+(?:(?:the|its|their|a|an|nato['’]s|alliance['’]s)\s+)?(?:[\w.%-]+\s+){0,2}?"
    r"(?:\d|target|threshold|goal|guideline|benchmark|mark|level|bar|line|requirement|pledge)",
    re.I,
)


def _short_in(view: View, start: int, at: int) -> bool:
    """Whether the words after a count (from ``at``) say it is of those below the threshold
    (of the counted, see _shortfall_of_count)."""
    after = view.text[at : at + 70]
    for m in SHORT.finditer(after, view.low[at : at + 70]):
        if m.group().lower() == "under" and not _UNDER_WHAT.match(after, m.end()):
            continue
        if _shortfall_of_count(view, start, at + m.start()):
            return True
    return False


# "fall short", "fell short", "falling short" anywhere in a count's sentence.
_FALL_SHORT = re.compile(r"\b(?:falls?|fell|falling)\s+short\b", re.I)
# Words that may stand between a clause's opening and its verb without being its subject.
_NO_SUBJECT = frozenset(
    (
        "and", "but", "while", "whereas", "though", "although", "yet", "so", "are", "is",
        "were", "was", "have", "has", "had", "will", "would", "still", "already", "now", "all",
        "also", "currently", "continue", "to", "remain", "remaining",
    )
)  # fmt: skip


def _shortfall_of_count(view: View, start: int, fall: int) -> bool:
    """Whether "falling short" elsewhere in the sentence says it of the counted: it does when
    it stands in the count's clause, or its clause has no subject of its own ("Eight allies,
    including Spain, are falling short"); a clause with its own subject ("while a third of
    members are falling short", "but the rest fell short") says it of those others."""
    clause_start, clause_stop = view.clause(fall)
    if clause_start <= start < clause_stop:
        return True
    words = view.low[clause_start:fall].replace(",", " ").replace(";", " ").split()
    return all(w in _NO_SUBJECT for w in words)


# "eight countries have spent less than 2 per cent": below the threshold.
_LESS_THAN = re.compile(
    r"^\s+(?:(?:have|had|will|would|are|were|still|each|all)\s+){0,2}(?:spen[dt]|spending|"
    r"allocat\w*|invest\w*|be|are|were|at)\s+(?:(?:just|only|slightly|far|much)\s+)?"
    r"(?:less|fewer|lower)\s+than\b",
    re.I,
)
# A verb of meeting negated in the count's own clause counts the allies below the threshold, in
# any tense or contraction: "haven't hit", "hadn't met", "don't meet", "never reached", "were
# unable to reach", "are not yet meeting" (not "have not only met but exceeded": that is more
# than meeting, and "only" stands between).
_NEGATED_MEET = re.compile(
    r"^[^,;:.]{0,30}?(?:\bnot|n['’]t|\bnever|\byet\s+to|\bfail(?:ed|s|ing)?\s+to|\bunable\s+to)\s+"
    # (a meeting foreseen and denied is one too: "not projected to reach", "not on track to meet")
    r"(?:(?:yet|been\s+able\s+to|managed\s+to|even|still|ever|quite|(?:projected|expected|"
    r"forecast|estimated|predicted|set|likely|on\s+track)\s+to)\s+){0,2}"
    r"(?:meet|met|meeting|reach\w*|hit|hitting|achiev\w*|fulfil\w*|exceed\w*|surpass\w*|"
    r"clear\w*|cross\w*|pass\w*|made|make|topp?\w*|at\b(?!\s+all\b)|compl\w*)"
    # (complying with a threshold is meeting it: "non-compliant" is not meeting it)
    r"|^[^,;:.]{0,30}?\bnon-?compl\w*",
    re.I,
)
_TOTAL_BEFORE = re.compile(r"(?:\bof|NATO['’]s|alliance['’]s|\bits|\bthe)\s+$", re.I)
# "delinquent members ... eight", "all but five allies met the target" (five did not).
_SHORT_BEFORE = re.compile(
    r"\b(?:delinquent|laggards?|stragglers?)\b[^.]{0,30}$|\ball\s+but\s+$", re.I
)


def _clause_year(view: View, position: int) -> tuple[int | None, str]:
    """The year of the clause a count stands in ("11 last year in 2023"), else the nearest;
    "as of" the text's own year, in the present, is now ("As of 2025, 23 allies meet the
    target": the standing at the text's year is the latest one published, as "currently")."""
    year, basis = _year_of_clause(view, position)
    if (
        basis == "explicit"
        and view.text_date is not None
        and year == view.text_date.year
        and "as " in view.low
        and (as_of := _AS_OF_YEAR.search(view.text)) is not None
        and int(as_of.group(1)) == year
        and not FUTURE.search(view.text)
    ):
        return year, "current"
    return year, basis


def _year_of_clause(view: View, position: int) -> tuple[int | None, str]:
    start, stop = view.clause(position)
    clause = view.text[start:stop]
    # Any year of its own clause, even after "compared with" ("compared with just three in
    # 2014": 2014 is that count's year, not a point of comparison).
    deadlines = view.deadlines  # "target of 3.5% by 2035" is the target's year
    explicit = [
        (abs(start + m.start() - position), int(m.group(1)))
        for m in YEAR.finditer(clause)
        if start + m.start() not in deadlines
        # "the 2% goal agreed at the Wales summit in 2014 has been met by 23 allies": the
        # goal's year, not the count's
        and not dates_an_event(view.text, start + m.start())
        # "only 19 had reached the target set by NATO partners in 2014", "the goal the
        # allies adopted in 2014": a year after the goal's noun and a verb of setting it dates
        # the goal (whoever set it), not the count
        and not (
            _SETS_WORDS.search(clause)
            and _GOAL_SET.search(view.text, max(0, start + m.start() - 70), start + m.start())
        )
    ]
    if "year" in clause and ("following" in clause or "later" in clause):
        # "fell to six the following year before rebounding to seven in 2022": the year a
        # phrase names counts as the clause's own (see View.facts).
        written = {start + m.start() for m in YEAR.finditer(clause)}
        explicit += [
            (abs(place - position), year)
            for place, year, basis in view.facts.years
            if start <= place < stop and basis == "explicit" and place not in written
        ]
    # "has risen to 23 from just three in 2014": 2014 is the point of comparison's
    compared = [
        (distance, year)
        for distance, year in explicit
        if position + distance < len(view.text)
        and _FROM_COUNT.search(view.text, position, position + distance)
    ]
    if compared and len(compared) == len(explicit):
        carried = view.context.carried_year()
        if carried is not None:
            return carried
        if view.text_date is not None:
            return view.text_date.year, "current"
    explicit = [item for item in explicit if item not in compared]
    if explicit:
        return min(explicit)[1], "explicit"  # the nearest ("from 11 in 2023 to 23 in 2024")
    if "time" in view.low or "then" in view.low:
        back = _AT_THAT_TIME.search(view.text)
        if back is not None and not YEAR.search(view.text):
            # "NATO agreed in 2014 to spend 2%. At the time of the pledge, only three had
            # reached that goal": the time the sentence before dated
            # (the time it places something at, not a deadline it names: "in 2014 ... by 2024")
            placed = year_placed(view.context.previous_text)
            if placed is not None:
                return placed, "explicit"
    if view.text_date is not None and "still" in clause and _STILL.search(clause):
        # "8 members are still not projected to reach 2%": "still" in the present speaks
        # of now, whatever year the sentences above were about
        return view.text_date.year, "current"
    if view.text_date is not None:
        # The nearest of "last year" and "this year" ("18 will spend 2% this year – almost
        # double the number from last year")
        low = clause.lower()
        phrases = [
            (abs(start + m.start() - position), year)
            for cue, year in (
                (LAST_YEAR, view.text_date.year - 1),
                (THIS_YEAR, view.text_date.year),
            )
            for m in cue.finditer(clause, low)
        ]
        if phrases:
            return min(phrases)[1], "relative"
    s = view.text
    # "23 of the 32 countries—including new members Finland and Sweden—reaching the threshold
    # in 2024": the year after an aside set off by dashes.
    aside = _DASH.search(s, position, min(stop + 1, position + 60))
    if aside is not None:
        close = s.find(aside.group(), aside.end(), aside.end() + 120)
        if close > 0:
            after, end = view.clause(close + len(aside.group()))
            years = [
                int(m.group(1)) for m in YEAR.finditer(s, after, end) if m.start() not in deadlines
            ]
            if years:
                return years[0], "explicit"
    if (
        view.text_date is not None
        and stop < len(s)
        and _COMPARED_AFTER.match(s, stop)
        # (no year nor year phrase before it: "Last year, only ten met it, compared to three
        # in 2014" is of last year)
        and not any(place < stop for place, _, _ in view.facts.years)
    ):
        # "23 allies meet the target, almost four times the number (six) that did in 2021":
        # the years after a point of comparison are the comparison's; the count is of now
        # (or of the year above)
        carried = view.context.carried_year()
        if carried is not None:
            return carried
        if not FUTURE.search(s[view.clause(position)[0] : stop]):
            return view.text_date.year, "current"
    year, basis = view.year(position)
    if year is None and view.text_date is not None and view.facts.future:
        # "23 of the 31 allies will reach the 2% target" with no year anywhere: a projection of
        # the text's own year (NATO's estimates are of the year they come out in).
        if _own_future(view, position, stop):
            return view.text_date.year, "relative"
        # The future of another clause is not the count's: "only 22 of 32 members have met
        # the 2 per cent target, raising questions about whether the bloc will reach the new
        # one" counts in the present perfect, the latest year published (as with no future).
        return view.text_date.year, "current"
    return year, basis


def _own_future(view: View, position: int, stop: int) -> bool:
    """Whether the future stands in the count's own words: its clause, or up to its threshold
    when an aside splits them ("Twenty-three allies, NATO said, will spend 2%")."""
    start = view.clause(position)[0]
    after = [p.end() for p in view.percents if p.start() > position]
    return bool(FUTURE.search(view.text[start : max(stop, after[0] if after else stop)]))


_SETS_WORDS = re.compile(r"set|agreed|adopted|made|establish|fixed|laid")
_GOAL_SET = re.compile(
    r"\b(?:target|goal|guideline|benchmark|threshold|pledge|commitment)s?\b[^.;\d]{0,45}?"
    r"\b(?:set|agreed|adopted|made|established|fixed|laid\s+down)\b[^.;\d]{0,30}?\bin\s+"
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+)?$",
    re.I,
)
_AT_THAT_TIME = re.compile(
    r"\b(?:at\s+the\s+time(?:\s+of\s+(?:the|that|its)\s+\w+)?|at\s+that\s+(?:time|point)|"
    r"back\s+then|by\s+then)\b",
    re.I,
)
_AS_OF_YEAR = re.compile(r"\bas\s+(?:of|at)\s+(?:(?:early|mid|late)[-\s])?((?:19|20)\d\d)\b", re.I)
_STILL = re.compile(
    r"\b(?:is|are|do|does|remain|remains|falls?|lags?|miss|misses)\s+(?:\w+\s+)?still\b|"
    r"\bstill\s+(?:(?:do|does|are|is|remain|fall|lag|miss|spend|have|has)\b|(?:not|n['’]t)\b)",
    re.I,
)
# A point of comparison that opens a later clause: "(up) from", "against", "compared with",
# "(four) times / double the number".
_COMPARED_AFTER = re.compile(
    r"[,;:\s–—-]*(?:[a-z]+\s+){0,3}?(?:from|against|versus|compared\s+(?:with|to)|"
    r"(?:times|double|triple|quadruple|twice)\s+(?:the\s+)?(?:number|figure|total|tally|count)\b)",
    re.I,
)
_FROM_COUNT = re.compile(
    r"\b(?:from|against|versus|compared\s+(?:with|to))\s+(?:(?:just|only|a\s+mere|some)\s+)?"
    r"(?:\d|[a-z]+\b(?!\s+(?:19|20)\d\d))",
    re.I,
)
_DASH = re.compile(r"—|--|\s[–-]\s")


def _named_by_list(
    view: View, threshold: object
) -> Iterator[tuple[int, int, float, dict[str, object]]]:
    """ "only Norway and Denmark exceed 3%": a count of the countries listed."""
    s = view.text
    one = _ONLY_ONE.search(s)
    if one is not None:
        level = threshold(one.end())  # type: ignore[operator]
        named = nearest(view.entities, one.start(), set(), s)
        if level is not None:
            year, basis = _clause_year(view, one.start())
            if named is not None:
                view.memo.setdefault("listed", []).append(([named], level, year, basis))
            start = one.start() + one.group(0).lower().find("only")
            yield start, start + 4, 1.0, {
                "threshold": level, "year": year, "year_basis": basis, "side": "meeting",
                "qualifier": None, "total": None,
            }  # fmt: skip
        return
    for only in _ONLY.finditer(s):
        listed = [(p, c) for p, c in view.entities if only.end() <= p < only.end() + 160]
        if len(listed) < 2:
            continue
        # "only three countries: Poland, Lithuania and Latvia, spent more": the count names its
        # counted after a colon or a dash (see _COUNTED_NAMED); the count is its number's.
        counted = _COUNTED_NAMED.match(s, only.end(), listed[0][0])
        if counted is None and not re.match(r"^\s*(?:the\s+)?$", s[only.end() : listed[0][0]]):
            continue
        names = [listed[0]]
        for place, code in listed[1:]:
            previous = names[-1][0]
            if not _LIST_GAP.match(s[_name_end(s, previous) : place]):
                break
            names.append((place, code))
        last_end = _name_end(s, names[-1][0])
        raw = s[last_end : last_end + 90]
        rest = re.sub(r"^\s*\([^()]{0,24}\)", "", raw)
        last_end += len(raw) - len(rest)
        if len(names) < 2 or not (MEET.search(rest[:60]) or _SPEND_PAST.search(rest[:60])):
            continue
        level = threshold(last_end)  # type: ignore[operator]
        if level is None:
            continue
        year, basis = _clause_year(view, last_end)
        if counted is not None:
            if number(counted.group(1)) == len(names):  # (else not its counted)
                view.memo.setdefault("listed", []).append(
                    ([code for _, code in names], level, year, basis)
                )
            continue
        start, end = only.span()  # the count is the list's length: no number is written
        listed = view.memo.setdefault("listed", [])
        listed.append(([code for _, code in names], level, year, basis))
        yield start, end, float(len(names)), {
            "threshold": level, "year": year, "year_basis": basis, "side": "meeting",
            "qualifier": None, "total": None,
        }  # fmt: skip


# "Only Poland is currently at that level", "Only Poland exceeds 4%", "only Greece has reached
# it": "only" before one ally that is at, past or meeting a level is a count of one (the level
# the sentence gives, else the last the sentence before gave). A bare share ("Only Poland
# spends 4.1%") is that ally's figure, not a count.
_ONE_PAST = re.compile(
    r"\s*(?:\([^()]{0,24}\)\s*)?(?:(?:is|was|remains|stands|has|had|currently|now|already|"
    r"still|so\s+far|yet|so)\s+){0,3}(?:"
    r"(?:at|above|over|beyond|past|reached|met|meets|hit|hits|exceeded|exceeds|surpassed|"
    r"surpasses|crossed|crosses|cleared|clears|passed|passes)\s+(?:(?:that|this|the)\s+)?"
    r"(?:(?:new|higher|same)\s+)?(?:level|mark|threshold|bar|target|goal|benchmark|line|"
    r"figure|it\b|that\b|this\b|(?:the\s+)?\d)|"
    r"spends?\s+(?:more\s+than|over|above|at\s+least|in\s+excess\s+of)\s+\d|"
    r"(?:exceeds?|exceeded|surpass\w*|tops)\s+(?:the\s+)?\d)",
    re.I,
)
_NOT_ONLY = re.compile(r"\bnot\s+$", re.I)
_THAT_GOAL = re.compile(
    r"\b(?:that|this)\s+(?:goal|target|guideline|benchmark|threshold|level|mark)\b", re.I
)
# A sentence without numbers is read for such a count only when "only" stands before a name and
# a verb of standing or meeting, after a sentence that gave a share ("..., at least 3.5 percent.
# Only Poland is currently at that level.").
_ONLY_NAME_VERB = re.compile(
    r"\b[Oo]nly\s+(?:the\s+)?[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)?\s+(?:is|was|remains|stands|has|had|"
    r"currently|now|already|still|so|exceeds|exceeded|meets|met|reached|reaches|hit|hits|tops|"
    r"surpass\w*|crossed|passed)\b"
)


def _read_only(text: str, low: str, previous: str) -> bool:
    """Whether a sentence without numbers may count one ally past a level (see _only_one), or
    count in words the allies that met the goal the sentence before set (see _BARE_MET)."""
    if not ("%" in previous or "cent" in previous):
        return False
    if _ONLY_NAME_VERB.search(text):
        return True
    # "only three had reached that goal"
    return _meets_word(low) and bool(_THAT_GOAL.search(text)) and _writes_numbers(low)


def _only_one(view: View) -> Iterator[tuple[int, int, float, dict[str, object]]]:
    """ "Only Poland is currently at that level": a count of one (see _ONE_PAST)."""
    s = view.text
    for only in _ONLY.finditer(s):
        if _NOT_ONLY.search(s, max(0, only.start() - 6), only.start()):
            continue  # "not only Poland ...": no count
        named = [(p, c) for p, c in view.entities if only.end() < p <= only.end() + 5]
        if not named or not re.match(r"^\s*(?:the\s+)?$", s[only.end() : named[0][0]]):
            continue
        place, code = named[0]
        if not is_ally(code):
            continue
        end = _name_end(s, place)
        if " and " in s[place:end] or any(place < p < end for p, _ in view.entities):
            continue  # a list ("only Poland and Lithuania exceed 4%") is read above
        if _ONE_PAST.match(s, end) is None:
            continue
        after = [p for p in view.percents if p.start() >= end]
        if after:
            level: float | None = number(after[0].group(1))
        else:
            earlier = list(PERCENT.finditer(view.context.previous_text))
            level = number(earlier[-1].group(1)) if earlier else None
        if level is None:
            continue
        year, basis = _clause_year(view, end)
        view.memo.setdefault("listed", []).append(([code], level, year, basis))
        yield only.start(), only.end(), 1.0, {
            "threshold": level, "year": year, "year_basis": basis, "side": "meeting",
            "qualifier": None, "total": None,
        }  # fmt: skip
        return


# After a list of three or more allies, what they do: "Poland, Estonia, the United States,
# Latvia, and Greece will spend more than 3%", "Poland (4.48%), Lithuania (4%), and Latvia
# (3.73%) are the only members currently above the new 3.5% goal".
_RUN_MEETS = re.compile(
    r"^\s*(?:[-–—,]\s*)?(?:(?:will|are|were|also|all|each|both|currently|now|already|have|had|"
    r"the\s+only\s+(?:members|allies|countries|nations|ones)(?:\s+(?:that|which|who))?)\s+){0,4}"
    r"(?:spend\w*\s+(?:more\s+than|over|above|at\s+least|in\s+excess\s+of)|exceed\w*|"
    r"surpass\w*|above|over\b|at\s+or\s+above|meet\b|met\b|reach(?:ed)?\b|hit\b)",
    re.I,
)
# Before a list, that they fall short: "Falling below the goal, from highest to lowest, are
# Croatia, Portugal, ... and Spain", "Missing the target were ...".
_RUN_SHORT = re.compile(
    r"(?:fall\w*\s+(?:below|short)|fell\s+(?:below|short)|below\s+the\s+(?:goal|target|"
    r"threshold|guideline|benchmark|mark)|short\s+of|missing|miss(?:ed|es)?\s+the|lagg\w*)"
    r"[^.;]{0,60}?\b(?:are|were|include|included|:)\s*$",
    re.I,
)


_RUN_WORDS = (
    "exceed", "more than", "above", "over", "surpass", "at least", "meet", "met ", "reach",
    "hit ", "below", "short", "missing", "miss", "lag",
)  # fmt: skip


def _may_list(view: View) -> bool:
    """Whether a sentence can name a count by a list (a cheap test before its names are
    looked for): two commas, a percentage or a goal, and a word of meeting or falling short."""
    known = view.memo.get("listable")
    if known is not None:
        return bool(known)
    view.memo["listable"] = known = _listable(view)
    return known


def _listable(view: View) -> bool:
    low = view.low
    if low.count(",") < 2:
        return False
    if not (view.percents or "goal" in low or "target" in low):
        return False
    for word in _RUN_WORDS:  # noqa: SIM110 (a loop: no generator on this hot path)
        if word in low:
            return True
    return False


def _runs(view: View) -> list[list[tuple[int, str]]]:
    """Runs of three or more allies named one after another ("Poland, Estonia, the United
    States, Latvia, and Greece"; a figure in parentheses between them is allowed)."""
    s = view.text
    runs: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []
    for place, code in view.entities:
        if (
            current
            and place > current[-1][0]
            and (_LIST_GAP.match(s[_name_end(s, current[-1][0]) : place]))
        ):
            if code not in {c for _, c in current}:
                current.append((place, code))
            continue
        if len(current) >= 3:
            runs.append(current)
        current = [(place, code)]
    if len(current) >= 3:
        runs.append(current)
    return runs


def _named_by_run(
    view: View, threshold: object, found: list[tuple[int, int, float, dict[str, object]]]
) -> Iterator[tuple[int, int, float, dict[str, object]]]:
    """ "Poland, Estonia, the US, Latvia and Greece will spend more than 3%" (five), "Falling
    below the goal ... are Croatia, Portugal, ... and Spain" (eight below): a count of the
    allies a list names, without "only"."""
    s = view.text
    taken = {start for start, *_ in found}
    for run in _runs(view):
        first, _ = run[0]
        only = _ONLY.search(s[max(0, first - 8) : first])
        if only or any(first - 8 <= t <= first for t in taken):
            continue  # "only Norway, ..." is read above
        if not all(is_ally(code) for _, code in run):
            continue
        last_end = _name_end(s, run[-1][0])
        raw = s[last_end : last_end + 90]
        rest = re.sub(r"^\s*\([^()]{0,24}\)", "", raw)
        last_end += len(raw) - len(rest)  # past the last one's own figure
        side = None
        level: float | None = None
        if _RUN_MEETS.match(rest):
            side = "meeting"
            level = threshold(last_end)  # type: ignore[operator]
        elif _RUN_SHORT.search(s[max(0, first - 100) : first]):
            side = "below"
            before = [p for p in view.percents if p.end() <= first]
            if before:
                level = number(before[-1].group(1))
            elif TARGET_WORD.search(s, view.low):
                level = 2.0  # "below the goal": NATO's 2%
        if side is None or level is None:
            continue
        year, basis = _clause_year(view, last_end)
        end = _name_end(s, first)
        if side == "meeting":
            listed = view.memo.setdefault("listed", [])
            listed.append(([code for _, code in run], level, year, basis))
        yield first, end, float(len(run)), {
            "threshold": level, "year": year, "year_basis": basis, "side": side,
            "qualifier": None, "total": None,
        }  # fmt: skip


_NAME_END = re.compile(r"[A-Za-zÀ-ÿ.’'-]+(?:\s+(?:and\s+|of\s+)?[A-ZÀ-Þ][A-Za-zÀ-ÿ.’'-]*)*")


def _name_end(sentence: str, start: int) -> int:
    """Where a country name that starts at ``start`` ends."""
    if sentence[start : start + 4].lower() == "the ":
        start += 4
    match = _NAME_END.match(sentence, start)
    return match.end() if match else start


def _following(
    view: View, found: list[tuple[int, int, float, dict[str, object]]], taken: set[int]
) -> Iterator[tuple[int, int, float, dict[str, object]]]:
    """Counts that follow a count of this sentence or the sentence before, with their own
    years: "up from eleven last year", "In 2014 that number was just 3"."""
    earlier = [c for c in view.context.previous_claims if c.kind == "count_meeting"]
    s = view.text
    if not found and not earlier and (last := _goes_on(view)) is not None:
        earlier = [last]
    number_of = _NUMBER_OF.search(s) if view.nouns else None
    if not found and not earlier and number_of is None:
        return
    base = dict(found[-1][3]) if found else None
    if base is None and not earlier:
        assert number_of is not None
        after = [p for p in view.percents if p.start() > number_of.end()]
        if after:
            level: float | None = number(after[0].group(1))
            view.memo["counts_threshold"] = after[0].start()
        else:
            level = view.threshold_near(number_of.end())
            if level is None and _GOALS.search(s, view.low):
                # "the number of members meeting their spending commitments": goals in the
                # plural, without a figure, are the guideline as the singular is (see
                # View.threshold_near)
                level = 2.0
        if level is None:
            return
        year, basis = view.year(number_of.start())
        base = {
            "threshold": level, "year": year, "year_basis": basis,
            "side": "below" if SHORT.search(s[number_of.end() : number_of.end() + 40])
            else "meeting",
            "qualifier": None, "total": None,
        }  # fmt: skip
    if base is None:
        last = earlier[-1]
        base = {
            "threshold": last.threshold, "year": last.year, "year_basis": last.year_basis,
            "side": last.side, "qualifier": None, "total": None,
        }  # fmt: skip
    previous_year = base.get("year")
    if (
        "grow" in view.low
        or "grew" in view.low
        or "expand" in view.low
        or "enlarg" in view.low
        or "found" in view.low
        or "origin" in view.low
    ) and _ENLARGED.search(s):
        return  # "the alliance grew from 12 nations to 32": its size, not a count past a share
    covered = {position for s0, e, *_ in found for position in range(s0, e)}
    if number_of is not None:
        # "almost double the number of members from last year, 11": the count set off by a
        # comma after "the number of ...", in the year the words between name.
        named = _APPOSITIVE.match(s, number_of.end())
        if named is not None and is_number(named.group(2)):
            start, end = named.span(2)
            value = number(named.group(2))
            if start not in taken and start not in view.used and value <= _MAX_ALLIES:
                year, basis = _phrase_year(view, named.group(1), previous_year)
                if year is None:
                    year, basis = _clause_year(view, start)
                taken.add(start)
                yield start, end, value, dict(base) | {
                    "year": year, "year_basis": basis, "qualifier": None, "total": None,
                }  # fmt: skip
    for match in _FOLLOW.finditer(s):
        if not is_number(match.group(1)):
            continue
        start, end = match.span(1)
        if start in taken or start in view.used or start in covered:
            continue
        value = number(match.group(1))
        # "up from just 10 out of 30 a year earlier", "from 3 of 28 in 2014": a count with its
        # total (the total, a number of allies, no percentage or money).
        total = _FOLLOW_TOTAL.match(s, end)
        if total is not None and value < int(total.group(1)) <= _MAX_ALLIES:
            end = total.end()
        elif _NOT_A_COUNT_AFTER.match(s[end : end + 12]):
            continue
        if value > _MAX_ALLIES:
            continue
        own = _YEAR_AFTER.match(s, end)
        if own is not None and own.start(1) not in view.deadlines:
            # "from 4 nations in 2017 to 11 countries by 2023": in a run of counts each with
            # its year, the year right after a count is its own, however near the one before
            year, basis = int(own.group(1)), "explicit"
        else:
            year, basis = _clause_year(view, start)
        clause_after = s[end : end + 25]
        if YEAR_BEFORE.search(clause_after) and isinstance(previous_year, int):
            year, basis = previous_year - 1, "relative"
        fields = dict(base) | {
            "year": year, "year_basis": basis, "qualifier": qualifier(s, start, end), "total": None,
        }  # fmt: skip
        taken.add(start)
        previous_year = year
        yield start, end, value, fields


# The year written right after a count and its noun ("11 countries by 2023", "23 out of 32
# members (72 per cent) by 2024").
_YEAR_AFTER = re.compile(
    r"\s+(?:[A-Za-z]+\s+){0,2}?(?:\([^()]{0,30}\)\s+)?(?:in|by|as\s+of)\s+(19[4-9]\d|20\d\d)\b"
)
# A sentence that goes on with a count a few sentences up: it names "this number" (not "the
# number of ...", which names its own), or runs a count of countries from one year to another
# ("from 4 nations in 2017 to 11 countries by 2023") without a verb of its own.
_BACK_TO_COUNT = re.compile(r"\b(?:this|that|the)\s+(?:number|tally|count)\b(?!\s+of\b)", re.I)
_TREND = re.compile(
    r"\bfrom\s+(?:(?:just|only|a\s+mere)\s+)?(\d{1,2}|[a-z]+(?:-[a-z]+)?)\s+(?:NATO\s+)?"
    r"(?:allies|members|countries|nations|member\s+states)\b[^.;%]{0,40}?\bto\s+"
    r"(?:just\s+|only\s+)?(\d{1,2}|[a-z]+(?:-[a-z]+)?)\b",
    re.I,
)
# A run of sizes that is the alliance's growth, not a count at a threshold ("grew from 12
# founding nations in 1949 to 32 members today").
_ENLARGED = re.compile(
    r"\b(?:alliance|NATO|Nato|bloc|membership|club)\s+(?:has\s+|had\s+)?(?:grown|grew|expanded|"
    r"enlarged)\b|\b(?:founding|original)\s+(?:members|nations|countries|allies|states)\b",
    re.I,
)


def _goes_on(view: View) -> Claim | None:
    """The count of a sentence a few sentences up that this one goes on with (see
    _BACK_TO_COUNT), if any."""
    last = view.context.last.get("count_meeting")
    if last is None or last.sentence not in view.context.recent:
        return None
    low = view.low
    if ("number" in low or "tally" in low or "count" in low) and _BACK_TO_COUNT.search(view.text):
        return last
    if "from " in low and " to " in low:
        trend = _TREND.search(view.text)
        if (
            trend is not None
            and is_number(trend.group(1))
            and is_number(trend.group(2))
            and not _ENLARGED.search(view.text)
        ):
            return last
    return None


_GOALS = Cue(r"(?:target|goal|guideline|benchmark|threshold|pledge|commitment|obligation)s")
# After "the number of allies": up to a comma, then the count ("..., 11").
_APPOSITIVE = re.compile(
    r"([^,.;:()]{0,50}),\s+(?:(?:just|only|then|which\s+was|that\s+is)\s+)?"
    + COUNT_NUMBER
    + r"(?=\s*(?:[.;,)]|$))",
    re.I,
)


def _phrase_year(view: View, phrase: str, before: object) -> tuple[int | None, str]:
    """The year a short phrase names: "in 2023", "a year earlier" (than ``before``, the year
    of the count before), "last year", "this year" (else None)."""
    year = YEAR.search(phrase)
    if year is not None:
        return int(year.group(1)), "explicit"
    if isinstance(before, int) and YEAR_BEFORE.search(phrase):
        return before - 1, "relative"
    if view.text_date is not None:
        low = phrase.lower()
        if LAST_YEAR.search(phrase, low):
            return view.text_date.year - 1, "relative"
        if THIS_YEAR.search(phrase, low):
            return view.text_date.year, "relative"
    return None, "none"


def recognise(view: View) -> Iterator[Claim]:
    if not (
        view.nouns
        or view.context.previous_claims
        or "only" in view.low
        or (_names_goal(view.low) and _meets_word(view.low))
        or (_may_list(view) and len(view.entities) >= 3)
    ):
        return
    counts, _ = _counts(view)
    for start, end, value, fields in counts:
        if start in view.used:
            continue
        yield view.claim(
            start,
            end,
            "count_meeting",
            value,
            "count",
            entity=countries.NATO,
            threshold=fields["threshold"],
            year=fields["year"],
            year_basis=fields["year_basis"],
            side=fields["side"],
            qualifier=fields["qualifier"],
            total=fields["total"],
        )


def judge(v: Verifier, claim: Claim, when: date | None, _: date) -> Judgement:
    if claim.threshold is None:
        return unverifiable("measure_unknown", "the sentence names no threshold")
    if claim.year is None:
        return unverifiable("year_unknown", "the sentence names no year")
    release = v.release("nato", "share_gdp", when)
    if release is None:
        return unverifiable("no_release_yet", f"no NATO release was published by {when}")
    standings = v.standings(release, claim.year)
    if standings is None:
        return unverifiable("no_figure_yet", f"{release} has no {claim.year} figures")
    below = claim.side == "below"
    low, high = standings.count_bounds(claim.threshold, below=below)
    held = standings.meeting(claim.threshold)[1]
    accurate, roughly = TOLERANCE
    url = v.meta(release, "share_gdp")[1]
    where = "below" if below else "at or above"
    at = f"{where} {claim.threshold:g}% in {claim.year}"
    if low == high:
        verdict = compare(claim.value, float(low), claim.qualifier, accurate, roughly)
        return Judgement(
            verdict,
            Reference(float(low), release, "Table 3", url, claim.year),
            f"{release}: {low} of {held} allies {at}",
        )
    # Some allies have no figure in the release: judge only if every count they allow gives
    # the same verdict (bounded), never on the partial set.
    verdicts = {
        compare(claim.value, float(n), claim.qualifier, accurate, roughly)
        for n in range(low, high + 1)
    }
    lacking = sorted(standings.lacking)
    notes = standings.absent.notes()
    why = (
        f"{release}: {low} of the {held} allies with a figure {at}; {high - low} allies "
        f"without one ({', '.join(lacking)}), so between {low} and {high}"
        + (f". {' '.join(notes)}" if notes else "")
    )
    if len(verdicts) == 1:
        return Judgement(verdicts.pop(), Reference(None, release, "Table 3", url, claim.year), why)
    kinds = {
        standings.absent.cells.get((iso3, claim.year), ("not_held", ""))[0] for iso3 in lacking
    }
    return unverifiable("not_held" if "not_held" in kinds else "not_published", why)


KIND = Kind(
    "count_meeting",
    30,
    recognise,
    judge,
    percent_priority=_priority,
    priority_floor=20,
    indicator="share_gdp",
    words=(
        "only ",
        "that goal",
        "that target",
        "that threshold",
        "that guideline",
        "that benchmark",
    ),
    words_read=_read_only,
    summary="how many allies meet (or fall short of) a share of GDP in a year",
)
