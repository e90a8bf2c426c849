"""Random games for the analysis tests: several actors, `#` branches, parameters, and many exact ties.

Payoffs are drawn from a few small integers (and, in some trees, scaled to around 1e8), so that
decisions often face options of exactly equal value, which the tie rule must settle the same way
in every evaluation.
"""

from __future__ import annotations

import random

from scenario_tree import ScenarioNode, ScenarioTree

ACTORS = ["west", "putin", "society"]


def random_game(seed: int, size: int = 40) -> ScenarioTree:
    """A random tree of about ``size`` nodes (seeded), with parameters used by expressions."""
    rng = random.Random(seed)
    actors = ACTORS[:rng.randint(1, 3)]
    scale = rng.choice([1, 1, 1e8])
    parameters = {"p": {"value": round(rng.uniform(0.2, 0.6), 2), "low": 0.1, "high": 0.7},
                  "cost": {"value": 2, "low": 0, "high": 4}, "net": "10 - cost"}
    root = ScenarioNode("n0", "Root", "decision", actor=rng.choice(actors))
    leaves, count = [root], 1
    while count < size:
        node = leaves.pop(rng.randrange(len(leaves))) if count > 1 else leaves.pop()
        if count > 1:
            node.kind = rng.choice(["decision", "chance"])
            node.actor = rng.choice(actors) if node.kind == "decision" else None
            node.payoff = _payoff(rng, actors, scale) if rng.random() < 0.3 else None
        branches = rng.randint(1, 4) if node.kind == "decision" else rng.randint(2, 4)
        for index in range(branches):
            child = ScenarioNode(f"n{count}", f"Node {count}", "outcome", parent=node,
                                 payoff=_payoff(rng, actors, scale))
            if node.kind == "chance":
                child.probability = _probability(rng, index, branches)
            leaves.append(child)
            count += 1
    meta = {"format": "scenario-tree/1", "title": f"random game {seed}", "actors": actors, "parameters": parameters}
    return ScenarioTree(root, meta)


def _payoff(rng: random.Random, actors: list[str], scale: float) -> object:
    roll = rng.random()
    if roll < 0.15:
        return "net" if rng.random() < 0.5 else "-cost"
    amounts = {actor: rng.choice([-2, 0, 1, 1, 3]) * scale for actor in actors if rng.random() < 0.8}
    return amounts or None


def _probability(rng: random.Random, index: int, branches: int) -> object:
    if index == branches - 1:
        return "#"
    if index == 0 and rng.random() < 0.3:
        return f"p / {branches}"
    return round(rng.uniform(0.05, 0.9 / branches), 3)
