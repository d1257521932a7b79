"""Commitments as data: the YAML files (bundled, or a user's own) validated by pydantic and
flattened into measurable :class:`~milex.model.commitments.Target` objects.

A commitment has one metric and threshold, or components (The Hague: 3.5% core + 1.5%
related) and a headline (5% in all). Each becomes a target; the common ones have short ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic import ValidationError as PydanticValidationError

from milex.data.yamlfile import describe_all, misspelt_keys, unknown_key
from milex.errors import ValidationError
from milex.model.commitments import COMPARATORS, METRIC_INDICATORS, Target

# Short ids for the targets people ask about most.
SHORT_IDS: dict[str, str] = {
    "2pct": "nato_2006_2pct_guideline",
    "vilnius-2pct": "nato_2023_vilnius_floor",
    "wales-2pct": "nato_2014_wales_dip.core",
    "equipment-20": "nato_2014_wales_dip.equipment",
    "hague-core": "nato_2025_hague_5pct.core",
    "hague-related": "nato_2025_hague_5pct.related",
    "hague-total": "nato_2025_hague_5pct.total",
    "north-of-3": "rhetoric_2025_rutte_north_of_3",
}
# The suffix a component's target id gets, by metric.
COMPONENT_SUFFIX = {
    "core_defence_share_gdp": "core",
    "defence_related_share_gdp": "related",
    "total_defence_and_related_share_gdp": "total",
    "equipment_share_defence_exp": "equipment",
    "defence_budget_nominal": "budget",
}
Metric = Literal[
    "core_defence_share_gdp",
    "defence_related_share_gdp",
    "total_defence_and_related_share_gdp",
    "equipment_share_defence_exp",
    "defence_budget_nominal",
]
Comparator = Literal["at_least", "above", "up_to", "exemption_above"]
Status = Literal["commitment", "guideline", "national_pledge", "rhetoric"]
assert set(COMPONENT_SUFFIX) == set(METRIC_INDICATORS)
assert set(COMPARATORS) == {"at_least", "above", "up_to", "exemption_above"}


class Goal(BaseModel):
    """A metric with its threshold and deadline (a component or a headline)."""

    model_config = ConfigDict(extra="allow")
    metric: Metric
    threshold: float = Field(ge=0, le=100)
    comparator: Comparator = "at_least"
    deadline_year: int | None = Field(default=None, ge=1949, le=2100)


class Commitment(BaseModel):
    """One entry of a commitments file."""

    model_config = ConfigDict(extra="allow")
    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9_.-]+$")
    name: str = Field(min_length=1)
    status: Status
    metric: Metric | None = None
    threshold: float | None = Field(default=None, ge=0, le=100)
    # A pledge of a range ("5-6% of GDP"): its bounds, the threshold within them.
    threshold_range: tuple[float, float] | None = None
    comparator: Comparator = "at_least"
    deadline_year: int | None = Field(default=None, ge=1949, le=2100)
    applies_to: Literal["all_allies", "all_allies_including_USA"] | list[str] = "all_allies"
    components: list[Goal] | None = None
    headline: Goal | None = None
    sources: list[str] = []

    @model_validator(mode="after")
    def _has_a_goal(self) -> Commitment:
        if self.components or self.headline:
            return self
        if self.metric is None:
            raise ValueError("field 'metric' is required (or 'components')")
        if self.threshold is None:
            raise ValueError("field 'threshold' is required (or 'components')")
        if self.threshold_range is not None:
            low, high = self.threshold_range
            if not low <= self.threshold <= high:
                raise ValueError(
                    f"field 'threshold_range': {self.threshold:g} is not within [{low:g}, {high:g}]"
                )
        return self


class CommitmentsFile(BaseModel):
    """A whole commitments file."""

    model_config = ConfigDict(extra="allow")
    schema_version: Literal[1]
    commitments: list[Commitment] = Field(min_length=1)


def _entry(raw: Any) -> Callable[[list[str | int]], tuple[str, list[str | int]]]:
    """A location's entry in words (", entry 'hague'", else ", entry #3") and the rest."""

    def where(path: list[str | int]) -> tuple[str, list[str | int]]:
        if len(path) >= 2 and path[0] == "commitments" and isinstance(path[1], int):
            index = path[1]
            entries = raw.get("commitments") if isinstance(raw, dict) else None
            entry = entries[index] if isinstance(entries, list) and index < len(entries) else None
            name = entry.get("id") if isinstance(entry, dict) else None
            return (f", entry {name!r}" if name else f", entry #{index + 1}"), path[2:]
        return "", path

    return where


def _misspelt(raw: Any, file: str) -> list[str]:
    """Keys like a field the entry leaves out ('treshold'): the file takes notes of its own
    (agreed, context, ...), but not a misspelt field, which would go unread."""
    where = _entry(raw)
    problems = []
    for path, known in misspelt_keys(raw, CommitmentsFile):
        prefix, rest = where(path)
        problems.append(f"{file}{prefix}: {unknown_key(rest, known)}")
    return problems


def parse(raw: Any, file: str, data_year: int | None = None) -> list[Target]:
    """Validate a loaded commitments document and flatten it into targets.

    With ``data_year`` (a user's file), a deadline before that year is an error."""
    misspelt = _misspelt(raw, file)
    try:
        document = CommitmentsFile.model_validate(raw)
    except PydanticValidationError as exc:
        where = _entry(raw)
        problems = describe_all(file, exc.errors(), CommitmentsFile, where=where, label="field")
        raise ValidationError("\n".join(misspelt + problems)) from None
    if misspelt:
        raise ValidationError("\n".join(misspelt))
    targets: list[Target] = []
    seen: set[str] = set()
    from milex.data import countries

    for entry in document.commitments:
        if not isinstance(entry.applies_to, str):
            codes = []
            for code in entry.applies_to:
                found = countries.find(code)
                if found is None or found.kind != "country":
                    raise ValidationError(
                        f"{file}, entry {entry.id!r}, field 'applies_to': {code!r} is not a country"
                    )
                codes.append(found.iso3)  # names and aliases are stored as ISO3 codes
            entry.applies_to = codes
        if entry.id in seen:
            raise ValidationError(f"{file}, entry {entry.id!r}, field 'id': duplicate id")
        seen.add(entry.id)
        for target in _targets(entry):
            if (
                data_year is not None
                and target.deadline_year is not None
                and target.deadline_year < data_year
            ):
                raise ValidationError(
                    f"{file}, entry {entry.id!r}, field 'deadline_year': "
                    f"{target.deadline_year} is before the latest data year {data_year}"
                )
            targets.append(target)
    return targets


def _agreed(entry: Commitment) -> str | None:
    value = getattr(entry, "agreed", None)
    return None if value is None else str(value)


def _targets(entry: Commitment) -> Iterable[Target]:
    applies = () if isinstance(entry.applies_to, str) else tuple(entry.applies_to)

    def target(
        id_: str, name: str, goal: Goal, bounds: tuple[float, float] | None = None
    ) -> Target:
        return Target(
            id=id_,
            commitment_id=entry.id,
            name=name,
            status=entry.status,
            metric=goal.metric,
            threshold=goal.threshold,
            comparator=goal.comparator,
            deadline_year=goal.deadline_year,
            applies_to=applies,
            sources=tuple(entry.sources),
            agreed=_agreed(entry),
            threshold_range=bounds,
        )

    if entry.metric is not None and entry.threshold is not None:
        yield target(
            entry.id,
            entry.name,
            Goal(
                metric=entry.metric,
                threshold=entry.threshold,
                comparator=entry.comparator,
                deadline_year=entry.deadline_year,
            ),
            entry.threshold_range,
        )
    for goal in ([entry.headline] if entry.headline else []) + list(entry.components or []):
        suffix = COMPONENT_SUFFIX[goal.metric]
        yield target(f"{entry.id}.{suffix}", f"{entry.name} ({suffix})", goal)


def load(path: str | Path, data_year: int | None = None) -> list[Target]:
    """Read and validate a user's commitments file (YAML)."""
    from milex.data.yamlfile import read_yaml

    raw = read_yaml(path)
    return parse(raw, str(Path(path)), data_year)
