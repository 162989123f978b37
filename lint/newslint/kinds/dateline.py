"""Kind ``dateline``: the dateline a story opens with, checked against the source's style.

All dateline rules share one reading of each text (:func:`newslint.datelines.opening`): the
dateline among the first ``max_lines`` lines, past a headline, summary bullets, a byline,
wire slugs and advisories; or a first line that tries to be one and breaks the grammar; or
neither. Each rule makes one ``check`` of it:

``missing``
    the source's style requires a dateline and the story opens without one.
``malformed``
    the opening breaks the grammar (a misspelt month, a letter in the day, a stray comma, a
    missing dash...), names an impossible day, or departs from the source's style (no date
    where it gives one, a date where it gives none, an agency or a dash it does not use).
``position``
    the dateline stands below a line a story does not carry above it (a leaked header, a
    caption).
``date``
    the dateline's date is ``min_days`` to ``max_days`` days from the record's date (the
    metadata field ``date_field``, in ISO 8601 or any format that names one day for sure;
    a dateline without a year takes the year that puts it nearest). Two rules split the
    range: time zones make one day common and harmless.

Styles are given per source: ``styles`` maps a source (the metadata field
``source_field``, ``domain`` by default, which falls back to the url's host; a domain's
subdomains share its style) to what its datelines hold; other sources get
``default_style``::

    styles:
      apnews.com: {required: true, date: none, agencies: [AP]}
      reuters.com: {required: true, agencies: [Reuters]}

``required`` (false): a story of the source must have a dateline.
``date``: ``required``, ``optional`` (default) or ``none``.
``agencies``: the names allowed in brackets (``[]``: none); unset, any.
``dashes``: the dashes the source uses; unset, any of ``-``, ``--``, ``—``, ``–``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import ClassVar, Literal

from pydantic import Field

from newslint.datelines import OPENING_LINES, Dateline, Opening, document_opening
from newslint.dates import unambiguous_date
from newslint.document import Document, document_source, first_line_span
from newslint.finding import Finding
from newslint.rule import RuleBase, Strict


class Style(Strict):
    """What a source's datelines hold."""

    required: bool = False
    date: Literal["required", "optional", "none"] = "optional"
    agencies: list[str] | None = None
    dashes: list[Literal["-", "--", "—", "–"]] | None = None


class Rule(RuleBase):
    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset(
        {"match", "reason", "source", "days", "date", "dateline_date"}
    )
    FIX_ACTIONS: ClassVar[frozenset[str]] = frozenset()

    kind: Literal["dateline"]
    check: Literal["missing", "malformed", "position", "date"]
    styles: dict[str, Style] = Field(default_factory=dict)
    default_style: Style = Field(default_factory=Style)
    source_field: str = "domain"
    date_field: str = "date"
    min_days: int = Field(default=2, ge=0)
    max_days: int | None = Field(default=None, ge=0)
    #: how many lines from the top a dateline may stand (the rules share one reading of
    #: the text, which goes as deep as the deepest rule asks)
    max_lines: int = Field(default=OPENING_LINES, ge=1)

    def style_of(self, document: Document) -> tuple[str, Style]:
        """The document's source (or "") and its style."""
        source = document_source(document, self.source_field) or ""
        name = source.lower()
        while name:
            if name in self.styles:
                return source, self.styles[name]
            name = name.partition(".")[2] if self.source_field == "domain" else ""
        return source, self.default_style


def _style_problem(found: Opening, style: Style, source: str) -> str | None:
    """How a well-formed dateline departs from its source's style, or None."""
    dateline = found.dateline
    if dateline is None:
        return None
    whose = f"{source}'s" if source else "the"
    if style.date == "required" and not dateline.has_date:
        return f"the dateline has no date; {whose} style gives one"
    if style.date == "none" and dateline.has_date:
        return f"the dateline has a date; {whose} style gives none"
    agency = dateline.agency
    if style.agencies is not None and agency is not None and agency not in style.agencies:
        return f"agency {agency!r} is not one {whose} style uses"
    if style.dashes is not None and dateline.dash not in style.dashes:
        return f"dash {dateline.dash!r} is not the one {whose} style uses"
    if dateline.has_date and not _day_exists(dateline.month, dateline.day, dateline.year):
        return f"impossible day: {dateline.day} of month {dateline.month}"
    return None


def _day_exists(month: int | None, day: int | None, year: int | None) -> bool:
    try:
        dt.date(year or 2000, month or 1, day or 1)  # 2000: a leap year, so 29 Feb exists
    except ValueError:
        return False
    return True


def _findings(rule: Rule, document: Document, field: str, found: Opening) -> list[Finding]:
    text = document.fields[field]
    source, style = rule.style_of(document)
    if rule.check == "missing":
        if style.required and found.dateline is None and found.malformed is None:
            start, end = first_line_span(text)
            return [rule.finding(document, field, start, end, source=source)]
    elif rule.check == "malformed":
        if found.malformed is not None:
            bad = found.malformed
            return [rule.finding(document, field, bad.start, bad.end, reason=bad.reason)]
        problem = _style_problem(found, style, source)
        if problem is not None and found.dateline is not None:
            line = found.dateline
            return [rule.finding(document, field, line.start, line.end, reason=problem)]
    elif rule.check == "position":
        if found.dateline is not None and found.preceded_by is not None:
            start, end = found.preceded_by
            return [rule.finding(document, field, start, end)]
    else:
        return _date_findings(rule, document, field, found)
    return []


def _date_findings(rule: Rule, document: Document, field: str, found: Opening) -> list[Finding]:
    anchor = unambiguous_date(document.metadata.get(rule.date_field))
    line = found.dateline
    bad = found.malformed
    if line is None and bad is not None and bad.date is not None:
        # A misspelt month still says which month ("Apri 1"): its date is checked too.
        month, day = bad.date
        line = Dateline(bad.start, bad.end, None, None, month, day, None, None, "")
    if line is None or anchor is None:
        return []
    date = line.date_near(anchor)
    if date is None:
        return []
    days = abs((date - anchor).days)
    if days < rule.min_days or (rule.max_days is not None and days > rule.max_days):
        return []
    return [
        rule.finding(
            document,
            field,
            line.start,
            line.end,
            days=str(days),
            date=anchor.isoformat(),
            dateline_date=date.isoformat(),
        )
    ]


def build(rules: Sequence[Rule]) -> Callable[[Document], list[Finding]]:
    """One reading of each field's opening, shared by every dateline rule."""
    fields = sorted({f for rule in rules for f in rule.fields})
    depth = max(rule.max_lines for rule in rules)

    def check(document: Document) -> list[Finding]:
        findings = []
        for field in fields:
            text = document.fields.get(field)
            if not text:
                continue
            found = document_opening(document, field, depth)
            for rule in rules:
                if field in rule.fields:
                    findings.extend(_findings(rule, document, field, found))
        return findings

    return check
