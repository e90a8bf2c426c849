"""Path narratives and the recommended path in words, generated from the tree, never written by hand.

Every sentence is plain text (the writers escape it) built from the tree's labels, its actors as a
reader writes them (:func:`~scenario_tree.model.names.actor_name`) and the evaluation: each decision
follows its own actor's best choice (backward induction), so what "then" happens is what the
deciding actor prefers, not what the first actor would like.

>>> from scenario_tree import load
>>> texaco = load("examples/texaco_pennzoil.scenario.yaml")
>>> print(path_narrative(texaco, "accept_2b"))
If Pennzoil chooses “Accept $2 billion”, the outcome is “Accept $2 billion”.
>>> print(recommended_path(texaco)[0])  # doctest: +NORMALIZE_WHITESPACE
Pennzoil's best choice is “Counteroffer $5 billion” (value 4.63 for Pennzoil), because it is worth more
to Pennzoil than “Accept $2 billion” (2).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model import Evaluation, ScenarioNode, TreeModel, path_from_root, preorder
from ..model.evaluate import TIE_RELATIVE
from ..model.names import actor_name

__all__ = ["LISTED_OPTIONS", "SHOWN_OUTCOMES", "LikelyOutcome", "chooser", "likely_outcomes", "number",
           "path_narrative", "path_steps", "recommended_path"]

SHOWN_OUTCOMES = 3  # a narrative names this many outcomes and sums up the rest
LISTED_OPTIONS = 3  # a reason names this many other options and counts the rest


@dataclass(frozen=True)
class LikelyOutcome:
    """An outcome below a node and its probability given that node, every decision below following the policy."""

    node: ScenarioNode
    probability: float


def number(value: float) -> str:
    """A probability or a value as the report writes it: three significant digits, large ones in full.

    >>> number(0.30000000000000004), number(4.635), number(-0.5), number(955_000.4), number(-1234.5)
    ('0.3', '4.63', '-0.5', '955,000', '-1,230')
    """
    rounded = float(f"{value:.3g}")
    return f"{rounded:,.0f}" if abs(rounded) >= 1000 else f"{value:.3g}"


def chooser(tree: TreeModel, decision: ScenarioNode) -> str:
    """The deciding actor of ``decision`` as a reader writes it (a decision without one is the first actor's)."""
    return actor_name(decision.actor or tree.actors[0])


def likely_outcomes(tree: TreeModel, node_id: str, evaluation: Evaluation | None = None) -> list[LikelyOutcome]:
    """The outcomes that can follow ``node_id`` under the policy, most likely first (ties in tree order).

    Probabilities are given that the node is reached: chance branches multiply, decisions take their
    best branch only.
    """
    evaluation = evaluation or tree.evaluate()
    found, stack = [], [(tree.node(node_id), 1.0)]
    while stack:
        node, probability = stack.pop()
        if node.kind == "outcome" or not node.children:
            found.append(LikelyOutcome(node, probability))
        elif node.kind == "decision":
            stack.append((tree.node(evaluation.best[node.id]), probability))
        else:
            stack.extend((child, probability * evaluation.probability[child.id]) for child in reversed(node.children))
    order = {id(each.node): index for index, each in enumerate(found)}
    kept = [each for each in found if each.probability > 0]
    return sorted(kept, key=lambda each: (-each.probability, order[id(each.node)]))


def path_steps(tree: TreeModel, node: ScenarioNode, evaluation: Evaluation) -> list[str]:
    """What happens from the root down to ``node``: each choice and each chance branch taken, in order.

    A decision at ``node`` itself adds the choice its actor then makes.
    """
    steps, decided = [], False
    path = path_from_root(node)
    for parent, child in zip(path, path[1:]):
        if parent.kind == "decision":
            steps.append(f"{chooser(tree, parent)}{' then' if decided else ''} chooses “{child.label}”")
            decided = True
        else:
            steps.append(f"“{child.label}” follows (p = {number(evaluation.probability[child.id])})")
    if node.kind == "decision" and evaluation.best[node.id]:
        best = tree.node(evaluation.best[node.id]).label
        steps.append(f"{chooser(tree, node)}{' then' if decided else ''} chooses “{best}” (the best choice)")
    return steps


def path_narrative(tree: TreeModel, node_id: str, evaluation: Evaluation | None = None,
                   shown: int = SHOWN_OUTCOMES) -> str:
    """One sentence: the path to ``node_id`` and the outcomes likely to follow it.

    "If Washington chooses X and Putin then chooses Y, the likely outcomes are A (p = 0.42), ...",
    the probabilities given the path, every later decision following its actor's best choice.
    """
    evaluation = evaluation or tree.evaluate()
    node = tree.node(node_id)
    steps = path_steps(tree, node, evaluation)
    if node.parent is not None and node.parent.kind == "decision" and evaluation.best[node.parent.id] == node.id:
        steps[-1] += " (the best choice)"
    opening = f"If {_joined(steps)}, the " if steps else "The "
    outcomes = likely_outcomes(tree, node_id, evaluation)
    if node.kind == "outcome" or len(outcomes) == 1:
        return f"{opening}outcome is “{outcomes[0].node.label}”."
    named = _outcome_names([each.node for each in outcomes[:shown]])
    listed = [f"{name} (p = {number(each.probability)})" for name, each in zip(named, outcomes)]
    rest = outcomes[shown:]
    tail = (f", and {len(rest)} less likely {'one' if len(rest) == 1 else 'ones'} "
            f"(p = {number(sum(each.probability for each in rest))} together)") if rest else ""
    return f"{opening}likely outcomes are {_joined(listed)}{tail}."


def recommended_path(tree: TreeModel, evaluation: Evaluation | None = None, limit: int = 12) -> list[str]:
    """The recommended path in words: one sentence per decision the policy reaches, in tree order.

    The first says whose best choice it is and why ("West's best choice is X (value 0.43 for West),
    because it is worth more to West than Y (-0.5)"); each later one says under which chance
    branches its actor then chooses what. After ``limit`` sentences the rest are counted.
    """
    evaluation = evaluation or tree.evaluate()
    reached = [node for node in preorder(tree.root)
               if node.kind == "decision" and evaluation.best[node.id] and evaluation.policy_probability[node.id] > 0]
    if not reached:
        return ["There is no choice to make.", path_narrative(tree, tree.root.id, evaluation)]
    sentences = [_decision_sentence(tree, decision, evaluation, index == 0) for index, decision in
                 enumerate(reached[:limit])]
    if len(reached) > limit:
        sentences.append(f"The policy reaches {len(reached) - limit} more decisions, each chosen the same way.")
    return sentences


def _decision_sentence(tree: TreeModel, decision: ScenarioNode, evaluation: Evaluation, first: bool) -> str:
    actor, best = chooser(tree, decision), tree.node(evaluation.best[decision.id])
    value = evaluation.value[best.id][decision.actor or tree.actors[0]]
    conditions = _conditions(decision, evaluation)
    choice = f"“{best.label}” (value {number(value)} for {actor}), because {_reason(tree, decision, evaluation)}"
    if first and not conditions:
        return f"{actor}'s best choice is {choice}."
    condition = f"If {_joined(conditions)}, " if conditions else ""
    subject = f"{actor} then" if not first else actor
    return f"{condition}{subject if condition else subject[:1].upper() + subject[1:]} chooses {choice}."


def _conditions(decision: ScenarioNode, evaluation: Evaluation) -> list[str]:
    """The chance branches taken between the decision above ``decision`` and ``decision`` itself."""
    branches = []
    for node in reversed(path_from_root(decision)[1:]):
        if node.parent.kind == "decision":
            break
        branches.append(f"“{node.label}” follows (p = {number(evaluation.probability[node.id])})")
    return branches[::-1]


def _reason(tree: TreeModel, decision: ScenarioNode, evaluation: Evaluation) -> str:
    actor = decision.actor or tree.actors[0]
    best = evaluation.best[decision.id]
    others = sorted((child for child in decision.children if child.id != best),
                    key=lambda child: -evaluation.value[child.id][actor])
    if not others:
        return "it is the only option"
    top = evaluation.value[best][actor]
    runner_up = evaluation.value[others[0].id][actor]
    magnitude = max(abs(evaluation.value[child.id][actor]) for child in decision.children)
    if abs(top - runner_up) <= TIE_RELATIVE * magnitude:  # the evaluation's tie rule
        return (f"it ties with “{others[0].label}” ({number(runner_up)}) for {actor_name(actor)}, "
                "and a tie goes to the first option")
    listed = [f"“{child.label}” ({number(evaluation.value[child.id][actor])})" for child in others[:LISTED_OPTIONS]]
    if len(others) > LISTED_OPTIONS:
        listed.append(f"{len(others) - LISTED_OPTIONS} other options")
    return f"it is worth more to {actor_name(actor)} than {_joined(listed, 'or')}"


def _outcome_names(outcomes: list[ScenarioNode]) -> list[str]:
    """Quoted labels; outcomes that share a label are told apart by the node they follow."""
    labels = [outcome.label for outcome in outcomes]
    return [f"“{outcome.label}”" + (f" after “{outcome.parent.label}”"
                                    if labels.count(outcome.label) > 1 and outcome.parent is not None else "")
            for outcome in outcomes]


def _joined(parts: list[str], last: str = "and") -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} {last} {parts[-1]}"
