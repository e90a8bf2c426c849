"""Sensitivity, thresholds, Monte Carlo, evidence, Bayes reversal, EVPI, comparing and pooling.

Expected numbers come from the published examples (Clemen, *Making Hard Decisions*: the movie
contract and Texaco-Pennzoil) or are worked out by hand in the test, with the arithmetic written
out next to them. Nothing here is copied from the code's own output.

Movie contract: TV pays 900,000 for certain; the movie company pays 200,000 (0.3), 1,000,000 (0.6)
or 3,000,000 (0.1), less 5,000 of fees: EMV 0.3·200,000 + 0.6·1,000,000 + 0.1·3,000,000 − 5,000
= 955,000.

Texaco-Pennzoil (in $ billions): accept 2, or counteroffer 5: Texaco accepts (0.17, pays 5), refuses
(0.5, court) or counteroffers 3 (0.33; Pennzoil then accepts 3 or goes to court). Court: 10.3 (0.2),
5 (0.5), 0 (0.3): EMV 2.06 + 2.5 = 4.56. Counteroffer: 0.17·5 + 0.5·4.56 + 0.33·max(3, 4.56) = 4.6348.
"""

from __future__ import annotations

import itertools
import json
import math
import random
from pathlib import Path

import numpy as np
import pandas
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scenario_tree import EditError, ScenarioNode, ScenarioTree, default_tree, load, loads
from scenario_tree.analysis import (
    AnalysisError,
    Flip,
    bayes_reversal,
    compare,
    evpi,
    monte_carlo,
    one_way,
    pool,
    posterior,
    quantities,
    quantity,
    spider,
    tornado,
    two_way,
)

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

COURT_EMV = 0.2 * 10.3 + 0.5 * 5 + 0.3 * 0  # 4.56
COUNTER_EMV = 0.17 * 5 + 0.5 * COURT_EMV + 0.33 * max(3, COURT_EMV)  # 4.6348
MOVIE_EMV = 0.3 * 200_000 + 0.6 * 1_000_000 + 0.1 * 3_000_000 - 5_000  # 955,000


@pytest.fixture
def movie() -> ScenarioTree:
    return load(EXAMPLES / "movie_contract.yaml")


@pytest.fixture
def texaco() -> ScenarioTree:
    return load(EXAMPLES / "texaco_pennzoil.yaml")


# A decision with parameters: play (win p_win: prize - cost; lose: -cost) or skip (0).
GAME = """
format: scenario-tree/1
actors: [player, house]
parameters:
  p_win: 0.4
  prize: 100
  cost: {value: 20, low: 10, high: 30}
  net: "prize - cost"
root:
  id: choice
  label: Play?
  kind: decision
  actor: player
  children:
    - {id: skip, label: Skip, kind: outcome, payoff: 0}
    - id: play
      label: Play
      kind: chance
      children:
        - {id: win, label: Win, kind: outcome, probability: p_win, payoff: {player: net, house: "-net"}}
        - {id: lose, label: Lose, kind: outcome, probability: "1 - p_win", payoff: {player: "-cost", house: cost}}
"""


def test_the_hand_worked_constants():
    assert math.isclose(COURT_EMV, 4.56, abs_tol=1e-12)
    assert math.isclose(COUNTER_EMV, 4.6348, abs_tol=1e-12)
    assert math.isclose(MOVIE_EMV, 955_000, abs_tol=1e-6)


# -- quantities ---------------------------------------------------------------------------------------


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
    bars = [bar for bar in tornado(tree) if bar.quantity.kind == "parameter"]
    assert len(bars) == 1
    assert (bars[0].low_value, bars[0].high_value) == pytest.approx((0.5 * 0, 0.5 * 100))


# -- one-way sensitivity and published thresholds -----------------------------------------------------


def test_movie_contract_fees_threshold_is_60000(movie):
    # movie EMV = 0.3·200,000 + 0.6·1,000,000 + 0.1·3,000,000 + fee = 960,000 + fee = 900,000 at fee = -60,000
    sweep = one_way(movie, "movie_company.payoff", -100_000, 0)
    assert sweep.thresholds == [Flip("contract", pytest.approx(-60_000, abs=1e-6), "tv_network", "movie_company")]
    assert sweep.values[0] == -100_000 and sweep.values[-1] == 0 and len(sweep.values) == 51
    assert sweep.choices["contract"][0] == "tv_network"  # fees of 100,000: the TV network
    assert sweep.choices["contract"][-1] == "movie_company"
    assert sweep.root_values["author"][0] == pytest.approx(900_000)
    assert sweep.root_values["author"][-1] == pytest.approx(960_000)


def test_movie_contract_tv_offer_threshold_over_its_default_range(movie):
    sweep = one_way(movie, "tv_network.payoff")  # 900,000 ± 20%
    assert sweep.values[0] == pytest.approx(720_000) and sweep.values[-1] == pytest.approx(1_080_000)
    # TV wins once its offer beats the movie EMV of 955,000
    assert sweep.thresholds == [Flip("contract", pytest.approx(MOVIE_EMV, abs=1e-6), "movie_company", "tv_network")]


def test_texaco_counteroffer_stays_best_until_its_value_falls_to_2(texaco):
    # With the mid award of the first court case y (published 5):
    #   court EMV = 0.2·10.3 + 0.5·y + 0.3·0 = 2.06 + 0.5·y
    #   counteroffer = 0.17·5 + 0.5·(2.06 + 0.5·y) + 0.33·4.56 = 0.85 + 1.03 + 1.5048 + 0.25·y = 3.3848 + 0.25·y
    #   = 2 (the $2B offer) at y = (2 − 3.3848) / 0.25 = −5.5392
    sweep = one_way(texaco, "refused_award_mid.payoff", -10, 5)
    expected = (2 - (0.85 + 0.5 * 2.06 + 0.33 * COURT_EMV)) / 0.25
    assert expected == pytest.approx(-5.5392, abs=1e-12)
    assert len(sweep.thresholds) == 1
    flip = sweep.thresholds[0]
    assert (flip.decision, flip.before, flip.after) == ("offer", "accept_2b", "texaco_reaction")
    assert flip.value == pytest.approx(expected, abs=1e-6)
    assert sweep.root_values["pennzoil"][0] == pytest.approx(2)  # y = -10: 3.3848 - 2.5 < 2
    assert sweep.root_values["pennzoil"][-1] == pytest.approx(3.3848 + 0.25 * 5)


def test_texaco_accepting_2b_wins_once_the_offer_beats_4_6348(texaco):
    sweep = one_way(texaco, "accept_2b.payoff", 0, 10)
    assert sweep.thresholds == [Flip("offer", pytest.approx(COUNTER_EMV, abs=1e-6), "texaco_reaction", "accept_2b")]


def test_texaco_accepting_3b_beats_court_while_the_high_award_is_below_2_5(texaco):
    # court after refusing $3B: 0.2·x + 0.5·5 + 0.3·0 = 3 at x = (3 − 2.5) / 0.2 = 2.5
    sweep = one_way(texaco, "counter_award_high.payoff", 0, 10.3)
    assert sweep.thresholds == [Flip("counter_3b", pytest.approx((3 - 0.5 * 5) / 0.2, abs=1e-6),
                                     "accept_3b", "court_counter")]
    assert sweep.choices["counter_3b"][0] == "accept_3b"
    assert set(sweep.choices["offer"]) == {"texaco_reaction"}  # the first move never changes (> 2 throughout)
    # at x = 0: counteroffer = 0.85 + 0.5·4.56 + 0.33·3 = 4.12
    assert sweep.root_values["pennzoil"][0] == pytest.approx(0.85 + 0.5 * COURT_EMV + 0.33 * 3)


def test_one_way_on_chosen_decisions_only(texaco):
    sweep = one_way(texaco, "counter_award_high.payoff", 0, 10.3, points=11, decisions=["offer"])
    assert list(sweep.choices) == ["offer"] and sweep.thresholds == []
    assert len(sweep.values) == 11
    with pytest.raises(AnalysisError, match="not a decision"):
        one_way(texaco, "counter_award_high.payoff", 0, 10.3, decisions=["court_counter"])


def test_one_way_needs_low_below_high(movie):
    with pytest.raises(AnalysisError, match="expected low < high"):
        one_way(movie, "tv_network.payoff", 10, 10)
    with pytest.raises(AnalysisError, match="expected low < high"):
        one_way(movie, "tv_network.payoff", 10, 5)


def test_one_way_on_a_parameter_follows_expressions_and_dependent_parameters():
    tree = loads(GAME)
    # play (player) = p·(100 − 20) + (1 − p)·(−20) = 100·p − 20: positive above p = 0.2
    sweep = one_way(tree, "p_win", 0, 1)
    assert sweep.thresholds == [Flip("choice", pytest.approx(0.2, abs=1e-6), "skip", "play")]
    assert sweep.root_values["player"][-1] == pytest.approx(100 * 1 - 20)
    # play = 0.4·(100 − c) + 0.6·(−c) = 40 − c (through net = prize − cost): skip above c = 40
    by_cost = one_way(tree, "cost", 0, 100)
    assert by_cost.thresholds == [Flip("choice", pytest.approx(40, abs=1e-6), "play", "skip")]
    assert by_cost.root_values["player"][0] == pytest.approx(40)
    assert by_cost.root_values["house"][0] == pytest.approx(0.4 * -100 + 0.6 * 0)  # the house pays the prize
    assert tree.parameter_values()["cost"] == 20  # sweeping leaves the tree as it was


def test_one_way_on_a_probability_rescales_the_siblings(movie):
    # small = 0.5; medium and large share 0.5 in their ratio 6:1
    sweep = one_way(movie, "box_office_small", 0.0, 0.5, points=2)
    movie_value = 0.5 * 200_000 + 0.5 * 6 / 7 * 1_000_000 + 0.5 * 1 / 7 * 3_000_000 - 5_000
    assert sweep.root_values["author"][-1] == pytest.approx(max(900_000, movie_value))
    # small = 0: medium 6/7, large 1/7
    assert sweep.root_values["author"][0] == pytest.approx(6 / 7 * 1_000_000 + 1 / 7 * 3_000_000 - 5_000)


def test_a_probability_cannot_be_swept_outside_0_1(movie):
    """A probability of 2 makes its siblings negative; the sweep should be refused, as
    ``set_probability`` refuses it, instead of giving numbers for an impossible tree."""
    with pytest.raises(AnalysisError):
        one_way(movie, "box_office_small", 0, 2)
    with pytest.raises(AnalysisError):
        one_way(movie, "box_office_small", -0.5, 0.5)


# -- tables and JSON ----------------------------------------------------------------------------------


def test_one_way_table_is_a_dataframe(movie):
    sweep = one_way(movie, "movie_company.payoff", -100_000, 0, points=11)
    table = sweep.table()
    assert isinstance(table, pandas.DataFrame)
    assert list(table.columns) == ["movie_company.payoff", "value[author]", "best[contract]"]
    assert len(table) == 11
    assert table["movie_company.payoff"].tolist() == pytest.approx([-100_000 + 10_000 * i for i in range(11)])
    # fee -50,000: movie 960,000 − 50,000 = 910,000 > 900,000
    assert table.loc[5, "value[author]"] == pytest.approx(910_000)
    assert table.loc[5, "best[contract]"] == "movie_company"
    assert table.loc[3, "best[contract]"] == "tv_network"  # fee -70,000: the movie gives 890,000


def test_one_way_to_json_is_json(movie):
    data = json.loads(json.dumps(one_way(movie, "movie_company.payoff", -100_000, 0, points=5).to_json()))
    assert data["quantity"] == "movie_company.payoff"
    assert data["values"] == [-100_000, -75_000, -50_000, -25_000, 0]
    assert data["root_values"]["author"][0] == pytest.approx(900_000)
    assert data["choices"]["contract"] == ["tv_network", "tv_network", "movie_company", "movie_company",
                                           "movie_company"]
    assert data["thresholds"] == [{"decision": "contract", "value": pytest.approx(-60_000, abs=1e-6),
                                   "before": "tv_network", "after": "movie_company"}]


# -- tornado, spider, two-way -------------------------------------------------------------------------


def test_tornado_is_ranked_by_swing(texaco):
    bars = tornado(texaco)
    swings = [bar.swing for bar in bars]
    assert swings == sorted(swings, reverse=True)
    assert {bar.quantity.name for bar in bars} == {each.name for each in quantities(texaco)}
    for bar in bars:
        assert bar.swing == abs(bar.high_value - bar.low_value)


def test_tornado_swing_of_a_payoff_is_its_range_times_its_path_probability(texaco, movie):
    bars = {bar.quantity.name: bar for bar in tornado(texaco)}
    # counter_award_mid: 5 ± 1, reached with 0.33·0.5 = 0.165 (court stays best: 4.56 ± 0.5 > 3)
    assert bars["counter_award_mid.payoff"].swing == pytest.approx((6 - 4) * 0.33 * 0.5, abs=1e-12)
    # refused_award_high: 10.3 ± 2.06, reached with 0.5·0.2 = 0.1
    assert bars["refused_award_high.payoff"].swing == pytest.approx((12.36 - 8.24) * 0.5 * 0.2, abs=1e-12)
    # the fee is paid on every path through the movie company (probability 1): -5000 ± 1000
    fee = {bar.quantity.name: bar for bar in tornado(movie)}["movie_company.payoff"]
    assert (fee.low_value, fee.high_value) == pytest.approx((MOVIE_EMV - 1_000, MOVIE_EMV + 1_000))
    assert fee.swing == pytest.approx(2_000 * 1.0)


def test_tornado_gives_every_root_option_at_both_ends(texaco, movie):
    for bar in tornado(texaco):
        assert set(bar.options) == {"accept_2b", "texaco_reaction"}
    bars = {bar.quantity.name: bar for bar in tornado(texaco)}
    assert bars["accept_2b.payoff"].options["accept_2b"] == pytest.approx((1.6, 2.4))
    assert bars["accept_2b.payoff"].options["texaco_reaction"] == pytest.approx((COUNTER_EMV, COUNTER_EMV))
    assert bars["accept_2b.payoff"].swing == pytest.approx(0)  # the counteroffer stays best: the root is unmoved
    # box office small 0.3 ± 0.06: medium and large share the rest 6:1 (6/7 of 1,000,000 + 1/7 of 3,000,000)
    rest = 6 / 7 * 1_000_000 + 1 / 7 * 3_000_000
    small = {bar.quantity.name: bar for bar in tornado(movie)}["box_office_small"]
    low, high = 0.24 * 200_000 + 0.76 * rest - 5_000, 0.36 * 200_000 + 0.64 * rest - 5_000
    assert small.options["movie_company"] == pytest.approx((low, high))
    assert small.options["tv_network"] == pytest.approx((900_000, 900_000))
    assert (small.low_value, small.high_value) == pytest.approx((max(low, 900_000), max(high, 900_000)))


def test_tornado_names_filter_and_actor():
    tree = loads(GAME)
    bars = tornado(tree, names=["p_win", "cost"])
    # p_win 0.32..0.48: play = 100·p − 20 = 12..28 (swing 16); cost 10..30: play = 40 − c = 30..10 (swing 20)
    assert [bar.quantity.name for bar in bars] == ["cost", "p_win"]
    assert (bars[0].low_value, bars[0].high_value) == pytest.approx((30, 10))
    assert (bars[1].low_value, bars[1].high_value) == pytest.approx((12, 28))
    assert bars[1].options == {"skip": pytest.approx((0, 0)), "play": pytest.approx((12, 28))}
    # the house: the player keeps playing; house = 0.4·(−(100 − c)) + 0.6·c = c − 40
    house = tornado(tree, actor="house", names=["cost"])
    assert (house[0].low_value, house[0].high_value) == pytest.approx((10 - 40, 30 - 40))
    with pytest.raises(AnalysisError, match="unknown actor"):
        tornado(tree, actor="bank")
    assert tornado(tree, names=[]) == []


def test_tornado_and_spider_take_any_iterable_of_names(texaco):
    """``names`` is typed ``Iterable[str]``, but it is turned into a set once per quantity, so a
    generator is used up by the first quantity and every later one is dropped."""
    wanted = ["refused_award_high.payoff", "counter_award_mid.payoff", "accept_2b.payoff"]
    from_list = [bar.quantity.name for bar in tornado(texaco, names=wanted)]
    assert sorted(from_list) == sorted(wanted)
    assert [bar.quantity.name for bar in tornado(texaco, names=(name for name in wanted))] == from_list
    assert set(spider(texaco, names=iter(wanted))) == set(wanted)


def test_spider_by_hand(movie):
    lines = spider(movie, names=["movie_company.payoff"], points=3)
    steps, values = lines["movie_company.payoff"]
    assert steps.tolist() == [-1, 0, 1]
    assert values.tolist() == pytest.approx([MOVIE_EMV - 1_000, MOVIE_EMV, MOVIE_EMV + 1_000])


def test_two_way_by_hand(movie):
    grid = two_way(movie, "tv_network.payoff", "movie_company.payoff", points=3)
    assert grid["options"] == ["tv_network", "movie_company"]
    assert grid["xs"].tolist() == pytest.approx([720_000, 900_000, 1_080_000])
    assert grid["ys"].tolist() == pytest.approx([-6_000, -5_000, -4_000])
    # movie = 960,000 + fee (954,000..956,000) beats TV at 720,000 and 900,000, not at 1,080,000
    assert grid["best"].tolist() == [[1, 1, 0]] * 3
    ranged = two_way(movie, "tv_network.payoff", "movie_company.payoff", points=2,
                     first_range=(951_000, 959_000), second_range=(-8_000, 0))
    # fee -8,000: movie 952,000 beats 951,000 only; fee 0: movie 960,000 beats both
    assert ranged["best"].tolist() == [[1, 0], [1, 1]]


# -- Monte Carlo ----------------------------------------------------------------------------------------

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
    data = json.loads(json.dumps(result.to_json()))
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


# -- evidence -------------------------------------------------------------------------------------------

TRAFFIC = """
format: scenario-tree/1
root:
  id: weather
  label: Weather
  kind: chance
  children:
    - id: rain
      label: Rain
      kind: chance
      probability: 0.3
      children:
        - {id: rain_jam, label: Jam, kind: outcome, probability: 0.8, tags: [jam]}
        - {id: rain_clear, label: Clear, kind: outcome, probability: 0.2}
    - id: dry
      label: Dry
      kind: chance
      probability: 0.7
      children:
        - {id: dry_jam, label: Jam, kind: outcome, probability: 0.1, tags: [jam]}
        - {id: dry_clear, label: Clear, kind: outcome, probability: 0.9}
"""


def test_posterior_is_bayes_rule():
    tree = loads(TRAFFIC)
    given_jam = posterior(tree, tag="jam")
    # P(jam) = P(jam|rain)P(rain) + P(jam|dry)P(dry) = 0.8·0.3 + 0.1·0.7 = 0.31
    p_jam = 0.8 * 0.3 + 0.1 * 0.7
    # P(rain|jam) = P(jam|rain)P(rain)/P(jam) = 0.24/0.31
    assert given_jam["rain_jam"] == pytest.approx(0.8 * 0.3 / p_jam, abs=1e-12)
    assert given_jam["dry_jam"] == pytest.approx(0.1 * 0.7 / p_jam, abs=1e-12)
    assert given_jam["rain_clear"] == 0 and given_jam["dry_clear"] == 0
    prior = posterior(tree)
    assert prior == pytest.approx({"rain_jam": 0.24, "rain_clear": 0.06, "dry_jam": 0.07, "dry_clear": 0.63})


def test_posterior_reached_and_ruled_out():
    tree = loads(TRAFFIC)
    assert posterior(tree, reached=["rain"]) == pytest.approx(
        {"rain_jam": 0.8, "rain_clear": 0.2, "dry_jam": 0, "dry_clear": 0})
    # not a jam in the rain: 0.06, 0.07, 0.63 out of 1 − 0.24 = 0.76
    assert posterior(tree, ruled_out=["rain_jam"]) == pytest.approx(
        {"rain_jam": 0, "rain_clear": 0.06 / 0.76, "dry_jam": 0.07 / 0.76, "dry_clear": 0.63 / 0.76})
    assert posterior(tree, reached=["rain"], ruled_out=["rain_jam"])["rain_clear"] == pytest.approx(1)
    # in the dry, a jam: P(dry_jam | dry, jam) = 1
    assert posterior(tree, reached=["dry"], tag="jam")["dry_jam"] == pytest.approx(1)


def test_posterior_under_the_chosen_policy(movie):
    # the movie company is chosen; the large box office did not happen: 0.3 and 0.6 out of 0.9
    result = posterior(movie, ruled_out=["box_office_large"])
    assert result == pytest.approx({"tv_network": 0, "box_office_small": 0.3 / 0.9,
                                    "box_office_medium": 0.6 / 0.9, "box_office_large": 0})


@pytest.mark.parametrize(
    "evidence",
    [{"reached": ["rain", "dry"]}, {"tag": "flood"}, {"ruled_out": ["weather"]},
     {"reached": ["rain_clear"], "tag": "jam"}],
)
def test_impossible_evidence_raises(evidence):
    with pytest.raises(AnalysisError, match="probability 0"):
        posterior(loads(TRAFFIC), **evidence)


def test_evidence_off_the_chosen_policy_is_impossible(movie):
    with pytest.raises(AnalysisError, match="probability 0"):
        posterior(movie, reached=["tv_network"])
    with pytest.raises(EditError, match="unknown node id"):
        posterior(movie, reached=["no_such_node"])


# -- Bayes reversal -------------------------------------------------------------------------------------

DISEASE = """
format: scenario-tree/1
title: Screening
root:
  id: disease
  label: Disease?
  kind: chance
  children:
    - id: sick
      label: Disease
      kind: chance
      probability: 0.01
      children:
        - {id: sick_pos, label: Positive, kind: outcome, probability: 0.95, payoff: 100}
        - {id: sick_neg, label: Negative, kind: outcome, probability: 0.05, payoff: -50}
    - id: healthy
      label: No disease
      kind: chance
      probability: 0.99
      children:
        - {id: healthy_pos, label: Positive, kind: outcome, probability: 0.05, payoff: -10}
        - {id: healthy_neg, label: Negative, kind: outcome, probability: "#", payoff: 1}
"""

DISEASE_PARAMETERS = (DISEASE.replace("title: Screening", "parameters: {prevalence: 0.01, sensitivity: 0.95, "
                                                         "false_positive: 0.05}")
                      .replace("probability: 0.01", "probability: prevalence")
                      .replace("probability: 0.99", "probability: 1 - prevalence")
                      .replace("probability: 0.95", "probability: sensitivity")
                      .replace("probability: 0.05, payoff: -50", "probability: 1 - sensitivity, payoff: -50")
                      .replace("probability: 0.05, payoff: -10", "probability: false_positive, payoff: -10"))

# P(pos) = P(pos|d)P(d) + P(pos|no d)P(no d) = 0.95·0.01 + 0.05·0.99 = 0.0095 + 0.0495 = 0.059
P_POSITIVE = 0.95 * 0.01 + 0.05 * 0.99
# root value: 0.0095·100 + 0.0005·(−50) + 0.0495·(−10) + 0.9405·1 = 0.95 − 0.025 − 0.495 + 0.9405 = 1.3705
DISEASE_VALUE = 0.01 * 0.95 * 100 + 0.01 * 0.05 * -50 + 0.99 * 0.05 * -10 + 0.99 * 0.95 * 1


def reversed_probabilities(tree: ScenarioTree) -> dict[tuple[str, str], float]:
    """``{(test label, disease label): probability}`` and ``{(test label, ""): probability}``."""
    evaluation = tree.evaluate()
    found = {}
    for middle in tree.root.children:
        found[(middle.label, "")] = evaluation.probability[middle.id]
        for branch in middle.children:
            found[(middle.label, branch.label)] = evaluation.probability[branch.id]
    return found


def test_bayes_reversal_by_hand():
    tree = loads(DISEASE)
    turned = bayes_reversal(tree, "disease")
    assert [middle.label for middle in turned.root.children] == ["Positive", "Negative"]
    assert all(middle.kind == "chance" for middle in turned.root.children)
    probabilities = reversed_probabilities(turned)
    assert probabilities[("Positive", "")] == pytest.approx(0.059, abs=1e-15)
    assert probabilities[("Negative", "")] == pytest.approx(1 - 0.059, abs=1e-15)
    assert probabilities[("Positive", "Disease")] == pytest.approx(0.0095 / 0.059, abs=1e-15)  # P(d|pos) ≈ 0.161
    assert probabilities[("Positive", "No disease")] == pytest.approx(0.0495 / 0.059, abs=1e-15)
    assert probabilities[("Negative", "Disease")] == pytest.approx(0.01 * 0.05 / (1 - P_POSITIVE), abs=1e-15)
    # each (disease, test) outcome keeps its payoff and sits under its test result
    assert turned.node("sick_pos").parent.label == "Positive" and turned.node("sick_pos").payoff == 100
    assert turned.node("healthy_neg").parent.label == "Negative" and turned.node("healthy_neg").payoff == 1
    assert turned.node("sick_neg").label == "Disease"


def test_bayes_reversal_keeps_the_value_and_the_original():
    tree = loads(DISEASE)
    before = tree.dumps()
    turned = bayes_reversal(tree, "disease")
    assert math.isclose(DISEASE_VALUE, 1.3705, abs_tol=1e-12)
    assert turned.evaluate().root_value["value"] == pytest.approx(DISEASE_VALUE, abs=1e-12)
    assert tree.evaluate().root_value["value"] == pytest.approx(DISEASE_VALUE, abs=1e-12)
    assert tree.dumps() == before
    loads(turned.dumps())  # a valid file
    # reversing back gives the original probabilities
    again = reversed_probabilities(bayes_reversal(turned, "disease"))
    assert again[("Disease", "")] == pytest.approx(0.01, abs=1e-12)
    assert again[("Disease", "Positive")] == pytest.approx(0.95, abs=1e-12)
    assert again[("No disease", "Positive")] == pytest.approx(0.05, abs=1e-12)


def test_bayes_reversal_of_expressions_gives_expressions():
    tree = loads(DISEASE_PARAMETERS)
    assert tree.evaluate().root_value["value"] == pytest.approx(DISEASE_VALUE, abs=1e-12)
    turned = bayes_reversal(tree, "disease")
    for middle in turned.root.children:
        assert isinstance(middle.probability, str)
        assert all(isinstance(branch.probability, str) for branch in middle.children)
    probabilities = reversed_probabilities(turned)
    assert probabilities[("Positive", "")] == pytest.approx(P_POSITIVE, abs=1e-15)
    assert probabilities[("Positive", "Disease")] == pytest.approx(0.0095 / 0.059, abs=1e-15)
    assert turned.evaluate().root_value["value"] == pytest.approx(DISEASE_VALUE, abs=1e-12)
    # the expressions follow the parameters: prevalence 0.1 gives P(pos) = 0.95·0.1 + 0.05·0.9 = 0.14
    turned.set_parameter("prevalence", 0.1)
    probabilities = reversed_probabilities(turned)
    assert probabilities[("Positive", "")] == pytest.approx(0.14, abs=1e-15)
    assert probabilities[("Positive", "Disease")] == pytest.approx(0.095 / 0.14, abs=1e-15)
    assert probabilities[("Negative", "Disease")] == pytest.approx(0.1 * 0.05 / 0.86, abs=1e-15)


def test_bayes_reversal_refuses_what_it_cannot_reverse(movie, texaco):
    swapped = DISEASE.replace("{id: healthy_pos, label: Positive", "{id: healthy_pos, label: Negativ")
    with pytest.raises(AnalysisError, match="same labels"):
        bayes_reversal(loads(swapped), "disease")
    with pytest.raises(AnalysisError, match="needs a chance node"):
        bayes_reversal(movie, "contract")
    with pytest.raises(AnalysisError, match="must be a chance node"):
        bayes_reversal(texaco, "texaco_reaction")


def test_bayes_reversal_with_a_result_that_never_happens():
    """A test that is always positive: P(negative) = 0, so P(disease | negative) is 0/0. The reversed
    tree must still be a valid tree (the unreachable branch still summing to 1) with the same value."""
    certain = (DISEASE.replace("probability: 0.95", "probability: 1").replace("probability: 0.05, payoff: -50",
                                                                                "probability: 0, payoff: -50")
               .replace("probability: 0.05, payoff: -10", "probability: 1, payoff: -10"))
    tree = loads(certain)
    turned = bayes_reversal(tree, "disease")
    # value: 0.01·100 + 0.99·(−10) = 1 − 9.9 = −8.9
    assert turned.evaluate().root_value["value"] == pytest.approx(0.01 * 100 + 0.99 * -10, abs=1e-12)
    assert reversed_probabilities(turned)[("Positive", "")] == pytest.approx(1)


# -- EVPI -----------------------------------------------------------------------------------------------


def test_evpi_of_the_movie_contract(movie):
    # knowing the box office first: small → TV 900,000; medium → 995,000; large → 2,995,000
    clairvoyant = 0.3 * 900_000 + 0.6 * 995_000 + 0.1 * 2_995_000
    result = evpi(movie)
    assert result["actor"] == "author"
    assert result["value"] == pytest.approx(955_000)
    assert result["value_with_perfect_information"] == pytest.approx(clairvoyant)
    assert result["evpi"] == pytest.approx(211_500, abs=1e-6)
    assert result["evpi"] == pytest.approx(clairvoyant - 955_000, abs=1e-6)
    assert result["nodes"] == {"movie_company": pytest.approx(211_500, abs=1e-6)}
    json.dumps(result)


def test_evpi_of_texaco_pennzoil(texaco):
    # clairvoyant: accepts 5 (0.17); first court 10.3 (0.1), 5 (0.25), 0 → take the $2B instead (0.15);
    # counteroffer 3B then court 10.3 (0.066), 5 (0.165), 0 → accept the 3B (0.099)
    clairvoyant = 0.17 * 5 + 0.1 * 10.3 + 0.25 * 5 + 0.15 * 2 + 0.066 * 10.3 + 0.165 * 5 + 0.099 * 3
    assert clairvoyant == pytest.approx(5.2318, abs=1e-12)
    result = evpi(texaco)
    assert result["value_with_perfect_information"] == pytest.approx(5.2318, abs=1e-9)
    assert result["evpi"] == pytest.approx(5.2318 - 4.6348, abs=1e-9)
    # one node at a time: Texaco's reaction or the first court alone never change a choice (the worst
    # case, no award, still leaves 0.85 + 0 + 0.33·4.56 = 2.3548 > 2); the second court's verdict known
    # before deciding on the $3B turns the 0 (0.3) into 3: 0.33·0.3·3 = 0.297
    assert result["nodes"] == {"texaco_reaction": pytest.approx(0, abs=1e-12),
                               "court_refused": pytest.approx(0, abs=1e-12),
                               "court_counter": pytest.approx(0.33 * 0.3 * 3, abs=1e-12)}


def test_evpi_of_a_chance_node_that_every_decision_already_sees_is_zero():
    tree = loads("""
format: scenario-tree/1
root:
  id: market
  label: Market
  kind: chance
  children:
    - id: up
      label: Up
      kind: decision
      probability: 0.6
      children:
        - {id: up_buy, label: Buy, kind: outcome, payoff: 10}
        - {id: up_wait, label: Wait, kind: outcome, payoff: 0}
    - id: down
      label: Down
      kind: decision
      probability: 0.4
      children:
        - {id: down_buy, label: Buy, kind: outcome, payoff: -10}
        - {id: down_wait, label: Wait, kind: outcome, payoff: 0}
""")
    result = evpi(tree)
    assert result["value"] == pytest.approx(0.6 * 10 + 0.4 * 0)
    assert result["evpi"] == pytest.approx(0, abs=1e-12)
    assert result["nodes"] == {"market": pytest.approx(0, abs=1e-12)}


def test_evpi_actor_must_be_known(texaco):
    with pytest.raises(AnalysisError, match="unknown actor"):
        evpi(texaco, actor="texaco")


def random_single_actor_tree(seed: int) -> ScenarioTree:
    """A small random tree (at most 6 chance nodes) for brute-force checks."""
    rng = random.Random(seed)
    counter = itertools.count()
    chances = [0]

    def build(node: ScenarioNode, depth: int) -> None:
        if depth >= 4 or (depth > 0 and rng.random() < 0.3):
            node.payoff = rng.randint(-10, 10)
            return
        kind = rng.choice(["decision", "chance"])
        if kind == "chance" and chances[0] >= 6:
            kind = "decision"
        chances[0] += kind == "chance"
        node.kind = kind
        node.payoff = rng.randint(-3, 3) if rng.random() < 0.3 else None
        count = rng.randint(2, 3)
        weights = [rng.randint(1, 9) for _ in range(count)]
        for index in range(count):
            child = ScenarioNode(f"n{next(counter)}", "node", "outcome", parent=node,
                                 probability=weights[index] / sum(weights) if kind == "chance" else None)
            build(child, depth + 1)

    root = ScenarioNode(f"n{next(counter)}", "root", "outcome")
    build(root, 0)
    return ScenarioTree(root, {"format": "scenario-tree/1", "title": f"random {seed}"})


def brute_force_value(node: ScenarioNode, known: dict[ScenarioNode, ScenarioNode]) -> float:
    """Backward induction where the chance nodes in ``known`` go to the given branch for certain."""
    own = float(node.payoff or 0)
    if node.kind == "outcome":
        return own
    if node.kind == "decision":
        return own + max(brute_force_value(child, known) for child in node.children)
    if node in known:
        return own + brute_force_value(known[node], known)
    return own + math.fsum(child.probability * brute_force_value(child, known) for child in node.children)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**9))
def test_evpi_matches_brute_force_and_is_never_negative(seed):
    tree = random_single_actor_tree(seed)
    chances = [node for node in tree.nodes() if node.kind == "chance"]
    base = brute_force_value(tree.root, {})
    # every chance outcome known before any decision: enumerate all joint outcomes
    clairvoyant = 0.0
    for picks in itertools.product(*[node.children for node in chances]):
        weight = math.prod(child.probability for child in picks)
        clairvoyant += weight * brute_force_value(tree.root, dict(zip(chances, picks)))
    result = evpi(tree)
    assert result["value"] == pytest.approx(base, abs=1e-9)
    assert result["evpi"] == pytest.approx(clairvoyant - base, abs=1e-9)
    assert result["evpi"] >= -1e-9
    assert set(result["nodes"]) == {node.id for node in chances}
    for node in chances:
        alone = math.fsum(child.probability * brute_force_value(tree.root, {node: child}) for child in node.children)
        assert result["nodes"][node.id] == pytest.approx(alone - base, abs=1e-9)
        assert -1e-9 <= result["nodes"][node.id] <= result["evpi"] + 1e-9


# -- comparing and pooling --------------------------------------------------------------------------------


def second_opinion(texaco: ScenarioTree) -> ScenarioTree:
    other = loads(texaco.dumps())
    other.set_probabilities("texaco_reaction", {"texaco_accepts_5b": 0.3, "court_refused": 0.4, "counter_3b": 0.3})
    return other


def test_compare_lists_every_branch_sorted_by_spread(texaco):
    rows = compare([texaco, second_opinion(texaco)], names=["clemen", "analyst"])
    assert len(rows) == 3 + 3 + 3  # the branches of the three chance nodes
    # |0.3 − 0.17| = 0.13, |0.4 − 0.5| = 0.1, |0.3 − 0.33| = 0.03, then the courts (0)
    assert [row["node"] for row in rows[:3]] == ["texaco_accepts_5b", "court_refused", "counter_3b"]
    assert [row["spread"] for row in rows[:3]] == pytest.approx([0.13, 0.1, 0.03])
    assert all(row["spread"] == 0 for row in rows[3:])
    assert rows[0]["clemen"] == 0.17 and rows[0]["analyst"] == 0.3
    assert rows[0]["path"] == "/offer/texaco_reaction/texaco_accepts_5b"
    assert compare([texaco, texaco])[0]["tree 1"] == compare([texaco, texaco])[0]["tree 2"]


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
