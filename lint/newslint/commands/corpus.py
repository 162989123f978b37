"""Check the consistency of a corpus across its records: the `corpus` rules (NL3xx).

Streams over the corpora (JSONL, plain, .gz or .zst; Parquet; text files; directories) as
`check` does and reports, in the same formats and with the same exit codes:
  NL301  records of one source whose date is in a minority format
  NL302  records of one source that name a metadata field in a minority way
  NL303  records whose id an earlier record already has (naming it)
  NL304  records whose url an earlier record had with another date or title (naming it)
A record's source is its --by field (domain by default, else the host of its url).
Findings are about whole records: start/end are 0 and line/column 1.

Memory grows with the corpus by 60 to 120 bytes a record, about 90 MB per million: an
8-byte digest of each id and of each url, with the record's place and 32-bit digests of
its date and title, in flat hash tables that double when two thirds full. Measured with
tracemalloc (benchmarks/corpus_memory.py) on generated records: 113 bytes a record for
200,000, 90 for 1,000,000 (peak RSS of the whole process 152 MB). The tallies of date
formats and field names grow with the number of sources and field names, not of records.
When a source mixes date formats or field names, the inputs are read a second time to
report the minority records (standard input is held in memory for it).

Nested metadata is read with dotted keys:
  newslint corpus --metadata-field date=fields.date --metadata-field title=fields.title x.jsonl
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import ExitStack

from newslint.commands.check import FORMATS
from newslint.commands.context import (
    ERRORS,
    UsageError,
    add_config_arguments,
    add_progress_argument,
    add_record_arguments,
    add_report_arguments,
    add_selection_arguments,
    add_source_argument,
    metadata_fields,
    open_report,
    report_error,
    resolve,
)
from newslint.document import Document
from newslint.finding import Severity
from newslint.kinds.corpus import Corpus, Records
from newslint.progress import Progress
from newslint.reporters import Reporter, Summary, make_reporter
from newslint.sources import FieldMap, InputError, Source, iter_sources

HELP = "check consistency across the records of a corpus (dates, field names, ids, urls)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="corpora: files, directories, -")
    add_source_argument(parser)
    add_report_arguments(parser, FORMATS)
    add_progress_argument(parser)
    add_record_arguments(
        parser,
        "read metadata NAME (date, url, title, the --by field) from KEY; "
        "a dotted KEY reads a nested object (fields.date)",
    )
    add_selection_arguments(parser)
    add_config_arguments(parser)


class Inputs:
    """The corpus's documents, as many times as the rules ask: the sources are listed once
    (standard input keeps what it read), input errors are reported on the first pass, and
    a progress line is drawn on a terminal."""

    def __init__(self, sources: list[Source | InputError], progress: bool | None) -> None:
        self.sources = sources
        self.progress = progress
        self.passes = 0
        self.documents = 0
        self.errors: list[str] = []

    def __call__(self) -> Iterator[Document]:
        self.passes += 1
        progress = Progress(enabled=self.progress, counted=None)
        try:
            for source in self.sources:
                items = [source] if isinstance(source, InputError) else source.documents()
                for item in items:
                    if isinstance(item, InputError):
                        self._error(str(item))
                        continue
                    progress.update()
                    if self.passes == 1:
                        self.documents += 1
                    yield item
        finally:
            progress.close()

    def _error(self, message: str) -> None:
        if self.passes == 1:
            self.errors.append(message)
            print(f"newslint: error: {message}", file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    try:
        context = resolve(args)
        cfg = context.config
        keys = {
            "title": cfg.fields.title,
            **cfg.fields.metadata,
            **metadata_fields(args.metadata_field),
        }
    except ERRORS as exc:
        return report_error(exc)
    rules = [rule for rule in context.rules if rule.kind == "corpus"]
    fields = FieldMap(text=args.text_field or cfg.fields.text, id=args.id_field or cfg.fields.id)
    sources = list(
        iter_sources(
            args.paths, fields=fields, exclude=cfg.exclude, stdin_filename=args.stdin_filename
        )
    )
    inputs = Inputs(sources, args.progress)
    corpus = Corpus(rules, Records(by=args.by, keys=keys))
    fail_on = Severity.parse(args.fail_on or cfg.fail_on)
    with ExitStack() as stack:
        try:
            stream = open_report(stack, args.output, sys.stdout, args.paths, cfg.exclude)
        except UsageError as exc:
            return report_error(exc)
        reporter = make_reporter(args.format, stream, rules=rules, show_source=False)
        failing = _report(corpus, inputs, reporter, fail_on)
    if corpus.unsourced and corpus.per_source:
        # Not an error, but a --by that names no field must not pass in silence.
        ids = ", ".join(rule.id for rule in corpus.per_source)
        print(
            f"newslint corpus: {corpus.unsourced:,} of {inputs.documents:,} documents have no "
            f"{args.by!r} (--by): {ids} could not compare them with their source's others",
            file=sys.stderr,
        )
    if inputs.errors:
        return 2
    return 1 if failing else 0


def _report(corpus: Corpus, inputs: Inputs, reporter: Reporter, fail_on: Severity) -> int:
    """Run the corpus rules and report their findings; return how many fail the run."""
    reporter.start()
    findings = failing = 0
    for document, found in corpus.run(inputs):
        reporter.document(document, found)
        findings += len(found)
        failing += sum(1 for finding in found if finding.severity >= fail_on)
    reporter.finish(
        Summary(documents=inputs.documents, findings=findings, errors=tuple(inputs.errors))
    )
    return failing
