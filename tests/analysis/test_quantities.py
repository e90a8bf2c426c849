"""What an analysis can vary: the quantities of a tree, their ranges and names."""

from __future__ import annotations

import math

import pytest

from scenario_tree import loads
from scenario_tree.analysis import (
    AnalysisError,
    one_way,
    quantities,
    quantity,
    tornado,
)

from .published import COUNTER_EMV, COURT_EMV, GAME, MOVIE_EMV


def test_the_hand_worked_constants():
    assert math.isclose(COURT_EMV, 4.56, abs_tol=1e-12)
    assert math.isclose(COUNTER_EMV, 4.6348, abs_tol=1e-12)
    assert math.isclose(MOVIE_EMV, 955_000, abs_tol=1e-6)


def test_the_quantities_of_the_movie_contract(movie):
    found = {each.name: each for each in quantities(movie)}
    assert set(found) == {
        "tv_network.payoff", "movie_company.payoff",
        "box_office_small", "box_office_medium", "box_office_large",  # branch probabilities
        "box_office_small.payoff", "box_office_medium.payoff", "box_office_large.payoff",
    }
    tv = found["tv_network.payoff"]
    assert (tv.kind, tv.base, tv.node_id, tv.actor) == ("payoff", 900_000, "tv_network", "author")
    assert (tv.low, tv.high) == pytest.approx((900_000 * 0.8, 900_000 * 1.2))
    assert (found["movie_company.payoff"].low, found["movie_company.payoff"].high) == pytest.approx((-6_000, -4_000))
    small = found["box_office_small"]
    assert (small.kind, small.base) == ("probability", 0.3)
    assert (small.low, small.high) == pytest.approx((0.3 - 0.06, 0.3 + 0.06))
    wide = {each.name: each for each in quantities(movie, swing=0.5)}
    assert (wide["box_office_medium"].low, wide["box_office_medium"].high) == pytest.approx((0.3, 0.9))


def test_probability_ranges_stay_in_0_1_and_zero_swings_absolutely(texaco):
    found = {each.name: each for each in quantities(texaco, swing=0.9)}
    court = found["court_refused"]  # 0.5 ± 0.45
    assert (court.low, court.high) == pytest.approx((0.05, 0.95))
    zero = {each.name: each for each in quantities(texaco)}["refused_award_zero.payoff"]
    assert (zero.low, zero.high) == pytest.approx((-0.2, 0.2))  # a zero base swings by ±swing
    clipped = {each.name: each for each in quantities(texaco, swing=5)}["texaco_accepts_5b"]
    assert (clipped.low, clipped.high) == (0.0, 1.0)


def test_parameters_are_quantities_and_expressions_are_not():
    tree = loads(GAME)
    found = {each.name: each for each in quantities(tree)}
    assert found["p_win"].kind == "parameter"
    assert (found["p_win"].low, found["p_win"].high) == pytest.approx((0.4 * 0.8, 0.4 * 1.2))
    assert (found["cost"].base, found["cost"].low, found["cost"].high) == (20, 10, 30)  # the declared range
    assert found["net"].base == 100 - 20
    assert "skip.payoff" in found
    # written as expressions: varied through their parameters, not on their own
    assert not {"win", "lose", "win.payoff", "win.payoff.player", "lose.payoff.house"} & set(found)


def test_a_plain_payoff_per_actor_is_a_quantity_per_actor():
    tree = loads("""
format: scenario-tree/1
actors: [west, east]
root:
  id: r
  label: R
  kind: decision
  actor: west
  children:
    - {id: a, label: A, kind: outcome, payoff: {west: 3, east: -2}}
    - {id: b, label: B, kind: outcome, payoff: 1}
""")
    names = {each.name: each for each in quantities(tree)}
    assert {"a.payoff.west", "a.payoff.east", "b.payoff"} == set(names)
    assert names["a.payoff.east"].actor == "east"
    assert names["b.payoff"].actor == "west"  # a plain number is the first actor's


def test_an_unknown_quantity_suggests_close_names(movie):
    with pytest.raises(AnalysisError, match="did you mean 'movie_company.payoff'"):
        quantity(movie, "movie_company.payof")
    with pytest.raises(AnalysisError, match="unknown quantity"):
        one_way(movie, "nothing_like_it", 0, 1)


def test_a_parameter_and_a_node_with_the_same_name_do_not_mix_up():
    """A parameter ``a`` and a node ``a`` (whose plain probability is also a quantity called ``a``)
    are both listed, but ``quantity(tree, "a")`` finds only one of them, so the parameter's tornado
    bar sweeps the probability over the parameter's range [0, 100]. Either loading refuses the clash
    or each quantity is varied as itself: here the root value is 0.5·a, so a in [0, 100] gives [0, 50]."""
    text = """
format: scenario-tree/1
parameters:
  a: {value: 10, low: 0, high: 100}
root:
  id: r
  label: R
  kind: chance
  children:
    - {id: a, label: A, kind: outcome, probability: 0.5, payoff: a}
    - {id: b, label: B, kind: outcome, probability: 0.5, payoff: 0}
"""
    try:
        tree = loads(text)
    except Exception as error:  # refusing the clash at load is one fix
        assert "'a'" in str(error)
        return
    bars = [bar for bar in tornado(tree).bars if bar.quantity.kind == "parameter"]
    assert len(bars) == 1
    assert (bars[0].low_value, bars[0].high_value) == pytest.approx((0.5 * 0, 0.5 * 100))
