"""Human-readable output (``--format text``, the default), modelled on ruff's.

One line per finding, then, unless ``--no-show-source``, the line it is on with the span
underlined, and a summary at the end::

    seeds/a.txt:3:12: NL101 [*] [paywall-fields] Paywall or analytics field leaked …
    3 | Read more. Article type: metered
      |            ^^^^^^^^^^^^^^^^^^^^^

    corpus.jsonl#17 (id 3f2a) text:3:5: NL140 [wire-advisory] Wire advisory: (Adds quote)
    3 | The (Adds quote) minister said
      |     ^^^^^^^^^^^^

    Found 2 findings (1 fixable with --fix).

The location of a finding in the ``text`` field of a file is ``path:line:column``, which
editors and terminals open. Anywhere else it is ``path#record (id X) field:line:column``:
``record`` is the record's 0-based index (the ``record`` key of the JSON output, not a line
of the file, which blank lines would shift), ``(id X)`` appears when the record has an id, and
line and column count from the start of that field's text. A file's other fields (such as a
front-matter ``title``) are written ``path field:line:column``.

``[*]`` marks a finding that ``--fix`` repairs. A span over several lines is underlined to the
end of its first line with ``… (+N lines)`` after it; a line over 120 characters is cut to a
window around the span, with ``…`` where it was cut. Colour is used only on a terminal, and
never when ``NO_COLOR`` is set.
"""

from __future__ import annotations

import os
import unicodedata
from typing import TextIO

from newslint.document import Document
from newslint.finding import Finding, Severity
from newslint.reporters.base import (
    STDIN,
    Reporter,
    Summary,
    document_label,
    plural,
    position_label,
)

WIDTH = 120
MIN_CONTEXT = 10

RESET = "\x1b[0m"
BOLD = "\x1b[1m"
CYAN = "\x1b[36m"
BLUE = "\x1b[34m"
SEVERITY_COLOURS = {
    Severity.ERROR: "\x1b[1;31m",
    Severity.WARNING: "\x1b[1;33m",
    Severity.INFO: "\x1b[1;34m",
}


def use_colour(stream: TextIO) -> bool:
    """Whether to colour output written to ``stream``: a terminal, and no ``NO_COLOR``."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except (OSError, ValueError):  # a closed or detached stream
        return False


def location(finding: Finding) -> str:
    """The finding's location as the text format writes it (see the module docstring)."""
    if finding.record is None and finding.field == "text":
        return f"{finding.path or STDIN}:{finding.line}:{finding.column}"
    return f"{document_label(finding)} {position_label(finding)}"


#: control characters as control pictures (␀, ␛, ␊…): a record's id or a message quoting its
#: text must not drive the terminal, nor a newline in it start what looks like a finding
_VISIBLE = str.maketrans(
    {code: 0x2400 + code for code in range(0x20)}
    | {0x7F: 0x2421}
    | {code: 0xFFFD for code in range(0x80, 0xA0)}
)


def cell(char: str) -> tuple[str, int]:
    """How ``char`` is shown in a source excerpt, and how many terminal columns it takes."""
    if char == "\t":
        # One space, not a tab stop, so that the carets below stay one column per character.
        return " ", 1
    category = unicodedata.category(char)
    if category == "Cc":
        # Control pictures (␀, ␛…) rather than raw controls, which would drive the terminal.
        code = ord(char)
        return (chr(0x2400 + code) if code < 0x20 else "␡" if code == 0x7F else "�"), 1
    if category in ("Cf", "Zl", "Zp", "Cs"):
        # Invisible and bidi-control characters are what encoding rules report; showing them
        # as a mark makes the caret point at something and keeps the line from reordering.
        return "�", 1
    if category in ("Mn", "Me"):
        return char, 0
    return char, 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def window(line: str, lo: int, hi: int, width: int = WIDTH) -> tuple[str, int, int]:
    """``line`` cut to about ``width`` characters around ``[lo, hi)``, with ``…`` where it
    was cut, and the span's new bounds in the cut line."""
    if len(line) <= width:
        return line, lo, hi
    margin = max((width - (hi - lo)) // 2, MIN_CONTEXT)
    begin = max(0, lo - margin)
    end = min(len(line), begin + width)
    begin = max(0, min(begin, end - width))
    shown = line[begin:end]
    lo, hi = lo - begin, min(hi, end) - begin
    if begin > 0:
        shown, lo, hi = "…" + shown, lo + 1, hi + 1
    if end < len(line):
        shown += "…"
    return shown, lo, hi


def excerpt(document: Document, finding: Finding) -> tuple[str, int, int, int] | None:
    """The first line of the finding's span as shown, where the carets go (start, count in
    terminal columns), and how many more lines the span covers; None if it cannot be found."""
    text = document.fields.get(finding.field)
    if text is None or finding.line < 1:
        return None
    index = document.index(finding.field)
    row = finding.line - index.line_base
    if not 1 <= row <= len(index):
        return None
    begin = index.line_start(row)
    stop = text.find("\n", begin)
    line = text[begin : len(text) if stop == -1 else stop].removesuffix("\r")
    lo = min(max(finding.start - begin, 0), len(line))
    hi = min(max(finding.end - begin, lo), len(line))
    shown, lo, hi = window(line, lo, hi)
    cells = [cell(c) for c in shown]
    pad = sum(w for _, w in cells[:lo])
    carets = max(1, sum(w for _, w in cells[lo:hi]))
    # A span that ends at the start of a line ends with the newline before it: that line
    # holds none of the span.
    more = finding.end_line - finding.line - (1 if finding.end_column == 1 else 0)
    return "".join(c for c, _ in cells), pad, carets, max(more, 0)


class TextReporter(Reporter):
    """Findings for people: a line each, the source under it, and a summary."""

    streaming = True

    def __init__(self, stream: TextIO, *, colour: bool | None = None, **options) -> None:
        """``colour``: whether to colour the output (None: if ``stream`` is a terminal)."""
        super().__init__(stream, **options)
        self.colour = use_colour(stream) if colour is None else colour
        self.fixable_count = 0
        self.hidden_count = 0

    def options(self) -> dict[str, object]:
        """The base options, and whether to colour (a worker writes to a buffer, not to the
        terminal that decides it)."""
        return {**super().options(), "colour": self.colour}

    def paint(self, text: str, code: str) -> str:
        """``text`` in the ANSI style ``code`` when colouring, else unchanged."""
        return f"{code}{text}{RESET}" if self.colour else text

    def handle(self, document: Document, finding: Finding) -> None:
        """Write one finding and, if asked, its source line."""
        fixable = self.fixable(finding)
        self.fixable_count += fixable
        self.hidden_count += finding.fix is not None and not fixable
        colour = SEVERITY_COLOURS[finding.severity]
        where = location(finding).translate(_VISIBLE)
        head = f"{self.paint(where, BOLD)}: {self.paint(finding.rule, colour)} "
        if fixable:
            head += self.paint("[*]", CYAN) + " "
        self.write(f"{head}[{finding.name}] {finding.message.translate(_VISIBLE)}")
        if self.show_source:
            self.write_source(document, finding, colour)

    def write_source(self, document: Document, finding: Finding, colour: str) -> None:
        """Write the finding's first line with its span underlined, then a blank line."""
        found = excerpt(document, finding)
        if found is None:
            return
        shown, pad, carets, more = found
        number = str(finding.line)
        bar = self.paint("|", BLUE)
        note = f" … (+{plural(more, 'line')})" if more else ""
        self.write(f"{self.paint(number, BLUE)} {bar} {shown}".rstrip())
        self.write(f"{' ' * len(number)} {bar} {' ' * pad}{self.paint('^' * carets, colour)}{note}")
        self.write()

    def finish(self, summary: Summary) -> None:
        """Write the summary line."""
        self.write(self.summary_line(summary))

    def summary_line(self, summary: Summary) -> str:
        """``Found N findings (…).``, or ``All checks passed!`` when there are none."""
        errors = len(summary.errors)
        notes = []
        if summary.remaining is not None and (summary.fixed or summary.remaining):
            total = summary.fixed + summary.remaining
            notes.append(f"{summary.fixed} fixed, {summary.remaining} remaining")
        else:
            total = summary.findings
            fixable = self.fixable_count if summary.fixable is None else summary.fixable
            if fixable:
                notes.append(f"{fixable} fixable with --fix")
        hidden = self.hidden_count if summary.hidden is None else summary.hidden
        if total and hidden:
            notes.append(f"{hidden} more with --unsafe-fixes")
        if total:
            line = f"Found {plural(total, 'finding')}"
            if notes:
                line += f" ({'; '.join(notes)})"
            return line + (f" and {plural(errors, 'error')}." if errors else ".")
        if errors:
            return f"No findings, but {plural(errors, 'error')}."
        if summary.documents == 0:
            return "No documents to check."
        return "All checks passed!"
