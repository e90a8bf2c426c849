"""Named parameters: resolving them, files that use them, editing them, saving them.

Expected numbers are worked out by hand in each test (the arithmetic is written next to them).
"""

from __future__ import annotations

import io
import json

import numpy as np
import pytest

from scenario_tree import EditError, ScenarioError, ScenarioFileError, load, loads
from scenario_tree.cli import main
from scenario_tree.model.expressions import ExpressionError
from scenario_tree.model.parameters import declared_range, number, resolve
from scenario_tree.model.rules import parameter_breaches

# -- resolve --------------------------------------------------------------------------------------


def test_resolve_keeps_declaration_order_whatever_the_dependencies():
    resolved = resolve({"c": "b + 1", "b": "a * 3", "a": 2})
    assert list(resolved) == ["c", "b", "a"]
    assert resolved == {"c": 2 * 3 + 1, "b": 2 * 3, "a": 2}


def test_parameters_over_parameters():
    resolved = resolve({
        "price": 12,
        "units": {"value": "10 * scale", "low": 0, "high": 100},
        "scale": 3,
        "revenue": "price * units",
        "cost": {"low": 100, "high": 300},  # no value: the middle of the range
        "profit": "revenue - cost",
        "best": "max(profit, 0) - min(cost, 150)",
    })
    assert resolved["units"] == 10 * 3
    assert resolved["revenue"] == 12 * 30
    assert resolved["cost"] == (100 + 300) / 2
    assert resolved["profit"] == 360 - 200
    assert resolved["best"] == max(160, 0) - min(200, 150)
    assert all(type(each) is float for each in resolved.values())


def test_overrides_fix_some_parameters_and_the_others_follow():
    parameters = {"a": 1, "b": "a * 2", "c": "b + a"}
    assert resolve(parameters, {"a": 5.0}) == {"a": 5.0, "b": 10.0, "c": 15.0}
    samples = resolve(parameters, {"a": np.array([1.0, 2.0])})
    np.testing.assert_array_equal(samples["c"], [1 * 2 + 1, 2 * 2 + 2])


@pytest.mark.parametrize(
    ("parameters", "cycle"),
    [
        ({"a": "b", "b": "a"}, "a -> b -> a"),
        ({"a": "a + 1"}, "a -> a"),
        ({"x": 1, "a": "b * x", "b": "c + 1", "c": "a"}, "a -> b -> c -> a"),
        ({"first": 1, "a": {"value": "b", "low": 0, "high": 1}, "b": "2 * a"}, "a -> b -> a"),
    ],
)
def test_cycles_are_named(parameters, cycle):
    with pytest.raises(ExpressionError) as caught:
        resolve(parameters)
    assert f"a cycle: {cycle}" in str(caught.value)


def test_unknown_names_are_errors():
    with pytest.raises(ExpressionError, match="unknown name 'zz'"):
        resolve({"a": "zz + 1"})


def test_unknown_name_in_a_parameter_says_which_parameter_uses_it():
    """Every other expression error quotes the expression it is in; this one only lists the parameters,
    so in a file with many parameters the user cannot tell which one is wrong."""
    with pytest.raises(ExpressionError) as caught:
        resolve({"price": 5, "margin": "cost / 10", "volume": 3})
    assert "'cost / 10'" in str(caught.value)


def test_numbers_and_ranges():
    assert number(0.25, {}) == 0.25
    assert number("1 - p", {"p": 0.25}) == 1 - 0.25
    assert number({"low": 0.2, "high": 0.4}, {}) == pytest.approx((0.2 + 0.4) / 2, abs=1e-15)
    assert number({"value": 0.3, "low": 0.2, "high": 0.4}, {}) == 0.3
    assert declared_range({"value": 1, "low": -2, "high": 5}) == (-2.0, 5.0)
    assert declared_range({"value": 1}) is None
    assert declared_range(0.5) is None
    with pytest.raises(ExpressionError, match="expected a 'value' or both 'low' and 'high'"):
        number({"low": 0.2}, {})


# -- a file with parameters -------------------------------------------------------------------------

GAME = """
format: scenario-tree/1
title: A game with parameters
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
    - id: skip
      label: Skip
      kind: outcome
      payoff: 0
    - id: play
      label: Play
      kind: chance
      concentration: 40
      children:
        - id: win
          label: Win
          kind: outcome
          probability: p_win
          payoff: {player: net, house: "-net"}
        - id: lose
          label: Lose
          kind: outcome
          probability: "1 - p_win"
          payoff: {player: "-cost", house: cost}
"""

SPLIT = """
format: scenario-tree/1
parameters: {p_a: 0.3}
root:
  id: r
  label: R
  kind: chance
  children:
    - {id: a, label: A, kind: outcome, probability: "p_a / 2", payoff: 10}
    - {id: b, label: B, kind: outcome, probability: "#", payoff: 20}
    - {id: c, label: C, kind: outcome, probability: "#", payoff: {value: "p_a * 100"}}
    - {id: d, label: D, kind: outcome, probability: {low: 0.1, high: 0.3}, payoff: -5}
"""


def test_a_file_with_parameters_evaluates_by_hand():
    tree = loads(GAME)
    evaluation = tree.evaluate()
    # net = 100 - 20 = 80; play: player 0.4 * 80 + 0.6 * (-20) = 32 - 12 = 20 > 0 (skip)
    assert evaluation.value["play"]["player"] == pytest.approx(0.4 * 80 + 0.6 * -20, abs=1e-12)
    assert evaluation.value["play"]["house"] == pytest.approx(0.4 * -80 + 0.6 * 20, abs=1e-12)
    assert evaluation.best["choice"] == "play"
    assert evaluation.probability["win"] == 0.4
    assert evaluation.probability["lose"] == pytest.approx(1 - 0.4, abs=1e-15)
    assert tree.parameter_values() == {"p_win": 0.4, "prize": 100, "cost": 20, "net": 100 - 20}


def test_remainders_share_what_expressions_leave():
    evaluation = loads(SPLIT).evaluate()
    # a = 0.3 / 2 = 0.15, d = middle of [0.1, 0.3] = 0.2, b = c = (1 - 0.15 - 0.2) / 2 = 0.325
    expected = {"a": 0.15, "b": 0.325, "c": 0.325, "d": 0.2}
    for node_id, probability in expected.items():
        assert evaluation.probability[node_id] == pytest.approx(probability, abs=1e-12)
    # value: 0.15 * 10 + 0.325 * 20 + 0.325 * (0.3 * 100) + 0.2 * (-5) = 1.5 + 6.5 + 9.75 - 1 = 16.75
    assert evaluation.root_value["value"] == pytest.approx(16.75, abs=1e-12)


# -- editing a parameter ------------------------------------------------------------------------------


def test_set_parameter_changes_the_evaluation_and_undo_restores_it():
    tree = loads(GAME)
    tree.set_parameter("p_win", 0.1)
    # play: 0.1 * 80 + 0.9 * (-20) = 8 - 18 = -10 < 0: skip
    evaluation = tree.evaluate()
    assert evaluation.value["play"]["player"] == pytest.approx(0.1 * 80 + 0.9 * -20, abs=1e-12)
    assert evaluation.best["choice"] == "skip"
    assert evaluation.probability["lose"] == pytest.approx(0.9, abs=1e-15)
    assert tree.undo()
    assert tree.parameters["p_win"] == 0.4
    assert tree.evaluate().value["play"]["player"] == pytest.approx(20, abs=1e-12)
    assert tree.evaluate().best["choice"] == "play"
    assert tree.redo()
    assert tree.evaluate().best["choice"] == "skip"


def test_set_parameter_to_an_expression_and_dependants_follow():
    tree = loads(GAME)
    tree.set_parameter("prize", "2 * cost")
    # prize = 40, net = 40 - 20 = 20; play: 0.4 * 20 + 0.6 * (-20) = 8 - 12 = -4
    assert tree.parameter_values()["net"] == 2 * 20 - 20
    assert tree.evaluate().value["play"]["player"] == pytest.approx(0.4 * 20 + 0.6 * -20, abs=1e-12)
    tree.set_parameter("cost", 25)  # a ranged parameter keeps its range
    assert tree.parameters["cost"] == {"value": 25, "low": 10, "high": 30}
    # prize = 50, net = 25; play: 0.4 * 25 + 0.6 * (-25) = 10 - 15 = -5
    assert tree.evaluate().value["play"]["player"] == pytest.approx(0.4 * 25 + 0.6 * -25, abs=1e-12)
    tree.undo()
    tree.undo()
    assert tree.parameters == loads(GAME).parameters
    assert tree.evaluate().value["play"]["player"] == pytest.approx(20, abs=1e-12)


def test_a_parameter_edit_that_makes_a_cycle_is_refused_and_changes_nothing():
    tree = loads(GAME)
    before = (json.dumps(tree.to_dict()), tree.evaluate().root_value, tree.version, tree.history.can_undo)
    with pytest.raises(EditError) as caught:
        tree.set_parameter("cost", "net + 1")  # net = prize - cost
    assert "cost -> net -> cost" in str(caught.value)
    with pytest.raises(EditError, match="a cycle: p_win -> p_win"):
        tree.set_parameter("p_win", "p_win / 2")
    after = (json.dumps(tree.to_dict()), tree.evaluate().root_value, tree.version, tree.history.can_undo)
    assert after == before


def test_unknown_parameters_cannot_be_set():
    tree = loads(GAME)
    with pytest.raises(EditError, match="unknown parameter: 'p_loss'"):
        tree.set_parameter("p_loss", 0.5)
    with pytest.raises(EditError, match="unknown name 'nothing'"):
        tree.set_parameter("prize", "nothing * 2")
    assert tree.parameters == loads(GAME).parameters


@pytest.mark.parametrize(
    ("name", "value", "why"),
    [
        ("p_win", 1.5, "the branch 'p_win' would be 1.5 and '1 - p_win' -0.5"),
        ("p_win", -0.2, "the branch 'p_win' would be -0.2"),
        ("p_win", float("nan"), "not a number"),
        ("cost", float("inf"), "not finite"),
        ("p_win", True, "a boolean, not a number"),
        ("p_win", "#", "'#' is not a parameter value"),
        ("p_win", [0.5], "a list"),
    ],
)
def test_set_parameter_refuses_values_that_break_the_tree(name, value, why):
    """``set_probability`` refuses a probability outside [0, 1], and loading refuses a file whose
    expressions give one; ``set_parameter`` must not let the same tree be made through a parameter
    (saving it would write a file that ``load`` refuses). Every refusal is an ``EditError``."""
    tree = loads(GAME)
    before = json.dumps(tree.to_dict())
    with pytest.raises(EditError):
        tree.set_parameter(name, value)
    assert json.dumps(tree.to_dict()) == before, why
    loads(tree.dumps())  # still a valid file


def test_set_parameter_refuses_a_value_that_divides_by_zero():
    tree = loads("""
format: scenario-tree/1
parameters: {units: 2}
root:
  id: r
  label: R
  kind: decision
  children:
    - {id: a, label: A, kind: outcome, payoff: "10 / units"}
""")
    assert tree.evaluate().root_value["value"] == 10 / 2
    with pytest.raises(EditError, match="division by zero"):
        tree.set_parameter("units", 0)
    assert tree.evaluate().root_value["value"] == 10 / 2


# -- saving and loading ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_save_and_load_round_trip_parameters_expressions_and_concentration(tmp_path, fmt):
    tree = loads(GAME)
    tree.set_parameter("prize", "2 * cost + 60")
    path = tree.save(tmp_path / f"game.{fmt}")
    again = load(path)
    assert again.parameters == {"p_win": 0.4, "prize": "2 * cost + 60",
                                "cost": {"value": 20, "low": 10, "high": 30}, "net": "prize - cost"}
    assert list(again.parameters) == ["p_win", "prize", "cost", "net"]
    assert again.node("win").probability == "p_win"
    assert again.node("lose").probability == "1 - p_win"
    assert again.node("win").payoff == {"player": "net", "house": "-net"}
    assert again.node("lose").payoff == {"player": "-cost", "house": "cost"}
    assert again.node("play").concentration == 40
    assert again.evaluate().root_value == tree.evaluate().root_value
    assert again.dumps(fmt) == tree.dumps(fmt)


def test_round_trip_keeps_ranges_and_remainders():
    tree = loads(SPLIT)
    again = loads(tree.dumps())
    assert again.node("d").probability == {"low": 0.1, "high": 0.3}
    assert again.node("b").probability == "#"
    assert again.node("a").probability == "p_a / 2"
    assert again.node("c").payoff == {"value": "p_a * 100"}
    assert again.evaluate().root_value == tree.evaluate().root_value


def test_a_string_that_looks_like_a_number_survives_yaml():
    tree = loads('format: scenario-tree/1\nparameters: {big: "1e5", small: "2"}\n'
                 "root: {id: r, label: R, kind: decision, children: [{id: a, label: A, kind: outcome, payoff: big}]}\n")
    again = loads(tree.dumps())
    assert again.parameters == {"big": "1e5", "small": "2"}
    assert again.evaluate().root_value["value"] == 1e5


# -- what loading refuses -------------------------------------------------------------------------------


def test_a_payoff_expression_that_overflows_is_refused_like_an_infinite_payoff():
    """``payoff: .inf`` is refused ("expected a finite number"); ``payoff: "1e308 * 10"`` must be too."""
    text = """
format: scenario-tree/1
root:
  id: r
  label: R
  kind: decision
  children:
    - {id: a, label: A, kind: outcome, payoff: PAYOFF}
"""
    with pytest.raises(ScenarioFileError, match="finite"):
        loads(text.replace("PAYOFF", ".inf"))
    with pytest.raises(ScenarioFileError) as caught:
        loads(text.replace("PAYOFF", '"1e308 * 10"'))
    assert "/r/a: payoff" in str(caught.value)


@pytest.mark.parametrize("name", ["p-deal", "2x", "min"])
def test_a_parameter_name_that_expressions_cannot_use_is_refused(name):
    """The schema lets parameter names contain ``-`` or start with a digit (``$defs/name``), and allows
    ``min``/``max``, but an expression reads ``p-deal`` as ``p - deal``, ``2x`` as ``2`` then ``x``
    and ``min`` as the function: such a parameter can never be used. Loading should say so."""
    text = f"""
format: scenario-tree/1
parameters: {{{name}: 0.3}}
root:
  id: r
  label: R
  kind: decision
  children:
    - {{id: a, label: A, kind: outcome, payoff: 1}}
"""
    with pytest.raises(ScenarioFileError) as caught:
        loads(text)
    assert name in str(caught.value)


def test_load_reports_every_expression_problem_at_its_node():
    with pytest.raises(ScenarioFileError) as caught:
        loads("""
format: scenario-tree/1
parameters: {p: 0.5, zero: 0}
root:
  id: r
  label: R
  kind: chance
  children:
    - {id: a, label: A, kind: outcome, probability: "p", payoff: "1 / zero"}
    - {id: b, label: B, kind: outcome, probability: "1 - q", payoff: "p +"}
""")
    problems = {(problem.path, problem.message) for problem in caught.value.problems}
    assert ("/r/a: payoff", "'1 / zero': division by zero") in problems
    assert any(path == "/r/b: probability" and "unknown name 'q'" in message for path, message in problems)
    assert any(path == "/r/b: payoff" and "'p +'" in message for path, message in problems)


def test_parameter_problems_are_scenario_errors():
    with pytest.raises(ScenarioError):
        loads("format: scenario-tree/1\nparameters: {a: b, b: a}\n"
              "root: {id: r, label: R, kind: decision, children: [{id: x, label: X, kind: outcome}]}\n")


def test_a_parameter_cycle_in_a_file_is_reported_once_not_as_parameters_parameters():
    """The problem's path is ``parameters`` and the message already starts with ``parameters:``, so the
    report reads ``parameters: parameters: a cycle: ...``."""
    with pytest.raises(ScenarioFileError) as caught:
        loads("format: scenario-tree/1\nparameters: {a: b, b: a}\n"
              "root: {id: r, label: R, kind: decision, children: [{id: x, label: X, kind: outcome}]}\n")
    message = str(caught.value)
    assert "a cycle: a -> b -> a" in message
    assert "parameters: parameters:" not in message


# -- long chains and sums: what validate accepts, evaluate computes ------------------------------------------


def chain_file(length: int) -> str:
    names = [f"p{index}" for index in range(length)]
    parameters = "\n".join(["  p0: 0.5"] + [f'  {name}: "{previous} * 1"' for previous, name in zip(names, names[1:])])
    return (f"format: scenario-tree/1\nparameters:\n{parameters}\nroot:\n  id: r\n  label: R\n  kind: chance\n"
            f"  children:\n    - {{id: a, label: A, kind: outcome, probability: p{length - 1}, payoff: 1}}\n"
            '    - {id: b, label: B, kind: outcome, probability: "#"}\n')


def test_a_chain_of_thousands_of_parameters_resolves_without_recursion(tmp_path):
    # 500 names used to end in a RecursionError traceback; 495 passed validate and failed evaluate
    path = tmp_path / "chain.yaml"
    path.write_text(chain_file(5000), encoding="utf-8")
    tree = load(path)
    assert tree.parameter_values()["p4999"] == 0.5
    assert tree.evaluate().root_value["value"] == 0.5
    out, err = io.StringIO(), io.StringIO()
    assert main(["validate", str(path)], stdout=out, stderr=err) == 0
    assert main(["evaluate", "--json", str(path)], stdout=out, stderr=err) == 0, err.getvalue()


def test_a_long_cycle_is_named_from_where_it_starts():
    parameters = {f"p{index}": f"p{index + 1}" for index in range(3000)}
    parameters["p3000"] = "p0"
    with pytest.raises(ExpressionError, match=r"a cycle: p0 -> p1 -> .* -> p3000 -> p0"):
        resolve(parameters)


@pytest.mark.parametrize("spec, message", [
    ({"value": 2, "low": 0, "high": 1}, "the value 2 is outside its range [0, 1]"),
    ({"value": "base * 3", "low": 0, "high": 1}, "the value 1.5 is outside its range [0, 1]"),
    (10 ** 400, "expected a number in [-1e+30, 1e+30]"),
    ({"value": 0.5, "low": float("nan"), "high": 1}, "p.low: found nan, expected a finite number"),
    ({"value": 0.5, "low": 0, "high": float("inf")}, "p.high: found inf, expected a finite number"),
])
def test_parameter_values_and_ranges_obey_the_number_rule(spec, message):
    values, breaches = parameter_breaches({"base": 0.5, "p": spec})
    assert any(message in f"{breach.field}: {breach.message}" for breach in breaches), breaches
