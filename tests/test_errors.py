"""Errors name where a problem is: the file, the line, the node path and what was expected."""

from __future__ import annotations

from scenario_tree import Problem, ScenarioFileError


def test_problem_text():
    assert str(Problem("bad", "/a/b: kind", "f.yaml", 3)) == "f.yaml:3: /a/b: kind: bad"
    assert str(Problem("bad", "", "f.yaml", None)) == "f.yaml: bad"
    assert str(Problem("bad")) == "<string>: bad"


def test_scenario_file_error_lists_every_problem():
    problems = [Problem("one", "/a", "f.yaml", 1), Problem("two", "/a/b", "f.yaml", 5)]
    error = ScenarioFileError(problems)
    assert error.problems == problems
    assert str(error).splitlines() == ["f.yaml:1: /a: one", "f.yaml:5: /a/b: two"]


def test_a_long_list_of_problems_prints_a_screenful_and_a_count():
    problems = [Problem(f"problem {number}", "", "f.yaml", number) for number in range(1, 31)]
    error = ScenarioFileError(problems, more=70)
    lines = str(error).splitlines()
    assert lines[:2] == ["f.yaml:1: problem 1", "f.yaml:2: problem 2"]
    assert len(lines) == ScenarioFileError.SHOWN + 1
    assert lines[-1] == "... and 80 more problems"
    assert error.problems == problems and error.more == 70
