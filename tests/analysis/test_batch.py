"""Numbers for many scenarios at once: quantities set in batch columns, evaluated in one pass."""

from __future__ import annotations

import math

import numpy as np
import pytest

from scenario_tree import AnalysisError, loads
from scenario_tree.analysis import one_way, quantity
from scenario_tree.analysis.batch import actor_column, batch_numbers, evaluate_batch
from scenario_tree.analysis.ranges import valid_span
from tests.analysis.published import GAME
from tests.model.test_utility import GAMBLE, THRESHOLD


def test_a_branch_set_in_batch_rescales_its_siblings_per_column(texaco):
    compiled = texaco.evaluate().compiled
    node = texaco.node("texaco_accepts_5b")
    siblings = [child for child in node.parent.children if child is not node]
    before = {child.id: texaco.evaluate().probability[child.id] for child in siblings}
    probability, _ = batch_numbers(texaco, {node.id: np.array([0.0, 0.5, 1.0])}, 3)
    assert probability[compiled.row[node]].tolist() == [0.0, 0.5, 1.0]
    rest = sum(before.values())
    for child in siblings:  # each sibling keeps its share of what is left
        expected = [before[child.id] / rest * (1 - value) for value in (0.0, 0.5, 1.0)]
        assert probability[compiled.row[child]].tolist() == pytest.approx(expected)
    sums = probability[[compiled.row[child] for child in node.parent.children]].sum(axis=0)
    assert sums.tolist() == pytest.approx([1, 1, 1])


def test_a_parameter_set_in_batch_flows_through_expressions_and_dependent_parameters():
    tree = loads(GAME)
    compiled = tree.evaluate().compiled
    _, payoff = batch_numbers(tree, {"cost": np.array([10.0, 30.0])}, 2)
    win = compiled.row[tree.node("win")]
    # net = prize - cost follows the cost: 100 - 10 and 100 - 30
    assert payoff[win, :, 0].tolist() == [90.0, 70.0]
    assert payoff[win, :, 1].tolist() == [-90.0, -70.0]


def test_evaluate_batch_agrees_with_evaluating_each_setting_alone(movie):
    fees = np.array([-100_000.0, -5_000.0, 0.0])
    values, best = evaluate_batch(movie, {"movie_company.payoff": fees}, fees.size)
    for column, fee in enumerate(fees):
        alone = movie.copy()
        alone.set_payoff("movie_company", fee)
        assert values[column, 0, 0] == pytest.approx(alone.evaluate().root_value["author"])
        chosen = alone.evaluate().best["contract"]
        assert movie.evaluate().compiled.nodes[best[column, 0]].id == chosen


def test_actor_column_defaults_to_the_first_actor_and_refuses_strangers():
    tree = loads(GAME)
    assert actor_column(tree, None) == ("player", 0)
    assert actor_column(tree, "house") == ("house", 1)
    with pytest.raises(AnalysisError, match=r"unknown actor: 'bank' \(must be one of \['player', 'house'\]\)"):
        actor_column(tree, "bank")


# -- risk attitude: the risk tolerance is swept like any other parameter ----------------------------------

def test_sensitivity_over_the_risk_tolerance_finds_the_hand_computed_threshold():
    tree = loads(GAMBLE)
    result = one_way(tree, "tolerance", 100, 1000)
    assert [(flip.decision, flip.before, flip.after) for flip in result.thresholds] == [("choice", "decline", "take")]
    assert result.thresholds[0].value == pytest.approx(THRESHOLD, abs=1e-9 * 900)


def test_batch_values_are_certainty_equivalents_per_column():
    tree = loads(GAMBLE)
    tolerances = np.array([150.0, 400.0])
    values, best = evaluate_batch(tree, {"tolerance": tolerances}, 2)
    take = tree.evaluate().compiled.row[tree.node("take")]
    for column, tolerance in enumerate(tolerances):  # the certainty equivalent of -100 + (300 or 0), by hand
        expected = -tolerance * math.log(0.5 * math.exp(-200 / tolerance) + 0.5 * math.exp(100 / tolerance))
        assert values[column, take, 0] == pytest.approx(expected, rel=1e-12)
        assert values[column, take, 1] == pytest.approx(100 + 0.5 * -300)  # the bank is linear: its expected value


def test_a_tolerance_sweep_stays_where_it_is_positive():
    tree = loads(GAMBLE.replace("risk_tolerance: tolerance", "risk_tolerance: 'tolerance - 100'"))
    span = valid_span(tree, "tolerance", 0, 500, quantity(tree, "tolerance").base)
    assert span.low == pytest.approx(100, abs=1e-6) and span.high == 500
    assert "risk tolerance of 'investor' would not be positive" in span.note


def test_tornado_of_a_utility_tree_shows_certainty_equivalents_at_both_ends():
    from scenario_tree.analysis import tornado

    def gamble_ce(tolerance: float) -> float:  # the certainty equivalent of -100 + (300 | 0), by hand
        return -tolerance * math.log(0.5 * math.exp(-200 / tolerance) + 0.5 * math.exp(100 / tolerance))

    result = tornado(loads(GAMBLE), "investor", names=["tolerance", "heads.payoff.investor"])
    bars = {bar.quantity.name: bar for bar in result.bars}
    assert result.base == pytest.approx(1000 + gamble_ce(300))
    tolerance = bars["tolerance"]  # swung 20%: 240 and 360, both above the threshold, so the gamble is taken
    assert (tolerance.quantity.low, tolerance.quantity.high) == pytest.approx((240, 360))
    assert tolerance.low_value == pytest.approx(1000 + gamble_ce(240), rel=1e-12)
    assert tolerance.high_value == pytest.approx(1000 + gamble_ce(360), rel=1e-12)
    assert tolerance.options["take"] == pytest.approx((gamble_ce(240), gamble_ce(360)), rel=1e-12)
    heads = bars["heads.payoff.investor"]  # 240 … 360 back: -100 + (240 | 0) at R = 300 is worth less than 0
    low = -100 - 300 * math.log(0.5 * math.exp(-240 / 300) + 0.5)
    assert low < 0 and heads.low_value == pytest.approx(1000.0) and heads.options["take"][0] == pytest.approx(low)


@pytest.mark.parametrize("chunk_bytes", [64 * 2**20, 1])  # one chunk of columns, or a group per chunk
def test_a_utility_tornado_with_a_huge_tolerance_is_the_linear_tornado(monkeypatch, chunk_bytes):
    from scenario_tree.analysis import batch, tornado
    from scenario_tree.synthetic import synthetic_tree

    monkeypatch.setattr(batch, "CHUNK_BYTES", chunk_bytes)
    tree = synthetic_tree(400, seed=2)
    linear = {bar.quantity.name: bar for bar in tornado(tree).bars}
    tree.meta["utility"] = {tree.actors[0]: {"exponential": {"risk_tolerance": 1e12}}}
    averse = tornado(tree.copy())  # evaluated whole, in chunks of columns: the same numbers as partial evaluation
    assert averse.bars and len(averse.bars) == len(linear)
    for bar in averse.bars:
        assert (bar.low_value, bar.high_value) == pytest.approx((linear[bar.quantity.name].low_value,
                                                                  linear[bar.quantity.name].high_value), abs=1e-6)
