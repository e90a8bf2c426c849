"""Monte Carlo: reproducible, converging, Dirichlet and interval sampling."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from scenario_tree import ScenarioTree, default_tree, loads
from scenario_tree.analysis import (
    AnalysisError,
    monte_carlo,
)

from .published import COUNTER_EMV

ONE_CHANCE = """
format: scenario-tree/1
root:
  id: r
  label: R
  kind: chance
  concentration: 5
  children:
    - {id: a, label: A, kind: outcome, probability: 0.2, payoff: 1}
    - {id: b, label: B, kind: outcome, probability: 0.3, payoff: 0}
    - {id: c, label: C, kind: outcome, probability: 0.5, payoff: 0}
"""


def test_seeded_runs_are_reproducible():
    tree = default_tree()
    first, second = monte_carlo(tree, 3_000, seed=7), monte_carlo(tree, 3_000, seed=7)
    assert np.array_equal(first.root_values, second.root_values)
    assert first.outcomes == second.outcomes and first.decisions == second.decisions and first.tags == second.tags
    other = monte_carlo(tree, 3_000, seed=8)
    assert not np.array_equal(first.root_values, other.root_values)
    assert first.root_values.shape == (3_000, len(tree.actors))


def test_a_large_concentration_converges_to_the_evaluation(texaco):
    result = monte_carlo(texaco, 4_000, seed=1, default_concentration=1e6)
    policy = texaco.evaluate().policy_probability
    # by hand: 5B accepted 0.17; first court 0.5·(0.2, 0.5, 0.3); second court 0.33·(0.2, 0.5, 0.3)
    hand = {"accept_2b": 0, "texaco_accepts_5b": 0.17, "refused_award_high": 0.1, "refused_award_mid": 0.25,
            "refused_award_zero": 0.15, "accept_3b": 0, "counter_award_high": 0.066,
            "counter_award_mid": 0.165, "counter_award_zero": 0.099}
    assert set(result.outcomes) == set(hand)
    for outcome, summary in result.outcomes.items():
        assert summary["mean"] == pytest.approx(policy[outcome], abs=1e-3)
        assert summary["mean"] == pytest.approx(hand[outcome], abs=1e-3)
    assert result.decisions["offer"]["probability_best"] == {"accept_2b": 0.0, "texaco_reaction": 1.0}
    assert result.decisions["counter_3b"]["probability_best"] == {"accept_3b": 0.0, "court_counter": 1.0}
    assert result.decisions["offer"]["value"]["mean"] == pytest.approx(COUNTER_EMV, abs=1e-3)
    assert float(np.mean(result.root_values[:, 0])) == pytest.approx(COUNTER_EMV, abs=1e-3)


def test_dirichlet_mean_is_the_base_probability_and_its_spread_follows_the_concentration():
    tree = loads(ONE_CHANCE)
    samples, concentration = 200_000, 5
    result = monte_carlo(tree, samples, seed=3)
    for outcome, p in {"a": 0.2, "b": 0.3, "c": 0.5}.items():
        # Dirichlet(c·p): each share has mean p and variance p(1 − p)/(c + 1)
        standard_error = math.sqrt(p * (1 - p) / (concentration + 1) / samples)
        assert abs(result.outcomes[outcome]["mean"] - p) < 3 * standard_error
    # the root value is the share of 'a' (payoff 1, the others 0): its variance is 0.2·0.8/6
    shares = result.root_values[:, 0].astype(float)
    assert np.var(shares) == pytest.approx(0.2 * 0.8 / (concentration + 1), rel=0.05)


def test_probability_best_sums_to_one_for_every_decision():
    tree = default_tree()
    result = monte_carlo(tree, 2_000, seed=2)
    decisions = [node for node in tree.nodes() if node.kind == "decision"]
    assert set(result.decisions) == {node.id for node in decisions}
    for node in decisions:
        shares = result.decisions[node.id]["probability_best"]
        assert list(shares) == [child.id for child in node.children]
        assert math.fsum(shares.values()) == pytest.approx(1, abs=1e-12)
        assert all(0 <= share <= 1 for share in shares.values())
        assert result.decisions[node.id]["actor"] == (node.actor or tree.actors[0])


def test_progress_counts_up_to_the_number_of_samples(texaco):
    calls = []
    monte_carlo(texaco, 1_000, seed=0, chunk=300, default_concentration=50,
                progress=lambda done, total: calls.append((done, total)))
    assert calls == [(300, 1_000), (600, 1_000), (900, 1_000), (1_000, 1_000)]


def test_nothing_uncertain_is_an_error(movie):
    with pytest.raises(AnalysisError, match="nothing is uncertain"):
        monte_carlo(movie, 100)


def test_monte_carlo_summaries_and_json():
    tree = loads(ONE_CHANCE)
    result = monte_carlo(tree, 5_000, seed=4)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["samples"] == 5_000 and data["seed"] == 4
    for summary in data["outcomes"].values():
        assert summary["p05"] <= summary["median"] <= summary["p95"]
    assert set(data["root_value"]) == {"value"}


def interval_tree(low: float, high: float) -> ScenarioTree:
    # the policy probability of outcome 'a' (payoff 1) is the sampled branch probability itself
    return loads(f"""
format: scenario-tree/1
root:
  id: r
  label: R
  kind: chance
  children:
    - {{id: a, label: A, kind: outcome, probability: {{low: {low}, high: {high}}}, payoff: 1}}
    - {{id: b, label: B, kind: outcome, probability: "#", payoff: 0}}
""")


def test_a_low_high_branch_has_about_90_percent_of_its_mass_inside():
    result = monte_carlo(interval_tree(0.3, 0.5), 100_000, seed=5)
    shares = result.root_values[:, 0].astype(float)
    inside = np.mean((shares >= 0.3) & (shares <= 0.5))
    assert inside == pytest.approx(0.90, abs=0.015)
    assert result.outcomes["a"]["p05"] == pytest.approx(0.3, abs=0.01)
    assert result.outcomes["a"]["p95"] == pytest.approx(0.5, abs=0.01)
    assert result.outcomes["a"]["mean"] == pytest.approx((0.3 + 0.5) / 2, abs=0.002)
    # the sibling takes the rest
    assert result.outcomes["b"]["mean"] == pytest.approx(1 - (0.3 + 0.5) / 2, abs=0.002)


@pytest.mark.parametrize(("low", "high"), [(0.02, 0.2), (0.6, 0.95)])
def test_a_skewed_low_high_interval_is_still_a_90_percent_interval(low, high):
    """``{low, high}`` is documented as a 90% interval: about 5% of samples below ``low`` and 5% above
    ``high``. The Beta is fitted by mean and spread only, which is right for a symmetric interval but
    not near 0 or 1: for [0.02, 0.2] about 1% falls below and 7% above."""
    result = monte_carlo(interval_tree(low, high), 100_000, seed=6)
    shares = result.root_values[:, 0].astype(float)
    assert np.mean(shares < low) == pytest.approx(0.05, abs=0.015)
    assert np.mean(shares > high) == pytest.approx(0.05, abs=0.015)


def test_a_shared_state_drawn_once_decides_both_options_together():
    from scipy import integrate, stats

    from .shared_trees import treatment

    # treat is best when 90·s + 70·(1 - s) > 100·(1 - s), i.e. s > 0.25, with one s ~ Beta(10·0.2, 10·0.8)
    # for both options (independent draws would compare two different s)
    samples = 40_000
    result = monte_carlo(treatment(), samples=samples, seed=4)
    expected = stats.beta(2, 8).sf(0.25)
    share = result.decisions["act"]["probability_best"]["treat"]
    assert share == pytest.approx(expected, abs=4 * math.sqrt(expected * (1 - expected) / samples))
    # independent draws s1 (treat), s2 (wait): treat is best when 20·s1 + 100·s2 > 30
    beta = stats.beta(2, 8)
    apart = integrate.quad(lambda s1: beta.pdf(s1) * beta.sf((30 - 20 * s1) / 100), 0, 1)[0]
    assert abs(apart - expected) > 0.015
    independent = monte_carlo(treatment(shared=False), samples=samples, seed=4)
    assert independent.decisions["act"]["probability_best"]["treat"] == pytest.approx(
        apart, abs=4 * math.sqrt(apart * (1 - apart) / samples))
