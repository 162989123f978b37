"""Concatenated words: lexical candidates (joins.py) and line-width evidence (wrap.py)."""

from __future__ import annotations

import signal
import textwrap

import pytest
from helpers import make_rule
from hypothesis import given, settings
from hypothesis import strategies as st

import newslint
from newslint.document import Document
from newslint.engine import Linter
from newslint.joins import EDGE_PUNCT, LOWER, UPPER, Settings, TokenJoins, candidates, token_offsets
from newslint.lexicon import lexicon, vocabulary
from newslint.wrap import find_joins, line_widths, paragraphs

SETTINGS = Settings()


def joins(text: str, language: str = "en") -> list[tuple[str, str]]:
    vocab = vocabulary(lexicon(language), frozenset())
    return [(j.left, j.right) for j in find_joins(text, vocab, SETTINGS)]


def wrapped(text: str, width: int) -> str:
    """``text`` wrapped at ``width`` with the line breaks deleted: the wire defect."""
    return "".join(textwrap.wrap(text, width))


STORY = (
    "The central bank left interest rates unchanged on Thursday and said it would keep "
    "buying government bonds for as long as needed, a decision that most economists had "
    "expected after inflation slowed for a third month in a row. The governor told "
    "reporters that the economy was recovering but that the outlook remained uncertain, "
    "and that the bank stood ready to act if the recovery faltered in the coming months."
)


@pytest.mark.parametrize("width", [55, 62, 70, 78])
def test_every_wrap_join_is_found_at_any_width(width):
    lines = textwrap.wrap(STORY, width)
    text = "".join(lines)
    expected, pos = set(), 0
    for line in lines[:-1]:
        pos += len(line)
        expected.add(pos)
    vocab = vocabulary(lexicon("en"), frozenset())
    found = {j.offset for j in find_joins(text, vocab, SETTINGS)}
    assert found == expected


def test_clean_text_has_no_joins():
    assert joins(STORY) == []


def test_line_width_is_estimated_from_the_spacing():
    text = wrapped(STORY, 66)
    vocab = vocabulary(lexicon("en"), frozenset())
    found = candidates(text, vocab, SETTINGS)
    assert line_widths(found, paragraphs(text))[0] in range(60, 68)


def test_strong_joins_stand_alone():
    assert joins("He was jailed after a ruling bythe court.") == [("by", "the")]
    assert joins("The talks broke down in earlyJanuary.") == [("early", "January")]
    assert joins("Prices fell, he said.The bank declined to comment.") == [("said.", "The")]
    assert joins("He said these15 minutes changed nothing.") == [("these", "15")]
    # A function word run into a real word that makes no word together.
    assert joins("The board approved thepurchase of new trucks.") == [("the", "purchase")]


def test_brands_names_and_units_are_not_joins():
    text = (
        "She paid with PayPal on her iPhone at McDonald's near the LaGuardia gate. "
        "Navalny's ally met Navalny. The G7 met in the 1990s at 10am on the 5th, 5km away. "
        "The watchOS update reached Beats Solo3 owners and (multi)media studios."
    )
    assert joins(text) == []


def test_a_function_word_in_capitals_mid_sentence_starts_a_name_not_a_join():
    # "Me", "A", "In" are written in capitals only at a sentence's start: mid-sentence,
    # after a first name, an initial or a title, the token is a name.
    text = "Said CEO Craig Menear, with J. Anasa and Dr. Menear: Analysts said Inthe end."
    assert joins(text) == []
    # At a sentence's (or a line's) start the same shape is a join.
    assert joins("Thecompany said on Monday it would go ahead.") == [("The", "company")]
    assert joins("Shares fell.\nInthe past year it lost money.") == [("In", "the")]
    assert joins("Shares fell. (Inthe past year it lost money.)") == [("In", "the")]


def test_hyphenated_words_are_not_joins():
    assert joins("An anti-viral drug and a well-known semi-official agency.") == []


def test_weak_candidates_need_the_documents_evidence():
    # Alone, a rare token that splits into two words may be a name or a term.
    assert joins("Trains stopped at the soymeal terminal.") == []


def test_german_compounds_are_words():
    text = (
        "Die Bundesregierung hat am Dienstag beschlossen, die Mehrwertsteuer zu senken, "
        "und der Finanzminister sprach von einer Entlastung der Verbraucher."
    )
    assert joins(text, "de") == []
    assert joins("Das sagte dieBundesregierung am Dienstag.", "de") == [("die", "Bundesregierung")]


FRENCH = (
    "Le gouvernement a annoncé mardi une hausse des aides pour les agriculteurs touchés par "
    "la sécheresse, une mesure attendue depuis plusieurs semaines par les syndicats qui "
    "réclamaient un soutien rapide avant la fin de la saison des récoltes dans le sud."
)
SPANISH = (
    "El gobierno anunció el martes un aumento de las ayudas para los agricultores afectados "
    "por la sequía, una medida que los sindicatos reclamaban desde hace varias semanas antes "
    "del final de la temporada de cosecha en el sur del país y en las islas."
)


@pytest.mark.parametrize("language, story", [("fr", FRENCH), ("es", SPANISH)])
def test_french_and_spanish(language, story):
    assert joins(story, language) == []
    lines = textwrap.wrap(story, 60)
    found = joins("".join(lines), language)
    assert len(found) >= len(lines) - 2  # nearly every former line end is found


WORDS = [
    "the",
    "bank",
    "said",
    "on",
    "Tuesday",
    "for",
    "a",
    "rates",
    "Navalny",
    "15",
    "(Adds",
    "U.S.",
    "--",
    "anti-viral",
    "pct",
    "Kremlin",
    "mln",
    "dlrs,",
    "into",
    "whichis",
]


@settings(max_examples=200, deadline=None)
@given(
    words=st.lists(st.sampled_from(WORDS), min_size=1, max_size=120),
    width=st.integers(min_value=20, max_value=90),
    keep=st.lists(st.booleans(), min_size=0, max_size=40),
)
def test_find_joins_always_ends_and_stays_in_the_text(words, width, keep):
    """Whatever the text, the line-width walk moves forward and finishes (a regression:
    a window searched past its left edge once stood still forever)."""
    lines = textwrap.wrap(" ".join(words), width)
    # Delete some line breaks without a space, keep others as paragraph breaks.
    text = "".join(
        line + ("\n" if i < len(keep) and keep[i] else "") for i, line in enumerate(lines)
    )
    found = find_joins_in_time(text)
    assert all(0 < j.offset < len(text) and j.start <= j.offset <= j.end for j in found)


@settings(max_examples=100, deadline=None)
@given(
    first=st.lists(st.sampled_from(WORDS), min_size=1, max_size=60),
    second=st.lists(st.sampled_from(WORDS), min_size=1, max_size=60),
    glue=st.lists(st.booleans(), min_size=0, max_size=60),
)
def test_remembered_tokens_give_the_same_candidates_as_fresh_ones(first, second, glue):
    """Candidates are remembered token by token across documents; what a document gets
    must not depend on what was analysed before it."""
    vocab = vocabulary(lexicon("en"), frozenset())

    def text(words):
        return "".join(w + ("" if i < len(glue) and glue[i] else " ") for i, w in enumerate(words))

    warm = TokenJoins(vocab, SETTINGS)
    warm.candidates(text(first))
    assert warm.candidates(text(second)) == TokenJoins(vocab, SETTINGS).candidates(text(second))


def test_a_capitalised_join_spelt_twice_in_one_document_is_a_name():
    vocab = vocabulary(lexicon("en"), frozenset())
    joins = TokenJoins(vocab, SETTINGS)
    once = "Talks resumed. Thebank said rates would rise."
    assert [j.left for j in joins.candidates(once) if j.type == "word_word"] == ["The"]
    # The same token, remembered from the document before, in a document that spells it
    # twice: a name there.
    twice = "Thebank opened. Thebank closed."
    assert [j for j in joins.candidates(twice) if j.type == "word_word"] == []
    assert [j.left for j in joins.candidates(once) if j.type == "word_word"] == ["The"]


def test_token_memory_is_bounded():
    vocab = vocabulary(lexicon("en"), frozenset())
    joins = TokenJoins(vocab, SETTINGS, limit=50)
    base = len(joins._clean)
    for i in range(500):
        joins.candidates(f"Zorblax{i} wentto Quuxville{i}.")
    assert len(joins._clean) + len(joins._held) <= base + 51
    assert [j.offset for j in joins.candidates("He wentto Paris.")] == [7]


def test_token_offsets_are_whole_tokens_only():
    assert token_offsets("bythe abythe bythe\nbythe, bythe", "bythe") == [0, 13, 26]


def _too_slow(signum, frame):
    raise AssertionError("find_joins did not finish within 5 s")


def find_joins_in_time(text: str, seconds: int = 5) -> list:
    """find_joins in English, failing the test instead of hanging if it does not end."""
    vocab = vocabulary(lexicon("en"), frozenset())
    previous = signal.signal(signal.SIGALRM, _too_slow)
    signal.alarm(seconds)
    try:
        return find_joins(text, vocab, SETTINGS)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)  # the engine's time limit uses it too


def test_walk_always_moves_forward():
    # A sentence run into the next ("months.Ministers") restarts the line count; when the
    # window after it held no join, a search past the window's left edge once found that
    # same join again and the walk stood still forever.
    text = (
        "".join(textwrap.wrap(STORY.rstrip(".") + " so it", 60))
        + ".Ministers will meet again on Friday to discuss the budget and the new rules "
        "for the banks, officials said."
    )
    found = find_joins_in_time(text)
    assert ("it.", "Ministers") in [(j.left, j.right) for j in found]


RUSSIAN = (
    "Правительство объявило во вторник о повышении помощи фермерам, пострадавшим от "
    "засухи. Эту меру профсоюзы требовали уже несколько недель, и министр сказал, что "
    "деньги поступят до конца сезона уборки урожая на юге страны и на островах."
)


def test_cyrillic_text_without_language_metadata_is_read_as_russian():
    from newslint.lexicon import script_language

    assert script_language(RUSSIAN, "en") == "ru"
    assert script_language(STORY, "en") == "en"
    linter = newslint.make_linter(select=["concatenation"])
    assert newslint.lint_text(RUSSIAN, linter=linter) == []
    lines = textwrap.wrap(RUSSIAN, 60)
    findings = newslint.lint_text("".join(lines), linter=linter)
    assert len(findings) >= len(lines) - 2
    # A language value that is no language code says nothing: the script still decides.
    vague = newslint.lint_text("".join(lines), {"language": "mixed"}, linter=linter)
    assert len(vague) == len(findings)


@pytest.mark.parametrize("token", ["a" * 200_000, "Aa" * 100_000], ids=["letters", "camel"])
def test_a_huge_token_takes_linear_time(token):
    # A token is split only where both halves can be words, and each name is counted once:
    # both took time quadratic in the token's length (minutes for a megabyte).
    assert find_joins_in_time(f"Officials said {token} on Monday.") == []


@given(
    st.text(alphabet="abcdefghilmnorstuwyAFİIT", min_size=2, max_size=14)
    | st.sampled_from(
        ["fora", "inthe", "Policehave", "MarioBrodersohn", "Liebertshare", "İstanbulsaid"]
    )
)
@settings(max_examples=300, deadline=None)
def test_token_places_skip_only_cuts_that_cannot_score(token):
    """token_places looks only at cuts where one side is a word; every cut it skips
    scores nothing when scored the slow way."""
    from newslint.wrap import WINDOW_FLOOR, _pair_score, token_places

    vocab = vocabulary(lexicon("en"), frozenset())
    core = token.strip(EDGE_PUNCT)
    if not core.isalpha():
        return
    at = token.index(core)
    expected = []
    for i in range(1, len(core)):
        left, right = core[:i], core[i:]
        scored = _pair_score(left, right, left[-1] in LOWER and right[0] in UPPER, vocab)
        if scored is not None and scored[0] >= WINDOW_FLOOR:
            expected.append((at + i, left, right, scored))
    places = token_places(token, vocab)
    assert [(p.offset, p.left, p.right, (p.score, p.rank)) for p in places] == expected


def test_a_rule_s_unsafe_fix_stays_unsafe_unless_it_sets_a_safe_strength():
    text = "He was jailed after a ruling bythe court."
    unsafe = {"action": "insert-space", "applicability": "unsafe"}
    examples = {"flag": ["x"], "pass": ["y"], "fix": [{"before": "x", "after": "x"}]}
    plain = make_rule("concatenation", join="word_word", fix=unsafe, examples=examples)
    trusting = make_rule(
        "concatenation", join="word_word", fix=unsafe, safe_strength=3.0, examples=examples
    )
    for rule, applicability in ((plain, "unsafe"), (trusting, "safe")):
        (found,) = Linter([rule]).lint(Document(text))
        assert found.fix is not None and found.fix.applicability == applicability
