"""The SVG: scalable by default, a size on request, stable bytes across runs."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from scenario_tree import default_tree, load, loads
from tests.svg_helpers import parse
from tests.trees import EXAMPLES, REPO


@pytest.mark.exe
def test_svg_scales_by_default_and_has_a_size_on_request():
    tree = default_tree()
    root = parse(tree.to_svg())
    assert re.fullmatch(r"[-0-9.]+ [-0-9.]+ [0-9.]+ [0-9.]+", root.get("viewBox"))
    assert root.get("width") is None and root.get("height") is None
    sized = parse(tree.drawing().svg(fixed_size=True))
    assert sized.get("width").endswith("pt") and sized.get("height").endswith("pt")
    assert sized.get("viewBox") == root.get("viewBox")


@pytest.mark.exe
def test_drawings_are_byte_identical_across_runs_and_processes():
    texaco = EXAMPLES / "texaco_pennzoil.scenario.yaml"
    here = b""
    for tree in (default_tree(), load(texaco)):
        again = loads(tree.dumps())
        assert tree.to_dot() == again.to_dot()
        assert tree.to_svg() == again.to_svg()
        assert tree.to_svg() == tree.drawing().svg()
        here += tree.to_dot().encode() + b"\0" + tree.to_svg().encode() + b"\0"
    for seed in ("0", "12345"):
        environment = {**os.environ, "PYTHONHASHSEED": seed,
                       "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
        done = subprocess.run([sys.executable, "-c", PRINT_DRAWINGS, str(texaco)], capture_output=True,
                              cwd=REPO, env=environment, timeout=120)
        assert done.returncode == 0, done.stderr.decode()
        assert done.stdout == here, f"a fresh process (PYTHONHASHSEED={seed}) drew different bytes"


PRINT_DRAWINGS = """
import sys
import scenario_tree
from tests.trees import EXAMPLES, REPO
for tree in (scenario_tree.default_tree(), scenario_tree.load(sys.argv[1])):
    sys.stdout.buffer.write(tree.to_dot().encode() + b"\\0" + tree.to_svg().encode() + b"\\0")
"""


@pytest.mark.exe
def test_element_ids_are_unique_and_prefixed():
    tree = default_tree()
    root = parse(tree.to_svg())
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert len(ids) == len(set(ids))
    prefix = ids[0].split("-")[0]
    assert re.fullmatch(r"st[0-9a-f]{6}", prefix)
    assert all(re.fullmatch(rf"{prefix}-(node|edge)-[A-Za-z0-9_-]+|{prefix}-legend-\d+|{prefix}-graph", key)
               for key in ids), ids


@pytest.mark.exe
def test_different_prefixes_share_no_ids():
    def ids(svg: str) -> set[str]:
        return {element.get("id") for element in parse(svg).iter() if element.get("id")}

    tree = default_tree()
    first, second = ids(tree.to_svg(id_prefix="one")), ids(tree.to_svg(id_prefix="two"))
    assert first and second and not first & second
    drawings = [ids(default_tree().to_svg()), ids(load(EXAMPLES / "texaco_pennzoil.scenario.yaml").to_svg()),
                ids(load(EXAMPLES / "movie_contract.scenario.yaml").to_svg())]
    prefixes = {next(iter(each)).split("-")[0] for each in drawings}
    assert len(prefixes) == 3, "different trees get different default prefixes"
    for index, each in enumerate(drawings):
        for other in drawings[index + 1:]:
            assert not each & other


def test_id_prefix_cannot_break_the_svg():
    """A prefix with markup characters is refused or escaped; it never breaks the document."""
    tree = default_tree()
    prefix = 'p" onload="alert(1)'
    try:
        drawing = tree.drawing(id_prefix=prefix)
    except ValueError:
        return
    if shutil.which("dot") is None:
        pytest.fail("Graphviz 'dot' not found on PATH; this test needs Graphviz (apt-get install graphviz)")
    root = parse(drawing.svg())
    assert not [element for element in root.iter() if "onload" in element.attrib]
