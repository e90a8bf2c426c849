"""ScenarioTree: saving scenario files and drawings by extension, SVG in notebooks."""

from __future__ import annotations

import json

import pytest

import scenario_tree
from scenario_tree import default_tree, load
from scenario_tree.model import preorder
from tests.svg_helpers import groups, parse
from tests.trees import EXAMPLES, MAGIC


@pytest.mark.exe
@pytest.mark.parametrize("fmt", ["svg", "png", "pdf", "dot"])
def test_save_writes_each_format_atomically(tmp_path, fmt):
    tree = default_tree()
    target = tmp_path / f"tree.{fmt}"
    assert tree.save(target) == target
    data = target.read_bytes()
    if fmt in MAGIC:
        assert data.startswith(MAGIC[fmt])
        assert len(data) > 5000
    elif fmt == "svg":
        root = parse(data.decode("utf-8"))
        assert data.decode("utf-8") == tree.drawing().svg(fixed_size=True)  # a file keeps its natural size
        assert root.get("width", "").endswith("pt") and root.get("viewBox")
        assert len(groups(root)) > 36
    else:
        assert data.decode("utf-8") == tree.to_dot()
    assert sorted(path.name for path in tmp_path.iterdir()) == [target.name], "a temporary file was left"
    # saving again replaces the file; options apply
    tree.save(target, rankdir="TB", depth=1)
    assert sorted(path.name for path in tmp_path.iterdir()) == [target.name]
    if fmt == "dot":
        assert "rankdir=TB" in target.read_text(encoding="utf-8")
        assert "outcomes folded" in target.read_text(encoding="utf-8")


@pytest.mark.exe
def test_failed_export_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    tree = default_tree()
    target = tmp_path / "tree.png"
    target.write_bytes(b"old")

    def broken(*args, **kwargs):
        raise scenario_tree.GraphvizError("broken on purpose")

    monkeypatch.setattr("scenario_tree.drawing.drawing.run_graphviz", broken)
    with pytest.raises(scenario_tree.GraphvizError):
        tree.save(target)
    assert target.read_bytes() == b"old"
    assert [path.name for path in tmp_path.iterdir()] == ["tree.png"]


@pytest.mark.exe
def test_save_html_writes_the_standalone_page_with_the_trees_numbers_now(tmp_path):
    tree = default_tree()
    tree.set_probability("guarantees_credible", 0.7)
    target = tree.save(tmp_path / "tree.html", rankdir="TB")
    text = target.read_text(encoding="utf-8")
    data = json.loads(text.split('id="scenario-page-data">')[1].split("</script>")[0])
    nodes = {node["id"]: node for node in data["nodes"]}
    assert text.startswith("<!DOCTYPE html>") and data["title"] == tree.title
    assert nodes["guarantees_credible"]["probability"] == pytest.approx(0.7)
    assert 'class="graph"' in data["svg"] and "rankdir" not in data["svg"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["tree.html"], "a temporary file was left"


@pytest.mark.parametrize("name", ["tree.jpg", "tree"])
def test_unknown_extension_names_every_allowed_one(tmp_path, name):
    tree = default_tree()
    for options in ({}, {"rankdir": "TB"}):
        with pytest.raises(ValueError) as raised:
            tree.save(tmp_path / name, **options)
        message = str(raised.value)
        for allowed in (".svg", ".png", ".pdf", ".dot", ".html", ".yaml", ".json"):
            assert allowed in message, f"save({name!r}, **{options}): {message!r} does not name {allowed}"
    assert not list(tmp_path.iterdir())


@pytest.mark.exe
def test_repr_svg_is_the_svg():
    tree = default_tree()
    text = tree._repr_svg_()
    assert isinstance(text, str) and text.startswith("<svg")
    assert text == tree.to_svg()
    parse(text)


def test_repr_is_stable_text():
    tree = default_tree()
    expected = "<ScenarioTree 'The Ultimate Trump-Putin Deal': 36 nodes, root '/dialogue'>"
    assert repr(tree) == expected
    assert repr(default_tree()) == expected
    assert repr(load(EXAMPLES / "movie_contract.scenario.yaml")) == ("<ScenarioTree 'Movie contract': 6 nodes, "
                                                                     "root '/contract'>")
    tree.set_probability("soft_landing", 0.5)
    assert repr(tree) == expected
    assert len(list(preorder(tree.root))) == 36
