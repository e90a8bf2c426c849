"""Trees with a shared uncertainty for the analysis tests: Raiffa's oil wildcatter and a small treatment choice.

The oil wildcatter (Raiffa 1968; the shipped example), in $ thousands: prior dry 0.5, wet 0.3,
soaking 0.2; drilling nets -70, 50, 200; seismic soundings cost 10 and show no structure (ns), an
open (os) or a closed structure (cs) with the likelihoods of :data:`SEISMIC`.

The treatment choice: a patient is sick with probability 0.2; treating gives 90 if sick and 70 if
well, waiting 0 if sick and 100 if well. Both chance nodes stand for the same state ("sick").
"""

from __future__ import annotations

from scenario_tree import ScenarioTree, load, loads
from tests.trees import EXAMPLES

SEISMIC = {"ns": {"dry": 0.6, "wet": 0.3, "soaking": 0.1},
           "os": {"dry": 0.3, "wet": 0.4, "soaking": 0.4},
           "cs": {"dry": 0.1, "wet": 0.3, "soaking": 0.5}}

TREATMENT = """\
format: scenario-tree/1
root:
  id: act
  label: Treat?
  kind: decision
  children:
    - id: treat
      label: Treat
      kind: chance
      uncertainty: sick
      concentration: 10
      children:
        - {id: treat_sick, label: Sick, kind: outcome, probability: 0.2, payoff: 90}
        - {id: treat_well, label: Well, kind: outcome, probability: 0.8, payoff: 70}
    - id: wait
      label: Wait
      kind: chance
      uncertainty: sick
      concentration: 10
      children:
        - {id: wait_well, label: Healthy, state: Well, kind: outcome, probability: 0.8, payoff: 100}
        - {id: wait_sick, label: Sick, kind: outcome, probability: 0.2, payoff: 0}
"""


def wildcatter(shared: bool = True) -> ScenarioTree:
    """The shipped wildcatter; with ``shared=False`` its oil nodes lose their ``uncertainty`` key."""
    tree = load(EXAMPLES / "oil_wildcatter.scenario.yaml")
    if not shared:
        for node in tree.nodes():
            node.uncertainty = None
    return tree


def treatment(shared: bool = True) -> ScenarioTree:
    """The treatment choice; with ``shared=False`` its two nodes are independent lotteries."""
    return loads(TREATMENT if shared else TREATMENT.replace("      uncertainty: sick\n", "")
                 .replace("state: Well, ", ""))
