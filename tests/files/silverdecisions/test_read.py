"""Reading SilverDecisions files: the shared files reproduce their own computed values; scopes, versions, layouts.

The shared test files (``../shared/silverdecisions/``, next to the repository) each hold the values
SilverDecisions computed (``computed`` blocks, exact fractions such as ``"2 1/3"``); the import must
give the same root value, node values and optimal choices under expected-value maximisation. The
small files written here as dicts cover the edge cases: several trees, shadowed variables, the
mathjs functions, the legacy 0.5 layout, a 1.2-style file and what cannot be carried over.
"""

from __future__ import annotations

import json

import pytest

import scenario_tree
from scenario_tree import ScenarioFileError
from scenario_tree.files.silverdecisions import (
    from_silverdecisions,
    is_silverdecisions,
    parse_json,
    to_silverdecisions,
)
from scenario_tree.model import preorder
from tests.files.silverdecisions.helpers import (
    EXPECTED_VALUE,
    SHARED,
    SHARED_FILES,
    TOLERANCE,
    body,
    convert,
    edge_to,
    exact,
    load_quietly,
    new_file,
    terminal,
)

# -- the shared files: SilverDecisions' own numbers ----------------------------------------------------


def test_the_shared_files_are_there():
    assert {path.name for path in SHARED_FILES} >= {"payoffrules_pass.json", "treatments.json",
                                                    "variables_pass.json"}


@pytest.mark.parametrize("path", SHARED_FILES, ids=lambda path: path.name)
def test_import_reproduces_every_computed_value_and_optimal_choice(path):
    raw = json.loads(path.read_text(encoding="utf-8"))
    tree = load_quietly(path)  # scenario_tree.load reads SilverDecisions files as they are
    evaluation = tree.evaluate()
    actor = next(node.actor for node in preorder(tree.root) if node.kind == "decision")
    checked = 0
    stack = [(body(raw)["trees"][0], tree.root)]
    while stack:
        theirs, ours = stack.pop()
        computed = theirs["computed"][EXPECTED_VALUE]
        # a node's "payoff" is the payoff of the branch into it plus the expected value below: our value
        assert evaluation.value[ours.id][actor] == pytest.approx(float(exact(computed["payoff"])), abs=TOLERANCE)
        edges = theirs["childEdges"]
        assert len(edges) == len(ours.children)
        optimal = [index for index, edge in enumerate(edges) if edge["computed"][EXPECTED_VALUE].get("optimal")]
        if ours.kind == "decision" and computed.get("optimal"):  # a decision on SilverDecisions' optimal path
            assert optimal, f"{ours.id}: SilverDecisions marks no optimal branch"
            best = [child.id for child in ours.children].index(evaluation.best[ours.id])
            assert best in optimal
            best_value = evaluation.value[ours.children[best].id][actor]
            for index in optimal:  # ties: every branch SilverDecisions marks is worth as much as ours
                assert evaluation.value[ours.children[index].id][actor] == pytest.approx(best_value, abs=TOLERANCE)
            checked += 1
        stack.extend((edge["childNode"], child) for edge, child in zip(edges, ours.children))
    assert checked >= 1
    root = body(raw)["trees"][0]["computed"][EXPECTED_VALUE]["payoff"]
    assert evaluation.root_value[actor] == pytest.approx(float(exact(root)), abs=TOLERANCE)


def test_the_expected_answers_of_the_shared_readme():
    rules = load_quietly(SHARED / "payoffrules_pass.json").evaluate()
    assert rules.root_value["Cost"] == pytest.approx(2 + 1 / 3, abs=TOLERANCE)
    assert rules.best["decision"] == "max"  # the first of the two options named "max"
    treatments = load_quietly(SHARED / "treatments.json")
    assert treatments.evaluate().root_value["Cost"] == pytest.approx(5, abs=TOLERANCE)
    assert treatments.node(treatments.evaluate().best["decision"]).label == "treatement B"
    variables = load_quietly(SHARED / "variables_pass.json")
    p = 0.8733215538658357
    assert variables.evaluate().root_value["value"] == pytest.approx(max(p, 1 - p), abs=TOLERANCE)


def test_variables_keep_their_scope_when_a_node_shadows_them():
    tree = load_quietly(SHARED / "variables_pass.json")
    # the root defines up = 1, down = 0; its first chance node redefines up = 0, down = 1 for its subtree
    assert tree.parameters == {"p": 0.8733215538658357, "up": 1, "down": 0, "up_chance": 0, "down_chance": 1}
    first, second = tree.root.children
    assert [child.payoff for child in first.children] == ["up_chance", "down_chance"]
    assert [child.payoff for child in second.children] == ["up", "down"]
    assert [child.probability for child in first.children] == ["p", "#"]
    assert "p = random()" in tree.meta["description"] and "0.8733215538658357" in tree.meta["description"]
    assert "variable closures" in tree.meta["description"]  # the canvas note


def test_detection_needs_the_top_level_key():
    assert is_silverdecisions({"SilverDecisions": "0.5.2", "trees": []})
    assert not is_silverdecisions({"format": "scenario-tree/1"})
    assert not is_silverdecisions([{"SilverDecisions": "1.0"}])


# -- small files of our own: what else the format allows ---------------------------------------------


def test_several_trees_per_file_and_choosing_one():
    first = {"type": "decision", "name": "First", "childEdges": [terminal("a", 1), terminal("b", 2)]}
    second = {"type": "decision", "name": "Second", "childEdges": [terminal("c", 7), terminal("d", 3)]}
    data = new_file(first, second)
    assert convert(data).root.label == "First"
    chosen = convert(data, tree=1)
    assert chosen.root.label == "Second"
    assert chosen.evaluate().root_value == {"value": 7}
    assert "tree 1 (counting from 0) of the 2" in chosen.meta["description"]
    with pytest.raises(ScenarioFileError, match=r"tree 2: the file has 2 trees \(choose 0 to 1\)"):
        from_silverdecisions(data, "two.json", tree=2)


def test_shadowed_node_variables_are_renamed_never_hoisted():
    # global x = 1; node "Raise" runs x = x + 1 (uses the outer x) and its child runs x = x * 10;
    # the sibling "Keep" sees the global x; a node named like a variable gets another id
    inner = {"type": "chance", "name": "Inner", "code": "x = x * 10", "childEdges": [
        terminal("hit", "x", "0.5"), terminal("miss", "-x", "#")]}
    raised = {"type": "decision", "name": "Raise", "code": "x = x + 1", "childEdges": [
        edge_to(inner, "go"), terminal("stay", "x")]}
    root = {"type": "decision", "name": "Root", "childEdges": [
        edge_to(raised), terminal("Keep", "x"), terminal("x", "2 * x")]}
    tree = convert(new_file(root, code="x = 1"))
    assert tree.parameters == {"x": 1, "x_raise": "x + 1", "x_go_inner": "x_raise * 10"}
    assert tree.parameter_values() == {"x": 1, "x_raise": 2, "x_go_inner": 20}
    assert tree.node("keep").payoff == "x"
    assert tree.node("stay").payoff == "x_raise"
    assert tree.node("hit").payoff == "x_go_inner" and tree.node("miss").payoff == "-x_go_inner"
    assert tree.node("x_2").label == "x"  # the id "x" is the parameter's
    assert tree.evaluate().value["raise"] == {"value": 2}  # max(0.5·20 - 0.5·20, 2)


def test_a_legacy_0_5_file_without_data_and_with_scalar_payoffs():
    market = {"type": "chance", "name": "Market", "code": "", "childEdges": [
        terminal("Up", "gain", "0.4"), terminal("Flat", 0, "#"), terminal("Down", "-gain / 2", "#")]}
    data = {"SilverDecisions": "0.5.2", "rule": EXPECTED_VALUE, "code": "gain = 10", "expressionScope": {"gain": 10},
            "trees": [{"type": "decision", "name": "Invest?", "childEdges": [
                edge_to(market, "Invest", "-1"), terminal("Hold", 0)]}]}
    tree = convert(data)
    assert tree.actors == ["value"] and "actors" not in tree.meta
    assert tree.node("invest_market").payoff == -1  # the branch's payoff is paid on entering its node
    assert tree.evaluate().value["invest_market"] == {"value": pytest.approx(-1 + 0.4 * 10 + 0.3 * -5)}
    assert tree.evaluate().best["invest"] == "invest_market"


def test_a_1_2_file_viewed_by_its_second_criterion():
    root = {"type": "decision", "name": "Plan", "folded": False, "location": {"x": 20, "y": 40}, "childEdges": [
        terminal("cheap", [1, 2]), terminal("dear", [9, 1])]}
    data = new_file(root, version="1.2.0", viewMode="criterion2")
    data["data"] |= {"payoffNames": ["Net cost", "Lives saved"], "defaultCriterion1Weight": 1,
                     "weightLowerBound": 0, "weightUpperBound": "Infinity"}
    tree = convert(data)
    assert tree.actors == ["net_cost", "lives_saved"]  # names made valid actor names
    assert tree.root.actor == "lives_saved"
    assert tree.evaluate().best["plan"] == "cheap"  # 2 lives beat 1, whatever the cost
    exported = to_silverdecisions(tree)
    assert exported["viewMode"] == "criterion2" and exported["data"]["payoffNames"] == tree.actors
    assert convert(exported).root.actor == "lives_saved"


def test_a_branch_and_its_node_both_named():
    inner = {"type": "chance", "name": "Market reaction", "childEdges": [terminal("", 1, "1")]}
    root = {"type": "decision", "name": "", "childEdges": [edge_to(inner, "Launch"), terminal("Wait", 0)]}
    tree = convert(new_file(root))
    assert [node.label for node in tree.nodes()] == ["Decision", "Launch: Market reaction", "Outcome", "Wait"]


def test_a_random_draw_without_a_saved_value_cannot_be_carried_over():
    data = new_file({"type": "decision", "childEdges": [terminal("a", "p")]}, code="p = random()")
    with pytest.raises(ScenarioFileError, match=r"code: p = random\(\): a random draw with no number saved"):
        from_silverdecisions(data, "x.json")
    data["data"]["expressionScope"] = {"p": 0.25}
    assert convert(data).parameters == {"p": 0.25}


def test_three_criteria_and_function_definitions_cannot_be_carried_over():
    root = {"type": "decision", "childEdges": [terminal("a", [1, 2, 3])]}
    with pytest.raises(ScenarioFileError) as caught:
        from_silverdecisions(new_file(root, code="f(x) = x^2"), "x.json")
    messages = [str(problem) for problem in caught.value.problems]
    assert messages == [
        "x.json: code: 'f(x) = x^2': expected a definition 'name = expression' (function definitions and bare "
        "expressions are not carried over)",
        "x.json: /decision/a: payoff: found 3 criteria, SilverDecisions has at most 2",
    ]


def test_every_structural_problem_is_reported_at_once():
    broken = {"type": "decision", "childEdges": [
        edge_to({"type": "terminal", "childEdges": [terminal("x")]}, "leaf with a branch"),
        edge_to({"type": "chance", "childEdges": []}, "empty chance"),
        edge_to({"type": "loop", "childEdges": []}, "odd"),
        edge_to({"type": "chance", "childEdges": [terminal("no probability")]}, "unsure")]}
    with pytest.raises(ScenarioFileError) as caught:
        from_silverdecisions(new_file(broken), "x.json")
    text = str(caught.value)
    assert "/decision/leaf_with_a_branch: a terminal node has no branches, found 1" in text
    assert "/decision/empty_chance: a chance node needs at least one branch, found none" in text
    assert "/decision/odd: type: found 'loop', expected one of ['decision', 'chance', 'terminal']" in text
    assert "/decision/unsure/no_probability: probability: found None, expected a probability" in text


# -- exporting ----------------------------------------------------------------------------------------


def test_silverdecisions_json_is_read_as_json_and_any_key_order_still_works():
    data = new_file({"type": "decision", "childEdges": [terminal("a", 1), terminal("b", 2)]})
    assert parse_json(json.dumps(data), "x.json") == (data, {})
    assert parse_json("format: scenario-tree/1\n", "x.yaml") is None
    reordered = {"data": data["data"], "SilverDecisions": data["SilverDecisions"]}  # not as SilverDecisions writes
    assert parse_json(json.dumps(reordered), "x.json") is None
    assert scenario_tree.loads(json.dumps(reordered)).evaluate().root_value == {"value": 2}  # read as YAML instead
    with pytest.raises(ScenarioFileError, match=r"x\.json:2: not valid JSON: Expecting value"):
        parse_json('{"SilverDecisions": "1.0.0",\n "data": }', "x.json")


