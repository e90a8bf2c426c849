"""Seeded random scenario files for differential tests: several actors, ``#`` branches, ties on purpose.

Each tree is built as file data and loaded with ``tree_from_data``, so every tree is one the format
accepts. The mix is chosen by the seed: deep chains, wide fans, small payoff ranges (so decisions
meet exact ties), copied subtrees (ties between whole options), zero probabilities, ``#`` remainders
and expressions over parameters. Half of them give some actors an exponential utility (risk tolerances
from tiny, where the fold must not overflow, to huge, written as numbers or expressions), drawn from
a generator of their own so that the rest of each tree is the same with or without it.
"""

from __future__ import annotations

import copy
import random
from typing import Any

from scenario_tree import ScenarioTree
from scenario_tree.files import tree_from_data

ACTOR_NAMES = ("west", "putin", "society", "europe")
SHAPES = ("mixed", "deep", "wide", "ties")


def random_tree(seed: int) -> ScenarioTree:
    """A valid random tree; the seed decides its shape, actors and numbers."""
    return tree_from_data(random_tree_data(seed), f"<random tree {seed}>", factory=ScenarioTree)


def random_tree_data(seed: int) -> dict[str, Any]:
    generator = random.Random(seed)
    actors = list(ACTOR_NAMES[: generator.randint(2, 4)])
    builder = _Builder(generator, actors, SHAPES[seed % len(SHAPES)])
    root = builder.node("decision", depth=0, spine=True)
    data = {
        "format": "scenario-tree/1",
        "title": f"Random tree {seed}",
        "actors": actors,
        "parameters": builder.parameters,
        "root": root,
    }
    utility = random_utility(random.Random(f"utility {seed}"), actors)
    if utility:
        data["utility"] = utility
    return data


def random_utility(generator: random.Random, actors: list[str]) -> dict[str, Any]:
    """Exponential utilities for some actors (none half the time); the others stay linear."""
    if generator.random() < 0.5:
        return {}
    chosen = generator.sample(actors, generator.randint(1, len(actors)))
    tolerances = [1e-3, 0.5, 2.0, 7.5, 40.0, 1e6, "max(gain, 1) * 3"]
    return {actor: "linear" if generator.random() < 0.15 else
            {"exponential": {"risk_tolerance": generator.choice(tolerances)}} for actor in chosen}


class _Builder:
    def __init__(self, generator: random.Random, actors: list[str], shape: str) -> None:
        self.random = generator
        self.actors = actors
        self.shape = shape
        self.count = 0
        self.budget = {"mixed": 120, "deep": 400, "wide": 250, "ties": 90}[shape]
        self.max_depth = {"mixed": 6, "deep": 80, "wide": 3, "ties": 5}[shape]
        self.parameters: dict[str, Any] = {
            "p_low": round(self.random.uniform(0.0, 0.3), 3),
            "gain": self.random.choice([1, 2.5, -3]),
            "double_gain": "gain * 2",
        }

    def fresh_id(self) -> str:
        self.count += 1
        return f"n{self.count}"

    def node(self, kind: str, depth: int, spine: bool = False) -> dict[str, Any]:
        node: dict[str, Any] = {"id": self.fresh_id(), "label": f"{kind} {self.count}", "kind": kind}
        payoff = self.payoff(outcome=kind == "outcome")
        if payoff is not None:
            node["payoff"] = payoff
        if kind == "decision":
            node["actor"] = self.random.choice(self.actors)
        if kind != "outcome":
            node["children"] = self.children(kind, depth, spine)
            if kind == "chance":
                self.probabilities(node["children"])
        return node

    def children(self, kind: str, depth: int, spine: bool) -> list[dict[str, Any]]:
        count = self.random.randint(8, 30) if self.shape == "wide" and depth < 2 else self.random.randint(2, 4)
        children = []
        for index in range(count):
            on_spine = spine and index == 0 and self.shape == "deep" and depth + 1 < self.max_depth
            if on_spine:
                child_kind = "chance" if kind == "decision" else "decision"  # one long path down
            elif depth + 1 >= self.max_depth or self.count >= self.budget:
                child_kind = "outcome"
            else:
                child_kind = self.random.choice(["outcome", "outcome", "decision", "chance"])
            children.append(self.node(child_kind, depth + 1, on_spine))
        small = [child for child in children if _size(child, 12) <= 12]
        if kind == "decision" and small and (self.shape == "ties" or self.random.random() < 0.3):
            children.append(self.copy_of(self.random.choice(small)))  # an option worth exactly another
        return children

    def copy_of(self, node: dict[str, Any]) -> dict[str, Any]:
        twin = copy.deepcopy(node)
        stack = [twin]
        while stack:
            current = stack.pop()
            current["id"] = self.fresh_id()
            stack.extend(current.get("children", []))
        twin.pop("probability", None)
        return twin

    def payoff(self, outcome: bool) -> Any:
        roll = self.random.random()
        if not outcome and roll < 0.6:
            return None
        if roll < 0.08:
            return "double_gain" if self.random.random() < 0.5 else "-gain"
        small = self.shape == "ties" or self.random.random() < 0.5  # few distinct values: exact ties
        amounts = {actor: (self.random.randint(-2, 2) if small else round(self.random.uniform(-10, 10), 3))
                   for actor in self.actors if self.random.random() < 0.8}
        if not amounts:
            return None
        if self.random.random() < 0.1:
            amounts[self.random.choice(list(amounts))] = "gain + 1"
        if list(amounts) == [self.actors[0]] and self.random.random() < 0.5:
            return amounts[self.actors[0]]  # a plain number belongs to the first actor
        return amounts

    def probabilities(self, children: list[dict[str, Any]]) -> None:
        """Branch probabilities: twentieths (zeros included), ``#`` shares, sometimes an expression."""
        count = len(children)
        style = self.random.choice(["twentieths", "remainder", "remainder", "expression", "zeros"])
        if style == "expression" and count >= 2:
            children[0]["probability"] = "p_low"
            for child in children[1:]:
                child["probability"] = "#"
            return
        weights = [self.random.randint(0, 6) for _ in range(count)]
        if style == "zeros":
            weights = [0] * count
            weights[self.random.randrange(count)] = 1
        if sum(weights) == 0:
            weights[-1] = 1
        shares = _twentieths(weights)
        if style == "remainder":
            remainders = self.random.sample(range(count), self.random.randint(1, min(2, count)))
            for index, child in enumerate(children):
                child["probability"] = "#" if index in remainders else shares[index] * 0.9
            return
        for child, share in zip(children, shares):
            child["probability"] = share


def _size(node: dict[str, Any], limit: int) -> int:
    """The number of nodes in a subtree, counted up to just past ``limit``."""
    count, stack = 0, [node]
    while stack and count <= limit:
        count += 1
        stack.extend(stack.pop().get("children", []))
    return count


def _twentieths(weights: list[int]) -> list[float]:
    """Weights as multiples of 1/20 that sum to 1 (the largest weight takes the rounding)."""
    total = sum(weights)
    twentieths = [weight * 20 // total for weight in weights]
    twentieths[weights.index(max(weights))] += 20 - sum(twentieths)
    return [value / 20 for value in twentieths]
