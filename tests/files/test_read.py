"""Reading and writing scenario files: lossless round trips, atomic saves, clear load errors."""

from __future__ import annotations

import json

import pytest
import yaml

from scenario_tree import ScenarioFileError, load, loads
from tests.trees import SMALL, TREES, ids_in_order

# -- round trips --------------------------------------------------------------------------------


def test_remainder_and_children_order_kept():
    tree = loads(SMALL)
    for fmt in ("yaml", "json"):
        again = loads(tree.dumps(fmt))
        assert again.node("b").probability == "#"
        assert ids_in_order(again) == ["r", "a", "b"]


def test_json_numbers_with_exponents_load():
    # Valid JSON numbers; JSON is read by the YAML parser, whose YAML 1.1 rules take 1e3 for text.
    text = json.dumps({
        "format": "scenario-tree/1",
        "root": {"id": "r", "label": "R", "kind": "chance", "payoff": 1e3, "children": [
            {"id": "a", "label": "A", "kind": "outcome", "probability": 1e-5, "payoff": 2E+6},
            {"id": "b", "label": "B", "kind": "outcome", "probability": "#"}]},
    }).replace("1000.0", "1e3").replace("2000000.0", "2E+6")
    assert "1e-05" in text and "1e3" in text and "2E+6" in text
    tree = loads(text, file="exp.json")
    assert tree.node("r").payoff == 1000
    assert tree.node("a").probability == 1e-5
    assert tree.node("a").payoff == 2_000_000


def test_date_stays_text():
    tree = loads(SMALL.replace("title: Small\n", "title: Small\nsource: {date: 2017-03-08}\n"))
    assert tree.meta["source"]["date"] == "2017-03-08"
    for fmt in ("yaml", "json"):
        assert loads(tree.dumps(fmt)).meta["source"]["date"] == "2017-03-08"
    assert TREES["article"].meta["source"]["date"] == "2017-03-08"


# -- atomic saving ------------------------------------------------------------------------------


# -- load errors --------------------------------------------------------------------------------


def test_missing_file_names_the_file(tmp_path):
    missing = tmp_path / "nowhere" / "missing.yaml"
    with pytest.raises(ScenarioFileError) as caught:
        load(missing)
    assert str(missing) in str(caught.value)
    assert caught.value.problems[0].file == str(missing)


def test_directory_and_binary_files_are_file_errors(tmp_path):
    with pytest.raises(ScenarioFileError):
        load(tmp_path)
    binary = tmp_path / "latin1.yaml"
    binary.write_bytes("format: scenario-tree/1\n# caf\xe9\n".encode("latin-1"))
    with pytest.raises(ScenarioFileError) as caught:
        load(binary)
    assert "latin1.yaml" in str(caught.value)


def test_yaml_syntax_error_names_the_line():
    text = SMALL.replace('probability: "#", payoff: 2}', 'probability: "#", payoff: [2}')
    with pytest.raises(ScenarioFileError) as caught:
        loads(text, file="broken.yaml")
    problem = caught.value.problems[0]
    assert problem.line == 9
    assert problem.file == "broken.yaml"
    assert "broken.yaml:9" in str(caught.value)
    assert "syntax" in str(caught.value).lower()


def test_duplicate_keys_reported_with_lines():
    text = SMALL.replace("title: Small\n", "title: Small\ntitle: Again\n").replace(
        "{id: a, label: A,", "{id: a, label: A, id: a2,")
    with pytest.raises(ScenarioFileError) as caught:
        loads(text, file="dup.yaml")
    problems = caught.value.problems
    assert sorted(problem.line for problem in problems) == [3, 9]
    assert all("duplicate key" in str(problem) for problem in problems)
    assert "'title'" in str(caught.value) and "'id'" in str(caught.value)


def test_json_file_loads(tmp_path):
    target = tmp_path / "small.json"
    target.write_text(json.dumps(yaml.safe_load(SMALL), indent=4), encoding="utf-8")
    tree = load(target)
    assert tree.to_dict() == loads(SMALL).to_dict()
    assert tree.file == str(target)


def test_loads_without_file_name_says_string():
    with pytest.raises(ScenarioFileError, match="<string>"):
        loads("format: scenario-tree/1\n")


# -- bounded reading ------------------------------------------------------------------------------


def test_a_device_of_zeros_is_refused_at_once():
    with pytest.raises(ScenarioFileError, match="NUL bytes"):
        load("/dev/zero")


def test_a_file_larger_than_the_limit_is_refused(tmp_path, monkeypatch):
    import scenario_tree.files.read

    monkeypatch.setattr(scenario_tree.files.read, "MAX_FILE_BYTES", 3 << 20)
    big = tmp_path / "big.yaml"
    big.write_text("# padding\n" * (400 << 10), encoding="utf-8")
    with pytest.raises(ScenarioFileError, match="larger than 3,145,728 bytes"):
        load(big)
    with pytest.raises(ScenarioFileError, match="longer than 3,145,728 characters"):
        loads(big.read_text(encoding="utf-8"))


def test_loading_leaves_the_cycle_collector_as_it_was():
    import gc

    loads(SMALL)
    assert gc.isenabled()
    gc.disable()
    try:
        loads(SMALL)
        assert not gc.isenabled()
    finally:
        gc.enable()
