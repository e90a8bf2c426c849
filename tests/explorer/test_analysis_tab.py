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


def test_holding_the_policy_fixed_values_todays_choices() -> None:
    """The checkbox and its twin: the tornado and the sweep then value today's policy (hand-computed)."""
    from scenario_tree import loads
    from scenario_tree.explorer.analysis_tab import AnalysisPanel
    from tests.trees import SAFE_OR_RISKY

    errors: list[Exception] = []

    def guard(action) -> None:
        try:
            action()
        except Exception as error:  # noqa: BLE001 - collected and checked below
            errors.append(error)

    panel = AnalysisPanel(loads(SAFE_OR_RISKY), guard)
    assert panel.hold_policy.description == "Hold the policy fixed" and panel.policy == "optimal"
    best = {bar.quantity.name: bar for bar in panel.tornado().bars}
    assert (best["win"].low_value, best["win"].high_value) == pytest.approx((50, 72))  # safe's 50 beats 48
    sweep = panel.thresholds("win")
    assert [flip.value for flip in sweep.thresholds] == [pytest.approx(0.5, abs=1e-12)]  # 100·p = 50
    panel.hold_policy_fixed()  # as a click on the checkbox: both views run again, risky held
    assert panel.hold_policy.value is True and panel.policy == "fixed" and errors == []
    assert "the policy is held fixed" in panel.tornado_view.value
    assert "low end: 48" in panel.tornado_view.value and "high end: 72" in panel.tornado_view.value
    assert panel.threshold_view.value.startswith("<p class='st-held-sweep'>With today's choices held, the "
                                                 "tree's value for Firm goes from 0 to 100 as P(Win) goes from 0 to 1")
    held = {bar.quantity.name: bar for bar in panel.tornado().bars}
    assert (held["win"].low_value, held["win"].high_value) == pytest.approx((48, 72))  # risky: 100·p
    assert panel.thresholds("win").thresholds == []
    panel.hold_policy.value = False  # the browser's untick: the flip is back
    assert panel.policy == "optimal" and "switches from “Safe” to “Risky”" in panel.threshold_view.value
