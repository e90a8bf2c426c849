"""The summary line above the drawing: the tree's value for each actor and the choices along the policy.

When an edit flips a choice on the chosen path, the summary says which, in words ("West now prefers
Cold War containment over the deal"), until the next edit.

>>> from scenario_tree import default_tree
>>> tree = default_tree()
>>> before = policy_choices(tree)
>>> tree.set_payoff("stable_standoff", 9, actor="west")
>>> flips(tree, before, policy_choices(tree))
['West now prefers “Cold War containment, clear parameters” over “Deal: guarantees for a soft transition”']
"""

from __future__ import annotations

from html import escape

from ..model import TreeModel
from ..model.names import actor_name

__all__ = ["actor_name", "flips", "policy_choices", "summary_html"]


def policy_choices(tree: TreeModel) -> dict[str, str]:
    """``{decision id: chosen child id}`` for the decisions the chosen policy reaches."""
    evaluation = tree.evaluate()
    reached = evaluation.policy_probability
    return {decision: choice for decision, choice in evaluation.policy.items() if reached[decision] > 0}


def flips(tree: TreeModel, before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Sentences for the decisions, reached before and after, whose choice changed."""
    said = []
    for decision, choice in after.items():
        old = before.get(decision)
        if old is None or old == choice or old not in tree or choice not in tree:
            continue
        node = tree.node(decision)
        actor = actor_name(node.actor or tree.actors[0])
        said.append(f"{actor} now prefers “{tree.node(choice).label}” over “{tree.node(old).label}”")
    return said


def summary_html(tree: TreeModel, flipped: list[str]) -> str:
    """The tree's value per actor, the choice at the root, and what just flipped."""
    evaluation = tree.evaluate()
    values = " · ".join(f"{escape(actor_name(actor))} <b>{_number(value)}</b>"
                        for actor, value in evaluation.root_value.items())
    parts = [f"<span class='st-value'>Value of the tree: {values}</span>"]
    root = tree.root
    if root.kind == "decision" and evaluation.best[root.id]:
        chooser = escape(actor_name(root.actor or tree.actors[0]))
        parts.append(f"<span class='st-choice'>{chooser} chooses <b>{escape(tree.node(evaluation.best[root.id]).label)}"
                     "</b></span>")
    parts.extend(f"<span class='st-flip'>{escape(sentence)}</span>" for sentence in flipped)
    return " · ".join(parts)


def _number(value: float) -> str:
    return f"{value:.3g}"
