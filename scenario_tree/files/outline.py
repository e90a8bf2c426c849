"""A compact indented outline for writing a tree by hand (used by the ``%%scenario`` magic).

One node per line; indentation gives the nesting. A line is a kind marker, a label, then optional
parts in any order::

    title: Should we launch?          # optional header lines: title, actors
    actors: firm, rival
    ? Launch the product @firm        # ?  decision (``@actor``: whose payoff it maximises)
      * Launch                        # *  chance node
        - Success [0.6] = 10          # -  outcome; [p] probability (or [#] for the remainder)
        - Flop [#] = firm: -4, rival: 2   # = payoff: a number, or actor: number pairs
      - Wait = 0

Ids are made from the labels (``Launch the product`` becomes ``launch_the_product``), made
unique with a number where two labels are the same; ``{id}`` after the label sets one explicitly.

>>> tree = parse_outline('''
... ? Go? @value
...   - Yes = 1
...   - No = 0
... ''')
>>> tree.evaluate().best["go"]
'yes'
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import Problem, ScenarioFileError
from ..model import TreeModel
from ..model.names import fresh_id, slug
from ..model.tree import DEFAULT_ACTOR
from .check import T, TreeFactory, tree_from_data
from .format import FORMAT

__all__ = ["parse_outline"]

MARKERS = {"?": "decision", "*": "chance", "-": "outcome"}
_LINE = re.compile(r"^(?P<indent>\s*)(?P<marker>[?*-])\s+(?P<rest>.+?)\s*$")
_PROBABILITY = re.compile(r"\[\s*(?P<p>#|[0-9.eE+-]+)\s*\]")
_ACTOR = re.compile(r"(?:^|\s)@(?P<actor>[A-Za-z0-9_-]+)")
_ID = re.compile(r"\{(?P<id>[A-Za-z0-9_-]+)\}")


def parse_outline(text: str, file: str = "<outline>", factory: TreeFactory = TreeModel, first_line: int = 1) -> T:
    """Build a tree from outline text; problems name the line and what was expected.

    ``first_line`` is the number of the text's first line where the reader sees it (in a notebook
    cell the magic's own line comes first, so the outline starts on line 2).
    """
    header: dict[str, Any] = {"format": FORMAT}
    stack: list[tuple[int, dict[str, Any]]] = []
    root: dict[str, Any] | None = None
    used: set[str] = set()
    problems: list[Problem] = []
    lines: dict[int, int] = {}  # the line of each node, so that the format's checks can name it
    for number, line in enumerate(text.splitlines(), start=first_line):
        content = _strip_comment(line)
        if not content.strip():
            continue
        if root is None and re.match(r"^\s*(title|actors)\s*:", content):
            key, value = content.split(":", 1)
            key = key.strip()
            header[key] = value.strip() if key == "title" else [name.strip() for name in value.split(",")]
            continue
        match = _LINE.match(content)
        if match is None:
            problems.append(Problem(f"found {content.strip()!r}, expected '? decision', '* chance' or '- outcome' "
                                    "followed by a label", file=file, line=number))
            continue
        try:
            node = _node(match["marker"], match["rest"], used)
        except ValueError as error:
            problems.append(Problem(str(error), file=file, line=number))
            continue
        lines[id(node)] = number
        depth = len(match["indent"].expandtabs(4))
        while stack and stack[-1][0] >= depth:
            stack.pop()
        if stack:
            stack[-1][1].setdefault("children", []).append(node)
        elif root is None:
            root = node
        else:
            problems.append(Problem("a second root: every line after the first must be indented under it",
                                    file=file, line=number))
        stack.append((depth, node))
    if root is None and not problems:
        problems.append(Problem("no nodes: write at least one line such as '? Decide' or '- Outcome = 1'", file=file))
    if root is not None and "actors" not in header:
        problems.extend(_undeclared_actors(root, lines, file))
    if problems:
        raise ScenarioFileError(problems)
    header.setdefault("title", root["label"])
    return tree_from_data({**header, "root": root}, file, lines, factory=factory)


def _undeclared_actors(root: dict[str, Any], lines: dict[int, int], file: str) -> list[Problem]:
    """Actors named in an outline that has no ``actors:`` line: say how to declare them."""
    problems, stack = [], [root]
    while stack:
        node = stack.pop()
        stack.extend(node.get("children", []))
        named = [node["actor"]] if "actor" in node else []
        if isinstance(node.get("payoff"), dict):
            named += list(node["payoff"])
        for actor in named:
            if actor != DEFAULT_ACTOR:
                problems.append(Problem(f"unknown actor {actor!r}: the outline declares no actors (add a line "
                                        f"'actors: {actor}, ...' before the tree; without it the one actor is "
                                        f"{DEFAULT_ACTOR!r})", file=file, line=lines[id(node)]))
    return sorted(problems, key=lambda problem: problem.line or 0)


def _strip_comment(line: str) -> str:
    """Drop a comment: a line starting with ``#``, or `` # `` and what follows (``[#]`` is no comment)."""
    return "" if line.lstrip().startswith("#") else re.sub(r"\s+#\s.*$", "", line)


def _node(marker: str, rest: str, used: set[str]) -> dict[str, Any]:
    node: dict[str, Any] = {"kind": MARKERS[marker]}
    rest, payoff = (rest.split("=", 1) + [None])[:2] if "=" in rest else (rest, None)
    if (found := _PROBABILITY.search(rest)) is not None:
        node["probability"] = "#" if found["p"] == "#" else _number(found["p"], "probability")
        rest = rest[: found.start()] + rest[found.end():]
    if (found := _ACTOR.search(rest)) is not None:
        node["actor"] = found["actor"]
        rest = rest[: found.start()] + rest[found.end():]
    explicit = _ID.search(rest)
    if explicit is not None:
        rest = rest[: explicit.start()] + rest[explicit.end():]
    label = " ".join(rest.split())
    if not label:
        raise ValueError("missing label after the kind marker")
    node_id = explicit["id"] if explicit else fresh_id(slug(label), used)
    used.add(node_id)
    node = {"id": node_id, "label": label, **node}
    if payoff is not None:
        node["payoff"] = _payoff(payoff)
    return node


def _payoff(text: str) -> Any:
    text = text.strip()
    if ":" not in text:
        return _number(text, "payoff")
    payoff = {}
    for part in text.split(","):
        actor, _, amount = part.partition(":")
        payoff[actor.strip()] = _number(amount, f"payoff of {actor.strip()!r}")
    return payoff


def _number(text: str, what: str) -> float | int:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{what}: found {text.strip()!r}, expected a number") from None
    return int(value) if value.is_integer() and "." not in text else value
