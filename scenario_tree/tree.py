"""``ScenarioTree``: a scenario model with its metadata, reversible edits and cached evaluation.

Edits are made of reversible steps (see :mod:`scenario_tree.history`), so every edit can be undone,
and each step says what it touched: a probability or payoff edit only marks numbers dirty (the
compiled structure is reused), a label edit only changes text, and anything else recompiles.

>>> from scenario_tree import loads
>>> tree = loads('''
... format: scenario-tree/1
... title: Coin
... root:
...   id: flip
...   label: Flip
...   kind: chance
...   children:
...     - {id: heads, label: Heads, kind: outcome, probability: 0.5, payoff: 1}
...     - {id: tails, label: Tails, kind: outcome, probability: "#", payoff: 0}
... ''')
>>> tree.evaluate().value["flip"]
{'value': 0.5}
>>> tree.set_probability("heads", 0.8)
>>> tree.evaluate().value["flip"]
{'value': 0.8}
>>> tree.undo()
True
>>> tree.node("tails").probability
'#'
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import EditError, ScenarioError
from .history import History, Step
from .model import KINDS, ScenarioNode, node_path, preorder, resolved_probabilities

if TYPE_CHECKING:
    from .drawing import Drawing
    from .evaluate import CompiledTree, Evaluation
    from .render import DrawOptions

__all__ = ["ScenarioTree", "ID_PATTERN", "DEFAULT_ACTOR"]

ID_PATTERN = re.compile(r"^[A-Za-z0-9_-]+$")
DEFAULT_ACTOR = "value"
FORMAT = "scenario-tree/1"
_NUMERIC_FIELDS = {"probability", "payoff", "parameters"}
_TEXT_FIELDS = {"label", "notes", "tags", "quotes", "url"}
_TOLERANCE = 1e-12


class ScenarioTree:
    """A scenario tree: the root node, the file's metadata, locks, undo history and caches.

    Args:
        root: The root node.
        meta: The file's top-level fields other than ``root``, in file order (``format``,
            ``title``, ``description``, ``source``, ``actors``, ...).
        file: Where the tree was loaded from, if anywhere.
    """

    def __init__(self, root: ScenarioNode, meta: dict[str, Any] | None = None, file: str | None = None):
        self.root = root
        self.meta: dict[str, Any] = dict(meta or {"format": FORMAT, "title": root.label})
        self.meta.setdefault("format", FORMAT)
        self.file = file
        self.locked: set[str] = set()
        self.history = History()
        self.version = 0
        self.structure_version = 0
        self.text_version = 0
        self._by_id = {node.id: node for node in preorder(root)}
        self._compiled: CompiledTree | None = None
        self._dirty_numbers: set[ScenarioNode] = set()
        self._evaluation: Evaluation | None = None
        self._drawings: dict[DrawOptions, Drawing] = {}
        self._parameter_cache: tuple[int, dict[str, float]] | None = None

    # -- metadata -------------------------------------------------------------------------------

    @property
    def title(self) -> str:
        return str(self.meta.get("title", self.root.label))

    @property
    def actors(self) -> list[str]:
        """The criteria every payoff is measured in; the first is the default."""
        return list(self.meta.get("actors") or [DEFAULT_ACTOR])

    @property
    def parameters(self) -> dict[str, Any]:
        """The declared parameters as written: numbers, expressions or ``{value, low, high}``."""
        return dict(self.meta.get("parameters") or {})

    def parameter_values(self) -> dict[str, float]:
        """The value of every parameter (expressions over other parameters evaluated)."""
        from .parameters import resolve

        if self._parameter_cache is None or self._parameter_cache[0] != self.version:
            self._parameter_cache = (self.version, resolve(self.parameters))
        return dict(self._parameter_cache[1])

    def __repr__(self) -> str:
        return f"<ScenarioTree {self.title!r}: {len(self._by_id)} nodes, root {node_path(self.root)!r}>"

    def __len__(self) -> int:
        return len(self._by_id)

    # -- queries --------------------------------------------------------------------------------

    def node(self, node_id: str) -> ScenarioNode:
        """The node with this id; an unknown id is an :class:`EditError` that suggests close ids."""
        try:
            return self._by_id[node_id]
        except (KeyError, TypeError):
            close = difflib.get_close_matches(str(node_id), list(self._by_id), n=3)
            hint = f" (did you mean {', '.join(map(repr, close))}?)" if close else ""
            raise EditError(f"unknown node id {node_id!r}{hint}") from None

    def nodes(self) -> Iterator[ScenarioNode]:
        """Every node, parents before children."""
        return preorder(self.root)

    def evaluate(self) -> Evaluation:
        """Backward induction over the tree; cached until the next edit."""
        from .evaluate import compile_tree, evaluate_compiled

        if self._evaluation is not None:
            return self._evaluation
        values = self.parameter_values()
        if self._compiled is None or self._compiled.structure_version != self.structure_version:
            self._compiled = compile_tree(self.root, self.actors, self.structure_version, values)
        elif self._compiled.values != values:
            self._compiled.refresh_numbers(self._by_id.values(), self.actors, values)
        elif self._dirty_numbers:
            self._compiled.refresh_numbers(self._dirty_numbers, self.actors)
        self._dirty_numbers = set()
        self._evaluation = evaluate_compiled(self._compiled, self)
        return self._evaluation

    # -- saving and drawing (thin doors to io and render) ---------------------------------------

    def to_dict(self) -> dict[str, Any]:
        """The tree as plain data in the file format (what :meth:`save` writes)."""
        from .io import tree_to_data

        return tree_to_data(self)

    def dumps(self, fmt: str = "yaml") -> str:
        """The tree as ``yaml`` or ``json`` text."""
        from .io import dumps

        return dumps(self, fmt)

    def save(self, path: str | Path, format: str | None = None, **options: Any) -> Path:
        """Write the tree to ``path`` atomically; the extension (or ``format``) picks what is written.

        ``.yaml``/``.yml``/``.json`` write the scenario file; ``.svg``, ``.png``, ``.pdf`` and
        ``.dot`` write a drawing, with ``options`` as for :meth:`to_svg`.
        """
        from .drawing import DRAWING_FORMATS
        from .io import TEXT_SUFFIXES, atomic_write, save

        target = Path(path)
        fmt = (format or target.suffix.lstrip(".")).lower()
        if fmt in DRAWING_FORMATS:
            atomic_write(target, self.drawing(**options).export(fmt))
            return target
        if f".{fmt}" not in TEXT_SUFFIXES:
            allowed = sorted([*TEXT_SUFFIXES, *(f".{name}" for name in DRAWING_FORMATS)])
            raise ValueError(f"unknown file type: {'.' + fmt if fmt else target.name!r} (must be one of {allowed})")
        if options:
            raise ValueError(f"drawing options {sorted(options)} do not apply to a {fmt} scenario file")
        return save(self, target, TEXT_SUFFIXES[f".{fmt}"])

    def drawing(self, **options: Any) -> Drawing:
        """The tree's drawing with these options (see ``DrawOptions``), cached so redraws are instant."""
        from .drawing import Drawing
        from .render import DrawOptions

        chosen = DrawOptions(**options)
        if chosen not in self._drawings:
            if len(self._drawings) >= 8:
                self._drawings.pop(next(iter(self._drawings)))
            self._drawings[chosen] = Drawing(self, chosen)
        return self._drawings[chosen]

    def to_svg(self, **options: Any) -> str:
        """The drawing as SVG text that scales to its container. Needs Graphviz."""
        return self.drawing(**options).svg()

    def to_dot(self, **options: Any) -> str:
        """The drawing as Graphviz DOT source."""
        return self.drawing(**options).dot()

    def _repr_svg_(self) -> str:
        return self.to_svg()

    # -- edits ----------------------------------------------------------------------------------

    def lock(self, node_id: str) -> None:
        """Keep this branch's probability fixed when a sibling is edited."""
        self.locked.add(self._branch_of_chance(node_id).id)

    def unlock(self, node_id: str) -> None:
        """Let this branch be rescaled again when a sibling is edited."""
        self.locked.discard(self.node(node_id).id)

    def set_probability(self, node_id: str, probability: float) -> None:
        """Set one chance branch and rescale its unlocked siblings so the node still sums to 1.

        Raises:
            EditError: The value is not in [0, 1], or the locked siblings leave no way to reach 1.
        """
        node = self._branch_of_chance(node_id)
        probability = _checked_number(probability, f"{node!r}: probability", low=0.0, high=1.0)
        steps: list[Step] = []
        self._share_out(node, probability, steps)
        self.history.record(steps)

    def set_probabilities(self, chance_id: str, probabilities: dict[str, float | str]) -> None:
        """Set several branches of one chance node at once (``"#"`` allowed); they must sum to 1.

        Branches not named keep their value. One edit, undone as one.
        """
        from .model import REMAINDER

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
            total = sum(resolved_probabilities(chance, self.parameter_values()))
            if abs(total - 1) > 1e-9:
                raise EditError(f"{chance!r}: the branches would sum to {total:.10g}, expected 1")

        self._edit(build)

    def set_parameter(self, name: str, value: float | str) -> None:
        """Change a declared parameter's value (a number or an expression); its range is kept.

        Refused, changing nothing, when the tree would no longer load: a probability out of
        [0, 1], branches not summing to 1, a division by zero, a cycle, an unknown name.
        """
        from .io import tree_from_data

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
        data = self.to_dict()
        data["parameters"] = parameters
        try:
            tree_from_data(data, f"{self.file or self.title} with {name} = {value!r}")
        except ScenarioError as error:
            raise EditError(f"parameter {name!r} cannot be {value!r}:\n{error}") from None
        self._edit(lambda steps: self._set_meta("parameters", parameters, steps))

    def set_payoff(self, node_id: str, payoff: float | dict[str, float] | None, actor: str | None = None) -> None:
        """Set the payoff received on entering a node: for one ``actor``, or the whole payoff."""
        node = self.node(node_id)
        payoff = self._payoff_with(node, actor, payoff) if actor is not None else self._checked_payoff(payoff, node)
        self._edit(lambda steps: self._set(node, "payoff", payoff, steps))

    def rename(self, node_id: str, label: str) -> None:
        """Change the label shown for a node."""
        node = self.node(node_id)
        if not isinstance(label, str) or not label.strip():
            raise EditError(f"{node!r}: label: found {label!r}, expected non-empty text")
        self._edit(lambda steps: self._set(node, "label", label, steps))

    def set_notes(self, node_id: str, notes: str | None) -> None:
        """Replace a node's free-text notes (``None`` removes them)."""
        node = self.node(node_id)
        self._edit(lambda steps: self._set(node, "notes", notes or None, steps))

    def set_actor(self, node_id: str, actor: str) -> None:
        """Choose whose payoff a decision node maximises."""
        node = self.node(node_id)
        if node.kind != "decision":
            raise EditError(f"{node!r}: actor: only decision nodes have an actor (this is a {node.kind})")
        self._edit(lambda steps: self._set(node, "actor", self._checked_actor(actor, node), steps))

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
        if not isinstance(label, str) or not label.strip():
            raise EditError(f"{parent_id}/{node_id}: label: found {label!r}, expected non-empty text")
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

        self._edit(build)
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

        self._edit(build)

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
            self._edit(lambda steps: self._change_kind(node, kind, steps))

    def undo(self) -> bool:
        """Undo the last edit; False when there is none."""
        return self.history.undo()

    def redo(self) -> bool:
        """Redo the last undone edit; False when there is none."""
        return self.history.redo()

    # -- edit internals -------------------------------------------------------------------------

    def _edit(self, build: Any) -> None:
        steps: list[Step] = []
        try:
            build(steps)
        except Exception:
            for step in reversed(steps):
                step.revert()
            raise
        self.history.record(steps)

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
        room = max(room, 0.0)
        free_total = sum(current[child] for child in free)
        for child in free:
            share = current[child] / free_total * room if free_total > _TOLERANCE else room / len(free)
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
        free_total = sum(current[child] for child in free)
        for child in chance.children:
            share = current[child]
            if child in free:
                share = share / free_total * room if free_total > _TOLERANCE else room / len(free)
            self._set(child, "probability", share, steps)

    def _change_kind(self, node: ScenarioNode, kind: str, steps: list[Step]) -> None:
        if node.kind == "decision":
            self._set(node, "actor", None, steps)
        self._set(node, "kind", kind, steps)
        if kind == "outcome":
            return
        if not node.children:
            branch = ScenarioNode(self._fresh_id(f"{node.id}_1"), "New branch", "outcome")
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
        amount = _checked_number(amount, f"{node!r}: payoff[{actor}]")
        if isinstance(node.payoff, dict):
            return {**node.payoff, actor: amount}
        if actor == self.actors[0]:
            return amount
        return {self.actors[0]: node.payoff or 0, actor: amount} if node.payoff else {actor: amount}

    def _checked_actor(self, actor: str, node: ScenarioNode) -> str:
        if actor not in self.actors:
            raise EditError(f"{node!r}: unknown actor: {actor!r} (must be one of {self.actors})")
        return actor

    def _check_new_id(self, node_id: str) -> None:
        if not isinstance(node_id, str) or not ID_PATTERN.match(node_id):
            raise EditError(f"bad node id: {node_id!r} (expected letters, digits, _ and - only)")
        if node_id in self._by_id:
            raise EditError(f"node id {node_id!r} is already used by {self._by_id[node_id]!r}")

    def _fresh_id(self, wanted: str) -> str:
        candidate, number = wanted, 1
        while candidate in self._by_id:
            number += 1
            candidate = f"{wanted}_{number}"
        return candidate

    # -- reversible steps: each applies itself and records how to undo ---------------------------

    def _set(self, node: ScenarioNode, field: str, value: Any, steps: list[Step]) -> None:
        old = getattr(node, field)

        def apply() -> None:
            setattr(node, field, value)
            self._touched(node, field)

        def revert() -> None:
            setattr(node, field, old)
            self._touched(node, field)

        apply()
        steps.append(Step(apply, revert))

    def _set_meta(self, key: str, value: Any, steps: list[Step]) -> None:
        old = self.meta.get(key)

        def apply() -> None:
            self.meta[key] = value
            self._touched(self.root, "parameters")

        def revert() -> None:
            self.meta[key] = old
            self._touched(self.root, "parameters")

        apply()
        steps.append(Step(apply, revert))

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
            self._touched(node, "children")

        def unlink() -> None:
            node.parent = None
            for each in preorder(node):
                self._by_id.pop(each.id, None)
            carried_locks.clear()
            carried_locks.update(self.locked & {each.id for each in preorder(node)})
            self.locked -= carried_locks
            self._touched(parent, "children")

        return link, unlink

    def _touched(self, node: ScenarioNode, field: str) -> None:
        self.version += 1
        self._evaluation = None
        if field in _NUMERIC_FIELDS:
            self._dirty_numbers.add(node)
        elif field in _TEXT_FIELDS:
            self.text_version += 1
        else:
            self.structure_version += 1


def _checked_number(value: Any, where: str, low: float = -math.inf, high: float = math.inf) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise EditError(f"{where}: found {value!r}, expected a finite number")
    if not low <= value <= high:
        raise EditError(f"{where}: found {value!r}, expected a number in [{low:g}, {high:g}]")
    return value
