"""Named scenarios side by side, checked against the article's tree worked by hand."""

from __future__ import annotations

import pytest

from scenario_tree import AnalysisError, default_tree
from scenario_tree.analysis import compare_scenarios

# Base numbers, by hand. Credible guarantees: Putin negotiates (putin 0.75*4 + 0.25*3 = 3.75 against
# stalling's 0.6*2 + 0.15*1 - 0.25*8 = -0.65); west gets 0.75*8 + 0.25*4 = 7. Weak guarantees: Putin
# holds on (-0.65, against risking an exit 0.4*1 - 0.6*9 = -5 and asking a price West refuses, -3);
# west gets -3*0.6 - 6*0.15 - 5*0.25 = -3.95. The deal: 0.4*7 + 0.6*(-3.95) = 0.43; containment:
# 0.55*1 - 0.3*4 + 0.15*0 = -0.65.
# Pessimistic: credible 0.2; soft landing 0.6 at west 6 (managed 0.4): west 5.2; holding on, the
# adventure is 0.25 and spiral : collapse keep 0.6 : 0.25 of the rest (0.75): west
# -3*0.529412 - 6*0.25 - 5*0.220588 = -4.191176; the deal 0.2*5.2 + 0.8*(-4.191176) = -2.31 < -0.65,
# so West contains.
DEAL_PESSIMISTIC = 0.2 * 5.2 + 0.8 * (-3 * 0.6 * 0.75 / 0.85 - 6 * 0.25 - 5 * 0.25 * 0.75 / 0.85)


def test_values_choices_and_outcomes_side_by_side():
    result = compare_scenarios(default_tree(), ["base", "pessimistic"])
    west = result.values[0]
    assert (west["actor"], west["base"], west["pessimistic"], west["differs"]) == ("west", pytest.approx(0.43),
                                                                                    pytest.approx(-0.65), True)
    deal = default_tree().scenario("pessimistic").evaluate().value["transition_deal"]["west"]
    assert deal == pytest.approx(DEAL_PESSIMISTIC) and deal < -0.65
    assert [(row["decision"], row["base"], row["pessimistic"]) for row in result.choices] == [
        ("dialogue", "Deal: guarantees for a soft transition", "Cold War containment, clear parameters")]
    outcomes = {row["node"]: row for row in result.outcomes}
    # base: the deal, credible 0.4 then soft landing 0.75; pessimistic: containment's standoff 0.55
    assert (outcomes["soft_landing"]["base"], outcomes["soft_landing"]["pessimistic"]) == (pytest.approx(0.3), 0)
    assert outcomes["stable_standoff"]["pessimistic"] == pytest.approx(0.55)
    assert not outcomes["emboldened_kremlin"]["differs"] and outcomes["hold_spiral"]["differs"]
    assert len(result.rows()) == 3 + 1 + len(result.outcomes)


def test_the_same_choices_give_no_choice_rows():
    result = compare_scenarios(default_tree(), ["base", "optimistic"])
    assert result.choices == []
    # optimistic: credible 0.6, soft landing 0.85 (west 0.85*8 + 0.15*4 = 7.4); weak 0.4 holds on (-3.95)
    assert result.values[0]["optimistic"] == pytest.approx(0.6 * 7.4 + 0.4 * -3.95)


@pytest.mark.parametrize(("names", "message"), [
    (["base"], "expected at least 2 different ones"),
    (["base", "base"], "expected at least 2 different ones"),
    (["base", "nope"], "unknown scenario 'nope'"),
])
def test_bad_names_are_refused(names, message):
    with pytest.raises(AnalysisError, match=message):
        compare_scenarios(default_tree(), names)
