"""The rules a scenario tree obeys, written once: loading reports every breach, editing refuses to make one.

One number rule: every number (a probability, a payoff or one actor's payoff, a parameter with its
``value``, ``low`` and ``high``, a ``concentration``, and what an expression gives) is finite and in
its field's range (:data:`RANGES`); beyond them no sum along a tree can overflow, even in float32. One text rule:
text holds no control characters (tab and newline aside), lone surrogates or noncharacters, and is
no longer than its field allows (:data:`TEXT_LIMITS`); names are checked whole, after decoding.

Each rule gives :class:`Breach` records (the node, the field, what was found and what was expected).
The file loader turns them into problems with a file and a line; an edit that would leave a breach
is undone and raised as an :class:`~scenario_tree.errors.EditError`.

>>> number_problem(float("nan"))
'found nan, expected a finite number'
>>> number_problem(1.5, *RANGES["probability"])
'found 1.5, expected a number in [0, 1]'
>>> number_problem(0.5, 0, 1) is None
True
>>> text_problem("Deal\\x01", "label")
"found '\\\\x01' (U+0001, a control character) at character 5; expected printable text"
"""

from __future__ import annotations

import math
import re
import reprlib
from collections.abc import Collection, Iterator, Mapping
from itertools import islice
from typing import Any, NamedTuple

from .expressions import FUNCTIONS, ExpressionError
from .names import ID_PATTERN
from .nodes import REMAINDER, ScenarioNode, children_of, preorder, resolved_probabilities
from .parameters import is_expression, number, resolve
from .uncertainties import group_problems, local_problems
from .utility import EXPONENTIAL, tolerance_entries

__all__ = [
    "NUMBER_LIMIT",
    "RANGES",
    "SUM_TOLERANCE",
    "TEXT_LIMITS",
    "Breach",
    "actor_problem",
    "id_problem",
    "is_plain_number",
    "label_problem",
    "meta_breaches",
    "name_problem",
    "quote_problem",
    "node_breaches",
    "number_problem",
    "parameter_breaches",
    "shown",
    "text_problem",
    "tree_breaches",
    "uncertainty_breaches",
    "url_problem",
    "utility_breaches",
]

SUM_TOLERANCE = 1e-9
# a path of MAX_DEPTH payoffs this large sums below 3.4e38, the largest float32 (analyses may use them)
NUMBER_LIMIT = 1e30
RANGES: dict[str, tuple[float, float]] = {
    "probability": (0.0, 1.0),
    "payoff": (-NUMBER_LIMIT, NUMBER_LIMIT),
    "parameter": (-NUMBER_LIMIT, NUMBER_LIMIT),
    "concentration": (1e-6, 1e6),  # Dirichlet concentrations: from "anything goes" to "as written"
    "paragraph": (1, 1_000_000),
}
TEXT_LIMITS: dict[str, int] = {
    "name": 100, "label": 300, "title": 300, "tag": 100, "notes": 20_000, "description": 20_000,
    "quote": 5_000, "url": 2_000, "source": 500, "page": 100, "expression": 2_000,
}
PARAMETER_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(chr(plane + 0xFFFE) + chr(plane + 0xFFFF) for plane in range(0, 0x110000,
                                                                                                          0x10000))
_UNPRINTABLE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}]")


class Breach(NamedTuple):
    """One broken rule: at ``node`` (``None`` for the file's top level), in ``field``, ``message``.

    ``raw`` is the value as written, when the rule is about a top-level entry (a parameter), so a
    loader can find its line.
    """

    node: ScenarioNode | None
    field: str
    message: str
    raw: Any = None


class _Short(reprlib.Repr):
    """``repr`` cut short: a few items of each container, a few levels deep, long text cut in the middle."""

    def __init__(self) -> None:
        super().__init__()
        self.maxlevel, self.maxdict, self.maxlist, self.maxtuple, self.maxset = 3, 6, 6, 6, 6
        self.maxstring, self.maxother, self.maxlong = 80, 80, 40

    def repr_dict(self, value: dict, level: int) -> str:  # reprlib sorts the keys; keep the file's order
        if not value:
            return "{}"
        if level <= 0:
            return "{...}"
        items = [f"{self.repr1(key, level - 1)}: {self.repr1(item, level - 1)}"
                 for key, item in islice(value.items(), self.maxdict)]
        return "{" + ", ".join(items + (["..."] if len(value) > self.maxdict else [])) + "}"

    def repr_int(self, value: int, level: int) -> str:
        try:
            return super().repr_int(value, level)
        except ValueError:  # more digits than Python turns into text
            return f"<an integer of {value.bit_length()} bits>"


_SHORT = _Short()


def shown(value: Any) -> str:
    """A value as messages quote it: its ``repr``, cut short, so that no message repeats a whole file.

    >>> shown({"low": 0.2})
    "{'low': 0.2}"
    >>> len(shown("x" * 1000))
    80
    >>> shown(10 ** 5000)
    '<an integer of 16610 bits>'
    """
    return _SHORT.repr(value)


# -- numbers, text and names ---------------------------------------------------------------------------


def is_plain_number(raw: Any) -> bool:
    """Whether a raw value is a number as written (not text, not a boolean)."""
    return isinstance(raw, int | float) and not isinstance(raw, bool)


def number_problem(value: Any, low: float = -NUMBER_LIMIT, high: float = NUMBER_LIMIT) -> str | None:
    """What is wrong with a number that must be finite and within ``[low, high]``, or ``None``."""
    if not is_plain_number(value) or (isinstance(value, float) and not math.isfinite(value)):
        return f"found {shown(value)}, expected a finite number"
    if not low <= value <= high:  # exact for integers of any size: no conversion to float
        return f"found {shown(value)}, expected a number in [{low:g}, {high:g}]"
    return None


def text_problem(text: Any, kind: str) -> str | None:
    """Text of this ``kind`` (see :data:`TEXT_LIMITS`): printable and not too long."""
    if not isinstance(text, str):
        return f"found {shown(text)}, expected text"
    if len(text) > TEXT_LIMITS[kind]:
        return f"found {len(text):,} characters, expected at most {TEXT_LIMITS[kind]:,}"
    found = _UNPRINTABLE.search(text)
    if found is None:
        return None
    character = found.group()
    what = ("a lone surrogate" if "\ud800" <= character <= "\udfff" else
            "a control character" if character <= "\x9f" else "a noncharacter")
    return (f"found {shown(character)} (U+{ord(character):04X}, {what}) at character {found.start() + 1}; "
            "expected printable text")


def label_problem(label: Any) -> str | None:
    """A label is non-empty printable text."""
    if not isinstance(label, str) or not label.strip():
        return f"found {shown(label)}, expected non-empty text"
    return text_problem(label, "label")


URL_PATTERN = re.compile(r"https?://\S+")  # as the schema's "url": an http:// or https:// address


def url_problem(url: Any) -> str | None:
    """An address is ``http://`` or ``https://`` followed by no space, and not too long."""
    if not isinstance(url, str) or not URL_PATTERN.fullmatch(url):
        return f"found {shown(url)}, expected an http:// or https:// address"
    return text_problem(url, "url")


def quote_problem(quote: Any) -> str | None:
    """A quote is ``{text, paragraph?, page?}``: non-empty printable text, a whole paragraph number from 1."""
    if not isinstance(quote, dict) or set(quote) - {"text", "paragraph", "page"}:
        return f"found {shown(quote)}, expected {{text, paragraph, page}}"
    text = quote.get("text")
    if not isinstance(text, str) or not text.strip():
        return f"text: found {shown(text)}, expected the quoted words"
    paragraph = quote.get("paragraph")
    if paragraph is not None and (not isinstance(paragraph, int) or isinstance(paragraph, bool)):
        return f"paragraph: found {shown(paragraph)}, expected a whole number from 1"
    return None


def name_problem(name: Any, pattern: re.Pattern[str] = ID_PATTERN) -> str | None:
    """An id or an actor's name: letters, digits, ``_`` and ``-`` only, all of it (no trailing newline)."""
    if not isinstance(name, str) or not pattern.fullmatch(name):
        allowed = "letters, digits, _ and - only" if pattern is ID_PATTERN else \
            "a letter or _, then letters, digits or _ (a name expressions can use)"
        return f"found {shown(name)}, expected {allowed}"
    if len(name) > TEXT_LIMITS["name"]:
        return f"found a name of {len(name):,} characters, expected at most {TEXT_LIMITS['name']}"
    return None


def id_problem(node_id: Any) -> str | None:
    """An id is letters, digits, ``_`` and ``-`` only."""
    return name_problem(node_id)


def actor_problem(actor: Any, actors: list[str]) -> str | None:
    """An actor is one of the tree's actors."""
    if actor not in actors:
        return f"unknown actor {shown(actor)} (must be one of {actors})"
    return None


def _parameter_name_problem(name: Any) -> str | None:
    if isinstance(name, str) and name in FUNCTIONS:
        return f"found {name!r}, the name of a function; expected another name"
    return name_problem(name, PARAMETER_NAME)


# -- the file's top level ---------------------------------------------------------------------------------


def meta_breaches(meta: Mapping[str, Any]) -> Iterator[Breach]:
    """The rules of the file's top-level text: title, description, source and actors' names."""
    for key, kind in (("title", "title"), ("description", "description")):
        if isinstance(meta.get(key), str) and (problem := text_problem(meta[key], kind)):
            yield Breach(None, key, problem)
    source = meta.get("source")
    for key, value in source.items() if isinstance(source, dict) else ():
        if isinstance(value, str) and (problem := text_problem(value, "url" if key == "url" else "source")):
            yield Breach(None, f"source.{key}", problem, source)
    for actor in meta.get("actors") or []:
        if problem := name_problem(actor):
            yield Breach(None, "actors", problem)


def parameter_breaches(parameters: Mapping[str, Any]) -> tuple[dict[str, float] | None, list[Breach]]:
    """The parameters' values (``None`` when they cannot be worked out) and what is wrong with them."""
    breaches = []
    for name, spec in parameters.items():
        where = f"parameters: {name}" if isinstance(name, str) and len(name) <= TEXT_LIMITS["name"] else "parameters"
        if problem := _parameter_name_problem(name):
            breaches.append(Breach(None, "parameters", problem, parameters))
        for part, raw in (spec.items() if isinstance(spec, dict) else [("", spec)]):
            field = f"{where}.{part}" if part else where
            problem = text_problem(raw, "expression") if is_expression(raw) else number_problem(raw)
            if problem:
                breaches.append(Breach(None, field, problem, spec if isinstance(spec, dict) else parameters))
    if breaches:
        return None, breaches
    ranges = {name: (spec["low"], spec["high"]) for name, spec in parameters.items()
              if isinstance(spec, dict) and is_plain_number(spec.get("low")) and is_plain_number(spec.get("high"))}
    for name, (low, high) in ranges.items():
        if low > high:
            breaches.append(Breach(None, f"parameters: {name}", f"low {low:g} is above high {high:g}",
                                   parameters[name]))
    try:
        values = resolve(parameters)
    except ExpressionError as error:
        return None, [*breaches, Breach(None, "parameters", str(error), parameters)]
    for name, spec in parameters.items():
        low, high = ranges.get(name, RANGES["parameter"])
        if problem := number_problem(values[name], *RANGES["parameter"]):
            breaches.append(Breach(None, f"parameters: {name}", problem.replace("found", "the value is", 1),
                                   spec if isinstance(spec, dict) else parameters))
        elif low <= high and not low <= values[name] <= high:
            breaches.append(Breach(None, f"parameters: {name}", f"the value {values[name]:g} is outside its range "
                                                                 f"[{low:g}, {high:g}]", parameters[name]))
    return values, breaches


def utility_breaches(utility: Any, actors: list[str], parameters: Mapping[str, Any]) -> Iterator[Breach]:
    """Each utility belongs to one of the actors, and each risk tolerance is a positive number.

    A risk tolerance may be an expression over the parameters; broken parameters are reported by
    :func:`parameter_breaches`, and silence the check of the expressions that use them.
    """
    if not isinstance(utility, dict):
        return
    for actor in utility:
        if problem := actor_problem(actor, actors):
            yield Breach(None, "utility", problem, utility)
    try:
        values: dict[str, float] | None = resolve(parameters)
    except ExpressionError:
        values = None
    for actor, raw in tolerance_entries(utility):
        if problem := _tolerance_problem(raw, values):
            yield Breach(None, f"utility: {actor}.{EXPONENTIAL}.risk_tolerance", problem, utility[actor][EXPONENTIAL])


def _tolerance_problem(raw: Any, values: dict[str, float] | None) -> str | None:
    expected = "expected a positive number (the risk tolerance R of u(x) = 1 - exp(-x/R), in payoff units)"
    if not is_expression(raw):
        if number_problem(raw):
            return number_problem(raw)
        return None if 0 < raw <= NUMBER_LIMIT else f"found {shown(raw)}, {expected}"
    if problem := text_problem(raw, "expression"):
        return problem
    try:
        amount = number(raw, values if values is not None else {})
    except ExpressionError as error:
        return None if values is None and "unknown name" in str(error) else str(error)
    return None if 0 < amount <= NUMBER_LIMIT else f"{raw!r} is {amount:g}, {expected}"


# -- the tree ----------------------------------------------------------------------------------------------


def tree_breaches(root: ScenarioNode, actors: list[str], parameters: Mapping[str, Any]) -> Iterator[Breach]:
    """Every breach in the whole tree: parameters, unique ids, and each node's own rules."""
    values, breaches = parameter_breaches(parameters)
    yield from breaches
    seen: dict[str, ScenarioNode] = {}
    for node in preorder(root):
        if node.id in seen:
            yield Breach(node, "id", f"duplicate id {shown(node.id)} (first used at {seen[node.id]!r})")
        seen.setdefault(node.id, node)
        if node.id in parameters:  # analyses name a branch by its id: the two would be confused
            yield Breach(node, "id", f"{node.id!r} is also a parameter's name; rename one of them")
        yield from node_breaches(node, actors, values)
    yield from uncertainty_breaches(root)


def uncertainty_breaches(root: ScenarioNode, names: Collection[str] | None = None) -> Iterator[Breach]:
    """Every node of a shared uncertainty (of these ``names``, default all) whose states differ from its group's."""
    for node, field, message in group_problems(root, names):
        yield Breach(node, field, message)


def node_breaches(node: ScenarioNode, actors: list[str], values: dict[str, float] | None) -> Iterator[Breach]:
    """The rules of one node: its kind and children, where probabilities and actors may be, its text and numbers.

    ``values`` are the parameter values (``None`` when they are broken, which silences the checks
    that need them). Children's probabilities are summed at their chance parent.
    """
    yield from _shape_breaches(node, actors)
    yield from _text_breaches(node)
    numbers_fine = True
    for breach in _number_breaches(node, actors, values):
        numbers_fine = False
        yield breach
    if node.kind == "chance" and children_of(node) and values is not None and numbers_fine:
        yield from _sum_breaches(node, values)


def _shape_breaches(node: ScenarioNode, actors: list[str]) -> Iterator[Breach]:
    children = children_of(node)
    parent = node.parent
    parent_kind = parent.kind if parent is not None else None
    if node.kind == "outcome" and children:
        yield Breach(node, "children", f"an outcome has no children, found {len(children)}")
    if node.kind != "outcome" and not children:
        yield Breach(node, "children", f"a {node.kind} node needs at least one child, found none")
    if parent_kind == "chance" and node.probability is None:
        yield Breach(node, "probability", "missing; every branch of a chance node needs a probability (a number "
                                          "or '#')")
    if parent_kind != "chance" and node.probability is not None:
        where = "the root" if parent_kind is None else "a branch of a decision"
        yield Breach(node, "probability", f"found {shown(node.probability)}, expected none on {where} "
                                          "(only branches of chance nodes have probabilities)")
    if node.concentration is not None and node.kind != "chance":
        yield Breach(node, "concentration", f"found on a {node.kind} node; only chance nodes have a concentration")
    for field, message in local_problems(node):
        yield Breach(node, field, message)
    if node.actor is not None and node.kind != "decision":
        yield Breach(node, "actor", f"found {shown(node.actor)} on a {node.kind} node; only decisions have an actor")
    elif node.actor is not None and actor_problem(node.actor, actors):
        yield Breach(node, "actor", actor_problem(node.actor, actors))


def _text_breaches(node: ScenarioNode) -> Iterator[Breach]:
    if problem := id_problem(node.id):
        yield Breach(node, "id", problem)
    if problem := label_problem(node.label):
        yield Breach(node, "label", problem)
    if node.uncertainty is not None and (problem := name_problem(node.uncertainty)):
        yield Breach(node, "uncertainty", problem)
    for field, kind in (("notes", "notes"), ("url", "url"), ("state", "label")):
        if getattr(node, field) is not None and (problem := text_problem(getattr(node, field), kind)):
            yield Breach(node, field, problem)
    for tag in node.tags:
        if problem := text_problem(tag, "tag"):
            yield Breach(node, "tags", problem)
    for quote in node.quotes:
        for key, value in quote.items() if isinstance(quote, dict) else ():
            if key == "paragraph" and (problem := number_problem(value, *RANGES["paragraph"])):
                yield Breach(node, "quotes.paragraph", problem)
            elif isinstance(value, str) and (problem := text_problem(value, "quote" if key == "text" else "page")):
                yield Breach(node, f"quotes.{key}", problem)


def _number_breaches(node: ScenarioNode, actors: list[str], values: dict[str, float] | None) -> Iterator[Breach]:
    """Every number of the node (as written, or as its expression gives it) is finite and in its range."""
    if node.concentration is not None and (problem := number_problem(node.concentration, *RANGES["concentration"])):
        yield Breach(node, "concentration", problem)
    probability = node.probability
    if isinstance(probability, dict):
        yield from _range_breaches(node, probability)
    elif probability is not None and probability != REMAINDER:
        yield from _amount_breaches(node, "probability", probability, values)
    payoffs = node.payoff.items() if isinstance(node.payoff, dict) else [(None, node.payoff)]
    for actor, amount in payoffs:
        if actor is not None and actor_problem(actor, actors):
            yield Breach(node, "payoff", actor_problem(actor, actors))
        elif amount is not None:
            yield from _amount_breaches(node, "payoff" if actor is None else f"payoff.{actor}", amount, values)


def _amount_breaches(node: ScenarioNode, field: str, raw: Any, values: dict[str, float] | None) -> Iterator[Breach]:
    low, high = RANGES[field.split(".")[0]]
    if not is_expression(raw):
        if problem := number_problem(raw, low, high):
            yield Breach(node, field, problem)
        return
    if problem := text_problem(raw, "expression"):
        yield Breach(node, field, problem)
        return
    try:
        amount = number(raw, values if values is not None else {})
    except ExpressionError as error:
        if values is not None or "unknown name" not in str(error):
            yield Breach(node, field, str(error))
        return
    if not low <= amount <= high:
        yield Breach(node, field, f"{raw!r} is {amount:g}, expected a number in [{low:g}, {high:g}]")


def _range_breaches(node: ScenarioNode, spec: dict[str, Any]) -> Iterator[Breach]:
    """A probability written as a range: ``{low, high}`` (and perhaps ``value``) in [0, 1], in order."""
    found = False
    for key in ("low", "high", "value"):
        if key in spec and (problem := number_problem(spec[key], *RANGES["probability"])):
            found = True
            yield Breach(node, f"probability.{key}", problem)
    if found or "low" not in spec or "high" not in spec:
        return
    low, high = spec["low"], spec["high"]
    if low > high:
        yield Breach(node, "probability", f"low {low:g} is above high {high:g}")
    elif "value" in spec and not low <= spec["value"] <= high:
        yield Breach(node, "probability", f"the value {spec['value']:g} is outside its range [{low:g}, {high:g}]")


def _sum_breaches(chance: ScenarioNode, values: dict[str, float]) -> Iterator[Breach]:
    raw = [child.probability for child in children_of(chance)]
    if any(value is None for value in raw):
        return
    try:
        given = sum(number(value, values) for value in raw if value != REMAINDER)
        total = sum(resolved_probabilities(chance, values))
    except ExpressionError:
        return  # reported at the branch
    if REMAINDER in raw and given > 1 + SUM_TOLERANCE:
        yield Breach(chance, "children", f"the numbered branches sum to {given:g}, leaving nothing for '#'; "
                                         "expected at most 1")
    if abs(total - 1) > SUM_TOLERANCE:
        yield Breach(chance, "children", f"probabilities sum to {total:.10g}, expected 1")
