"""The trees and hand-worked numbers the analysis tests share.

Expected numbers come from the published examples (Clemen, *Making Hard Decisions*: the movie
contract and Texaco-Pennzoil) or are worked out by hand, with the arithmetic written out next to
them. Nothing here is copied from the code's own output.

Movie contract: TV pays 900,000 for certain; the movie company pays 200,000 (0.3), 1,000,000 (0.6)
or 3,000,000 (0.1), less 5,000 of fees: EMV 0.3·200,000 + 0.6·1,000,000 + 0.1·3,000,000 − 5,000
= 955,000.

Texaco-Pennzoil (in $ billions): accept 2, or counteroffer 5: Texaco accepts (0.17, pays 5), refuses
(0.5, court) or counteroffers 3 (0.33; Pennzoil then accepts 3 or goes to court). Court: 10.3 (0.2),
5 (0.5), 0 (0.3): EMV 2.06 + 2.5 = 4.56. Counteroffer: 0.17·5 + 0.5·4.56 + 0.33·max(3, 4.56) = 4.6348.
"""

from __future__ import annotations

from pathlib import Path

from scenario_tree import ScenarioTree, load

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"

COURT_EMV = 0.2 * 10.3 + 0.5 * 5 + 0.3 * 0  # 4.56
COUNTER_EMV = 0.17 * 5 + 0.5 * COURT_EMV + 0.33 * max(3, COURT_EMV)  # 4.6348
MOVIE_EMV = 0.3 * 200_000 + 0.6 * 1_000_000 + 0.1 * 3_000_000 - 5_000  # 955,000


def movie_contract() -> ScenarioTree:
    return load(EXAMPLES / "movie_contract.scenario.yaml")


def texaco_pennzoil() -> ScenarioTree:
    return load(EXAMPLES / "texaco_pennzoil.scenario.yaml")


# A decision with parameters: play (win p_win: prize - cost; lose: -cost) or skip (0).
GAME = """
format: scenario-tree/1
actors: [player, house]
parameters:
  p_win: 0.4
  prize: 100
  cost: {value: 20, low: 10, high: 30}
  net: "prize - cost"
root:
  id: choice
  label: Play?
  kind: decision
  actor: player
  children:
    - {id: skip, label: Skip, kind: outcome, payoff: 0}
    - id: play
      label: Play
      kind: chance
      children:
        - {id: win, label: Win, kind: outcome, probability: p_win, payoff: {player: net, house: "-net"}}
        - {id: lose, label: Lose, kind: outcome, probability: "1 - p_win", payoff: {player: "-cost", house: cost}}
"""
