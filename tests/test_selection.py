"""Rule selection: the most specific selector wins."""

from __future__ import annotations

import pytest
from helpers import make_rule

from newslint.selection import Selection, UnknownSelector, layered

RULES = [
    make_rule("phrase", id="NL101", name="paywall-fields", category="boilerplate", phrases=["a"]),
    make_rule(
        "phrase", id="NL120", name="engagement-prompt", category="boilerplate", phrases=["b"]
    ),
    make_rule("pattern", id="NL901", name="excess-blank-lines", category="layout", pattern="c"),
]


def chosen(**kw) -> list[str]:
    kw = {k: tuple(v) for k, v in kw.items()}
    return [r.id for r in Selection(**kw).apply(RULES)]


def test_default_selects_all():
    assert chosen() == ["NL101", "NL120", "NL901"]


def test_select_by_id_name_prefix_category():
    assert chosen(select=["NL101"]) == ["NL101"]
    assert chosen(select=["engagement-prompt"]) == ["NL120"]
    assert chosen(select=["NL1"]) == ["NL101", "NL120"]
    assert chosen(select=["layout"]) == ["NL901"]


def test_ignore_and_specificity():
    assert chosen(select=["boilerplate"], ignore=["NL101"]) == ["NL120"]
    assert chosen(ignore=["boilerplate"], extend_select=["NL101"]) == ["NL101", "NL901"]
    assert chosen(select=["NL1"], ignore=["NL12"]) == ["NL101"]
    assert chosen(select=["NL101"], ignore=["NL101"]) == []


def test_unknown_selector_is_an_error():
    with pytest.raises(UnknownSelector, match="NL999"):
        chosen(select=["NL999"])


def test_a_later_layer_decides_the_rules_it_names():
    def ids(*layers: Selection | None) -> list[str]:
        return [r.id for r in layered(RULES, layers)]

    config = Selection(ignore=("layout", "NL120"))
    assert ids(config) == ["NL101"]
    # The command line's extend-select runs what the configuration ignores...
    assert ids(config, Selection(select=(), extend_select=("NL901",))) == ["NL101", "NL901"]
    # ...its select starts afresh, and its ignore drops what the configuration chose.
    assert ids(config, Selection(select=("boilerplate",))) == ["NL101", "NL120"]
    assert ids(config, Selection(select=(), ignore=("NL101",))) == []
    # A layer leaves the rules it does not name as they were; no layer: every rule.
    assert ids(config, Selection(select=(), extend_select=("NL1",), ignore=("NL120",))) == ["NL101"]
    assert ids(None) == ["NL101", "NL120", "NL901"]
