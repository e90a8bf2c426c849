"""How a forecast held up: scores per resolved chance node, checks of observed decisions, and the tree now.

A chance node on the realised path whose branch is known has *resolved*. Each is scored with the
probability the forecast gave to what happened, the multi-category Brier score (the sum over branches
of ``(p - o)**2``: 0 is perfect, 2 the worst) and the log score ``ln p`` (0 is perfect). An outcome the
forecast gave probability 0 has no finite log score: it is reported as ``None`` and flagged, never as
``-inf``. Each is set beside a know-nothing baseline (every branch equally likely). Observed decisions
were choices, not forecasts: they are compared with the tree's predicted best choice instead. Chance
nodes off the realised path were never reached (another branch was taken above them) and are not scored.

The article's record (from the repository root): the status quo ended in "a new adventure abroad",
to which the 2017 reading gave 0.15:

>>> from scenario_tree.hindsight import load_hindsight, tree_named_by
>>> tree = tree_named_by("examples/trump_putin_2017.hindsight.yaml")
>>> result = score(tree, load_hindsight("examples/trump_putin_2017.hindsight.yaml", tree))
>>> resolved = result.chance[0]
>>> resolved.outcome, resolved.probability, round(resolved.brier, 3), round(resolved.log_score, 3)
('status_quo_adventure', 0.15, 1.145, -1.897)
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass
from typing import Any

from ..analysis import AnalysisError, posterior
from ..analysis.results import Result, table_frame
from ..errors import EditError, Problem
from ..model import ScenarioNode, TreeModel, preorder
from .record import Hindsight, HindsightError

__all__ = ["ChanceScore", "DecisionCheck", "HindsightScore", "posterior_given", "score"]

SCORE_COLUMNS = ["node", "label", "outcome", "outcome_label", "resolved", "probability", "brier", "log_score",
                 "uniform_brier", "uniform_log_score"]


@dataclass(frozen=True)
class ChanceScore:
    """The forecast at one resolved chance node against what happened there.

    Attributes:
        forecast: ``{branch id: probability}`` as the tree gives them.
        log_score: ``ln(probability)``, or None when the forecast gave what happened probability 0.
    """

    node: str
    label: str
    outcome: str
    outcome_label: str
    resolved: datetime.date | None
    probability: float
    brier: float
    log_score: float | None
    uniform_brier: float
    uniform_log_score: float
    forecast: dict[str, float]

    @property
    def impossible(self) -> bool:
        """The forecast ruled out what happened."""
        return self.log_score is None

    def to_dict(self) -> dict[str, Any]:
        return {"node": self.node, "label": self.label, "outcome": self.outcome, "outcome_label": self.outcome_label,
                "resolved": _iso(self.resolved), "probability": self.probability, "brier": self.brier,
                "log_score": self.log_score, "impossible": self.impossible, "uniform_brier": self.uniform_brier,
                "uniform_log_score": self.uniform_log_score, "forecast": dict(self.forecast)}


@dataclass(frozen=True)
class DecisionCheck:
    """An observed choice beside the choice the tree predicted (each actor maximising its own payoff).

    Attributes:
        value_chosen: The tree's expected value of the observed choice, for the deciding actor.
        value_predicted: The same for the predicted choice.
    """

    node: str
    label: str
    actor: str
    chosen: str
    chosen_label: str
    predicted: str
    predicted_label: str
    decided: datetime.date | None
    value_chosen: float
    value_predicted: float

    @property
    def matches(self) -> bool:
        return self.chosen == self.predicted

    def to_dict(self) -> dict[str, Any]:
        return {"node": self.node, "label": self.label, "actor": self.actor, "chosen": self.chosen,
                "chosen_label": self.chosen_label, "predicted": self.predicted,
                "predicted_label": self.predicted_label, "matches": self.matches, "decided": _iso(self.decided),
                "value_chosen": self.value_chosen, "value_predicted": self.value_predicted}


@dataclass(frozen=True)
class HindsightScore(Result):
    """The scores of one forecast against one hindsight record.

    Attributes:
        open: Chance nodes reached whose branch is not known yet (the end of the realised path).
        pending: Chance nodes below the deepest observed node: not known to be reached, not ruled out.
        not_reached: Chance nodes below a branch that was not taken: never reached, not scored.
        decisions_not_reached: Decisions below a branch that was not taken: nobody faced them.
    """

    title: str
    tree_title: str
    forecast_date: datetime.date
    compiled: datetime.date
    observed: tuple[datetime.date, ...]
    path: tuple[str, ...]
    chance: tuple[ChanceScore, ...]
    decisions: tuple[DecisionCheck, ...]
    open: tuple[str, ...]
    pending: tuple[str, ...]
    not_reached: tuple[str, ...]
    decisions_not_reached: tuple[str, ...] = ()

    @property
    def mean_brier(self) -> float | None:
        return _mean([each.brier for each in self.chance])

    @property
    def mean_log_score(self) -> float | None:
        """The mean log score, or None when nothing resolved or the forecast ruled out what happened."""
        return None if any(each.impossible for each in self.chance) else _mean([each.log_score for each in self.chance])

    @property
    def notes(self) -> list[str]:
        """Plain-language caveats a reader of the numbers needs."""
        notes = [f"at {each.node}: the forecast gave probability 0 to {each.outcome!r}, which happened; its log "
                 "score is -infinity, reported as null (and so is the mean log score)"
                 for each in self.chance if each.impossible]
        if not self.chance:
            notes.append("no chance node has resolved: there is nothing to score yet")
        if self.not_reached or self.decisions_not_reached:
            notes.append(f"{len(self.not_reached)} chance node(s) and {len(self.decisions_not_reached)} decision(s) "
                         "were never reached (another branch was taken above them); they are not scored")
        return notes

    def summary(self) -> dict[str, Any]:
        """Counts, means (with the uniform baseline), decision matches and the dates involved."""
        return {
            "forecast_date": self.forecast_date.isoformat(), "compiled": self.compiled.isoformat(),
            "first_observation": _iso(min(self.observed, default=None)),
            "last_observation": _iso(max(self.observed, default=None)),
            "resolved": len(self.chance), "open": len(self.open), "pending": len(self.pending),
            "not_reached": len(self.not_reached), "decisions_not_reached": len(self.decisions_not_reached),
            "impossible": sum(each.impossible for each in self.chance),
            "mean_brier": self.mean_brier, "mean_log_score": self.mean_log_score,
            "uniform_mean_brier": _mean([each.uniform_brier for each in self.chance]),
            "uniform_mean_log_score": _mean([each.uniform_log_score for each in self.chance]),
            "decisions_observed": len(self.decisions),
            "decisions_matching": sum(each.matches for each in self.decisions),
        }

    def to_dict(self) -> dict[str, Any]:
        """Plain data, safe for strict JSON (no NaN or infinity anywhere)."""
        return {"title": self.title, "tree": self.tree_title, "realised_path": list(self.path),
                "chance_nodes": [each.to_dict() for each in self.chance],
                "decisions": [each.to_dict() for each in self.decisions], "open": list(self.open),
                "pending": list(self.pending), "not_reached": list(self.not_reached),
                "decisions_not_reached": list(self.decisions_not_reached),
                "summary": self.summary(), "notes": self.notes}

    def rows(self) -> list[dict[str, Any]]:
        """One row per resolved chance node: what happened, the probability given to it and its scores."""
        return [{key: each.to_dict()[key] for key in SCORE_COLUMNS} for each in self.chance]

    def to_frame(self) -> Any:
        """The per-node scores as a pandas DataFrame (its columns also when nothing resolved yet)."""
        return table_frame(self.rows(), SCORE_COLUMNS)

    def decisions_frame(self) -> Any:
        """The observed decisions beside the predicted ones, as a pandas DataFrame."""
        columns = list(DecisionCheck.__dataclass_fields__) + ["matches"]
        return table_frame([{key: each.to_dict()[key] for key in columns} for each in self.decisions], columns)


def score(tree: TreeModel, hindsight: Hindsight) -> HindsightScore:
    """Score the tree's forecast against what the record says happened.

    Raises:
        HindsightError: The record names a node the tree does not have.
    """
    evaluation = tree.evaluate()
    nodes = _path_nodes(tree, hindsight)
    chance, decisions = [], []
    for parent, child in zip(nodes, nodes[1:]):
        if parent.kind == "chance":
            chance.append(_chance_score(parent, child, evaluation.probability, hindsight.first_seen(child.id)))
        elif parent.kind == "decision":
            decisions.append(_decision_check(parent, child, evaluation, hindsight.first_seen(child.id)))
    deepest = nodes[-1]
    below = {node.id for node in preorder(deepest)} - {deepest.id}
    on_path = set(hindsight.path)
    off_path = [node for node in tree.nodes() if node.id not in on_path and node.id not in below]
    return HindsightScore(
        hindsight.title, tree.title, hindsight.forecast_date, hindsight.compiled,
        tuple(each.date for each in hindsight.observations), hindsight.path, tuple(chance), tuple(decisions),
        open=(deepest.id,) if deepest.kind == "chance" else (),
        pending=tuple(node.id for node in preorder(deepest) if node.kind == "chance" and node.id in below),
        not_reached=tuple(node.id for node in off_path if node.kind == "chance"),
        decisions_not_reached=tuple(node.id for node in off_path if node.kind == "decision"))


def posterior_given(tree: TreeModel, hindsight: Hindsight) -> dict[str, float]:
    """What the tree says now: every outcome's probability given what happened.

    Observed decisions are facts, so each is fixed to the observed choice (the other options are
    removed from a copy of the tree); unobserved decisions still follow the tree's predicted policy. The
    conditioning itself is the package's evidence analysis (:func:`scenario_tree.analysis.posterior`).

    Raises:
        AnalysisError: The forecast gave probability 0 to what happened, so there is nothing to condition on.
    """
    ruled_out = [each for each in score(tree, hindsight).chance if each.impossible]
    if ruled_out:
        raise AnalysisError(f"the forecast gave probability 0 to {ruled_out[0].outcome!r} at {ruled_out[0].node!r}, "
                            "which happened: it cannot be conditioned on")
    forced = tree.copy()
    _keep_observed_choices(forced, hindsight.path)
    # the whole path, not only its end: a branch of a shared uncertainty alone is news of the state, not a path
    given = posterior(forced, reached=list(hindsight.path)).probabilities
    return {node.id: given.get(node.id, 0.0) for node in tree.nodes() if node.kind == "outcome"}


def _path_nodes(tree: TreeModel, hindsight: Hindsight) -> list[ScenarioNode]:
    """The tree's nodes along the realised path: from this tree's root, each a child of the one before."""
    try:
        nodes = [tree.node(node_id) for node_id in hindsight.path]
    except EditError as error:
        nodes, reason = [], str(error)
    else:
        fits = nodes[0] is tree.root and all(child.parent is parent for parent, child in zip(nodes, nodes[1:]))
        reason = "" if fits else "its nodes are not a path from this tree's root"
    if reason:
        raise HindsightError([Problem(f"the realised path {list(hindsight.path)} does not fit this tree: {reason}; "
                                      "load the record against the tree it was written for", file=hindsight.file)])
    return nodes


def _chance_score(parent: ScenarioNode, child: ScenarioNode, probability: dict[str, float | None],
                  resolved: datetime.date | None) -> ChanceScore:
    forecast = {branch.id: float(probability[branch.id] or 0.0) for branch in parent.children}
    given = forecast[child.id]
    brier = math.fsum((p - (branch == child.id)) ** 2 for branch, p in forecast.items())
    count = len(forecast)
    return ChanceScore(parent.id, parent.label, child.id, child.label, resolved, given, brier,
                       math.log(given) if given > 0 else None, (count - 1) / count, -math.log(count), forecast)


def _decision_check(parent: ScenarioNode, child: ScenarioNode, evaluation: Any,
                    decided: datetime.date | None) -> DecisionCheck:
    predicted = evaluation.best[parent.id]
    actor = parent.actor or evaluation.actors[0]
    labels = {branch.id: branch.label for branch in parent.children}
    return DecisionCheck(parent.id, parent.label, actor, child.id, child.label, predicted, labels[predicted], decided,
                         evaluation.value[child.id][actor], evaluation.value[predicted][actor])


def _keep_observed_choices(tree: TreeModel, path: tuple[str, ...]) -> None:
    """Along the realised path, leave each decision (of a copy) only the branch that was taken."""
    for parent_id, taken in zip(path, path[1:]):
        parent = tree.node(parent_id)
        if parent.kind == "decision":
            for other in [child.id for child in parent.children if child.id != taken]:
                tree.remove(other)


def _mean(values: list[float | None]) -> float | None:
    return math.fsum(values) / len(values) if values else None


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None
