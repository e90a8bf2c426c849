"""The safe expression language of parameters, probabilities and payoffs (``scenario_tree.model.expressions``).

Every expected value is written as the arithmetic it stands for, so a reader can check it by hand.
"""

from __future__ import annotations

import builtins
import inspect
import sys

import numpy as np
import pytest

from scenario_tree import ScenarioError
from scenario_tree.model.expressions import MAX_LENGTH, ExpressionError, parse


def value(text: str, **values: float) -> float:
    return parse(text).evaluate(values)


# -- precedence and associativity -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2**3**2", 2 ** (3**2)),  # right-associative: 2**9 = 512
        ("-2**2", -(2**2)),  # ** binds tighter than unary minus, as in Python: -4
        ("1-2-3", (1 - 2) - 3),  # left-associative: -4
        ("8/4/2", (8 / 4) / 2),  # left-associative: 1
        ("2+3*4", 2 + (3 * 4)),  # 14
        ("(2+3)*4", 5 * 4),  # 20
        ("2*-3", 2 * (-3)),
        ("2**-1", 0.5),  # a unary minus in an exponent
        ("-(2+3)", -5),
        ("--3", 3),
        ("+4", 4),
        ("10-4/2*3", 10 - ((4 / 2) * 3)),  # 4
        ("2*3**2", 2 * 9),  # 18
        ("(-2)**2", 4),
        ("1.5e2 + .5", 150 + 0.5),
        ("  7 /  2 ", 3.5),  # spaces anywhere
    ],
)
def test_precedence_and_associativity(text, expected):
    assert value(text) == pytest.approx(expected, rel=1e-15, abs=0)


def test_the_documented_examples():
    assert value("2**3**2") == 512
    assert value("-2**2") == -4
    assert value("1-2-3") == -4
    assert value("8/4/2") == 1


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("min(3, 1)", 1),
        ("max(3, 1)", 3),
        ("min(3, 1, 2)", 1),
        ("max(3, 1, 2, 7, -9)", 7),
        ("max(min(4, 2), 1)", 2),
        ("min(2, 3) * max(2, 3)", 2 * 3),
        ("max(1 - 2, -(3))", -1),
    ],
)
def test_min_and_max_take_two_or_more_arguments(text, expected):
    assert value(text) == expected


def test_names_and_functions():
    expression = parse("a * b + max(c, 2) - a / min(d, e)")
    assert expression.names == frozenset({"a", "b", "c", "d", "e"})  # functions are not names
    values = {"a": 6.0, "b": 2.0, "c": 1.0, "d": 3.0, "e": 4.0}
    assert expression.evaluate(values) == 6 * 2 + 2 - 6 / 3
    assert parse("3 + 4").names == frozenset()
    assert expression.text == "a * b + max(c, 2) - a / min(d, e)"


def test_unused_extra_values_are_fine():
    assert value("x + 1", x=2, y=100) == 3


# -- clear errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("sin(2)", "unknown function 'sin'"),
        ("open('x')", "unexpected character"),
        ("(1 + 2", "expected ')' at the end"),
        ("((1 + 2)", "expected ')' at the end"),
        ("1 + 2)", "unexpected ')'"),
        ("max(1, 2", "expected ')' at the end"),
        ("2 +", "at the end"),
        ("2 *", "at the end"),
        ("2 **", "at the end"),
        ("-", "at the end"),
        ("", "at the end"),
        ("2 % 3", "unexpected character '%'"),
        ("2 ^ 3", "unexpected character '^'"),
        ("a.b", "unexpected character '.'"),
        ("x[0]", "unexpected character '['"),
        ("1 = 1", "unexpected character '='"),
        ("2 3", "unexpected '3'"),
        ("2 (3)", "unexpected '('"),
        ("* 2", "found '*'"),
        ("max", "max needs arguments"),
        ("min()", "found ')'"),
        ("max(1,)", "found ')'"),
    ],
)
def test_parse_errors_name_the_expression_and_the_problem(text, fragment):
    with pytest.raises(ExpressionError) as caught:
        parse(text)
    message = str(caught.value)
    assert fragment in message
    assert repr(text) in message  # the message quotes the whole expression


def test_unknown_name_lists_the_known_names():
    with pytest.raises(ExpressionError) as caught:
        value("p_win * prize", p_win=0.5, cost=3)
    message = str(caught.value)
    assert "'p_win * prize'" in message
    assert "unknown name 'prize'" in message
    assert "known: cost, p_win" in message


@pytest.mark.parametrize(
    ("text", "values", "fragment"),
    [
        ("1 / 0", {}, "division by zero"),
        ("1 / (a - a)", {"a": 3.0}, "division by zero"),
        ("a / b", {"a": 0.0, "b": 0.0}, "division by zero"),
        ("0 ** -1", {}, "division by zero"),
        ("2 ** 5000", {}, "exponent larger than 1000"),
        ("2 ** (10 * 101)", {}, "exponent larger than 1000"),
        ("2 ** 2 ** 2 ** 2 ** 2", {}, "exponent larger than 1000"),  # 2 ** 65536
        ("10 ** 400", {}, "overflow"),  # exponent allowed, result too large for a float
        ("(10 ** 300) ** 2", {}, "overflow"),
        ("(-8) ** (1 / 3)", {}, "invalid value"),  # not a real number
    ],
)
def test_arithmetic_errors(text, values, fragment):
    with pytest.raises(ExpressionError) as caught:
        parse(text).evaluate(values)
    assert fragment in str(caught.value)
    assert repr(text) in str(caught.value)


def test_the_longest_expression_is_bounded():
    text = "1" + "+1" * MAX_LENGTH
    with pytest.raises(ExpressionError, match=f"at most {MAX_LENGTH}"):
        parse(text)


def test_expression_errors_are_scenario_errors_and_value_errors():
    with pytest.raises(ExpressionError) as caught:
        parse("2 +")
    assert isinstance(caught.value, ScenarioError)
    assert isinstance(caught.value, ValueError)


def test_multiplication_that_overflows_is_an_error_not_infinity():
    """Overflow is meant to be an error (``np.errstate(over="raise")``, and ``10 ** 400`` is refused),
    and it is for arrays, but plain floats overflow silently: ``1e308 * 10`` gives ``inf``, so a
    payoff expression can be infinite where the plain payoff ``.inf`` is refused."""
    with pytest.raises(ExpressionError, match="overflow"):
        parse("x * 10").evaluate({"x": np.array([1e308])})  # arrays: refused
    with pytest.raises(ExpressionError):
        parse("1e308 * 10").evaluate({})  # plain floats: the same must hold


def test_a_number_too_large_for_a_float_is_an_error():
    """``1e400`` is read as ``inf``; an expression should never produce an infinite number."""
    with pytest.raises(ExpressionError):
        parse("1e400").evaluate({})


@pytest.mark.parametrize(
    "text",
    ["-" * 1500 + "1", "(" * 900 + "1" + ")" * 900, "max(" * 240 + "1" + ", 1)" * 240],
    ids=["1500 unary minuses", "900 nested parentheses", "240 nested max calls"],
)
def test_deep_nesting_within_the_length_limit_is_a_clear_error_or_a_value(text):
    """Texts under ``MAX_LENGTH`` characters but nested deeply must not crash with RecursionError."""
    assert len(text) <= MAX_LENGTH
    try:
        result = parse(text).evaluate({})
    except ExpressionError:
        return
    assert result == 1.0  # an even number of minuses, or nested identities


# -- arrays -------------------------------------------------------------------------------------------


def test_evaluation_on_numpy_arrays_is_elementwise():
    p = np.array([0.0, 0.25, 0.5, 1.0])
    result = parse("1 - p * 2").evaluate({"p": p})
    assert isinstance(result, np.ndarray)
    np.testing.assert_allclose(result, [1 - 0.0, 1 - 0.5, 1 - 1.0, 1 - 2.0], rtol=0, atol=1e-15)
    both = parse("max(a, b) - min(a, b) + a ** 2 / b").evaluate(
        {"a": np.array([1.0, 4.0]), "b": np.array([2.0, 1.0])})
    np.testing.assert_allclose(both, [(2 - 1) + 1 / 2, (4 - 1) + 16 / 1], rtol=1e-15)


def test_arrays_mix_with_plain_numbers():
    result = parse("x * cost + 1").evaluate({"x": np.array([1.0, 2.0, 3.0]), "cost": 10.0})
    np.testing.assert_array_equal(result, [11.0, 21.0, 31.0])


def test_a_zero_anywhere_in_an_array_denominator_is_division_by_zero():
    with pytest.raises(ExpressionError, match="division by zero"):
        parse("1 / x").evaluate({"x": np.array([1.0, 2.0, 0.0])})


def test_plain_results_are_floats():
    assert type(value("1 + 1")) is float
    assert type(value("max(1, 2)")) is float


# -- never Python's eval --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os')",
        "__import__(\"os\").system(\"true\")",
        "().__class__",
        "().__class__.__bases__[0]",
        "[x for x in ()]",
        "lambda: 1",
        "open",  # a name, unknown: refused at evaluation
        "exit()",
        "getattr(1, 'real')",
        "1 if 1 else 2",
        "'text'",
    ],
)
def test_python_is_refused(text):
    with pytest.raises(ExpressionError):
        parse(text).evaluate({})


def test_eval_exec_and_compile_are_never_called(monkeypatch):
    def forbidden(*args, **kwargs):
        raise AssertionError("Python's eval, exec or compile was called")

    for name in ("eval", "exec", "compile"):
        monkeypatch.setattr(builtins, name, forbidden)
    expression = parse("max(a, 2) * -b ** 2 / (c + 1) - min(1, 2, 3)")
    assert expression.evaluate({"a": 3.0, "b": 2.0, "c": 1.0}) == 3 * -(2**2) / 2 - 1


def test_names_never_reach_python_objects():
    # A name is looked up in the values given, never in Python's namespace.
    with pytest.raises(ExpressionError, match="unknown name 'np'"):
        parse("np").evaluate({})
    with pytest.raises(ExpressionError, match="unknown name '__builtins__'"):
        parse("__builtins__").evaluate({})


def test_a_sum_of_a_thousand_terms_evaluates_with_little_stack():
    # a 992-term sum nested 992 calls: it passed validate (run with a raised limit) and failed evaluate.
    # Now terms run in a loop: evaluation needs a few frames, whatever the length.
    text = "+".join(["p"] * 990) + "-p*2/2*1"
    product = "*".join(["p"] * 990)
    assert len(text) <= MAX_LENGTH and len(product) <= MAX_LENGTH
    parsed = [parse(text), parse(product), parse("10 - 2 - 3 / 2 / 5")]
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(len(inspect.stack(0)) + 60)
    try:
        values = [expression.evaluate({"p": 1.0}) for expression in parsed]
    finally:
        sys.setrecursionlimit(limit)
    assert values == [989.0, 1.0, 10 - 2 - 3 / 2 / 5]  # still left to right
