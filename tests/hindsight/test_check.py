"""Checking a record against its tree: every problem at once, each with its file, line and entry."""

from __future__ import annotations

import textwrap

import pytest

from tests.hindsight.helpers import (
    HEADER,
    entry,
    problems_of,
    record,
)


def test_unknown_node_names_file_line_entry_and_close_ids(tree):
    [problem] = problems_of(record(entry("calm", "2020-02-01"), entry("hurtt", "2020-02-02")), tree)
    assert (problem.file, problem.line, problem.path) == ("bad.yaml", 8, "observed[1]: node")
    assert "unknown node id 'hurtt'" in problem.message and "'hurt'" in problem.message


def test_unknown_node_without_close_match_lists_the_allowed_ids(tree):
    [problem] = problems_of(record(entry("zzz", "2020-02-01")), tree)
    assert "must be one of" in problem.message and "'long_shot'" in problem.message


@pytest.mark.parametrize("bad", ["March 2020", "2020-13-01", "2020/03/01", "20200301", "2020-02-30"])
def test_dates_must_be_iso(tree, bad):
    [problem] = problems_of(record(entry("calm", f'"{bad}"')), tree)
    assert problem.path == "observed[0]: date" and problem.line == 7
    assert repr(bad) in problem.message and "YYYY-MM-DD" in problem.message


def test_source_date_must_be_iso_too(tree):
    text = record('  - {node: calm, date: 2020-02-01, note: n, source: {title: T, outlet: O, date: "last May"}}\n')
    [problem] = problems_of(text, tree)
    assert problem.path == "observed[0]: source: date" and "'last May'" in problem.message


def test_observation_before_the_forecast_is_refused(tree):
    [problem] = problems_of(record(entry("calm", "2019-12-31")), tree)
    assert problem.path == "observed[0]: date" and "before the forecast date 2020-01-01" in problem.message


def test_observation_after_the_record_was_compiled_is_refused(tree):
    [problem] = problems_of(record(entry("calm", "2021-01-02")), tree)
    assert "after the record was compiled (2021-01-01)" in problem.message


def test_two_branches_of_one_chance_node_are_inconsistent(tree):
    [problem] = problems_of(record(entry("win", "2020-02-01"), entry("draw", "2020-02-02")), tree)
    assert problem.line == 8 and problem.path == "observed: node 'draw'"
    assert "inconsistent with the observation of 'win' (line 7)" in problem.message
    assert "two branches of chance node 'bold'" in problem.message


def test_nodes_on_different_paths_are_inconsistent(tree):
    problems = problems_of(record(entry("hurt", "2020-02-01"), entry("back_down", "2020-02-02"),
                                  entry("calm", "2020-02-03")), tree)
    messages = [problem.message for problem in problems]
    assert any("'hurt'" in message and "two choices of decision 'rival'" in message for message in messages)
    assert any("'hurt'" in message and "two branches of chance node 'safe'" in message for message in messages)
    assert any("'back_down'" in message and "two branches of chance node 'safe'" in message
               for message in messages)
    assert len(problems) == 3


def test_forecast_date_must_be_the_trees_source_date(tree):
    header = HEADER.replace("forecast_date: 2020-01-01", "forecast_date: 2020-01-02")
    [problem] = problems_of(record(entry("calm", "2020-02-01"), header=header), tree)
    assert problem.path == "tree: forecast_date" and "the tree's source.date is 2020-01-01" in problem.message


def test_wrong_format_is_refused_first(tree):
    [problem] = problems_of(record(entry("calm", "2020-02-01")).replace("hindsight/1", "hindsight/2"), tree)
    assert problem.path == "format" and "'scenario-tree-hindsight/1'" in problem.message


@pytest.mark.parametrize("text, where", [("", ""), ("- a\n- b\n", "")])
def test_a_record_must_be_a_mapping(tree, text, where):
    [problem] = problems_of(text, tree)
    assert problem.path == where and "expected a mapping" in problem.message


def test_unknown_and_missing_keys_name_the_allowed_ones(tree):
    text = HEADER.replace("method: By hand.\n", "methods: typo\n") + "observed:\n" + \
        "  - {node: calm, date: 2020-02-01, source: {title: T, outlet: O, date: 2020-02-01, doi: x}}\n"
    messages = {problem.path: problem.message for problem in problems_of(text, tree)}
    assert "unknown key 'methods'" in messages[""] and "method" in messages[""]
    assert messages["method"] == "missing; this key is required"
    assert messages["observed[0]: note"] == "missing; this key is required"
    assert "unknown key 'doi'" in messages["observed[0]: source"] and "url" in messages["observed[0]: source"]


def test_url_must_be_http(tree):
    text = record('  - {node: calm, date: 2020-02-01, note: n, source: {title: T, outlet: O, date: 2020-02-01, '
                  'url: "javascript:alert(1)"}}\n')
    [problem] = problems_of(text, tree)
    assert problem.path == "observed[0]: source: url" and "http(s)" in problem.message


def test_context_is_checked_like_observations(tree):
    text = record(entry("calm", "2020-02-01")) + textwrap.dedent("""\
        context:
          - {date: 2019-06-01, note: n, source: {title: T, outlet: O, date: 2019-06-01}}
          - {date: 2020-06-01, note: n, bears_on: [clam], source: {title: T, outlet: O, date: 2020-06-01}}
        """)
    messages = {problem.path: problem.message for problem in problems_of(text, tree)}
    assert "before the forecast" in messages["context[0]: date"]
    assert "unknown node id 'clam'" in messages["context[1]: bears_on"] and "'calm'" in messages["context[1]: bears_on"]


def test_every_problem_is_reported_at_once(tree):
    problems = problems_of(record(entry("nope", "2020-02-01"), entry("calm", "2019-02-01"),
                                  entry("win", "2020-02-31")), tree)
    assert [problem.line for problem in problems] == [7, 8, 9]


@pytest.mark.parametrize("observed, expected", [
    ("observed: []\n", "expected a list of at least one"),
    ("observed: [42]\n", "found 42, expected a mapping"),
    ("observed: {node: calm}\n", "expected a list of at least one"),
])
def test_observed_must_be_a_list_of_mappings(tree, observed, expected):
    [problem] = problems_of(HEADER + observed, tree)
    assert problem.path.startswith("observed") and expected in problem.message


def test_tree_entry_must_be_a_mapping(tree):
    text = record(entry("calm", "2020-02-01")).replace("tree: {file: small.yaml, forecast_date: 2020-01-01}",
                                                       "tree: small.yaml")
    [problem] = problems_of(text, tree)
    assert problem.path == "tree" and problem.line == 1 and "expected a mapping {file" in problem.message
