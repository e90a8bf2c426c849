"""Bayes reversal: a copy of a tree with a chance node and the chance level below it in the other order."""

from __future__ import annotations

import math

from ..errors import AnalysisError
from ..model import REMAINDER, ScenarioNode, TreeModel
from ..model.names import fresh_id, slug
from ..model.parameters import number
from ..model.rules import is_plain_number, tree_breaches

__all__ = ["NEVER", "bayes_reversal"]

NEVER = 1e-300  # a probability below this counts as a result that never happens


def bayes_reversal(tree: TreeModel, chance_id: str) -> TreeModel:
    """A copy of the tree with a chance node and the chance level below it in the other order.

    Every branch of ``chance_id`` (A) must be a chance node (B) with branches of the same labels,
    in the same order. The result asks B first, with ``P(b) = Σ P(a)·P(b|a)``, then A with
    ``P(a|b) = P(a)·P(b|a) / P(b)`` (the prior ``P(a)`` where ``P(b)`` is 0); the subtrees below stay
    with their (a, b) pair. Numbers stay numbers; where an input was an expression the result is an
    expression too, valid for every value of the parameters; a ``{low, high}`` branch enters with its
    value (the middle of its range).
    """
    copy = tree.copy()
    top = copy.node(chance_id)
    middles = list(top.children)
    _check_reversible(top, middles)
    labels = [branch.label for branch in middles[0].children]
    p_a = [_symbolic(top, index) for index in range(len(middles))]
    p_b = [[_symbolic(middle, index) for index in range(len(labels))] for middle in middles]
    joint = [[_product(p_a[i], p_b[i][j]) for j in range(len(labels))] for i in range(len(middles))]
    used = {node.id for node in copy.nodes()}
    branches = [list(middle.children) for middle in middles]  # taken apart below: keep the originals
    new_middles = []
    for j, label in enumerate(labels):
        marginal = _sum([joint[i][j] for i in range(len(middles))])
        middle = ScenarioNode(fresh_id(f"{chance_id}_{slug(label, 'branch')}", used), label, "chance",
                              probability=marginal)
        used.add(middle.id)
        for i, old_middle in enumerate(middles):
            branch = branches[i][j]
            branch.parent = None
            branch.label = f"{old_middle.label}"
            # a result that never happens teaches nothing: keep the prior there
            branch.probability = _posterior(joint[i][j], marginal, p_a[i])
            branch.parent = middle
        new_middles.append(middle)
    for old_middle in middles:
        old_middle.parent = None
    top.children = new_middles
    # the nodes were rearranged in place: a new tree indexes them again, and must obey every rule
    reversed_tree = type(tree)(copy.root, copy.meta, file=copy.file)
    found = list(tree_breaches(reversed_tree.root, reversed_tree.actors, reversed_tree.parameters))
    if found:
        raise AnalysisError(f"reversing {chance_id!r} gives a tree that breaks the format: "
                            f"{found[0].node!r}: {found[0].field}: {found[0].message}")
    return reversed_tree


def _check_reversible(top: ScenarioNode, middles: list[ScenarioNode]) -> None:
    if top.kind != "chance":
        raise AnalysisError(f"{top!r} is a {top.kind}; Bayes reversal needs a chance node")
    if any(middle.kind != "chance" for middle in middles):
        raise AnalysisError(f"every branch of {top!r} must be a chance node to reverse the two levels")
    labels = [branch.label for branch in middles[0].children]
    for middle in middles:
        if [branch.label for branch in middle.children] != labels:
            raise AnalysisError(f"{middle!r} has branches {[b.label for b in middle.children]}, expected the "
                                f"same labels as {middles[0]!r}: {labels}")
        if middle.payoff is not None:
            raise AnalysisError(f"{middle!r} has a payoff of its own; move it to its branches before reversing")


def _symbolic(chance: ScenarioNode, index: int) -> float | str:
    """A branch's probability as a number or an expression; a ``{low, high}`` range enters with its value."""
    raw = [number(each, {}) if isinstance(each, dict) else each for each in (child.probability
                                                                              for child in chance.children)]
    value = raw[index]
    if value == REMAINDER:
        others = [each for each in raw if each != REMAINDER]
        count = sum(1 for each in raw if each == REMAINDER)
        if all(is_plain_number(each) for each in others):
            return (1.0 - math.fsum(others)) / count
        return f"(1 - ({' + '.join(_text(each) for each in others)})) / {count}"
    return value


def _text(value: float | str) -> str:
    return repr(float(value)) if is_plain_number(value) else f"({value})"


def _product(left: float | str, right: float | str) -> float | str:
    return left * right if is_plain_number(left) and is_plain_number(right) else f"{_text(left)} * {_text(right)}"


def _sum(parts: list[float | str]) -> float | str:
    return math.fsum(parts) if all(map(is_plain_number, parts)) else " + ".join(_text(part) for part in parts)


def _posterior(joint: float | str, marginal: float | str, prior: float | str) -> float | str:
    """``P(a|b) = P(a, b) / P(b)``, or the prior ``P(a)`` where ``P(b)`` is 0.

    Written as an expression, ``(J + A·(T - min(M, T))) / max(M, T)`` with ``T = NEVER``: exactly
    ``J / M`` wherever ``M >= T``, the prior where ``M`` is 0, so the reversed tree stays valid for
    every value of its parameters (the expressions have no conditional).
    """
    if all(map(is_plain_number, (joint, marginal, prior))):
        return prior if marginal == 0 else joint / marginal
    guard = f"{NEVER!r} - min({_text(marginal)}, {NEVER!r})"
    return f"({_text(joint)} + {_text(prior)} * ({guard})) / max({_text(marginal)}, {NEVER!r})"
