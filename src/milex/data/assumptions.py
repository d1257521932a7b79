"""A user's overrides of a pathway's assumptions, from the command line or a YAML file.

    # assumptions.yaml: every key optional
    growth: 1.5              # real GDP growth after the IMF years, %/yr, every ally
    growth: {all: 1.2, DEU: 0.8, POL: 2.5}   # ... or per ally (all: the others)
    deflator: 2.5            # the US-dollar price deflator after the IMF years, %/yr
    fx: {POL: 4.1, GBR: 0.8} # national currency per US dollar, held from the year after the start

Countries are any name or code milex knows. On the command line: ``--growth 1.5``,
``--growth DEU=0.8`` (repeatable), ``--deflator 2.5``, ``--fx POL=4.1``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from milex.data.yamlfile import unknown_key
from milex.errors import InvalidQueryError, ValidationError

GROWTH_RANGE = (-10.0, 15.0)
DEFLATOR_RANGE = (-5.0, 20.0)
KEYS = ("growth", "deflator", "fx")  # an assumptions file's keys


@dataclass(frozen=True)
class Overrides:
    """What the user set: growth for every ally and per ally, the deflator, exchange rates."""

    growth_all: float | None = None
    growth: Mapping[str, float] = field(default_factory=dict)
    deflator: float | None = None
    fx: Mapping[str, float] = field(default_factory=dict)

    def merged(self, other: Overrides) -> Overrides:
        """These overrides with ``other``'s on top (the command line over a file)."""
        return Overrides(
            other.growth_all if other.growth_all is not None else self.growth_all,
            {**self.growth, **other.growth},
            other.deflator if other.deflator is not None else self.deflator,
            {**self.fx, **other.fx},
        )

    def __bool__(self) -> bool:
        return bool(
            self.growth_all is not None or self.growth or self.deflator is not None or self.fx
        )


def _number(value: Any, what: str, bounds: tuple[float, float]) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InvalidQueryError(f"{what}: {value!r} is not a number")
    try:
        number = float(value)
    except ValueError:
        raise InvalidQueryError(f"{what}: {value!r} is not a number") from None
    low, high = bounds
    if not low <= number <= high:
        raise InvalidQueryError(f"{what}: {number:g} is outside {low:g} to {high:g}")
    return number


def _country(name: str, what: str) -> str:
    from milex.data import countries

    found = countries.find(str(name))
    if found is None:
        hint = countries.suggestions(str(name))
        extra = f"; did you mean {', '.join(hint)}?" if hint else ""
        raise InvalidQueryError(f"{what}: {name!r} is not a country milex knows{extra}")
    return found.iso3


def _per_country(
    items: Mapping[Any, Any], what: str, bounds: tuple[float, float]
) -> tuple[float | None, dict[str, float]]:
    every: float | None = None
    out: dict[str, float] = {}
    for key, value in items.items():
        if str(key).lower() == "all":
            every = _number(value, f"{what}.all", bounds)
        else:
            out[_country(key, f"{what}")] = _number(value, f"{what}.{key}", bounds)
    return every, out


def from_options(
    growth: Iterable[str] = (), deflator: float | None = None, fx: Iterable[str] = ()
) -> Overrides:
    """Overrides from command-line values: growth as ``PCT`` or ``COUNTRY=PCT``, fx as
    ``COUNTRY=RATE``."""
    growth_all: float | None = None
    per: dict[str, float] = {}
    for item in growth:
        if "=" in item:
            name, _, value = item.partition("=")
            per[_country(name.strip(), "--growth")] = _number(
                value.strip(), f"--growth {name.strip()}", GROWTH_RANGE
            )
        else:
            growth_all = _number(item, "--growth", GROWTH_RANGE)
    rates: dict[str, float] = {}
    for item in fx:
        name, sep, value = item.partition("=")
        if not sep:
            raise InvalidQueryError(f"--fx: {item!r} is not COUNTRY=RATE (e.g. POL=4.1)")
        rates[_country(name.strip(), "--fx")] = _positive(value.strip(), f"--fx {name.strip()}")
    if deflator is not None:
        deflator = _number(deflator, "--deflator", DEFLATOR_RANGE)
    return Overrides(growth_all, per, deflator, rates)


def _positive(value: Any, what: str) -> float:
    number = _number(value, what, (0.0, 1e9))
    if number <= 0:
        raise InvalidQueryError(f"{what}: an exchange rate must be above 0")
    return number


def load(path: str | Path) -> Overrides:
    """Overrides from a YAML file (keys growth, deflator, fx); errors name the file."""
    from milex.data.yamlfile import read_yaml

    document = read_yaml(path)
    if document is None:
        return Overrides()
    if not isinstance(document, dict):
        raise ValidationError(f"{path}: expected keys growth, deflator, fx at the top")
    unknown = sorted(set(map(str, document)) - set(KEYS))
    if unknown:
        raise ValidationError(f"{path}: {unknown_key([unknown[0]], KEYS)}")
    try:
        growth = document.get("growth")
        growth_all: float | None = None
        per: dict[str, float] = {}
        if isinstance(growth, dict):
            growth_all, per = _per_country(growth, "growth", GROWTH_RANGE)
        elif growth is not None:
            growth_all = _number(growth, "growth", GROWTH_RANGE)
        deflator = document.get("deflator")
        fx = document.get("fx") or {}
        if not isinstance(fx, dict):
            raise InvalidQueryError("fx: expected COUNTRY: RATE pairs")
        rates = {_country(k, "fx"): _positive(v, f"fx.{k}") for k, v in fx.items()}
        return Overrides(
            growth_all,
            per,
            None if deflator is None else _number(deflator, "deflator", DEFLATOR_RANGE),
            rates,
        )
    except InvalidQueryError as exc:
        raise ValidationError(f"{path}: {exc}") from None
