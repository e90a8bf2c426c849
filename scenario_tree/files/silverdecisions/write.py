"""Writing a scenario tree as a SilverDecisions file (the mapping is described in :mod:`.silverdecisions`).

SilverDecisions has at most two criteria and one decision maker: every decision maximises the same
criterion. A tree with more actors, or with decisions by different actors, is refused with every
such node named. Payoffs on entering a node go on the branch into it (the root's own payoff, which
has no branch, is added to each of its branches: every path still receives it once). Parameters
become the file's global ``code`` (in dependency order) with their values in ``expressionScope``.
What SilverDecisions has no field for (notes, quotes, tags, ranges ...) is listed in one
:class:`SilverDecisionsWarning`.
"""

from __future__ import annotations

import warnings
from collections import Counter
from typing import Any

from ...errors import Problem, ScenarioFileError
from ...model import TreeModel, node_path, preorder
from ...model.expressions import parse
from ...model.utility import tolerance_entries
from .format import (
    EXPECTED_VALUE,
    KEY,
    KINDS,
    VIEW_OF_CRITERION,
    WRITTEN_VERSION,
    SilverDecisionsWarning,
)
from .mathjs import to_mathjs

__all__ = ["to_silverdecisions"]

TYPES = {ours: theirs for theirs, ours in KINDS.items()}
GRID = (150, 75)  # SilverDecisions' default column width and row height
MARGIN = 20
_DESCRIPTIVE = ("tags", "notes", "quotes", "url", "concentration", "uncertainty", "state")


def to_silverdecisions(tree: TreeModel) -> dict[str, Any]:
    """The tree as SilverDecisions JSON data (a dict for ``json.dump``); re-reading it gives the same values.

    Raises:
        ScenarioFileError: More than two actors, or decisions by different actors, each named.
    """
    decider = _decider(tree)
    dropped: Counter[str] = Counter()
    code = _code(tree.parameters, dropped)
    data = {
        "code": code,
        "expressionScope": tree.parameter_values() if code else {},
        "trees": [_nodes(tree, dropped)],
        "texts": [],
        "payoffNames": list(tree.actors),
        "defaultCriterion1Weight": 1,
        "weightLowerBound": 0,
        "weightUpperBound": "Infinity",
    }
    if "source" in tree.meta:
        dropped["source"] += 1
    if dropped:
        listed = ", ".join(f"{field} ({count} node{'s' * (count != 1)})" if field in _DESCRIPTIVE else field
                           for field, count in sorted(dropped.items()))
        warnings.warn(f"{tree.file or '<tree>'}: not carried over to SilverDecisions, which has no field for "
                      f"them: {listed}", SilverDecisionsWarning, stacklevel=3)
    return {
        KEY: WRITTEN_VERSION,
        "lng": "en",
        "rule": EXPECTED_VALUE,
        "viewMode": VIEW_OF_CRITERION[tree.actors.index(decider)],
        "title": tree.title,
        "description": str(tree.meta.get("description", "")),
        "data": data,
    }


def _decider(tree: TreeModel) -> str:
    """The one actor every decision maximises; an error naming everything SilverDecisions cannot hold."""
    actors, file = tree.actors, tree.file or "<tree>"
    problems = []
    if len(actors) > 2:
        problems.append(Problem(f"found {len(actors)} actors ({', '.join(actors)}); SilverDecisions has at most "
                                "2 criteria", "actors", file))
    decisions = [node for node in preorder(tree.root) if node.kind == "decision"]
    decider = (decisions[0].actor or actors[0]) if decisions else actors[0]
    for node in decisions:
        if (node.actor or actors[0]) != decider:
            problems.append(Problem(f"decides for {node.actor!r}, but in SilverDecisions every decision maximises "
                                    f"the same criterion (the first decision's is {decider!r})",
                                    f"{node_path(node)}: actor", file))
    if not tree.root.children and tree.root.payoff not in (None, 0, {}):
        problems.append(Problem("SilverDecisions keeps payoffs on branches, and this root has none",
                                f"{node_path(tree.root)}: payoff", file))
    for actor, _ in tolerance_entries(tree.utility):
        problems.append(Problem(f"{actor!r} has an exponential utility; SilverDecisions evaluates expected values "
                                "only (remove the utility to export the risk-neutral tree)", f"utility: {actor}", file))
    if problems:
        raise ScenarioFileError(problems)
    return decider


def _code(parameters: dict[str, Any], dropped: Counter[str]) -> str:
    """``name = value`` lines, each after the parameters it uses (mathjs runs them in order)."""
    written: dict[str, str] = {}
    for name, spec in parameters.items():
        if isinstance(spec, dict):
            if "low" in spec or "high" in spec:
                dropped["parameter ranges"] += 1
            spec = spec.get("value", (spec["low"] + spec["high"]) / 2 if "low" in spec else 0)
        written[name] = to_mathjs(spec) if isinstance(spec, str) else _number(spec)
    lines: list[str] = []
    placed: set[str] = set()
    for name in written:  # declaration order, each after what it uses (the file loaded: there is no cycle)
        stack = [name]
        while stack:
            current = stack[-1]
            missing = sorted(_names(written[current]) - placed) if current not in placed else []
            if missing:
                stack.extend(missing)
                continue
            stack.pop()
            if current not in placed:
                placed.add(current)
                lines.append(f"{current} = {written[current]}")
    return "\n".join(lines)


def _names(text: str) -> set[str]:
    return set(parse(text.replace("^", "**")).names)


def _nodes(tree: TreeModel, dropped: Counter[str]) -> dict[str, Any]:
    """The SilverDecisions nodes, built without recursion, with a simple left-to-right layout."""
    places = _layout(tree)
    actors = tree.actors
    root_amounts = _amounts(tree.root.payoff, actors)
    converted = {}
    for node in preorder(tree.root):
        dropped.update(field for field in _DESCRIPTIVE if getattr(node, field) not in (None, []))
        x, y = places[node]
        converted[node] = {"type": TYPES[node.kind], "name": node.label if node.parent is None else "",
                           "code": "", "location": {"x": x, "y": y}, "childEdges": []}
        if node.parent is None:
            continue
        amounts = _amounts(node.payoff, actors)
        if node.parent is tree.root:
            amounts = [_add(own, inherited) for own, inherited in zip(amounts, root_amounts)]
        edge: dict[str, Any] = {"name": node.label}
        if node.parent.kind == "chance":
            edge["probability"] = _probability(node.probability, dropped)
        edge["payoff"] = amounts
        edge["childNode"] = converted[node]
        converted[node.parent]["childEdges"].append(edge)
    return converted[tree.root]


def _layout(tree: TreeModel) -> dict[Any, tuple[float, float]]:
    """Columns by depth, leaves one row apart, each parent level with the middle of its children."""
    order = list(preorder(tree.root))
    depth = {tree.root: 0}
    rows: dict[Any, float] = {}
    for node in order:
        depth.update((child, depth[node] + 1) for child in node.children)
        if not node.children:
            rows[node] = len(rows)
    for node in reversed(order):
        if node.children:
            rows[node] = (rows[node.children[0]] + rows[node.children[-1]]) / 2
    return {node: (MARGIN + depth[node] * GRID[0], MARGIN + rows[node] * GRID[1]) for node in order}


def _amounts(payoff: Any, actors: list[str]) -> list[Any]:
    """A payoff as the two criteria of a SilverDecisions branch (numbers or mathjs)."""
    amounts: list[Any] = [0, 0]
    spread = payoff if isinstance(payoff, dict) else {actors[0]: payoff} if payoff is not None else {}
    for actor, amount in spread.items():
        amounts[actors.index(actor)] = to_mathjs(amount) if isinstance(amount, str) else amount
    return amounts


def _add(own: Any, inherited: Any) -> Any:
    if inherited == 0:
        return own
    if own == 0:
        return inherited
    if isinstance(own, str) or isinstance(inherited, str):
        return f"({own}) + ({inherited})"
    return own + inherited


def _probability(probability: Any, dropped: Counter[str]) -> Any:
    if isinstance(probability, dict):
        dropped["probability ranges"] += 1
        return probability.get("value", (probability["low"] + probability["high"]) / 2)
    if isinstance(probability, str) and probability != "#":
        return to_mathjs(probability)
    return probability


def _number(value: Any) -> str:
    return str(int(value)) if isinstance(value, int) else repr(float(value))
