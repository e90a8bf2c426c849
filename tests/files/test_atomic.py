"""Atomic writes: an interrupted save leaves the old file, permissions are kept."""

from __future__ import annotations

import os
import random
import stat
import subprocess
import sys
import time

import pytest

from scenario_tree import load, loads
from scenario_tree.files import atomic_write
from scenario_tree.synthetic import synthetic_tree
from tests.trees import REPO, SMALL


@pytest.mark.parametrize("failing", ["replace", "fsync"])
def test_interrupted_save_leaves_old_file_and_no_temporary(tmp_path, monkeypatch, failing):
    target = tmp_path / "tree.yaml"
    target.write_text("old content\n", encoding="utf-8")

    def boom(*args, **kwargs):
        raise OSError("disk on fire")

    monkeypatch.setattr(os, failing, boom)
    with pytest.raises(OSError, match="disk on fire"):
        loads(SMALL).save(target, overwrite=True)
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
    loads(SMALL).save(target, overwrite=True)
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert load(target).node("a").label == "A"


def test_new_file_gets_umask_permissions(tmp_path):
    old = os.umask(0o022)
    try:
        target = loads(SMALL).save(tmp_path / "new.yaml")
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_saving_through_a_link_writes_the_file_it_points_to(tmp_path):
    real = tmp_path / "real.yaml"
    loads(SMALL).save(real)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    tree = load(link)
    tree.rename("a", "Through the link")
    assert tree.save(link) == link  # the path as asked for
    assert link.is_symlink() and load(real).node("a").label == "Through the link"


def test_leftovers_of_killed_writers_are_removed_by_the_next_write(tmp_path):
    target = tmp_path / "tree.yaml"
    target.write_text("old\n", encoding="utf-8")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    stale = tmp_path / f".tree.yaml.{int(dead.stdout)}.0badc0de.tmp"
    stale.write_text("half a file", encoding="utf-8")
    alive = tmp_path / f".tree.yaml.{os.getppid()}.0badc0de.tmp"  # a running process may still be writing
    alive.write_text("being written", encoding="utf-8")
    atomic_write(target, b"new\n")
    assert sorted(path.name for path in tmp_path.iterdir()) == [alive.name, "tree.yaml"]


KILLED_SAVER = """
import sys
from scenario_tree import load
tree = load(sys.argv[1])
print("ready", flush=True)
while True:
    tree.rename("n1", "Saved again " + str(len(tree.node("n1").label)))
    tree.save(sys.argv[1])
"""


def test_a_save_killed_at_any_moment_leaves_a_complete_file(tmp_path):
    # 50 processes, each saving a 10,000-node tree again and again, each killed at a random moment
    target = tmp_path / "big.json"
    synthetic_tree(10_000, seed=3).save(target)
    chances = random.Random(11)
    for _ in range(50):
        saver = subprocess.Popen([sys.executable, "-c", KILLED_SAVER, str(target)], stdout=subprocess.PIPE,
                                 text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
        assert saver.stdout.readline() == "ready\n"
        time.sleep(chances.uniform(0, 0.8))  # when it dies, not how long anything takes
        saver.kill()
        saver.wait()
        assert len(load(target)) == 10_000
    assert len([path for path in tmp_path.iterdir() if path.name.endswith(".tmp")]) <= 1
    atomic_write(target, target.read_bytes())
    assert [path.name for path in tmp_path.iterdir()] == ["big.json"]
