"""Safe arithmetic expressions over named parameters: ``1 - p_deal``, ``-cost * 2``, ``max(a, b)``.

A small parser, never Python's ``eval``: numbers, names, ``+ - * / **``, parentheses, ``min`` and
``max`` (two or more arguments), and ``exp``, ``log`` (natural), ``sqrt`` and ``abs`` (one argument).
Parsed expressions evaluate on plain floats or on numpy arrays (one value per sample), which is what
sensitivity analysis and Monte Carlo feed them; a value outside a function's domain (``log(0)``,
``sqrt(-1)``) is an :class:`ExpressionError` naming the expression.

>>> expression = parse("1 - p_deal * 2")
>>> sorted(expression.names)
['p_deal']
>>> expression.evaluate({"p_deal": 0.25})
0.5
>>> parse("sqrt(abs(x)) + log(exp(2))").evaluate({"x": -9})
5.0
>>> parse("2 +")
Traceback (most recent call last):
...
scenario_tree.model.expressions.ExpressionError: '2 +': expected a number, a name or '(' at the end
>>> parse("log(x)").evaluate({"x": 0})
Traceback (most recent call last):
...
scenario_tree.model.expressions.ExpressionError: 'log(x)': log needs a number above 0, found 0
"""

from __future__ import annotations

import math
import operator
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import ScenarioError

__all__ = ["Expression", "ExpressionError", "parse"]

_TOKEN = re.compile(r"\s*(?:(?P<number>\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)"
                    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<operator>\*\*|[-+*/(),]))")


def _log(x: Any) -> Any:
    _check_domain("log", x, np.asarray(x) <= 0, "above 0")
    return np.log(x)


def _sqrt(x: Any) -> Any:
    _check_domain("sqrt", x, np.asarray(x) < 0, "of at least 0")
    return np.sqrt(x)


def _check_domain(name: str, x: Any, outside: Any, allowed: str) -> None:
    if np.any(outside):
        found = np.asarray(x)[outside].flat[0]
        raise FloatingPointError(f"{name} needs a number {allowed}, found {float(found):g}")


FUNCTIONS: dict[str, Callable[..., Any]] = {"min": np.minimum, "max": np.maximum, "exp": np.exp, "log": _log,
                                            "sqrt": _sqrt, "abs": np.abs}
ONE_ARGUMENT = frozenset({"exp", "log", "sqrt", "abs"})  # the others fold over two or more arguments
MAX_POWER = 1000.0
MAX_LENGTH = 2000
MAX_NESTING = 100


class ExpressionError(ScenarioError, ValueError):
    """An expression that cannot be parsed or evaluated."""


@dataclass(frozen=True)
class Expression:
    """A parsed expression: its text, the names it uses and a function of the parameter values."""

    text: str
    names: frozenset[str]
    _function: Callable[[Mapping[str, Any]], Any]

    def evaluate(self, values: Mapping[str, Any]) -> Any:
        """The value for these parameter values (floats, or numpy arrays of samples)."""
        missing = sorted(self.names - set(values))
        if missing:
            raise ExpressionError(f"{self.text!r}: unknown name {missing[0]!r} "
                                  f"(known: {', '.join(sorted(values)) or 'none'})")
        with np.errstate(divide="raise", invalid="raise", over="raise"):
            try:
                result = self._function(values)
            except (ZeroDivisionError, FloatingPointError, OverflowError) as error:
                raise ExpressionError(f"{self.text!r}: {_arithmetic_reason(error)}") from None
            except RecursionError:
                raise ExpressionError(f"{self.text!r}: nested too deeply to evaluate") from None
        if not np.all(np.isfinite(result)):
            raise ExpressionError(f"{self.text!r}: the result is not a finite number")
        return float(result) if np.ndim(result) == 0 else result


def parse(text: str) -> Expression:
    """Parse an expression; errors name the expression and what was expected where."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(f"expression of {len(text)} characters; at most {MAX_LENGTH}")
    parser = _Parser(text, _tokens(text))
    try:
        function = parser.sum()
    except RecursionError:
        raise ExpressionError(f"{text!r}: nested more than {MAX_NESTING} levels deep") from None
    if parser.position < len(parser.tokens):
        raise ExpressionError(f"{text!r}: unexpected {parser.tokens[parser.position][1]!r}")
    return Expression(text, frozenset(parser.names), function)


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if match is None or match.end() == position:
            raise ExpressionError(f"{text!r}: unexpected character {text[position:].strip()[0]!r} "
                                  f"(allowed: numbers, names, + - * / ** ( ) , {' '.join(FUNCTIONS)})")
        kind = match.lastgroup
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


class _Parser:
    """Recursive descent: sum := product (('+'|'-') product)*; product := unary (('*'|'/') unary)*;
    unary := '-' unary | '+' unary | power; power := atom ('**' unary)?; atom := number | name | call | '(' sum ')'."""

    def __init__(self, text: str, tokens: list[tuple[str, str]]) -> None:
        self.text, self.tokens, self.position, self.names = text, tokens, 0, set()
        self.depth = 0

    def peek(self) -> str | None:
        return self.tokens[self.position][1] if self.position < len(self.tokens) else None

    def take(self) -> tuple[str, str]:
        if self.position >= len(self.tokens):
            raise ExpressionError(f"{self.text!r}: expected a number, a name or '(' at the end")
        token = self.tokens[self.position]
        self.position += 1
        return token

    def expect(self, symbol: str) -> None:
        if self.peek() is None:
            raise ExpressionError(f"{self.text!r}: expected {symbol!r} at the end")
        kind, value = self.take()
        if value != symbol:
            raise ExpressionError(f"{self.text!r}: expected {symbol!r}, found {value!r}")

    def sum(self) -> Callable:
        terms = [("+", self.product())]
        while self.peek() in ("+", "-"):
            terms.append((self.take()[1], self.product()))
        return _run(terms)

    def product(self) -> Callable:
        factors = [("*", self.unary())]
        while self.peek() in ("*", "/"):
            factors.append((self.take()[1], self.unary()))
        return _run(factors)

    def unary(self) -> Callable:
        self.depth += 1  # every nesting (a sign, parentheses, a call) passes here
        if self.depth > MAX_NESTING:
            raise ExpressionError(f"{self.text!r}: nested more than {MAX_NESTING} levels deep")
        try:
            if self.peek() == "-":
                self.take()
                inner = self.unary()
                return lambda values: -inner(values)
            if self.peek() == "+":
                self.take()
                return self.unary()
            return self.power()
        finally:
            self.depth -= 1

    def power(self) -> Callable:
        base = self.atom()
        if self.peek() == "**":
            self.take()
            exponent = self.unary()
            return lambda values: _power(base(values), exponent(values))
        return base

    def atom(self) -> Callable:
        kind, value = self.take()
        if kind == "number":
            number = float(value)
            if not math.isfinite(number):
                raise ExpressionError(f"{self.text!r}: {value} is too large for a number")
            return lambda values: number
        if kind == "name" and self.peek() == "(":
            return self.call(value)
        if kind == "name":
            if value in FUNCTIONS:
                example = f"{value}(x)" if value in ONE_ARGUMENT else f"{value}(a, b)"
                raise ExpressionError(f"{self.text!r}: {value} needs arguments, as in {example}")
            self.names.add(value)
            return lambda values: values[value]
        if value == "(":
            inner = self.sum()
            self.expect(")")
            return inner
        raise ExpressionError(f"{self.text!r}: expected a number, a name or '(', found {value!r}")

    def call(self, name: str) -> Callable:
        if name not in FUNCTIONS:
            raise ExpressionError(f"{self.text!r}: unknown function {name!r} (must be one of {sorted(FUNCTIONS)})")
        self.expect("(")
        arguments = [self.sum()]
        while self.peek() == ",":
            self.take()
            arguments.append(self.sum())
        self.expect(")")
        function = FUNCTIONS[name]
        if name in ONE_ARGUMENT:
            if len(arguments) != 1:
                raise ExpressionError(f"{self.text!r}: {name} takes one argument, found {len(arguments)}")
            return lambda values: function(arguments[0](values))

        def apply(values: Mapping[str, Any]) -> Any:
            result = arguments[0](values)
            for argument in arguments[1:]:
                result = function(result, argument(values))
            return result

        return apply


def _run(terms: list[tuple[str, Callable]]) -> Callable:
    """Terms joined by ``+ -`` (or factors by ``* /``), applied left to right in a loop.

    A loop, not nested calls: a sum of a thousand terms evaluates as shallowly as one of two.
    """
    if len(terms) == 1:
        return terms[0][1]
    first, rest = terms[0][1], [(_OPERATIONS[symbol], term) for symbol, term in terms[1:]]

    def apply(values: Mapping[str, Any]) -> Any:
        result = first(values)
        for operation, term in rest:
            result = operation(result, term(values))
        return result

    return apply


def _divide(numerator: Any, denominator: Any) -> Any:
    if np.any(np.asarray(denominator) == 0):
        raise ZeroDivisionError("division by zero")
    return np.divide(numerator, denominator) if np.ndim(denominator) or np.ndim(numerator) else numerator / denominator


def _power(base: Any, exponent: Any) -> Any:
    if np.any(np.abs(np.asarray(exponent)) > MAX_POWER):
        raise FloatingPointError(f"exponent larger than {MAX_POWER:g}")
    return np.power(np.asarray(base, dtype=float), exponent)


def _arithmetic_reason(error: Exception) -> str:
    text = str(error)
    if "divide" in text or "division" in text:
        return "division by zero"
    return text or "arithmetic error"


_OPERATIONS: dict[str, Callable[[Any, Any], Any]] = {"+": operator.add, "-": operator.sub, "*": operator.mul,
                                                     "/": _divide}
