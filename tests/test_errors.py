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
