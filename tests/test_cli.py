"""The ``scenario-tree`` command through ``main(argv, stdout=, stderr=)``."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

import scenario_tree
from scenario_tree.cli import main

REPO = Path(__file__).resolve().parents[1]
TEXACO = REPO / "examples" / "texaco_pennzoil.yaml"


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_validate_ok_is_one_line():
    code, out, err = run("validate", str(TEXACO))
    assert code == 0
    assert err == ""
    lines = out.splitlines()
    assert len(lines) == 1
    assert str(TEXACO) in lines[0]
    assert "ok" in lines[0]
    assert str(len(scenario_tree.load(TEXACO))) in lines[0]


def test_validate_without_file_checks_article_tree():
    code, out, _ = run("validate")
    assert code == 0
    assert len(out.splitlines()) == 1
    assert scenario_tree.default_tree().title in out


def test_evaluate_table_shows_every_node_and_root_value():
    code, out, err = run("evaluate", str(TEXACO))
    assert code == 0 and err == ""
    tree = scenario_tree.load(TEXACO)
    for node in tree.nodes():
        assert node.id in out
    value_lines = [line for line in out.splitlines() if line.startswith("value:")]
    assert len(value_lines) == 1
    numbers = [float(number) for number in re.findall(r"-?\d+(?:\.\d+)?", value_lines[0])]
    assert numbers == [pytest.approx(4.6348, abs=5e-4)]
    assert "pennzoil" in value_lines[0]


def test_evaluate_json_matches_api():
    code, out, err = run("evaluate", "--json", str(TEXACO))
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data == scenario_tree.load(TEXACO).evaluate().to_json()
    assert data["value"]["pennzoil"] == pytest.approx(4.6348)


def test_evaluate_json_without_file_is_article_tree():
    code, out, _ = run("evaluate", "--json")
    assert code == 0
    assert json.loads(out) == scenario_tree.default_tree().evaluate().to_json()


@pytest.mark.parametrize("file", [str(TEXACO), None])
def test_paths_csv(file):
    code, out, err = run("paths", "--csv", *([file] if file else []))
    assert code == 0 and err == ""
    tree = scenario_tree.load(file) if file else scenario_tree.default_tree()
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["path", "path_probability", "policy_probability", *tree.actors]
    outcomes = [node for node in tree.nodes() if node.kind == "outcome"]
    assert len(rows) - 1 == len(outcomes)
    evaluation = tree.evaluate()
    by_path = {row[0]: row for row in rows[1:]}
    for node in outcomes:
        row = by_path[repr(node)[len("ScenarioNode('"):-2]]
        assert float(row[1]) == pytest.approx(evaluation.path_probability[node.id], rel=1e-5)
        assert float(row[2]) == pytest.approx(evaluation.policy_probability[node.id], rel=1e-5, abs=1e-12)
    assert sum(float(row[2]) for row in rows[1:]) == pytest.approx(1.0, abs=1e-5)


def test_paths_table():
    code, out, _ = run("paths", str(TEXACO))
    assert code == 0
    assert "/offer/texaco_reaction/court_refused/refused_award_high" in out


def test_bad_file_exits_1_without_traceback(tmp_path):
    missing = tmp_path / "missing.yaml"
    code, out, err = run("evaluate", str(missing))
    assert code == 1
    assert out == ""
    assert str(missing) in err
    assert "Traceback" not in err


@pytest.mark.parametrize("argv", [[], ["bogus"], ["evaluate", "--nope"], ["validate", "a.yaml", "b.yaml"]])
def test_bad_usage_exits_2(argv):
    code, out, _ = run(*argv)
    assert code == 2
    assert out == ""


def test_bad_usage_message_goes_to_given_stderr(capsys):
    code, _, err = run("bogus")
    assert code == 2
    assert "usage:" in err
    assert capsys.readouterr().err == ""


def test_version(capsys):
    code, out, _ = run("--version")
    assert code == 0
    assert scenario_tree.__version__ in out + capsys.readouterr().out
