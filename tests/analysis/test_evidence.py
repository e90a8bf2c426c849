"""Evidence: posteriors are Bayes' rule under the chosen policy."""

from __future__ import annotations

import pytest

from scenario_tree import EditError, loads
from scenario_tree.analysis import (
    AnalysisError,
    posterior,
)

TRAFFIC = """
format: scenario-tree/1
root:
  id: weather
  label: Weather
  kind: chance
  children:
    - id: rain
      label: Rain
      kind: chance
      probability: 0.3
      children:
        - {id: rain_jam, label: Jam, kind: outcome, probability: 0.8, tags: [jam]}
        - {id: rain_clear, label: Clear, kind: outcome, probability: 0.2}
    - id: dry
      label: Dry
      kind: chance
      probability: 0.7
      children:
        - {id: dry_jam, label: Jam, kind: outcome, probability: 0.1, tags: [jam]}
        - {id: dry_clear, label: Clear, kind: outcome, probability: 0.9}
"""


def test_posterior_is_bayes_rule():
    tree = loads(TRAFFIC)
    given_jam = posterior(tree, tag="jam")
    # P(jam) = P(jam|rain)P(rain) + P(jam|dry)P(dry) = 0.8·0.3 + 0.1·0.7 = 0.31
    p_jam = 0.8 * 0.3 + 0.1 * 0.7
    # P(rain|jam) = P(jam|rain)P(rain)/P(jam) = 0.24/0.31
    assert given_jam["rain_jam"] == pytest.approx(0.8 * 0.3 / p_jam, abs=1e-12)
    assert given_jam["dry_jam"] == pytest.approx(0.1 * 0.7 / p_jam, abs=1e-12)
    assert given_jam["rain_clear"] == 0 and given_jam["dry_clear"] == 0
    prior = posterior(tree).probabilities
    assert prior == pytest.approx({"rain_jam": 0.24, "rain_clear": 0.06, "dry_jam": 0.07, "dry_clear": 0.63})


def test_posterior_reached_and_ruled_out():
    tree = loads(TRAFFIC)
    assert posterior(tree, reached=["rain"]).probabilities == pytest.approx(
        {"rain_jam": 0.8, "rain_clear": 0.2, "dry_jam": 0, "dry_clear": 0})
    # not a jam in the rain: 0.06, 0.07, 0.63 out of 1 − 0.24 = 0.76
    assert posterior(tree, ruled_out=["rain_jam"]).probabilities == pytest.approx(
        {"rain_jam": 0, "rain_clear": 0.06 / 0.76, "dry_jam": 0.07 / 0.76, "dry_clear": 0.63 / 0.76})
    assert posterior(tree, reached=["rain"], ruled_out=["rain_jam"])["rain_clear"] == pytest.approx(1)
    # in the dry, a jam: P(dry_jam | dry, jam) = 1
    assert posterior(tree, reached=["dry"], tag="jam")["dry_jam"] == pytest.approx(1)


def test_posterior_under_the_chosen_policy(movie):
    # the movie company is chosen; the large box office did not happen: 0.3 and 0.6 out of 0.9
    result = posterior(movie, ruled_out=["box_office_large"])
    assert result.probabilities == pytest.approx({"tv_network": 0, "box_office_small": 0.3 / 0.9,
                                    "box_office_medium": 0.6 / 0.9, "box_office_large": 0})


@pytest.mark.parametrize(
    "evidence",
    [{"reached": ["rain", "dry"]}, {"tag": "flood"}, {"ruled_out": ["weather"]},
     {"reached": ["rain_clear"], "tag": "jam"}],
)
def test_impossible_evidence_raises(evidence):
    with pytest.raises(AnalysisError, match="probability 0"):
        posterior(loads(TRAFFIC), **evidence)


def test_evidence_off_the_chosen_policy_is_impossible(movie):
    with pytest.raises(AnalysisError, match="probability 0"):
        posterior(movie, reached=["tv_network"])
    with pytest.raises(EditError, match="unknown node id"):
        posterior(movie, reached=["no_such_node"])


def test_news_about_one_node_of_a_shared_uncertainty_informs_the_whole_group():
    from .shared_trees import treatment, wildcatter

    # policy: test; then drill after an open or closed structure. Ruling out "dry" under "no test" says the
    # oil is not dry: the drilled outcomes keep their weight if wet or soaking, lose it if dry; "no structure,
    # don't drill" keeps P(ns, not dry) = 0.3·0.3 + 0.2·0.1 = 0.11 of its 0.41. P(not dry) = 0.5.
    result = posterior(wildcatter(), ruled_out=["dry"])
    assert result.evidence == pytest.approx(0.5, abs=1e-12)
    expected = {"ns_dont_drill": 0.11 / 0.5, "os_wet": 0.12 / 0.5, "os_soaking": 0.08 / 0.5, "cs_wet": 0.09 / 0.5,
                "cs_soaking": 0.10 / 0.5}
    assert {key: value for key, value in result.probabilities.items() if value} == pytest.approx(expected, abs=1e-12)
    # "soaking" reached anywhere: P = 0.2; ns: 0.2·0.1 = 0.02, os: 0.08, cs: 0.10
    soaking = posterior(wildcatter(), reached=["ns_soaking"])
    assert soaking.evidence == pytest.approx(0.2, abs=1e-12)
    assert {key: value for key, value in soaking.probabilities.items() if value} == pytest.approx(
        {"ns_dont_drill": 0.1, "os_soaking": 0.4, "cs_soaking": 0.5}, abs=1e-12)
    # the treatment choice waits; learning from the other branch that the patient is not sick rules out
    # waiting while sick. Without the shared key the same evidence is only about a path not taken.
    assert posterior(treatment(), ruled_out=["treat_sick"]).probabilities == pytest.approx(
        {"treat_sick": 0, "treat_well": 0, "wait_well": 1, "wait_sick": 0})
    assert posterior(treatment(shared=False), ruled_out=["treat_sick"]).probabilities == pytest.approx(
        {"treat_sick": 0, "treat_well": 0, "wait_well": 0.8, "wait_sick": 0.2})
