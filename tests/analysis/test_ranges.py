"""Sweeps stay inside the valid tree: parameter ranges clipped where a probability would leave [0, 1]."""

from __future__ import annotations

import numpy as np
import pytest

from scenario_tree import loads
from scenario_tree.analysis import AnalysisError, one_way, quantity, spider, tornado, two_way
from scenario_tree.analysis.ranges import check_span, parameter_problems, valid_span
from tests.cli.helpers import run

# A screening test with sensitivity 0.9: swung ±20% it would reach 1.08, a probability above 1 (and
# P(negative | ill) = 1 - sens would be -0.08).
SCREENING = """
format: scenario-tree/1
title: Screening
parameters: {sens: 0.9, prevalence: {value: 0.1, low: 0.05, high: 0.2}}
root:
  id: treat
  label: Screen?
  kind: decision
  children:
    - id: screen
      label: Screen
      kind: chance
      children:
        - id: ill
          label: Ill
          kind: chance
          probability: prevalence
          children:
            - {id: found, label: Positive, kind: outcome, probability: sens, payoff: 10}
            - {id: missed, label: Negative, kind: outcome, probability: "1 - sens", payoff: -50}
        - {id: well, label: Well, kind: outcome, probability: "#", payoff: -1}
    - {id: wait, label: Wait, kind: outcome, payoff: -6}
"""


def test_parameter_problems_name_the_branch_that_leaves_0_1():
    tree = loads(SCREENING)
    assert parameter_problems(tree, "sens", np.array([0.5, 1.0, 1.08, -0.1])) == [
        None, None, "the branch 'Positive' would have a probability above 1",  # the first in the tree
        "the branch 'Positive' would have a negative probability"]


def test_a_swing_past_1_is_clipped_and_the_clip_is_said():
    tree = loads(SCREENING)
    sens = quantity(tree, "sens")
    assert (sens.low, sens.high) == (pytest.approx(0.72), pytest.approx(1.0, abs=1e-9))
    assert sens.note == "above 1 the branch 'Positive' would have a probability above 1"
    bar = {bar.quantity.name: bar for bar in tornado(tree).bars}["sens"]
    # the value at the clipped end is the tree's at sens = 1, not at 1.08
    at_one = one_way(tree, "sens", 0.5, 1.0, points=2).root_values["value"][-1]
    assert bar.high_value == pytest.approx(at_one)
    assert max(abs(line).max() for line in spider(tree).lines.values()) < 60  # never evaluated at 1.08
    assert valid_span(tree, "sens", 0.5, 0.8, 0.9).note == ""


def test_an_explicit_range_outside_the_valid_tree_is_an_error():
    tree = loads(SCREENING)
    with pytest.raises(AnalysisError, match=r"sens: found the range 0.5 … 1.5, but at 1.00\d* the branch 'Positive' "
                                            r"would have a probability above 1; expected a range within 0.5 … 1"):
        one_way(tree, "sens", 0.5, 1.5)
    with pytest.raises(AnalysisError, match="'Positive' would have a negative probability"):
        check_span(tree, "sens", -0.5, 0.5, 0.9)
    with pytest.raises(AnalysisError, match="'Positive' would have a probability above 1"):
        two_way(tree, "sens", "prevalence", points=3, first_range=(0.5, 1.2))


def test_the_default_sweep_says_where_it_was_clipped():
    tree = loads(SCREENING)
    sweep = one_way(tree, "sens")
    assert sweep.values[0] == pytest.approx(0.72) and sweep.values[-1] == pytest.approx(1.0, abs=1e-9)
    assert sweep.note == "above 1 the branch 'Positive' would have a probability above 1"
    assert one_way(tree, "sens", 0.5, 0.9).note == ""


def test_the_command_line_never_swings_outside_the_valid_range(tmp_path):
    path = tmp_path / "screening.scenario.yaml"
    path.write_text(SCREENING, encoding="utf-8")
    code, out, _ = run("tornado", str(path))
    assert code == 0
    assert "sens swung 0.72 … 1; above 1 the branch 'Positive' would have a probability above 1" in out
    assert "1.08" not in out
    code, out, _ = run("sensitivity", str(path), "--quantity", "sens")
    assert code == 0 and out.splitlines()[-1] == ("sens swept 0.72 … 1; above 1 the branch 'Positive' would have "
                                                   "a probability above 1")
    code, out, err = run("sensitivity", str(path), "--quantity", "sens", "--high", "1.5")
    assert code == 1 and out == "" and "the branch 'Positive' would have a probability above 1" in err
