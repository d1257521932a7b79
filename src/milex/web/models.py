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


class TableResponse(BaseModel):
    """A table: its rows as objects, with the title and notes (sources, caveats)."""

    ok: bool = True
    title: str | None = None
    columns: list[str]
    rows: list[dict[str, Any]]
    notes: list[str] = Field(default_factory=list)
    truncated: bool = False

    @classmethod
    def of(cls, table: Table, limit: int | None = None) -> TableResponse:
        """The response for a table, cut at ``limit`` rows (and saying so)."""
        rows = table.records()
        truncated = limit is not None and len(rows) > limit
        notes = list(table.notes)
        if truncated:
            notes.append(f"stopped at {limit} rows; narrow the query (countries, start, end)")
            rows = rows[:limit]
        return cls(
            title=table.title, columns=table.columns, rows=rows, notes=notes, truncated=truncated
        )


class PathwayResponse(BaseModel):
    """Pathways: an object per ally with its years and credibility, and alliance totals."""

    ok: bool = True
    target: dict[str, Any]
    release: str
    imf_release: str
    allies: list[dict[str, Any]]
    totals: dict[str, Any]
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
