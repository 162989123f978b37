"""The local parallel runner: documents linted by a pool of processes, in input order.

The main process reads and parses the inputs (as a one-process run does) and sends the
documents, a chunk at a time, to ``jobs`` worker processes, each with the rules compiled
once; the findings come back in the order the documents were read, so the output is the
one a single process gives, byte for byte. Only a few chunks per worker are in flight at
any time, so memory stays flat however large the corpus.

Workers are started with ``spawn`` (safe on every platform, and with threads about) and
compile the rules from their data (:func:`newslint.loader.rule_data`), which costs about a
second: the pool is only worth it beyond a few hundred documents, and
:func:`lint_in_order` does not start one for fewer than ``min_documents``. The findings
do not depend on which process lints a document: the one state a linter keeps, the
concatenation rules' memory of tokens, gives the same candidates warm or cold.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from typing import Any

from newslint.document import Document
from newslint.engine import Linter
from newslint.finding import Finding
from newslint.loader import rule_data, rule_from_data
from newslint.sources import InputError

#: documents sent to a worker at once: enough to make the round trip cheap
CHUNK = 64
#: chunks in flight per worker: enough to keep it busy while the main process reads
IN_FLIGHT = 4

_worker_linter: Linter | None = None


def _start_worker(rules: list[dict[str, Any]], language: str, timeout: float) -> None:
    global _worker_linter
    compiled = [rule_from_data(data) for data in rules]
    _worker_linter = Linter(compiled, language=language, timeout=timeout)


def _lint_chunk(documents: list[Document]) -> list[list[Finding]]:
    assert _worker_linter is not None, "the worker was not started"
    return [_worker_linter.lint(d) for d in documents]


Item = Document | InputError


def lint_in_order(
    items: Iterable[Item], linter: Linter, jobs: int, *, min_documents: int = 500
) -> Iterator[tuple[Item, list[Finding]]]:
    """Each item with its findings (none for an input error), in the order of ``items``.

    With ``jobs`` above 1, the documents past the first ``min_documents`` are linted by a
    pool of ``jobs`` processes; the first ones, and all of a small input, in this process.
    """
    items = iter(items)
    for item in islice(items, min_documents if jobs > 1 else None):
        yield item, [] if isinstance(item, InputError) else linter.lint(item)
    if jobs <= 1:
        return
    first = next(items, None)
    if first is None:
        return
    context = multiprocessing.get_context("spawn")
    initargs = ([rule_data(r) for r in linter.rules], linter.language, linter.timeout)
    with ProcessPoolExecutor(jobs, context, _start_worker, initargs) as pool:
        yield from _pooled(pool, _chunks(first, items), jobs * IN_FLIGHT)


def _chunks(first: Item, items: Iterator[Item]) -> Iterator[list[Item]]:
    chunk = [first]
    for item in items:
        chunk.append(item)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _pooled(
    pool: ProcessPoolExecutor, chunks: Iterator[list[Item]], depth: int
) -> Iterator[tuple[Item, list[Finding]]]:
    pending: deque[tuple[list[Item], Future]] = deque()
    for chunk in chunks:
        documents = [item for item in chunk if isinstance(item, Document)]
        pending.append((chunk, pool.submit(_lint_chunk, documents)))
        if len(pending) >= depth:
            yield from _collect(*pending.popleft())
    while pending:
        yield from _collect(*pending.popleft())


def _collect(chunk: list[Item], future: Future) -> Iterator[tuple[Item, list[Finding]]]:
    results = iter(future.result())
    for item in chunk:
        yield item, [] if isinstance(item, InputError) else next(results)
