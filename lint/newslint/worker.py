"""A worker process of the local parallel runner (:mod:`newslint.runner`), and what it
shares with the run: how a document's findings are admitted, counted and reported.

A worker gets a :class:`Setup` once, when it starts, and then chunks: raw JSONL lines
(:class:`Lines`), or where they stand in a plain file (:class:`Span`), parsed here with the
JSONL reader's own code; or documents read by the run. For a streaming format it returns
the chunk's report as text with its input errors in place, and the counts (:class:`Checked`);
for other formats, each document's findings.
"""

from __future__ import annotations

import io
import pickle
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from newslint import collector
from newslint.document import Document
from newslint.engine import Linter
from newslint.finding import Finding
from newslint.fixer import fixable, without_refused_fixes
from newslint.gate import Gate, GateCounts
from newslint.loader import rule_from_data
from newslint.reporters import make_reporter
from newslint.reporters.base import Reporter
from newslint.sharing import Journal
from newslint.sources import IO_ERRORS, FieldMap, InputError, describe, read_records

Item = Document | InputError


@dataclass
class Counts:
    """What the summary and the exit code count: documents, and their admitted findings."""

    documents: int = 0
    findings: int = 0
    failing: int = 0
    fixable: int = 0
    #: findings only ``--unsafe-fixes`` would fix
    hidden: int = 0

    def add(self, other: Counts) -> None:
        """Add another process's counts to these."""
        self.documents += other.documents
        self.findings += other.findings
        self.failing += other.failing
        self.fixable += other.fixable
        self.hidden += other.hidden


class Checker:
    """What a run does with each document's findings: the gate admits them, they are
    counted, the reporter writes them. The run has one, and so does each worker process
    of a pool that writes the report (to a buffer the run copies out)."""

    def __init__(self, gate: Gate, reporter: Reporter, unsafe: bool) -> None:
        self.gate = gate
        self.reporter = reporter
        self.unsafe = unsafe
        self.counts = Counts()

    def record(self, document: Document, findings: list[Finding]) -> int:
        """Admit, count and report ``document``'s findings; how many were admitted."""
        findings = self.gate.admit(document, without_refused_fixes(document, findings, self.unsafe))
        counts = self.counts
        counts.documents += 1
        counts.findings += len(findings)
        for finding in findings:
            counts.failing += self.gate.fails(finding)
            if fixable(finding, self.unsafe):
                counts.fixable += 1
            elif finding.fix is not None:
                counts.hidden += 1
        self.reporter.document(document, findings)
        return len(findings)


@dataclass(frozen=True)
class Lines:
    """A run of raw lines of one JSONL source, parsed by the process that checks them."""

    display: str
    fields: FieldMap
    first_line: int
    first_record: int
    lines: list[bytes]

    def items(self) -> Iterator[Item]:
        """The documents and input errors of these lines, as the JSONL reader gives them."""
        return _items(self.lines, self.display, self.fields, self.first_line, self.first_record)


def _items(
    lines: Iterable[bytes], display: str, fields: FieldMap, first_line: int, first_record: int
) -> Iterator[Item]:
    records = read_records(lines, display, fields, first_line=first_line, first_record=first_record)
    for _, _, item in records:
        if item is not None:
            yield item


@dataclass(frozen=True)
class Span:
    """Whole lines of a plain JSONL file, by where they stand in it: the process that checks
    them reads them itself, so that what goes down the pipe to it is a few numbers rather
    than the corpus (which the run's process would read, copy and send, and the worker
    receive and copy again)."""

    display: str
    fields: FieldMap
    path: str
    offset: int
    size: int
    first_line: int
    first_record: int

    def items(self) -> Iterator[Item]:
        """The documents and input errors of these lines, as the JSONL reader gives them."""
        try:
            with open(self.path, "rb") as stream:
                stream.seek(self.offset)
                data = stream.read(self.size)
        except IO_ERRORS as exc:
            yield InputError(self.display, None, f"cannot read: {describe(exc)}")
            return
        if len(data) != self.size:  # cut short since the run found these lines
            message = "cannot read: the file changed while it was being checked"
            yield InputError(self.display, self.first_line, message)
            return
        # A binary stream gives the lines the file would: each up to and with its b"\n".
        lines = io.BytesIO(data)
        yield from _items(lines, self.display, self.fields, self.first_line, self.first_record)


#: what is checked at once: raw JSONL lines or where they are, or documents and errors read
Chunk = Lines | Span | list[Item]


def items_of(chunk: Chunk) -> Iterator[Item]:
    """The documents and input errors of ``chunk``, in order."""
    return iter(chunk) if isinstance(chunk, list) else chunk.items()


@dataclass
class Checked:
    """A chunk a worker checked and reported: its report's text with the input errors in
    their places, and the counts of its documents for the run and its gate."""

    parts: list[str | InputError]
    counts: Counts
    gate: GateCounts


@dataclass
class Setup:
    """What a worker process needs to check documents as this process does.

    ``report`` (a format's name and :meth:`Reporter.options`) and ``gate`` make it report
    and count (:class:`Checked`); without them it returns each document's findings.
    """

    #: the rules' data (:func:`newslint.loader.rule_data`), pickled and compressed: then it
    #: fits in a pipe's buffer, and starting a worker does not wait for the one before
    rules: bytes
    language: str
    timeout: float
    report: tuple[str, dict[str, object]] | None = None
    gate: Gate | None = None
    unsafe: bool = False
    #: the run's linter itself, for a forked worker (which has it without pickling)
    linter: Linter | None = None
    #: a directory where the workers share what they learn of tokens (:mod:`newslint.sharing`)
    journal: str | None = None
    #: how many workers share it
    workers: int = 1


@dataclass
class _Worker:
    linter: Linter
    checker: Checker | None = None
    buffer: io.StringIO = field(default_factory=io.StringIO)
    journal: Journal | None = None

    def gather(self) -> None:
        if self.journal is not None:
            self.journal.gather()

    def publish(self) -> None:
        if self.journal is not None:
            self.journal.publish()


_worker: _Worker | None = None


def start(setup: Setup) -> None:
    """Compile the rules and make the reporter: the pool's initializer, once per worker."""
    global _worker
    linter = setup.linter
    if linter is None:
        rules = [rule_from_data(data) for data in pickle.loads(zlib.decompress(setup.rules))]
        linter = Linter(rules, language=setup.language, timeout=setup.timeout)
    _worker = _Worker(linter)
    if setup.report is not None and setup.gate is not None:  # as Runner.reporting
        name, options = setup.report
        reporter = make_reporter(name, _worker.buffer, **options)
        setup.gate.take_counts()  # what the run counted before the pool started is its own
        _worker.checker = Checker(setup.gate, reporter, setup.unsafe)
    if setup.journal is not None:
        _worker.journal = Journal(setup.journal, setup.workers)
    collector.settle_worker()


def lint_chunk(chunk: Chunk) -> list[list[Finding]]:
    """The findings of each item of ``chunk`` (none for an input error), for the run to
    admit and report."""
    assert _worker is not None, "the worker was not started"
    lint = _worker.linter.lint
    _worker.gather()
    found = [[] if isinstance(item, InputError) else lint(item) for item in items_of(chunk)]
    _worker.publish()
    return found


def check_chunk(chunk: Chunk) -> Checked:
    """Check, admit, count and report ``chunk``: what one process would have written for
    it, with its input errors in place."""
    assert _worker is not None and _worker.checker is not None, "the worker was not started"
    checker, buffer, lint = _worker.checker, _worker.buffer, _worker.linter.lint
    checker.counts = Counts()
    parts: list[str | InputError] = []
    _worker.gather()
    for item in items_of(chunk):
        if isinstance(item, InputError):
            parts += [_drained(buffer), item]  # the error goes where one process prints it
        else:
            checker.record(item, lint(item))
    _worker.publish()
    parts.append(_drained(buffer))
    return Checked([p for p in parts if p], checker.counts, checker.gate.take_counts())


def _drained(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
