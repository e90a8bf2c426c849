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
