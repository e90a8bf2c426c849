"""The mathjs subset SilverDecisions files use, translated to our expressions and back."""

from __future__ import annotations

import pytest

from scenario_tree import ScenarioFileError
from scenario_tree.files.silverdecisions import (
    from_silverdecisions,
)
from tests.files.silverdecisions.helpers import convert, new_file, terminal


def test_mathjs_functions_powers_and_comments_are_translated():
    expression = "2^3 + exp(0) + log(1) + sqrt(16) + abs(-2) + min(1, 2) + max(3, 4)  # all of them"
    root = {"type": "decision", "name": "Functions", "childEdges": [
        terminal("all", expression), terminal("power", "-2^2 + 2^-1 + 2^3^2  # right-associative")]}
    tree = convert(new_file(root, code="a = 2^2  # four\nb = sqrt(a); c = max(a, b) ^ 2"))
    assert tree.node("all").payoff == "2 ** 3 + exp(0) + log(1) + sqrt(16) + abs(-2) + min(1, 2) + max(3, 4)"
    assert tree.evaluate().value["all"] == {"value": 8 + 1 + 0 + 4 + 2 + 1 + 4}
    assert tree.evaluate().value["power"] == {"value": -4 + 0.5 + 2**9}  # as mathjs: -(2^2), 2^(3^2)
    assert tree.parameters == {"a": "2 ** 2", "b": "sqrt(a)", "c": "max(a, b) ** 2"}
    assert tree.parameter_values()["c"] == 16


@pytest.mark.parametrize(
    ("payoff", "probability", "fragment"),
    [
        ("[1, 2]", "0.5", r"'\[1, 2\]': unexpected '\['.*matrices"),
        ("5 cm", "0.5", r"'5 cm': '5' followed by 'cm' is implicit multiplication or a unit"),
        ("sin(1)", "0.5", r"unknown function 'sin' \(must be one of \['exp', 'log', 'sqrt', 'abs', 'min', 'max'\]\)"),
        ("1", "random()", r"'random\(\)': random\(\) draws a new random value each time"),
        ("1 // half", "0.5", r"'//' is no comment in mathjs \(comments start with '#'\)"),
        ("log(2, 10)", "0.5", r"log takes one argument, found 2"),
        ("y + 1", "0.5", r"unknown variable 'y' \(defined here: none\)"),
        ("cost = 3", "0.5", r"unexpected '='"),
    ],
)
def test_mathjs_beyond_the_subset_is_an_error_naming_node_and_expression(payoff, probability, fragment):
    root = {"type": "chance", "name": "Risk", "childEdges": [terminal("Bad", payoff, probability),
                                                             terminal("Good", 0, "#")]}
    with pytest.raises(ScenarioFileError, match=r"x\.json: /risk/bad: (payoff|probability): .*" + fragment):
        from_silverdecisions(new_file(root), "x.json")
