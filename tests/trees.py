"""Sample trees and paths the tests share: the repository, the shipped examples, small trees."""

from __future__ import annotations

from pathlib import Path

import scenario_tree
from scenario_tree import load
from scenario_tree.model import REMAINDER, ScenarioNode, preorder

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = REPO / "examples"


EXAMPLE_FILES = sorted(EXAMPLES.glob("*.scenario.yaml"))


SMALL = """\
format: scenario-tree/1
title: Small
root:
  id: r
  label: Root
  kind: chance
  children:
    - {id: a, label: A, kind: outcome, probability: 0.5, payoff: 1}
    - {id: b, label: B, kind: outcome, probability: "#", payoff: 2}
"""


def trees():
    yield "article", scenario_tree.default_tree()
    for path in EXAMPLE_FILES:
        yield path.name, load(path)


TREES = dict(trees())


def ids_in_order(tree):
    return [node.id for node in preorder(tree.root)]


def small():
    root = ScenarioNode("root", "Root", "decision", actor="west")
    chance = ScenarioNode("chance", "Chance", "chance", parent=root)
    ScenarioNode("a", "A", "outcome", probability=0.5, parent=chance)
    ScenarioNode("b", "B", "outcome", probability=REMAINDER, parent=chance)
    ScenarioNode("c", "C", "outcome", parent=root)
    return root


CHANCE = """
format: scenario-tree/1
actors: [west, putin]
root:
  id: c
  label: Chance with its own payoff
  kind: chance
  payoff: {west: 1, putin: -1}
  children:
    - {id: a, label: A, kind: outcome, probability: 0.2, payoff: {west: 10, putin: 5}}
    - {id: b, label: B, kind: outcome, probability: 0.8, payoff: {west: -5}}
"""


# West moves first; Putin answers after "engage". Maximising west everywhere would pick
# engage -> concede (west 10), but Putin prefers exploit, so west is better off staying out.
GAME = """
format: scenario-tree/1
actors: [west, putin]
root:
  id: west_move
  label: West moves
  kind: decision
  actor: west
  children:
    - id: engage
      label: Engage
      kind: decision
      actor: putin
      children:
        - {id: concede, label: Putin concedes, kind: outcome, payoff: {west: 10, putin: 0}}
        - {id: exploit, label: Putin exploits, kind: outcome, payoff: {west: -5, putin: 1}}
    - {id: stay_out, label: Stay out, kind: outcome, payoff: {west: 2, putin: 0}}
"""


MIXED = """
format: scenario-tree/1
actors: [west, putin]
root:
  id: top
  label: Top decision
  kind: decision
  actor: west
  children:
    - id: gamble
      label: Gamble
      kind: chance
      tags: [risky]
      children:
        - id: good
          label: Good
          kind: outcome
          probability: 0.25
          payoff: {west: 8}
          tags: [win, risky]
        - id: fork
          label: Fork
          kind: decision
          actor: putin
          probability: "#"
          children:
            - {id: fork_a, label: Fork A, kind: outcome, payoff: {west: 4, putin: 1}, tags: [win]}
            - {id: fork_b, label: Fork B, kind: outcome, payoff: {west: 0, putin: 3}, tags: [loss]}
    - id: safe
      label: Safe
      kind: outcome
      payoff: {west: 1}
      tags: [loss]
"""


MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF-"}


# a choice between a sure 50 and a gamble worth 0.6·100 = 60: the gamble is best
SAFE_OR_RISKY = """
format: scenario-tree/1
actors: [firm]
root:
  id: choose
  label: Choose
  kind: decision
  children:
    - {id: safe, label: Safe, kind: outcome, payoff: 50}
    - id: risky
      label: Risky
      kind: chance
      children:
        - {id: win, label: Win, kind: outcome, probability: 0.6, payoff: 100}
        - {id: lose, label: Lose, kind: outcome, probability: 0.4, payoff: 0}
"""
