"""Monte Carlo over a planned spending path: draw real GDP growth and dollar prices, see how
the share of GDP and the cost come out. Vectorised with numpy, drawn in fixed-size chunks
from one seeded PCG64 generator, so the same seed gives the same numbers to the byte.

Inputs are arrays over allies (A) and path years (T = start year .. deadline):
the planned spending in start-year dollars, the central real GDP in start-year dollars and
price index, the central real growth, and each ally's volatility of growth and of its
dollar price level (inflation and exchange rate together)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

CHUNK = 10_000  # draws per chunk: bounds memory (chunk x allies x years x 8 bytes)
QUANTILES = (5.0, 50.0, 95.0)

Array = NDArray[np.float64]


@dataclass(frozen=True)
class Paths:
    """The central scenario for every ally: arrays of shape (A, T), start year first."""

    planned_real_spending: Array  # start-year USD bn
    real_gdp: Array  # start-year USD bn
    price_index: Array  # start year = 1
    growth_pct: Array  # real GDP growth of each year (first column unused)
    growth_sd_pp: Array  # (A,) volatility of real growth, points
    price_sd_pp: Array  # (A,) volatility of the dollar price level, points
    target: float


@dataclass(frozen=True)
class Result:
    """Probability of reaching the target at the deadline, and P5/P50/P95 bands per year."""

    probability: Array  # (A,)
    share_bands: Array  # (3, A, T)
    cost_bands: Array  # (3, A, T), current USD bn
    draws: int


def _shocks(rng: np.random.Generator, size: tuple[int, ...], distribution: str, df: float) -> Array:
    if distribution == "student-t":
        # Scaled to unit variance, so the volatility means the same under both.
        draws: Array = rng.standard_t(df, size=size) * np.sqrt((df - 2) / df)
        return draws
    normal: Array = rng.standard_normal(size=size)
    return normal


def simulate(
    paths: Paths,
    draws: int,
    seed: int,
    distribution: str = "normal",
    df: float = 5.0,
    progress: Callable[[int, int], None] | None = None,
) -> Result:
    """Run ``draws`` scenarios in chunks; the same seed gives the same result."""
    if draws < 1:
        raise ValueError("draws must be at least 1")
    if distribution not in ("normal", "student-t"):
        raise ValueError(f"distribution must be normal or student-t, not {distribution!r}")
    allies, years = paths.real_gdp.shape
    steps = years - 1
    rng = np.random.Generator(np.random.PCG64(seed))
    shares = np.empty((draws, allies, years), dtype=np.float32)
    costs = np.empty((draws, allies, years), dtype=np.float32)
    central_growth = 1 + paths.growth_pct[:, 1:] / 100  # (A, steps)
    done = 0
    while done < draws:
        n = min(CHUNK, draws - done)
        growth = _shocks(rng, (n, allies, steps), distribution, df)
        growth *= paths.growth_sd_pp[None, :, None] / 100
        growth += central_growth[None]
        real = np.empty((n, allies, years))
        real[:, :, 0] = 1.0
        np.cumprod(growth, axis=2, out=real[:, :, 1:])
        real *= paths.real_gdp[None, :, :1]
        prices = _shocks(rng, (n, allies, steps), distribution, df)
        prices *= paths.price_sd_pp[None, :, None] / 100
        prices += 1.0
        level = np.empty((n, allies, years))
        level[:, :, 0] = 1.0
        np.cumprod(prices, axis=2, out=level[:, :, 1:])
        level *= paths.price_index[None]
        shares[done : done + n] = paths.planned_real_spending[None] / real * 100
        costs[done : done + n] = paths.planned_real_spending[None] * level
        done += n
        if progress:
            progress(done, draws)
    probability: Array = np.mean(shares[:, :, -1] >= paths.target - 1e-9, axis=0)
    share_bands: Array = np.percentile(shares, QUANTILES, axis=0).astype(np.float64)
    cost_bands: Array = np.percentile(costs, QUANTILES, axis=0).astype(np.float64)
    return Result(probability, share_bands, cost_bands, draws)


def volatility(values: list[float], floor: float = 0.5) -> float:
    """Sample standard deviation of yearly figures (points), never below ``floor``."""
    if len(values) < 2:
        return floor
    return max(float(np.std(np.asarray(values, dtype=np.float64), ddof=1)), floor)
