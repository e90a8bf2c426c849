"""Writing a scenario tree as a Gambit extensive-form game (``.efg``, format version 2, rational numbers).

The tree becomes a game of perfect information: every actor is a player; every decision is a
personal node of its actor, alone in its own information set; every chance node has exact rational
probabilities that sum to exactly 1; the payoff received on entering a node is an outcome at that
node (Gambit adds the outcomes along a path, as backward induction here does). Gambit wants labels
to be distinct, so a label used by several nodes gets the node's id in parentheses; information
sets and outcomes are labelled with node ids.

Numbers are exact: a number written in the tree is read from its decimal text (0.1 is 1/10, not the
binary double nearest it), other values are the nearest fraction with a denominator up to 10^12
(so 1/3 computed from an expression is 1/3), and a chance node's last branch takes 1 minus the
others. Text is written as Gambit wants its labels: printable ASCII (accents dropped, typographic
quotes and dashes made plain, any other character written ``\\uXXXX``), whitespace runs as one
space, none at the ends, ``"`` as ``\\"``, and a backslash just before a quote or at the end as
``\\u005c`` so that it cannot escape the closing quote.

>>> from scenario_tree import loads
>>> tree = loads('''
... format: scenario-tree/1
... actors: [firm]
... root: {id: launch, label: Launch it, kind: decision, children: [
...   {id: go, label: Go, kind: chance, payoff: -1, children: [
...     {id: hit, label: Hit, kind: outcome, probability: 0.1, payoff: 30},
...     {id: miss, label: Miss, kind: outcome, probability: "#"}]},
...   {id: stop, label: Stop, kind: outcome}]}
... ''')
>>> print(to_efg(tree))
EFG 2 R "Launch it" { "firm" }
""
<BLANKLINE>
p "Launch it" 1 1 "launch" { "Go" "Stop" } 0
c "Go" 1 "go" { "Hit" 1/10 "Miss" 9/10 } 1 "go" { -1 }
t "Hit" 2 "hit" { 30 }
t "Miss" 0
t "Stop" 0
<BLANKLINE>
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from fractions import Fraction
from typing import Any

from ..errors import Problem, ScenarioFileError
from ..model import REMAINDER, ScenarioNode, TreeModel, node_path, preorder
from ..model.nodes import payoff_vector
from ..model.utility import tolerance_entries

__all__ = ["to_efg"]

DENOMINATOR_LIMIT = 10**12
SUM_TOLERANCE = 1e-9
_PUNCTUATION = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'", "\u201c": '"', "\u201d": '"',
                "\u201e": '"', "\u2033": '"', "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
                "\u2014": "-", "\u2015": "-", "\u2212": "-"}


def to_efg(tree: TreeModel) -> str:
    """The tree as the text of a Gambit ``.efg`` file.

    Raises:
        ScenarioFileError: A chance node whose probabilities do not make a distribution, or an actor
            with a utility (Gambit payoffs are the sums along a path).
    """
    actors = tree.actors
    averse = [Problem(f"{actor!r} has an exponential utility; Gambit adds the payoffs along a path as they are "
                      "(remove the utility to export the risk-neutral game)", f"utility: {actor}",
                      tree.file or "<tree>") for actor, _ in tolerance_entries(tree.utility)]
    if averse:
        raise ScenarioFileError(averse)
    probabilities = tree.evaluate().probability
    values = tree.parameter_values()
    players = " ".join(_quote(actor) for actor in actors)
    lines = [f"EFG 2 R {_quote(tree.title)} {{ {players} }}", _quote(str(tree.meta.get("description", ""))), ""]
    information_sets: Counter[int] = Counter()  # numbered per player, 0 being chance
    outcomes = 0
    nodes = list(preorder(tree.root))
    labels = _distinct_labels(nodes)
    for node in nodes:
        payoffs = [_exact(amount) for amount in payoff_vector(node.payoff, actors, values)]
        outcomes += any(payoffs)
        outcome = f"{outcomes} {_quote(node.id)} {{ {', '.join(map(str, payoffs))} }}" if any(payoffs) else "0"
        if node.kind == "outcome":
            lines.append(f"t {_quote(labels[node])} {outcome}")
            continue
        player = 0 if node.kind == "chance" else actors.index(node.actor or actors[0]) + 1
        information_sets[player] += 1
        moves = _moves(node, labels, probabilities, tree.file or "<tree>")
        owner = f"{player} " if player else ""  # chance nodes name no player
        lines.append(f"{'c' if player == 0 else 'p'} {_quote(labels[node])} {owner}{information_sets[player]} "
                     f"{_quote(node.id)} {{ {moves} }} {outcome}")
    return "\n".join(lines) + "\n"


def _moves(node: ScenarioNode, labels: dict[ScenarioNode, str], probabilities: dict[str, float | None],
           file: str) -> str:
    """The actions of a node: its children's labels, each followed by its probability at a chance node."""
    actions = [_quote(labels[child]) for child in node.children]
    if node.kind != "chance":
        return " ".join(actions)
    chances = _branch_probabilities(node, probabilities, file)
    return " ".join(f"{action} {chance}" for action, chance in zip(actions, chances))


def _branch_probabilities(chance: ScenarioNode, probabilities: dict[str, float | None],
                          file: str) -> list[Fraction]:
    """Exact probabilities of a chance node's branches; ``#`` shares the exact rest; the last closes the sum."""
    given = [None if child.probability == REMAINDER else _exact(probabilities[child.id])
             for child in chance.children]
    remainders = given.count(None)
    rest = Fraction(1) - sum(amount for amount in given if amount is not None)
    share = rest / remainders if remainders else Fraction(0)
    exact = [share if amount is None else amount for amount in given]
    exact[-1] = 1 - sum(exact[:-1])
    last = probabilities[chance.children[-1].id]
    if min(exact) < 0 or abs(float(exact[-1]) - last) > SUM_TOLERANCE:
        raise ScenarioFileError([Problem(f"the probabilities {[str(amount) for amount in exact]} are not a "
                                         "distribution (each in [0, 1], summing to 1)",
                                         f"{node_path(chance)}: children", file)])
    return exact


def _exact(value: Any) -> Fraction:
    """The exact fraction a number stands for: from its shortest decimal text, denominators up to 10^12."""
    return Fraction(repr(float(value))).limit_denominator(DENOMINATOR_LIMIT)


def _distinct_labels(nodes: list[ScenarioNode]) -> dict[ScenarioNode, str]:
    """Each node's label as Gambit text, the id added where labels repeat (Gambit wants them distinct)."""
    texts = {node: _ascii(node.label) for node in nodes}
    counts = Counter(texts.values())
    return {node: text if counts[text] == 1 else f"{text} ({node.id})" for node, text in texts.items()}


def _quote(text: str) -> str:
    return '"' + _ascii(text).replace('"', '\\"') + '"'


def _ascii(text: str) -> str:
    """Text as Gambit labels must be: printable ASCII, single spaces inside, none at the ends."""
    if not text.isascii():
        text = "".join(_PUNCTUATION.get(character, character) for character in unicodedata.normalize("NFKD", text)
                       if not unicodedata.combining(character))
    text = " ".join(text.split())
    if "\\" in text:
        text = re.sub(r"\\(?=\"|$)", r"\\u005c", text)  # such a backslash would escape Gambit's quote
    if text.isascii() and text.isprintable():
        return text
    return "".join(character if " " <= character <= "~" else _escape(character) for character in text)


def _escape(character: str) -> str:
    code = ord(character)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"

