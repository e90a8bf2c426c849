"""The ``scenario-tree/1`` format's constants: its name, fields, file suffixes and limits.

>>> FORMAT
'scenario-tree/1'
"""

from __future__ import annotations

__all__ = ["DEFAULT_TREE", "FORMAT", "MAX_DEPTH", "MAX_FILE_BYTES", "NODE_FIELDS", "TEXT_SUFFIXES", "TOP_FIELDS"]

FORMAT = "scenario-tree/1"


MAX_DEPTH = 2000  # tree levels


MAX_FILE_BYTES = 1 << 30  # a million-node tree as indented JSON is about 350 MB


TEXT_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".json": "json"}


NODE_FIELDS = ("id", "label", "kind", "actor", "probability", "concentration", "uncertainty", "state", "payoff", "tags",
               "notes", "quotes", "url")


TOP_FIELDS = ("format", "title", "description", "source", "actors", "parameters", "utility", "scenarios")


DEFAULT_TREE = "trump_putin_2017.scenario.yaml"
