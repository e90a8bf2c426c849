"""The briefing's content as plain data: a title, the source, the drawing and sections of text and tables.

:func:`build_briefing` says *what* a briefing holds; :mod:`~scenario_tree.sharing.report` writes it as
HTML, Markdown or PDF. Every text here is plain (the writers escape it). The sections, in order:

- ``path``: the recommended path in words (:func:`~scenario_tree.sharing.narrative.recommended_path`);
- ``drawing``: the tree (the drawing itself is :attr:`Briefing.svg`);
- ``outcomes``: the outcomes the recommended policy can reach, with their probabilities and values;
- ``narratives``: for each option of each decision the policy reaches, what follows it;
- ``assumptions``: every chance branch probability and every payoff, with its node path and the quote
  it rests on: the nearest quote on the node or its closest ancestor, or "no quote";
- ``sensitivity`` (only where the file declares parameters): the tornado of the parameters and
  each parameter's thresholds in sentences.

>>> from scenario_tree import load
>>> briefing = build_briefing(load("examples/texaco_pennzoil.scenario.yaml"), drawing=False)
>>> [section.key for section in briefing.sections]
['path', 'drawing', 'outcomes', 'narratives', 'assumptions']
>>> print(" | ".join(briefing.section("assumptions").table.rows[1][:3]))
/offer/texaco_reaction/texaco_accepts_5b | Texaco accepts $5B | 0.17
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import analysis
from ..drawing import Drawing, DrawOptions
from ..model import REMAINDER, Evaluation, ScenarioNode, TreeModel, ancestors, node_path, preorder
from ..model.names import actor_name
from ..model.parameters import declared_range
from ..model.parameters import number as evaluated
from ..version import __version__
from .narrative import chooser, number, path_narrative, recommended_path
from .page import MAX_DRAWN_NODES

__all__ = ["MAX_NARRATIVES", "PATH_COLUMN", "Assumption", "Bar", "Briefing", "Section", "Table", "assumptions",
           "build_briefing", "nearest_quote", "threshold_sentences"]

PATH_COLUMN = "Node path"
MAX_NARRATIVES = 24  # path narratives listed; the rest are counted
SOURCE_FIELDS = (("author", "Author"), ("title", "Title"), ("outlet", "Outlet"), ("date", "Date"), ("url", "Address"))


@dataclass(frozen=True)
class Table:
    """Rows of text under column headings; ``numeric`` columns are aligned right, ``unbroken`` ones never wrap."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: frozenset[int] = frozenset()
    unbroken: frozenset[int] = frozenset()


@dataclass(frozen=True)
class Bar:
    """One tornado bar: the tree's value at the low and at the high end of a quantity."""

    low: float
    high: float


@dataclass(frozen=True)
class Section:
    """A heading with paragraphs, a bulleted list, a table (with one bar per row, for a tornado) and notes."""

    key: str
    heading: str
    paragraphs: tuple[str, ...] = ()
    items: tuple[str, ...] = ()
    table: Table | None = None
    bars: tuple[Bar, ...] = ()
    base: float | None = None  # the value the bars start from
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Briefing:
    """A whole briefing: what the writers turn into a document."""

    title: str
    description: str | None
    source: tuple[tuple[str, str], ...]  # (what, text): author, title, outlet, date, address, as the file gives them
    url: str | None  # the source's address, when it is a web address (the writers link only to those)
    written: str
    svg: str | None
    sections: tuple[Section, ...]

    def section(self, key: str) -> Section:
        """The section called ``key``."""
        return next(section for section in self.sections if section.key == key)


@dataclass(frozen=True)
class Assumption:
    """One number the tree rests on: a chance branch's probability or one actor's payoff at a node."""

    node: ScenarioNode
    kind: str  # probability | payoff
    actor: str | None
    value: float
    written: Any  # as the file writes it: a number, "#", an expression or {value, low, high}
    quote: dict[str, Any] | None
    quoted_at: ScenarioNode | None  # the node the quote is on: this one or its closest ancestor with a quote


def build_briefing(tree: TreeModel, *, drawing: bool = True, written: datetime.date | None = None) -> Briefing:
    """The briefing of ``tree`` with its numbers as they are now.

    Args:
        tree: The tree.
        drawing: Include the drawing (needs Graphviz); without it :attr:`Briefing.svg` is ``None``.
        written: The date to state as the briefing's writing (default: today).
    """
    evaluation = tree.evaluate()
    sections = [
        Section("path", "The recommended path", tuple(recommended_path(tree, evaluation))),
        Section("drawing", "The tree", (_drawing_caption(tree),)),
        _outcomes_section(tree, evaluation),
        _narratives_section(tree, evaluation),
        _assumptions_section(tree, evaluation),
    ]
    if tree.parameters:
        sections.append(_sensitivity_section(tree, evaluation))
    source = tree.meta.get("source") or {}
    url = str(source.get("url", ""))
    svg = Drawing(tree, DrawOptions(max_nodes=MAX_DRAWN_NODES, show_title=False)).svg() if drawing else None
    return Briefing(
        title=tree.title,
        description=tree.meta.get("description"),
        source=tuple((name, str(source[key])) for key, name in SOURCE_FIELDS if source.get(key) not in (None, "")),
        url=url if url.lower().startswith(("https://", "http://")) else None,
        written=_written_line(tree, written or datetime.date.today()),
        svg=svg,
        sections=tuple(sections),
    )


def nearest_quote(node: ScenarioNode) -> tuple[dict[str, Any], ScenarioNode] | None:
    """The first quote of ``node`` or, failing that, of its closest ancestor that has one, with that node."""
    for each in ancestors(node, include_self=True):
        if each.quotes:
            return each.quotes[0], each
    return None


def assumptions(tree: TreeModel, evaluation: Evaluation | None = None) -> list[Assumption]:
    """Every chance branch probability and every payoff the file states, in tree order."""
    evaluation = evaluation or tree.evaluate()
    values = tree.parameter_values()
    found = []
    for node in preorder(tree.root):
        quote, quoted_at = nearest_quote(node) or (None, None)
        if node.parent is not None and node.parent.kind == "chance":
            found.append(Assumption(node, "probability", None, evaluation.probability[node.id], node.probability,
                                    quote, quoted_at))
        payoffs = node.payoff if isinstance(node.payoff, dict) else \
            ({} if node.payoff is None else {tree.actors[0]: node.payoff})
        found.extend(Assumption(node, "payoff", actor, float(evaluated(amount, values)), amount, quote, quoted_at)
                     for actor, amount in payoffs.items())
    return found


def threshold_sentences(tree: TreeModel, name: str, evaluation: Evaluation | None = None) -> list[str]:
    """Where a parameter flips a choice the policy reaches, in sentences, nearest its value first.

    "If p_x rises above 0.41, West's best choice switches from “the deal” to “containment”."
    """
    evaluation = evaluation or tree.evaluate()
    sweep = analysis.one_way(tree, name)
    base = sweep.quantity.base
    reached = {node.id for node in tree.nodes() if node.kind == "decision" and evaluation.policy_probability[node.id]}
    flips = sorted((flip for flip in sweep.thresholds if flip.decision in reached),
                   key=lambda flip: abs(flip.value - base))
    said = []
    for flip in flips:
        rises = flip.value > base
        before, after = (flip.before, flip.after) if rises else (flip.after, flip.before)
        said.append(f"If {name} {'rises above' if rises else 'falls below'} {number(flip.value)}, "
                    f"{_whose_choice(tree, flip.decision)} switches from “{tree.node(before).label}” "
                    f"to “{tree.node(after).label}”.")
    if not said:
        said.append(f"Between {number(sweep.values[0])} and {number(sweep.values[-1])}, {name} changes no choice "
                    "the recommended policy reaches.")
    return said + ([f"({name}: {sweep.note})"] if sweep.note else [])


def _whose_choice(tree: TreeModel, decision_id: str) -> str:
    decision = tree.node(decision_id)
    where = "" if decision is tree.root else f" at “{decision.label}”"
    return f"{chooser(tree, decision)}'s best choice{where}"


def _written_line(tree: TreeModel, written: datetime.date) -> str:
    origin = f" from {Path(tree.file).name}" if tree.file else ""
    return (f"Written on {written.isoformat()}{origin} by scenario-tree {__version__}. Every number below is the "
            "file's: probabilities and payoffs are the analyst's reading, each shown with the quote it rests on.")


def _drawing_caption(tree: TreeModel) -> str:
    actors = ", ".join(actor_name(actor) for actor in tree.actors)
    return (f"Decisions are boxes, chance nodes ellipses, outcomes coloured by their first tag; the branch each "
            f"decision chooses is drawn in blue, and what the recommended policy cannot reach in grey. Values "
            f"are for {actors}, in that order.")


def _outcomes_section(tree: TreeModel, evaluation: Evaluation) -> Section:
    outcomes = [outcome for outcome in evaluation.outcomes() if outcome["policy_probability"] > 0]
    total = sum(1 for node in tree.nodes() if node.kind == "outcome")
    rows = tuple((outcome["label"], outcome["path"], number(outcome["policy_probability"]),
                  *(number(value) for value in outcome["total"].values())) for outcome in outcomes)
    columns = ("Outcome", PATH_COLUMN, "p", *(f"Value for {actor_name(actor)}" for actor in tree.actors))
    said = (f"Under the recommended policy {len(outcomes)} of the tree's {total} outcomes can happen, most likely "
            "first. A value is the sum of the payoffs along the outcome's path.")
    return Section("outcomes", "Outcomes under the recommended policy", (said,),
                   table=Table(columns, rows, frozenset(range(2, len(columns)))))


def _narratives_section(tree: TreeModel, evaluation: Evaluation) -> Section:
    options = [child for node in preorder(tree.root)
               if node.kind == "decision" and evaluation.policy_probability[node.id] > 0 for child in node.children]
    items = tuple(path_narrative(tree, option.id, evaluation) for option in options[:MAX_NARRATIVES])
    notes = (f"{len(options) - MAX_NARRATIVES} more options are left out.",) if len(options) > MAX_NARRATIVES else ()
    said = ("For each option of each decision the recommended policy reaches: the path to it and the outcomes "
            "likely to follow, with their probabilities given that path, every later decision made by its "
            "actor's best choice.")
    return Section("narratives", "Paths in words", (said,) if items else (), items=items, notes=notes)


def _assumptions_section(tree: TreeModel, evaluation: Evaluation) -> Section:
    found = assumptions(tree, evaluation)
    by_node: dict[str, list[Assumption]] = {}
    for each in found:
        by_node.setdefault(each.node.id, []).append(each)
    rows = tuple(_assumption_row(numbers) for numbers in by_node.values())
    said = (f"Every number the tree rests on ({sum(each.kind == 'probability' for each in found)} branch "
            f"probabilities, {sum(each.kind == 'payoff' for each in found)} payoffs), node by node, with the quote "
            "it rests on: the node's own, or its closest ancestor's.")
    columns = (PATH_COLUMN, "Node", "Probability", "Payoffs", "Quote it rests on", "Where")
    return Section("assumptions", "Assumptions", (said,), table=Table(columns, rows, frozenset({2}), frozenset({5})))


def _assumption_row(numbers: list[Assumption]) -> tuple[str, ...]:
    """One node's assumptions: its branch probability, its payoffs, and the quote they rest on."""
    first = numbers[0]
    probability = next((_written_value(each) for each in numbers if each.kind == "probability"), "")
    payoffs = " · ".join(f"{actor_name(each.actor or '')}\N{NO-BREAK SPACE}{_written_value(each)}"
                         for each in numbers if each.kind == "payoff")
    return (node_path(first.node), first.node.label, probability, payoffs, _quote_text(first),
            _quote_place(first.quote))


def _written_value(each: Assumption) -> str:
    raw, shown = each.written, number(each.value)
    if raw == REMAINDER:
        return f"{shown} (# the rest)"
    span = declared_range(raw)
    value = raw.get("value") if isinstance(raw, dict) else raw
    formula = f" (= {value})" if isinstance(value, str) else ""
    return shown + formula + (f" (range {number(span[0])} … {number(span[1])})" if span else "")


def _quote_text(each: Assumption) -> str:
    if each.quote is None:
        return "no quote"
    at = "" if each.quoted_at is each.node else f" (quoted at “{each.quoted_at.label}”)"
    return f"“{each.quote.get('text', '')}”{at}"


def _quote_place(quote: dict[str, Any] | None) -> str:
    if quote is None:
        return ""
    parts = ([f"p. {quote['page']}"] if "page" in quote else []) + (
        [f"¶ {quote['paragraph']}"] if "paragraph" in quote else [])
    return ", ".join(parts)


def _sensitivity_section(tree: TreeModel, evaluation: Evaluation) -> Section:
    root = tree.root
    actor = (root.actor or tree.actors[0]) if root.kind == "decision" else tree.actors[0]
    result = analysis.tornado(tree, actor, names=list(tree.parameters))
    who = actor_name(actor)
    rows = tuple((bar.quantity.name, number(bar.quantity.base),
                  f"{number(bar.quantity.low)} … {number(bar.quantity.high)}", number(bar.low_value),
                  number(bar.high_value), number(bar.swing)) for bar in result.bars)
    table = Table(("Parameter", "Value", "Range", f"{who} at low", f"{who} at high", "Swing"), rows,
                  frozenset({1, 3, 4, 5}))
    said = (f"How far each parameter, swung over its range, moves the tree's value for {who} "
            f"({number(result.base)} with every parameter at its value), widest first; then where a parameter "
            "changes a choice.")
    thresholds = tuple(sentence for name in tree.parameters for sentence in threshold_sentences(tree, name, evaluation))
    return Section("sensitivity", "Sensitivity", (said,), table=table,
                   bars=tuple(Bar(bar.low_value, bar.high_value) for bar in result.bars), base=result.base,
                   notes=thresholds)
