"""Scenarios over HTTP, shared by POST /api/v1/scenario and the Scenarios page: what a request
may ask for (a scenario document, a form, an uploaded file or one of the example files), the
draws and seed it may set, and a run bounded in draws and time.

Validation is the library's (milex.data.scenarios: errors name the file, key and value) and the
run is milex.scenario's; this module only gathers the arguments and enforces the web's limits.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from milex import scenario
from milex.data import countries
from milex.data.scenarios import (
    DEFAULT_PASS_THROUGH,
    DEFAULT_TROOP_COSTING,
    Scenario,
    load,
    parse,
)
from milex.data.yamlfile import parse_yaml
from milex.errors import InvalidQueryError, MilexError, ValidationError

if TYPE_CHECKING:
    from milex.web.store import Store

log = logging.getLogger("milex.web")

# Draws a request may ask for: 20,000 take about a second, well inside the app's time limit.
MAX_DRAWS = 20_000
# Without a number in the request: the file's own, but at most this many.
DEFAULT_DRAWS = 2_000
MAX_SEED = 2**32 - 1
# A scenario file is a few hundred bytes; this leaves room for long shopping lists.
MAX_UPLOAD_BYTES = 200_000
MAX_FIELD = 80
# The names errors give as "file" when the scenario did not come from one.
REQUEST = "<request>"
FORM = "<form>"
DEFAULT_COUNTRY = "DEU"


@dataclass(frozen=True)
class Job:
    """A validated scenario with the draws and seed to run it with."""

    spec: Scenario
    draws: int
    seed: int
    source: str


def whole(value: Any, key: str, upper: int, file: str) -> int | None:
    """An optional whole number from 0 to ``upper`` (a request's draws or seed), from JSON or
    from a form's text; a blank means not given."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    number: Any = value
    if isinstance(value, str):
        try:
            number = int(value.strip())
        except ValueError:
            number = None
    elif isinstance(value, float) and value.is_integer():
        number = int(value)  # JSON has one kind of number: 2000.0 is 2000
    if isinstance(number, bool) or not isinstance(number, int) or not 0 <= number <= upper:
        raise ValidationError(
            f"{file}, key {key!r}: must be a whole number from 0 to {upper:,} (value {value!r})"
        )
    return number


def job(spec: Scenario, draws: int | None, seed: int | None, source: str) -> Job:
    """The run of a validated scenario: the draws asked for, else the file's (at most 2,000)."""
    count = min(spec.montecarlo.draws, DEFAULT_DRAWS) if draws is None else draws
    return Job(spec, count, spec.montecarlo.seed if seed is None else seed, source)


def from_document(raw: Any, file: str = REQUEST) -> Job:
    """A scenario document (the keys of a scenario file) with optional ``draws`` and ``seed``
    beside them: the body of POST /api/v1/scenario."""
    if not isinstance(raw, dict):
        parse(raw, file)  # raises, naming what was sent instead of a mapping
    body = dict(raw)
    draws = whole(body.pop("draws", None), "draws", MAX_DRAWS, file)
    seed = whole(body.pop("seed", None), "seed", MAX_SEED, file)
    return job(parse(body, file), draws, seed, file)


def from_yaml(
    content: bytes, file: str, draws: Any = None, seed: Any = None, deadline: float | None = None
) -> Job:
    """An uploaded scenario file, with the draws and seed given beside it (else the file's).
    Read by the bounded YAML reader (no aliases, limited size, depth and nodes), by
    ``deadline`` when given: the time limit of the run it is for."""
    raw = parse_yaml(content, file, max_bytes=MAX_UPLOAD_BYTES, deadline=deadline)
    spec = parse(raw, file)
    return job(
        spec, whole(draws, "draws", MAX_DRAWS, file), whole(seed, "seed", MAX_SEED, file), file
    )


def run(store: Store, task: Job, deadline: float | None = None) -> scenario.ScenarioReport:
    """The scenario's report, stopped at the app's time limit (the store's queries and the
    Monte Carlo alike), counted from ``deadline`` minus the limit when given (the request's
    start, when the scenario was read from an upload first)."""
    limit = store.time_limit
    deadline = time.monotonic() + limit if deadline is None else deadline

    def in_time(done: int, total: int) -> None:
        if time.monotonic() > deadline:
            raise InvalidQueryError(
                f"scenario: stopped after the {limit:g} s time limit ({done:,} of {total:,} "
                "draws); ask for fewer draws"
            )

    try:
        return scenario.run(store.queries(), task.spec, task.draws, task.seed, in_time)
    except MilexError:
        raise
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise InvalidQueryError(f"scenario: stopped after the {limit:g} s time limit") from exc
        raise
    except (ValueError, ArithmeticError) as exc:
        # The model refuses figures it cannot use (sharing weights that are all zero).
        log.warning("scenario %r refused by the model: %s", task.spec.name, exc)
        raise InvalidQueryError(f"scenario: {exc}") from exc


# -- the example files ------------------------------------------------------------------------


@dataclass(frozen=True)
class Example:
    """One of the scenario files in the source tree's examples/ folder."""

    id: str
    name: str
    path: Path


def examples_folder() -> Path | None:
    """examples/ beside the source tree (a clone or an editable install); None otherwise."""
    import milex

    folder = Path(milex.__file__).resolve().parents[2] / "examples"
    return folder if folder.is_dir() else None


def examples() -> dict[str, Example]:
    """The example scenarios by file name (without .yaml); none when the folder is absent."""
    folder = examples_folder()
    if folder is None:
        return {}
    found = {}
    for path in sorted(folder.glob("*.yaml")):
        try:
            spec = load(path)
        except ValidationError:
            log.warning("example %s does not validate; not offered", path)
            continue
        found[path.stem] = Example(path.stem, spec.name, path)
    return found


# -- the page's form ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScenarioArgs:
    """A scenario asked for by a URL or the page's form: an example file, or one built from a
    few fields (values kept as sent, so the library's errors quote them), with draws, seed and
    the ally whose fan chart to draw. Hashable: the key of the page's cache of runs."""

    example: str | None = None
    preset: str = "none"
    pass_through: str = f"{DEFAULT_PASS_THROUGH:g}"
    troops: str = "0"
    start_year: str = "2027"
    years: str = "5"
    cost_per_troop_year_usd: str = ""  # blank: the file's default costing (troop_costs.csv)
    draws: str = ""  # blank: the scenario's own (at most DEFAULT_DRAWS)
    seed: str = ""  # blank: the scenario's own
    country: str = DEFAULT_COUNTRY

    @classmethod
    def of(cls, params: Mapping[str, Any]) -> ScenarioArgs:
        """The arguments in a query string or form; blanks take the defaults."""
        values: dict[str, Any] = {}
        for item in fields(cls):
            value = params.get(item.name)
            if value is None:
                continue
            if not isinstance(value, str):
                raise InvalidQueryError(f"{item.name}: send it as a form field, not a file")
            if len(value) > MAX_FIELD:
                raise InvalidQueryError(f"{item.name}: longer than {MAX_FIELD} characters")
            if value.strip():
                values[item.name] = value.strip()
        return cls(**values)

    def without_country(self) -> ScenarioArgs:
        """The same run for any ally: the cache key."""
        return replace(self, country=DEFAULT_COUNTRY)

    def query(self) -> str:
        """A query string that asks for the same run and ally."""
        values = asdict(self)
        names: tuple[str, ...] = tuple(n for n in values if n != "example")
        if self.example is not None:
            names = ("example", "draws", "seed", "country")
        return urlencode({n: values[n] for n in names if values[n]})

    def name(self) -> str:
        """The name of a scenario built on the form, from what it changes."""
        parts = []
        if self.preset != "none":
            parts.append(f"US tariffs {self.preset} (pass-through {self.pass_through})")
        if self.troops != "0":
            troops = f"{int(self.troops):,}" if self.troops.isdigit() else self.troops
            parts.append(
                f"{troops} US troops leave Europe over {self.years} years from {self.start_year}"
            )
        return "; ".join(parts) or "The baseline (no changes)"

    def document(self) -> dict[str, Any]:
        """The scenario document the form describes (what a YAML file would hold)."""
        raw: dict[str, Any] = {
            "schema_version": 1,
            "name": self.name(),
            "montecarlo": {"draws": DEFAULT_DRAWS},
        }
        if self.preset != "none":
            # The enacted measures happened: the baseline holds them. The presets held from a
            # day run as 'what if they came back' after the baseline's figures.
            raw["tariffs"] = {
                "preset": self.preset,
                "pass_through": self.pass_through,
                "in_baseline": self.preset == "enacted-2025-2026",
            }
        if self.troops != "0":
            raw["drawdown"] = {
                "troops": self.troops,
                "start_year": self.start_year,
                "years": self.years,
            }
            if self.cost_per_troop_year_usd:
                raw["drawdown"]["cost_per_troop_year_usd"] = self.cost_per_troop_year_usd
        return raw

    def job(self) -> Job:
        """The run: the example file or the form's scenario, validated, with draws and seed."""
        if self.example is not None:
            found = examples().get(self.example)
            if found is None:
                shown = ", ".join(examples()) or "none here"
                raise InvalidQueryError(f"example: {self.example!r} is not one of {shown}")
            spec, file = load(found.path), f"examples/{found.path.name}"
        else:
            spec, file = parse(self.document(), FORM), FORM
        draws = whole(self.draws, "draws", MAX_DRAWS, file)
        return job(spec, draws, whole(self.seed, "seed", MAX_SEED, file), file)

    def iso3(self) -> str:
        """The ally whose fan chart to draw, as its code."""
        return countries.get(self.country).iso3


def form_of(task: Job, country: str) -> tuple[ScenarioArgs, list[str]]:
    """The page's form filled in with the values of a scenario run from a file (an example or
    an upload), so that what it shows is what ran; and what the file holds that the form has
    no field for (run from the form, the scenario leaves those out)."""
    spec = task.spec
    tariffs, drawdown = spec.tariffs, spec.drawdown
    values: dict[str, str] = {
        "draws": str(task.draws),
        "seed": str(task.seed),
        "country": country,
        "troops": "0",
    }
    if tariffs is not None:
        values["preset"] = tariffs.preset
        values["pass_through"] = f"{tariffs.pass_through:g}"
    if drawdown is not None:
        values["troops"] = str(drawdown.troops)
        values["start_year"] = str(drawdown.start_year)
        values["years"] = str(drawdown.years)
        if drawdown.cost_per_troop_year_usd is not None:
            values["cost_per_troop_year_usd"] = f"{drawdown.cost_per_troop_year_usd:g}"
    return ScenarioArgs(**values), _beyond_the_form(spec)


def _beyond_the_form(spec: Scenario) -> list[str]:
    """What a scenario sets that the page's form cannot, in words."""
    out = []
    if spec.commitment != "hague-core" or spec.shape != "linear":
        out.append(f"commitment {spec.commitment} on {spec.shape} paths")
    tariffs, drawdown = spec.tariffs, spec.drawdown
    if tariffs is not None:
        if tariffs.start_year is not None:
            out.append(f"tariffs from {tariffs.start_year}")
        if tariffs.in_baseline != (tariffs.preset == "enacted-2025-2026"):
            out.append("tariffs held in the baseline" if tariffs.in_baseline else "tariffs added")
        if tariffs.rates:
            out.append(f"tariff rates for {', '.join(sorted(tariffs.rates))}")
    if spec.gdp_shocks:
        out.append(f"{len(spec.gdp_shocks)} GDP shock{'s' if len(spec.gdp_shocks) > 1 else ''}")
    if spec.exchange_rates:
        out.append("exchange-rate changes")
    if drawdown is not None:
        own = drawdown.cost_per_troop_year_usd is not None
        if not own and drawdown.cost_per_troop != DEFAULT_TROOP_COSTING:
            out.append(f"the costing {drawdown.cost_per_troop}")
        if drawdown.replacement_ratio != 1:
            out.append(f"replacement ratio {drawdown.replacement_ratio:g}")
        if drawdown.enablers:
            out.append(f"{len(drawdown.enablers)} enablers")
        if drawdown.sharing != "gdp":
            out.append("its own sharing of the drawdown's cost")
    if spec.shopping_list is not None:
        items = len(spec.shopping_list.items)
        out.append(f"a shopping list ({items} item{'s' if items > 1 else ''})")
    if spec.deflator_pct != 2.0:
        out.append(f"a deflator of {spec.deflator_pct:g}%")
    if spec.montecarlo.distribution != "normal":
        out.append(f"{spec.montecarlo.distribution} draws")
    return out
