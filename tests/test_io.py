"""Reading and writing scenario files: lossless round trips, atomic saves, clear load errors."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import jsonschema
import pytest
import yaml

import scenario_tree
from scenario_tree import ScenarioFileError, load, loads
from scenario_tree.io import atomic_write, schema
from scenario_tree.model import preorder

REPO = Path(__file__).resolve().parents[1]
EXAMPLE_FILES = sorted((REPO / "examples").glob("*.yaml"))

SMALL = """\
format: scenario-tree/1
title: Small
root:
  id: r
  label: Root
  kind: chance
  children:
    - {id: a, label: A, kind: outcome, probability: 0.5, payoff: 1}
    - {id: b, label: B, kind: outcome, probability: "#", payoff: 2}
"""


def trees():
    yield "article", scenario_tree.default_tree()
    for path in EXAMPLE_FILES:
        yield path.name, load(path)


TREES = dict(trees())


def ids_in_order(tree):
    return [node.id for node in preorder(tree.root)]


# -- round trips --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("name", list(TREES))
def test_save_load_round_trip_is_lossless(tmp_path, name, fmt):
    tree = TREES[name]
    target = tmp_path / f"copy.{fmt}"
    assert tree.save(target) == target
    again = load(target)
    assert again.to_dict() == tree.to_dict()
    assert ids_in_order(again) == ids_in_order(tree)
    assert again.meta == tree.meta
    assert again.file == str(target)
    assert again.evaluate().to_json() == tree.evaluate().to_json()
    # and saving the copy writes the same bytes again
    second = tmp_path / f"second.{fmt}"
    again.save(second)
    assert second.read_bytes() == target.read_bytes()


def test_yml_extension_writes_yaml(tmp_path):
    tree = loads(SMALL)
    target = tree.save(tmp_path / "small.yml")
    assert yaml.safe_load(target.read_text(encoding="utf-8"))["format"] == "scenario-tree/1"
    assert load(target).to_dict() == tree.to_dict()


def test_json_file_is_plain_json(tmp_path):
    tree = TREES["article"]
    target = tree.save(tmp_path / "article.json")
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data == tree.to_dict()
    jsonschema.validate(data, schema())


def test_article_file_validates_against_published_schema():
    data = TREES["article"].to_dict()
    jsonschema.Draft202012Validator.check_schema(schema())
    jsonschema.validate(data, schema())


def test_saved_yaml_reads_the_same_with_a_standard_yaml_loader(tmp_path):
    # A saved file is for other tools too: a standard YAML loader must see the same data,
    # so "2017-03-08" has to be written quoted (a plain 2017-03-08 is a date in YAML 1.1).
    tree = TREES["article"]
    target = tree.save(tmp_path / "article.yaml")
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["source"]["date"] == "2017-03-08"
    assert data == tree.to_dict()


def test_remainder_and_children_order_kept():
    tree = loads(SMALL)
    for fmt in ("yaml", "json"):
        again = loads(tree.dumps(fmt))
        assert again.node("b").probability == "#"
        assert ids_in_order(again) == ["r", "a", "b"]


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_unicode_text_survives(tmp_path, fmt):
    tree = loads(SMALL)
    label = "“Привет” — ‘safe enemy’ 🙂"
    tree.rename("a", label)
    tree.set_notes("b", "Строка один\nline two: with colon, and # hash")
    target = tree.save(tmp_path / f"u.{fmt}")
    text = target.read_text(encoding="utf-8")
    assert "Привет" in text and "“" in text  # written as text, not as escapes
    again = load(target)
    assert again.node("a").label == label
    assert again.node("b").notes == "Строка один\nline two: with colon, and # hash"


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("label", ["yes", "null", "1.5", "2017-03-08", "#", "~", " padded ", "tab\there",
                                   "a: b", "- item", "{x}", "line\u2028separator"])
def test_text_that_looks_like_other_things_round_trips(fmt, label):
    tree = loads(SMALL)
    tree.rename("a", label)
    assert loads(tree.dumps(fmt)).node("a").label == label


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("label", ["DEL \x7f", "non-character \ufffe"], ids=["del", "fffe"])
def test_unprintable_characters_round_trip(fmt, label):
    # Text the tree accepts must come back from its own file (the YAML writer escapes these;
    # the JSON writer, with ensure_ascii=False, writes them raw and the reader then refuses them).
    tree = loads(SMALL)
    tree.rename("a", label)
    assert loads(tree.dumps(fmt)).node("a").label == label


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("probability", [0.5, 2.5e-07, 1e-05])
def test_small_probabilities_round_trip(fmt, probability):
    tree = loads(SMALL)
    tree.set_probability("a", probability)
    again = loads(tree.dumps(fmt))
    assert again.node("a").probability == probability
    assert again.node("b").probability == pytest.approx(1 - probability)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("payoff", [123456789012345678, -0.125, 1e20])
def test_large_and_small_payoffs_round_trip(fmt, payoff):
    tree = loads(SMALL)
    tree.set_payoff("a", payoff)
    assert loads(tree.dumps(fmt)).node("a").payoff == payoff


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


def test_dumps_unknown_format():
    with pytest.raises(ValueError, match="yaml"):
        loads(SMALL).dumps("toml")


# -- atomic saving ------------------------------------------------------------------------------


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_interrupted_save_leaves_old_file_and_no_temporary(tmp_path, monkeypatch, failing):
    target = tmp_path / "tree.yaml"
    target.write_text("old content\n", encoding="utf-8")

    def boom(*args, **kwargs):
        raise OSError("disk on fire")

    monkeypatch.setattr(os, failing, boom)
    with pytest.raises(OSError, match="disk on fire"):
        loads(SMALL).save(target)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "old content\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["tree.yaml"]


def test_interrupted_first_save_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(os, "replace", lambda *args: (_ for _ in ()).throw(OSError("no")))
    with pytest.raises(OSError):
        atomic_write(tmp_path / "new.json", b"{}")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_atomic_write_replaces_content(tmp_path):
    target = tmp_path / "data.bin"
    target.write_bytes(b"old")
    assert atomic_write(target, b"new bytes") == target
    assert target.read_bytes() == b"new bytes"
    assert [path.name for path in tmp_path.iterdir()] == ["data.bin"]


def test_save_keeps_permissions(tmp_path):
    target = tmp_path / "tree.yaml"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)
    loads(SMALL).save(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert load(target).node("a").label == "A"


def test_new_file_gets_umask_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        target = loads(SMALL).save(tmp_path / "new.yaml")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_unknown_extension_names_allowed_ones(tmp_path):
    with pytest.raises(ValueError) as caught:
        loads(SMALL).save(tmp_path / "tree.txt")
    message = str(caught.value)
    assert ".txt" in message
    for allowed in (".yaml", ".yml", ".json"):
        assert allowed in message
    assert list(tmp_path.iterdir()) == []


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


def test_every_problem_is_reported_at_once():
    text = SMALL.replace("kind: outcome, probability: 0.5", "kind: outcom, probability: 0.5").replace(
        'label: B, kind: outcome, probability: "#", payoff: 2', 'label: B, kind: outcome, probability: 2')
    with pytest.raises(ScenarioFileError) as caught:
        loads(text)
    paths = sorted(problem.path for problem in caught.value.problems)
    assert paths == ["/r/a: kind", "/r/b: probability"]


def test_json_file_loads(tmp_path):
    target = tmp_path / "small.json"
    target.write_text(json.dumps(yaml.safe_load(SMALL), indent=4), encoding="utf-8")
    tree = load(target)
    assert tree.to_dict() == loads(SMALL).to_dict()
    assert tree.file == str(target)


def test_loads_without_file_name_says_string():
    with pytest.raises(ScenarioFileError, match="<string>"):
        loads("format: scenario-tree/1\n")


def test_a_saved_tree_deeper_than_the_load_limit_is_refused_or_loads_back(tmp_path, monkeypatch):
    # Edits do not limit depth but load does: save must not write a file that load then refuses.
    # (The limit is lowered here: a real 2000-level file is tens of megabytes of indentation.)
    import scenario_tree.io
    from scenario_tree import ScenarioError, ScenarioNode, ScenarioTree

    monkeypatch.setattr(scenario_tree.io, "MAX_DEPTH", 40)
    root = node = ScenarioNode("d0", "Level 0", "decision")
    for level in range(1, 45):
        node = ScenarioNode(f"d{level}", f"Level {level}", "decision", parent=node)
    node.kind = "outcome"
    tree = ScenarioTree(root)
    for suffix in (".json", ".yaml"):
        target = tmp_path / f"deep{suffix}"
        try:
            tree.save(target)
        except (ScenarioError, ValueError):
            assert not target.exists()
        else:
            assert load(target).to_dict() == tree.to_dict()
