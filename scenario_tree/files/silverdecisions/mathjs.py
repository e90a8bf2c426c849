"""The part of mathjs (SilverDecisions' expression language) that scenario-tree carries over.

SilverDecisions writes probabilities, payoffs and variable definitions in mathjs. This module turns
the subset that means the same in our safe expressions (numbers, names, ``+ - * / ^``, parentheses,
``exp log sqrt abs min max`` and ``#`` comments) into our syntax, renaming variables as it goes, and
writes our expressions back as mathjs. Anything else (matrices, units, strings, implicit
multiplication, other functions) is a :class:`MathjsError` naming the expression and what is allowed.

>>> translate("up ^ 2 / 2  # halved", {"up": "up_chance"})
'up_chance ** 2 / 2'
>>> translate("-1.5", {})
-1.5
>>> statements("p = 0.3; q = 1 - p  # the rest\\n")
[('p', '0.3'), ('q', '1 - p')]
>>> to_mathjs("-cost ** 2")
'-cost ^ 2'
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ...errors import ScenarioError
from ...model.expressions import ExpressionError, parse

__all__ = ["FUNCTIONS", "RANDOM_FUNCTIONS", "MathjsError", "calls", "statements", "to_mathjs", "translate"]

FUNCTIONS = ("exp", "log", "sqrt", "abs", "min", "max")
# mathjs' and sd-random's random draws: a definition that uses one is replaced by the value saved in the file
RANDOM_FUNCTIONS = frozenset({
    "random", "randomInt", "pickRandom", "uniform", "exponential", "normal", "pareto", "loglogistic", "weibull",
    "erlang", "triangular", "trapezoidal", "logNormal", "lognormal", "bernoulli", "binomial", "geometric",
    "poisson", "gamma"})
# words mathjs reads as operators: a variable of ours with one of these names cannot be written as mathjs
MATHJS_KEYWORDS = frozenset({"mod", "to", "in", "and", "or", "not", "xor", "end"})
ALLOWED = f"numbers, names, + - * / ^ ( ) , {' '.join(FUNCTIONS)} and # comments"
_TOKEN = re.compile(r"\s*(?:(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)"
                    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*)|(?P<operator>[-+*/^(),]))")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")
_ASSIGNMENT = re.compile(r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*=(?!=)\s*(?P<expression>.*)")
_HINTS = {"[": "matrices", "]": "matrices", '"': "strings", "'": "strings or transposes", "%": "modulo",
          "!": "factorials", "?": "conditionals", ":": "ranges", "=": "assignments and comparisons",
          "<": "comparisons", ">": "comparisons", ".": "property access", ";": "several statements",
          "|": "bitwise operators", "&": "bitwise operators", "~": "bitwise operators"}


class MathjsError(ScenarioError, ValueError):
    """A mathjs expression or definition outside the subset scenario-tree carries over."""


def strip_comment(text: str) -> str:
    """The text without mathjs comments (``#`` up to the end of each line)."""
    return "\n".join(line.split("#", 1)[0] for line in text.split("\n")).strip()


def statements(code: str) -> list[tuple[str, str]]:
    """The ``name = expression`` definitions of a code block (lines or ``;`` separate them)."""
    found = []
    for line in code.split("\n"):
        for statement in strip_comment(line).split(";"):
            if not statement.strip():
                continue
            match = _ASSIGNMENT.fullmatch(statement.strip())
            if match is None or not match["expression"].strip():
                raise MathjsError(f"{statement.strip()!r}: expected a definition 'name = expression' "
                                  "(function definitions and bare expressions are not carried over)")
            found.append((match["name"], match["expression"].strip()))
    return found


def calls(text: str) -> set[str]:
    """The names of the functions an expression calls."""
    tokens = _tokens(text)
    return {value for (kind, value), (_, after) in zip(tokens, tokens[1:] + [("", "")])
            if kind == "name" and after == "("}


def translate(text: str, names: Mapping[str, str]) -> str | int | float:
    """Our form of a mathjs expression: a number, or an expression with variables renamed by ``names``.

    Raises:
        MathjsError: The expression uses mathjs beyond the subset, or a variable not in ``names``.
    """
    original, text = text, strip_comment(text)
    if not text:
        raise MathjsError(f"{original!r}: empty expression")
    if _NUMBER.fullmatch(text):
        number = float(text)
        return int(number) if re.fullmatch(r"[+-]?\d+", text) else number
    if "//" in text:
        raise MathjsError(f"{original!r}: '//' is no comment in mathjs (comments start with '#')")
    tokens = _tokens(text)
    pieces: list[str] = []
    previous: tuple[str, str] = ("", "")
    for position, (kind, value) in enumerate(tokens):
        following = tokens[position + 1][1] if position + 1 < len(tokens) else ""
        if value in ("+", "-") and (not previous[1] or previous[0] in ("operator", "sign") and previous[1] != ")"):
            kind = "sign"  # unary: written without a space before its operand
        _check_adjacent(original, previous, (kind, value))
        if kind == "name" and following == "(":
            _check_function(original, value)
        elif kind == "name":
            if value not in names:
                known = ", ".join(sorted(names)) or "none"
                raise MathjsError(f"{original!r}: unknown variable {value!r} (defined here: {known})")
            value = names[value]
        pieces.append(_spaced(value if value != "^" else "**", previous))
        previous = (kind, value)
    result = "".join(pieces).strip()
    try:
        parse(result)
    except ExpressionError as error:
        raise MathjsError(f"{original!r}: {str(error).split(': ', 1)[-1]}") from None
    return result


def to_mathjs(text: str) -> str:
    """One of our expressions written as mathjs (``**`` becomes ``^``; the rest is the same)."""
    expression = parse(text)
    clashes = sorted(expression.names & MATHJS_KEYWORDS)
    if clashes:
        raise MathjsError(f"{text!r}: {clashes[0]!r} is an operator in mathjs; rename the parameter")
    return text.replace("**", "^")


def _tokens(text: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    while text[position:].strip():
        match = _TOKEN.match(text, position)
        if match is None:
            character = text[position:].strip()[0]
            hint = f" (mathjs {_HINTS[character]}: not carried over)" if character in _HINTS else ""
            raise MathjsError(f"{text!r}: unexpected {character!r}{hint}; allowed: {ALLOWED}")
        kind = match.lastgroup
        tokens.append((kind, match.group(kind)))
        position = match.end()
    return tokens


def _check_adjacent(original: str, previous: tuple[str, str], current: tuple[str, str]) -> None:
    """Refuse implicit multiplication and units (``2 x``, ``5 cm``, ``(a)(b)``): mathjs reads them, we do not."""
    operand_before = previous[0] in ("number", "name") or previous[1] == ")"
    operand_now = current[0] in ("number", "name") or current[1] == "("
    is_call = previous[0] == "name" and current[1] == "("
    if operand_before and operand_now and not is_call:
        raise MathjsError(f"{original!r}: {previous[1]!r} followed by {current[1]!r} is implicit multiplication "
                          "or a unit, which is not carried over; write '*'")


def _check_function(original: str, name: str) -> None:
    if name in RANDOM_FUNCTIONS:
        raise MathjsError(f"{original!r}: {name}() draws a new random value each time; only a variable "
                          "defined as a random draw, with its value saved in the file, can be carried over")
    if name not in FUNCTIONS:
        raise MathjsError(f"{original!r}: unknown function {name!r} (must be one of {list(FUNCTIONS)})")


def _spaced(value: str, previous: tuple[str, str]) -> str:
    """The token with the space it needs before it: none after '(' or a sign, none before ')' or ','."""
    if not previous[1] or previous[1] == "(" or value in (")", ","):
        return value
    if value == "(" and previous[0] == "name" and previous[1] in FUNCTIONS:
        return value
    if previous[1] in ("+", "-") and previous[0] == "sign":
        return value
    return " " + value
