"""Saving into a loaded file's own text: comments, order, quoting and style kept, only edited lines change."""

from __future__ import annotations

import difflib
import json
import shutil

import pytest
import yaml

from scenario_tree import load, loads
from scenario_tree.files.patch import patched_text
from tests.trees import EXAMPLES, SMALL, TREES

ARTICLE = EXAMPLES / "trump_putin_2017.scenario.yaml"


def changed_lines(before: str, after: str) -> list[tuple[str, str]]:
    matcher = difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False)
    return [(tag, line) for tag, i1, i2, j1, j2 in matcher.get_opcodes() if tag != "equal"
            for line in before.splitlines()[i1:i2] + after.splitlines()[j1:j2]]


def comments(text: str) -> list[str]:
    return [line.split("#", 1)[1] for line in text.splitlines() if " #" in line or line.lstrip().startswith("#")]


def test_one_probability_changes_only_that_chance_nodes_branch_lines_and_keeps_every_comment(tmp_path):
    path = tmp_path / "article.yaml"
    shutil.copy(ARTICLE, path)
    before = path.read_text(encoding="utf-8")
    tree = load(path)
    tree.set_probability("soft_landing", 0.6)
    tree.save(path)
    after = path.read_text(encoding="utf-8")
    lines = [line.strip() for _, line in changed_lines(before, after)]
    assert lines == ["probability: 0.75", "probability: 0.6", "probability: \"#\"", "probability: 0.4"]
    assert comments(after) == comments(before) and len(comments(before)) > 10
    assert load(path).to_dict() == tree.to_dict()


def test_an_unchanged_tree_writes_its_file_back_byte_for_byte(tmp_path):
    for source in sorted(EXAMPLES.glob("*.scenario.yaml")):
        path = tmp_path / source.name
        shutil.copy(source, path)
        load(path).save(path)
        assert path.read_bytes() == source.read_bytes()


def test_removed_and_added_branches_leave_their_siblings_text_alone(tmp_path):
    path = tmp_path / "article.yaml"
    shutil.copy(ARTICLE, path)
    before = path.read_text(encoding="utf-8")
    tree = load(path)
    tree.remove("isolated_decay")
    tree.add_child("containment", "new_branch", "A new branch", probability=0.1, payoff=2)
    tree.save(path)
    after = path.read_text(encoding="utf-8")
    removed = [line for tag, line in changed_lines(before, after) if line in before and line not in after]
    assert any("isolated_decay" in line for line in removed)
    assert "id: new_branch" in after and "# (d) Cold War-style containment" in after
    assert load(path).to_dict() == tree.to_dict()


def test_a_new_float_is_written_short_and_untouched_remainders_stay(tmp_path):
    path = tmp_path / "small.yaml"
    path.write_text(SMALL.replace("title: Small\n", "title: Small   # a comment\n"), encoding="utf-8")
    tree = load(path)
    tree.set_payoff("a", 0.39999999999999997)
    tree.save(path)
    text = path.read_text(encoding="utf-8")
    assert "payoff: 0.39999999999999997}" in text and 'probability: "#"' in text and "# a comment" in text


def test_json_keeps_its_key_order_and_indentation(tmp_path):
    data = yaml.safe_load(SMALL)
    data["root"] = {"kind": data["root"].pop("kind"), **data["root"]}  # an unusual key order
    path = tmp_path / "small.json"
    path.write_text(json.dumps(data, indent=4) + "\n", encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    tree = load(path)
    tree.rename("a", "Ä")
    tree.save(path)
    after = path.read_text(encoding="utf-8")
    assert changed_lines(before, after) == [("replace", '                "label": "A",'),
                                            ("replace", '                "label": "Ä",')]


@pytest.mark.parametrize("name", list(TREES))
def test_a_file_in_another_layout_still_changes_only_the_edited_lines(tmp_path, name):
    # the package's canonical YAML (PyYAML's folding of long lines) is not a layout ruamel writes
    path = tmp_path / "tree.yaml"
    TREES[name].save(path)
    before = path.read_text(encoding="utf-8")
    tree = load(path)
    node = next(each for each in tree.nodes() if each.kind == "outcome")
    old_label = node.label
    tree.rename(node.id, "Renamed")
    tree.save(path)
    after = path.read_text(encoding="utf-8")
    changed = changed_lines(before, after)
    assert len(changed) == 2 and old_label in changed[0][1] and "Renamed" in changed[1][1], changed
    assert all(line.strip().startswith("label: ") for _, line in changed)
    assert load(path).to_dict() == tree.to_dict()


def test_a_tree_built_in_code_is_written_in_the_canonical_style(tmp_path):
    tree = loads(SMALL)
    path = tree.save(tmp_path / "new.yaml")
    assert path.read_text(encoding="utf-8") == tree.dumps("yaml")


def test_patched_text_changes_values_in_place():
    text = "a: 1  # one\nb: [x, y]\n"
    assert patched_text(text, "yaml", {"a": 2, "b": ["x", "y"]}, "t.yaml") == "a: 2  # one\nb: [x, y]\n"
