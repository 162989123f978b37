"""Kind ``page``: the furniture of a whole web page dumped as text around the article.

Some extractors (and every "get the page's text" tool) keep the whole page: menus, section
links, box headings, link lists, footers. Such a text has many lines, most of them short
and without a sentence's final punctuation, and somewhere in it the article: a run of
prose paragraphs. This kind recognises that shape, finds the article, and reports the
unpunctuated lines outside it, a run of adjacent ones as one finding.

A text is a page dump when it has at least ``min_lines`` non-blank lines and at least
``short_share`` of them are short (at most ``short_words`` words) and end without ``.``,
``!``, ``?`` (or ``。！？``), a closing quote or bracket. Prose lines end as sentences do and
have at least ``prose_words`` words (or six times as many characters, for scripts written
without spaces); prose lines at most ``cluster_gap`` non-blank lines apart form a run.
The article is made of the runs that have at least ``min_cluster_lines`` lines and at least
``cluster_share`` of the largest run's characters, with what lies between two of them when
at most ``part_gap`` lines do: further apart, they are parts of the page (the story, a
cookie notice under the footer) with furniture between them. A list the article announces
at its end ("Tour dates:" and lines such as "June 9 -- Arena, City") belongs to it.

Kept too: the page's title (its first line), the headline that repeats its words, and a
line that is the record's ``title``. With
``punctuated``, the punctuated lines before and after the article are reported as well
(those between its parts, a table's notes say, are not); otherwise they are left to the
phrase and pattern rules. Table rows (columns, or three numbers) are never furniture: a
wire story's table of figures is many short unpunctuated lines too.

Example (YAML)::

    - id: NL185
      name: page-furniture
      kind: page
      fix: {action: delete-line, applicability: unsafe}
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from itertools import pairwise
from typing import ClassVar, Literal

from pydantic import Field

from newslint.document import Document, Line, stripped_lines
from newslint.finding import Finding
from newslint.rule import RuleBase, texts_read

#: how a sentence, and so a line of prose, ends
_SENTENCE_END = re.compile(r"""[.!?"”’)\]|。！？」』]$""")
#: a number standing as a word ("1987", "39,130", "5%", "$3.5"): three make a table row
_NUMBER = re.compile(r"(?<!\S)[-+$£€(]?\d[\d.,:%/)-]*(?!\S)")
#: a long enough line without spaces counts as this many characters a word
_CHARS_PER_WORD = 6
#: a gap between columns ("ARGENTINA        nil          39,130")
_COLUMNS = re.compile(r"\S(?: {2,}|\t)\S")


class Rule(RuleBase):
    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"match", "lines"})
    FIX_ACTIONS: ClassVar[frozenset[str]] = frozenset({"delete-line"})

    kind: Literal["page"]
    min_lines: int = Field(default=40, ge=2)
    short_share: float = Field(default=0.6, ge=0, le=1)
    short_words: int = Field(default=8, ge=1)
    prose_words: int = Field(default=10, ge=1)
    cluster_gap: int = Field(default=3, ge=0)
    min_cluster_lines: int = Field(default=2, ge=1)
    cluster_share: float = Field(default=0.5, ge=0, le=1)
    part_gap: int = Field(default=8, ge=0)
    punctuated: bool = False


def _ends_sentence(line: str) -> bool:
    return _SENTENCE_END.search(line) is not None


def _table_row(line: str) -> bool:
    """Columns, or three numbers."""
    return _COLUMNS.search(line) is not None or len(_NUMBER.findall(line)) >= 3


def _furniture_like(line: str, max_words: int | None = None) -> bool:
    """Unpunctuated, not a table row, and (given ``max_words``) short."""
    if _ends_sentence(line) or _table_row(line):
        return False
    return max_words is None or len(line.split()) <= max_words


def _article_parts(rule: Rule, lines: Sequence[Line]) -> list[tuple[int, int]]:
    """Indexes (first, last) of each part of the article among ``lines`` (none without
    prose): the kept runs, joined where at most ``part_gap`` lines lie between them."""
    # Scripts written without spaces (Chinese, Japanese) count by length instead of words.
    prose = [
        i
        for i, (_, _, content) in enumerate(lines)
        if _ends_sentence(content)
        and (
            len(content.split()) >= rule.prose_words
            or len(content) >= _CHARS_PER_WORD * rule.prose_words
        )
    ]
    if not prose:
        return []
    runs = [[prose[0]]]
    for before, after in pairwise(prose):
        if after - before - 1 <= rule.cluster_gap:
            runs[-1].append(after)
        else:
            runs.append([after])

    def weight(run: list[int]) -> int:
        return sum(len(lines[i][2]) for i in run)

    largest = max(runs, key=weight)
    floor = rule.cluster_share * weight(largest)
    kept = [
        run
        for run in runs
        if run is largest or (len(run) >= rule.min_cluster_lines and weight(run) >= floor)
    ]
    parts = [(kept[0][0], kept[0][-1])]
    for run in kept[1:]:
        if run[0] - parts[-1][1] - 1 <= rule.part_gap:
            parts[-1] = (parts[-1][0], run[-1])
        else:
            parts.append((run[0], run[-1]))
    return parts


#: what separates the fields of a list's items ("June 9 -- Arena, City", "Q: ...")
_ITEM_SEPARATORS = (" -- ", " — ", " – ", " - ", ": ", " | ", "\t")


def _introduced_list_end(lines: Sequence[Line], last: int) -> int:
    """The article's last line, extended through a list it introduces.

    A story may end with a list its last lines announce ("Tour dates:", then "June 9 --
    Arena, City" lines): a line ending with a colon, at most one line after the article's
    last prose, and the items after it that share a separator with the first item.
    """
    for colon in (last, last + 1):
        if colon + 1 < len(lines) and lines[colon][2].endswith(":"):
            break
    else:
        return last
    first_item = lines[colon + 1][2]
    shared = [sep for sep in _ITEM_SEPARATORS if sep in first_item]
    if not shared:
        return last
    end = colon + 1
    while end + 1 < len(lines) and any(sep in lines[end + 1][2] for sep in shared):
        end += 1
    return end


_WORD = re.compile(r"\w+")


def _title_lines(lines: Sequence[Line], first_article_line: int) -> set[int]:
    """The page title and the headline that repeats it, before the article.

    The headline repeats the title's words, give or take the site's name and the dashes
    ("Talks resume - Example News" over "Talks resume"), so a line of at least four words
    all of whose words (but one in five) are the title's is the headline.
    """
    title = set(_WORD.findall(lines[0][2].lower()))
    for i in range(1, first_article_line):
        words = _WORD.findall(lines[i][2].lower())
        if len(words) >= 4 and sum(w in title for w in words) >= 0.8 * len(words):
            return {0, i}
    return set()


def _words(line: str) -> list[str]:
    return _WORD.findall(line.casefold())


def furniture(rule: Rule, text: str, title: str | None = None) -> list[list[Line]]:
    """Runs of adjacent furniture lines in ``text`` (empty unless it is a page dump); a
    line that is the record's ``title`` (its words) is the headline, never furniture."""
    if text.count("\n") + 1 < rule.min_lines:
        return []  # the common case: too few lines to be a page, decided in C
    lines = [line for line in stripped_lines(text) if line[2]]
    if len(lines) < rule.min_lines:
        return []
    short = sum(1 for _, _, content in lines if _furniture_like(content, rule.short_words))
    if short < rule.short_share * len(lines):
        return []
    parts = [
        (first, _introduced_list_end(lines, last)) for first, last in _article_parts(rule, lines)
    ]
    article = {i for first, last in parts for i in range(first, last + 1)}
    keep = article | (_title_lines(lines, parts[0][0]) if parts else set())
    headline = _words(title) if title else []
    if headline:
        keep |= {i for i, line in enumerate(lines) if _words(line[2]) == headline}
    runs: list[list[Line]] = []
    previous = -2
    for i, line in enumerate(lines):
        if i in keep:
            continue
        outside = not parts or i < parts[0][0] or i > parts[-1][1]
        punctuated = rule.punctuated and outside and not _table_row(line[2])
        if not (punctuated or _furniture_like(line[2])):
            continue
        if i == previous + 1 and runs:
            runs[-1].append(line)
        else:
            runs.append([line])
        previous = i
    return runs


def build(rules: Sequence[Rule]) -> Callable[[Document], list[Finding]]:
    """Each page rule looks at the fields it reads; most texts are not pages."""

    def check(document: Document) -> list[Finding]:
        findings = []
        title = document.fields.get("title")
        for rule, field, text in texts_read(rules, document):
            for run in furniture(rule, text, title if field != "title" else None):
                start, end = run[0][0], run[-1][1]
                fix = rule.make_fix(text, start, end)
                findings.append(
                    rule.finding(
                        document,
                        field,
                        start,
                        end,
                        fix,
                        match=run[0][2],
                        lines=str(len(run)),
                    )
                )
        return findings

    return check
