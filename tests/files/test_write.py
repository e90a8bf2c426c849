"""Writing scenario files: lossless round trips, plain JSON, YAML any loader reads, refused formats."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from scenario_tree import EditError, ScenarioFileError, load, loads
from scenario_tree.files.schema import schema
from tests.trees import SMALL, TREES, ids_in_order


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
    assert again.evaluate().to_dict() == tree.evaluate().to_dict()
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


def test_saved_yaml_reads_the_same_with_a_standard_yaml_loader(tmp_path):
    # A saved file is for other tools too: a standard YAML loader must see the same data,
    # so "2017-03-08" has to be written quoted (a plain 2017-03-08 is a date in YAML 1.1).
    tree = TREES["article"]
    target = tree.save(tmp_path / "article.yaml")
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["source"]["date"] == "2017-03-08"
    assert data == tree.to_dict()


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
@pytest.mark.parametrize("label", ["DEL \x7f", "non-character \ufffe", "next line \x85", "nul \x00", "half \ud800"],
                         ids=["del", "fffe", "nel", "nul", "surrogate"])
def test_unprintable_characters_are_refused_by_edits_and_by_loading(fmt, label):
    # These used to be accepted and then broke the drawing or a save (U+0085 came back as a space):
    # now neither an edit nor a file (where they arrive as escapes) can bring them in.
    tree = loads(SMALL)
    with pytest.raises(EditError, match="expected printable text"):
        tree.rename("a", label)
    data = yaml.safe_load(SMALL)
    data["root"]["children"][0]["label"] = label
    text = json.dumps(data) if fmt == "json" else yaml.safe_dump(data)  # \u escapes, or YAML's escapes
    with pytest.raises(ScenarioFileError) as caught:
        loads(text, file=f"t.{fmt}")
    message = str(caught.value)
    if "\ud800" in label and fmt == "yaml":  # libyaml refuses the escape itself
        assert "invalid Unicode character escape" in message
    else:
        assert "/r/a: label: found" in message and "expected printable text" in message
    assert caught.value.problems[0].line is not None


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


def test_dumps_unknown_format():
    with pytest.raises(ValueError, match="yaml"):
        loads(SMALL).dumps("toml")


def test_unknown_extension_names_allowed_ones(tmp_path):
    with pytest.raises(ValueError) as caught:
        loads(SMALL).save(tmp_path / "tree.txt")
    message = str(caught.value)
    assert ".txt" in message
    for allowed in (".yaml", ".yml", ".json"):
        assert allowed in message
    assert list(tmp_path.iterdir()) == []


def test_a_saved_tree_deeper_than_the_load_limit_is_refused_or_loads_back(tmp_path, monkeypatch):
    # Edits do not limit depth but load does: save must not write a file that load then refuses.
    # (The limit is lowered here: a real 2000-level file is tens of megabytes of indentation.)
    import scenario_tree.files.check
    from scenario_tree import ScenarioError, ScenarioNode, ScenarioTree

    monkeypatch.setattr(scenario_tree.files.check, "MAX_DEPTH", 40)
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


def test_saving_keeps_the_scenarios_and_their_comments_and_changes_only_what_changed(tmp_path):
    from tests.trees import EXAMPLES

    original = (EXAMPLES / "trump_putin_2017.scenario.yaml").read_text(encoding="utf-8")
    path = tmp_path / "article.yaml"
    path.write_text(original, encoding="utf-8")
    tree = load(path)
    tree.set_probability("guarantees_credible", 0.25)
    tree.save_scenario("mine", description="A colleague's reading")
    tree.use_scenario("base")
    tree.remove_scenario("optimistic")
    tree.save(path)
    written = path.read_text(encoding="utf-8")
    start = original.index("  optimistic:")
    end = original.index("root:")
    assert written == original[:start] + ("  mine:\n    description: A colleague's reading\n"
                                          "    guarantees_credible: 0.25\n    guarantees_weak: 0.75\n") + original[end:]
    assert load(path).scenario("mine").node("guarantees_credible").probability == 0.25
