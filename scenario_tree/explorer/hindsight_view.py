"""What happened, in the explorer: the realised path in the summary line and each observation in the details.

A hindsight record (:mod:`scenario_tree.hindsight`) names the nodes known to have been reached; the
drawing marks their path in green (``DrawOptions.realised``), the summary line says it in words, and
the details of a node on the path list the observations behind it, with their dates, sources and the
judgement where the mapping from events to the branch is one. All text is escaped: it is the record's.
"""

from __future__ import annotations

from html import escape

from ..hindsight import Hindsight, Observation
from ..model import ScenarioNode, TreeModel

__all__ = ["hindsight_details_html", "hindsight_summary_html"]


def hindsight_summary_html(tree: TreeModel, record: Hindsight | None) -> str:
    """The realised path in labels, with the record's date, for the summary line ("" without a record)."""
    if record is None or len(record.path) < 2:
        return ""
    steps = " → ".join(escape(tree.node(node_id).label) for node_id in record.path[1:])
    return (f"<span class='st-realised'>What happened (record of {record.compiled.isoformat()}, forecast of "
            f"{record.forecast_date.isoformat()}): {steps} <i>(green in the drawing)</i></span>")


def hindsight_details_html(record: Hindsight | None, node: ScenarioNode) -> str:
    """For a node on the realised path: when it was first known to be reached and the evidence ("" otherwise)."""
    if record is None or node.id not in record.path:
        return ""
    first = record.first_seen(node.id)
    if node.parent is None or first is None:
        return ""
    evidence = "".join(_observation_html(each) for each in record.observations if each.node == node.id)
    return (f"<div class='st-happened'><p class='st-heading'>Happened: known by {first.isoformat()}</p>"
            f"{evidence}</div>")


def _observation_html(observation: Observation) -> str:
    source = observation.source
    title = escape(f"{source.title}, {source.outlet}, {source.date.isoformat()}")
    cite = f"<a href='{escape(source.url)}' target='_blank' rel='noopener'>{title}</a>" if source.url else title
    judgement = (f"<p class='st-judgement'><b>A judgement:</b> {escape(observation.judgement)}</p>"
                 if observation.judgement else "")
    return (f"<div class='st-observation'><p><b>{observation.date.isoformat()}</b> {escape(observation.note)}</p>"
            f"<p class='st-source'>{cite}</p>{judgement}</div>")
