"""The one-argument functions of the expression language: ``exp``, ``log``, ``sqrt`` and ``abs``.

Each expected value is the arithmetic it stands for, written with Python's ``math``.
"""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from scenario_tree.model.expressions import ExpressionError, parse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("exp(1)", math.e),
        ("exp(-2) * 3", math.exp(-2) * 3),
        ("log(100)", math.log(100)),  # natural, as in mathjs
        ("log(exp(2.5))", 2.5),
        ("sqrt(2) ** 2", 2.0),
        ("sqrt(0)", 0.0),
        ("abs(-3.5) + abs(2)", 5.5),
        ("-abs(-1)", -1.0),
        ("max(sqrt(9), log(1), abs(-4))", 4.0),
        ("sqrt(x) + log(y)", math.sqrt(16) + math.log(0.5)),
    ],
)
def test_values(text, expected):
    assert parse(text).evaluate({"x": 16.0, "y": 0.5}) == pytest.approx(expected, rel=1e-15)


def test_they_keep_working_on_arrays_of_samples():
    samples = {"x": np.array([1.0, 4.0, 9.0])}
    assert parse("sqrt(x) + log(x) - abs(-x)").evaluate(samples) == pytest.approx(
        np.sqrt([1, 4, 9]) + np.log([1, 4, 9]) - np.array([1, 4, 9]))
    assert type(parse("exp(0)").evaluate({})) is float


@pytest.mark.parametrize(
    ("text", "values", "message"),
    [
        ("log(x)", {"x": 0.0}, "'log(x)': log needs a number above 0, found 0"),
        ("log(x - 3)", {"x": 1.0}, "'log(x - 3)': log needs a number above 0, found -2"),
        ("sqrt(x)", {"x": -1.0}, "'sqrt(x)': sqrt needs a number of at least 0, found -1"),
        ("sqrt(x)", {"x": np.array([4.0, -9.0])}, "'sqrt(x)': sqrt needs a number of at least 0, found -9"),
        ("exp(x)", {"x": 1000.0}, "'exp(x)': overflow encountered in exp"),
    ],
)
def test_values_outside_the_domain_are_expression_errors_naming_the_expression(text, values, message):
    with pytest.raises(ExpressionError) as caught:
        parse(text).evaluate(values)
    assert str(caught.value) == message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("log(2, 10)", "'log(2, 10)': log takes one argument, found 2"),
        ("sqrt", "'sqrt': sqrt needs arguments, as in sqrt(x)"),
        ("abs()", "'abs()': expected a number, a name or '(', found ')'"),
        ("2 ^ 3", "unexpected character '^' (allowed: numbers, names, + - * / ** ( ) , min max exp log sqrt abs)"),
    ],
)
def test_misuse_is_a_parse_error(text, message):
    with pytest.raises(ExpressionError, match=re.escape(message)):
        parse(text)


def test_functions_are_not_names():
    assert parse("exp(a) + log(b) + sqrt(c) + abs(d)").names == frozenset("abcd")
