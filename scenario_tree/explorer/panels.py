"""The explorer's text panels as HTML: details of a node and the outcome summary.

Pure functions of a tree and its evaluation, with no widget in sight, so they are tested without
Jupyter. Every text that comes from a file goes through :func:`html.escape`: a label such as
``<img src=x onerror=alert(1)>`` is shown as those characters and runs nothing.
"""

from __future__ import annotations

from html import escape

from ..model import Evaluation, ScenarioNode, TreeModel
from ..model.uncertainties import state_of
from .summary import actor_name

__all__ = ["details_html", "outcomes_html"]


def details_html(tree: TreeModel, node: ScenarioNode, evaluation: Evaluation) -> str:
    """Everything known about one node: kind, actor, probabilities, values, options and evidence."""
    probability = evaluation.probability[node.id]
    decider = actor_name(node.actor or tree.actors[0])
    rows = [
        ("kind", f"decision: {decider} chooses" if node.kind == "decision" else node.kind),
        ("probability of this branch", "—" if probability is None else _p(probability)),
        ("probability of getting here if chosen", _p(evaluation.path_probability[node.id])),
        ("probability under the chosen policy", _p(evaluation.policy_probability[node.id])),
        *_value_rows(node, evaluation),
    ]
    if node.payoff is not None:
        rows.append(("payoff on entering", _payoff_text(node.payoff)))
    if node.kind == "outcome":
        total = evaluation.path_totals[evaluation.compiled.row[node]]
        if any(abs(total[index] - evaluation.value[node.id][actor]) > 1e-12 for index, actor in enumerate(tree.actors)):
            rows.append(("payoffs along its path", ", ".join(f"{actor_name(actor)} {_n(value)}"
                                                            for actor, value in zip(tree.actors, total))))
    if node.uncertainty is not None:
        rows.append(("shared uncertainty", node.uncertainty))
    if node.parent is not None and node.parent.uncertainty is not None:
        rows.append((f"state of {node.parent.uncertainty}", state_of(node)))
    if node.tags:
        rows.append(("tags", ", ".join(node.tags)))
    parts = [f'<div class="st-details"><h3 class="st-label">{escape(node.label)}</h3>', _table(rows)]
    if node.kind == "decision":
        parts.append(_options_html(tree, node, evaluation))
    if node.notes:
        parts.append(f'<p class="st-notes">{escape(node.notes)}</p>')
    parts.extend(_quote_html(quote) for quote in node.quotes)
    parts.append("</div>")
    return "".join(parts)


def _options_html(tree: TreeModel, node: ScenarioNode, evaluation: Evaluation) -> str:
    best = evaluation.best[node.id]
    averse = evaluation.risk_averse
    header = "".join(f"<th>{escape(actor_name(actor))}</th>" for actor in tree.actors) + "".join(
        f"<th>certainty equivalent ({escape(actor_name(actor))})</th>" for actor in averse)
    body = []
    for child in node.children:
        mark = "✔ " if child.id == best else ""
        cells = "".join(f"<td>{_n(value)}</td>" for value in evaluation.value[child.id].values())
        cells += "".join(f"<td>{_n(evaluation.certainty_equivalent[child.id][actor])}</td>" for actor in averse)
        css = ' class="st-best"' if child.id == best else ""
        body.append(f"<tr{css}><td>{mark}{escape(child.label)}</td>{cells}</tr>")
    chooser = node.actor or tree.actors[0]
    by = "certainty equivalent" if chooser in averse else "value"
    return (f'<p class="st-options-title st-heading">Options ({escape(actor_name(chooser))} '
            f'chooses by its own {by})</p>'
            f'<table class="st-options"><tr><th>option</th>{header}</tr>{"".join(body)}</table>')


def _value_rows(node: ScenarioNode, evaluation: Evaluation) -> list[tuple[str, str]]:
    """Each actor's value; beside it, for an actor with a utility, the certainty equivalent and expected utility."""
    rows = []
    for actor, value in evaluation.value[node.id].items():
        rows.append((f"value for {actor_name(actor)}", _n(value)))
        if actor in evaluation.risk_averse:
            tolerance = evaluation.tolerance[evaluation.actors.index(actor)]
            rows.append((f"certainty equivalent for {actor_name(actor)}",
                         f"{_n(evaluation.certainty_equivalent[node.id][actor])} (expected utility "
                         f"{evaluation.expected_utility[node.id][actor]:.4g}, risk tolerance {_n(tolerance)})"))
    return rows


def _quote_html(quote: dict) -> str:
    where = f" (¶{int(quote['paragraph'])})" if quote.get("paragraph") else ""
    return f'<blockquote class="st-quote">“{escape(str(quote["text"]))}”<cite>{where}</cite></blockquote>'


def outcomes_html(tree: TreeModel, evaluation: Evaluation, limit: int = 60) -> str:
    """Outcomes by probability under the policy with bars, totals per tag and the root's value."""
    root_value = " · ".join(f"{escape(actor_name(actor))} <b>{_n(value)}</b>"
                            for actor, value in evaluation.root_value.items())
    outcomes = evaluation.outcomes()[:limit]
    reached = [_outcome_row(outcome) for outcome in outcomes if outcome["policy_probability"] > 0]
    others = [_outcome_row(outcome) for outcome in outcomes if outcome["policy_probability"] <= 0]
    header = f'<tr><th>outcome</th><th>p</th><th></th><th>{escape(", ".join(map(actor_name, tree.actors)))}</th></tr>'
    off_policy = (f'<details><summary>{len(others)} outcomes off the chosen policy</summary>'
                  f'<table class="st-outcome-table st-off-policy">{header}{"".join(others)}</table></details>'
                  if others else "")
    tags = "".join(f'<tr><td>{escape(tag)}</td><td class="st-num">{_p(total)}</td>'
                   f'<td class="st-barcell"><div class="st-bar st-tagbar" style="width:{total * 100:.1f}%"></div></td>'
                   "</tr>" for tag, total in evaluation.tags().items())
    return (f'<div class="st-outcomes"><p class="st-root-value">Value of the tree: {root_value}</p>'
            f'<table class="st-outcome-table">{header}{"".join(reached)}</table>{off_policy}'
            + (f'<p>By tag:</p><table class="st-tag-table">{tags}</table>' if tags else "") + "</div>")


def _outcome_row(outcome: dict) -> str:
    share = outcome["policy_probability"]
    bar = f'<div class="st-bar" style="width:{share * 100:.1f}%"></div>'
    values = ", ".join(_n(value) for value in outcome["total"].values())  # what reaching it is worth
    return (f'<tr data-id="{escape(outcome["id"])}"><td>{escape(outcome["label"])}</td>'
            f'<td class="st-num">{_p(share)}</td><td class="st-barcell">{bar}</td><td>{values}</td></tr>')


def _table(rows: list[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><th>{escape(name)}</th><td>{escape(value)}</td></tr>" for name, value in rows)
    return f'<table class="st-facts">{cells}</table>'


def _payoff_text(payoff: object) -> str:
    if isinstance(payoff, dict):
        return ", ".join(f"{actor} {_n(value)}" for actor, value in payoff.items())
    return _n(payoff)


def _p(probability: float) -> str:
    return f"{probability:.3f}"


def _n(value: object) -> str:
    return f"{float(value):.3g}"
