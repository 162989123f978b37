"""The evidence a document gives about its own joins: wire text wraps at a constant width.

When a wire story's line breaks are deleted, every former line end becomes a join, so the
joins of one paragraph recur at near-regular intervals: each original line was at most
``width`` characters and at least ``width`` minus one word. That regularity tells a
document with deleted line breaks from a clean one, and says where the joins must be.

:func:`line_widths` estimates the width from the lexical candidates; :func:`walk` then
follows each paragraph line by line, taking in each expected window the likeliest join:
a lexical candidate if one is there, else the best split of a token that is a word on its
own ("fora" as "for a", "upto" as "up to"). In a document without the regularity only the
strongest candidates stand.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from functools import cache
from typing import NamedTuple

from newslint.joins import (
    EDGE_PUNCT,
    LETTER,
    LOWER,
    NAME_SPLIT_ZIPF,
    PUNCT,
    UNITS,
    UPPER,
    Join,
    Settings,
    candidates,
    punct_offset,
)
from newslint.lexicon import Vocabulary

#: an original line is at least this share of the width (it ended before a longer word)
MIN_FILL = 0.68
#: characters of tolerance past the width (trailing punctuation, uneven wraps)
OVERHANG = 2
MIN_WIDTH, MAX_WIDTH = 30, 150
#: evidence needed before a document counts as wrapped: windows seen, share with a join
MIN_WINDOWS, MIN_COVERAGE = 2, 0.6
#: gaps a width must explain before it is worth walking
MIN_GAP_SCORE = 2.0
#: below this Zipf frequency a token is debris, not a word a split must beat
RARE_ZIPF = 2.5
#: a word this common is never split in a window: no split of it beats it ("into")
COMMON_ZIPF = 4.0
#: a half of a split in a window must be a word this common (or a one-letter word)
HALF_ZIPF = 2.0
#: a split inside a window (where a break must be) needs only this score
WINDOW_FLOOR = 0.5
#: how far past its edges an empty window is searched again (the width is an estimate)
WIDEN = 12
#: strength added to a join that sits where the line width says a line ended
ON_GRID_BONUS = 1.5

_SPACE = re.compile(r"\s")
_LETTERS_AFTER = re.compile(rf"[{LETTER}]*")
_TOKEN = re.compile(r"\S+")


def _letters_before(text: str, offset: int) -> str:
    """The letters (and apostrophes) that end just before ``offset``."""
    start = offset
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] in "'’"):
        start -= 1
    return text[start:offset]


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-empty line of ``text``: where a wrapped paragraph begins."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _gaps(joins: Sequence[Join], paras: Sequence[tuple[int, int]]) -> list[tuple[int, bool]]:
    """Distances between consecutive joins of each paragraph, and whether it is the first.

    A paragraph's first line may be short (a dateline removed before it), so its gap only
    says the line was not longer than the width.
    """
    gaps = []
    offsets = sorted(j.offset for j in joins)
    k = 0
    for start, end in paras:
        prev = start
        while k < len(offsets) and offsets[k] <= end:
            if offsets[k] >= start:
                gaps.append((offsets[k] - prev, prev == start))
                prev = offsets[k]
            k += 1
    return gaps


def line_widths(joins: Sequence[Join], paras: Sequence[tuple[int, int]], top: int = 3) -> list[int]:
    """The likeliest widths the text was wrapped at, judged by the candidates' spacing."""
    limit = 2 * (MAX_WIDTH + OVERHANG)
    gaps = [(g, first) for g, first in _gaps(joins, paras) if 0 < g <= limit]
    if not gaps:
        return []
    # The gaps of later lines and of first lines, sorted: the gaps of at most n characters
    # are counted by one bisection (a document has a few dozen gaps, so this is quicker
    # than tables of cumulative counts over every length).
    later = sorted(g for g, first in gaps if not first)
    firsts = sorted(g for g, first in gaps if first)

    # The narrowest best width puts some gap (of one line or two) right at its limit, so
    # only those widths need scoring.
    widths = {
        w
        for g, _ in gaps
        for w in (g - OVERHANG, (g + 1) // 2 - OVERHANG)
        if MIN_WIDTH <= w <= MAX_WIDTH
    }
    scored = []
    for width in widths:
        hi1, hi2 = width + OVERHANG, 2 * (width + OVERHANG)
        lo1, lo2 = MIN_FILL * width, 2 * MIN_FILL * width
        # A gap of two lines (a join the candidates missed) is weaker evidence than one:
        # without the discount, half the true width explains every gap twice over. A
        # paragraph's first line only has to fit in the width.
        score = (
            bisect_right(later, hi1)
            - bisect_right(later, int(lo1))
            + bisect_right(firsts, hi1)
            + 0.5
            * (
                bisect_right(later, hi2)
                - bisect_right(later, int(lo2))
                + bisect_right(firsts, hi2)
                - bisect_right(firsts, int(max(lo2, hi1)))
            )
        )
        scored.append((-score, width))
    return [width for score, width in sorted(scored)[:top] if score <= -MIN_GAP_SCORE]


#: rank of punctuation and number joins against word splits of the same token
_PREFERRED = 100.0
#: most tokens whose places are remembered (per vocabulary) before starting afresh
_PLACES_LIMIT = 200_000


class Place(NamedTuple):
    """A plausible missing space inside a token, found by splitting the token alone."""

    #: how sure the join is
    score: float
    #: chooses between places in one token (the likelier pair of words: "payments|on",
    #: not "payment|son")
    rank: float
    #: offset from the token's start
    offset: int
    left: str
    right: str
    #: a capitalised word that is a name, not a join, where the document spells it again
    name: str | None


def _split_score(
    text: str, offset: int, vocab: Vocabulary, start: int, end: int
) -> tuple[float, float, str, str, str | None] | None:
    """How plausible a missing space at ``offset`` (inside the token ``text[start:end]``)
    is: (score, rank, left, right, name), as in :class:`Place`."""
    before, after = text[offset - 1], text[offset]
    punct = PUNCT.match(text, offset - 1) or PUNCT.match(text, offset)
    if punct is not None and offset == punct_offset(punct):
        return 2.5, _PREFERRED, text[start:offset], text[offset:end], None
    if (before.isalpha() and after.isdigit()) or (before.isdigit() and after.isalpha()):
        if before.isdigit() and text[offset:end].lower().strip(".,;:") in UNITS:
            return None  # "34th", "5km"
        return 2.0, _PREFERRED, text[start:offset], text[offset:end], None
    if not before.isalpha() or not after.isalpha():
        return None
    left = _letters_before(text, offset)
    if left.endswith(("'s", "’s")) and len(left) > 3:
        left = left[:-2]  # a possessive run into the next word: "December'sincreased"
    right = _LETTERS_AFTER.match(text, offset).group()  # type: ignore[union-attr]
    whole_word = left + right
    scored = _pair_score(left, right, before in LOWER and after in UPPER, vocab)
    if scored is None:
        return None
    return *scored, left, right, whole_word if whole_word[:1].isupper() else None


def _pair_score(
    left: str, right: str, camel: bool, vocab: Vocabulary
) -> tuple[float, float] | None:
    """(score, rank) of ``left`` and ``right`` as two words run together, or None."""
    get, short = vocab.zipfs.get, vocab.short_words
    left_z, right_z = get(left.lower(), 0.0), get(right.lower(), 0.0)
    # A half of one letter must be a one-letter word of the language ("a", "I").
    left_ok = left.lower() in short if len(left) == 1 else left_z >= HALF_ZIPF
    right_ok = right.lower() in short if len(right) == 1 else right_z >= HALF_ZIPF
    if not (left_ok and right_ok):
        # Names run into names at a line break ("MarioBrodersohn"): a capital after a
        # lower-case letter is evidence enough when one side is a word. Otherwise one
        # side must be a common word ("erodible|land", "Liebert|share").
        if camel and (left_ok or right_ok) and len(left) > 1:
            return 1.5, left_z + right_z
        if (
            max(left_z, right_z) >= COMMON_ZIPF + 0.5
            and min(len(left), len(right)) >= 4
            and vocab.zipf(left + right) < RARE_ZIPF
        ):
            return WINDOW_FLOOR + 0.25, left_z + right_z
        return None
    whole = vocab.zipf(left + right)
    # A common word must lose to the split ("fora" as "for a"); a rare or unknown token
    # ("socialmedia" is web-text debris) is split as surely as its rarer half is common.
    if whole >= RARE_ZIPF:
        score = left_z + right_z - whole - 9.0
    else:
        score = min(left_z, right_z) - 1.0 - whole / 2
    if camel:
        score += 1.0
    elif left[:1].isupper() and max(left_z, right_z) < NAME_SPLIT_ZIPF:
        score -= 1.0  # likelier a name (Menear, Bettino) than a word run into another
    return score, left_z + right_z


#: every vocabulary's places of tokens in this process, by language and extra words: what
#: names a vocabulary the same way in every process
_PLACES: dict[tuple[str, frozenset[str]], dict[str, tuple[Place, ...]]] = {}
#: the tokens split here since :func:`take_learned`, by vocabulary; None: not recorded
_learned: dict[tuple[str, frozenset[str]], list[tuple[str, tuple[Place, ...]]]] | None = None


@cache
def _places_cache(vocab: Vocabulary) -> dict[str, tuple[Place, ...]]:
    places = _PLACES[vocab.key] = {}
    return places


def _store(cache: dict[str, tuple[Place, ...]], token: str, places: tuple[Place, ...]) -> None:
    """Remember ``token``'s places, starting afresh past :data:`_PLACES_LIMIT` tokens."""
    if len(cache) >= _PLACES_LIMIT:
        cache.clear()
    cache[token] = places


def record_learning(on: bool) -> None:
    """Start (or stop) recording the tokens split in this process, for :func:`take_learned`."""
    global _learned
    _learned = {} if on else None


def take_learned() -> list[tuple[tuple[str, frozenset[str]], list[tuple[str, tuple[Place, ...]]]]]:
    """The tokens split here since the last call, with their places, by vocabulary."""
    if not _learned:
        return []
    taken = list(_learned.items())
    _learned.clear()
    return taken


def learn(
    taken: list[tuple[tuple[str, frozenset[str]], list[tuple[str, tuple[Place, ...]]]]],
) -> None:
    """Remember the places :func:`take_learned` gave in another process, for vocabularies
    this process has."""
    for key, split in taken:
        cache = _PLACES.get(key)
        if cache is None:
            continue
        for token, places in split:
            if token not in cache:
                _store(cache, token, places)


def token_places(token: str, vocab: Vocabulary) -> tuple[Place, ...]:
    """Every place inside ``token`` where a missing space scores at least
    :data:`WINDOW_FLOOR`. A token's places depend on the token alone, so each distinct
    token is split once (and remembered); only the name check needs the document."""
    cache = _places_cache(vocab)
    places = cache.get(token)
    if places is not None:
        return places
    found = []
    core = token.strip(EDGE_PUNCT)
    if core.isalpha():
        # Letters only (most tokens): split the string itself, only where one side is a
        # word (_pair_score scores nothing else); lowercased once where that keeps every
        # letter in place.
        at = token.index(core)
        name = core if core[0].isupper() else None
        low = core.lower()
        if len(low) == len(core):
            halves = vocab.halves(HALF_ZIPF)
            cuts: Iterable[int] = [
                i for i in range(1, len(core)) if low[:i] in halves or low[i:] in halves
            ]
        else:
            cuts = range(1, len(core))
        for i in cuts:
            left, right = core[:i], core[i:]
            scored = _pair_score(left, right, left[-1] in LOWER and right[0] in UPPER, vocab)
            if scored is not None and scored[0] >= WINDOW_FLOOR:
                found.append(Place(*scored, at + i, left, right, name))
    else:
        text = " " + token + " "  # as it stands in any text: lookarounds see the same
        for offset in range(2, len(token) + 1):
            split = _split_score(text, offset, vocab, 1, len(token) + 1)
            if split is not None and split[0] >= WINDOW_FLOOR:
                score, rank, left, right, name = split
                found.append(Place(score, rank, offset - 1, left, right, name))
    places = tuple(found)
    _store(cache, token, places)
    if _learned is not None:
        _learned.setdefault(vocab.key, []).append((token, places))
    return places


def _best_in_window(text: str, lo: int, hi: int, vocab: Vocabulary) -> Join | None:
    """The likeliest missing space strictly inside a token, with its offset in ``[lo, hi)``."""
    best: Join | None = None
    known = vocab.known(COMMON_ZIPF)
    first = min(lo, len(text))
    while first > 0 and not text[first - 1].isspace():
        first -= 1  # back to the start of the token the window begins in
    for token in _TOKEN.finditer(text, first):
        start, end = token.span()
        if start >= hi:
            break
        word = token.group()
        if end <= lo or "<" in word or ">" in word:
            continue  # outside the window, or a ticker such as <HKEH.HK>
        if word.strip(EDGE_PUNCT) in known:
            continue  # a common word as it stands: no split of it beats it
        # The likeliest place in this token, then the surest token in the window.
        place = None
        for p in token_places(word, vocab):
            if (
                lo <= start + p.offset < hi
                and (place is None or p.rank > place.rank)
                and (p.name is None or text.count(p.name) <= 1)
            ):
                place = p
        if place is None or (best is not None and place.score <= best.strength):
            continue
        left, right = place.left, place.right
        kind = (
            "word_word"
            if left[-1:].isalpha() and right[:1].isalpha()
            else "letter_digit"
            if (left[-1:] + right[:1]).isalnum()
            else "punct_word"
        )
        best = Join(
            start + place.offset,
            start,
            end,
            kind,
            left,
            right,
            place.score,
            "the line width puts a line break here",
        )
    return best


def _on_grid(join: Join) -> Join:
    """``join``, surer for sitting where the line width says a line ended."""
    o, s, e, kind, left, right, strength, reason, _ = join
    return Join(o, s, e, kind, left, right, strength + ON_GRID_BONUS, reason)


def walk(
    text: str,
    candidates: Sequence[Join],
    width: int,
    vocab: Vocabulary,
    paras: Sequence[tuple[int, int]] | None = None,
) -> tuple[list[Join], int, int]:
    """Joins where the wrap width says the former line breaks were, paragraph by paragraph,
    the number of line-width windows walked, and how many joins were found only past a
    window's edges.

    Gives up early (returning what it has) once so many windows came up empty that the
    width cannot be the document's: in clean text that happens within a few windows.
    """
    by_offset = {j.offset: j for j in candidates}
    offsets = sorted(by_offset)
    ordered = [by_offset[o] for o in offsets]  # sliced by the same indexes as offsets
    found: list[Join] = []
    windows = 0
    if paras is None:
        paras = paragraphs(text)
    expected = sum(
        max(0, end - start - width) // width + 1 for start, end in paras if end - start > width
    )
    allowed_misses = (1 - MIN_COVERAGE) * max(expected, MIN_WINDOWS)
    misses = 0.0
    soft = 0
    for start, end in paras:
        prev = start
        while end - prev > width:  # a line break is still to come in this paragraph
            windows += 1
            # The first line may be short (see _gaps); later ones fill the width.
            lo = start + 1 if prev == start else int(prev + MIN_FILL * width) + 1
            # A sentence run into the next before the line could have ended was a lost
            # paragraph break ("measures.(Reporting"): the next line starts there.
            if prev != start:
                first, k = bisect_right(offsets, prev), bisect_left(offsets, lo)
                while k > first:  # the last candidate before the window that ends one
                    k -= 1
                    if text[offsets[k] - 1] in ".!?":
                        prev = offsets[k]
                        lo = prev + 1
                        break
            hi = min(prev + width + OVERHANG, end)
            a, b = bisect_left(offsets, lo), bisect_right(offsets, hi)
            if a < b:
                # All of them are joins; a greedy wrap ends the line as late as it can, so
                # the last one is the line break the next window counts from.
                found.extend(map(_on_grid, ordered[a:b]))
                prev = offsets[b - 1]
                continue
            join = _best_in_window(text, lo, hi + 1, vocab)
            if join is not None and join.strength < 1.0:
                soft += 1  # a weak split fills the window but is no evidence for the width
            if join is None:
                # The width is an estimate: look just past the window's edges, but count
                # what is found there as weaker evidence that the width is right.
                join = _best_in_window(
                    text, max(lo - WIDEN, prev + 1), lo, vocab
                ) or _best_in_window(text, hi + 1, min(hi + 1 + WIDEN, end), vocab)
                if join is not None:
                    soft += 1
                    misses += 0.5
            if join is not None and join.offset > prev:  # the walk must always move on
                found.append(_on_grid(join))
                prev = join.offset
                continue
            misses += 1
            if misses > allowed_misses or (misses >= 3 and misses > 0.5 * windows):
                return found, max(windows, expected), soft
            # No join: the line may have ended at a hyphen ("anti-|viral"), which is correct.
            hyphen = text.rfind("-", lo, hi + 1)
            prev = (
                hyphen + 1
                if hyphen > prev and text[hyphen - 1].isalpha()
                else prev + int(0.85 * width)
            )
    return found, windows, soft


#: a half at least this common is a function word ("me", "a", "in", "just"), which a
#: language that capitalises sentences and names writes in capitals only at a sentence start
CAPITALISED_WORD_ZIPF = 6.0
#: languages that capitalise other words too (German: every noun, and "Sie")
_CAPITALISING = frozenset({"de"})
#: abbreviations after which a sentence goes on ("Dr. Menear")
_TITLES = frozenset({"mr", "mrs", "ms", "dr", "st", "prof", "gen", "sen", "rep", "gov"})
#: what may stand between a sentence's end and its first word
_OPENERS = " \t\"'“‘([«"


def _sentence_start(text: str, at: int) -> bool:
    """Whether a sentence (or a line) starts at ``at``."""
    i = at
    while i > 0 and text[i - 1] in _OPENERS:
        i -= 1
    if i == 0 or text[i - 1] == "\n":
        return True
    if text[i - 1] not in ".!?:;…":
        return False
    word = text[text.rfind(" ", 0, i - 1) + 1 : i - 1]  # before the stop: "J", "Dr"
    initial = len(word) == 1 and word.isupper()
    return text[i - 1] != "." or not (initial or word.lower() in _TITLES)


def _name_like(text: str, join: Join, vocab: Vocabulary | None) -> bool:
    """Whether ``join`` splits a name rather than two words: a capitalised token whose left
    half would be a function word written in capitals mid-sentence ("Craig Menear" is no
    "Me near", "J. Anasa" no "A nasa"), which only a name explains. "I" is always written
    so; a token at a sentence's start ("Thecompany said") may well be a join."""
    left, right = join.left, join.right
    return (
        vocab is not None
        and join.type == "word_word"
        and left[:1].isupper()
        and left[1:].islower() | (len(left) == 1)
        and right[:1].islower()
        and left != "I"
        and vocab.key[0] not in _CAPITALISING
        and vocab.zipf(left) >= CAPITALISED_WORD_ZIPF
        and not _sentence_start(text, join.start)
    )


def find_joins(text: str, vocab: Vocabulary | None, settings: Settings) -> list[Join]:
    """The joins in ``text``: lexical candidates, weighed by the document's line width.

    The likeliest widths (from the spacing of the candidates) are tried in turn: a width is
    the document's when walking it finds a join in nearly every line-width window, which
    clean text never gives. Then the walk's joins stand, with the strong candidates off
    the grid; in any other document only candidates of ``isolated_strength`` stand.
    """
    found = [j for j in candidates(text, vocab, settings) if not _name_like(text, j, vocab)]
    strong = [j for j in found if j.strength >= settings.isolated_strength]
    if vocab is None or len(found) < 2:
        return strong
    paras = paragraphs(text)
    for width in line_widths([j for j in found if j.strength >= 1.0], paras):
        walked, windows, soft = walk(text, found, width, vocab, paras)
        if windows >= MIN_WINDOWS and len(walked) - soft >= MIN_COVERAGE * windows:
            on_grid = {j.offset: j for j in walked}
            for join in strong:
                on_grid.setdefault(join.offset, join)
            return [on_grid[k] for k in sorted(on_grid)]
    return strong
