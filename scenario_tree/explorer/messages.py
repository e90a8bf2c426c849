"""Messages for a reader: the package's errors, with nodes named by their labels, not their paths.

>>> from scenario_tree import default_tree
>>> plain(default_tree(), "ScenarioNode('/dialogue/transition_deal'): label: found '', expected non-empty text")
'“Deal: guarantees for a soft transition”: the label cannot be empty'
"""

from __future__ import annotations

import re

from ..model import TreeModel

__all__ = ["plain"]

_NODE = re.compile(r"ScenarioNode\('(?P<path>[^']*)'\)")
_REWORDINGS = [  # what the checks say, as a reader would say it
    (re.compile(r": label: found '', expected non-empty text"), ": the label cannot be empty"),
    (re.compile(r": probability: found (?P<v>\S+), expected a number in \[0, 1\]"),
     r": a probability must be between 0 and 1 (found \g<v>)"),
    (re.compile(r": probability: found (?P<v>.+), expected a finite number"), r": \g<v> is not a number"),
    (re.compile(r"\bfound (?P<v>\S+), expected a finite number"), r"\g<v> is not a number"),
]


def plain(tree: TreeModel, message: str) -> str:
    """``message`` with every node path replaced by the node's label in quotes, and checks reworded."""
    def label(match: re.Match[str]) -> str:
        node_id = match["path"].rsplit("/", 1)[-1]
        return f"“{tree.node(node_id).label}”" if node_id in tree else match.group()

    text = _NODE.sub(label, message)
    for pattern, replacement in _REWORDINGS:
        text = pattern.sub(replacement, text)
    return text
