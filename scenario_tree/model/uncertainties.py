"""Shared uncertainties: chance nodes in different places of a tree that stand for the same uncertain state.

A chance node may carry ``uncertainty: name``; every chance node with that name stands for the same
state of the world (the oil under "test" and under "no test"). Each branch stands for one state: its
``state`` key when it has one, else its label. Every node of a group has the same set of states.

The probabilities of a group's nodes may differ: each is the probability of the state *given what is
known on the path to that node* (after a test, the posterior). Analyses read the group as one
variable: its probability at any point of the tree is the average, over the chance branches below,
of what the group's nodes there say; a decision cannot change it.

>>> from .nodes import ScenarioNode
>>> root = ScenarioNode("go", "Go?", "decision")
>>> a = ScenarioNode("a", "A", "chance", uncertainty="oil", parent=root)
>>> for label in ("Dry", "Wet"):
...     _ = ScenarioNode(f"a_{label.lower()}", label, "outcome", probability=0.5, parent=a)
>>> b = ScenarioNode("b", "B", "chance", uncertainty="oil", parent=root)
>>> _ = ScenarioNode("b_dry", "No oil", "outcome", probability=0.5, state="Dry", parent=b)
>>> _ = ScenarioNode("b_wet", "Oil", "outcome", probability=0.5, state="Wet", parent=b)
>>> {name: [node.id for node in nodes] for name, nodes in uncertainty_groups(root).items()}
{'oil': ['a', 'b']}
>>> states_of(b)
['Dry', 'Wet']
>>> list(group_problems(root))
[]
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from .nodes import ScenarioNode, ancestors, children_of, preorder

__all__ = ["group_problems", "local_problems", "state_of", "states_of", "uncertainty_groups"]


def state_of(branch: ScenarioNode) -> str:
    """The state a branch of a shared uncertainty stands for: its ``state`` key, else its label."""
    return branch.state if branch.state is not None else branch.label


def states_of(node: ScenarioNode) -> list[str]:
    """The states of a chance node's branches, in the order of its children."""
    return [state_of(child) for child in children_of(node)]


def uncertainty_groups(root: ScenarioNode) -> dict[str, list[ScenarioNode]]:
    """Each uncertainty's name with its chance nodes, in the order of the tree (preorder)."""
    groups: dict[str, list[ScenarioNode]] = {}
    for node in preorder(root):
        if node.uncertainty is not None and node.kind == "chance":
            groups.setdefault(node.uncertainty, []).append(node)
    return groups


def local_problems(node: ScenarioNode) -> Iterator[tuple[str, str]]:
    """``(field, message)`` for the rules one node obeys alone: where the keys may be, each state once."""
    if node.uncertainty is not None and node.kind != "chance":
        yield "uncertainty", (f"found on a {node.kind} node; only chance nodes stand for an uncertain state")
    parent = node.parent
    if node.state is not None and (parent is None or parent.kind != "chance" or parent.uncertainty is None):
        yield "state", ("found on a node that is not a branch of a chance node with an 'uncertainty'; "
                        "only such branches name a state")
    if node.uncertainty is not None and node.kind == "chance":
        states = states_of(node)
        repeated = sorted({state for state in states if states.count(state) > 1})
        if repeated:
            yield "children", (f"uncertainty {node.uncertainty!r}: the state {repeated[0]!r} is named by more than "
                               "one branch; expected each state once (give branches a 'state' key to tell them apart)")


def group_problems(root: ScenarioNode, names: Collection[str] | None = None) -> Iterator[tuple[ScenarioNode, str, str]]:
    """``(node, field, message)`` for every node whose states differ from those of its group's first node.

    Args:
        names: Check only these uncertainties (default: all).
    """
    for name, nodes in uncertainty_groups(root).items():
        if names is not None and name not in names:
            continue
        members = set(nodes)
        for node in nodes:
            above = next((each for each in ancestors(node) if each in members), None)
            if above is not None:
                yield node, "uncertainty", (f"uncertainty {name!r}: below {above!r}, where its state is already "
                                            "known; a path meets each uncertainty once")
        expected = states_of(nodes[0])
        for node in nodes[1:]:
            found = states_of(node)
            if set(found) != set(expected):
                missing = [state for state in expected if state not in found]
                extra = [state for state in found if state not in expected]
                yield node, "uncertainty", (
                    f"uncertainty {name!r}: found the states {found}, expected the states of {nodes[0]!r}: "
                    f"{expected} (missing {missing}, not expected {extra}); branches are matched by their "
                    "'state' key, else by their label")
