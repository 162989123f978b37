"""Datelines: the place, date and agency a wire story opens with, and what is wrong with them.

The grammar is :mod:`newslint.dateline_grammar`'s; what makes a dateline malformed, and
why, :mod:`newslint.dateline_faults`'s. :func:`opening` finds the dateline among the first
lines of a text, past the lines a story may carry before it (headline, summary bullets,
byline, wire slugs and advisories); a first line that tries to be a dateline and fails
the grammar is a malformed dateline, with the reason; a story that opens with neither has
none.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

from newslint.dateline_faults import Malformed, malformed
from newslint.dateline_grammar import (
    DASH_END,
    DATE_AHEAD,
    LOCATION,
    Dateline,
    parse,
)
from newslint.document import Document

__all__ = [
    "OPENING_LINES",
    "Dateline",
    "Malformed",
    "Opening",
    "document_opening",
    "headline_like",
    "nonblank_lines",
    "opening",
    "parse",
]

#: lines a story may carry above its dateline
_SKIPPABLE = re.compile(
    r"[*•·]\s|By\s|BY\s|\((?:Adds|Updates|Recasts|Corrects|Repeats|Changes)\b"
    r"|(?:UPDATE\s\d+|RPT|REFILE|CORRECTED|CORRECTION|WRAPUP(?:\s\d+)?)\s*-"
)
#: a wire slug glued before the dateline on its line ("CORRECTION - LONDON - ...")
_SLUG = re.compile(r"(?:UPDATE\s\d+|RPT|REFILE|CORRECTED|CORRECTION|\(CORRECTION\))\s*-+\s*")
_SENTENCE_END = re.compile(r"[.,;!?](?:[\s(]|$)")
#: an abbreviation, whose full stop ends no sentence: "U.S.", "Mr.", "Dr.", "St."
_ABBREVIATION = re.compile(r"\b(?:[A-Z]\.)+(?=\s|$)|\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gov|Sen|Rep|Gen)\.")


class Opening(NamedTuple):
    """How a text opens: its dateline, or a malformed one, or neither (both None).

    ``preceded_by`` is the first line above the dateline that a story does not carry there
    (not a headline, summary bullet, byline, slug or advisory), or None.
    """

    dateline: Dateline | None
    malformed: Malformed | None
    preceded_by: tuple[int, int] | None


def nonblank_lines(text: str, limit: int, start: int = 0) -> Iterator[tuple[int, str]]:
    """(offset, content) of the first ``limit`` non-blank lines from ``start`` on, leading
    blanks skipped, read as they are asked for: most stories open with their dateline."""
    pos, size, count = start, len(text), 0
    while pos <= size and count < limit:
        nl = text.find("\n", pos)
        end = size if nl == -1 else nl
        raw = text[pos:end]
        content = raw.strip()
        if content:
            count += 1
            yield pos + len(raw) - len(raw.lstrip()), content
        pos = end + 1


#: what a line must hold to be a dateline: a spaced dash, or one after a day ("March 4-")
_HAS_DASH = re.compile(r"[ \d](?:--?|—|–)[ ]")


#: how many lines from the top a dateline is looked for, unless a rule says otherwise
OPENING_LINES = 8


def opening(text: str, max_lines: int = OPENING_LINES, title: str | None = None) -> Opening:
    """Where the story's dateline is among the first ``max_lines`` non-blank lines; a first
    line that is the record's ``title`` (its words) is its headline, whatever it holds.

    On the story's first line (the first line, or the second under a headline) anything
    the grammar takes is the dateline, and a broken attempt is a malformed one; further
    down, only a dateline with a date or an agency counts, so that a line of a table or
    a list ("NOTE - ...") is not taken for one.
    """
    preceded_by: tuple[int, int] | None = None
    headline = False
    for index, (offset, content) in enumerate(nonblank_lines(text, max_lines)):
        first_story_line = index == 0 or (index == 1 and headline)
        if index == 0:
            headline = headline_like(content) or (bool(title) and _same_words(content, title))
        if not first_story_line and _HAS_DASH.search(content, 0, 200) is None:
            if preceded_by is None and not _SKIPPABLE.match(content):
                preceded_by = (offset, offset + len(content))
            continue  # no dash: no dateline on this line (nor a malformed one to report)
        slug = _SLUG.match(content)
        skip = slug.end() if slug else 0
        dateline = parse(content[skip:], offset + skip)
        if dateline is not None and (
            first_story_line or dateline.has_date or dateline.agency is not None
        ):
            return Opening(dateline, None, preceded_by)
        if first_story_line:
            glued = _glued(content, offset)
            if glued is not None:
                return Opening(glued, None, (offset, glued.start))
            problem = malformed(content[skip:], offset + skip)
            if problem is not None:
                return Opening(None, problem, preceded_by)
        if preceded_by is None and not _SKIPPABLE.match(content) and not (index == 0 and headline):
            preceded_by = (offset, offset + len(content))
    return Opening(None, None, None)


def document_opening(document: Document, field: str, depth: int = OPENING_LINES) -> Opening:
    """:func:`opening` of ``document``'s ``field``, read once however many rules ask, with
    the record's title to know its headline by."""
    title = document.fields.get("title") if field != "title" else None
    text = document.fields[field]
    return document.derived(("opening", field, depth), opening, text, depth, title)


def _same_words(line: str, title: str) -> bool:
    """Whether ``line`` and ``title`` are the same words (case and punctuation aside); the
    common answer, no, given without reading them word by word."""
    if (
        abs(len(line) - len(title.strip())) > 10
        or line[:1].casefold() != title.lstrip()[:1].casefold()
    ):
        return False
    return _WORD.findall(line.casefold()) == _WORD.findall(title.casefold())


_WORD = re.compile(r"\w+")


#: where a place in capitals and a comma may start a dateline inside a line
_PLACE_START = re.compile(rf"(?<=[ ])(?={LOCATION},[ ]?(?:{DATE_AHEAD}))")


def _glued(line: str, offset: int) -> Dateline | None:
    """A dated dateline inside the line, a headline run into it ("Miner denies takeover talk
    ZURICH, Oct 4 - The company ..."): not malformed, but not at the start. A headline in
    capitals lends the place up to three of its last words: the line is still reported as
    not opening with its dateline, which is what matters."""
    for m in _PLACE_START.finditer(line, 0, 200):
        found = parse(line[m.start() :], offset + m.start())
        if found is not None and found.has_date:
            return found
    return None


def headline_like(line: str, min_words: int = 2) -> bool:
    """A headline: a few words, mostly of letters, with no sentence ending in or after it
    (a question or an exclamation may end it, and an abbreviation's full stop is none:
    "Is the Fed done hiking?", "U.S. inflation") and no dash-ended prefix."""
    words = line.split()
    return (
        min_words <= len(words) <= 20
        and sum(w[0].isalpha() for w in words) * 2 > len(words)
        and _no_sentence_end(line)
        and not DASH_END.search(line)
    )


def _no_sentence_end(line: str) -> bool:
    """Whether no sentence ends in or after ``line``, a final "?" or "!" and the full stops
    of abbreviations aside (looked at only where a full stop or one of those is found)."""
    found = _SENTENCE_END.search(line)
    if found is None:
        return True
    if line[found.start()] in ",;":
        return False  # a clause's end, whatever abbreviations the line holds
    return _SENTENCE_END.search(_ABBREVIATION.sub("", line.rstrip().rstrip("?!"))) is None
