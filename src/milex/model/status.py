"""Who stands where in a year: rank, change on the year before, and whether a threshold is met."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from milex.data.missing import Absent

# Shares are published at two decimals; compare at a precision that ignores float noise.
_PRECISION = 9


@dataclass(frozen=True)
class Share:
    """One ally's (or aggregate's) share of GDP in a year, as read from a release."""

    iso3: str
    value: float
    estimate: bool | None  # None: the release does not say


@dataclass(frozen=True)
class Standing:
    """A share with its rank among the allies, its change and whether it meets the threshold."""

    iso3: str
    share_gdp: float
    estimate: bool | None
    rank: int | None
    previous_share_gdp: float | None
    change_pp: float | None
    meets: bool


def meets(share: float, threshold: float) -> bool:
    """True when a share of GDP reaches the threshold (at published precision)."""
    return round(share - threshold, _PRECISION) >= 0


def standings(
    shares: Iterable[Share],
    previous: Mapping[str, float],
    threshold: float,
    aggregates: Iterable[str] = (),
    non_members: Iterable[str] = (),
) -> list[Standing]:
    """Rank allies by share (highest first, ties share a rank). Countries that were not yet
    allies follow, unranked; aggregates come last, unranked."""
    totals, outside = set(aggregates), set(non_members)
    rows = list(shares)
    allies = sorted(
        (s for s in rows if s.iso3 not in totals | outside), key=lambda s: (-s.value, s.iso3)
    )
    ranks: dict[str, int] = {}
    for position, share in enumerate(allies, start=1):
        tied = position > 1 and round(allies[position - 2].value - share.value, _PRECISION) == 0
        ranks[share.iso3] = ranks[allies[position - 2].iso3] if tied else position
    ordered = (
        allies
        + sorted((s for s in rows if s.iso3 in outside - totals), key=lambda s: (-s.value, s.iso3))
        + sorted((s for s in rows if s.iso3 in totals), key=lambda s: s.iso3)
    )
    out = []
    for share in ordered:
        before = previous.get(share.iso3)
        change = None if before is None else round(share.value - before, _PRECISION)
        out.append(
            Standing(
                share.iso3,
                share.value,
                share.estimate,
                ranks.get(share.iso3),
                before,
                change,
                meets(share.value, threshold),
            )
        )
    return out


@dataclass(frozen=True)
class YearStandings:
    """One release's shares in one year, ranked, and who counts: ``counted`` are the allies
    that year (those without armed forces never count); ``lacking`` those of them without a
    figure in the release as held, explained (or not) by ``absent``."""

    release: str
    year: int
    threshold: float
    standings: list[Standing]
    outside: tuple[str, ...]  # shown but not yet allies that year
    counted: frozenset[str]
    lacking: frozenset[str]
    absent: Absent
    # meeting()'s answers by threshold: the claim checker asks the same year of one release about
    # the same few thresholds for every count it judges (the standings never change).
    _meeting: dict[float, tuple[int, int]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def meeting(self, threshold: float | None = None) -> tuple[int, int]:
        """(allies at or above the threshold, allies with a figure)."""
        level = self.threshold if threshold is None else threshold
        known = self._meeting.get(level)
        if known is None:
            ranked = [s for s in self.standings if s.rank is not None]
            known = sum(1 for s in ranked if meets(s.share_gdp, level)), len(ranked)
            self._meeting[level] = known
        return known

    def count_bounds(self, threshold: float, below: bool = False) -> tuple[int, int]:
        """The fewest and most allies that can be at or above (or, with ``below``, under) the
        threshold: each ally without a figure here could be on either side."""
        at, held = self.meeting(threshold)
        low = held - at if below else at
        return low, low + len(self.lacking)
