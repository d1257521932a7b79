"""Scenario files: YAML layered on a baseline, validated by pydantic (schema version 1).

    schema_version: 1
    name: Half of US troops in Europe withdrawn over five years
    baseline: imf-weo-2026-04
    commitment: hague-core
    drawdown: {troops: 40000, start_year: 2027, years: 5}

Every key is checked: an unknown key, an unknown country, a negative troop count or a rate
out of range is an error naming the file, the key and the value. See examples/ for complete
files and docs/scenarios.md for each parameter and the reasoning behind its default.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic import ValidationError as PydanticValidationError

from milex.data.yamlfile import describe_all
from milex.errors import ValidationError
from milex.model.montecarlo import MAX_DRAWS

# The growth lost per point of (effective tariff rate x goods exports to the US / GDP): the
# one parameter of the tariff model, fitted by least squares so that the 9 April 2025 tariffs,
# held as announced, reproduce the IMF's April 2025 growth revisions for Canada, Germany,
# France and Italy in 2025 and 2026 (`python tools/evidence.py fit` prints the fit; a test
# keeps this value equal to it). Above 1, it carries more than the duty itself: the IMF's
# revision also holds the uncertainty and the confidence the tariffs cost.
DEFAULT_PASS_THROUGH = 1.07
# The share of the value of vehicles and parts (HS 87) that pays a Section 232 car tariff.
# USMCA vehicles pay only on their non-US content and USMCA parts were spared; no published
# split was found, so half, between none (all US content) and all. An assumption: override it.
DEFAULT_VEHICLE_DUTIABLE_SHARE = 0.5
# A cost per service member and year from troop_costs.csv: IISS (May 2025), >USD 12 bn for
# 128,000 US personnel, read as yearly (the report itself was not retrieved to confirm it).
DEFAULT_TROOP_COSTING = "IISS-2025-personnel"
PRESETS = ("none", "announced-2025-04-02", "eu-deal-2025-08", "enacted-2025-2026")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _no_yes_or_no(cls, value: Any, info: ValidationInfo) -> Any:
        """No key of a scenario is a yes/no: pydantic would take true for 1 (seed: true)."""
        annotation = cls.model_fields[str(info.field_name)].annotation
        if annotation is bool:
            return value
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
    preset: Literal["none", "announced-2025-04-02", "eu-deal-2025-08", "enacted-2025-2026"] = "none"
    rates: dict[str, float] = Field(default_factory=dict)  # partner -> percent, over the preset
    pass_through: float = Field(DEFAULT_PASS_THROUGH, ge=0, le=5)
    # The year the shock starts (a preset held from 1 January); default: the first year after
    # the baseline's figures. A shock the baseline already holds says so with in_baseline.
    start_year: int | None = Field(None, ge=2000, le=2100)
    in_baseline: bool = False
    vehicle_dutiable_share: float = Field(DEFAULT_VEHICLE_DUTIABLE_SHARE, ge=0, le=1)

    @field_validator("rates")
    @classmethod
    def _rates(cls, rates: dict[str, float]) -> dict[str, float]:
        out = {}
        for partner, rate in rates.items():
            if not 0 <= rate <= 100:
                raise ValueError(f"rate for {partner!r} must be between 0 and 100 (got {rate})")
            out[_country(partner)] = rate
        return out

    @model_validator(mode="after")
    def _timing(self) -> Tariffs:
        if self.preset == "enacted-2025-2026" and not self.in_baseline:
            raise ValueError(
                "the enacted-2025-2026 measures follow their own dates, which the baseline "
                "already reports: set in_baseline: true"
            )
        if self.in_baseline and self.preset == "none" and self.start_year is None:
            raise ValueError("a shock in the baseline needs its start_year")
        return self


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
    """What the US provides that Europe lacks, at a cost that is either paid every year
    listed (``yearly_usd_bn``) or a total spread evenly over them (``total_usd_bn``)."""

    item: str
    yearly_usd_bn: float | None = Field(None, ge=0, le=1_000)
    total_usd_bn: float | None = Field(None, ge=0, le=10_000)
    years: list[int] = Field(min_length=1)

    @model_validator(mode="before")
    @classmethod
    def _one_cost(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        if "cost_usd_bn" in data:
            raise ValueError(
                "cost_usd_bn does not say whether it is a yearly cost or a total: write "
                "yearly_usd_bn (paid in each year listed) or total_usd_bn (spread evenly "
                "over them)"
            )
        given = [key for key in ("yearly_usd_bn", "total_usd_bn") if data.get(key) is not None]
        if len(given) != 1:
            raise ValueError(
                "give the cost as yearly_usd_bn (paid in each year listed) or total_usd_bn "
                "(spread evenly over them), one of the two"
                + (" (both given)" if len(given) == 2 else "")
            )
        return data

    @field_validator("years")
    @classmethod
    def _years(cls, years: list[int]) -> list[int]:
        if any(not 2000 <= year <= 2100 for year in years):
            raise ValueError("years must be from 2000 to 2100")
        if len(set(years)) != len(years):
            raise ValueError("a year is listed twice")
        return years


class Drawdown(_Strict):
    troops: int = Field(ge=0, le=1_000_000)
    start_year: int = Field(ge=2000, le=2100)
    years: int = Field(ge=1, le=30)
    # The cost of a replacement: a costing of troop_costs.csv by id (cost per service member
    # and year, in its own year's dollars, indexed with the deflator), or your own figure in
    # dollars of cost_price_year (default: the path's start year).
    cost_per_troop: str = DEFAULT_TROOP_COSTING
    cost_per_troop_year_usd: float | None = Field(None, ge=0, le=10_000_000)
    cost_price_year: int | None = Field(None, ge=2000, le=2100)
    # European service members for each US one who leaves (1: one for one).
    replacement_ratio: float = Field(1.0, gt=0, le=10)
    enablers: list[Enabler] = Field(default_factory=list)
    sharing: Literal["gdp"] | dict[str, float] = "gdp"

    @field_validator("sharing")
    @classmethod
    def _sharing(cls, value: Any) -> Any:
        return _explicit(value)

    @model_validator(mode="after")
    def _price_year(self) -> Drawdown:
        if self.cost_price_year is not None and self.cost_per_troop_year_usd is None:
            raise ValueError("cost_price_year goes with cost_per_troop_year_usd")
        return self


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
    draws: int = Field(1000, ge=0, le=MAX_DRAWS)  # 0: no Monte Carlo
    seed: int = Field(0, ge=0)
    distribution: Literal["normal", "student-t"] = "normal"
    df: float = Field(5.0, gt=2, le=1000)


class Scenario(_Strict):
    schema_version: Literal[1]
    name: str = Field(min_length=1)
    description: str = ""
    # The IMF vintage the scenario is layered on (default: the latest in the store).
    baseline: str | None = Field(None, pattern=r"^imf-[a-z0-9-]+$")
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


def parse(raw: Any, file: str = "<scenario>") -> Scenario:
    """Validate a loaded scenario document; errors name the file, key and value."""
    if not isinstance(raw, dict):
        raise ValidationError(f"{file}: a scenario is a mapping of keys (got {type(raw).__name__})")
    try:
        return Scenario.model_validate(raw)
    except PydanticValidationError as exc:
        problems = describe_all(file, exc.errors(), Scenario)
        raise ValidationError("\n".join(problems)) from None


def load(path: str | Path) -> Scenario:
    """Read and validate a scenario file (YAML)."""
    from milex.data.yamlfile import read_yaml

    raw = read_yaml(path)
    return parse(raw, str(Path(path)))
