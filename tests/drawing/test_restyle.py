"""Restyling on the cached layout: after any run of edits the drawing is, byte for byte, a full drawing.

Random edits (probabilities, payoffs on outcomes and above them, the selection, the realised path,
folds, unfolds, undo) are applied to the 1,000-node synthetic tree (folded by its size cap) and to
the article's tree (three actors, path totals). After each, the restyled SVG must equal the SVG
written from fresh marks on the same layout (``export("svg", highlight=True)``, which builds every
mark again), and after a change of the shown nodes also a brand-new drawing of the same tree.
The groups ``update()`` reports must be exactly the groups that changed.
"""

from __future__ import annotations

import random
import re

import pytest

from scenario_tree import ScenarioTree, default_tree
from scenario_tree.drawing import Drawing
from scenario_tree.model import ScenarioNode
from scenario_tree.synthetic import synthetic_tree

GROUP = re.compile(r'<g id="([^"]+)"[^>]*>.*?</g>\n', re.DOTALL)


def groups_of(svg: str) -> dict[str, str]:
    return {match.group(1): match.group(0) for match in GROUP.finditer(svg)}


def random_edit(tree: ScenarioTree, drawing: Drawing, generator: random.Random) -> str:
    """One edit chosen at random; returns its name. Folds and unfolds change which nodes are shown."""
    nodes = list(tree.nodes())
    shown = drawing.marks()[1]
    compiled = tree.evaluate().compiled
    kind = generator.choice(["probability"] * 5 + ["payoff"] * 3 + ["select", "realised", "fold", "unfold", "undo"])
    if kind == "probability":
        branch = generator.choice([node for node in nodes if node.parent is not None and node.parent.kind == "chance"])
        tree.set_probability(branch.id, round(generator.random(), generator.choice([1, 3, 6])))
    elif kind == "payoff":
        node = generator.choice(nodes)  # above an outcome, a payoff makes its path total differ from its value
        tree.set_payoff(node.id, round(generator.uniform(-20, 20), 2), actor=tree.actors[0])
    elif kind in ("select", "realised"):
        chosen = generator.choice([None, *(node.id for node in nodes)])
        drawing.options = drawing.options.but(**{"selected" if kind == "select" else "realised": chosen})
    elif kind == "fold":
        inner = [compiled.nodes[row].id for row in shown.rows if compiled.child_count[row] and row not in shown.folded]
        drawing.options = drawing.options.but(folded=drawing.options.folded | {generator.choice(inner)})
    elif kind == "unfold" and shown.folded:
        node = compiled.nodes[generator.choice(sorted(shown.folded))].id
        drawing.options = drawing.options.but(folded=drawing.options.folded - {node},
                                              unfolded=drawing.options.unfolded | {node})
    else:
        tree.undo()
    return kind


@pytest.mark.exe
@pytest.mark.parametrize("make, steps", [(lambda: synthetic_tree(1_000, seed=1_000), 60), (default_tree, 80)],
                         ids=["synthetic 1,000 nodes", "article"])
def test_random_edits_restyle_to_exactly_a_full_drawing(make, steps):
    tree = make()
    drawing = Drawing(tree)
    generator = random.Random(9)
    before = drawing.svg(fixed_size=True)
    relaid = 0
    for step in range(steps):
        edit = random_edit(tree, drawing, generator)
        changed, laid_out = drawing.update(), drawing.relaid
        after = drawing.svg(fixed_size=True)
        assert after == drawing.export("svg", highlight=True).decode(), f"step {step} ({edit}): not a full drawing"
        if laid_out:
            relaid += 1
            assert after == Drawing(tree.copy(), drawing.options).svg(fixed_size=True), f"step {step} ({edit})"
        else:
            old, new = groups_of(before), groups_of(after)
            assert old.keys() == new.keys(), f"step {step} ({edit}): a restyle keeps every element"
            assert changed == {key: group for key, group in new.items() if old[key] != group}, f"step {step} ({edit})"
        before = after
    assert relaid >= 3, "the random edits changed which nodes are shown several times"
    assert drawing.layout_runs == relaid + 1


@pytest.mark.exe
def test_an_edit_below_the_shown_precision_rewrites_nothing():
    tree = default_tree()
    drawing = Drawing(tree)
    before = drawing.svg()
    probability = tree.evaluate().probability["soft_landing"]
    tree.set_probability("soft_landing", probability + 1e-9)  # every number shown has three digits
    assert drawing.update() == {}
    assert drawing.svg() == before


@pytest.mark.exe
def test_a_change_of_look_writes_the_whole_group_again():
    tree = default_tree()
    drawing = Drawing(tree)
    drawing.svg()
    choice = tree.evaluate().best["dialogue"]
    tree.set_probability("guarantees_credible", 0.05)  # the root's choice flips: edges change colour and class
    assert tree.evaluate().best["dialogue"] != choice
    changed = drawing.update()
    edge = next(key for key in changed if key.endswith(f"-edge-{choice}"))
    assert 'class="edge chosen' not in changed[edge] and 'class="edge off-policy"' in changed[edge]
    assert drawing.svg(fixed_size=True) == drawing.export("svg", highlight=True).decode()


@pytest.mark.exe
def test_names_that_need_escaping_restyle_to_exactly_a_full_drawing():
    root = ScenarioNode("pick", "Pick <one> & go", "decision", actor="r&d")
    chance = ScenarioNode("risky", 'A "risky" bet', "chance", parent=root)
    ScenarioNode("win", "Win's", "outcome", probability=0.4, payoff={"r&d": 3, "<ops>": -1}, parent=chance)
    ScenarioNode("lose", "Lose", "outcome", probability="#", payoff={"r&d": -2, "<ops>": 2}, parent=chance)
    ScenarioNode("safe", "Safe", "outcome", payoff={"r&d": 0.5, "<ops>": 0}, parent=root)
    tree = ScenarioTree(root, {"title": "Escapes", "actors": ["r&d", "<ops>"]})  # built in code: names unchecked
    drawing = Drawing(tree)
    drawing.svg()
    for probability in (0.1, 0.35, 0.9):
        tree.set_probability("win", probability)
        changed = drawing.update()
        assert not drawing.relaid and changed
        assert drawing.svg(fixed_size=True) == drawing.export("svg", highlight=True).decode()
        assert "r&amp;d" in changed[f"{drawing.marks()[1].prefix}-node-risky"]
