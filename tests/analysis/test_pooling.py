"""Comparing and pooling several copies of a tree."""

from __future__ import annotations

import math

import pytest

from scenario_tree import ScenarioTree, loads
from scenario_tree.analysis import (
    AnalysisError,
    compare,
    pool,
)

from .published import COURT_EMV


def second_opinion(texaco: ScenarioTree) -> ScenarioTree:
    other = loads(texaco.dumps())
    other.set_probabilities("texaco_reaction", {"texaco_accepts_5b": 0.3, "court_refused": 0.4, "counter_3b": 0.3})
    return other


def test_compare_lists_every_branch_sorted_by_spread(texaco):
    rows = compare([texaco, second_opinion(texaco)], names=["clemen", "analyst"]).branches
    assert len(rows) == 3 + 3 + 3  # the branches of the three chance nodes
    # |0.3 − 0.17| = 0.13, |0.4 − 0.5| = 0.1, |0.3 − 0.33| = 0.03, then the courts (0)
    assert [row["node"] for row in rows[:3]] == ["texaco_accepts_5b", "court_refused", "counter_3b"]
    assert [row["spread"] for row in rows[:3]] == pytest.approx([0.13, 0.1, 0.03])
    assert all(row["spread"] == 0 for row in rows[3:])
    assert rows[0]["clemen"] == 0.17 and rows[0]["analyst"] == 0.3
    assert rows[0]["path"] == "/offer/texaco_reaction/texaco_accepts_5b"
    assert compare([texaco, texaco]).branches[0]["tree 1"] == compare([texaco, texaco]).branches[0]["tree 2"]


def test_linear_pool_is_the_weighted_mean(texaco):
    other = second_opinion(texaco)
    pooled = pool([texaco, other])
    evaluation = pooled.evaluate()
    expected = {"texaco_accepts_5b": (0.17 + 0.3) / 2, "court_refused": (0.5 + 0.4) / 2,
                "counter_3b": (0.33 + 0.3) / 2, "refused_award_high": 0.2}
    for node_id, probability in expected.items():
        assert evaluation.probability[node_id] == pytest.approx(probability, abs=1e-12)
    # 0.235·5 + (0.45 + 0.315)·4.56 = 1.175 + 3.4884
    assert evaluation.root_value["pennzoil"] == pytest.approx(0.235 * 5 + 0.765 * COURT_EMV, abs=1e-12)
    weighted = pool([texaco, other], weights=[3, 1]).evaluate()
    assert weighted.probability["texaco_accepts_5b"] == pytest.approx((3 * 0.17 + 0.3) / 4, abs=1e-12)
    assert texaco.evaluate().probability["texaco_accepts_5b"] == 0.17  # the inputs are unchanged
    loads(pooled.dumps())


COIN = """
format: scenario-tree/1
root:
  id: coin
  label: Coin
  kind: chance
  children:
    - {id: heads, label: Heads, kind: outcome, probability: P, payoff: 1}
    - {id: tails, label: Tails, kind: outcome, probability: "#", payoff: 0}
"""


def test_geometric_pool_of_two_branches_is_the_geometric_mean_of_the_odds():
    first, second = loads(COIN.replace("P", "0.2")), loads(COIN.replace("P", "0.6"))
    odds = math.sqrt((0.2 / 0.8) * (0.6 / 0.4))  # sqrt(0.25 · 1.5)
    pooled = pool([first, second], method="geometric").evaluate()
    assert pooled.probability["heads"] == pytest.approx(odds / (1 + odds), abs=1e-12)
    assert pooled.probability["tails"] == pytest.approx(1 / (1 + odds), abs=1e-12)
    weighted_odds = (0.2 / 0.8) ** 0.75 * (0.6 / 0.4) ** 0.25
    weighted = pool([first, second], method="geometric", weights=[3, 1]).evaluate()
    assert weighted.probability["heads"] == pytest.approx(weighted_odds / (1 + weighted_odds), abs=1e-12)


def test_geometric_pool_of_three_branches_renormalises(texaco):
    pooled = pool([texaco, second_opinion(texaco)], method="geometric").evaluate()
    means = [math.sqrt(0.17 * 0.3), math.sqrt(0.5 * 0.4), math.sqrt(0.33 * 0.3)]
    total = sum(means)
    for node_id, mean in zip(["texaco_accepts_5b", "court_refused", "counter_3b"], means):
        assert pooled.probability[node_id] == pytest.approx(mean / total, abs=1e-12)


def test_pooling_and_comparing_need_the_same_structure(texaco, movie):
    with pytest.raises(AnalysisError, match="same nodes"):
        compare([texaco, movie])
    with pytest.raises(AnalysisError, match="same nodes"):
        pool([texaco, movie])
    with pytest.raises(AnalysisError, match="at least 2"):
        pool([texaco])
    with pytest.raises(AnalysisError, match="unknown pooling method"):
        pool([texaco, texaco], method="median")
