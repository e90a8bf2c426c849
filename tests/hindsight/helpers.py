"""Shared pieces of the hindsight tests: a small tree whose scores are easy by hand, and record builders."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

import scenario_tree
from scenario_tree.cli import main
from scenario_tree.hindsight import HindsightError, loads_hindsight

REPO = Path(__file__).resolve().parents[2]
ARTICLE_RECORD = REPO / "examples" / "trump_putin_2017.hindsight.yaml"
ARTICLE_TREE = REPO / "examples" / "trump_putin_2017.scenario.yaml"

# plan (us decides): bold (EV 4 for us) | safe (EV 0.45) | long_shot (EV 0); inside safe, 'rival' decides for
# 'them' between fight (EV 0.25 for them) and back_down (-1).
SMALL_TREE = """\
format: scenario-tree/1
title: Small
source: {title: S, date: "2020-01-01"}
actors: [us, them]
root:
  id: plan
  label: Our plan
  kind: decision
  actor: us
  children:
    - id: bold
      label: Bold
      kind: chance
      children:
        - {id: win, label: Win, kind: outcome, probability: 0.5, payoff: {us: 10, them: -10}}
        - {id: draw, label: Draw, kind: outcome, probability: 0.3, payoff: 0}
        - {id: lose, label: Lose, kind: outcome, probability: "#", payoff: {us: -5, them: 5}}
    - id: safe
      label: Safe
      kind: chance
      children:
        - id: rival
          label: Rival moves
          kind: decision
          actor: them
          probability: 0.6
          children:
            - id: fight
              label: Fight
              kind: chance
              children:
                - {id: hurt, label: Hurt, kind: outcome, probability: 0.25, payoff: {us: -8, them: -2}}
                - {id: spared, label: Spared, kind: outcome, probability: "#", payoff: {us: 1, them: 1}}
            - {id: back_down, label: Back down, kind: outcome, payoff: {us: 2, them: -1}}
        - {id: calm, label: Calm, kind: outcome, probability: "#", payoff: {us: 3, them: 0}}
    - id: long_shot
      label: Long shot
      kind: chance
      children:
        - {id: never, label: Never, kind: outcome, probability: 0, payoff: 100}
        - {id: always, label: Always, kind: outcome, probability: 1, payoff: 0}
"""

HEADER = """\
format: scenario-tree-hindsight/1
title: Small hindsight
tree: {file: small.yaml, forecast_date: 2020-01-01}
compiled: 2021-01-01
method: By hand.
"""


def entry(node: str, date: str, **extra: str) -> str:
    fields = {"node": node, "date": date, "note": f"{node} seen", **extra}
    inner = ", ".join(f"{key}: {value}" for key, value in fields.items())
    return f"  - {{{inner}, source: {{title: Report, outlet: Paper, date: 2020-12-31}}}}\n"


def record(*entries: str, header: str = HEADER) -> str:
    return header + "observed:\n" + "".join(entries)


def small_tree():
    return scenario_tree.loads(SMALL_TREE, file="small.yaml")


def hurt_record(tree):
    """safe (2020-03-01), then fight (2020-05-01), then hurt (2020-07-01): lines 7, 8 and 9."""
    text = record(entry("safe", "2020-03-01"), entry("fight", "2020-05-01"), entry("hurt", "2020-07-01"))
    return loads_hindsight(text, tree, file="small.hindsight.yaml")


def problems_of(text: str, tree) -> list:
    with pytest.raises(HindsightError) as caught:
        loads_hindsight(text, tree, file="bad.yaml")
    return caught.value.problems


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main([str(each) for each in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def strict_json(text: str):
    def refuse(constant):
        raise AssertionError(f"non-standard JSON constant {constant}")

    return json.loads(text, parse_constant=refuse)
