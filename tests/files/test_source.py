"""A tree's own file, and the guard against replacing any other file (or one changed since loading)."""

from __future__ import annotations

import gc
import os

import pytest

from scenario_tree import load, loads
from scenario_tree.files import OverwriteRefused
from scenario_tree.files.source import fingerprint, source_of, unchanged
from tests.trees import SMALL


@pytest.fixture()
def own(tmp_path):
    path = tmp_path / "own.yaml"
    path.write_text(SMALL, encoding="utf-8")
    return path


def test_loading_remembers_the_file_as_it_was(own):
    tree = load(own)
    source = source_of(tree)
    assert source.path == str(own) and source.real == os.path.realpath(own) and unchanged(source)
    assert source.fingerprint == fingerprint(own) and fingerprint(own.parent / "missing") is None
    assert source_of(loads(SMALL)) is None


def test_the_own_file_unchanged_is_saved_without_asking(own):
    tree = load(own)
    tree.rename("a", "Again")
    tree.save(own)
    tree.rename("a", "And again")
    tree.save(own)  # the saved file is the tree's own now
    assert load(own).node("a").label == "And again"


def test_a_file_changed_on_disk_is_replaced_only_on_purpose(own):
    tree = load(own)
    own.write_text(SMALL.replace("title: Small", "title: Theirs"), encoding="utf-8")
    with pytest.raises(OverwriteRefused, match=f"{own} changed on disk since it was loaded"):
        tree.save(own)
    assert "Theirs" in own.read_text(encoding="utf-8")
    tree.save(own, overwrite=True)
    assert load(own).title == "Small"


def test_another_existing_file_is_replaced_only_on_purpose(own, tmp_path):
    other = tmp_path / "other.yaml"
    other.write_text("precious\n", encoding="utf-8")
    for tree in (load(own), loads(SMALL)):
        with pytest.raises(OverwriteRefused, match=f"{other} already exists and this tree was not loaded from it"):
            tree.save(other)
        assert other.read_text(encoding="utf-8") == "precious\n"
    loads(SMALL).save(other, overwrite=True)
    assert load(other).title == "Small"
    new = tmp_path / "new.yaml"
    assert loads(SMALL).save(new) == new  # a new file needs no asking


def test_sources_are_forgotten_with_their_trees(own):
    tree = load(own)
    reference = [source_of(tree)]
    del tree
    gc.collect()
    assert reference[0].path == str(own)  # nothing else keeps trees alive
