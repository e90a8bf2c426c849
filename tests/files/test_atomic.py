"""Atomic writes: an interrupted save leaves the old file, permissions are kept."""

from __future__ import annotations

import os
import stat

import pytest

from scenario_tree import load, loads
from scenario_tree.files import atomic_write
from tests.trees import SMALL


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
