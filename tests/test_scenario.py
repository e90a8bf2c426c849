"""ScenarioTree: saving scenario files and drawings by extension, SVG in notebooks."""

from __future__ import annotations

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
        assert data.decode("utf-8") == tree.to_svg()
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


@pytest.mark.parametrize("name", ["tree.jpg", "tree.html", "tree"])
def test_unknown_extension_names_every_allowed_one(tmp_path, name):
    tree = default_tree()
    for options in ({}, {"rankdir": "TB"}):
        with pytest.raises(ValueError) as raised:
            tree.save(tmp_path / name, **options)
        message = str(raised.value)
        for allowed in (".svg", ".png", ".pdf", ".dot", ".yaml", ".json"):
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
