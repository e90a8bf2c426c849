"""The problems found while reading a file: each placed at its node path and the line of its mapping."""

from __future__ import annotations

import pytest

from scenario_tree import ScenarioFileError
from scenario_tree.files.report import MAX_PROBLEMS, Report
from scenario_tree.model import ScenarioNode


def test_problems_keep_the_file_and_the_line_of_their_raw_mapping():
    raw = {"id": "b"}
    report = Report("tree.yaml", {id(raw): 7})
    root = ScenarioNode("a", "A", "decision")
    child = ScenarioNode("b", "B", "outcome", parent=root)
    report.raw_of[child] = raw
    report.at_node(child, "found 1.5, expected a number in [0, 1]", "probability")
    report.add("missing 'format'")
    assert [str(problem) for problem in report.problems] == [
        "tree.yaml:7: /a/b: probability: found 1.5, expected a number in [0, 1]",
        "tree.yaml: missing 'format'",
    ]
    with pytest.raises(ScenarioFileError) as caught:
        report.raise_if_any()
    assert caught.value.problems == report.problems


def test_no_problem_raises_nothing():
    Report("tree.yaml", {}).raise_if_any()


def test_a_report_keeps_the_first_problems_and_counts_the_rest():
    report = Report("tree.yaml", {})
    for number in range(MAX_PROBLEMS + 250):
        report.add(f"problem {number}")
    assert len(report.problems) == MAX_PROBLEMS and report.more == 250
    with pytest.raises(ScenarioFileError) as caught:
        report.raise_if_any()
    assert str(caught.value).endswith(f"... and {MAX_PROBLEMS + 250 - ScenarioFileError.SHOWN} more problems")
    assert len(str(caught.value).splitlines()) == ScenarioFileError.SHOWN + 1
