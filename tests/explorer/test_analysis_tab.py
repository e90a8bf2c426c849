"""The Analysis tab and its Python twins, on the tree as edited."""

from __future__ import annotations

import pytest

from scenario_tree.explorer import Explorer

pytestmark = pytest.mark.exe  # the explorer draws with Graphviz


def test_analysis_tab_twins_follow_the_edited_tree(explorer: Explorer) -> None:
    bars = explorer.analysis.tornado("west").bars
    assert [bar.swing for bar in bars] == sorted((bar.swing for bar in bars), reverse=True)
    shown = explorer.analysis.tornado_view.value
    assert shown.count("class='st-bar-row'") == len([bar for bar in bars if bar.swing > 0])
    assert shown.index("P(Guarantees credible: Putin&#x27;s move)") < shown.index("P(Slow spiral")  # widest first
    result = explorer.analysis.thresholds("guarantees_credible")
    assert [flip.decision for flip in result.thresholds] == ["dialogue"]
    threshold = result.thresholds[0].value
    explorer.set_probability("guarantees_credible", threshold + 1e-6)
    assert explorer.tree.evaluate().best["dialogue"] == result.thresholds[0].after
    explorer.set_probability("guarantees_credible", threshold - 1e-6)
    assert explorer.tree.evaluate().best["dialogue"] == result.thresholds[0].before
    sentence = explorer.analysis.threshold_view.value
    assert (f"West switches from “Cold War containment, clear parameters” to “Deal: guarantees for a soft "
            f"transition” when P(Guarantees credible: Putin&#x27;s move) rises above {threshold:.3g}; now 0.4.") \
        in sentence
    seen: list[int] = []
    explorer.analysis.progress.observe(lambda change: seen.append(change["new"]), "value")
    sampled = explorer.analysis.monte_carlo(20_000, seed=3)
    assert seen[-1] == 100 and seen == sorted(seen) and len(seen) > 2
    assert sampled.samples == 20_000 and "<svg" in explorer.analysis.histogram_view.value
    explorer.rename("stable_standoff", "Renamed")
    explorer.add_child("containment", "thaw", "Thaw", probability=0.1)
    assert "P(Thaw)" in explorer.analysis.quantity.options  # the picker shows labels, never ids
    assert all(option != "thaw" for option in explorer.analysis.quantity.options)
