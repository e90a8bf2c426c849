"""Seeded synthetic trees of any size, for benchmarks, tests and trying the tools on large trees.

>>> tree = synthetic_tree(100, seed=1)
>>> len(tree), tree.root.kind
(100, 'decision')
"""

from __future__ import annotations

import random
from collections import deque

from .model import REMAINDER, ScenarioNode
from .scenario import ScenarioTree

__all__ = ["synthetic_tree"]

WORDS = ("deal", "talks", "sanctions", "exit", "reform", "stall", "war", "guarantees", "transition")


def synthetic_tree(size: int, seed: int = 0, concentration: float | None = None) -> ScenarioTree:
    """A tree of exactly ``size`` nodes: decisions and chances alternate by depth, leaves are outcomes.

    Labels are a few random words, probabilities random with a ``#`` last branch, payoffs in
    [-10, 10]; ``concentration`` marks every chance node as uncertain (for Monte Carlo).
    """
    generator = random.Random(seed)
    root = ScenarioNode("n0", "Root decision", "outcome")  # a decision once it has children
    queue, count = deque([root]), 1
    while count < size:
        parent = queue.popleft()
        for _ in range(min(generator.randint(2, 4), size - count)):
            words = " ".join(generator.choice(WORDS) for _ in range(generator.randint(1, 5)))
            queue.append(ScenarioNode(f"n{count}", f"{count} {words}", "outcome", parent=parent))
            count += 1
    stack = [(root, 0)]
    while stack:
        node, depth = stack.pop()
        if node.children:
            node.kind = "decision" if depth % 2 == 0 else "chance"
            if node.kind == "chance":
                node.concentration = concentration
                weights = [generator.random() + 0.05 for _ in node.children]
                for child, weight in zip(node.children[:-1], weights):
                    child.probability = round(weight / sum(weights), 4)
                node.children[-1].probability = REMAINDER
            stack.extend((child, depth + 1) for child in node.children)
        else:
            node.payoff = round(generator.uniform(-10, 10), 2)
    return ScenarioTree(root)
