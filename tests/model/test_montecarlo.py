"""The Monte Carlo: bands read from merged histograms are within their stated bound of the exact
quantiles, the same seed gives the same bytes on one process or several, and the draws come
from independent streams, one per block."""

from __future__ import annotations

import numpy as np
import pytest

from milex.model import montecarlo as mc


def paths(allies: int = 3, years: int = 6) -> mc.Paths:
    return mc.Paths(
        planned_real_spending=np.full((allies, years), 35.0),
        real_gdp=np.full((allies, years), 1000.0),
        price_index=np.ones((allies, years)),
        growth_pct=np.zeros((allies, years)),
        growth_sd_pp=np.array([0.5, 1.0, 3.0])[:allies],
        price_sd_pp=np.array([1.0, 4.0, 9.0])[:allies],
        target=3.5,
    )


def all_draws(
    p: mc.Paths, draws: int, seed: int, distribution: str, df: float
) -> tuple[np.ndarray, np.ndarray]:
    """Every draw, kept (what the Monte Carlo itself never does), to compare with."""
    shares, costs = [], []
    for task in mc._tasks(p, draws, seed, distribution, df, groups=1):
        for index, block_seed in enumerate(task.blocks, start=task.first_block):
            share, cost = mc._block_values(task, index, block_seed)
            shares.append(share)
            costs.append(cost)
    return np.concatenate(shares, axis=-1), np.concatenate(costs, axis=-1)


@pytest.mark.parametrize(
    ("draws", "distribution"),
    [(7, "normal"), (10_001, "normal"), (25_003, "normal"), (12_345, "student-t")],
)
def test_bands_are_within_their_bound_of_the_exact_quantiles(draws: int, distribution: str) -> None:
    p = paths()
    result = mc.simulate(p, draws, 11, distribution, 3.0)
    shares, costs = all_draws(p, draws, 11, distribution, 3.0)
    for k, q in enumerate(mc.QUANTILES):
        rank = round(q / 100 * (draws - 1))  # nearest rank, as numpy's method="nearest"
        exact_share = np.sort(shares, axis=-1)[..., rank]
        exact_cost = np.sort(costs, axis=-1)[..., rank]
        assert np.all(np.abs(result.share_bands[k] - exact_share) <= result.share_error)
        assert np.all(np.abs(result.cost_bands[k] - exact_cost) <= result.cost_error)
    assert np.array_equal(result.probability, np.mean(shares[:, -1] >= 3.5 - 1e-6, axis=-1))
    # The bound is small: a fraction of a percent of the band.
    assert result.max_relative_error() < 0.005
    # The start year has no spread: its band is the central value itself.
    assert np.allclose(result.share_bands[:, :, 0], 3.5, rtol=1e-6)


def test_same_seed_same_bytes_on_one_or_two_processes() -> None:
    p = paths()
    one = mc.simulate(p, 30_001, 5, workers=1)
    two = mc.simulate(p, 30_001, 5, workers=2)
    for name in ("probability", "share_bands", "cost_bands", "share_error", "cost_error"):
        assert getattr(one, name).tobytes() == getattr(two, name).tobytes(), name
    other = mc.simulate(p, 30_001, 6, workers=2)
    assert other.share_bands.tobytes() != one.share_bands.tobytes()


def test_each_block_draws_from_its_own_spawned_stream() -> None:
    tasks = mc._tasks(paths(), 35_000, 9, "normal", 5.0, groups=2)
    seeds = [seed for task in tasks for seed in task.blocks]
    spawned = np.random.SeedSequence(9).spawn(4)
    assert (
        [s.spawn_key for s in seeds] == [s.spawn_key for s in spawned] == [(0,), (1,), (2,), (3,)]
    )
    assert [s.entropy for s in seeds] == [9] * 4
    assert [t.first_block for t in tasks] == [0, 2]


def test_memory_does_not_grow_with_draws() -> None:
    # What a run keeps is counts of a fixed size, whatever the number of draws.
    p = paths()
    small = mc._run_blocks(mc._tasks(p, 10, 1, "normal", 5.0, groups=1)[0])
    large = mc._run_blocks(mc._tasks(p, 40_000, 1, "normal", 5.0, groups=1)[0])
    assert small.share_counts.shape == large.share_counts.shape == (3, 6, mc.BINS + 2)
    assert int(large.share_counts[0, 0].sum()) == 40_000


def test_bands_are_ordered_and_widen_with_volatility() -> None:
    result = mc.simulate(paths(), 25_000, 11)
    assert np.all(result.share_bands[0] <= result.share_bands[1])
    assert np.all(result.share_bands[1] <= result.share_bands[2])
    # Planned exactly at the target: about an even chance, whatever the volatility.
    assert np.all(np.abs(result.probability - 0.5) < 0.05)
    width = result.share_bands[2, :, -1] - result.share_bands[0, :, -1]
    assert width[0] < width[1] < width[2]


@pytest.mark.parametrize("workers", [1, 2])
def test_a_progress_callback_can_stop_the_run(workers: int) -> None:
    seen: list[int] = []

    def stop(done: int, total: int) -> None:
        seen.append(done)
        raise TimeoutError(f"stopped at {done:,} of {total:,}")

    with pytest.raises(TimeoutError, match="stopped at"):
        mc.simulate(paths(), 200_000, 1, progress=stop, workers=workers)
    assert len(seen) == 1 and seen[0] < 200_000


def test_bad_arguments() -> None:
    with pytest.raises(ValueError, match="draws must be from 1"):
        mc.simulate(paths(), 0, 1)
    with pytest.raises(ValueError, match="draws must be from 1"):
        mc.simulate(paths(), mc.MAX_DRAWS + 1, 1)
    with pytest.raises(ValueError, match="normal or student-t"):
        mc.simulate(paths(), 10, 1, "cauchy")
