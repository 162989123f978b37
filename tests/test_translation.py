"""Python patterns rewritten as looser RE2 patterns over UTF-8 bytes (the accelerator's)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newslint.kinds.translation import NON_ASCII, Untranslatable, superset


def loose_matches(source: str, text: str, ignore_case: bool = False) -> bool:
    """Whether the rewritten pattern matches ``text`` as the accelerator scans it, with
    Python's own engine over bytes standing in for RE2 (the syntax is common to both)."""
    expression = superset(source, ignore_case).expression
    return re.search(expression.encode(), f"\n{text}\n".encode()) is not None


@pytest.mark.parametrize(
    "source",
    [r"^(\w+) \1$", r"(?P<x>a)(?P=x)", r"(a)?(?(1)b|c)", r"(?a)\w+", rb"(?L)x".decode()],
)
def test_what_has_no_regular_superset_is_refused(source):
    with pytest.raises(Untranslatable):
        superset(source)


def test_only_case_insensitive_patterns_depend_on_the_bmp():
    assert superset("read more", ignore_case=True).bmp_only
    assert not superset("read more").bmp_only
    assert not superset("(?i:123)").bmp_only  # no letter: nothing to fold


def test_small_sets_are_exact_and_large_ones_loose():
    assert superset("é").expression == r"\xc3\xa9"
    assert superset("[’']").expression == r"(?:\x27|\xe2\x80\x99)"
    assert NON_ASCII in superset(r"\w").expression
    assert not loose_matches(r"a\wb", "a b")
    assert not loose_matches(r"^Tags:", "The Tags: x")


def test_anchors_are_line_ends_of_the_text_between_newlines():
    assert superset(r"^a$").expression == r"\na\n"
    assert superset(r"x^a$y").expression == "xay"  # inside: dropped
    assert superset(r"\Aword").expression == r"^\nword"
    assert not loose_matches(r"\Aword", "first\nword")
    assert loose_matches(r"end\Z", "the end\nmore")  # looser than \Z: a search may end there


@settings(max_examples=300, deadline=None)
@given(
    source=st.sampled_from(
        [
            r"a\sb",
            r"^\w+$",
            r"x\W+y",
            r"\d{2,3}",
            r"[^\w\s]{1,2}",
            r"(?i)straße",
            r"(?i)ki",
            r"(?i)[a-c]x",
            r"(?i)[^a-z]x",
            r"^[ \t]*(?:By|Von)\s+[A-Z][\w.'’-]*$",
            r"(?<=\n)x|y(?=z)",
            r"\bi\b",
            r"[^\n]{10,200}\[",
            r"a.b",
            r"(?s)a.b",
        ]
    ),
    text=st.text(
        st.one_of(st.characters(codec="utf-8"), st.sampled_from("abxyzKkSsIiİıſßẞ \n\t\x1c[")),
        max_size=30,
    ),
)
def test_the_rewrite_matches_wherever_python_does(source, text):
    if re.search(source, text, re.MULTILINE):
        assert loose_matches(source, text), (source, text)
