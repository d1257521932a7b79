"""Monte Carlo over a planned spending path: draw real GDP growth and dollar prices, see how
the share of GDP and the cost come out. Vectorised with numpy, drawn in fixed-size chunks
from one seeded PCG64 generator, so the same seed gives the same numbers to the byte.

Inputs are arrays over allies (A) and path years (T = start year .. deadline):
the planned spending in start-year dollars, the central real GDP in start-year dollars and
price index, the central real growth, and each ally's volatility of growth and of its
dollar price level (inflation and exchange rate together)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
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


def _shocks(
    rng: np.random.Generator, size: tuple[int, ...], distribution: str, df: float
) -> NDArray[np.float32]:
    if distribution == "student-t":
        # Scaled to unit variance, so the volatility means the same under both.
        draws = rng.standard_t(df, size=size) * np.sqrt((df - 2) / df)
        scaled: NDArray[np.float32] = draws.astype(np.float32)
        return scaled
    normal: NDArray[np.float32] = rng.standard_normal(size=size, dtype=np.float32)
    return normal


def _levels(
    rng: np.random.Generator, central: Array, sd: Array, n: int, distribution: str, df: float
) -> NDArray[np.float32]:
    """Cumulated growth factors (A, T, n), 1 in the start year: central x (1 + shock)."""
    allies, steps = central.shape
    growth = _shocks(rng, (allies, steps, n), distribution, df)
    growth *= (sd / 100).astype(np.float32)[:, None, None]
    growth += central.astype(np.float32)[:, :, None]
    levels = np.empty((allies, steps + 1, n), dtype=np.float32)
    levels[:, 0] = 1.0
    for t in range(steps):  # contiguous (A, n) slices: faster than cumprod across axis 1
        np.multiply(levels[:, t], growth[:, t], out=levels[:, t + 1])
    return levels


def _quantiles(values: NDArray[np.float32]) -> Array:
    """Nearest-rank P5/P50/P95 along the draws (last) axis, as (3, A, T). Partitions
    ``values`` in place (no copy of the draws)."""
    n = values.shape[-1]
    ranks = [round(q / 100 * (n - 1)) for q in QUANTILES]
    values.partition(ranks, axis=-1)
    picked = values[..., ranks]
    out: Array = np.moveaxis(picked, -1, 0).astype(np.float64)
    return out


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
    rng = np.random.Generator(np.random.PCG64(seed))
    # Draws last, so each ally-year's draws are contiguous for the quantiles.
    shares = np.empty((allies, years, draws), dtype=np.float32)
    costs = np.empty((allies, years, draws), dtype=np.float32)
    growth = 1 + paths.growth_pct[:, 1:] / 100
    share_scale = (paths.planned_real_spending / paths.real_gdp[:, :1] * 100).astype(np.float32)
    cost_scale = (paths.planned_real_spending * paths.price_index).astype(np.float32)
    prices = paths.price_index[:, 1:] / paths.price_index[:, :-1]  # central price growth
    done = 0
    while done < draws:
        n = min(CHUNK, draws - done)
        real = _levels(rng, growth, paths.growth_sd_pp, n, distribution, df)
        np.divide(share_scale[:, :, None], real, out=shares[:, :, done : done + n])
        level = _levels(rng, np.ones_like(prices), paths.price_sd_pp, n, distribution, df)
        np.multiply(cost_scale[:, :, None], level, out=costs[:, :, done : done + n])
        done += n
        if progress:
            progress(done, draws)
    probability: Array = np.mean(shares[:, -1, :] >= paths.target - 1e-6, axis=-1)
    # numpy's partition releases the GIL: the two arrays are partitioned on two threads.
    with ThreadPoolExecutor(max_workers=2) as pool:
        share_bands, cost_bands = pool.map(_quantiles, (shares, costs))
    return Result(probability, share_bands, cost_bands, draws)


def volatility(values: list[float], floor: float = 0.5) -> float:
    """Sample standard deviation of yearly figures (points), never below ``floor``."""
    if len(values) < 2:
        return floor
    return max(float(np.std(np.asarray(values, dtype=np.float64), ddof=1)), floor)
