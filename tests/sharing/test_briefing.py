"""The briefing's content: every assumption with its quote, the outcomes, the sensitivity in sentences."""

from __future__ import annotations

import datetime
import math
from pathlib import Path

import pytest

import scenario_tree
from scenario_tree.sharing.briefing import assumptions, build_briefing, nearest_quote, threshold_sentences

NBSP = "\N{NO-BREAK SPACE}"  # an actor and its payoff stay on one line
TEXACO = Path(__file__).resolve().parents[2] / "examples" / "texaco_pennzoil.scenario.yaml"
# go is worth 20 p_hit - cost, staying 0: at cost 4 the choice flips where p_hit = 0.2
LAUNCH = """
format: scenario-tree/1
title: Launch
source: {author: A. Analyst, title: Memo, url: "https://example.org/memo"}
actors: [firm, rival]
parameters: {p_hit: {value: 0.3, low: 0.1, high: 0.6}, cost: 4}
root: {id: launch, label: Launch?, kind: decision, actor: firm,
       quotes: [{text: "We must decide by May.", paragraph: 2}], children: [
  {id: go, label: Go, kind: chance, payoff: "-cost", children: [
    {id: hit, label: Hit, kind: outcome, probability: p_hit, payoff: {firm: 20, rival: -1},
     quotes: [{text: "A hit pays twenty.", page: 4}]},
    {id: flop, label: Flop, kind: outcome, probability: "#", payoff: {firm: 0, rival: 2}}]},
  {id: stay, label: Stay, kind: outcome, payoff: 0}]}
"""


@pytest.fixture(scope="module")
def article() -> scenario_tree.ScenarioTree:
    return scenario_tree.default_tree()


def test_every_branch_probability_of_the_article_is_an_assumption_with_its_own_quote(article):
    evaluation = article.evaluate()
    found = {each.node.id: each for each in assumptions(article) if each.kind == "probability"}
    branches = [node for node in article.nodes() if node.parent is not None and node.parent.kind == "chance"]
    assert len(branches) == 22 and set(found) == {node.id for node in branches}
    for node in branches:
        assert found[node.id].value == evaluation.probability[node.id]
        assert found[node.id].quote == node.quotes[0] and found[node.id].quoted_at is node


def test_every_payoff_is_an_assumption_per_actor(article):
    payoffs = [(each.node.id, each.actor, each.value) for each in assumptions(article) if each.kind == "payoff"]
    expected = [(node.id, actor, float(amount)) for node in article.nodes() if isinstance(node.payoff, dict)
                for actor, amount in node.payoff.items()]
    assert payoffs == expected and ("soft_landing", "west", 8.0) in payoffs


def test_the_assumption_table_shows_a_row_per_node_with_the_quote_and_paragraph(article):
    table = build_briefing(article, drawing=False).section("assumptions").table
    rows = {row[0]: row for row in table.rows}
    soft = rows["/dialogue/transition_deal/guarantees_credible/negotiate_exit/soft_landing"]
    assert soft[1:] == ("Soft landing: orderly transfer of power", "0.75",
                        f"West{NBSP}8 · Putin{NBSP}4 · Russian society{NBSP}9",
                        "“he has left the door open for Mr. Putin to make a graceful exit. That would be good for "
                        "everyone.”", "¶ 18")
    assert rows["/dialogue/transition_deal/guarantees_credible/negotiate_exit/managed_successor"][2] == \
        "0.25 (# the rest)"  # 1 - 0.75


def test_a_quote_comes_from_the_closest_ancestor_and_none_says_no_quote():
    tree = scenario_tree.loads(LAUNCH)
    assert nearest_quote(tree.node("flop")) == (tree.root.quotes[0], tree.root)
    assert nearest_quote(tree.node("hit")) == (tree.node("hit").quotes[0], tree.node("hit"))
    rows = {row[0]: row for row in build_briefing(tree, drawing=False).section("assumptions").table.rows}
    assert rows["/launch/go/flop"][2:] == ("0.7 (# the rest)", f"Firm{NBSP}0 · Rival{NBSP}2",
                                           "“We must decide by May.” (quoted at “Launch?”)", "¶ 2")
    assert rows["/launch/go/hit"][2:] == ("0.3 (= p_hit)", f"Firm{NBSP}20 · Rival{NBSP}-1", "“A hit pays twenty.”",
                                          "p. 4")
    assert rows["/launch/go"][3] == f"Firm{NBSP}-4 (= -cost)"
    texaco = build_briefing(scenario_tree.load(TEXACO), drawing=False).section("assumptions").table
    assert {row[4] for row in texaco.rows} == {"no quote"} and {row[5] for row in texaco.rows} == {""}


def test_the_outcomes_are_those_the_policy_reaches_with_their_probabilities():
    briefing = build_briefing(scenario_tree.load(TEXACO), drawing=False)
    table = briefing.section("outcomes").table
    # the $5B counteroffer: accepted 0.17; court 0.5 x (0.2, 0.5, 0.3); $3B refused 0.33 x (0.2, 0.5, 0.3)
    assert [(row[1], row[2], row[3]) for row in table.rows] == [
        ("/offer/texaco_reaction/court_refused/refused_award_mid", "0.25", "5"),
        ("/offer/texaco_reaction/texaco_accepts_5b", "0.17", "5"),
        ("/offer/texaco_reaction/counter_3b/court_counter/counter_award_mid", "0.165", "5"),
        ("/offer/texaco_reaction/court_refused/refused_award_zero", "0.15", "0"),
        ("/offer/texaco_reaction/court_refused/refused_award_high", "0.1", "10.3"),
        ("/offer/texaco_reaction/counter_3b/court_counter/counter_award_zero", "0.099", "0"),
        ("/offer/texaco_reaction/counter_3b/court_counter/counter_award_high", "0.066", "10.3"),
    ]
    assert math.isclose(sum(float(row[2]) for row in table.rows), 1.0)
    assert briefing.section("outcomes").paragraphs[0].startswith("Under the recommended policy 7 of the tree's 9 ")


def test_the_narratives_cover_every_option_of_every_decision_the_policy_reaches(article):
    items = build_briefing(article, drawing=False).section("narratives").items
    evaluation = article.evaluate()
    reached = [node for node in article.nodes() if node.kind == "decision" and evaluation.policy_probability[node.id]]
    assert len(items) == sum(len(node.children) for node in reached) == 9
    assert all(item.startswith("If West chooses “") for item in items)


def test_the_source_title_and_the_date_written(article):
    briefing = build_briefing(article, drawing=False, written=datetime.date(2026, 12, 2))
    assert briefing.title == "The Ultimate Trump-Putin Deal"
    assert dict(briefing.source) == {"Author": "Mikhail Khodorkovsky", "Title": "The Ultimate Trump-Putin Deal",
                                     "Outlet": "The Wall Street Journal", "Date": "2017-03-08",
                                     "Address": article.meta["source"]["url"]}
    assert briefing.url == article.meta["source"]["url"] and briefing.svg is None
    assert briefing.written.startswith("Written on 2026-12-02 by scenario-tree ")


def test_only_a_web_address_becomes_a_link():
    tree = scenario_tree.loads(LAUNCH)
    assert build_briefing(tree, drawing=False).url == "https://example.org/memo"
    tree.meta["source"]["url"] = "javascript:alert(1)"  # loading refuses it; a tree built in code may not
    briefing = build_briefing(tree, drawing=False)
    assert dict(briefing.source)["Address"] == "javascript:alert(1)" and briefing.url is None


def test_sensitivity_only_where_the_file_has_parameters(article):
    assert "sensitivity" not in [section.key for section in build_briefing(article, drawing=False).sections]


def test_the_tornado_of_the_parameters_by_hand():
    section = build_briefing(scenario_tree.loads(LAUNCH), drawing=False).section("sensitivity")
    # p_hit 0.1 -> max(2 - 4, 0) = 0, 0.6 -> 12 - 4 = 8; cost 4 +- 20%: 6 - 3.2 = 2.8, 6 - 4.8 = 1.2
    assert [row[:6] for row in section.table.rows] == [("p_hit", "0.3", "0.1 … 0.6", "0", "8", "8"),
                                                      ("cost", "4", "3.2 … 4.8", "2.8", "1.2", "1.6")]
    assert [value for bar in section.bars for value in (bar.low, bar.high)] == pytest.approx([0, 8, 2.8, 1.2])
    assert section.base == pytest.approx(2.0)


def test_thresholds_in_sentences_by_hand():
    tree = scenario_tree.loads(LAUNCH)
    assert threshold_sentences(tree, "p_hit") == [
        "If p_hit falls below 0.2, Firm's best choice switches from “Go” to “Stay”."]
    assert threshold_sentences(tree, "cost") == [
        "Between 3.2 and 4.8, cost changes no choice the recommended policy reaches."]
    low = scenario_tree.loads(LAUNCH.replace("p_hit: {value: 0.3,", "p_hit: {value: 0.15,"))
    assert threshold_sentences(low, "p_hit") == [
        "If p_hit rises above 0.2, Firm's best choice switches from “Stay” to “Go”."]
    section = build_briefing(tree, drawing=False).section("sensitivity")
    assert section.notes == tuple(threshold_sentences(tree, "p_hit") + threshold_sentences(tree, "cost"))


def test_a_deeper_decision_is_named_in_its_threshold():
    tree = scenario_tree.loads("""
format: scenario-tree/1
title: Copycat
actors: [firm, rival]
parameters: {cost: {value: 4, low: 2, high: 5}}
root: {id: launch, label: Launch?, kind: decision, actor: firm, children: [
  {id: go, label: Go, kind: chance, children: [
    {id: hit, label: "Rival's move", kind: decision, actor: rival, probability: 0.3, children: [
      {id: copy, label: Copy, kind: outcome, payoff: {firm: 5, rival: "cost - 3"}},
      {id: ignore, label: Ignore, kind: outcome, payoff: {firm: 20, rival: 0}}]},
    {id: flop, label: Flop, kind: outcome, probability: "#", payoff: 0}]},
  {id: stay, label: Stay, kind: outcome, payoff: 0}]}
""")
    # the rival copies while cost - 3 > 0; the firm goes either way (0.3 x 5 or 0.3 x 20 against 0)
    assert threshold_sentences(tree, "cost") == [
        "If cost falls below 3, Rival's best choice at “Rival's move” switches from “Copy” to “Ignore”."]
