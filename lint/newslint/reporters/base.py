"""The reporter protocol every output format implements, and the run summary it ends with.

A run calls :meth:`Reporter.start` once, :meth:`Reporter.document` once per checked document
(in input order, with that document's findings, possibly none), then :meth:`Reporter.finish`
with a :class:`Summary`. Streaming formats write as documents arrive; formats that are one
JSON value (``json``, ``sarif``) keep what they need and write it at the end.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TextIO

from newslint.document import Document
from newslint.finding import Applicability, Finding
from newslint.rule import RuleBase

STDIN = "-"


@dataclass(frozen=True, slots=True)
class Summary:
    """What a run did, for the closing lines of a report.

    ``remaining`` is set only by ``--fix`` runs: the findings left after fixing (``fixed``
    counts the fixes applied). ``fixable`` is how many findings ``--fix`` would repair at the
    run's level of consent; None lets the reporter count them itself. ``hidden`` is how
    many more ``--unsafe-fixes`` would repair (None: the reporter counts). ``errors`` are
    the inputs that could not be checked and fixes that could not run, one message each.
    """

    documents: int
    findings: int
    fixed: int = 0
    fixable: int | None = None
    remaining: int | None = None
    errors: Sequence[str] = ()
    hidden: int | None = None


class Reporter:
    """Base of every output format: a stream to write to and three calls from the runner.

    ``rules`` are the rules of the run (formats that describe rules, such as SARIF, use
    them); ``show_source`` asks for the offending line under each finding where the format
    has room for it; ``unsafe_fixes`` says whether unsafe fixes count as fixable.
    """

    #: Whether :meth:`document` writes at once what depends only on the document, its
    #: findings and :meth:`options`: then a worker process of the parallel runner can
    #: write a document's report to a buffer of its own, and the run copy the text out in
    #: input order (the summary's counts come from the run, not from the reporter).
    streaming = False

    def __init__(
        self,
        stream: TextIO,
        *,
        rules: Sequence[RuleBase] = (),
        show_source: bool = True,
        unsafe_fixes: bool = False,
    ) -> None:
        self.stream = stream
        self.rules = tuple(rules)
        self.show_source = show_source
        self.unsafe_fixes = unsafe_fixes

    def options(self) -> dict[str, object]:
        """The options to make a reporter of this format that writes exactly as this one
        does (:func:`newslint.reporters.make_reporter`), in another process."""
        return {"show_source": self.show_source, "unsafe_fixes": self.unsafe_fixes}

    def start(self) -> None:
        """Called once before the first document."""

    def document(self, document: Document, findings: Sequence[Finding]) -> None:
        """Report the findings of one checked document (an empty sequence if it is clean)."""
        for finding in findings:
            self.handle(document, finding)

    def handle(self, document: Document, finding: Finding) -> None:
        """Report one finding of ``document``; formats override this or :meth:`document`."""

    def finish(self, summary: Summary) -> None:
        """Called once after the last document."""

    def fixable(self, finding: Finding) -> bool:
        """Whether ``--fix`` would repair ``finding`` at this run's level of consent."""
        fix = finding.fix
        return fix is not None and (self.unsafe_fixes or fix.applicability is Applicability.SAFE)

    def write(self, line: str = "") -> None:
        """Write one line to the stream."""
        self.stream.write(line + "\n")


def document_label(finding: Finding) -> str:
    """Where the finding's document is: ``path`` for a file, ``path#record (id X)`` for a
    JSONL record (``record`` is the 0-based index of the contract, not a line number)."""
    label = finding.path or STDIN
    if finding.record is not None:
        label += f"#{finding.record}"
        if finding.id is not None:
            label += f" (id {finding.id})"
    return label


def record_label(finding: Finding) -> str:
    """``record 17 (id X)``: which record of its file the finding is in (0-based)."""
    label = f"record {finding.record}"
    return label if finding.id is None else f"{label} (id {finding.id})"


def position_label(finding: Finding) -> str:
    """``field:line:column`` of the finding's start."""
    return f"{finding.field}:{finding.line}:{finding.column}"


def plural(count: int, noun: str) -> str:
    """``1 finding``, ``2 findings``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"
