"""Nodes of a scenario tree (anytree), and the free functions that walk them without recursion.

A node's ``repr`` is its path from the root, so every message can name where it happened.
Walking is iterative on purpose: anytree's own helpers recurse and fail a few hundred levels deep.

>>> root = ScenarioNode("approach", "Washington's approach", "decision")
>>> talk = ScenarioNode("talk", "Dialogue", "chance", parent=root)
>>> ScenarioNode("exit", "Soft exit", "outcome", probability=0.4, parent=talk)
ScenarioNode('/approach/talk/exit')
>>> [node.id for node in preorder(root)]
['approach', 'talk', 'exit']
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from anytree import NodeMixin

from .parameters import number

__all__ = [
    "KINDS",
    "REMAINDER",
    "ScenarioNode",
    "ancestors",
    "attach_new_children",
    "children_of",
    "id_in_path",
    "is_within",
    "node_path",
    "path_from_root",
    "payoff_vector",
    "preorder",
    "resolved_probabilities",
    "resolved_values",
    "shared_out",
]

KINDS = ("decision", "chance", "outcome")
REMAINDER = "#"

Payoff = float | str | dict[str, float | str] | None
Probability = float | str | dict[str, float] | None


class ScenarioNode(NodeMixin):
    """One node of a scenario tree: a decision, a chance event or an outcome.

    The fields mirror the ``scenario-tree/1`` file format; a field left out of the file is ``None``
    (or empty), so saving writes back exactly what was read.
    """

    def __init__(
        self,
        id: str,
        label: str,
        kind: str,
        *,
        actor: str | None = None,
        payoff: Payoff = None,
        probability: Probability = None,
        tags: list[str] | None = None,
        notes: str | None = None,
        quotes: list[dict[str, Any]] | None = None,
        url: str | None = None,
        concentration: float | None = None,
        uncertainty: str | None = None,
        state: str | None = None,
        parent: ScenarioNode | None = None,
    ) -> None:
        self.id = id
        self.label = label
        self.kind = kind
        self.actor = actor
        self.payoff = payoff
        self.probability = probability
        self.tags = list(tags or [])
        self.notes = notes
        self.quotes = list(quotes or [])
        self.url = url
        self.concentration = concentration
        self.uncertainty = uncertainty  # chance nodes with the same name stand for one uncertain state
        self.state = state  # the state this branch stands for (default: its label)
        if parent is not None:  # anytree's setter checks for loops: not needed for a node without a parent
            self.parent = parent

    def __repr__(self) -> str:
        # anytree's own ``path`` is a tuple of nodes and its ``ancestors`` rely on it: keep it.
        return f"ScenarioNode({node_path(self)!r})"


def attach_new_children(parent: ScenarioNode, children: list[ScenarioNode]) -> None:
    """Attach new nodes, with no parent and no children, as all the children of a ``parent`` that has none.

    anytree's ``parent`` setter walks every ancestor to refuse loops and rebuilds the parent's list
    for each child: quadratic in the depth of a chain. Fresh leaves cannot make a loop, so loaders
    link them directly (anytree keeps both sides in these two attributes).

    Raises:
        ValueError: ``parent`` already has children, or a child has a parent or children.
    """
    if getattr(parent, "_NodeMixin__children", None):
        raise ValueError(f"{parent!r} already has children")
    for child in children:
        if getattr(child, "_NodeMixin__parent", None) is not None or getattr(child, "_NodeMixin__children", None):
            raise ValueError(f"{child!r} is not a new node (it has a parent or children)")
        child._NodeMixin__parent = parent
    parent._NodeMixin__children = list(children)


def children_of(node: ScenarioNode) -> list[ScenarioNode] | tuple[()]:
    """The node's children as anytree keeps them, without the copy ``node.children`` makes: read it only."""
    return node.__dict__.get("_NodeMixin__children", ())


def node_path(node: ScenarioNode) -> str:
    """The ``/root_id/.../node_id`` path of ``node`` (iterative, any depth)."""
    return "/" + "/".join(id_in_path(each.id) for each in path_from_root(node))


def id_in_path(node_id: object) -> str:
    """An id as a path shows it: as it is, or quoted and cut short when it is not short printable text.

    A bad id (``"a\\n"``, a 10 MB one) must not break the message that names it.

    >>> id_in_path("deal"), id_in_path("a\\nb")
    ('deal', "'a\\\\nb'")
    """
    if isinstance(node_id, str) and node_id.isprintable() and len(node_id) <= 100:
        return node_id
    text = repr(node_id) if not isinstance(node_id, str) or len(node_id) <= 100 else repr(node_id[:60]) + "..."
    return text[:80]


def ancestors(node: ScenarioNode, include_self: bool = False) -> Iterator[ScenarioNode]:
    """The node's ancestors from its parent up to the root."""
    current = node if include_self else node.parent
    while current is not None:
        yield current
        current = current.parent


def path_from_root(node: ScenarioNode) -> list[ScenarioNode]:
    """The nodes from the root down to ``node`` (both included)."""
    return list(ancestors(node, include_self=True))[::-1]


def is_within(node: ScenarioNode, ancestor: ScenarioNode) -> bool:
    """Whether ``node`` is ``ancestor`` or lies below it."""
    return any(each is ancestor for each in ancestors(node, include_self=True))


def preorder(root: ScenarioNode) -> Iterator[ScenarioNode]:
    """Every node under ``root`` (itself first), parents before children, children in order."""
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(children_of(node)))


def resolved_probabilities(chance: ScenarioNode, values: Mapping[str, Any] | None = None) -> list[Any]:
    """The children's probabilities of a chance node with ``"#"`` replaced by its share of the rest.

    Expressions are evaluated with the parameter ``values`` (numbers, or arrays of samples).

    >>> root = ScenarioNode("c", "C", "chance")
    >>> for name, p in [("a", 0.5), ("b", "#"), ("d", "#")]:
    ...     _ = ScenarioNode(name, name, "outcome", probability=p, parent=root)
    >>> resolved_probabilities(root)
    [0.5, 0.25, 0.25]
    """
    return resolved_values([child.probability for child in children_of(chance)], values)


def resolved_values(raw: list[Any], values: Mapping[str, Any] | None = None) -> list[Any]:
    """Branch probabilities as written (numbers, expressions, ``"#"``) as numbers, as :func:`resolved_probabilities`."""
    values = values or {}
    given = [None if value in (None, REMAINDER) else number(value, values) for value in raw]
    remainder_count = sum(1 for value in raw if value == REMAINDER)
    share = (1.0 - sum(value for value in given if value is not None)) / remainder_count if remainder_count else 0.0
    if isinstance(share, float) and share < 0:  # within the sum's tolerance of 1: nothing is left, not less
        share = 0.0
    return [share if value == REMAINDER else (0.0 if number_ is None else number_)
            for value, number_ in zip(raw, given)]


def shared_out(room: float, current: list[float]) -> list[float]:
    """``room`` shared among branches in proportion to their ``current`` probabilities (equally when they hold none).

    What a slider, a normalisation and a scenario do to the branches they leave free.

    >>> shared_out(0.5, [0.25, 0.75])
    [0.125, 0.375]
    >>> shared_out(0.4, [0.0, 0.0])
    [0.2, 0.2]
    """
    total = sum(current)
    if total > 1e-12:  # the free branches hold something: keep their proportions
        return [value / total * room for value in current]
    return [room / len(current)] * len(current) if current else []


def payoff_vector(payoff: Payoff, actors: list[str], values: Mapping[str, Any] | None = None) -> list[Any]:
    """The payoff as one number per actor: a plain number belongs to the first actor.

    >>> payoff_vector(5, ["west", "putin"])
    [5.0, 0.0]
    >>> payoff_vector({"putin": -2}, ["west", "putin"])
    [0.0, -2.0]
    """
    parameters = values or {}
    vector: list[Any] = [0.0] * len(actors)
    if isinstance(payoff, dict):
        for actor, amount in payoff.items():
            vector[actors.index(actor)] = number(amount, parameters)
    elif payoff is not None:
        vector[0] = number(payoff, parameters)
    return vector
