"""The seeds' boilerplate is found at the right positions, and --fix removes only that."""

from __future__ import annotations

import pytest

import newslint

CORE = newslint.make_linter(select=["boilerplate", "layout"])

BOILERPLATE_000 = [
    # (rule, text that must be reported exactly)
    ("NL110", "FILE PHOTO: Leonid Volkov, chief of staff of Navalny's team"),
    ("NL101", "Article type: metered"),
    ("NL101", "User Type: anonymous web"),
    ("NL101", "User Status:"),
    ("NL101", "Campaign ID: 18"),
    ("NL101", "Cxense type: free"),
    ("NL101", "User access status: 3"),
    ("NL120", "Did you find this article insightful?"),
    ("NL130", "Next In World"),
]


def whole_line(text: str, fragment: str) -> tuple[int, int]:
    start = text.index(fragment)
    end = text.find("\n", start)
    return start, (len(text) if end == -1 else end)


def by_rule(findings, rule):
    return [f for f in findings if f.rule == rule]


def test_seed_000_boilerplate_found_at_exact_positions(seed_000):
    findings = [f for f in newslint.lint_text(seed_000) if f.category == "boilerplate"]
    expected = []
    for rule, fragment in BOILERPLATE_000:
        start, end = whole_line(seed_000, fragment)
        if rule == "NL130":  # the block runs from its heading to the last headline line
            end = len(seed_000.rstrip())
        expected.append((rule, start, end))
    assert sorted((f.rule, f.start, f.end) for f in findings) == sorted(expected)


def test_seed_000_block_covers_all_ten_headlines(seed_000):
    (block,) = by_rule(newslint.lint_text(seed_000), "NL130")
    covered = seed_000[block.start : block.end]
    assert covered.startswith("Next In World")
    assert "At least 20 killed by suicide car bomb" in covered
    assert covered.endswith("Stories You'll Enjoy")
    assert "10 headline lines" in block.message or "11 headline lines" in block.message


def test_seed_003_wire_advisory_glued_to_a_word(seed_003):
    (advisory,) = by_rule(newslint.lint_text(seed_003), "NL140")
    start = seed_003.index("(Adds comments by Kremlin")
    assert seed_003[start - 6 : start] == "agents"  # glued: no space before it
    assert (advisory.start, advisory.end) == (start, seed_003.index(")", start) + 1)
    assert (advisory.line, advisory.column) == (5, seed_003[:start].split("\n")[-1].__len__() + 1)


def article_paragraphs_000(text: str) -> list[str]:
    """The article: the headline and the paragraphs from the dateline to the credits."""
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    first = next(i for i, p in enumerate(paragraphs) if p.startswith("MOSCOW (Reuters)"))
    last = next(i for i, p in enumerate(paragraphs) if p.startswith("(Reporting by"))
    return [paragraphs[0], *(p.strip("\n") for p in paragraphs[first : last + 1])]


def test_fix_seed_000_keeps_every_article_paragraph_byte_identical(seed_000):
    result = newslint.fix_text(seed_000, linter=CORE)
    assert result.converged and not result.remaining
    paragraphs = article_paragraphs_000(seed_000)
    assert len(paragraphs) == 21
    assert result.text == "\n\n".join(paragraphs) + "\n"


@pytest.mark.parametrize("fragment", [f for _, f in BOILERPLATE_000] + ["Stories You'll Enjoy"])
def test_fix_seed_000_removes_the_boilerplate(seed_000, fragment):
    assert fragment not in newslint.fix_text(seed_000).text


def test_all_default_safe_fixes_keep_seed_000_paragraphs(seed_000):
    assert newslint.fix_text(seed_000).text == newslint.fix_text(seed_000, linter=CORE).text


def test_fix_seed_003_removes_only_the_advisory(seed_003):
    result = newslint.fix_text(seed_003, linter=CORE)
    assert result.text == seed_003.replace(
        "(Adds comments by Kremlin, Russian foreign ministry)", ""
    )


# Concatenated words (issue 3) ----------------------------------------------------------

#: Every join in seed 003, read against seed 000 (the same story with its spaces): the
#: text on each side of the missing space.
JOINS_003 = [
    ("agents", "(Adds"),
    ("Alexei", "Navalny"),
    ("for", "a brief"),
    ("phone", "torches"),
    ("social", "media"),
    ("weeks", "to protest"),
    ("of", "President"),
    ("for", "political"),
    ("taken", "part"),
    ("the", "Kremlin has"),
    ("called", "on people"),
    ("their", "homes"),
    ("several", "minutes"),
    ("by", "the anti"),
    ("should", "help"),
    ("with", "them"),
    ("in", "an event"),
    ("with", "images"),
    ("by", "the heart"),
    ("was", "jailed"),
    ("is", "not indifferent"),
    ("see", "that's"),
    ("Telegram", "messenger"),
    ("these", "15"),
    ("change", "everything"),
    ("to", "accuse"),
    ("of", "receiving"),
    ("disrupt", "Russian"),
    ("planned", "to halt"),
    ("a", "virtual"),
    ("European", "Union"),
    ("has", "instructed"),
    ("influence,", "on how"),
    ("brought", "to account"),
    ("but", "there's"),
    ("the", "guilty"),
    ("Kremlin", "spokesman"),
    ("Russia", "for the"),
    ("Siberia", "with"),
    ("The", "Kremlin has questioned"),
    ("violated", "the terms"),
    ("he", "says"),
    ("the", "West and"),
    ("urged", "the West"),
    ("punitive", "measures"),
    ("measures.", "(Reporting"),
    ("Dmitry", "Antonov"),
    ("and", "Alison"),
]


def join_offsets(text: str) -> set[int]:
    offsets = set()
    for left, right in JOINS_003:
        at = text.index(left + right) + len(left)
        offsets.add(at)
    return offsets


def test_every_join_in_seed_003_is_found_and_fixed_in_place(seed_003):
    linter = newslint.make_linter(select=["concatenation"])
    findings = newslint.lint_text(seed_003, linter=linter)
    inserts = {f.fix.edits[0].start for f in findings}
    expected = join_offsets(seed_003)
    assert len(expected) == len(JOINS_003)
    assert inserts == expected


def test_nothing_is_flagged_in_seed_000_article(seed_000):
    linter = newslint.make_linter(select=["concatenation"])
    assert newslint.lint_text(seed_000, linter=linter) == []


def test_fixing_seed_003_restores_the_spaces(seed_003):
    linter = newslint.make_linter(select=["concatenation"])
    fixed = newslint.fix_text(seed_003, linter=linter, unsafe=True).text
    for left, right in JOINS_003:
        assert left + right not in fixed
    assert "Alexei Navalny urged" in fixed and "for a brief" in fixed
