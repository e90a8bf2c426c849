"""The edits of a scenario tree, each made of reversible steps so that it can be undone and redone.

:class:`Edits` is a mixin of :class:`~scenario_tree.model.tree.TreeModel`: it changes nodes only
through :meth:`Edits._set`, :meth:`Edits._attach` and :meth:`Edits._detach`, which record how to
undo themselves and tell the tree what they touched. After an edit, the rules of
:mod:`~scenario_tree.model.rules` (the same ones loading applies) are checked around what changed;
an edit that would break one is undone and refused with an :class:`~scenario_tree.errors.EditError`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any

from ..errors import EditError
from .expressions import ExpressionError
from .history import History, Step
from .names import fresh_id
from .nodes import KINDS, REMAINDER, ScenarioNode, preorder, resolved_probabilities, shared_out
from .rules import (
    Breach,
    actor_problem,
    id_problem,
    label_problem,
    node_breaches,
    number_problem,
    text_problem,
    tree_breaches,
    uncertainty_breaches,
    utility_breaches,
)
from .scenario_sets import payoff_with

__all__ = ["Edits"]



class Edits:
    """The editing half of a tree: every public method here is one undoable edit."""

    # what the tree half provides (TreeModel): its state, node(), parameter_values() and touched()
    actors: list[str]
    history: History
    locked: set[str]
    meta: dict[str, Any]
    parameters: dict[str, Any]
    root: ScenarioNode
    _by_id: dict[str, ScenarioNode]
    _keep_base: Callable[[], None]
    _prune_scenarios: Callable[[list[Step]], None]

    # -- edits ----------------------------------------------------------------------------------

    def lock(self, node_id: str) -> None:
        """Keep this branch's probability fixed when a sibling is edited."""
        self.locked.add(self._branch_of_chance(node_id).id)

    def unlock(self, node_id: str) -> None:
        """Let this branch be rescaled again when a sibling is edited."""
        self.locked.discard(self.node(node_id).id)

    def set_probability(self, node_id: str, probability: float, gesture: Hashable | None = None) -> None:
        """Set one chance branch and rescale its unlocked siblings so the node still sums to 1.

        Edits with the same ``gesture`` in a row (the values of one slider drag) are undone as one.

        Raises:
            EditError: The value is not in [0, 1], or the locked siblings leave no way to reach 1.
        """
        node = self._branch_of_chance(node_id)
        probability = _checked_number(probability, f"{node!r}: probability", low=0.0, high=1.0)
        self._edit(lambda steps: self._share_out(node, probability, steps), around=[node.parent], gesture=gesture)

    def set_probabilities(self, chance_id: str, probabilities: dict[str, float | str]) -> None:
        """Set several branches of one chance node at once (``"#"`` allowed); they must sum to 1.

        Branches not named keep their value. One edit, undone as one.
        """
        chance = self.node(chance_id)
        if chance.kind != "chance":
            raise EditError(f"{chance!r} is a {chance.kind}, not a chance node")
        unknown = set(probabilities) - {child.id for child in chance.children}
        if unknown:
            raise EditError(f"{chance!r} has no branch {sorted(unknown)!r} "
                            f"(its branches: {[child.id for child in chance.children]})")
        for child_id, value in probabilities.items():
            if value != REMAINDER:
                _checked_number(value, f"{self.node(child_id)!r}: probability", low=0.0, high=1.0)

        def build(steps: list[Step]) -> None:
            for child in chance.children:
                if child.id in probabilities:
                    self._set(child, "probability", probabilities[child.id], steps)

        self._edit(build, around=[chance])

    def set_parameter(self, name: str, value: float | str) -> None:
        """Change a declared parameter's value (a number or an expression); its range is kept.

        Refused, changing nothing, when the tree would no longer load: a probability out of
        [0, 1], branches not summing to 1, a division by zero, a cycle, an unknown name.
        """
        parameters = self.parameters
        if name not in parameters:
            raise EditError(f"unknown parameter: {name!r} (must be one of {sorted(parameters)})")
        if isinstance(value, str):
            if value == "#" or not value.strip():
                raise EditError(f"parameter {name!r}: found {value!r}, expected a number or an expression")
        else:
            value = _checked_number(value, f"parameter {name!r}")
        old = parameters[name]
        parameters[name] = {**old, "value": value} if isinstance(old, dict) else value
        found = [*tree_breaches(self.root, self.actors, parameters),
                 *utility_breaches(self.meta.get("utility"), self.actors, parameters)]
        if found:
            raise EditError(f"parameter {name!r} cannot be {value!r}:\n{_described(found)}")
        self._edit(lambda steps: self._set_meta("parameters", parameters, steps))

    def set_payoff(self, node_id: str, payoff: float | dict[str, float] | None, actor: str | None = None) -> None:
        """Set the payoff received on entering a node: for one ``actor``, or the whole payoff."""
        node = self.node(node_id)
        payoff = self._payoff_with(node, actor, payoff) if actor is not None else self._checked_payoff(payoff, node)
        self._edit(lambda steps: self._set(node, "payoff", payoff, steps), around=[node])

    def rename(self, node_id: str, label: str) -> None:
        """Change the label shown for a node (a branch of a shared uncertainty keeps its state: see ``state``)."""
        node = self.node(node_id)
        if label_problem(label):
            raise EditError(f"{node!r}: label: {label_problem(label)}")
        def build(steps: list[Step]) -> None:
            parent = node.parent
            if node.state is None and parent is not None and parent.kind == "chance" and parent.uncertainty:
                self._set(node, "state", node.label, steps)  # the branch keeps standing for the state it named
            self._set(node, "label", label, steps)

        self._edit(build, around=[node])

    def set_notes(self, node_id: str, notes: str | None) -> None:
        """Replace a node's free-text notes (``None`` removes them)."""
        node = self.node(node_id)
        if notes and (problem := text_problem(notes, "notes")):
            raise EditError(f"{node!r}: notes: {problem}")
        self._edit(lambda steps: self._set(node, "notes", notes or None, steps))

    def set_actor(self, node_id: str, actor: str) -> None:
        """Choose whose payoff a decision node maximises."""
        node = self.node(node_id)
        if node.kind != "decision":
            raise EditError(f"{node!r}: actor: only decision nodes have an actor (this is a {node.kind})")
        self._edit(lambda steps: self._set(node, "actor", self._checked_actor(actor, node), steps), around=[node])

    def add_child(
        self,
        parent_id: str,
        node_id: str,
        label: str,
        kind: str = "outcome",
        *,
        probability: float | None = None,
        payoff: float | dict[str, float] | None = None,
        index: int | None = None,
    ) -> ScenarioNode:
        """Add a new leaf under a decision or chance node (at ``index``, default last).

        Under a chance node the new branch takes ``probability`` (default 0) and its unlocked
        siblings are rescaled to make room. A new decision or chance child gets a first branch of
        its own, so the tree stays valid.
        """
        parent = self.node(parent_id)
        if parent.kind == "outcome":
            raise EditError(f"{parent!r}: an outcome has no children (change its kind first)")
        if parent.kind == "decision" and probability is not None:
            raise EditError(f"{parent!r} is a decision: its branches take no probability")
        self._check_new_id(node_id)
        if kind not in KINDS:
            raise EditError(f"unknown kind: {kind!r} (must be one of {list(KINDS)})")
        share = None if parent.kind == "decision" else _checked_number(
            probability or 0.0, f"{parent_id}/{node_id}: probability", low=0.0, high=1.0)
        if label_problem(label):
            raise EditError(f"{parent_id}/{node_id}: label: {label_problem(label)}")
        # enter with nothing, then take the share: a "#" sibling must see the room before the new branch
        child = ScenarioNode(node_id, label, "outcome", probability=None if share is None else 0.0)
        child.payoff = self._checked_payoff(payoff, child)
        position = len(parent.children) if index is None else max(0, min(index, len(parent.children)))

        def build(steps: list[Step]) -> None:
            self._attach(child, parent, position, steps)
            if share:
                self._share_out(child, share, steps)
            if kind != "outcome":
                self._change_kind(child, kind, steps)

        self._edit(build, around=[child])
        return child

    def remove(self, node_id: str) -> None:
        """Delete a node and its whole subtree; a chance parent's other branches are rescaled."""
        node = self.node(node_id)
        parent = node.parent
        if parent is None:
            raise EditError(f"{node!r} is the root; it cannot be removed")
        if len(parent.children) == 1:
            raise EditError(f"{node!r} is the only branch of {parent!r}; a {parent.kind} needs at least one")

        def build(steps: list[Step]) -> None:
            self._detach(node, steps)
            if parent.kind == "chance":
                self._normalise(parent, steps)
            self._prune_scenarios(steps)

        self._edit(build, around=[parent])

    def set_kind(self, node_id: str, kind: str) -> None:
        """Turn a node into a decision, chance or outcome node.

        An outcome must be a leaf; an outcome turned into a decision or chance node gets one new
        branch; branches of a new chance node share the probability equally.
        """
        node = self.node(node_id)
        if kind not in KINDS:
            raise EditError(f"unknown kind: {kind!r} (must be one of {list(KINDS)})")
        if kind == "outcome" and node.children:
            raise EditError(f"{node!r} has {len(node.children)} branches; remove them before making it an outcome")
        if kind != node.kind:
            self._edit(lambda steps: (self._change_kind(node, kind, steps), self._prune_scenarios(steps)),
                       around=[node])

    def undo(self) -> bool:
        """Undo the last edit; False when there is none."""
        return self.history.undo()

    def redo(self) -> bool:
        """Redo the last undone edit; False when there is none."""
        return self.history.redo()

    # -- edit internals -------------------------------------------------------------------------

    def _edit(self, build: Callable[[list[Step]], Any], around: Iterable[ScenarioNode] = (),
              gesture: Hashable | None = None) -> None:
        """Run ``build`` (which applies steps), check the rules around what it touched, keep it as one edit.

        If ``build`` fails or leaves a node breaking a rule, every step is undone and nothing changes.
        """
        self._keep_base()  # the numbers before the first edit are the base of named scenarios
        steps: list[Step] = []
        try:
            build(steps)
            self._refuse_breaches(around)
        except Exception:
            for step in reversed(steps):
                step.revert()
            raise
        self.history.record(steps, gesture)

    def _refuse_breaches(self, around: Iterable[ScenarioNode]) -> None:
        """The rules loading applies, checked on these nodes, their parents and their children."""
        try:
            values = self.parameter_values()
        except ExpressionError as error:
            raise EditError(f"parameters: {error}") from None
        nearby: dict[int, ScenarioNode] = {}
        for node in around:
            for each in (node, node.parent, *node.children):
                if each is not None:
                    nearby[id(each)] = each
        found = [breach for node in nearby.values() for breach in node_breaches(node, self.actors, values)]
        shared = {node.uncertainty for node in nearby.values() if node.uncertainty is not None}
        if shared:  # a group's states are compared across the tree
            found.extend(uncertainty_breaches(self.root, shared))
        if found:
            raise EditError(_described(found))

    def _branch_of_chance(self, node_id: str) -> ScenarioNode:
        node = self.node(node_id)
        if node.parent is None or node.parent.kind != "chance":
            where = "the root" if node.parent is None else f"a branch of a {node.parent.kind}"
            raise EditError(f"{node!r} is {where}; only branches of chance nodes have probabilities")
        return node

    def _share_out(self, node: ScenarioNode, probability: float, steps: list[Step]) -> None:
        parent = node.parent
        current = dict(zip(parent.children, resolved_probabilities(parent, self.parameter_values())))
        siblings = [child for child in parent.children if child is not node]
        locked = [child for child in siblings if child.id in self.locked]
        free = [child for child in siblings if child.id not in self.locked]
        locked_total = sum(current[child] for child in locked)
        room = 1.0 - probability - locked_total
        if room < -1e-9:
            raise EditError(f"cannot set {node!r} to {probability:g}: its locked siblings hold "
                            f"{locked_total:g}, so it can be at most {1 - locked_total:g}")
        if not free and abs(room) > 1e-9:
            raise EditError(f"cannot set {node!r} to {probability:g}: every sibling is locked, "
                            f"so it must be {1 - locked_total:g}")
        for child, share in zip(free, shared_out(max(room, 0.0), [current[child] for child in free])):
            self._set(child, "probability", share, steps)
        for child in locked:
            self._set(child, "probability", current[child], steps)
        self._set(node, "probability", probability, steps)

    def _normalise(self, chance: ScenarioNode, steps: list[Step]) -> None:
        """Scale the unlocked branches so the node sums to 1 again (all of them if that is impossible)."""
        current = dict(zip(chance.children, resolved_probabilities(chance, self.parameter_values())))
        free = [child for child in chance.children if child.id not in self.locked]
        room = 1.0 - sum(value for child, value in current.items() if child not in free)
        if not free or room < -1e-9:
            free, room = list(chance.children), 1.0
        shares = dict(zip(free, shared_out(room, [current[child] for child in free])))
        for child in chance.children:
            self._set(child, "probability", shares.get(child, current[child]), steps)

    def _change_kind(self, node: ScenarioNode, kind: str, steps: list[Step]) -> None:
        if node.kind == "decision":
            self._set(node, "actor", None, steps)
        self._set(node, "kind", kind, steps)
        if kind == "outcome":
            return
        if not node.children:
            branch = ScenarioNode(fresh_id(f"{node.id}_1", self._by_id), "New branch", "outcome")
            self._attach(branch, node, 0, steps)
        share = 1.0 / len(node.children) if kind == "chance" else None
        for child in node.children:
            self._set(child, "probability", share, steps)

    def _checked_payoff(self, payoff: Any, node: ScenarioNode) -> Any:
        if isinstance(payoff, dict):
            return {self._checked_actor(name, node): _checked_number(amount, f"{node.id}: payoff[{name}]")
                    for name, amount in payoff.items()}
        return None if payoff is None else _checked_number(payoff, f"{node.id}: payoff")

    def _payoff_with(self, node: ScenarioNode, actor: str, amount: Any) -> Any:
        self._checked_actor(actor, node)
        return payoff_with(node.payoff, actor, _checked_number(amount, f"{node!r}: payoff[{actor}]"), self.actors)

    def _checked_actor(self, actor: str, node: ScenarioNode) -> str:
        if actor_problem(actor, self.actors):
            raise EditError(f"{node!r}: {actor_problem(actor, self.actors)}")
        return actor

    def _check_new_id(self, node_id: str) -> None:
        if id_problem(node_id):
            raise EditError(f"bad node id: {id_problem(node_id)}")
        if node_id in self._by_id:
            raise EditError(f"node id {node_id!r} is already used by {self._by_id[node_id]!r}")

    # -- reversible steps: each applies itself and records how to undo ---------------------------

    def _set(self, node: ScenarioNode, field: str, value: Any, steps: list[Step]) -> None:
        old = getattr(node, field)

        def apply() -> None:
            setattr(node, field, value)
            self.touched(node, field)

        def revert() -> None:
            setattr(node, field, old)
            self.touched(node, field)

        apply()
        steps.append(Step(apply, revert))

    def _set_meta(self, key: str, value: Any, steps: list[Step]) -> None:
        """Set a top-level field of the file (``None`` removes it), as a reversible step."""
        old = self.meta.get(key)

        def put(new: Any) -> None:
            if new is None:
                self.meta.pop(key, None)
            else:
                self.meta[key] = new
            self.touched(self.root, key)

        put(value)
        steps.append(Step(lambda: put(value), lambda: put(old)))

    def _attach(self, node: ScenarioNode, parent: ScenarioNode, index: int, steps: list[Step]) -> None:
        link, unlink = self._link_pair(node, parent, index)
        link()
        steps.append(Step(link, unlink))

    def _detach(self, node: ScenarioNode, steps: list[Step]) -> None:
        link, unlink = self._link_pair(node, node.parent, node.parent.children.index(node))
        unlink()
        steps.append(Step(unlink, link))

    def _link_pair(self, node: ScenarioNode, parent: ScenarioNode, index: int) -> tuple[Any, Any]:
        carried_locks: set[str] = set()

        def link() -> None:
            children = list(parent.children)
            children.insert(index, node)
            parent.children = children
            self._by_id.update((each.id, each) for each in preorder(node))
            self.locked |= carried_locks
            self.touched(node, "children")

        def unlink() -> None:
            node.parent = None
            for each in preorder(node):
                self._by_id.pop(each.id, None)
            carried_locks.clear()
            carried_locks.update(self.locked & {each.id for each in preorder(node)})
            self.locked -= carried_locks
            self.touched(parent, "children")

        return link, unlink


def _checked_number(value: Any, where: str, low: float = -float("inf"), high: float = float("inf")) -> float:
    problem = number_problem(value, low, high)
    if problem:
        raise EditError(f"{where}: {problem}")
    return value


def _described(breaches: list[Breach]) -> str:
    return "\n".join(f"{breach.node!r}: {breach.field}: {breach.message}" if breach.node is not None
                     else f"{breach.field}: {breach.message}" for breach in breaches)
