"""``TreeModel``: the scenario model, its metadata, its node index and its cached evaluation.

The edits live in :mod:`~scenario_tree.model.edits` (a mixin); saving and drawing are a layer above,
in :class:`scenario_tree.ScenarioTree`, so the model imports nothing from files or drawings.
Each change goes through :meth:`TreeModel.touched`, which says what it invalidates: a number edit
only marks numbers dirty (the compiled structure is reused), a text edit only changes text, and
anything else recompiles.

>>> from scenario_tree.model import ScenarioNode
>>> root = ScenarioNode("flip", "Flip", "chance")
>>> _ = ScenarioNode("heads", "Heads", "outcome", probability=0.5, payoff=1, parent=root)
>>> _ = ScenarioNode("tails", "Tails", "outcome", probability="#", payoff=0, parent=root)
>>> tree = TreeModel(root)
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

import copy
import difflib
from collections.abc import Iterator
from typing import Any

from ..errors import EditError
from .compiled import CompiledTree, compile_tree
from .edits import Edits
from .evaluate import Evaluation, evaluate_compiled
from .evidence import EvidenceEdits
from .history import History
from .nodes import ScenarioNode, node_path, preorder
from .parameters import resolve
from .scenarios import ScenarioEdits
from .utility import risk_tolerances

__all__ = ["DEFAULT_ACTOR", "TreeModel", "copy_nodes"]

DEFAULT_ACTOR = "value"
NUMERIC_FIELDS = frozenset({"probability", "payoff", "parameters"})
TEXT_FIELDS = frozenset({"label", "notes", "tags", "quotes", "url", "title", "description", "source", "scenarios"})


class TreeModel(Edits, EvidenceEdits, ScenarioEdits):
    """A scenario tree: the root node, the file's metadata, locks, undo history and the evaluation cache.

    Args:
        root: The root node.
        meta: The file's top-level fields other than ``root``, in file order (``title``,
            ``description``, ``source``, ``actors``, ``parameters``, ...).
        file: Where the tree was loaded from, if anywhere.
    """

    def __init__(self, root: ScenarioNode, meta: dict[str, Any] | None = None, file: str | None = None):
        self.root = root
        self.meta: dict[str, Any] = dict(meta or {"title": root.label})
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

    @property
    def utility(self) -> dict[str, Any]:
        """Each actor's utility as written (``{actor: {exponential: {risk_tolerance: R}}}``); absent: linear."""
        return dict(self.meta.get("utility") or {})

    def parameter_values(self) -> dict[str, float]:
        """The value of every parameter (expressions over other parameters evaluated)."""
        if self._parameter_cache is None or self._parameter_cache[0] != self.version:
            self._parameter_cache = (self.version, resolve(self.parameters))
        return dict(self._parameter_cache[1])

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.title!r}: {len(self._by_id)} nodes, root {node_path(self.root)!r}>"

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, node_id: object) -> bool:
        return node_id in self._by_id

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
        self._compiled.tolerance = risk_tolerances(self.utility, self.actors, values)
        self._evaluation = evaluate_compiled(self._compiled, self.title, self.actors)
        return self._evaluation

    def copy(self) -> TreeModel:
        """An independent copy (same class, same numbers, texts and locks; a fresh undo history)."""
        twin = type(self)(copy_nodes(self.root), copy.deepcopy(self.meta), file=self.file)
        twin.locked = set(self.locked)
        twin._base = self._base  # the same base numbers (never changed in place, so shared), or none yet
        return twin

    def touched(self, node: ScenarioNode, field: str) -> None:
        """Record that ``field`` of ``node`` changed: drop what depends on it, keep the rest."""
        self.version += 1
        self._evaluation = None
        if field in NUMERIC_FIELDS:
            self._dirty_numbers.add(node)
        elif field in TEXT_FIELDS:
            self.text_version += 1
        else:
            self.structure_version += 1


def copy_nodes(root: ScenarioNode) -> ScenarioNode:
    """A deep copy of the subtree under ``root`` (iterative: any depth), detached from any parent."""
    twin_root = _copy_node(root, None)
    stack = [(root, twin_root)]
    while stack:
        node, twin = stack.pop()
        for child in node.children:
            stack.append((child, _copy_node(child, twin)))
    return twin_root


def _copy_node(node: ScenarioNode, parent: ScenarioNode | None) -> ScenarioNode:
    return ScenarioNode(node.id, node.label, node.kind, actor=node.actor, payoff=copy.deepcopy(node.payoff),
                        probability=copy.deepcopy(node.probability), tags=list(node.tags), notes=node.notes,
                        quotes=copy.deepcopy(node.quotes), url=node.url, concentration=node.concentration,
                        uncertainty=node.uncertainty, state=node.state, parent=parent)
