"""Kind ``block``: a heading line followed by a run of short, headline-like lines.

Related-story and link-list blocks ("Next In World" and ten headlines, "Related Coverage",
"Most read") sit at the head or the tail of scraped text. A block is found where a line
matching one of ``heading`` is followed by at least ``min_lines`` headline-like lines, blank
lines allowed between them (up to ``max_gap`` in a row). Without ``heading``, a bare run of
headline-like lines is enough.

A line is headline-like when it has ``min_words`` to ``max_words`` words, at most
``max_chars`` characters, and does not end as a sentence does (``.``, ``,`` or ``;``).
With ``teasers: true`` it may end as a sentence: after a heading, link lists often give
each story's one-sentence summary ("Popular diet for a busy life. Up to 10 kg in 14
days."), and at the very tail of a text under a related-stories heading, a run of such
short lines is the list, not the story.

``position`` says where the block must sit: ``tail`` (default: at most ``slack`` non-blank
lines after it), ``head`` (at most ``slack`` non-blank lines, the title say, before it) or
``anywhere``.

Example (YAML)::

    - id: NL130
      name: related-stories-block
      kind: block
      heading: ['Next In \\w+', 'Related (Stories|Coverage)']
      position: tail
      min_lines: 3
      fix: {action: delete-line, applicability: safe}
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import cached_property
from typing import Any, ClassVar, Literal

from pydantic import Field, field_validator, model_validator

from newslint.document import Document, stripped_lines
from newslint.finding import Finding
from newslint.kinds.pattern import LineStartGate
from newslint.rule import RuleBase, texts_read

_SENTENCE_END = (".", ",", ";")


class Rule(RuleBase):
    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"match", "heading", "lines"})
    FIX_ACTIONS: ClassVar[frozenset[str]] = frozenset({"delete", "delete-line"})

    kind: Literal["block"]
    heading: list[str] | None = None
    position: Literal["head", "tail", "anywhere"] = "tail"
    slack: int = Field(default=0, ge=0)
    min_lines: int = Field(default=3, ge=1)
    min_words: int = Field(default=2, ge=1)
    max_words: int = Field(default=20, ge=1)
    max_chars: int = Field(default=160, ge=1)
    max_gap: int = Field(default=1, ge=0)
    teasers: bool = False

    @field_validator("heading")
    @classmethod
    def _headings_compile(cls, value: list[str] | None) -> list[str] | None:
        for source in value or ():
            try:
                re.compile(source)
            except re.error as exc:
                raise ValueError(f"heading {source!r} does not compile: {exc}") from None
        return value

    @model_validator(mode="after")
    def _word_range(self) -> Rule:
        if self.min_words > self.max_words:
            raise ValueError("min_words is greater than max_words")
        return self

    @cached_property
    def heading_regex(self) -> Any:
        if not self.heading:
            return None
        return re.compile("(?:" + "|".join(self.heading) + r")\s*:?", re.IGNORECASE)

    @cached_property
    def heading_line(self) -> LineStartGate | None:
        """Whether a heading stands alone on a line, asked of the whole text at once: most
        documents have none, and then their lines need not be looked at."""
        if not self.heading:
            return None
        body = r"[ \t]*(?:" + "|".join(self.heading) + r")[ \t]*:?[ \t]*$"
        return LineStartGate(body, re.IGNORECASE)

    def headline_like(self, line: str) -> bool:
        if len(line) > self.max_chars or (not self.teasers and line.endswith(_SENTENCE_END)):
            return False
        return self.min_words <= len(line.split()) <= self.max_words


def _run_end(rule: Rule, lines: list[tuple[int, int, str]], first: int) -> tuple[int, int]:
    """Index of the last headline-like line of the run starting at ``first``, and its length."""
    count, last, gap = 0, first - 1, 0
    for i in range(first, len(lines)):
        content = lines[i][2]
        if not content:
            gap += 1
            if gap > rule.max_gap:
                break
            continue
        if not rule.headline_like(content):
            break
        count, last, gap = count + 1, i, 0
    return last, count


def _nonblank(lines: list[tuple[int, int, str]], lo: int, hi: int) -> int:
    return sum(1 for i in range(lo, hi) if lines[i][2])


def find_blocks(rule: Rule, text: str) -> list[tuple[int, int, str, int]]:
    """(start, end, heading, number of lines) of each block of ``rule`` in ``text``."""
    if rule.heading_line is not None and not rule.heading_line.opens_whole(text):
        return []
    lines = stripped_lines(text)
    blocks = []
    i = 0
    while i < len(lines):
        content = lines[i][2]
        if not content:
            i += 1
            continue
        if rule.heading_regex is not None:
            if not rule.heading_regex.fullmatch(content):
                i += 1
                continue
            heading, first = content, i + 1
        else:
            if not rule.headline_like(content):
                i += 1
                continue
            heading, first = "", i
        last, count = _run_end(rule, lines, first)
        placed = (
            rule.position == "anywhere"
            or (rule.position == "head" and _nonblank(lines, 0, i) <= rule.slack)
            or (rule.position == "tail" and _nonblank(lines, last + 1, len(lines)) <= rule.slack)
        )
        if count >= rule.min_lines and placed:
            blocks.append((lines[i][0], lines[last][1], heading, count))
            i = last + 1
        else:
            i += 1
    return blocks


def build(rules: Sequence[Rule]) -> Callable[[Document], list[Finding]]:
    """Each block rule scans the lines of the fields it reads."""

    def check(document: Document) -> list[Finding]:
        findings = []
        for rule, field, text in texts_read(rules, document):
            for start, end, heading, count in find_blocks(rule, text):
                fix = rule.make_fix(text, start, end)
                findings.append(
                    rule.finding(
                        document,
                        field,
                        start,
                        end,
                        fix,
                        match=heading or text[start:end].split("\n", 1)[0],
                        heading=heading,
                        lines=str(count),
                    )
                )
        return findings

    return check
