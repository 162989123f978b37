"""The library API: lint or fix one text from Python, e.g. inside a scraping pipeline."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from newslint.document import Document
from newslint.engine import DEFAULT_LANGUAGE, Linter
from newslint.finding import Finding
from newslint.fixer import MAX_ITERATIONS, FixResult, fix_document, without_refused_fixes
from newslint.loader import builtin_rules, load_rules
from newslint.selection import Selection
from newslint.sources import FieldMap, InputError, record_document
from newslint.timeout import DEFAULT_TIMEOUT


def make_linter(
    *,
    select: Sequence[str] | None = None,
    extend_select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    rule_files: Iterable[str | Path] = (),
    builtin: bool = True,
    language: str = DEFAULT_LANGUAGE,
    timeout: float = DEFAULT_TIMEOUT,
) -> Linter:
    """A compiled :class:`Linter`: built-in rules (unless ``builtin=False``) plus
    ``rule_files``, narrowed by ``select``/``extend_select``/``ignore`` (rule ids, id
    prefixes, names or categories). Build it once and reuse it: compiling is the slow part.

    ``timeout``: seconds one document may take (0: no limit); a document cut short gets
    an NL000 finding besides what was found in time.
    """
    base = builtin_rules() if builtin else ()
    rules = [*base, *load_rules(rule_files, taken=base)]
    selection = Selection(
        select=tuple(select) if select is not None else ("ALL",),
        extend_select=tuple(extend_select),
        ignore=tuple(ignore),
    )
    return Linter(selection.apply(rules), language=language, timeout=timeout)


@cache
def default_linter() -> Linter:
    """The built-in rules, all selected, compiled once per process."""
    return make_linter()


def _document(text: str, metadata: Mapping[str, Any] | None, id: str | None) -> Document:
    return Document(text=text, metadata=dict(metadata or {}), id=id)


def lint_text(
    text: str,
    metadata: Mapping[str, Any] | None = None,
    *,
    linter: Linter | None = None,
    id: str | None = None,
) -> list[Finding]:
    """Findings in ``text`` (and its ``metadata``), in text order.

    ``linter`` defaults to every built-in rule; pass one from :func:`make_linter` to choose
    rules. Positions are code-point offsets into ``text`` plus 1-based line and column.
    """
    return (linter or default_linter()).lint(_document(text, metadata, id))


def lint_batch(
    records: Iterable[Any],
    *,
    linter: Linter | None = None,
    fields: FieldMap | None = None,
    path: str | None = None,
    first_record: int = 0,
    errors: list[InputError] | None = None,
) -> list[Finding]:
    """The findings of a batch of records (dicts, as JSON Lines give them), in record order.

    The core for batches of records from anywhere (a process pool's chunk, an Arrow record
    batch on Spark): each record becomes a document exactly as a line of a JSONL file does
    (``fields`` says which keys hold the text, id, title and metadata; by default
    ``text``, ``id`` and ``title``), so the findings are those ``newslint check`` reports
    for the same records in a JSONL file.
    ``record`` counts from ``first_record`` (the batch's place in its corpus); ``path``
    becomes each finding's path. A record that is not an object or has no text is skipped
    and appended to ``errors``; without an ``errors`` list it raises ValueError.
    """
    linter = linter or default_linter()
    fields = fields or FieldMap()
    renames = fields.renames()
    findings: list[Finding] = []
    for index, record in enumerate(records, first_record):
        document = record_document(record, fields, renames, path, None, index)
        if isinstance(document, InputError):
            if errors is None:
                raise ValueError(str(document))
            errors.append(document)
            continue
        # As `newslint check` reports them: without a fix --fix would refuse.
        findings.extend(without_refused_fixes(document, linter.lint(document)))
    return findings


def fix_text(
    text: str,
    metadata: Mapping[str, Any] | None = None,
    *,
    linter: Linter | None = None,
    unsafe: bool = False,
    max_iterations: int = MAX_ITERATIONS,
    id: str | None = None,
) -> FixResult:
    """Apply the safe fixes (and the unsafe ones with ``unsafe=True``) to a fixed point.

    Returns a :class:`~newslint.fixer.FixResult`: ``.text`` is the fixed text,
    ``.metadata`` the fixed metadata (``metadata`` itself is not changed), ``.applied`` the
    findings that were fixed, ``.remaining`` what is left.
    """
    return fix_document(
        linter or default_linter(),
        _document(text, metadata, id),
        unsafe=unsafe,
        max_iterations=max_iterations,
    )
