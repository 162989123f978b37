"""Kind ``lines``: whole lines, given exactly, as ``newslint mine`` finds them.

A line of the text is reported when, without its surrounding blanks, it is one of
``lines``. All ``lines`` rules share one set: a document costs one split into lines and one
set intersection, however many rules and lines there are, so a pack mined from a large
corpus (hundreds of sources, thousands of lines) stays cheap. A rule usually names its
source with ``when`` (``when: {domain: nytimes.com}``): a line repeated on one site's pages
is boilerplate there and may be a sentence elsewhere.

Example (YAML)::

    - id: NLM001
      name: mined-example-com
      kind: lines
      when: {domain: example.com}
      lines: ["Continue reading the main story", "Advertisement"]
      fix: {action: delete-line, applicability: unsafe}
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, ClassVar, Literal

from pydantic import Field, field_validator

from newslint.document import Document, stripped_lines
from newslint.finding import Finding
from newslint.rule import RuleBase


class Rule(RuleBase):
    FIX_ACTIONS: ClassVar[frozenset[str]] = frozenset({"delete-line"})

    kind: Literal["lines"]
    lines: Annotated[list[str], Field(min_length=1)]

    @field_validator("lines")
    @classmethod
    def _one_line_each(cls, value: list[str]) -> list[str]:
        for line in value:
            if "\n" in line or not line.strip():
                raise ValueError(f"each entry must be one non-blank line, not {line!r}")
        return value


def build(rules: Sequence[Rule]) -> Callable[[Document], list[Finding]]:
    """One set of lines for all rules; each line remembers the rules that list it."""
    by_line: dict[str, list[Rule]] = {}
    for rule in rules:
        for line in dict.fromkeys(line.strip() for line in rule.lines):
            by_line.setdefault(line, []).append(rule)
    known = frozenset(by_line)
    fields = sorted({field for rule in rules for field in rule.fields})

    def check(document: Document) -> list[Finding]:
        findings = []
        for field in fields:
            text = document.fields.get(field)
            if not text:
                continue
            hits = known.intersection(map(str.strip, text.split("\n")))
            if not hits:
                continue  # most documents: one split and one set operation
            for begin, end, line in stripped_lines(text):
                if line not in hits:
                    continue
                for rule in by_line[line]:
                    if field in rule.fields and rule.applies_to(document):
                        fix = rule.make_fix(text, begin, end)
                        findings.append(rule.finding(document, field, begin, end, fix))
        return findings

    return check
