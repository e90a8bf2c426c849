"""Hindsight scores: Brier and log scores by hand on a small tree, decisions, the posterior, and the CLI."""

from __future__ import annotations

import datetime
import json
import math

import pytest

import scenario_tree
from scenario_tree.analysis import AnalysisError
from scenario_tree.hindsight import HindsightError, load_hindsight, loads_hindsight, posterior_given, score
from tests.hindsight.helpers import (
    ARTICLE_RECORD,
    ARTICLE_TREE,
    SMALL_TREE,
    entry,
    record,
    strict_json,
)

# -- scores by hand --------------------------------------------------------------------------------


def test_scores_by_hand(tree, hurt):
    result = score(tree, hurt)
    safe, fight = result.chance
    assert (safe.node, safe.outcome, safe.resolved) == ("safe", "rival", datetime.date(2020, 5, 1))
    assert safe.probability == pytest.approx(0.6)
    assert safe.brier == pytest.approx((0.6 - 1) ** 2 + 0.4 ** 2)
    assert safe.log_score == pytest.approx(math.log(0.6))
    assert (safe.uniform_brier, safe.uniform_log_score) == (pytest.approx(0.5), pytest.approx(-math.log(2)))
    assert (fight.node, fight.outcome, fight.resolved) == ("fight", "hurt", datetime.date(2020, 7, 1))
    assert fight.brier == pytest.approx(0.75 ** 2 + 0.75 ** 2)
    assert fight.log_score == pytest.approx(math.log(0.25))
    assert result.mean_brier == pytest.approx((0.32 + 1.125) / 2)
    assert result.mean_log_score == pytest.approx((math.log(0.6) + math.log(0.25)) / 2)


def test_three_way_brier_sums_over_every_branch(tree):
    result = score(tree, loads_hindsight(record(entry("draw", "2020-02-01")), tree))
    [bold] = result.chance
    assert bold.forecast == pytest.approx({"win": 0.5, "draw": 0.3, "lose": 0.2})
    assert bold.brier == pytest.approx(0.5 ** 2 + 0.7 ** 2 + 0.2 ** 2)
    assert bold.uniform_brier == pytest.approx(2 / 3) and bold.uniform_log_score == pytest.approx(-math.log(3))


def test_observed_decisions_are_checked_not_scored(tree, hurt):
    result = score(tree, hurt)
    plan, rival = result.decisions
    assert (plan.chosen, plan.predicted, plan.matches, plan.actor) == ("safe", "bold", False, "us")
    assert (plan.value_chosen, plan.value_predicted) == (pytest.approx(0.45), pytest.approx(4.0))
    assert plan.decided == datetime.date(2020, 3, 1)
    assert (rival.chosen, rival.predicted, rival.matches, rival.actor) == ("fight", "fight", True, "them")
    assert {each.node for each in result.chance}.isdisjoint({"plan", "rival"})
    assert result.summary()["decisions_matching"] == 1


def test_unreached_open_and_pending_nodes_are_not_scored(tree, hurt):
    result = score(tree, hurt)
    assert result.not_reached == ("bold", "long_shot") and result.open == () and result.pending == ()
    earlier = score(tree, hurt.as_of("2020-04-01"))
    assert earlier.chance == () and earlier.open == ("safe",) and earlier.pending == ("fight",)
    assert earlier.mean_brier is None and "nothing to score" in " ".join(earlier.notes)


def test_an_outcome_the_forecast_ruled_out_is_flagged_never_minus_infinity(tree):
    result = score(tree, loads_hindsight(record(entry("never", "2020-02-01")), tree))
    [long_shot] = result.chance
    assert long_shot.probability == 0 and long_shot.impossible and long_shot.log_score is None
    assert long_shot.brier == pytest.approx(2.0)
    assert result.mean_log_score is None and result.summary()["impossible"] == 1
    assert any("probability 0" in note for note in result.notes)
    data = strict_json(json.dumps(result.to_dict(), allow_nan=False))
    assert data["chance_nodes"][0]["log_score"] is None and data["chance_nodes"][0]["impossible"] is True
    with pytest.raises(AnalysisError, match="probability 0"):
        posterior_given(tree, loads_hindsight(record(entry("never", "2020-02-01")), tree))


def test_frames_have_one_row_per_resolved_node_and_decision(tree, hurt):
    result = score(tree, hurt)
    frame = result.to_frame()
    assert list(frame["node"]) == ["safe", "fight"]
    assert list(frame["brier"]) == [pytest.approx(each.brier) for each in result.chance]
    assert list(result.decisions_frame()["matches"]) == [False, True]


def test_posterior_fixes_observed_choices_and_conditions_on_what_happened(tree, hurt):
    assert posterior_given(tree, hurt)["hurt"] == pytest.approx(1.0)
    earlier = posterior_given(tree, hurt.as_of("2020-04-01"))
    # 'safe' was chosen although the tree predicted 'bold'; inside it, 'them' fights as predicted
    assert earlier == pytest.approx({"win": 0, "draw": 0, "lose": 0, "hurt": 0.6 * 0.25, "spared": 0.6 * 0.75,
                                     "back_down": 0, "calm": 0.4, "never": 0, "always": 0})


def test_scoring_against_a_tree_the_record_does_not_fit_is_a_clear_error(hurt):
    other = scenario_tree.loads(SMALL_TREE.replace("id: hurt", "id: harmed"))
    with pytest.raises(HindsightError, match=r"does not fit this tree: unknown node id 'hurt'"):
        score(other, hurt)


def test_the_articles_scores_match_the_trees_own_probabilities():
    tree = scenario_tree.load(ARTICLE_TREE)
    loaded = load_hindsight(ARTICLE_RECORD)
    result = score(tree, loaded)
    probability = tree.evaluate().probability
    assert result.chance, "the article's record resolves at least one chance node"
    for each in result.chance:
        branches = [child.id for child in tree.node(each.node).children]
        assert each.probability == pytest.approx(probability[each.outcome])
        assert each.brier == pytest.approx(sum((probability[b] - (b == each.outcome)) ** 2 for b in branches))
        assert each.log_score == pytest.approx(math.log(probability[each.outcome]))
    [root] = [each for each in result.decisions if each.node == tree.root.id]
    assert root.predicted == tree.evaluate().best[tree.root.id]


# -- the command line ------------------------------------------------------------------------------




def test_posterior_keeps_the_realised_path_through_a_shared_uncertainty():
    from tests.trees import EXAMPLES

    tree = scenario_tree.load(EXAMPLES / "oil_wildcatter.scenario.yaml")
    text = record(entry("test", "2020-03-01"), entry("os_decision", "2020-04-01"), entry("os_drill", "2020-05-01"),
                  entry("os_wet", "2020-06-01"))
    tree.set_source(date="2020-01-01")  # the record's forecast date
    given = posterior_given(tree, loads_hindsight(text, tree))
    # the path went through the open structure and found the oil wet: nothing else is left
    assert given["os_wet"] == pytest.approx(1.0)
    assert sum(given.values()) == pytest.approx(1.0)
