"""The explorer's Analysis tab, in words: which numbers matter, where the choice flips, how sure we are.

Numbers are named by their labels (a searchable picker), thresholds are sentences ("West switches
from containment to the deal when P(guarantees credible) rises above 0.3; now 0.4"), numbers have
three significant figures, and the rules behind each analysis are stated beside it. Each button has
a Python twin (:meth:`AnalysisPanel.tornado`, :meth:`AnalysisPanel.thresholds`,
:meth:`AnalysisPanel.monte_carlo`, :meth:`AnalysisPanel.hold_policy_fixed`) working on the tree as it
is now, edits included. "Hold the policy fixed" runs the tornado and the sweep with ``policy="fixed"``:
every decision keeps today's choice, so they show what today's policy is worth as a number moves.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

import ipywidgets as widgets

from .. import analysis
from ..model import TreeModel
from .charts import histogram_html, tornado_html
from .summary import actor_name

__all__ = ["AnalysisPanel", "heading", "output_view", "quantity_labels", "threshold_sentence"]

WHOLE_DESCRIPTION = {"description_width": "initial"}
SWING_RULE = ("Each number is swung over the range declared for it, or by ±20% of its value where none is "
              "declared (a probability stays within 0 and 1, its sibling branches sharing the rest). The bars "
              "show the tree's value for the chosen actor with the number at its low end (blue) and its high end "
              "(orange); the widest matter most.")
POLICY_RULE = ("Held fixed, every decision keeps today's choice while a number moves, so the tornado and the sweep "
               "show what today's policy is worth (and no choice can flip); otherwise every decision chooses again "
               "for each value.")
MONTE_CARLO_RULE = ("Every uncertain probability is drawn at random (its declared range, or around its value when the "
                    "file declares no uncertainty), the tree is evaluated for each draw, and the spread of its value "
                    "is shown: half of the draws fall below the median, 5% below the 5% mark, 5% above the 95% mark.")


def quantity_labels(tree: TreeModel) -> dict[str, str]:
    """``{label a reader sees: quantity name}``; labels that would repeat say where they are."""
    found = analysis.quantities(tree)
    counts: dict[str, int] = {}
    for each in found:
        counts[each.label] = counts.get(each.label, 0) + 1
    labels = {}
    for each in found:
        label = each.label
        if counts[label] > 1 and each.node_id is not None and tree.node(each.node_id).parent is not None:
            label = f"{label} (under “{tree.node(each.node_id).parent.label}”)"
        labels[label if label not in labels else f"{label} [{each.name}]"] = each.name
    return labels


def threshold_sentence(tree: TreeModel, flip: analysis.Flip, quantity: analysis.Quantity) -> str:
    """A flip in words: who switches, from what, to what, when the number passes which value."""
    decision = tree.node(flip.decision)
    who = actor_name(decision.actor or tree.actors[0])
    before, after = tree.node(flip.before).label, tree.node(flip.after).label
    return (f"{who} switches from “{before}” to “{after}” when {quantity.label or quantity.name} rises above "
            f"{flip.value:.3g}; now {quantity.base:.3g}.")


class AnalysisPanel(widgets.VBox):
    """Analyses of the explorer's tree; ``guard`` runs a button's action and shows its errors."""

    def __init__(self, tree: TreeModel, guard: Callable[[Callable[[], Any]], None]) -> None:
        self.tree = tree
        self.actor = widgets.Dropdown(options=[(actor_name(actor), actor) for actor in tree.actors],
                                      value=tree.actors[0], description="Values for", style=WHOLE_DESCRIPTION)
        self.labels = quantity_labels(tree)
        self.quantity = widgets.Combobox(options=list(self.labels), ensure_option=True, description="Number",
                                         placeholder="type to search the numbers by their labels",
                                         style=WHOLE_DESCRIPTION)
        self.quantity.add_class("st-fill")
        if self.labels:
            self.quantity.value = next(iter(self.labels))
        self._shown_tornado: str | None = None  # the actor of the tornado shown, if any
        self._shown_sweep: str | None = None  # the quantity of the sweep shown, if any
        self.hold_policy = widgets.Checkbox(value=False, description="Hold the policy fixed", indent=False)
        self.hold_policy.add_class("st-hold-policy")
        self.hold_policy.observe(lambda _: guard(self._follow_policy), "value")
        self.samples = widgets.BoundedIntText(value=20_000, min=100, max=5_000_000, step=1000, description="Samples",
                                              style=WHOLE_DESCRIPTION)
        self.progress = widgets.IntProgress(value=0, min=0, max=100, description="Progress", style=WHOLE_DESCRIPTION)
        self.progress.add_class("st-mc-progress")
        self.tornado_view = output_view("st-tornado")
        self.threshold_view = output_view("st-thresholds")
        self.histogram_view = output_view("st-histogram")
        made = {}
        for text, action, css in (("Tornado", self.tornado, "st-run-tornado"),
                                  ("Find thresholds", self.thresholds, "st-run-thresholds"),
                                  ("Run Monte Carlo", self.monte_carlo, "st-run-montecarlo")):
            made[css] = widgets.Button(description=text, layout=widgets.Layout(width="auto"))
            made[css].on_click(lambda _, action=action: guard(action))
            made[css].add_class(css)
            made[css].add_class("st-wrap")
        super().__init__([
            self.actor, self.hold_policy, _rule(POLICY_RULE),
            heading("Which numbers matter"), _rule(SWING_RULE), made["st-run-tornado"], self.tornado_view,
            heading("Where the choice flips"), self.quantity, made["st-run-thresholds"], self.threshold_view,
            heading("How sure we are"), _rule(MONTE_CARLO_RULE),
            widgets.HBox([self.samples, made["st-run-montecarlo"]],
                         layout=widgets.Layout(flex_flow="row wrap", gap="4px")),
            self.progress, self.histogram_view,
        ])

    def refresh(self) -> None:
        """Follow an edit of the tree: the numbers there are to pick may have changed."""
        labels = quantity_labels(self.tree)
        if labels != self.labels:
            current = self.quantity.value
            self.labels = labels
            self.quantity.options = list(labels)
            self.quantity.value = current if current in labels else next(iter(labels), "")

    @property
    def policy(self) -> str:
        """``"fixed"`` while "Hold the policy fixed" is ticked, else ``"optimal"``."""
        return "fixed" if self.hold_policy.value else "optimal"

    def hold_policy_fixed(self, held: bool = True) -> None:
        """Tick (or untick) "Hold the policy fixed"; a tornado or sweep already shown is run again."""
        self.hold_policy.value = held

    def _follow_policy(self) -> None:
        # what is shown is run again for the same actor and number, so the two views never disagree
        if self._shown_tornado is not None:
            self.tornado(self._shown_tornado)
        if self._shown_sweep is not None:
            self.thresholds(self._shown_sweep)

    def tornado(self, actor: str | None = None) -> analysis.Tornado:
        """Swing every quantity and show the ranked bars for ``actor`` (default: the one chosen)."""
        result = analysis.tornado(self.tree, actor or self.actor.value, policy=self.policy)
        self.tornado_view.value = tornado_html(result, actor_name(result.actor))
        self._shown_tornado = result.actor
        return result

    def thresholds(self, name: str | None = None) -> analysis.OneWay:
        """Sweep one quantity over its range and say where each decision's choice flips.

        With the policy held fixed nothing can flip: it says what today's policy is worth at both ends.
        """
        name = name or self.labels.get(self.quantity.value) or ""
        result = analysis.one_way(self.tree, name, policy=self.policy)
        quantity, self._shown_sweep = result.quantity, name
        if result.policy == "fixed":
            self.threshold_view.value = _held_sweep(result, self.actor.value)
            return result
        sentences = "".join(f"<li>{html.escape(threshold_sentence(self.tree, flip, quantity))}</li>"
                            for flip in result.thresholds)
        span = (f"{html.escape(quantity.label or quantity.name)} from {result.values[0]:.3g} to "
                f"{result.values[-1]:.3g}")
        self.threshold_view.value = (f"<ul class='st-threshold-sentences'>{sentences}</ul>" if sentences else
                                     f"<p class='st-no-flip'>No choice changes as {span} moves.</p>")
        return result

    def monte_carlo(self, samples: int | None = None, seed: int | None = 0) -> analysis.MonteCarlo:
        """Sample the probabilities; the progress bar follows; the histogram shows the tree's value."""
        samples = int(samples or self.samples.value)
        self.progress.value = 0

        def advance(done: int, total: int) -> None:
            self.progress.value = round(100 * done / total)

        concentration = None if _has_uncertainty(self.tree) else 20.0
        result = analysis.monte_carlo(self.tree, samples, seed, chunk=max(2_000, samples // 20),
                                      default_concentration=concentration, progress=advance)
        actor = self.actor.value
        summary = result.to_dict()["root_value"][actor]
        words = (f"<p class='st-rule'>The tree's value for {html.escape(actor_name(actor))}: 5% {summary['p05']:.3g}, "
                 f"median {summary['median']:.3g}, 95% {summary['p95']:.3g} (mean {summary['mean']:.3g}).</p>")
        decision = result.decisions.get(self.tree.root.id)
        best = "" if decision is None else "".join(
            f"<li>“{html.escape(self.tree.node(option).label)}” is best in {share:.1%} of the draws</li>"
            for option, share in decision["probability_best"].items() if share > 0)
        note = ("" if concentration is None else "<p class='st-rule'>The file declares no uncertainty: every chance "
                "node was drawn around its probabilities with concentration 20.</p>")
        self.histogram_view.value = (histogram_html(result, actor, actor_name(actor)) + words + note
                                     + (f"<ul class='st-best-shares'>{best}</ul>" if best else ""))
        return result


def _held_sweep(result: analysis.OneWay, actor: str) -> str:
    """A sweep with the policy held, in words: the value of today's policy at both ends of the range."""
    quantity, values = result.quantity, result.root_values[actor]
    return (f"<p class='st-held-sweep'>With today's choices held, the tree's value for "
            f"{html.escape(actor_name(actor))} goes from {values[0]:.3g} to {values[-1]:.3g} as "
            f"{html.escape(quantity.label or quantity.name)} goes from {result.values[0]:.3g} to "
            f"{result.values[-1]:.3g}; untick “Hold the policy fixed” to see where a choice would change.</p>")


def output_view(css: str) -> widgets.HTML:
    """An HTML widget with a class, for what a button shows."""
    view = widgets.HTML()
    view.add_class(css)
    return view


def heading(text: str) -> widgets.HTML:
    """A heading of the side panel."""
    return widgets.HTML(f"<p class='st-heading'>{html.escape(text)}</p>")


def _rule(text: str) -> widgets.HTML:
    return widgets.HTML(f"<p class='st-rule'>{html.escape(text)}</p>")


def _has_uncertainty(tree: TreeModel) -> bool:
    return any(node.concentration or isinstance(node.probability, dict) for node in tree.nodes())

