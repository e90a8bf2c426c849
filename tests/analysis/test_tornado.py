"""Tornado, spider and two-way grids, checked by hand."""

from __future__ import annotations

import pytest

from scenario_tree import loads
from scenario_tree.analysis import (
    AnalysisError,
    quantities,
    spider,
    tornado,
    two_way,
)
from tests.trees import SAFE_OR_RISKY

from .published import COUNTER_EMV, GAME, MOVIE_EMV


def test_tornado_is_ranked_by_swing(texaco):
    bars = tornado(texaco).bars
    swings = [bar.swing for bar in bars]
    assert swings == sorted(swings, reverse=True)
    assert {bar.quantity.name for bar in bars} == {each.name for each in quantities(texaco)}
    for bar in bars:
        assert bar.swing == abs(bar.high_value - bar.low_value)


def test_tornado_swing_of_a_payoff_is_its_range_times_its_path_probability(texaco, movie):
    bars = {bar.quantity.name: bar for bar in tornado(texaco).bars}
    # counter_award_mid: 5 ± 1, reached with 0.33·0.5 = 0.165 (court stays best: 4.56 ± 0.5 > 3)
    assert bars["counter_award_mid.payoff"].swing == pytest.approx((6 - 4) * 0.33 * 0.5, abs=1e-12)
    # refused_award_high: 10.3 ± 2.06, reached with 0.5·0.2 = 0.1
    assert bars["refused_award_high.payoff"].swing == pytest.approx((12.36 - 8.24) * 0.5 * 0.2, abs=1e-12)
    # the fee is paid on every path through the movie company (probability 1): -5000 ± 1000
    fee = {bar.quantity.name: bar for bar in tornado(movie).bars}["movie_company.payoff"]
    assert (fee.low_value, fee.high_value) == pytest.approx((MOVIE_EMV - 1_000, MOVIE_EMV + 1_000))
    assert fee.swing == pytest.approx(2_000 * 1.0)


def test_tornado_gives_every_root_option_at_both_ends(texaco, movie):
    for bar in tornado(texaco).bars:
        assert set(bar.options) == {"accept_2b", "texaco_reaction"}
    bars = {bar.quantity.name: bar for bar in tornado(texaco).bars}
    assert bars["accept_2b.payoff"].options["accept_2b"] == pytest.approx((1.6, 2.4))
    assert bars["accept_2b.payoff"].options["texaco_reaction"] == pytest.approx((COUNTER_EMV, COUNTER_EMV))
    assert bars["accept_2b.payoff"].swing == pytest.approx(0)  # the counteroffer stays best: the root is unmoved
    # box office small 0.3 ± 0.06: medium and large share the rest 6:1 (6/7 of 1,000,000 + 1/7 of 3,000,000)
    rest = 6 / 7 * 1_000_000 + 1 / 7 * 3_000_000
    small = {bar.quantity.name: bar for bar in tornado(movie).bars}["box_office_small"]
    low, high = 0.24 * 200_000 + 0.76 * rest - 5_000, 0.36 * 200_000 + 0.64 * rest - 5_000
    assert small.options["movie_company"] == pytest.approx((low, high))
    assert small.options["tv_network"] == pytest.approx((900_000, 900_000))
    assert (small.low_value, small.high_value) == pytest.approx((max(low, 900_000), max(high, 900_000)))


def test_tornado_names_filter_and_actor():
    tree = loads(GAME)
    bars = tornado(tree, names=["p_win", "cost"]).bars
    # p_win 0.32..0.48: play = 100·p − 20 = 12..28 (swing 16); cost 10..30: play = 40 − c = 30..10 (swing 20)
    assert [bar.quantity.name for bar in bars] == ["cost", "p_win"]
    assert (bars[0].low_value, bars[0].high_value) == pytest.approx((30, 10))
    assert (bars[1].low_value, bars[1].high_value) == pytest.approx((12, 28))
    assert bars[1].options == {"skip": pytest.approx((0, 0)), "play": pytest.approx((12, 28))}
    # the house: the player keeps playing; house = 0.4·(−(100 − c)) + 0.6·c = c − 40
    house = tornado(tree, actor="house", names=["cost"]).bars
    assert (house[0].low_value, house[0].high_value) == pytest.approx((10 - 40, 30 - 40))
    with pytest.raises(AnalysisError, match="unknown actor"):
        tornado(tree, actor="bank")
    assert tornado(tree, names=[]).bars == []


def test_tornado_and_spider_take_any_iterable_of_names(texaco):
    """``names`` is typed ``Iterable[str]``, but it is turned into a set once per quantity, so a
    generator is used up by the first quantity and every later one is dropped."""
    wanted = ["refused_award_high.payoff", "counter_award_mid.payoff", "accept_2b.payoff"]
    from_list = [bar.quantity.name for bar in tornado(texaco, names=wanted).bars]
    assert sorted(from_list) == sorted(wanted)
    assert [bar.quantity.name for bar in tornado(texaco, names=(name for name in wanted)).bars] == from_list
    assert set(spider(texaco, names=iter(wanted)).lines) == set(wanted)


def test_spider_by_hand(movie):
    lines = spider(movie, names=["movie_company.payoff"], points=3)
    steps, values = lines.steps, lines.lines["movie_company.payoff"]
    assert steps.tolist() == [-1, 0, 1]
    assert values.tolist() == pytest.approx([MOVIE_EMV - 1_000, MOVIE_EMV, MOVIE_EMV + 1_000])


def test_two_way_by_hand(movie):
    grid = two_way(movie, "tv_network.payoff", "movie_company.payoff", points=3)
    assert grid.options == ["tv_network", "movie_company"]
    assert grid.xs.tolist() == pytest.approx([720_000, 900_000, 1_080_000])
    assert grid.ys.tolist() == pytest.approx([-6_000, -5_000, -4_000])
    # movie = 960,000 + fee (954,000..956,000) beats TV at 720,000 and 900,000, not at 1,080,000
    assert grid.best.tolist() == [[1, 1, 0]] * 3
    ranged = two_way(movie, "tv_network.payoff", "movie_company.payoff", points=2,
                     first_range=(951_000, 959_000), second_range=(-8_000, 0))
    # fee -8,000: movie 952,000 beats 951,000 only; fee 0: movie 960,000 beats both
    assert ranged.best.tolist() == [[1, 0], [1, 1]]


def test_fixed_policy_tornado_spider_and_two_way_by_hand():
    # today risky is best: 0.6·100 + 0.4·0 = 60 against safe's 50; held fixed, the value is risky's
    tree = loads(SAFE_OR_RISKY)
    optimal = {bar.quantity.name: bar for bar in tornado(tree).bars}
    fixed_result = tornado(tree, policy="fixed")
    fixed = {bar.quantity.name: bar for bar in fixed_result.bars}
    assert (fixed_result.policy, fixed_result.to_dict()["policy"]) == ("fixed", "fixed")
    # P(win) 0.48 … 0.72: risky 48 … 72; the optimal policy takes safe's 50 at the low end
    assert (fixed["win"].low_value, fixed["win"].high_value) == pytest.approx((48, 72))
    assert (optimal["win"].low_value, optimal["win"].high_value) == pytest.approx((50, 72))
    assert fixed["win"].options == {"safe": pytest.approx((50, 50)), "risky": pytest.approx((48, 72))}
    # win's payoff 80 … 120: risky 0.6·80 = 48 … 72, likewise
    assert (fixed["win.payoff"].low_value, fixed["win.payoff"].high_value) == pytest.approx((48, 72))
    assert (optimal["win.payoff"].low_value, optimal["win.payoff"].high_value) == pytest.approx((50, 72))
    # safe's payoff 40 … 60 moves nothing under either policy (risky's 60 is held or still best)
    assert fixed["safe.payoff"].swing == pytest.approx(0) and optimal["safe.payoff"].swing == pytest.approx(0)
    lines = spider(tree, names=["win"], points=3, policy="fixed")
    assert lines.lines["win"].tolist() == pytest.approx([48, 60, 72]) and lines.policy == "fixed"
    assert spider(tree, names=["win"], points=3).lines["win"].tolist() == pytest.approx([50, 60, 72])
    grid = two_way(tree, "win", "safe.payoff", points=3, first_range=(0, 1), second_range=(0, 100), policy="fixed")
    assert grid.best.tolist() == [[1, 1, 1]] * 3  # risky held everywhere
    assert grid.values.ravel().tolist() == pytest.approx([0, 50, 100] * 3)  # 100·P(win), whatever safe pays
    best = two_way(tree, "win", "safe.payoff", points=3, first_range=(0, 1), second_range=(0, 100))
    # max(safe, 100·P(win)), ties to the first option (safe)
    assert best.values.ravel().tolist() == pytest.approx([0, 50, 100, 50, 50, 100, 100, 100, 100])
    assert best.best.tolist() == [[0, 1, 1], [0, 0, 1], [0, 0, 0]]
    assert (grid.policy, best.policy, grid.to_dict()["policy"]) == ("fixed", "optimal", "fixed")


@pytest.mark.parametrize("run", [lambda tree: tornado(tree, policy="best"), lambda tree: spider(tree, policy="best"),
                                 lambda tree: two_way(tree, "win", "lose", policy="best")])
def test_every_sweep_refuses_an_unknown_policy(run):
    with pytest.raises(AnalysisError, match=r"unknown policy: 'best' \(must be one of \['fixed', 'optimal'\]\)"):
        run(loads(SAFE_OR_RISKY))
