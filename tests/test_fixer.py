"""The fixer: overlap resolution, fixed points, invariants, idempotence."""

from __future__ import annotations

import string

import pytest
from helpers import make_rule
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslint.document import Document
from newslint.engine import Linter
from newslint.finding import Applicability, Edit
from newslint.fixer import apply_edits, fix_document, without_refused_fixes
from newslint.loader import builtin_rules


def fix(rules, text, **kw):
    return fix_document(Linter(rules), Document(text), **kw)


def test_apply_edits_in_any_order():
    edits = [Edit(6, 11, "there"), Edit(0, 5, "Hi")]
    assert apply_edits("hello world", edits) == "Hi there"


def test_safe_fixes_only_unless_unsafe():
    safe = make_rule("phrase", id="XX001", name="a", phrases=["foo"], fix={"action": "delete"})
    risky = make_rule(
        "phrase",
        id="XX002",
        name="b",
        phrases=["bar"],
        fix={"action": "delete", "applicability": "unsafe"},
    )
    result = fix([safe, risky], "foo bar baz")
    assert result.text == " bar baz" and [f.rule for f in result.remaining] == ["XX002"]
    assert fix([safe, risky], "foo bar baz", unsafe=True).text == "  baz"


def test_overlapping_fixes_are_resolved_deterministically_over_rounds():
    # Both rules want "abc"; the first by (start, end, rule id) wins, the loop goes on.
    a = make_rule(
        "pattern",
        id="XX001",
        name="a",
        pattern="abc",
        fix={"action": "replace", "replacement": "X"},
    )
    b = make_rule(
        "pattern",
        id="XX002",
        name="b",
        pattern="bcd",
        fix={"action": "replace", "replacement": "Y"},
    )
    for rules in ([a, b], [b, a]):
        result = fix(rules, "abcd")
        assert result.text == "Xd"
        assert [f.rule for f in result.applied] == ["XX001"]
        assert result.converged


def test_fix_loops_to_a_fixed_point():
    rule = make_rule("pattern", pattern=r"\(\)", fix={"action": "delete"})
    result = fix([rule], "a((()))b")
    assert result.text == "ab" and result.iterations == 3 and result.remaining == []


def test_non_converging_fix_is_reported():
    rule = make_rule("pattern", pattern="a", fix={"action": "replace", "replacement": "aa"})
    result = fix([rule], "a", max_iterations=5)
    assert not result.converged and result.iterations == 5


def test_fix_never_empties_the_text():
    rule = make_rule("pattern", pattern=".+", fix={"action": "delete-line"})
    result = fix([rule], "only boilerplate\n")
    assert result.text == "only boilerplate\n"
    assert result.dropped and "whole text" in result.dropped[0][1]
    # What is left is not fixable: the same fix would be refused again.
    assert result.remaining and all(f.fix is None for f in result.remaining)


@pytest.mark.parametrize(
    "text",
    [
        "only boilerplate\n",
        "only boilerplate\nand more of it",
        "Article type: metered\nUser Type: anonymous web",
        "Body.\nArticle type: metered\n",
    ],
)
def test_a_report_offers_no_fix_the_fixer_refuses(text):
    rules = [
        make_rule(
            "phrase",
            id="XX001",
            phrases=["Article type", "User Type"],
            anchor="line",
            report="line",
            fix={"action": "delete-line"},
        ),
        make_rule("pattern", id="XX002", pattern="^(?:only|and).+", fix={"action": "delete-line"}),
    ]
    linter = Linter(rules)
    document = Document(text)
    offered = without_refused_fixes(document, linter.lint(document))
    result = fix_document(linter, document)
    # Positions differ (the fixer's are in the text of its round): compare what was found.
    refused = sorted((f.rule, f.message) for f, _ in result.dropped)
    assert sorted((f.rule, f.message) for f in offered if f.fix is None) == refused
    assert result.text.strip()


def test_noop_fix_does_not_loop():
    rule = make_rule("pattern", pattern="a", fix={"action": "replace", "replacement": "a"})
    result = fix([rule], "banana")
    assert result.converged and result.text == "banana" and not result.applied
    assert [f.fix for f in result.remaining] == [None] * 3


def test_delete_line_at_end_without_newline():
    rule = make_rule("phrase", phrases=["Share this"], anchor="line", fix={"action": "delete-line"})
    assert fix([rule], "Body.\nShare this").text == "Body."
    assert fix([rule], "Body.\nShare this\nMore.").text == "Body.\nMore."


# property: a second fix changes nothing -----------------------------------------------

WORDS = ["alpha", "beta", "Share this", "Article type: x", "(Adds quotes)", "gamma", ""]
line = st.lists(st.sampled_from(WORDS), min_size=0, max_size=6).map(" ".join)
texts = st.lists(line, min_size=1, max_size=12).map("\n".join)
letters = st.text(alphabet=string.ascii_lowercase + " ", min_size=1, max_size=6).filter(
    lambda s: s.strip()
)


@st.composite
def rule_sets(draw):
    rules = []
    for i in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["phrase", "pattern"]))
        action = draw(st.sampled_from(["delete", "delete-line", "replace"]))
        fix = {"action": action, "applicability": draw(st.sampled_from(["safe", "unsafe"]))}
        if action == "replace":
            # Replacements of digits only: they can never make a new match.
            fix["replacement"] = draw(st.sampled_from(["", "0", "12"]))
        common = {"id": f"XX{i:03d}", "name": f"rule-{i}", "fix": fix}
        if kind == "phrase":
            phrases = draw(st.lists(st.sampled_from(WORDS[:-1]) | letters, min_size=1, max_size=3))
            rules.append(
                make_rule(
                    "phrase",
                    phrases=phrases,
                    anchor=draw(st.sampled_from(["anywhere", "line-start"])),
                    **common,
                )
            )
        else:
            pattern = draw(st.sampled_from([r"\ba\w*", r"\(.*?\)", r"^\s*$\n?", r"x", r"  +"]))
            rules.append(
                make_rule(
                    "pattern",
                    pattern=pattern,
                    scope=draw(st.sampled_from(["line", "document"])),
                    **common,
                )
            )
    return rules


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rules=rule_sets(), text=texts, unsafe=st.booleans())
def test_second_fix_changes_nothing(rules, text, unsafe):
    linter = Linter(rules)
    first = fix_document(linter, Document(text), unsafe=unsafe)
    if not first.converged:
        return
    second = fix_document(linter, first.document, unsafe=unsafe)
    assert second.text == first.text
    assert not second.applied


@settings(max_examples=100, deadline=None)
@given(text=texts)
def test_builtin_rules_fix_is_idempotent(text):
    linter = Linter(builtin_rules())
    first = fix_document(linter, Document(text), unsafe=True)
    assert first.converged
    assert fix_document(linter, first.document, unsafe=True).text == first.text


def test_applicability_enum_values():
    assert [str(a) for a in Applicability] == ["safe", "unsafe"]
