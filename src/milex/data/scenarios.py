"""Scenario files: YAML layered on the baseline, validated by pydantic (schema version 1).

    schema_version: 1
    name: Half of US troops in Europe withdrawn over five years
    commitment: hague-core
    drawdown: {troops: 40000, start_year: 2027, years: 5}

Every key is checked: an unknown key, an unknown country, a negative troop count or a rate
out of range is an error naming the file, the key and the value. See examples/ for complete
files and docs/scenarios.md for each parameter and the reasoning behind its default.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic import ValidationError as PydanticValidationError

from milex.errors import ValidationError

# The share of a tariff that falls on the exporting economy (through lost volumes and lower
# prices) rather than on US buyers. Studies of the 2018-19 US tariffs found near-complete
# pass-through to US import prices in the short run (the exporter's price barely fell), so
# the exporter loses mostly through volumes; half is a middle assumption. Override it.
DEFAULT_PASS_THROUGH = 0.5
# Cost of one soldier for a year, in US dollars: pay, allowances, training, equipment upkeep
# and support, the order of magnitude of European armies' cost per active soldier (total
# personnel and operating spending / active personnel). An assumption: override it.
DEFAULT_COST_PER_TROOP_YEAR_USD = 200_000.0
PRESETS = ("none", "announced-2025-04-02", "eu-deal-2025-08")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_yes_or_no(cls, value: Any, info: ValidationInfo) -> Any:
        """No key of a scenario is a yes/no: pydantic would take true for 1 (seed: true)."""
        annotation = cls.model_fields[str(info.field_name)].annotation
        mapping = dict in (get_origin(annotation), *map(get_origin, get_args(annotation)))
        if isinstance(value, dict):
            items = list(value.values()) if mapping else []
        else:
            items = value if isinstance(value, list) else [value]
        if any(isinstance(item, bool) for item in items):
            raise ValueError("must be a number or a text, not true or false")
        return value


def _country(value: str) -> str:
    from milex.data import countries

    found = countries.find(value)
    if found is None or found.kind not in ("country", "aggregate"):
        raise ValueError(f"{value!r} is not a country milex knows")
    return found.iso3


class Tariffs(_Strict):
    preset: Literal["none", "announced-2025-04-02", "eu-deal-2025-08"] = "none"
    rates: dict[str, float] = Field(default_factory=dict)  # partner -> percent, over the preset
    pass_through: float = Field(DEFAULT_PASS_THROUGH, ge=0, le=1)
    year: int | None = Field(
        None, ge=2000, le=2100
    )  # growth takes the hit (default: 1st path year)

    @field_validator("rates")
    @classmethod
    def _rates(cls, rates: dict[str, float]) -> dict[str, float]:
        out = {}
        for partner, rate in rates.items():
            if not 0 <= rate <= 100:
                raise ValueError(f"rate for {partner!r} must be between 0 and 100 (got {rate})")
            out[_country(partner)] = rate
        return out


class GdpShock(_Strict):
    country: str
    year: int = Field(ge=2000, le=2100)
    growth_pp: float = Field(ge=-20, le=20)

    _check = field_validator("country")(classmethod(lambda cls, v: _country(v)))


class ExchangeRate(_Strict):
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    from_year: int = Field(ge=2000, le=2100)
    change_pct: float = Field(ge=-90, le=200)  # the currency's value against the dollar


class Enabler(_Strict):
    item: str
    cost_usd_bn: float = Field(ge=0, le=10_000)
    years: list[int] = Field(min_length=1)


class Drawdown(_Strict):
    troops: int = Field(ge=0, le=1_000_000)
    start_year: int = Field(ge=2000, le=2100)
    years: int = Field(ge=1, le=30)
    cost_per_troop_year_usd: float = Field(DEFAULT_COST_PER_TROOP_YEAR_USD, ge=0, le=10_000_000)
    enablers: list[Enabler] = Field(default_factory=list)
    sharing: Literal["gdp"] | dict[str, float] = "gdp"

    @field_validator("sharing")
    @classmethod
    def _sharing(cls, value: Any) -> Any:
        return _explicit(value)


class Item(_Strict):
    item: str
    unit_cost_usd_m: float = Field(ge=0, le=1_000_000)
    quantity: int = Field(ge=0, le=1_000_000)
    years: list[int] = Field(min_length=1)


class ShoppingList(_Strict):
    items: list[Item] = Field(min_length=1)
    sharing: Literal["gdp"] | dict[str, float] = "gdp"

    @field_validator("sharing")
    @classmethod
    def _sharing(cls, value: Any) -> Any:
        return _explicit(value)


def _explicit(value: Any) -> Any:
    if isinstance(value, dict):
        if any(weight < 0 for weight in value.values()):
            raise ValueError("sharing weights must be >= 0")
        if not any(weight > 0 for weight in value.values()):
            raise ValueError("sharing weights need at least one above 0")
        return {_country(k): float(w) for k, w in value.items()}
    return value


class MonteCarlo(_Strict):
    draws: int = Field(1000, ge=0, le=1_000_000)  # 0: no Monte Carlo
    seed: int = Field(0, ge=0)
    distribution: Literal["normal", "student-t"] = "normal"
    df: float = Field(5.0, gt=2, le=1000)


class Scenario(_Strict):
    schema_version: Literal[1]
    name: str = Field(min_length=1)
    description: str = ""
    commitment: str = "hague-core"
    shape: Literal["linear", "constant-growth", "front-loaded"] = "linear"
    deflator_pct: float = Field(2.0, ge=-5, le=20)
    tariffs: Tariffs | None = None
    gdp_shocks: list[GdpShock] = Field(default_factory=list)
    exchange_rates: list[ExchangeRate] = Field(default_factory=list)
    drawdown: Drawdown | None = None
    shopping_list: ShoppingList | None = None
    montecarlo: MonteCarlo = Field(default_factory=lambda: MonteCarlo())

    @field_validator("gdp_shocks")
    @classmethod
    def _shock_totals(cls, shocks: list[GdpShock]) -> list[GdpShock]:
        totals: dict[tuple[str, int], float] = {}
        for shock in shocks:
            key = (shock.country, shock.year)
            totals[key] = totals.get(key, 0.0) + shock.growth_pp
            if not -20 <= totals[key] <= 20:
                raise ValueError(
                    f"shocks to {shock.country} in {shock.year} add up to {totals[key]:g} "
                    "points; keep each country-year within -20 to 20"
                )
        return shocks


def _describe(file: str, raw: Any, error: Any) -> str:
    location = [str(part) for part in error["loc"] if not str(part).startswith("function")]
    value = error.get("input")
    if error["type"] == "extra_forbidden":
        return f"{file}: unknown key {'.'.join(location)!r}"
    if error["type"] == "missing":
        return f"{file}, key {'.'.join(location)!r}: missing"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{file}, key {'.'.join(location)!r}: {message} (value {value!r})"


def parse(raw: Any, file: str = "<scenario>") -> Scenario:
    """Validate a loaded scenario document; errors name the file, key and value."""
    if not isinstance(raw, dict):
        raise ValidationError(f"{file}: a scenario is a mapping of keys (got {type(raw).__name__})")
    try:
        return Scenario.model_validate(raw)
    except PydanticValidationError as exc:
        raise ValidationError("\n".join(_describe(file, raw, e) for e in exc.errors())) from None


def load(path: str | Path) -> Scenario:
    """Read and validate a scenario file (YAML)."""
    from milex.data.yamlfile import read_yaml

    raw = read_yaml(path)
    return parse(raw, str(Path(path)))
