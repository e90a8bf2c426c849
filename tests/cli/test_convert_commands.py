"""``scenario-tree convert``, and the other commands reading SilverDecisions files, through ``main``."""

from __future__ import annotations

import io
import json
import warnings
from fractions import Fraction
from pathlib import Path

import pytest

import scenario_tree
from scenario_tree.cli import main
from scenario_tree.files.silverdecisions import SilverDecisionsWarning

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO / ".." / "shared" / "silverdecisions"
TEXACO = REPO / "examples" / "texaco_pennzoil.scenario.yaml"


def run(*argv) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(arg) for arg in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def quietly_load(path) -> scenario_tree.ScenarioTree:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SilverDecisionsWarning)
        return scenario_tree.load(path)


def test_silverdecisions_to_a_scenario_file_says_what_differs(tmp_path):
    target = tmp_path / "treatments.scenario.yaml"
    code, out, err = run("convert", SHARED / "treatments.json", "-o", target)
    assert (code, err) == (0, "")
    assert out.splitlines()[0].startswith("warning: ") and "'min-max'" in out
    assert out.splitlines()[-1] == f"wrote {target} (scenario)"
    converted = scenario_tree.load(target)  # a plain scenario file now: no warning on loading
    assert converted.evaluate().root_value == quietly_load(SHARED / "treatments.json").evaluate().root_value
    assert "min-max" in converted.meta["description"]


def test_a_scenario_file_to_silverdecisions_and_back(tmp_path):
    target = tmp_path / "texaco.json"
    code, out, err = run("convert", TEXACO, "-o", target, "--to", "silverdecisions")
    assert (code, err) == (0, "")
    assert "warning: " in out and "notes (4 nodes)" in out  # what SilverDecisions has no field for
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["SilverDecisions"] == "1.2.0"
    again = scenario_tree.load(target)  # read back as a SilverDecisions file
    original = scenario_tree.load(TEXACO)
    assert again.evaluate().root_value == pytest.approx(original.evaluate().root_value)
    assert [node.label for node in again.nodes()] == [node.label for node in original.nodes()]


def test_the_article_tree_as_a_gambit_game_by_default(tmp_path):
    target = tmp_path / "article.efg"
    code, out, err = run("convert", "-o", target)
    assert (code, out, err) == (0, f"wrote {target} (gambit)\n", "")
    lines = target.read_text(encoding="ascii").splitlines()
    assert lines[0] == 'EFG 2 R "The Ultimate Trump-Putin Deal" { "west" "putin" "russian_society" }'
    assert sum(1 for line in lines if line.startswith("p ")) == 5
    first_chance = next(line for line in lines if line.startswith("c "))
    assert "2/5" in first_chance and "3/5" in first_chance
    assert sum(Fraction(token) for token in first_chance.split() if "/" in token) == 1


def test_the_article_tree_cannot_go_to_silverdecisions_and_nothing_is_written(tmp_path):
    target = tmp_path / "article.json"
    code, out, err = run("convert", "-o", target, "--to", "silverdecisions")
    assert code == 1 and out == ""
    assert err.startswith("error: ") and "found 3 actors" in err
    assert err.count("decides for 'putin'") == 3
    assert not target.exists()


def test_choosing_a_tree_of_a_silverdecisions_file(tmp_path):
    source = tmp_path / "two.json"
    trees = [{"type": "decision", "name": name, "childEdges": [
        {"name": "a", "payoff": [value], "childNode": {"type": "terminal", "childEdges": []}}]}
        for name, value in (("First", 1), ("Second", 2))]
    source.write_text(json.dumps({"SilverDecisions": "1.0.0", "data": {"trees": trees}}), encoding="utf-8")
    target = tmp_path / "second.yaml"
    code, out, _ = run("convert", source, "--tree", 1, "-o", target)
    assert code == 0
    assert scenario_tree.load(target).root.label == "Second"
    code, _, err = run("convert", source, "--tree", 2, "-o", target)
    assert code == 1 and "tree 2: the file has 2 trees (choose 0 to 1)" in err
    code, _, _ = run("convert", source, "-o", tmp_path / "first.yaml")
    assert code == 0 and scenario_tree.load(tmp_path / "first.yaml").root.label == "First"


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--tree", "1", "-o", "{tmp}/x.yaml"], "tree 1: give a SilverDecisions FILE to pick one of its trees"),
        ([TEXACO, "--tree", "1", "-o", "{tmp}/x.yaml"], "tree 1: a scenario-tree file holds one tree (0)"),
        (["{tmp}/missing.json", "--tree", "1", "-o", "{tmp}/x.yaml"], "cannot read the file"),
        ([TEXACO, "-o", "{tmp}/x.txt"], "unknown output type '.txt'"),
        ([TEXACO, "-o", "{tmp}/x.efg", "--to", "scenario"], "a scenario file is written as"),
    ],
)
def test_bad_requests_are_clear_errors(tmp_path, argv, fragment):
    code, out, err = run("convert", *[str(arg).format(tmp=tmp_path) for arg in argv])
    assert code == 1 and out == ""
    assert err.startswith("error: ") and fragment in err
    assert "Traceback" not in err


def test_a_non_silverdecisions_json_with_tree_is_refused(tmp_path):
    source = tmp_path / "plain.json"
    source.write_text(json.dumps(scenario_tree.load(TEXACO).to_dict()), encoding="utf-8")
    assert run("convert", source, "--tree", "0", "-o", tmp_path / "x.yaml")[0] == 0  # its one tree
    code, _, err = run("convert", source, "--tree", "1", "-o", tmp_path / "y.yaml")
    assert code == 1
    assert "tree 1: a scenario-tree file holds one tree (0); only SilverDecisions files hold several" in err


@pytest.mark.parametrize("command", ["validate", "evaluate", "paths"])
def test_every_command_reads_silverdecisions_files(command):
    code, out, err = run(command, SHARED / "variables_pass.json")
    assert (code, err) == (0, "")
    assert out


def test_evaluate_of_a_silverdecisions_file_gives_its_value():
    code, out, _ = run("evaluate", "--json", SHARED / "variables_pass.json")
    assert code == 0
    result = json.loads(out)
    assert result["value"] == {"value": pytest.approx(0.8733215538658357)}
    assert result["policy"] == {"decision": "chance_2"}


def deep_silverdecisions_text(decisions: int) -> str:
    """A SilverDecisions file of a chain of decisions: at level i, stop for i or go one level deeper."""
    opening = "".join(f'{{"type": "decision", "name": "D{level}", "childEdges": [{{"name": "Stop {level}", '
                      f'"payoff": [{level}, 0], "childNode": {{"type": "terminal", "childEdges": []}}}}, '
                      '{"name": "", "payoff": [0, 0], "childNode": ' for level in range(decisions))
    innermost = '{"type": "terminal", "name": "End", "childEdges": []}'
    return '{"SilverDecisions": "1.2.0", "data": {"trees": [' + opening + innermost + "}]}" * decisions + "]}}"


def test_deep_trees_convert_every_way(tmp_path):
    decisions = 700  # JSON nests three levels per level of a SilverDecisions tree: past every recursion limit
    source = tmp_path / "deep.sd.json"
    source.write_text(deep_silverdecisions_text(decisions), encoding="utf-8")
    assert run("convert", source, "--tree", "0", "-o", tmp_path / "back.json")[0] == 0
    assert run("convert", source, "-o", tmp_path / "again.sd.json", "--to", "silverdecisions")[0] == 0
    assert run("convert", source, "-o", tmp_path / "deep.efg")[0] == 0
    again = scenario_tree.load(tmp_path / "again.sd.json")
    assert len(again) == 2 * decisions + 1
    assert again.evaluate().root_value == {"value": decisions - 1}  # going deeper pays until the last stop
    assert (tmp_path / "again.sd.json").stat().st_size < 2 * source.stat().st_size  # written without indentation
    assert '"label": "D0"' in (tmp_path / "back.json").read_text(encoding="utf-8")
    assert len((tmp_path / "deep.efg").read_text(encoding="ascii").splitlines()) == 3 + 2 * decisions + 1
