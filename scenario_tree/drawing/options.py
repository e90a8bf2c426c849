"""How a tree is drawn: the options a caller chooses, and the colours and shapes of the house style."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

__all__ = ["FONT", "MUTED_COLOUR", "MUTED_TEXT", "POLICY_COLOUR", "RANKDIRS", "REALISED_COLOUR", "SELECTED_COLOUR",
           "STYLE", "TAG_COLOURS", "TEXT_COLOUR", "WRAP", "DrawOptions"]


RANKDIRS = ("LR", "TB", "RL", "BT")


FONT = "Helvetica,Arial,sans-serif"


TAG_COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
               "#9c755f", "#bab0ac")


STYLE = {
    "decision": ("#dbe8f7", "#2c5d95"),
    "chance": ("#fbefc9", "#a8731b"),
    "outcome": ("#ffffff", "#555555"),
    "folded": ("#ececec", "#777777"),
}


POLICY_COLOUR, MUTED_COLOUR, SELECTED_COLOUR, TEXT_COLOUR = "#1d5fa8", "#b9b9b9", "#d0307f", "#222222"


MUTED_TEXT = "#666666"  # off the policy, but still readable: 5.7:1 on white


REALISED_COLOUR = "#1b7f3b"  # what happened (a hindsight record): green, apart from the policy's blue


WRAP = 24


PREFIX_PATTERN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]*$")


@dataclass(frozen=True)
class DrawOptions:
    """How to draw a tree. Every field has a sensible default.

    Args:
        rankdir: Direction of the tree: ``LR`` (default), ``TB``, ``RL`` or ``BT``.
        depth: Fold every subtree below this depth (the root is depth 0).
        min_probability: Fold every node whose path probability is below this.
        max_nodes: Fold the least likely subtrees until at most this many nodes are shown
            (``None`` draws everything however large).
        folded: Ids of nodes to fold. unfolded: Ids never folded automatically.
        selected: Id of a node whose path from the root is highlighted.
        realised: Id of the deepest node known to have happened (a hindsight record's
            ``deepest``): its path from the root is drawn as what happened.
        width_by_probability: Make edges thicker the likelier their path.
        colour_by_tag: Colour outcomes by their first tag, with a legend.
        show_title: Show the title and the source above the tree.
        id_prefix: Prefix of every element id (default: from the title and root id).
        timeout: Seconds Graphviz may run.
    """

    rankdir: str = "LR"
    depth: int | None = None
    min_probability: float | None = None
    max_nodes: int | None = 400
    folded: frozenset[str] = frozenset()
    unfolded: frozenset[str] = frozenset()
    selected: str | None = None
    realised: str | None = None
    width_by_probability: bool = False
    colour_by_tag: bool = True
    show_title: bool = True
    id_prefix: str | None = None
    timeout: float = 60.0

    def __post_init__(self) -> None:
        if self.rankdir not in RANKDIRS:
            raise ValueError(f"unknown rankdir: {self.rankdir!r} (must be one of {list(RANKDIRS)})")
        if self.depth is not None and self.depth < 0:
            raise ValueError(f"depth: found {self.depth}, expected 0 or more")
        if self.min_probability is not None and not 0 <= self.min_probability <= 1:
            raise ValueError(f"min_probability: found {self.min_probability}, expected a number in [0, 1]")
        if self.max_nodes is not None and self.max_nodes < 1:
            raise ValueError(f"max_nodes: found {self.max_nodes}, expected 1 or more (or None)")
        if self.id_prefix is not None and not PREFIX_PATTERN.match(self.id_prefix):
            raise ValueError(f"id_prefix: found {self.id_prefix!r}, expected a letter then letters, digits, _ or -")
        object.__setattr__(self, "folded", frozenset(self.folded))
        object.__setattr__(self, "unfolded", frozenset(self.unfolded))

    def but(self, **changes: object) -> DrawOptions:
        """A copy with some fields changed."""
        return replace(self, **changes)
