"""One-way sensitivity and exact thresholds, checked against published and hand-worked answers."""

from __future__ import annotations

import json

import pandas
import pytest

from scenario_tree import loads
from scenario_tree.analysis import (
    AnalysisError,
    Flip,
    one_way,
)
from tests.trees import SAFE_OR_RISKY

from .published import COUNTER_EMV, COURT_EMV, GAME, MOVIE_EMV


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


def test_one_way_table_is_a_dataframe(movie):
    sweep = one_way(movie, "movie_company.payoff", -100_000, 0, points=11)
    table = sweep.to_frame()
    assert isinstance(table, pandas.DataFrame)
    assert list(table.columns) == ["movie_company.payoff", "value[author]", "best[contract]"]
    assert len(table) == 11
    assert table["movie_company.payoff"].tolist() == pytest.approx([-100_000 + 10_000 * i for i in range(11)])
    # fee -50,000: movie 960,000 − 50,000 = 910,000 > 900,000
    assert table.loc[5, "value[author]"] == pytest.approx(910_000)
    assert table.loc[5, "best[contract]"] == "movie_company"
    assert table.loc[3, "best[contract]"] == "tv_network"  # fee -70,000: the movie gives 890,000


def test_one_way_to_dict_is_json(movie):
    data = json.loads(json.dumps(one_way(movie, "movie_company.payoff", -100_000, 0, points=5).to_dict()))
    assert data["quantity"] == "movie_company.payoff"
    assert data["values"] == [-100_000, -75_000, -50_000, -25_000, 0]
    assert data["root_values"]["author"][0] == pytest.approx(900_000)
    assert data["choices"]["contract"] == ["tv_network", "tv_network", "movie_company", "movie_company",
                                           "movie_company"]
    assert data["thresholds"] == [{"decision": "contract", "value": pytest.approx(-60_000, abs=1e-6),
                                   "before": "tv_network", "after": "movie_company"}]


# Putin settles (west 8) unless his gamble is worth more to him (10·p against 5.42, so from p = 0.542);
# west then gets 10·p, below her safe 5.57 until p = 0.557: west's choice flips twice, 0.015 apart.
TWO_FLIPS = """
format: scenario-tree/1
actors: [west, putin]
root:
  id: west_choice
  label: West chooses
  kind: decision
  actor: west
  children:
    - id: engage
      label: Engage
      kind: decision
      actor: putin
      children:
        - id: gamble
          label: Putin gambles
          kind: chance
          children:
            - {id: win, label: Win, kind: outcome, probability: 0.5, payoff: {west: 10, putin: 10}}
            - {id: lose, label: Lose, kind: outcome, probability: "#", payoff: 0}
        - {id: settle, label: Putin settles, kind: outcome, payoff: {west: 8, putin: 5.42}}
    - {id: safe, label: Stay safe, kind: outcome, payoff: {west: 5.57}}
"""


def test_two_flips_0_015_apart_are_both_found_exactly():
    """Between the sweep points 0.54 and 0.56 west's choice is the same at both ends, so searching
    only between points that choose differently missed both of her flips."""
    sweep = one_way(loads(TWO_FLIPS), "win")
    assert sweep.thresholds == [
        Flip("engage", pytest.approx(0.542, abs=1e-12), "settle", "gamble"),
        Flip("west_choice", pytest.approx(0.542, abs=1e-12), "engage", "safe"),
        Flip("west_choice", pytest.approx(0.557, abs=1e-12), "safe", "engage"),
    ]
    assert one_way(loads(TWO_FLIPS), "win", points=2).thresholds == sweep.thresholds  # exact at any density


def test_flips_of_a_parameter_are_found_by_dense_sampling():
    """A parameter can act through any expression: sampled densely, then bisected, so two flips 0.015
    apart are found even on a sweep of 11 points."""
    tree = loads(TWO_FLIPS.replace("format: scenario-tree/1", "format: scenario-tree/1\nparameters: {p: 0.5}")
                 .replace("probability: 0.5", "probability: p"))
    flips = one_way(tree, "p", 0.0, 1.0, points=11).thresholds
    assert [(flip.decision, flip.before, flip.after) for flip in flips] == [
        ("engage", "settle", "gamble"), ("west_choice", "engage", "safe"), ("west_choice", "safe", "engage")]
    assert [flip.value for flip in flips] == pytest.approx([0.542, 0.542, 0.557], abs=1e-8)


# -- the policy held fixed -------------------------------------------------------------------------


def test_fixed_policy_one_way_values_todays_choice_where_optimal_switches():
    # today risky is best (0.6·100 = 60 > 50); as P(win) = p moves, risky is worth 100·p
    tree = loads(SAFE_OR_RISKY)
    optimal = one_way(tree, "win", 0, 1, points=11)
    fixed = one_way(tree, "win", 0, 1, points=11, policy="fixed")
    assert optimal.root_values["firm"].tolist() == pytest.approx([50] * 6 + [60, 70, 80, 90, 100])  # max(50, 100·p)
    assert optimal.thresholds == [Flip("choose", pytest.approx(0.5, abs=1e-12), "safe", "risky")]
    assert fixed.root_values["firm"].tolist() == pytest.approx([10.0 * step for step in range(11)])  # 100·p
    assert fixed.thresholds == [] and fixed.choices == {"choose": ["risky"] * 11}
    assert (optimal.policy, fixed.policy) == ("optimal", "fixed")
    assert fixed.to_dict()["policy"] == "fixed" and fixed.to_dict()["thresholds"] == []
    # the safe payoff x: the optimal value is max(x, 60) and flips at 60; the fixed one stays 60
    held = one_way(tree, "safe.payoff", 0, 100, points=5, policy="fixed")
    assert held.root_values["firm"].tolist() == pytest.approx([60] * 5)
    assert one_way(tree, "safe.payoff", 0, 100, points=5).root_values["firm"].tolist() == pytest.approx(
        [60, 60, 60, 75, 100])


def test_an_unknown_policy_is_an_error_that_lists_the_policies(movie):
    with pytest.raises(AnalysisError) as raised:
        one_way(movie, "movie_company.payoff", policy="x")
    assert str(raised.value) == "unknown policy: 'x' (must be one of ['fixed', 'optimal'])"
