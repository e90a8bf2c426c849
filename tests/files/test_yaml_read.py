"""Reading YAML from libyaml's events: the same data as PyYAML, lines, refused tags, aliases and nesting."""

from __future__ import annotations

import time

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from scenario_tree import ScenarioFileError
from scenario_tree.files.yaml_read import EXPONENT, MAX_NESTING, read_yaml, value_budget
from tests.trees import MIXED, SMALL, TREES


class Reference(yaml.SafeLoader):
    """PyYAML as this package reads YAML: dates stay text, exponents without a dot are numbers."""


Reference.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if not tag.endswith(":timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
Reference.add_implicit_resolver("tag:yaml.org,2002:float", EXPONENT, list("-+0123456789"))


def refused(text: str) -> ScenarioFileError:
    with pytest.raises(ScenarioFileError) as caught:
        read_yaml(text, "t.yaml")
    return caught.value


@pytest.mark.parametrize("text", [SMALL, MIXED, *(tree.dumps("yaml") for tree in TREES.values())])
def test_reads_what_pyyaml_reads(text):
    data, _ = read_yaml(text, "t.yaml")
    assert data == yaml.safe_load(text)


SCALAR = st.one_of(
    st.sampled_from(["1", "-17", "+3", "0", "017", "0x1F", "0b101", "1_000", "1:30", "1.5", "-.5", "1e3", "1.5E-7",
                     ".inf", "-.Inf", ".NaN", "1:30.5", "yes", "No", "on", "OFF", "true", "null", "~", "", "text",
                     "'quoted'", '"1"', "!!str 12", "!!float 1", "!!int '7'", "!!bool yes"]),
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=6).map(lambda text: '"' + text.replace(
        "\\", "\\\\").replace('"', '\\"') + '"'),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(SCALAR, min_size=1, max_size=5))
def test_scalars_resolve_like_pyyaml(scalars):
    text = "".join(f"k{index}: {scalar}\n" for index, scalar in enumerate(scalars))
    data, _ = read_yaml(text, "t.yaml")
    expected = yaml.load(text, Loader=Reference)
    assert repr(data) == repr(expected)  # repr: nan equals nan, 1 is not 1.0


def test_dates_and_exponents_are_what_json_would_read():
    data, _ = read_yaml("date: 2017-03-08\nsmall: 1e-05\nbig: 2E+6\n", "t.yaml")
    assert data == {"date": "2017-03-08", "small": 1e-05, "big": 2e6}


def test_every_mapping_has_its_line():
    data, lines = read_yaml("a:\n  b: {c: 1}\n  d:\n    - {e: 2}\n", "t.yaml")
    assert [lines[id(data)], lines[id(data["a"])], lines[id(data["a"]["b"])], lines[id(data["a"]["d"][0])]] == [
        1, 2, 2, 4]


def test_duplicate_keys_are_refused_at_their_lines():
    error = refused("a: 1\nb:\n  c: 1\n  c: 2\na: 3\n")
    assert sorted((problem.line, problem.message.split(" (")[0]) for problem in error.problems) == [
        (4, "duplicate key 'c'"), (5, "duplicate key 'a'")]


@pytest.mark.parametrize("text, message", [
    ("a: !!binary aGVsbG8=\n", "the tag 'tag:yaml.org,2002:binary' is not allowed"),
    ("a: !!timestamp 2017-03-08\n", "the tag 'tag:yaml.org,2002:timestamp' is not allowed"),
    ("a: !custom x\n", "the tag '!custom' is not allowed"),
    ("a: !!set {x, y}\n", "the tag 'tag:yaml.org,2002:set' is not allowed"),
    ("a: !!omap [x: 1]\n", "the tag 'tag:yaml.org,2002:omap' is not allowed"),
    ("a: !!int twelve\n", "found 'twelve' tagged !!int: expected a valid int"),
    ("a: !!bool maybe\n", "found 'maybe' tagged !!bool"),
    ("a: !!float ''\n", "found '' tagged !!float"),
    ("a: " + "9" * 5000 + "\n", "tagged !!int: more digits than Python reads"),
    ("? [a, b]\n: 1\n", "a key must be text or a number, found a list"),
    ("{a: 1}: 2\n", "a key must be text or a number, found a mapping"),
    ("base: &b {x: 1}\nother:\n  <<: *b\n", "merge keys (<<) are not supported"),
    ("a: *nowhere\n", "the alias *nowhere has no anchor &nowhere before it"),
    ("a: &x [1, *x]\n", "the alias *x is inside the value it names"),
    ("a: 1\n---\nb: 2\n", "a second document"),
    ("a: [1, 2\n", "YAML syntax error"),
])
def test_refused_documents_say_why_and_where(text, message):
    error = refused(text)
    assert message in str(error)
    assert error.problems[0].file == "t.yaml" and error.problems[0].line is not None


def test_a_lone_surrogate_is_unreadable_text_with_its_line():
    error = refused("a: 1\nb: x\ud800\n")
    assert "lone surrogate" in str(error) and error.problems[0].line == 2


def test_aliases_are_shared_and_counted():
    data, _ = read_yaml("q: &q {text: shared, paragraph: 1}\nlist: [*q, *q]\n", "t.yaml")
    assert data["list"] == [data["q"], data["q"]] and data["list"][0] is data["q"]


@pytest.mark.parametrize("levels", [9, 30])
def test_an_alias_bomb_is_refused_before_it_is_expanded(levels):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 10)}]" for level in range(1, levels)]
    text = "\n".join(lines) + "\n"
    started = time.perf_counter()
    error = refused(text)
    assert time.perf_counter() - started < 2
    assert f"more than {value_budget(text):,} values" in str(error) and len(str(error)) < 300


def test_modest_aliases_fit_the_budget():
    text = "q: &q [1, 2, 3]\n" + "".join(f"k{index}: *q\n" for index in range(500))
    data, _ = read_yaml(text, "t.yaml")
    assert len(data) == 501


def test_deep_block_nesting_past_libyamls_limit_is_read():
    levels = 1500  # libyaml stops at 1000; the pure-Python parser takes over
    text = "".join(" " * level + f"k{level}:\n" for level in range(levels)) + " " * levels + "end\n"
    data, _ = read_yaml(text, "deep.yaml")
    for level in range(levels):
        data = data[f"k{level}"]
    assert data == "end"


@pytest.mark.parametrize("opening", ["[", "{a: "])
def test_deep_flow_nesting_is_refused_quickly(opening):
    text = opening * 100_000
    started = time.perf_counter()
    error = refused(text)
    assert time.perf_counter() - started < 2
    assert "nesting depth" in str(error)


def test_deep_block_nesting_past_the_limit_is_refused():
    text = "- " * (MAX_NESTING + 5) + "x\n"
    assert f"nested more than {MAX_NESTING} levels" in str(refused(text))
