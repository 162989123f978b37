"""The RE2 accelerator of the pattern kind: the same findings with it and without it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import pytest
from helpers import make_rule
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newslint.document import Document
from newslint.kinds import accelerator, pattern
from newslint.loader import builtin_rules

needs_re2 = pytest.mark.skipif(
    not accelerator.enabled(), reason="google-re2 is not installed, or NEWSLINT_ACCELERATOR=0"
)


@contextmanager
def switched_off() -> Iterator[None]:
    before = os.environ.get(accelerator.SWITCH)
    os.environ[accelerator.SWITCH] = "0"
    try:
        yield
    finally:
        if before is None:
            del os.environ[accelerator.SWITCH]
        else:
            os.environ[accelerator.SWITCH] = before


def both(rules: list) -> tuple[Callable, Callable]:
    """The pattern kind's check of ``rules`` with the accelerator and without it."""
    on = pattern.build(rules)
    with switched_off():
        off = pattern.build(rules)
    return on, off


def assert_same(rules: list, text: str) -> None:
    """Same findings with and without; and every rule that matches in Python is one the
    accelerator reports (or does not take)."""
    on, off = both(rules)
    assert on(Document(text)) == off(Document(text))
    gate = accelerator.Accelerator.of(rules)
    verdict = gate.matches(text) if gate else None
    if verdict is None:
        return
    for rule in rules:
        if rule.id in gate.rule_ids and rule.compiled.search(text):
            assert rule.id in verdict, (rule.pattern, text)


# The fallback ------------------------------------------------------------------------------


def test_switched_off_there_is_no_accelerator():
    rule = make_rule("pattern", pattern=r"^Tags:.*")
    with switched_off():
        assert not accelerator.enabled()
        assert accelerator.Accelerator.of([rule]) is None
        check = pattern.build([rule])
    assert [(f.start, f.end) for f in check(Document("Story.\nTags: a, b"))] == [(7, 17)]


def test_without_re2_every_rule_runs_as_before(monkeypatch):
    monkeypatch.setattr(accelerator, "re2", None)
    assert not accelerator.enabled()
    rule = make_rule("pattern", pattern=r"\bAD\b", scope="document")
    check = pattern.build([rule])
    assert [(f.start, f.end) for f in check(Document("An AD here"))] == [(3, 5)]


# The known traps --------------------------------------------------------------------------

TRAPS = [
    # Python's \s holds the separators \x1c-\x1f, \x85 and Unicode spaces
    (r"a\sb", False, "a\x1cb"),
    (r"a\sb", False, "a\x1fb"),
    (r"a\sb", False, "a\x85b"),
    (r"a\sb", False, "a\u2028b"),
    (r"a\sb", False, "a\xa0b"),
    (r"a\s+b", False, "a\u3000\u202fb"),
    (r"a\Sb", False, "a\u0301b"),
    # \w is str.isalnum() or _: titlecase, letter numbers, superscripts, CJK, Cyrillic
    (r"^\w+$", False, "ǅ"),
    (r"^\w+$", False, "Ⅻ²"),
    (r"^\w+$", False, "中文"),
    (r"^\w+$", False, "Москва"),
    (r"x\Wy", False, "x\u0301y"),  # a combining mark is no word character in Python
    (r"x\Wy", False, "x😀y"),
    (r"x\wy", False, "x𐐨y"),
    (r"\d+", False, "٣٤"),
    (r"[^\w\s]", False, "«"),
    # $ before a final newline, ^ after one, \A, \Z
    (r"end$", False, "the end\n"),
    (r"^end$", False, "end\n\n"),
    (r"^$", False, "text\n"),
    (r"\Aword", False, "word and more"),
    (r"more\Z", False, "word and more"),
    (r"\n[ \t]*\Z", False, "text\n  "),
    # case folding, Python's way: simple lowercase plus re's own extra pairs
    (r"straße", True, "STRAẞE"),
    (r"\bi\b", True, "İ"),
    (r"kilo", True, "\u212ailo"),
    (r"sos", True, "\u017fo\u017f"),
    (r"ist", True, "ıst"),
    (r"σοφία", True, "ΣΟΦΊΑ"),
    (r"ς", True, "σ"),
    (r"é", True, "É"),
    (r"[a-z]+x", True, "\u212ax"),
    (r"[^a-z]x", True, "1x"),
    (r"(?i:ABC)d", False, "abcd"),
    (r"𐐨", True, "𐐀"),  # Deseret: past the BMP
    (r"read more", True, "READ MORE 😀"),
    # zero-width matches, lookarounds, word boundaries
    (r"(?=Tags)", False, "Tags: x"),
    (r"^(?=\s*$)", False, "a\n\nb"),
    (r"\bAD\b", False, "AD"),
    (r"(?<=\n)Photo:", False, "x\nPhoto: y"),
    (r"(?<![\w])AD\b", False, "(AD)"),
    (r"By (?!The\b)\w+", False, "By Theodore"),
    (r"\Bx\B", False, "axb"),
    # repeats loosened, lazy and possessive ones, atomic groups, alternation
    (
        r"^[^\n]{10,200}\[ *(?:VIDEO|PHOTOS|REACTION)\]$",
        False,
        "Leaders react to the vote [ REACTION]",
    ),
    (r"a.{2,3}?b", False, "a\u00e9\u00e9b"),
    (r"x[^()\n]{0,3}y", False, "x€€€y"),
    (r"(?>ab|a)c", False, "abc"),
    (r"a++b", False, "aab"),
    (r"^(?:x|^y)", False, "\ny"),
    (r"(?s)a.b", False, "a\nb"),
    (r"a.b", False, "a\u2028b"),
]


@needs_re2
@pytest.mark.parametrize(("source", "ignore_case", "text"), TRAPS)
def test_known_traps(source, ignore_case, text):
    rule = make_rule("pattern", pattern=source, ignore_case=ignore_case, scope="document")
    assert rule.compiled.search(text), "the trap must match in Python"
    assert_same([rule], text)
    line = make_rule("pattern", pattern=source, ignore_case=ignore_case, report="line")
    assert_same([line], text)


@needs_re2
def test_a_rule_it_does_not_take_still_runs():
    echo = make_rule("pattern", id="XX001", pattern=r"^(\w+) \1$")  # a back-reference
    window = make_rule("pattern", id="XX002", pattern=r"end\Z", head=1)  # \Z at the window
    plain = make_rule("pattern", id="XX003", pattern=r"^Tags:")
    gate = accelerator.Accelerator.of([echo, window, plain])
    assert gate is not None and gate.rule_ids == {"XX003"}
    assert_same([echo, window, plain], "hear hear\nthe end\nTags: x")


@needs_re2
def test_a_lone_surrogate_gets_no_verdict():
    rule = make_rule("pattern", pattern=r"^Tags:")
    gate = accelerator.Accelerator.of([rule])
    assert gate.matches("Tags: \ud800") is None
    assert_same([rule], "Tags: \ud800")


@needs_re2
def test_prefilter_and_line_narrowing_still_hold():
    rules = [
        make_rule("pattern", id="XX001", pattern=r"Photo: \w+$", prefilter=["Photo"]),
        make_rule("pattern", id="XX002", pattern=r"(?i)photo: .+", prefilter=["PHOTO"]),
    ]
    for text in ("Photo: Jane\nx", "photo: jane", "a\nPHOTO: x\nPhoto: y z", "Photo: a b"):
        assert_same(rules, text)


# All built-in rules over generated text ----------------------------------------------------

BUILTIN = [r for r in builtin_rules() if r.kind == "pattern"]
EXAMPLES = sorted(
    {e.text for r in BUILTIN for e in (*r.examples.flag, *r.examples.pass_)}
    | {f.before for r in BUILTIN for f in r.examples.fix}
)
ODD = "\n\r\t \xa0\u2028\u2029\x1c\x1d\x1e\x1f\x85\u0301\u0308ßİıſ\u212a\u1e9eσςΣ😀𐐀«»’–—"
CHARS = st.one_of(
    st.sampled_from(ODD),
    st.characters(codec="utf-8"),
    st.sampled_from("éàüøçñЖжщЮ中文日本語한국어"),
)
FRAGMENTS = st.one_of(
    st.sampled_from(EXAMPLES),
    st.text(CHARS, max_size=12),
    st.sampled_from(["\n", "\n\n", " \n", "\n  \n\n", "\t"]),
)
TEXTS = st.lists(FRAGMENTS, max_size=8).map("".join)


@pytest.fixture(scope="module")
def builtin_checks():
    return (*both(BUILTIN), accelerator.Accelerator.of(BUILTIN))


@needs_re2
@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, upper=st.booleans())
def test_builtin_rules_same_findings_on_generated_text(builtin_checks, text, upper):
    on, off, gate = builtin_checks
    if upper:
        text = text.upper()  # wire copy and headings shout; case folding too
    assert on(Document(text)) == off(Document(text))
    verdict = gate.matches(text)
    if verdict is not None:
        for rule in BUILTIN:
            if rule.id in gate.rule_ids and rule.id not in verdict:
                assert not rule.compiled.search(text), (rule.id, text)


@needs_re2
def test_it_rules_out_rules_on_plain_text(builtin_checks):
    _, _, gate = builtin_checks
    assert len(gate.rule_ids) >= 25  # the built-in rules it takes
    assert gate.matches("The minister said on Tuesday that talks would resume.\n") == set()
