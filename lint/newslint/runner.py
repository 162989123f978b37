"""The local parallel runner: documents checked by a pool of processes, reported in input order.

On two cores, a main process that reads, parses and reports every record competes with
the workers for the CPU; so the main process here does almost nothing per record. It finds
the ends of a JSONL file's lines and sends where they are, a chunk at a time, to ``jobs``
worker processes, which read those lines themselves (where the file is compressed or a
pipe, it sends the lines); each worker parses its lines with the JSONL reader's own code
(:func:`newslint.sources.read_records`, so that line numbers, record numbers and input
errors are those of one process), lints them, lets a copy of the run's gate admit the
findings, and writes the report of a streaming format (``text``, ``jsonl``, ``github``) to
a buffer. What comes back is that text, the input errors in their places and the counts the
summary and the gate need; the main process writes the text in input order, so the output
is the one a single process gives, byte for byte. Other inputs (text files, Parquet) are
sent as documents, and formats that keep everything for the end (``json``, ``sarif``,
``junit``, ``--statistics``) get each document's findings back, reported in this process.

Only a few chunks per worker are in flight, so memory stays flat however large the corpus.
On Linux workers are forked (:func:`start_method`): each starts as a copy of this process,
its rules compiled, word lists loaded and memory of tokens as warm as this process made it.
Elsewhere they are started with ``spawn`` and compile the rules from their data
(:func:`newslint.loader.rule_data`), about a second of CPU each. So a run checks in this
process until the pool is worth starting: at once for a file of at least ``BIG_FILE``
bytes, else once this process has spent ``min_seconds`` checking ``min_documents``
documents or more (a small input never waits for a pool); the pool then serves every later
file of the run. The findings do not depend on
which process lints a document: the one state a linter keeps, the concatenation rules'
memory of tokens, gives the same candidates warm or cold. So the workers share it
(:mod:`newslint.sharing`, through files in a directory the run makes and removes): a token
one worker analysed, the others take instead of analysing it again. Left per worker: the
word lists of languages met after the pool started, and RE2's compiled states.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import shutil
import stat
import sys
import tempfile
import time
import zlib
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

from newslint import worker
from newslint.document import Document
from newslint.engine import Linter
from newslint.finding import Finding
from newslint.gate import Gate
from newslint.loader import rule_data
from newslint.sources import IO_ERRORS, InputError, Source, describe
from newslint.worker import Checked, Chunk, Item, Lines, Setup, Span, items_of

#: lines (or documents) sent to a worker at once: enough to make the round trip cheap
#: (measured on 144 MB of news JSONL: the main process's CPU is 0.3 s less than with 64)
CHUNK = 128
#: ...and at most this many bytes of lines, so that a chunk of huge records stays small
CHUNK_BYTES = 1 << 20
#: chunks in flight per worker: enough to keep it busy while the main process reads
IN_FLIGHT = 4
#: documents checked in this process before a pool starts (its start-up costs ~1 s)...
MIN_DOCUMENTS = 500
#: ...and seconds spent checking them: 500 short records take a quarter of a second, and
#: an input that small is done before the workers are ready
MIN_SECONDS = 1.0
#: a file this large (as stored) starts the pool at once: 8 MB of plain JSONL news is
#: ~3,000 records, over a second of work for one process; smaller ones wait for MIN_SECONDS
BIG_FILE = 8 << 20

#: what a run gets back, in input order: an input error; a document and its findings
#: (checked here, or by a worker that does not report); a chunk a worker checked and reported
Result = InputError | tuple[Document, list[Finding]] | Checked


class Runner:
    """Checks a run's inputs in this process or, once it is worth it, a pool of ``jobs``.

    With ``report`` (a streaming format's name and options), ``gate`` and ``unsafe``, the
    workers report and count too; use it as a context manager, so that the pool stops.
    ``min_documents``, ``min_seconds`` and ``big_file`` default to :data:`MIN_DOCUMENTS`,
    :data:`MIN_SECONDS` and :data:`BIG_FILE`.
    """

    def __init__(
        self,
        linter: Linter,
        jobs: int,
        *,
        report: tuple[str, dict[str, object]] | None = None,
        gate: Gate | None = None,
        unsafe: bool = False,
        min_documents: int | None = None,
        min_seconds: float | None = None,
        big_file: int | None = None,
    ) -> None:
        self.linter = linter
        self.jobs = jobs
        self.report = report
        self.gate = gate
        self.unsafe = unsafe
        # Read here, not as defaults: tests lower the module's thresholds.
        self.min_documents = MIN_DOCUMENTS if min_documents is None else min_documents
        self.min_seconds = MIN_SECONDS if min_seconds is None else min_seconds
        self.big_file = BIG_FILE if big_file is None else big_file
        # Workers report only with a gate to admit findings with: else findings come back.
        self.reporting = report is not None and gate is not None
        self.checked_here = 0
        self.seconds_here = 0.0
        self._pool: ProcessPoolExecutor | None = None
        #: the directory where the workers share what they learn (:mod:`newslint.sharing`)
        self._journal: str | None = None
        self._wanted = False

    def __enter__(self) -> Runner:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def pooled(self) -> bool:
        """Whether the pool has been started."""
        return self._pool is not None

    def close(self) -> None:
        """Stop the pool, if one was started."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None
        if self._journal is not None:
            shutil.rmtree(self._journal, ignore_errors=True)
            self._journal = None

    def check(self, sources: Iterable[Source | InputError]) -> Iterator[Result]:
        """The results of every source, in order (see :data:`Result`)."""
        return self._run(self._chunks(sources))

    def _chunks(self, sources: Iterable[Source | InputError]) -> Iterator[Chunk]:
        """Raw lines for each JSONL source (when workers report), documents and errors read
        here for everything else, gathered across sources into chunks."""
        pending: list[Item] = []
        for source in sources:
            if isinstance(source, InputError):
                pending.append(source)
                continue
            if self.jobs > 1 and source.path is not None and source.format != "text":
                with contextlib.suppress(OSError):  # reading it will say why
                    self._wanted |= source.path.stat().st_size >= self.big_file
            if self.reporting and source.format == "jsonl":
                if pending:
                    yield pending
                    pending = []
                # Where a pool may check them, a plain file's lines go by where they are.
                spans = self.jobs > 1 and _plain_file(source)
                yield from _span_chunks(source) if spans else _line_chunks(source)
                continue
            for item in source.documents():
                pending.append(item)
                if len(pending) == CHUNK:
                    yield pending
                    pending = []
        if pending:
            yield pending

    def _start(self) -> None:
        method = start_method()
        if method == "fork":
            # A forked worker has this process's linter as it is: compiled, its word lists
            # loaded and its memory of tokens as warm as this process made it. A big file
            # starts the pool before anything was checked here: one short text loads the
            # word lists here once, not in every worker.
            self.linter.lint(Document(WARM_UP))
            rules, linter = b"", self.linter
        else:
            # Compressed, the built-in rules' data fits in a pipe's buffer (30 KB, not 92 KB),
            # so starting a worker does not wait until the one before has imported newslint
            # and read it: the workers start side by side.
            rules = zlib.compress(pickle.dumps([rule_data(r) for r in self.linter.rules]))
            linter = None
        try:
            self._journal = tempfile.mkdtemp(prefix="newslint-")
        except OSError:
            self._journal = None  # nowhere to write: the workers go on without sharing
        setup = Setup(
            rules,
            self.linter.language,
            self.linter.timeout,
            self.report,
            self.gate,
            self.unsafe,
            linter,
            self._journal,
            self.jobs,
        )
        context = multiprocessing.get_context(method)
        self._pool = ProcessPoolExecutor(self.jobs, context, worker.start, (setup,))

    def _run(self, chunks: Iterator[Chunk]) -> Iterator[Result]:
        depth = self.jobs * IN_FLIGHT
        pending: deque[tuple[Chunk, Future]] = deque()
        for chunk in chunks:
            worth_it = self._wanted or (
                self.checked_here >= self.min_documents and self.seconds_here >= self.min_seconds
            )
            if self._pool is None and self.jobs > 1 and worth_it:
                self._start()
            if self._pool is None:
                yield from self._here(chunk)
                continue
            work = worker.check_chunk if self.reporting else worker.lint_chunk
            pending.append((chunk, self._pool.submit(work, chunk)))
            if len(pending) >= depth:
                yield from _collected(*pending.popleft())
        while pending:
            yield from _collected(*pending.popleft())

    def _here(self, chunk: Chunk) -> Iterator[Result]:
        for item in items_of(chunk):
            if isinstance(item, InputError):
                yield item
            else:
                self.checked_here += 1
                start = time.perf_counter()
                findings = self.linter.lint(item)
                self.seconds_here += time.perf_counter() - start
                yield item, findings


def _collected(chunk: Chunk, future: Future) -> Iterator[Result]:
    result = future.result()
    if isinstance(result, Checked):
        yield result
        return
    for item, findings in zip(items_of(chunk), result, strict=True):
        yield item if isinstance(item, InputError) else (item, findings)


def _line_chunks(source: Source) -> Iterator[Chunk]:
    """A JSONL source's raw lines in chunks; an error that stops reading, in its place."""
    display = source.display
    try:
        stream = source.open()
    except IO_ERRORS as exc:
        yield [InputError(display, None, f"cannot read: {describe(exc)}")]
        return
    lines: list[bytes] = []
    first_line, first_record, size, records = 1, 0, 0, 0
    with stream:
        try:
            for raw in stream:
                lines.append(raw)
                size += len(raw)
                # read_records's test for a blank line (raw.strip()), without copying the line
                if raw and not raw.isspace():
                    records += 1
                if len(lines) == CHUNK or size >= CHUNK_BYTES:
                    yield Lines(display, source.fields, first_line, first_record, lines)
                    first_line += len(lines)
                    first_record = records
                    lines, size = [], 0
        except IO_ERRORS as exc:
            if lines:
                yield Lines(display, source.fields, first_line, first_record, lines)
                lines = []
            yield [InputError(display, None, f"cannot read: {describe(exc)}")]
    if lines:
        yield Lines(display, source.fields, first_line, first_record, lines)


def _plain_file(source: Source) -> bool:
    """Whether ``source`` is an uncompressed regular file, which a worker can read a part of
    (not a pipe, such as ``<(zcat …)``, whose bytes are gone once read)."""
    if source.compression is not None or source.path is None:
        return False
    try:
        return stat.S_ISREG(source.path.stat().st_mode)
    except OSError:
        return False  # reading it will say why


#: the bytes ``bytes.strip`` takes away: a line of nothing else is blank, not a record
_WHITESPACE = frozenset(b" \t\n\r\x0b\x0c")


def _span_chunks(source: Source) -> Iterator[Chunk]:
    """A plain JSONL file's lines in chunks, by where they stand (:class:`Span`), the same
    lines as :func:`_line_chunks` gives: this process only looks for the ends of lines.
    An error that stops reading, in its place."""
    display = source.display
    assert source.path is not None
    path = str(source.path)
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed by the with below
    except IO_ERRORS as exc:
        yield [InputError(display, None, f"cannot read: {describe(exc)}")]
        return
    data = bytearray()  # the file from ``base`` on, as far as it has been read
    base = start = end = scanned = lines = blank = 0  # start, end, scanned: places in data
    first_line, first_record = 1, 0

    def span() -> Span:
        return Span(
            display, source.fields, path, base + start, end - start, first_line, first_record
        )

    with stream:
        try:
            while True:
                # The chunk's lines: up to CHUNK of them, or until CHUNK_BYTES are reached.
                while lines < CHUNK and end - start < CHUNK_BYTES:
                    newline = data.find(b"\n", max(end, scanned))
                    if newline < 0:
                        scanned = len(data)
                        break
                    # Blank as read_records sees it (a record starts with "{" or "[").
                    if data[end] in _WHITESPACE and not data[end:newline].strip():
                        blank += 1
                    end, lines = newline + 1, lines + 1
                else:
                    yield span()
                    first_line, first_record = first_line + lines, first_record + lines - blank
                    start, lines, blank = end, 0, 0
                    continue
                more = stream.read(CHUNK_BYTES)
                if not more:
                    break
                if start:  # what was sent goes: data keeps a part line and what follows
                    del data[:start]
                    base, end, scanned, start = base + start, end - start, scanned - start, 0
                data += more
        except IO_ERRORS as exc:
            if lines:
                yield span()
            yield [InputError(display, None, f"cannot read: {describe(exc)}")]
            return
    if end < len(data):  # the last line, with no newline
        end, lines = len(data), lines + 1
    if lines:
        yield span()


#: checked before workers are forked, so that they share what checking it loads
WARM_UP = "Word lists are loaded once, before the workers start."


def start_method() -> str:
    """How workers start: forked on Linux, where a fork is a copy of this process (nothing to
    import or compile again, and no thread of newslint's running to copy in a bad state:
    ProcessPoolExecutor forks all its workers before it starts its own thread);
    ``spawn`` elsewhere (macOS, where fork is unsafe, and Windows, which has none), or
    where ``NEWSLINT_START_METHOD`` says so."""
    chosen = os.environ.get("NEWSLINT_START_METHOD")
    if chosen in multiprocessing.get_all_start_methods():
        return chosen
    return "fork" if sys.platform == "linux" else "spawn"


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1
