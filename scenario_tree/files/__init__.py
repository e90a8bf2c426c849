"""Files: reading and checking ``scenario-tree/1`` YAML and JSON, writing them back, atomic writes, the outline.

The format is published as a JSON Schema (``schema.json``); the rules beyond it are the model's
(:mod:`scenario_tree.model.rules`). Readers take a ``factory``, the tree class to build, so that the
layer above can have its own :class:`~scenario_tree.ScenarioTree` built without this layer knowing it.
Other programs' files: :mod:`~scenario_tree.files.silverdecisions` (read by every loader, written on
request) and :mod:`~scenario_tree.files.gambit` (extensive-form games, written).
"""

from .atomic import atomic_write
from .check import tree_from_data
from .format import FORMAT, MAX_DEPTH, TEXT_SUFFIXES
from .read import default_tree, load, load_or_default, loads, parse_text
from .source import OverwriteRefused
from .write import dumps, save, tree_to_data

__all__ = [
    "FORMAT",
    "MAX_DEPTH",
    "OverwriteRefused",
    "TEXT_SUFFIXES",
    "atomic_write",
    "default_tree",
    "dumps",
    "load",
    "load_or_default",
    "loads",
    "parse_text",
    "save",
    "tree_from_data",
    "tree_to_data",
]
