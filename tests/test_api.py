"""The public surface of the package: exported names, typing marker, node repr."""

from __future__ import annotations

import importlib
from pathlib import Path

import scenario_tree

EXPECTED_ALL = [
    "AnalysisError",
    "EditError",
    "Evaluation",
    "GraphvizError",
    "Problem",
    "ScenarioError",
    "ScenarioFileError",
    "ScenarioNode",
    "ScenarioTree",
    "__version__",
    "default_tree",
    "explore",
    "load",
    "load_ipython_extension",
    "loads",
    "write_report",
]


def test_all_is_the_expected_sorted_list():
    assert sorted(EXPECTED_ALL) == EXPECTED_ALL
    assert scenario_tree.__all__ == EXPECTED_ALL


def test_every_exported_name_is_importable():
    module = importlib.import_module("scenario_tree")
    for name in scenario_tree.__all__:
        assert getattr(module, name) is not None, name
    namespace: dict[str, object] = {}
    exec("from scenario_tree import *", namespace)
    assert set(EXPECTED_ALL) - {"__version__"} <= set(namespace)


def test_error_hierarchy():
    from scenario_tree import EditError, GraphvizError, ScenarioError, ScenarioFileError

    for error in (EditError, GraphvizError, ScenarioFileError):
        assert issubclass(error, ScenarioError)
    assert issubclass(ScenarioFileError, ValueError)
    assert issubclass(EditError, ValueError)


def test_py_typed_marker_exists():
    package = Path(scenario_tree.__file__).parent
    assert (package / "py.typed").is_file()


def test_version_is_text():
    assert isinstance(scenario_tree.__version__, str)
    assert scenario_tree.__version__.count(".") >= 1


def test_node_repr_is_its_path():
    tree = scenario_tree.default_tree()
    assert repr(tree.root) == "ScenarioNode('/dialogue')"
    assert repr(tree.node("soft_landing")) == (
        "ScenarioNode('/dialogue/transition_deal/guarantees_credible/negotiate_exit/soft_landing')")
    assert repr(tree.node("containment")) == "ScenarioNode('/dialogue/containment')"


def test_tree_repr_and_len():
    tree = scenario_tree.default_tree()
    assert len(tree) == len(list(tree.nodes()))
    assert "The Ultimate Trump-Putin Deal" in repr(tree)
