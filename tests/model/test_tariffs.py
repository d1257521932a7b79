"""The effective-rate model: exemptions lower the rate, a deal replaces and never adds, the most
specific measure applies, and growth hits follow the days in force."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from milex.model import tariffs as tr

DAY = date(2025, 6, 1)


def exposure(**changes: object) -> tr.Exposure:
    fields: dict[str, object] = {"iso3": "DEU", "eu_member": True, "mfn_pct": 1.5}
    fields.update(changes)
    return tr.Exposure(**fields)  # type: ignore[arg-type]


def measure(partner: str, kind: str, rate: float, **changes: object) -> tr.Measure:
    return tr.Measure(partner, kind, rate, date(2025, 1, 1), **changes)  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(
    rate=st.floats(0, 100),
    exempt=st.floats(0, 100),
    more=st.floats(0, 100),
    all_in=st.booleans(),
)
def test_exemptions_lower_the_effective_rate(
    rate: float, exempt: float, more: float, all_in: bool
) -> None:
    kind = "all-in" if all_in else "reciprocal"
    measures = [measure("EUU", kind, rate)]
    less = exposure(exempt=[tr.Share(exempt, date(2025, 1, 1))])
    most = exposure(exempt=[tr.Share(min(exempt + more, 100), date(2025, 1, 1))])
    assert tr.rate_on(measures, most, DAY) <= tr.rate_on(measures, less, DAY) + 1e-12
    fully = exposure(exempt=[tr.Share(100, date(2025, 1, 1))])
    assert tr.rate_on(measures, fully, DAY) == 0


@pytest.mark.parametrize(("mfn", "added"), [(0.0, 15.0), (1.5, 13.5), (15.0, 0.0), (22.0, 0.0)])
def test_a_deal_replaces_the_duty_and_never_adds(mfn: float, added: float) -> None:
    # The EU's 15% all-in: the duty becomes 15%, so it adds 15 minus the normal duty, and
    # nothing where the normal duty is already higher; it also replaces the 10% baseline.
    measures = [
        measure("ALL", "reciprocal", 10, end=date(2026, 1, 1)),
        measure("EUU", "reciprocal", 10, end=date(2025, 8, 6)),
        tr.Measure("EUU", "all-in", 15, date(2025, 8, 7)),
    ]
    after = tr.rate_on(measures, exposure(mfn_pct=mfn), date(2025, 9, 1))
    assert after == pytest.approx(added)
    assert mfn + after == pytest.approx(max(mfn, 15))  # the duty is 15% (or the MFN, if above)
    assert tr.rate_on(measures, exposure(mfn_pct=mfn), DAY) == 10  # before the deal: added


def test_the_most_specific_measure_applies() -> None:
    measures = [measure("ALL", "reciprocal", 10), measure("EUU", "reciprocal", 20)]
    assert tr.rate_on(measures, exposure(), DAY) == 20  # the EU's, for a member
    assert tr.rate_on(measures, exposure(iso3="GBR", eu_member=False), DAY) == 10
    own = [*measures, measure("DEU", "reciprocal", 5)]
    assert tr.rate_on(own, exposure(), DAY) == 5
    excluded = [measure("ALL", "reciprocal", 10, excludes=frozenset({"CAN"}))]
    assert tr.rate_on(excluded, exposure(iso3="CAN", eu_member=False), DAY) == 0


def test_section_232_sectors_pay_their_own_rate_and_leave_the_country_rate() -> None:
    measures = [
        measure("ALL", "reciprocal", 10),
        measure("ALL", "sector", 50, sector="steel_aluminium"),
        measure("GBR", "sector", 25, sector="steel_aluminium"),
    ]
    uk = exposure(iso3="GBR", eu_member=False, sectors={"steel_aluminium": 20.0})
    # 20% of its goods at the UK's own 25%, the other 80% at 10%.
    assert tr.rate_on(measures, uk, DAY) == pytest.approx(0.2 * 25 + 0.8 * 10)
    other = exposure(iso3="NOR", eu_member=False, sectors={"steel_aluminium": 20.0})
    assert tr.rate_on(measures, other, DAY) == pytest.approx(0.2 * 50 + 0.8 * 10)


def test_a_border_tariff_reaches_only_its_exposed_share() -> None:
    measures = [
        tr.Measure("CAN", "border", 25, date(2025, 3, 4), date(2025, 7, 31)),
        tr.Measure("CAN", "border", 35, date(2025, 8, 1)),
    ]
    canada = exposure(
        iso3="CAN",
        eu_member=False,
        border_exposed=[
            tr.Share(100, date(2025, 3, 4), date(2025, 3, 6)),
            tr.Share(6, date(2025, 3, 7)),
        ],
    )
    assert tr.rate_on(measures, canada, date(2025, 3, 5)) == 25
    assert tr.rate_on(measures, canada, DAY) == pytest.approx(1.5)
    assert tr.rate_on(measures, canada, date(2025, 9, 1)) == pytest.approx(2.1)
    assert tr.rate_on(measures, canada, date(2025, 3, 1)) == 0


def test_the_average_over_a_period_weighs_each_day() -> None:
    measures = [
        tr.Measure("ALL", "reciprocal", 10, date(2025, 4, 5), date(2025, 8, 6)),
        tr.Measure("ALL", "reciprocal", 15, date(2025, 8, 7)),
    ]
    uk = exposure(iso3="GBR", eu_member=False)
    first, last = date(2025, 1, 1), date(2025, 12, 31)
    by_day = [
        tr.rate_on(measures, uk, date.fromordinal(d))
        for d in range(first.toordinal(), last.toordinal() + 1)
    ]
    assert tr.average_rate(measures, uk, first, last) == pytest.approx(sum(by_day) / 365)
    assert tr.yearly_rates(measures, uk, [2025])[2025] == pytest.approx(sum(by_day) / 365)


def test_a_held_preset_keeps_what_was_in_force_that_day() -> None:
    measures = [
        tr.Measure("EUU", "reciprocal", 10, date(2025, 4, 5), date(2025, 8, 7)),
        tr.Measure("EUU", "reciprocal", 20, date(2025, 4, 9), date(2025, 4, 10)),
        tr.Measure("EUU", "all-in", 15, date(2025, 8, 7)),
        tr.Measure("ALL", "sector", 25, date(2025, 4, 3), sector="autos"),
    ]
    held = tr.held(measures, date(2025, 4, 9), date(2027, 1, 1))
    assert sorted((m.kind, m.rate_pct) for m in held) == [("reciprocal", 20), ("sector", 25)]
    assert all(m.start == date(2027, 1, 1) and m.end is None for m in held)


def test_growth_hits_follow_the_days_in_force() -> None:
    measures = [tr.Measure("ALL", "reciprocal", 10, date(2025, 4, 9))]
    uk = exposure(iso3="GBR", eu_member=False)
    rates = tr.yearly_rates(measures, uk, range(2025, 2029))
    losses = tr.level_losses(rates, 2.0, 1.0)
    hits = tr.growth_hits(losses)
    assert losses[2026] == pytest.approx(10 / 100 * 2.0)
    assert hits[2025] == pytest.approx(losses[2026] * 267 / 365)
    assert hits[2026] == pytest.approx(losses[2026] * 98 / 365)
    assert hits[2027] == hits[2028] == 0
    ended = [tr.Measure("ALL", "reciprocal", 10, date(2025, 1, 1), date(2025, 12, 31))]
    back = tr.growth_hits(tr.level_losses(tr.yearly_rates(ended, uk, [2025, 2026]), 2.0, 1.0))
    assert back[2026] == pytest.approx(-back[2025])  # the end gives the growth back


def test_fit_through_the_origin() -> None:
    assert tr.fit_pass_through([(1.0, 2.0), (2.0, 4.0)]) == pytest.approx(2.0)
    assert tr.fit_pass_through([(1.0, 1.0), (1.0, 3.0)]) == pytest.approx(2.0)
    with pytest.raises(ValueError, match="no exposure"):
        tr.fit_pass_through([(0.0, 1.0)])
