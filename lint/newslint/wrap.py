"""The evidence a document gives about its own joins: wire text wraps at a constant width.

When a wire story's line breaks are deleted, every former line end becomes a join, so the
joins of one paragraph recur at near-regular intervals: each original line was at most
``width`` characters and at least ``width`` minus one word. That regularity tells a
document with deleted line breaks from a clean one, and says where the joins must be.

:func:`line_width` estimates the width from the lexical candidates; :func:`walk` then
follows each paragraph line by line, taking in each expected window the likeliest join:
a lexical candidate if one is there, else the best split of a token that is a word on its
own ("fora" as "for a", "upto" as "up to"). In a document without the regularity only the
strongest candidates stand.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from newslint.joins import (
    LETTER,
    LOWER,
    PUNCT,
    UPPER,
    Join,
    Settings,
    Vocabulary,
    candidates,
    punct_offset,
    token_at,
)

#: an original line is at least this share of the width (it ended before a longer word)
MIN_FILL = 0.68
#: characters of tolerance past the width (trailing punctuation, uneven wraps)
OVERHANG = 2
MIN_WIDTH, MAX_WIDTH = 30, 150
#: evidence needed before a document counts as wrapped: windows seen, share with a join
MIN_HITS, MIN_COVERAGE = 3, 0.4
#: strength added to a join that sits where the line width says a line ended
ON_GRID_BONUS = 1.5

_SPACE = re.compile(r"\s")
_LETTERS_BEFORE = re.compile(rf"[{LETTER}'’]*$")
_LETTERS_AFTER = re.compile(rf"[{LETTER}]*")


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


def line_width(joins: Sequence[Join], paras: Sequence[tuple[int, int]]) -> int | None:
    """The width the text was wrapped at, if its candidate joins recur regularly enough."""
    gaps = [(g, first) for g, first in _gaps(joins, paras) if 0 < g <= 2 * (MAX_WIDTH + OVERHANG)]
    if len(gaps) < MIN_HITS:
        return None
    best, best_score = None, 0.0
    for width in range(MIN_WIDTH, MAX_WIDTH + 1):
        lo1, hi1 = MIN_FILL * width, width + OVERHANG
        lo2, hi2 = 2 * MIN_FILL * width, 2 * (width + OVERHANG)
        # A gap of two lines (a join the candidates missed) is weaker evidence than one:
        # without the discount, half the true width explains every gap twice over.
        score = sum(
            1.0 if (lo1 < g or first) and g <= hi1 else 0.5 if lo2 < g <= hi2 else 0.0
            for g, first in gaps
        )
        if score > best_score:
            best, best_score = width, score
    if best is None or best_score < MIN_HITS or best_score < 0.5 * len(gaps):
        return None
    return best


def _split_score(text: str, offset: int, vocab: Vocabulary) -> tuple[float, str, str] | None:
    """How plausible a missing space at ``offset`` is, judged by the words on each side."""
    before, after = text[offset - 1], text[offset]
    if before.isspace() or after.isspace():
        return None
    start, end = token_at(text, offset)
    if "<" in text[start:end] or ">" in text[start:end]:
        return None  # a ticker such as <HKEH.HK>
    punct = PUNCT.match(text, offset - 1) or PUNCT.match(text, offset)
    if punct is not None and offset == punct_offset(punct):
        return 2.5, text[start:offset], text[offset:end]
    if (before.isalpha() and after.isdigit()) or (before.isdigit() and after.isalpha()):
        left = _LETTERS_BEFORE.search(text, 0, offset).group()  # type: ignore[union-attr]
        right = _LETTERS_AFTER.match(text, offset).group()  # type: ignore[union-attr]
        return 2.0, left or before, right or after
    if not before.isalpha() or not after.isalpha():
        return None
    left = _LETTERS_BEFORE.search(text, 0, offset).group()  # type: ignore[union-attr]
    right = _LETTERS_AFTER.match(text, offset).group()  # type: ignore[union-attr]
    if not (vocab.is_word(left, 2.0) and vocab.is_word(right, 2.0)):
        return None
    whole_word = left + right
    if whole_word[:1].isupper() and text.count(whole_word) > 1:
        return None  # a name the document spells the same way again
    left_z, right_z, whole = vocab.zipf(left), vocab.zipf(right), vocab.zipf(whole_word)
    # A known word must lose to the split ("fora" as "for a"); an unknown token is split
    # as surely as its rarer half is common.
    score = left_z + right_z - whole - 9.0 if whole else min(left_z, right_z) - 1.0
    if before in LOWER and after in UPPER:
        score += 1.0
    elif whole_word[:1].isupper() and min(left_z, right_z) < 3.0:
        score -= 1.0  # likelier a name (Bettino) than a capitalised word run into another
    return score, left, right


def _best_in_window(
    text: str, lo: int, hi: int, vocab: Vocabulary, whole_token: Callable[[int], tuple[int, int]]
) -> Join | None:
    """The likeliest missing space strictly inside a token, with its offset in ``[lo, hi)``."""
    best: tuple[float, int, str, str] | None = None
    for offset in range(max(lo, 1), min(hi, len(text))):
        scored = _split_score(text, offset, vocab)
        if scored and scored[0] >= 1.0 and (best is None or scored[0] > best[0]):
            best = (scored[0], offset, scored[1], scored[2])
    if best is None:
        return None
    strength, offset, left, right = best
    start, end = whole_token(offset)
    return Join(
        offset,
        start,
        end,
        "word_word"
        if left[-1:].isalpha() and right[:1].isalpha()
        else ("letter_digit" if any(c.isdigit() for c in left[-1:] + right[:1]) else "punct_word"),
        left,
        right,
        strength,
        "the line width puts a line break here",
    )


def walk(text: str, candidates: Sequence[Join], width: int, vocab: Vocabulary) -> list[Join]:
    """Joins where the wrap width says the former line breaks were, paragraph by paragraph."""
    by_offset = {j.offset: j for j in candidates}
    offsets = sorted(by_offset)
    found: list[Join] = []
    for start, end in paragraphs(text):
        prev = start
        while end - prev > width:  # a line break is still to come in this paragraph
            # The first line may be short (see _gaps); later ones fill the width.
            lo = start + 1 if prev == start else int(prev + MIN_FILL * width) + 1
            hi = min(prev + width + OVERHANG, end)
            inside = [by_offset[o] for o in offsets if lo <= o <= hi]
            if inside:
                join = max(inside, key=lambda j: (j.strength, -abs(j.offset - (prev + width))))
            else:
                join = _best_in_window(text, lo, hi + 1, vocab, lambda o: token_at(text, o))
            if join is not None:
                found.append(replace(join, strength=join.strength + ON_GRID_BONUS))
                prev = join.offset
                continue
            # No join: the line may have ended at a hyphen ("anti-|viral"), which is correct.
            hyphen = text.rfind("-", lo, hi + 1)
            prev = (
                hyphen + 1
                if hyphen > prev and text[hyphen - 1].isalpha()
                else prev + int(0.85 * width)
            )
    return found


def coverage(text: str, candidates: Sequence[Join], width: int) -> tuple[int, int]:
    """(windows holding a candidate, windows walked): how well the width explains them."""
    offsets = sorted(j.offset for j in candidates)
    hits = windows = 0
    for start, end in paragraphs(text):
        prev = start
        while end - prev > width:
            lo = start if prev == start else prev + MIN_FILL * width
            hi = min(prev + width + OVERHANG, end)
            windows += 1
            inside = [o for o in offsets if lo < o <= hi]
            if inside:
                hits += 1
                prev = inside[-1]
            else:
                prev += int(0.85 * width)
    return hits, windows


def find_joins(text: str, vocab: Vocabulary | None, settings: Settings) -> list[Join]:
    """The joins in ``text``: lexical candidates, weighed by the document's line width.

    In a document whose candidates recur at a regular width, the walk finds a join in each
    line-width window and off-grid candidates must be strong on their own; in any other
    document only candidates of ``isolated_strength`` stand.
    """
    found = candidates(text, vocab, settings)
    strong = [j for j in found if j.strength >= settings.isolated_strength]
    if len(found) < MIN_HITS or vocab is None:
        return strong
    width = line_width([j for j in found if j.strength >= 1.0], paragraphs(text))
    if width is None:
        return strong
    hits, windows = coverage(text, found, width)
    if hits < MIN_HITS or hits < MIN_COVERAGE * windows:
        return strong
    on_grid = {j.offset: j for j in walk(text, found, width, vocab)}
    for join in strong:
        on_grid.setdefault(join.offset, join)
    return [on_grid[k] for k in sorted(on_grid)]
