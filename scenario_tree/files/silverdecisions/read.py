"""Reading one tree of a SilverDecisions file as plain ``scenario-tree/1`` data.

The mapping (and the renaming rule for variables) is described in :mod:`.silverdecisions`.

>>> data = {"SilverDecisions": "1.1.0", "data": {"code": "p = 0.3", "expressionScope": {}, "trees": [
...     {"type": "chance", "name": "Launch", "childEdges": [
...         {"name": "Success", "probability": "p", "payoff": ["100", 0], "childNode": {"type": "terminal"}},
...         {"name": "Flop", "probability": "#", "payoff": ["-20", 0], "childNode": {"type": "terminal"}}]}]}}
>>> converted = from_silverdecisions(data)
>>> converted["parameters"], [child["payoff"] for child in converted["root"]["children"]]
({'p': 0.3}, [100, -20])
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from ...errors import Problem, ScenarioFileError
from ...model.names import fresh_id, slug
from ...model.tree import DEFAULT_ACTOR
from ..format import FORMAT
from .format import (
    EXPECTED_VALUE,
    KINDS,
    ONE_CRITERION_RULES,
    TWO_CRITERIA_RULES,
    VIEW_OF_CRITERION,
    SilverDecisionsWarning,
    fail,
    trees_of,
)
from .mathjs import FUNCTIONS, RANDOM_FUNCTIONS, MathjsError, calls, statements, translate

__all__ = ["from_silverdecisions"]


def from_silverdecisions(data: Mapping[str, Any], file: str = "<string>", tree: int = 0) -> dict[str, Any]:
    """One tree of a SilverDecisions file as plain ``scenario-tree/1`` data (``tree_from_data`` checks it).

    Args:
        data: The parsed JSON.
        file: The file's name, for messages.
        tree: Which tree of the file (0 is the first).

    Raises:
        ScenarioFileError: Every part that cannot be carried over, each named by file and node path.
    """
    body = trees_of(data, file)
    root = _chosen_tree(body, file, tree)
    actors, decider, notes = _criteria(data, body, root, file)
    reader = _Reader(file, actors, decider, notes)
    scope = reader.define(body.get("code") or "", body.get("expressionScope") or {}, {}, None, "code")
    converted = reader.nodes(root, scope)
    if reader.problems:
        raise ScenarioFileError(reader.problems)
    if len(body["trees"]) > 1:
        notes.append(f"This is tree {tree} (counting from 0) of the {len(body['trees'])} in the file.")
    notes.extend(_canvas_notes(body))
    return _header(data, actors, reader.parameters, notes) | {"root": converted}


# -- the file's layout and criteria -----------------------------------------------------------------


def _chosen_tree(body: Mapping[str, Any], file: str, tree: int) -> Mapping[str, Any]:
    count = len(body["trees"])
    if isinstance(tree, bool) or not isinstance(tree, int) or not 0 <= tree < count:
        fail(file, f"tree {tree!r}: the file has {count} tree{'s' * (count != 1)} (choose 0 to {count - 1})")
    return body["trees"][tree]


def _criteria(data: Mapping[str, Any], body: Mapping[str, Any], root: Any,
              file: str) -> tuple[list[str], str, list[str]]:
    """The actors (one per criterion), the one every decision maximises, and notes on what differs."""
    rule, view = data.get("rule", EXPECTED_VALUE), data.get("viewMode")
    notes: list[str] = []
    if rule in ONE_CRITERION_RULES:
        fail(file, f"rule {rule!r}: SilverDecisions {ONE_CRITERION_RULES[rule]} here, but scenario-tree "
                   "decisions maximise the expected payoff, so they would choose differently; switch the rule "
                   f"to {EXPECTED_VALUE!r} in SilverDecisions (negating payoffs to minimise) and save again")
    if rule not in (EXPECTED_VALUE, *TWO_CRITERIA_RULES):
        known = [EXPECTED_VALUE, *ONE_CRITERION_RULES, *TWO_CRITERIA_RULES]
        fail(file, f"rule {rule!r}: unknown (must be one of {known})")
    chosen = VIEW_OF_CRITERION.index(view) if view in VIEW_OF_CRITERION and rule == EXPECTED_VALUE else 0
    names = body.get("payoffNames") if isinstance(body.get("payoffNames"), list) else []
    two = rule in TWO_CRITERIA_RULES or chosen == 1 or len(names) > 1 or _second_criterion_used(root)
    actors = _actor_names(names, 2 if two else 1)
    if rule in TWO_CRITERIA_RULES:
        message = (f"SilverDecisions showed this tree under the two-criteria rule {rule!r}, a weighted trade-off "
                   f"that a scenario tree cannot express; here every decision maximises the expected {actors[0]} "
                   "(SilverDecisions' expected-value maximisation), and both criteria are kept as actors.")
        notes.append(message)
        warnings.warn(f"{file}: {message}", SilverDecisionsWarning, stacklevel=3)
    return actors, actors[chosen], notes


def _second_criterion_used(root: Any) -> bool:
    stack = [root]
    while stack:
        node = stack.pop()
        for edge in node.get("childEdges", []) if isinstance(node, Mapping) else []:
            payoff = edge.get("payoff") if isinstance(edge, Mapping) else None
            if isinstance(payoff, list) and len(payoff) > 1 and payoff[1] not in (0, "0", None, ""):
                return True
            stack.append(edge.get("childNode") if isinstance(edge, Mapping) else None)
    return False


def _actor_names(names: list[Any], count: int) -> list[str]:
    defaults = [DEFAULT_ACTOR] if count == 1 else ["criterion1", "criterion2"]
    chosen: list[str] = []
    for index in range(count):
        name = names[index] if index < len(names) and isinstance(names[index], str) and names[index].strip() else ""
        wanted = name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else (slug(name) if name else defaults[index])
        chosen.append(fresh_id(wanted, set(chosen)))
    return chosen


# -- nodes, branches and variables -------------------------------------------------------------------


@dataclass
class _Reader:
    """Converts one tree, collecting every problem; ids and parameter names share one namespace."""

    file: str
    actors: list[str]
    decider: str
    notes: list[str]
    parameters: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    used: set[str] = field(default_factory=set)

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(message, path, self.file))

    def nodes(self, root: Any, global_scope: dict[str, str]) -> dict[str, Any]:
        """The converted tree, walked without recursion (parents first, children in order)."""
        top: list[dict[str, Any]] = []
        stack: list[tuple[Any, Any, str | None, str, dict[str, str], list[dict[str, Any]]]] = [
            (root, None, None, "", global_scope, top)]
        while stack:
            raw, edge, parent_kind, parent_path, scope, siblings = stack.pop()
            node, path, children = self.node(raw, edge, parent_kind, parent_path, scope)
            siblings.append(node)
            if children is None:
                continue
            inner = self.define(str(raw.get("code") or ""), raw.get("expressionScope") or {}, scope,
                                node["id"], f"{path}: code")
            node["children"] = []
            for child in reversed(children):
                child_raw = child.get("childNode") if isinstance(child, Mapping) else None
                stack.append((child_raw, child, node["kind"], path, inner, node["children"]))
        return top[0]

    def node(self, raw: Any, edge: Any, parent_kind: str | None, parent_path: str,
             scope: dict[str, str]) -> tuple[dict[str, Any], str, list[Any] | None]:
        """One node (its branch's probability and payoff included), its path and its raw child edges."""
        raw = raw if isinstance(raw, Mapping) else {}
        kind = KINDS.get(raw.get("type"), "outcome")
        label = _label(edge.get("name") if isinstance(edge, Mapping) else None, raw.get("name"), kind)
        node: dict[str, Any] = {"id": fresh_id(slug(label), self.used), "label": label, "kind": kind}
        self.used.add(node["id"])
        path = f"{parent_path}/{node['id']}"
        if raw.get("type") not in KINDS:
            self.problem(path, f"type: found {raw.get('type')!r}, expected one of {list(KINDS)}")
        if kind == "decision":
            node["actor"] = self.decider
        if isinstance(edge, Mapping):
            if parent_kind == "chance":
                node["probability"] = self.probability(edge.get("probability"), scope, path)
            payoff = self.payoff(edge.get("payoff", 0), scope, path)
            if payoff is not None:
                node["payoff"] = payoff
        children = raw.get("childEdges", [])
        if not isinstance(children, list):
            self.problem(path, f"childEdges: found {children!r}, expected a list")
            children = []
        if kind == "outcome":
            if children:
                self.problem(path, f"a terminal node has no branches, found {len(children)}")
            return node, path, None
        if not children:
            self.problem(path, f"a {raw.get('type')} node needs at least one branch, found none "
                               "(SilverDecisions marks such a tree invalid too)")
        return node, path, children

    def probability(self, raw: Any, scope: dict[str, str], path: str) -> Any:
        if isinstance(raw, str) and raw.strip() == "#":
            return "#"
        return self.expression(raw, scope, f"{path}: probability", "a probability")

    def payoff(self, raw: Any, scope: dict[str, str], path: str) -> Any:
        amounts = raw if isinstance(raw, list) else [raw]
        if len(amounts) > 2:
            self.problem(f"{path}: payoff", f"found {len(amounts)} criteria, SilverDecisions has at most 2")
        amounts = (list(amounts) + [0, 0])[: len(self.actors)]
        converted = {actor: self.expression(amount, scope, f"{path}: payoff", "a payoff")
                     for actor, amount in zip(self.actors, amounts)}
        kept = {actor: amount for actor, amount in converted.items() if amount != 0}
        if not kept:
            return None
        return kept[self.actors[0]] if len(self.actors) == 1 else kept

    def expression(self, raw: Any, scope: dict[str, str], where: str, what: str) -> Any:
        if isinstance(raw, int | float) and not isinstance(raw, bool) and math.isfinite(raw):
            return raw
        if not isinstance(raw, str):
            self.problem(where, f"found {raw!r}, expected {what}: a number or a mathjs expression")
            return 0
        try:
            return translate(raw, scope)
        except MathjsError as error:
            self.problem(where, str(error))
            return 0

    def define(self, code: str, saved: Any, scope: dict[str, str], node_id: str | None,
               where: str) -> dict[str, str]:
        """The scope after running ``code`` (a copy of ``scope``): each definition becomes a parameter."""
        inner = dict(scope)
        try:
            definitions = statements(code)
        except MathjsError as error:
            self.problem(where, str(error))
            return inner
        for name, text in definitions:
            if name in FUNCTIONS or name in RANDOM_FUNCTIONS:
                self.problem(where, f"{name} = {text}: a variable named like the function {name!r} cannot be "
                                    "carried over; rename it")
                continue
            random = _is_random_draw(text)
            value = self.sampled(name, text, saved, where) if random else \
                self.expression(text, inner, where, f"a value for {name!r}")
            wanted = name if name not in self.used else f"{name}_{node_id}" if node_id else name
            inner[name] = fresh_id(wanted, self.used)
            self.used.add(inner[name])
            self.parameters[inner[name]] = value
            if random:
                self.notes.append(f"{name} = {text} is a random draw in SilverDecisions (drawn anew at every "
                                  f"recalculation); the value saved in the file, {value!r}, is used "
                                  f"(parameter {inner[name]!r}).")
        return inner

    def sampled(self, name: str, text: str, saved: Any, where: str) -> float:
        value = saved.get(name) if isinstance(saved, Mapping) else None
        if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
            return value
        self.problem(where, f"{name} = {text}: a random draw with no number saved for {name!r} in the "
                            f"expressionScope (found {value!r}); it cannot be carried over")
        return 0.0


def _is_random_draw(text: str) -> bool:
    try:
        return bool(calls(text) & RANDOM_FUNCTIONS)
    except MathjsError:
        return False  # not mathjs we read: converting it reports why


def _label(edge_name: Any, node_name: Any, kind: str) -> str:
    edge = edge_name.strip() if isinstance(edge_name, str) else ""
    node = node_name.strip() if isinstance(node_name, str) else ""
    if edge and node and edge != node:
        return f"{edge}: {node}"
    return edge or node or kind.capitalize()


# -- the top of the converted file -------------------------------------------------------------------


def _canvas_notes(body: Mapping[str, Any]) -> list[str]:
    texts = body.get("texts") if isinstance(body.get("texts"), list) else []
    values = [text["value"].strip() for text in texts if isinstance(text, Mapping)
              and isinstance(text.get("value"), str) and text["value"].strip()]
    return [f"Note on the SilverDecisions canvas: {value}" for value in values]


def _header(data: Mapping[str, Any], actors: list[str], parameters: dict[str, Any],
            notes: list[str]) -> dict[str, Any]:
    header: dict[str, Any] = {"format": FORMAT}
    if isinstance(data.get("title"), str) and data["title"].strip():
        header["title"] = data["title"].strip()
    own = data.get("description") if isinstance(data.get("description"), str) else ""
    description = "\n\n".join(part for part in [own.strip(), *notes] if part)
    if description:
        header["description"] = description
    if actors != [DEFAULT_ACTOR]:
        header["actors"] = actors
    if parameters:
        header["parameters"] = parameters
    return header
