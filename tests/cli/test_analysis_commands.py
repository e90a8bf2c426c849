"""The analysis subcommands: each prints a table of the analysis' own numbers, or its ``to_dict()`` as JSON."""

from __future__ import annotations

import json

import pytest

from scenario_tree import default_tree, load
from scenario_tree.analysis import evpi, monte_carlo, one_way, posterior, quantities, tornado, two_way
from tests.cli.helpers import run
from tests.trees import EXAMPLES

MOVIE = str(EXAMPLES / "movie_contract.scenario.yaml")
TEXACO = str(EXAMPLES / "texaco_pennzoil.scenario.yaml")


def as_json(*argv: str) -> object:
    code, out, err = run(*argv, "--json")
    assert (code, err) == (0, "")
    return json.loads(out)


def test_quantities_lists_every_quantity_with_its_range():
    code, out, _ = run("quantities", MOVIE)
    lines = out.splitlines()
    assert code == 0 and lines[0].split() == ["quantity", "kind", "value", "low", "high"]
    names = [each.name for each in quantities(load(MOVIE))]
    assert [line.split()[0] for line in lines[1:]] == names
    assert [entry["name"] for entry in as_json("quantities", MOVIE)] == names


def test_sensitivity_prints_the_exact_threshold():
    code, out, _ = run("sensitivity", MOVIE, "--quantity", "movie_company.payoff", "--low", "-100000", "--high", "0")
    assert code == 0
    assert out.splitlines()[1].split() == ["contract", "-60000", "tv_network", "movie_company"]
    data = as_json("sensitivity", MOVIE, "--quantity", "movie_company.payoff", "--low", "-100000", "--high", "0")
    expected = one_way(load(MOVIE), "movie_company.payoff", -100_000, 0).to_dict()  # one default for both
    assert data == json.loads(json.dumps(expected))


def test_sensitivity_without_a_flip_says_so():
    code, out, _ = run("sensitivity", MOVIE, "--quantity", "box_office_small.payoff")
    assert code == 0 and "(no decision changes over the range)" in out


def test_tornado_ranks_by_swing_and_saves_a_chart(tmp_path):
    chart = tmp_path / "tornado.svg"
    code, out, _ = run("tornado", TEXACO, "--chart", str(chart))
    assert code == 0 and chart.read_bytes().startswith(b"<?xml")
    names = [line.split()[0] for line in out.splitlines()[1:]]
    assert names == [bar.quantity.name for bar in tornado(load(TEXACO)).bars]
    data = as_json("tornado", TEXACO, "--actor", "pennzoil")
    assert data["actor"] == "pennzoil" and [bar["quantity"] for bar in data["bars"]] == names


def test_twoway_prints_the_grid_of_choices():
    code, out, _ = run("twoway", MOVIE, "--x", "tv_network.payoff", "--y", "movie_company.payoff", "--points", "3")
    grid = two_way(load(MOVIE), "tv_network.payoff", "movie_company.payoff", points=3)
    rows = [line.split() for line in out.splitlines()[1:]]
    assert code == 0 and [row[1:] for row in rows] == [[grid.options[i] for i in line] for line in grid.best]


def test_montecarlo_is_seeded_and_summarises_outcomes_tags_and_decisions():
    data = as_json("montecarlo", "--samples", "2000", "--seed", "3")
    expected = monte_carlo(default_tree(), 2000, seed=3).to_dict()
    for outcome, summary in expected["outcomes"].items():
        assert data["outcomes"][outcome] == pytest.approx(summary)
    assert data["samples"] == 2000 and set(data["tags"]) == set(expected["tags"])
    code, out, _ = run("montecarlo", "--samples", "2000", "--seed", "3")
    assert code == 0 and "dialogue: transition_deal best" in out


def test_evidence_and_evpi_print_the_analyses_numbers():
    data = as_json("evidence", MOVIE, "--ruled-out", "box_office_large")
    assert data["posterior"] == pytest.approx(posterior(load(MOVIE), ruled_out=["box_office_large"]).probabilities)
    code, out, _ = run("evpi", MOVIE)
    assert code == 0 and "EVPI of the whole tree" in out
    assert as_json("evpi", MOVIE)["evpi"] == pytest.approx(evpi(load(MOVIE)).evpi)


def test_reverse_compare_and_pool_write_and_read_files(tmp_path):
    screening = tmp_path / "screening.scenario.yaml"
    screening.write_text("""\
format: scenario-tree/1
root:
  id: health
  label: Health
  kind: chance
  children:
    - id: ill
      label: Ill
      kind: chance
      probability: 0.1
      children:
        - {id: ill_pos, label: Positive, kind: outcome, probability: 0.9, payoff: 1}
        - {id: ill_neg, label: Negative, kind: outcome, probability: "#", payoff: 0}
    - id: well
      label: Well
      kind: chance
      probability: "#"
      children:
        - {id: well_pos, label: Positive, kind: outcome, probability: 0.2, payoff: 0}
        - {id: well_neg, label: Negative, kind: outcome, probability: "#", payoff: 1}
""", encoding="utf-8")
    reversed_file = tmp_path / "reversed.scenario.yaml"
    assert run("reverse", str(screening), "--node", "health", "-o", str(reversed_file))[0] == 0
    flipped = load(reversed_file)
    assert flipped.evaluate().root_value == pytest.approx(load(screening).evaluate().root_value)
    assert [child.label for child in flipped.root.children] == ["Positive", "Negative"]
    pooled = tmp_path / "pooled.scenario.yaml"
    assert run("pool", TEXACO, TEXACO, "-o", str(pooled))[0] == 0
    assert load(pooled).evaluate().root_value == pytest.approx(load(TEXACO).evaluate().root_value)
    data = as_json("compare", TEXACO, str(pooled))
    assert max(row["spread"] for row in data["branches"]) == pytest.approx(0, abs=1e-12)


def test_an_unknown_quantity_is_an_error_message_not_a_traceback():
    code, out, err = run("sensitivity", MOVIE, "--quantity", "movie_compnay.payoff")
    assert code == 1 and out == ""
    assert "unknown quantity 'movie_compnay.payoff' (did you mean 'movie_company.payoff'" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(("argv", "message"), [
    (["montecarlo", "--samples", "0"], "samples: found 0, expected a whole number in [1, "),
    (["montecarlo", "--samples", "1000000000"], "samples would need 1"),
    (["montecarlo", "--concentration", "-1"], "concentration: found -1.0, expected a finite number in (0, 1e+09]"),
    (["montecarlo", "--seed", "-3"], "seed: found -3, expected a whole number in [0, "),
    (["sensitivity", MOVIE, "--quantity", "tv_network.payoff", "--points", "100000000"],
     "points: found 100000000, expected a whole number in [2, 100,000]"),
    (["sensitivity", MOVIE, "--quantity", "tv_network.payoff", "--low", "nan"],
     "tv_network.payoff low: found nan, expected a finite number"),
    (["twoway", MOVIE, "--x", "tv_network.payoff", "--y", "movie_company.payoff", "--points", "30000"],
     "points: found 30000, expected a whole number in [2, 1,000]"),
    (["tornado", "--swing", "-1"], "swing: found -1.0, expected a finite number in (0, 10]"),
    (["tornado", "--swing", "nan"], "swing: found nan, expected a finite number in (0, 10]"),
])
def test_every_analysis_argument_is_checked_before_any_work(argv, message):
    """Each of these used to give a traceback, a probability of 1.5, or minutes of work before a MemoryError."""
    code, out, err = run(*argv)
    assert (code, out) == (1, "")
    assert err.startswith("error: ") and message in err and "Traceback" not in err


def test_a_monte_carlo_that_would_need_too_much_memory_says_how_much():
    code, _, err = run("montecarlo", "--samples", "1000000000")
    assert code == 1 and "GiB of memory; an analysis may use 4 GiB" in err


ROCKEFELLER = str(EXAMPLES / "rockefeller.scenario.yaml")
HELD = "policy held fixed (field: test; positive: install_after_positive; negative: sell_after_negative)"


def test_policy_fixed_tornado_sensitivity_and_twoway_value_todays_choices():
    # held policy: test (-100), install after a positive test, sell (500) after a negative one; with
    # P(positive) = pr·sens + (1 - pr)(1 - spec) its value is 400 - 750·P(positive) + 2500·sens·pr
    code, out, _ = run("tornado", ROCKEFELLER, "--policy", "fixed")
    assert code == 0 and out.splitlines()[-1] == HELD
    assert out.splitlines()[1].split() == ["pr", "0", "…", "1", "175", "…", "1975", "1800"]
    assert as_json("tornado", ROCKEFELLER, "--policy", "fixed")["policy"] == "fixed"
    assert as_json("tornado", ROCKEFELLER)["policy"] == "optimal"
    code, out, _ = run("sensitivity", ROCKEFELLER, "--quantity", "pr", "--points", "5", "--policy", "fixed")
    lines = out.splitlines()
    assert code == 0 and [line.split() for line in lines[1:6]] == [
        ["0", "175"], ["0.25", "625"], ["0.5", "1075"], ["0.75", "1525"], ["1", "1975"]]
    assert lines[-1] == HELD
    data = as_json("sensitivity", ROCKEFELLER, "--quantity", "pr", "--policy", "fixed")
    assert data["policy"] == "fixed" and data["thresholds"] == []
    code, out, _ = run("twoway", ROCKEFELLER, "--x", "spec", "--y", "sens", "--points", "3", "--policy", "fixed")
    # sens 0, spec 0.1: P(positive) = 0.45, value 400 - 337.5 = 62.5; sens 1, spec 0.9: 0.55, 1237.5
    rows = [line.split() for line in out.splitlines()[1:4]]
    assert code == 0 and rows[0] == ["0", "62.5", "212.5", "362.5"] and rows[2][-1] == "1237.5"


def test_an_unknown_policy_is_an_error_message():
    for command in (["tornado"], ["sensitivity", "--quantity", "pr"], ["twoway", "--x", "pr", "--y", "sens"]):
        code, out, err = run(*command, ROCKEFELLER, "--policy", "best")
        assert (code, out) == (1, "")
        assert err == "error: unknown policy: 'best' (must be one of ['fixed', 'optimal'])\n"


ARTICLE = str(EXAMPLES / "trump_putin_2017.scenario.yaml")


def test_compare_prints_named_scenarios_side_by_side_and_flags_differences():
    code, out, err = run("compare", ARTICLE, "--scenario", "base", "--scenario", "pessimistic")
    lines = out.splitlines()
    assert (code, err) == (0, "")
    assert lines[0].split() == ["base", "pessimistic", "differs"]
    assert lines[1].split() == ["value", "for", "west", "0.43", "-0.65", "*"]
    choice = next(line for line in lines if line.startswith("choice at dialogue"))
    assert " ".join(choice.split()) == ("choice at dialogue Deal: guarantees for a soft transition "
                                        "Cold War containment, clear parameters *")
    assert any(line.split() == ["P(stable_standoff)", "0.0000", "0.5500", "*"] for line in lines)
    data = as_json("compare", ARTICLE, "--scenario", "base", "--scenario", "pessimistic")
    assert data["names"] == ["base", "pessimistic"] and len(data["outcomes"]) == 22  # every outcome of the tree


def test_compare_of_files_still_works_and_bad_scenario_use_is_an_error():
    assert run("compare", MOVIE, MOVIE)[0] == 0
    code, out, err = run("compare", ARTICLE, "--scenario", "base", "--scenario", "gloomy")
    assert (code, out) == (1, "") and "unknown scenario 'gloomy'" in err and "Traceback" not in err
    code, _, err = run("compare", ARTICLE)
    assert code == 1 and "two or more FILEs, or one FILE and --scenario" in err


WILDCATTER = str(EXAMPLES / "oil_wildcatter.scenario.yaml")


def test_evii_prints_the_value_of_a_test_and_evpi_the_shared_uncertainty():
    from scenario_tree.analysis import evii

    seismic = ('{"ns": {"dry": 0.6, "wet": 0.3, "soaking": 0.1}, "os": {"dry": 0.3, "wet": 0.4, "soaking": 0.4}, '
               '"cs": {"dry": 0.1, "wet": 0.3, "soaking": 0.5}}')
    data = as_json("evii", WILDCATTER, "--node", "drill", "--likelihoods", seismic)
    assert data["evii"] == pytest.approx(10, abs=1e-9) and data["uncertainty"] == "oil_state"
    code, out, _ = run("evii", WILDCATTER, "--node", "drill", "--sensitivity", "0.9", "--specificity", "0.8",
                       "--positive", "dry")
    expected = evii(load(WILDCATTER), "drill", sensitivity=0.9, specificity=0.8, positive="dry")
    lines = {line.rsplit("  ", 1)[0].strip(): line.rsplit("  ", 1)[1].strip() for line in out.splitlines()[1:]}
    assert code == 0 and lines["EVII of oil_state"] == f"{expected.evii:.6g}"
    assert lines["with the test's result first"] == f"{expected.value_with_information:.6g}"
    assert "EVPI of uncertainty oil_state" in run("evpi", WILDCATTER)[1]


@pytest.mark.parametrize(("argv", "message"), [
    (["--node", "dry", "--sensitivity", "0.9", "--specificity", "0.8"], "is an outcome node, expected a chance node"),
    (["--node", "drill", "--likelihoods", "{"], "--likelihoods: found text that is not JSON"),
    (["--node", "drill", "--sensitivity", "0.9"], "give a sensitivity and a specificity"),
])
def test_evii_errors_are_messages(argv, message):
    code, out, err = run("evii", WILDCATTER, *argv)
    assert (code, out) == (1, "")
    assert err.startswith("error: ") and message in err and "Traceback" not in err
