"""The API's response models (pydantic), one per kind of answer."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from milex.claims import MAX_TEXT_CHARS, CheckReport
from milex.data.scenarios import Scenario
from milex.table import Table
from milex.web.scenarios import DEFAULT_DRAWS, MAX_DRAWS, MAX_SEED

if TYPE_CHECKING:
    from milex.scenario import ScenarioReport
    from milex.web.scenarios import Job


class ErrorResponse(BaseModel):
    """Every error: ok is false, with a message and the HTTP status."""

    ok: bool = False
    error: str
    status: int
    suggestions: list[str] | None = None


class Row(BaseModel):
    """A row of a table: the fields every row of that table has, and any more it names."""

    model_config = ConfigDict(extra="allow")


class CountryRow(Row):
    iso3: str
    name: str
    kind: str
    nato_accession: str | None
    eu_accession: str | None
    eu_exit: str | None
    currency: str | None
    has_armed_forces: bool
    note: str | None


class ReleaseRow(Row):
    release: str
    source: str
    title: str
    published: str
    origin: str
    rows: int
    url: str
    licence: str
    provenance: str
    published_note: str | None


class IndicatorRow(Row):
    indicator: str
    label: str
    kind: str
    definition: str
    releases: str = Field(description="The releases that hold it, comma-separated.")


class SeriesRow(Row):
    iso3: str
    country: str | None
    year: int
    indicator: str
    value: float
    estimate: bool | None = Field(
        description="The publisher marks it as an estimate; null: unknown."
    )
    flag: str
    unit: str
    price_base: str | None
    source: str
    release: str
    table: str
    source_url: str


class StatusRow(Row):
    """One ally's (or aggregate's) share in a year; also ``meets_<threshold>pct``."""

    iso3: str
    country: str
    year: int
    share_gdp: float
    estimate: bool | None
    rank: int | None
    previous_share_gdp: float | None
    change_pp: float | None
    release: str
    table: str


class RevisionRow(Row):
    """A changed cell; also ``value_<old release>`` and ``value_<new release>``."""

    iso3: str
    country: str | None
    year: int
    change: float | None
    status: str


class MissingRow(Row):
    release: str
    indicator: str
    iso3: str
    country: str | None
    year: int
    why: Literal["not_published", "not_held"]
    reason: str


class CommitmentRow(Row):
    short_id: str | None
    id: str
    name: str
    status: str
    metric: str
    threshold: float
    comparator: str
    deadline_year: int | None
    applies_to: str
    assessable: bool
    source_url: str | None


class GapRow(Row):
    """An ally's (or group's) gap; also the measure's column (share_gdp, equipment_share) and
    ``gap_usd_<price year>_bn``."""

    iso3: str
    country: str
    year: int
    estimate: bool | None
    target: float
    meets: bool | None
    gap_pp: float | None
    gap_usd_bn: float | None
    gap_eur_bn: float | None
    gap_lcu_bn: float | None
    currency: str | None
    gap_usd_per_capita: float | None
    spending_usd_bn: float | None
    share_basis: str | None
    money_basis: str | None
    release: str


class TableResponse(BaseModel):
    """A table: its rows as objects, with the title and notes (sources, caveats), a page at a
    time: ``next`` is the URL of the next page while there is one (``page`` of ``pages``)."""

    ok: bool = True
    title: str | None = None
    columns: list[str]
    rows: list[dict[str, Any]]
    notes: list[str] = Field(default_factory=list)
    truncated: bool = Field(False, description="Rows follow on later pages (see next).")
    page: int = 1
    pages: int = 1
    total_rows: int = 0
    next: str | None = Field(None, description="The next page's URL, while there is one.")
    metadata: dict[str, Any] = Field(
        default_factory=dict,
        description="Per column: indicator, unit, price base, and the releases it comes from "
        "(producer, title, publication date, URL, licence, citation).",
    )

    @classmethod
    def of(
        cls, table: Table, page_size: int | None = None, page: int = 1, next_url: str | None = None
    ) -> TableResponse:
        """The response for a table's ``page`` (of ``page_size`` rows; None: all)."""
        rows = [dict(zip(table.columns, r, strict=True)) for r in table.written_rows()]
        total = len(rows)
        size = page_size or max(total, 1)
        pages = max(1, -(-total // size))
        chosen = rows[(page - 1) * size : page * size]
        more = page < pages
        return cls(
            title=table.title,
            columns=table.columns,
            rows=chosen,
            notes=list(table.notes),
            truncated=more,
            page=page,
            pages=pages,
            total_rows=total,
            next=next_url if more else None,
            metadata=table.meta,
        )


class CountryTable(TableResponse):
    rows: list[CountryRow]  # type: ignore[assignment]


class ReleaseTable(TableResponse):
    rows: list[ReleaseRow]  # type: ignore[assignment]


class IndicatorTable(TableResponse):
    rows: list[IndicatorRow]  # type: ignore[assignment]


class SeriesTable(TableResponse):
    rows: list[SeriesRow]  # type: ignore[assignment]


class StatusTable(TableResponse):
    rows: list[StatusRow]  # type: ignore[assignment]


class RevisionTable(TableResponse):
    rows: list[RevisionRow]  # type: ignore[assignment]


class MissingTable(TableResponse):
    rows: list[MissingRow]  # type: ignore[assignment]


class CommitmentTable(TableResponse):
    rows: list[CommitmentRow]  # type: ignore[assignment]


class GapTable(TableResponse):
    rows: list[GapRow]  # type: ignore[assignment]


class PathwayResponse(BaseModel):
    """Pathways: an object per ally with its years and credibility, and alliance totals."""

    ok: bool = True
    target: dict[str, Any]
    release: str
    imf_release: str
    allies: list[dict[str, Any]]
    totals: dict[str, Any]
    groups: list[dict[str, Any]]
    assumptions: dict[str, Any]
    notes: list[str]


class BacktestResponse(BaseModel):
    """The realism test as of an origin year against what happened."""

    ok: bool = True
    origin: int
    target_year: int
    threshold: float
    start_release: str
    outcome_release: str
    rows: list[dict[str, Any]]
    by_verdict: list[dict[str, Any]]
    scores: dict[str, float]
    notes: list[str]


Verdict = Literal["accurate", "roughly_accurate", "inaccurate", "unverifiable"]


class CheckRequest(BaseModel):
    """A text to check, with its publication date if known."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(
        description=f"The text (plain text, up to {MAX_TEXT_CHARS:,} characters).",
        # Documented here; the library enforces it, so a longer text gets a 400 saying so.
        json_schema_extra={"maxLength": MAX_TEXT_CHARS},
    )
    date: dt.date | None = Field(
        None,
        description="The text's publication date (YYYY-MM-DD); default: the date the text "
        "states, else today.",
    )

    @field_validator("date", mode="before")
    @classmethod
    def _iso_date_only(cls, value: Any) -> Any:
        # pydantic would read a number as a Unix timestamp; a date here is YYYY-MM-DD only.
        if value is not None and not isinstance(value, str | dt.date):
            raise ValueError("give the date as YYYY-MM-DD")
        return value


class ClaimReference(BaseModel):
    """The cell a verdict rests on."""

    value: float | None
    release: str | None
    table: str | None
    source_url: str | None
    year: int | None


class CheckedClaim(BaseModel):
    """One claim with its two verdicts: as of the text's date and against the latest figures."""

    model_config = ConfigDict(extra="allow")

    sentence: str
    start: int = Field(description="Offset of the claim's number in the text (characters).")
    end: int
    kind: str = Field(
        description="share_gdp, count_meeting, membership_count, rank, amount, trade_deficit, "
        "growth, commitment or tariff (milex.claims.kinds)."
    )
    entity: str | None = Field(description="ISO3 code or aggregate (NATO, NATO_EUCA, EUU, ALL).")
    year: int | None
    value: float
    unit: str
    qualifier: str | None = Field(description="above, at_least, about, at_most, ... or null.")
    verdict_as_of_date: Verdict
    verdict_latest: Verdict
    reference: ClaimReference | None = Field(
        description="The evidence as of the text's date (else the latest)."
    )
    reference_latest: ClaimReference | None = None
    explanation_as_of_date: str | None = None
    explanation_latest: str | None = None
    why_as_of_date: str | None = Field(
        None,
        description="Why the verdict as of the text's date is unverifiable: entity_unknown, "
        "year_unknown, measure_unknown, no_release_yet, no_figure_yet, not_published, "
        "not_held, not_covered or not_checked (null when judged).",
    )
    why_latest: str | None = Field(None, description="The same for the latest verdict.")
    note: str | None = Field(None, description="What changed between the two releases.")


class CheckResponse(BaseModel):
    """Every claim found in a text, judged twice, with the date used and how it was found."""

    ok: bool = True
    date: dt.date = Field(description="The date the claims were checked as of.")
    date_source: Literal["given", "detected", "today"]
    title: str
    claims: list[CheckedClaim]
    summary: dict[str, int] = Field(description="How many claims got each latest verdict.")
    summary_as_of_date: dict[str, int] = Field(
        description="How many claims got each verdict as of the text's date."
    )

    @classmethod
    def of(cls, report: CheckReport) -> CheckResponse:
        """The response for a library report (claims exactly as ``report.to_json()``)."""
        from milex.claims import render

        return cls(
            date=report.date,
            date_source=report.date_source,
            title=render.title(report),
            claims=[CheckedClaim(**claim) for claim in report.to_json()],
            summary=render.summary(report),
            summary_as_of_date=render.summary(report, "as_of_date"),
        )


class ScenarioRequest(Scenario):
    """A scenario document (the keys of a scenario file) with the run's draws and seed."""

    draws: int | None = Field(
        None,
        ge=0,
        le=MAX_DRAWS,
        description=f"Monte Carlo draws (0: none); default: the document's montecarlo.draws, "
        f"at most {DEFAULT_DRAWS:,}.",
    )
    seed: int | None = Field(
        None, ge=0, le=MAX_SEED, description="Default: the document's montecarlo.seed."
    )


def _inline(schema: dict[str, Any]) -> dict[str, Any]:
    """A JSON schema with its local $defs written in place (the OpenAPI document has no $defs
    of its own for a body the endpoint validates itself)."""
    definitions = schema.pop("$defs", {})

    def resolve(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return resolve(definitions[ref.removeprefix("#/$defs/")])
            return {key: resolve(value) for key, value in node.items()}
        if isinstance(node, list):
            return [resolve(item) for item in node]
        return node

    resolved: dict[str, Any] = resolve(schema)
    return resolved


# The body of POST /api/v1/scenario as documented; the endpoint validates it with the library,
# whose errors name the key and the value.
SCENARIO_REQUEST_SCHEMA = _inline(ScenarioRequest.model_json_schema())


class ScenarioResponse(BaseModel):
    """A scenario against the baseline: one object per ally and a TOTAL, the Monte Carlo bands
    per ally and year, and the notes (assumptions, sources)."""

    ok: bool = True
    title: str
    scenario: dict[str, Any] = Field(description="The scenario as validated, defaults filled in.")
    draws: int = Field(description="The Monte Carlo draws run (0: none, and no bands).")
    seed: int
    allies: list[dict[str, Any]]
    bands: list[dict[str, Any]] = Field(
        description="P5/P50/P95 of the share of GDP and of the cost per ally and year."
    )
    bands_title: str
    notes: list[str]

    @classmethod
    def of(cls, report: ScenarioReport, task: Job) -> ScenarioResponse:
        """The response for a library report (allies and bands exactly as ``to_json()``)."""
        body = report.to_json()
        return cls(
            title=report.allies_table().title or task.spec.name,
            scenario=body["scenario"],
            draws=task.draws,
            seed=task.seed,
            allies=body["allies"],
            bands=body["bands"],
            bands_title=report.bands_table().title or "",
            notes=body["notes"],
        )
