"""Shared uncertainties as variables: their probability anywhere in the tree, and the tree conditioned on news of them.

A group of chance nodes with the same ``uncertainty`` is one variable (see
:mod:`scenario_tree.model.uncertainties`). Each group node's probabilities are the variable's
distribution given what is known on the path to it. The variable's distribution at any other node
(its *belief* there) follows: at a chance node, the average of its branches' beliefs weighted by
their probabilities (branches with no group node below say nothing about it and are left out); at a
decision, the belief of its options, which must agree (a decision cannot change the state). The
belief at the root is the variable's prior.

News about the variable, a likelihood ``L(s)`` for each state ``s`` (1 for the state revealed and 0
for the others, or a test's probability of its result in each state), conditions the tree by Bayes'
rule: a group node's probabilities become proportional to ``p(s)·L(s)``, and every chance branch
above group nodes is reweighted by how well its belief explains the news,
``p(b)·(belief_b·L) / (belief_c·L)``. Branches with no group node below keep their probability.

A chance node outside every group is a variable of its own (its branches are its states), so the
same machinery reveals or tests any chance node.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import AnalysisError
from ..model import ScenarioNode, TreeModel
from ..model.compiled import CHANCE, DECISION, CompiledTree
from ..model.evaluate import backward_batch
from ..model.uncertainties import state_of, uncertainty_groups

__all__ = ["BELIEF_TOLERANCE", "Variable", "beliefs", "conditioned", "news_values", "prior", "variable_of",
           "variables"]

BELIEF_TOLERANCE = 1e-6  # options of a decision whose beliefs differ by more disagree (rounded posteriors pass)


@dataclass
class Variable:
    """An uncertain state: a shared uncertainty's chance nodes, or one chance node alone.

    Attributes:
        name: The uncertainty's name, or the chance node's id.
        states: The states, in the order of the first node's branches.
        nodes: The chance nodes that stand for it.
        branch_rows: ``(len(nodes), len(states))`` compiled rows of each node's branch for each state.
        shared: Whether it comes from an ``uncertainty`` key.
    """

    name: str
    states: list[str]
    nodes: list[ScenarioNode]
    branch_rows: np.ndarray
    shared: bool


def variables(tree: TreeModel, compiled: CompiledTree) -> list[Variable]:
    """The tree's shared uncertainties, in the order of the tree."""
    return [_variable(compiled, name, nodes, shared=True) for name, nodes in uncertainty_groups(tree.root).items()]


def variable_of(tree: TreeModel, compiled: CompiledTree, node: ScenarioNode) -> Variable:
    """The variable a chance node stands for: its shared uncertainty, or itself alone."""
    if node.kind != "chance":
        raise AnalysisError(f"{node!r} is {'an' if node.kind == 'outcome' else 'a'} {node.kind} node, "
                            "expected a chance node")
    if node.uncertainty is not None:
        return _variable(compiled, node.uncertainty, uncertainty_groups(tree.root)[node.uncertainty], shared=True)
    return _variable(compiled, node.id, [node], shared=False)


def _variable(compiled: CompiledTree, name: str, nodes: list[ScenarioNode], shared: bool) -> Variable:
    states = [state_of(child) for child in nodes[0].children]
    if not shared and len(set(states)) < len(states):  # a lone node may repeat a label: its ids tell branches apart
        states = [child.id for child in nodes[0].children]
    rows = []
    for node in nodes:  # a group's branches are matched by state (checked when the tree was loaded)
        by_state = {state_of(child): child for child in node.children} if shared else dict(zip(states, node.children))
        rows.append([compiled.row[by_state[state]] for state in states])
    return Variable(name, states, nodes, np.array(rows, dtype=np.int64), shared)


def beliefs(compiled: CompiledTree, probability: np.ndarray, variable: Variable) -> dict[int, np.ndarray]:
    """``{row: the variable's distribution there}`` for the group's nodes and every node above them.

    ``probability`` is one column of branch probabilities (``(nodes,)``).

    Raises:
        AnalysisError: The options of a decision disagree about the variable.
    """
    found: dict[int, np.ndarray] = {}
    own = {int(row): index for index, row in enumerate(compiled.row[node] for node in variable.nodes)}
    rows = set(own)
    for row in own:
        parent = int(compiled.parent[row])
        while parent >= 0 and parent not in rows:
            rows.add(parent)
            parent = int(compiled.parent[parent])
    for row in sorted(rows, reverse=True):  # level order: children come after their parent
        if row in own:
            found[row] = probability[variable.branch_rows[own[row]]].astype(float)
            continue
        children = [child for child in _children(compiled, row) if child in found]
        if compiled.kind[row] == CHANCE:
            weights = probability[children]
            total = weights.sum()
            stacked = np.array([found[child] for child in children])
            found[row] = weights @ stacked / total if total > 0 else stacked.mean(axis=0)
        elif compiled.kind[row] == DECISION:
            found[row] = _agreed(compiled, variable, row, children, found)
    return found


def _children(compiled: CompiledTree, row: int) -> range:
    start = int(compiled.first_child[row])
    return range(start, start + int(compiled.child_count[row]))


def _agreed(compiled: CompiledTree, variable: Variable, row: int, children: list[int],
            found: dict[int, np.ndarray]) -> np.ndarray:
    first = found[children[0]]
    for child in children[1:]:
        if np.max(np.abs(found[child] - first)) > BELIEF_TOLERANCE:
            shown = {state: round(float(value), 6) for state, value in zip(variable.states, first)}
            other = {state: round(float(value), 6) for state, value in zip(variable.states, found[child])}
            raise AnalysisError(
                f"uncertainty {variable.name!r}: its probabilities differ between the options of "
                f"{compiled.nodes[row]!r}: {shown} under {compiled.nodes[children[0]].id!r}, {other} under "
                f"{compiled.nodes[child].id!r}; a decision cannot change a shared uncertainty (write each node's "
                "probabilities given what is known on its path, e.g. the posteriors after a test)")
    return first


def prior(compiled: CompiledTree, probability: np.ndarray, variable: Variable) -> np.ndarray:
    """The variable's distribution at the root (``(states,)``)."""
    return beliefs(compiled, probability, variable)[0]


def conditioned(compiled: CompiledTree, probability: np.ndarray, variable: Variable,
                likelihood: np.ndarray) -> np.ndarray:
    """Branch probabilities ``(nodes, columns)`` given news of likelihood ``likelihood[:, column]`` per state.

    Args:
        probability: One column of branch probabilities (``(nodes,)``).
        likelihood: ``(states, columns)``: the probability of each column's news in each state.
    """
    likelihood = np.asarray(likelihood, dtype=float)
    found = beliefs(compiled, probability, variable)
    result = np.repeat(probability[:, None], likelihood.shape[1], axis=1)
    explained = {row: belief @ likelihood for row, belief in found.items()}  # P(news | at row), per column
    own = {int(compiled.row[node]): index for index, node in enumerate(variable.nodes)}
    for row in found:
        if row in own:
            branches = variable.branch_rows[own[row]]
            weighted = probability[branches][:, None] * likelihood
            total = weighted.sum(axis=0)
            safe = np.where(total > 0, total, 1)
            result[branches] = np.where(total > 0, weighted / safe, probability[branches][:, None])
        elif compiled.kind[row] == CHANCE:
            below = explained[row]
            safe = np.where(below > 0, below, 1)
            for child in _children(compiled, row):
                if child in explained:
                    result[child] = np.where(below > 0, probability[child] * explained[child] / safe,
                                             probability[child])
    return result


def news_values(compiled: CompiledTree, probability: np.ndarray, variable: Variable, likelihood: np.ndarray,
                column: int) -> tuple[np.ndarray, np.ndarray]:
    """The chance of each column's news and the root's value (actor ``column``) with that news known first.

    ``likelihood`` is ``(states, news)`` as in :func:`conditioned`; the identity is perfect information.
    """
    given = conditioned(compiled, probability, variable, likelihood)
    nodes, actors = compiled.payoff.shape
    payoff = np.broadcast_to(compiled.payoff[:, None, :], (nodes, given.shape[1], actors))
    values, _ = backward_batch(compiled, given, payoff)
    return prior(compiled, probability, variable) @ likelihood, values[0, :, column]
