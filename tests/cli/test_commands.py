"""The ``scenario-tree`` command through ``main(argv, stdout=, stderr=)``."""

from __future__ import annotations

import csv
import io
import json
import math
import re

import pytest

import scenario_tree
from scenario_tree import load
from scenario_tree.cli import main
from tests.cli.helpers import run
from tests.model.test_utility import GAMBLE
from tests.trees import EXAMPLES, MAGIC

TEXACO = EXAMPLES / "texaco_pennzoil.scenario.yaml"


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
    assert out.rstrip().endswith("scenarios pessimistic, optimistic")


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
    assert data == scenario_tree.load(TEXACO).evaluate().to_dict()
    assert data["value"]["pennzoil"] == pytest.approx(4.6348)


def test_evaluate_json_without_file_is_article_tree():
    code, out, _ = run("evaluate", "--json")
    assert code == 0
    assert json.loads(out) == scenario_tree.default_tree().evaluate().to_dict()


@pytest.mark.parametrize("file", [str(TEXACO), None])
def test_paths_csv(file):
    code, out, err = run("paths", "--csv", *([file] if file else []))
    assert code == 0 and err == ""
    tree = scenario_tree.load(file) if file else scenario_tree.default_tree()
    rows = list(csv.reader(io.StringIO(out)))
    # per actor the total along the path, then the outcome's own payoff (issue 11: paths show totals)
    assert rows[0] == ["path", "path_probability", "policy_probability", *tree.actors,
                       *(f"{actor} (own)" for actor in tree.actors)]
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


def test_paths_and_evaluate_show_the_total_along_the_path_beside_the_own_payoff():
    """The movie's small box office pays 200,000, but the path also pays the 5,000 legal fee."""
    movie = str(EXAMPLES / "movie_contract.scenario.yaml")
    code, out, _ = run("paths", "--csv", movie)
    rows = {row[0]: row for row in csv.reader(io.StringIO(out))}
    assert code == 0 and rows["path"][3:] == ["author", "author (own)"]
    assert rows["/contract/movie_company/box_office_small"][3:] == ["195000", "200000"]
    code, out, _ = run("evaluate", "--json", movie)
    small = next(each for each in json.loads(out)["outcomes"] if each["id"] == "box_office_small")
    assert (small["total"], small["value"]) == ({"author": 195_000}, {"author": 200_000})


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


@pytest.mark.exe
def test_cli_render_writes_the_file(tmp_path, capsys):
    target = tmp_path / "tree.out"
    code = main(["render", "-o", str(target), "--format", "png", "--rankdir", "TB", "--depth", "2",
                 "--min-prob", "0.1"])
    assert code == 0
    assert target.read_bytes().startswith(MAGIC["png"])
    assert str(target) in capsys.readouterr().out
    dot_file = tmp_path / "tree.dot"
    assert main(["render", str(EXAMPLES / "texaco_pennzoil.scenario.yaml"), "-o", str(dot_file), "--rankdir", "TB",
                 "--depth", "2", "--min-prob", "0.1"]) == 0
    dot = dot_file.read_text(encoding="utf-8")
    expected = load(EXAMPLES / "texaco_pennzoil.scenario.yaml").to_dot(rankdir="TB", depth=2, min_probability=0.1)
    assert dot == expected
    assert "rankdir=TB" in dot and "outcomes folded" in dot
    assert sorted(path.name for path in tmp_path.iterdir()) == ["tree.dot", "tree.out"]


def test_cli_render_writes_the_standalone_page(tmp_path, capsys):
    target = tmp_path / "tree.html"
    assert main(["render", str(EXAMPLES / "texaco_pennzoil.scenario.yaml"), "-o", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and "Content-Security-Policy" in text
    assert "<title>Texaco" in text and str(target) in capsys.readouterr().out


def test_cli_render_marks_the_realised_path_of_a_hindsight_record(tmp_path):
    target = tmp_path / "tree.svg"
    record = EXAMPLES / "trump_putin_2017.hindsight.yaml"
    assert main(["render", "-o", str(target), "--hindsight", str(record)]) == 0
    svg = target.read_text(encoding="utf-8")
    expected = scenario_tree.hindsight.load_hindsight(record, load(EXAMPLES / "trump_putin_2017.scenario.yaml"))
    for node_id in expected.path:
        assert re.search(rf'class="node [^"]*realised[^"]*"[^>]*data-node="{node_id}"', svg) or \
            re.search(rf'data-node="{node_id}"[^>]*class="node [^"]*realised', svg), node_id


def test_cli_render_reports_a_bad_extension(tmp_path, capsys):
    assert main(["render", "-o", str(tmp_path / "tree.jpg")]) == 1
    error = capsys.readouterr().err
    assert error.startswith("error:") and "Traceback" not in error and ".svg" in error
    assert not list(tmp_path.iterdir())


def test_cli_render_without_graphviz_prints_an_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))
    assert main(["render", "-o", str(tmp_path / "tree.svg")]) == 1
    error = capsys.readouterr().err
    assert error.startswith("error:") and "Graphviz" in error and "Traceback" not in error
    assert not list(tmp_path.iterdir())


def test_json_output_never_holds_nan_or_infinity(monkeypatch):
    # The inputs' rules keep every number finite; should one slip through, --json refuses rather than
    # print NaN or Infinity, which are not JSON.
    from scenario_tree.model.evaluate import Evaluation

    monkeypatch.setattr(Evaluation, "to_dict", lambda self: {"value": float("nan")})
    code, out, err = run("evaluate", "--json")
    assert (code, out) == (1, "") and err.startswith("error: ") and "JSON" in err


def test_evaluate_shows_certainty_equivalents_when_the_file_has_utilities(tmp_path):
    path = tmp_path / "gamble.yaml"
    path.write_text(GAMBLE, encoding="utf-8")  # tolerance 300: the gamble is taken (above 100 / ln(phi))
    code, out, err = run("evaluate", str(path))
    assert code == 0 and err == ""
    assert out.splitlines()[1].split()[-5:] == ["investor", "bank", "CE", "investor", "best"]
    take = next(line for line in out.splitlines() if line.strip().startswith("take"))
    expected = -300 * math.log(0.5 * math.exp(-200 / 300) + 0.5 * math.exp(100 / 300))  # the lottery -100 + (300 | 0)
    assert f"{expected:.4g}" in take.split() and "50" in take.split()
    assert f"certainty equivalent: investor {1000 + expected:.4g} (risk tolerance 300)" in out
    without = run("evaluate", str(TEXACO))[1]
    assert "CE" not in without and "certainty" not in without


def test_evaluate_json_has_certainty_equivalents_only_with_utilities(tmp_path):
    path = tmp_path / "gamble.yaml"
    path.write_text(GAMBLE, encoding="utf-8")
    nodes = json.loads(run("evaluate", str(path), "--json")[1])["nodes"]
    assert nodes["decline"]["certainty_equivalent"] == {"investor": 0.0, "bank": 0.0}
    assert set(nodes["take"]["expected_utility"]) == {"investor", "bank"}
    assert "certainty_equivalent" not in json.loads(run("evaluate", str(TEXACO), "--json")[1])["nodes"]["offer"]
