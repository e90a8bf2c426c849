"""Sampling the uncertain probabilities: exact gamma draws, Dirichlet nodes that stay valid at any concentration."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from scenario_tree import loads
from scenario_tree.analysis.sampling import log_gamma, samplers

THREE_BRANCHES = """
format: scenario-tree/1
root:
  id: r
  label: R
  kind: chance
  concentration: {concentration}
  children:
    - {{id: a, label: A, kind: outcome, probability: 0.2, payoff: 1}}
    - {{id: b, label: B, kind: outcome, probability: 0.3, payoff: 0}}
    - {{id: c, label: C, kind: outcome, probability: 0.5, payoff: 0}}
"""


@pytest.mark.parametrize("shape", [0.05, 0.5, 1.0, 2.5, 12.0, 400.0])
def test_log_gamma_draws_follow_the_gamma_distribution(shape):
    draws = np.exp(log_gamma(np.random.default_rng(11), np.array([shape]), 200_000)[0].astype(float))
    # Kolmogorov-Smirnov against scipy's gamma: a wrong sampler (say, an approximation) fails by far
    assert stats.kstest(draws, stats.gamma(shape).cdf).pvalue > 1e-3
    standard_error = np.sqrt(shape / draws.size)
    assert abs(draws.mean() - shape) < 5 * standard_error


def test_log_gamma_is_reproducible_and_draws_each_row_with_its_own_shape():
    shapes = np.array([1.0, 10.0, 100.0])
    first = log_gamma(np.random.default_rng(3), shapes, 50_000)
    assert np.array_equal(first, log_gamma(np.random.default_rng(3), shapes, 50_000))
    assert first.shape == (3, 50_000) and first.dtype == np.float32
    means = np.exp(first.astype(float)).mean(axis=1)
    assert means == pytest.approx(shapes, rel=0.03)


def draw(concentration: float, samples: int = 100_000, seed: int = 5) -> np.ndarray:
    tree = loads(THREE_BRANCHES.format(concentration=concentration))
    compiled = tree.evaluate().compiled
    probability = np.repeat(np.nan_to_num(compiled.probability)[:, None], samples, axis=1)
    for sample in samplers(tree, compiled, None):
        sample(np.random.default_rng(seed), probability)
    return probability[[compiled.row[tree.node(name)] for name in "abc"]]


def test_dirichlet_shares_have_the_dirichlet_means_and_variances():
    shares = draw(20)
    base = np.array([0.2, 0.3, 0.5])
    assert shares.sum(axis=0) == pytest.approx(np.ones(shares.shape[1]), abs=1e-12)
    assert shares.mean(axis=1) == pytest.approx(base, abs=3e-3)
    # Dirichlet(c·p): each share has variance p(1 − p)/(c + 1)
    assert shares.var(axis=1) == pytest.approx(base * (1 - base) / 21, rel=0.03)


def test_a_tiny_concentration_still_gives_probabilities_that_sum_to_one():
    """With concentration 0.001 every gamma draw underflows to zero in single precision; shares must
    not become 0/0. Dirichlet(c·p) for c → 0 puts (nearly) all the mass on one branch, branch i with
    probability p_i."""
    shares = draw(0.001)
    assert np.isfinite(shares).all() and shares.sum(axis=0) == pytest.approx(np.ones(shares.shape[1]))
    winners = shares.argmax(axis=0)
    assert np.bincount(winners, minlength=3) / winners.size == pytest.approx([0.2, 0.3, 0.5], abs=0.01)


def test_nodes_of_a_shared_uncertainty_with_the_same_numbers_share_one_draw():
    from .shared_trees import treatment

    tree = treatment()
    compiled = tree.evaluate().compiled
    probability = np.repeat(compiled.probability[:, None], 1000, axis=1)
    for draw in samplers(tree, compiled, None):
        draw(np.random.default_rng(3), probability)
    row = {node_id: compiled.row[tree.node(node_id)] for node_id in ("treat_sick", "treat_well", "wait_sick",
                                                                     "wait_well")}
    # matched by state ("Healthy" is the state Well), not by position: the wait node lists Well first
    assert np.array_equal(probability[row["treat_sick"]], probability[row["wait_sick"]])
    assert np.array_equal(probability[row["treat_well"]], probability[row["wait_well"]])
    assert probability[row["treat_sick"]].std() > 0.05  # really drawn: Beta(2, 8) has sd 0.12
    independent = treatment(shared=False)
    compiled = independent.evaluate().compiled
    probability = np.repeat(compiled.probability[:, None], 1000, axis=1)
    for draw in samplers(independent, compiled, None):
        draw(np.random.default_rng(3), probability)
    assert not np.array_equal(probability[compiled.row[independent.node("treat_sick")]],
                              probability[compiled.row[independent.node("wait_sick")]])


def test_nodes_of_a_shared_uncertainty_at_other_probabilities_draw_on_their_own():
    from .shared_trees import wildcatter

    tree = wildcatter()
    compiled = tree.evaluate().compiled
    probability = np.repeat(compiled.probability[:, None], 500, axis=1)
    for draw in samplers(tree, compiled, 20.0):  # the prior and the three posteriors differ
        draw(np.random.default_rng(5), probability)
    rows = [compiled.row[tree.node(node_id)] for node_id in ("dry", "ns_dry", "os_dry", "cs_dry")]
    assert len({probability[row].tobytes() for row in rows}) == 4
