"""From data to a checked tree: every problem reported at once, each with its line."""

from __future__ import annotations

import pytest

from scenario_tree import ScenarioFileError, loads
from tests.trees import SMALL


def test_every_problem_is_reported_at_once():
    text = SMALL.replace("kind: outcome, probability: 0.5", "kind: outcom, probability: 0.5").replace(
        'label: B, kind: outcome, probability: "#", payoff: 2', 'label: B, kind: outcome, probability: 2')
    with pytest.raises(ScenarioFileError) as caught:
        loads(text)
    paths = sorted(problem.path for problem in caught.value.problems)
    assert paths == ["/r/a: kind", "/r/b: probability"]


SCENARIOS = """\
format: scenario-tree/1
actors: [a, b]
scenarios:
  good: {description: fine, x: 0.3}
  typo: {y: 1.5, x.payoff.c: 3}
  too_much:
    description: the two branches set sum to more than 1
    x: 0.8
    y: 0.5
  base: {x: 0.1}
root:
  id: r
  label: R
  kind: chance
  children:
    - {id: x, label: X, kind: outcome, probability: 0.5, payoff: 1}
    - {id: y, label: Y, kind: outcome, probability: "#"}
"""


def test_each_scenario_problem_names_the_file_the_line_the_scenario_and_what_was_expected():
    with pytest.raises(ScenarioFileError) as caught:
        loads(SCENARIOS, file="s.yaml")
    assert [str(problem) for problem in caught.value.problems] == [
        "s.yaml:5: scenarios: typo: y: found 1.5, expected a number in [0, 1]",
        "s.yaml:5: scenarios: typo: x.payoff.c: unknown actor 'c' (must be one of ['a', 'b'])",
        "s.yaml:7: scenarios: too_much: /r: the branches set here (x 0.8, y 0.5) sum to 1.3, expected at most 1",
        "s.yaml:10: scenarios: found 'base', the name of the base numbers; expected another name",
    ]


def test_the_schema_refuses_a_scenario_key_that_is_no_quantity():
    with pytest.raises(ScenarioFileError) as caught:
        loads(SCENARIOS.replace("good: {description: fine, x: 0.3}", "good: {x.y.z: 0.3, x: low}")
              .replace("  typo: {y: 1.5, x.payoff.c: 3}\n", ""), file="s.yaml")
    assert [(problem.line, problem.path) for problem in caught.value.problems] == [
        (4, "scenarios.good"), (4, "scenarios.good.x")]
