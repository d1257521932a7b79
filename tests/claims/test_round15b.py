"""Round 15b of issue 13: causes read from heldout15 and heldout16, each tested on made-up
sentences worded other ways than the held-out texts, with a case where the rule must not fire."""

from __future__ import annotations

from typing import Any

import milex
from milex.claims import check


def claims(db: milex.Milex, text: str, day: str) -> list[tuple[Any, ...]]:
    return [
        (c["kind"], c["value"], c["entity"], c["year"], c["verdict_as_of_date"])
        for c in check(db.tables, text, day).to_json()
    ]


def _members(db: milex.Milex, text: str, day: str) -> list[tuple[float, str]]:
    return [(c[1], c[4]) for c in claims(db, text, day) if c[0] == "membership_count"]


def test_a_membership_as_the_subject_of_an_agreeing_verb_with_an_auxiliary(
    db: milex.Milex,
) -> None:
    day = "2025-01-15"
    assert _members(db, "The 32 allies have agreed to spend at least 2% of GDP.", day) == [
        (32.0, "accurate")
    ]
    assert _members(db, "In Vilnius the 31 members had pledged 2% of GDP as a floor.", day) == [
        (31.0, "inaccurate")
    ]
    # Thirty countries of a survey that agreed: no alliance in the text, no membership.
    survey = "The 30 countries have agreed to cut tariffs on steel."
    assert _members(db, survey, day) == []


def test_a_membership_after_for(db: milex.Milex) -> None:
    day = "2025-07-01"
    text = "NATO set a goal of 5% of GDP by 2035 for its 32 member states."
    assert _members(db, text, day) == [(32.0, "accurate")]
    text = "The alliance chose one target for all 32 allies at the summit."
    assert _members(db, text, day) == [(32.0, "accurate")]
    # "for 30 countries": a plain "countries" after "for" is no membership.
    text = "NATO's tariff study covered figures for 30 countries in 2024."
    assert _members(db, text, day) == []


def _ranks(db: milex.Milex, text: str, day: str) -> list[tuple[float, str]]:
    return [(c[1], c[2]) for c in claims(db, text, day) if c[0] == "rank"]


def test_ranks_beside_their_shares_in_an_enumeration(db: milex.Milex) -> None:
    day = "2024-07-15"
    text = "Poland spends 4.12% of GDP, with Estonia third on 3.43% and Latvia fourth on 3.15%."
    assert set(_ranks(db, text, day)) == {(3.0, "EST"), (4.0, "LVA")}
    text = "By share of GDP, Greece came fifth at 3.08 per cent and Lithuania sixth at 2.85%."
    assert set(_ranks(db, text, day)) == {(5.0, "GRC"), (6.0, "LTU")}
    # An ordinal not beside its share ("first, at"; "the first time at") is no rank.
    text = "Greece met the guideline first, at 2.1% of GDP, and for the first time at 2% in 2024."
    assert _ranks(db, text, day) == []


def _nato_shares(db: milex.Milex, text: str, day: str) -> list[tuple[float, Any, Any]]:
    return [(c[1], c[2], c[3]) for c in claims(db, text, day) if c[0] == "nato_share"]


def test_a_share_of_the_alliance_money_restated_in_a_parenthesis(db: milex.Milex) -> None:
    day = "2025-09-01"
    text = "The United States made up 64% of NATO defence spending in 2024 (up from 70% in 2015)."
    assert _nato_shares(db, text, day) == [(64.0, "USA", 2024), (70.0, "USA", 2015)]
    text = "America paid about 65% of the alliance's total (roughly 71% in 2017), the data show."
    assert {c[:2] for c in _nato_shares(db, text, day)} == {(65.0, "USA"), (71.0, "USA")}
    # A parenthesis that gives another measure ("2% of GDP") or stands apart from the share.
    text = "The US paid 64% of NATO defence spending in 2024 (3.4% of GDP)."
    assert [c[0] for c in _nato_shares(db, text, day)] == [64.0]
    text = "The US paid 64% of NATO defence spending in 2024, and Poland (4.1%) led in Europe."
    assert [c[0] for c in _nato_shares(db, text, day)] == [64.0]


def _owned(db: milex.Milex, text: str, day: str, kind: str) -> list[tuple[float, Any]]:
    return [(c[1], c[2]) for c in claims(db, text, day) if c[0] == kind]


def test_a_country_named_by_a_description_with_a_relative_clause(db: milex.Milex) -> None:
    day = "2024-10-28"
    text = (
        "Estonia's parliament passed the budget on Tuesday. The Nordic-Baltic nation that "
        "borders Russia spends about 3.4% of GDP on defence, making it NATO's third-biggest "
        "spender as a share of its economy."
    )
    assert _owned(db, text, day, "share_gdp") == [(3.4, "EST")]
    assert _owned(db, text, day, "rank") == [(3.0, "EST")]
    text = (
        "Finland signed the deal. The country of 5.6 million people, which shares a long border "
        "with Russia, will spend 2.4% of its GDP on defence this year."
    )
    assert _owned(db, text, day, "share_gdp") == [(2.4, "FIN")]
    # A name after a verb of being is the subject the description stood for.
    text = "Spain signed the deal. The nation that spends most is Poland, at 4.1% of GDP."
    assert _owned(db, text, day, "share_gdp") == [(4.1, "POL")]
    # No description opens the sentence: the name before the figure owns it.
    text = "Estonia signed the deal. Latvia, which borders Russia, will spend 3.1% of GDP."
    assert _owned(db, text, day, "share_gdp") == [(3.1, "LVA")]


def test_a_deficit_restated_for_the_next_partner_with_its(db: milex.Milex) -> None:
    day = "2025-02-10"
    text = "The trade gap with Mexico was $171.8 billion. It's about $63 billion with Canada."
    got = _owned(db, text, day, "trade_deficit")
    assert got == [(171.8, "MEX"), (63.0, "CAN")]
    text = "The US deficit with Germany is $84.8 billion. That’s 235.6 billion dollars with the EU."
    assert _owned(db, text, day, "trade_deficit") == [(84.8, "DEU"), (235.6, "EUU")]
    # With no deficit in the sentence before, "it's" an amount is no deficit.
    text = "Canada has a big army. It's 41 billion dollars a year for Canada's forces."
    assert _owned(db, text, day, "trade_deficit") == []


def _counts(db: milex.Milex, text: str, day: str) -> list[tuple[float, Any]]:
    return [(c[1], c[3]) for c in claims(db, text, day) if c[0] == "count_meeting"]


def test_a_count_of_the_members_after_a_year_and_an_aside(db: milex.Milex) -> None:
    day = "2024-06-18"
    text = (
        "This year 23 allies will spend at least 2% of GDP, while in 2014, when the pledge was "
        "made in Wales, only three of the members of NATO did so."
    )
    assert _counts(db, text, day) == [(23.0, 2024), (3.0, 2014)]
    text = "In 2021, six of the member states of the alliance met the 2% guideline."
    assert _counts(db, text, day) == [(6.0, 2021)]
    # "three of the members" of a delegation is no count of allies meeting a goal.
    text = "Three of the members of the delegation flew to Brussels on Monday."
    assert _counts(db, text, day) == []
    text = "The UK is one of the nations meeting NATO's goal, allocating 2.07 percent of its GDP."
    assert _counts(db, text, day) == []


def test_a_deficit_of_the_partner_before_a_comma_not_the_next_name(db: milex.Milex) -> None:
    day = "2026-02-19"
    text = (
        "Among partners, Germany recorded the second-largest goods deficit at $84.8 billion, "
        "followed by Canada at $63.3 billion."
    )
    assert _owned(db, text, day, "trade_deficit") == [(84.8, "DEU"), (63.3, "CAN")]
    text = (
        "The European Union accounted for the biggest goods deficit of the year at $235.6 "
        "billion, ahead of Mexico at $171.8 billion."
    )
    assert _owned(db, text, day, "trade_deficit") == [(235.6, "EUU"), (171.8, "MEX")]
    # No comma: the name right after the figure is still its partner ("$63.3 billion with
    # Canada").
    text = "The goods deficit reached a record last year, some $63.3 billion with Canada alone."
    assert _owned(db, text, day, "trade_deficit") == [(63.3, "CAN")]


def test_a_second_goal_of_a_sentence_that_is_also_a_counts_threshold(db: milex.Milex) -> None:
    day = "2025-09-01"
    text = (
        "NATO lifted its core spending goal to 3.5% of GDP, while 23 allies already exceeded "
        "the old 2% target in 2024."
    )
    got = [(c[0], c[1]) for c in claims(db, text, day)]
    assert ("commitment", 3.5) in got and ("commitment", 2.0) in got
    assert ("count_meeting", 23.0) in got
    text = "Allies agreed a 5% goal in The Hague; 31 of them met the 2 % guideline last year."
    got = [(c[0], c[1]) for c in claims(db, text, day)]
    assert ("commitment", 5.0) in got and ("commitment", 2.0) in got
    # With no goal before it, a count's threshold stays the count's alone.
    text = "In 2024, 23 allies exceeded the 2% target."
    got = [(c[0], c[1]) for c in claims(db, text, day)]
    assert ("count_meeting", 23.0) in got and ("commitment", 2.0) not in got


def test_the_year_a_contrast_opens_with_holds_to_its_end(db: milex.Milex) -> None:
    day = "2024-06-18"
    text = (
        "Last year, there were a dozen allies that spent at least 2% of GDP on defence, while "
        "in 2014, when the pledge was made at a meeting in Wales, against the backdrop of the "
        "invasion and annexation of the Crimean peninsula by Moscow and of the long war in the "
        "Donbas region of eastern Ukraine, there were only three of the members of NATO."
    )
    assert _counts(db, text, day) == [(12.0, 2023), (3.0, 2014)]
    text = (
        "Poland spent 4.1% of GDP on defence this year, whereas in 2014, before the war in the "
        "east had spread to the Donbas and long before the alliance's leaders had met in Wales "
        "to agree on a goal for the decade that followed, and before its army had grown, it "
        "spent 1.9%."
    )
    assert [(c[1], c[3]) for c in claims(db, text, day) if c[0] == "share_gdp"] == [
        (4.1, 2024),
        (1.9, 2014),
    ]
    # A year of its own after the contrast's: that one.
    text = (
        "Poland spent 4.1% of GDP on defence this year, whereas in 2014, before the war, it "
        "spent 1.9% of GDP, and Latvia spent 2.2% of GDP in 2020."
    )
    assert [(c[1], c[3]) for c in claims(db, text, day) if c[0] == "share_gdp"] == [
        (4.1, 2024),
        (1.9, 2014),
        (2.2, 2020),
    ]


def test_a_figure_set_under_an_agreement_is_a_goal(db: milex.Milex) -> None:
    day = "2025-09-01"

    def kinds(text: str) -> list[tuple[Any, float]]:
        return [(c[0], c[1]) for c in claims(db, text, day)]

    text = "Italy has yet to reach the 3.5% of GDP required under the Hague summit declaration."
    assert ("commitment", 3.5) in kinds(text)
    text = "Belgium will count bridges towards the 1.5 percent earmarked under NATO's new deal."
    assert ("commitment", 1.5) in kinds(text)
    # A share spent "under" a government is that year's level, not a goal.
    text = "Spain spent 1.28% of GDP on defence in 2024 under the Sánchez government."
    assert kinds(text) == [("share_gdp", 1.28)]


def test_a_count_out_of_the_membership_with_words_run_together(db: milex.Milex) -> None:
    day = "2024-07-10"

    def counted(text: str) -> set[tuple[Any, float]]:
        return {
            (c[0], c[1])
            for c in claims(db, text, day)
            if c[0].endswith("_count") or c[0] == "count_meeting"
        }

    text = "This year 23 of32 NATO alliesare set to spend at least 2% of GDP,NATO said."
    assert counted(text) >= {("count_meeting", 23.0), ("membership_count", 32.0)}
    text = "In 2024, 23 of32 NATO member stateswill spend 2% of their GDP on defence."
    assert counted(text) >= {("count_meeting", 23.0), ("membership_count", 32.0)}
    # A word merely starting with a group noun is no noun ("membership").
    text = "In 2024, 23 of32 membership fees rose by 2%."
    assert counted(text) == set()


def test_the_year_of_an_agreement_dates_the_agreement_not_the_text(db: milex.Milex) -> None:
    day = "2024-07-08"

    def shares(text: str) -> list[tuple[float, Any]]:
        return [(c[1], c[3]) for c in claims(db, text, day) if c[0] == "share_gdp"]

    text = (
        "- The 2023 Vilnius agreement made 2% a floor.\n"
        "- The latest NATO report shows Spain's defence spending is below 1.3% of GDP."
    )
    assert shares(text) == [(1.3, 2024)]
    text = "Under a 2014 NATO agreement, Italy is now spending 1.5% of GDP on defence."
    assert shares(text) == [(1.5, 2024)]
    # A year of a figure, not of an agreement, still dates the next bullet's figure.
    text = "- In 2014 NATO allies spent 1.4% of GDP.\n- Spain spent 0.9% of GDP."
    assert shares(text)[1] == (0.9, 2014)


def test_a_share_forecast_as_a_goal_to_be_met_this_year(db: milex.Milex) -> None:
    day = "2024-03-12"

    def kinds(text: str) -> list[tuple[Any, float, Any, Any]]:
        return [(c[0], c[1], c[2], c[3]) for c in claims(db, text, day)]

    text = "Germany is expected to reach the 2% target this year, its ministry says."
    assert kinds(text) == [("share_gdp", 2.0, "DEU", 2024)]
    text = "Hungary, in fact, is on track to meet the two percent NATO threshold in 2024."
    assert kinds(text) == [("share_gdp", 2.0, "HUN", 2024)]
    # A goal to be met in a year ahead of the text is the ally's level that year (since the
    # twenty-fourth round: tests/fixtures/claims/README.md, "Plans and pledges of one ally"):
    # milex holds no pledge of Spain of 2% by 2029 in March 2024, and no release has 2029.
    text = "Spain is set to reach the 2% target by 2029, its government says."
    assert kinds(text) == [("share_gdp", 2.0, "ESP", 2029)]
