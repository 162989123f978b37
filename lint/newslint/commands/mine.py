"""Find lines that repeat across many documents of one source, and write them as rules.

Reads the corpora (JSONL, plain, .gz or .zst; Parquet; text files; directories) as `check`
does, groups the documents by a metadata field (`--by domain`: the record's `domain`, else
the host of its `url`) and counts in how many documents of each source each line occurs.
Lines in at least --min-docs documents and at least --min-share of their source's documents
become a YAML rule pack (one rule per source, counts in comments) that `newslint check
--rules FILE` runs like any other rules. Review it first: the fixes are unsafe until you do.

Streams: memory holds --capacity line counters (about 300 bytes each, 60 MB by default),
however large the corpus; see newslint.miner for the guarantee.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from newslint.commands.context import (
    ERRORS,
    UsageError,
    add_config_arguments,
    add_progress_argument,
    add_record_arguments,
    add_source_argument,
    field_map,
    load_config,
    report_error,
)
from newslint.document import document_source
from newslint.miner import BYTES_PER_COUNTER, LineCounter, rule_pack
from newslint.progress import Progress
from newslint.rule import RULE_ID
from newslint.sources import FieldMap, InputError, iter_sources

HELP = "write rules for lines that repeat across documents of one source"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH", help="corpora to mine")
    add_source_argument(parser)
    parser.add_argument(
        "--min-docs",
        type=int,
        default=5,
        metavar="N",
        help="a line must occur in at least N documents of its source (default 5)",
    )
    parser.add_argument(
        "--min-share",
        type=float,
        default=0.02,
        metavar="F",
        help="... and in at least this share of them (default 0.02)",
    )
    parser.add_argument(
        "--capacity",
        type=int,
        default=200_000,
        metavar="N",
        help="line counters kept in memory (default 200,000, about "
        f"{200_000 * BYTES_PER_COUNTER // 10**6} MB)",
    )
    parser.add_argument(
        "--max-lines", type=int, default=200, metavar="N", help="lines per source rule (200)"
    )
    parser.add_argument(
        "--id-prefix", default="NLM", help="rule ids are this prefix and a number (NLM001)"
    )
    add_record_arguments(parser, "read metadata NAME (domain, source…, the --by field) from KEY")
    add_progress_argument(parser)
    add_config_arguments(parser, rules=False)
    parser.add_argument(
        "-o", "--output", metavar="FILE", help="write the rule pack here (default: stdout)"
    )


def run(args: argparse.Namespace) -> int:
    try:
        return _mine(args)
    except ERRORS as exc:
        return report_error(exc)


def _mine(args: argparse.Namespace) -> int:
    if min(args.min_docs, args.capacity, args.max_lines) < 1 or not 0 <= args.min_share <= 1:
        raise UsageError(
            "--min-docs, --capacity and --max-lines must be positive, --min-share in [0, 1]"
        )
    if not _valid_prefix(args.id_prefix):
        raise UsageError(f"--id-prefix {args.id_prefix!r}: one to four capital letters")
    counter = LineCounter(capacity=args.capacity)
    # The configuration's keys, as `check` reads them: a mined rule's `when` names the
    # source by the metadata name `check` gives it.
    fields = field_map(args, load_config(args).config.fields)
    progress = Progress(enabled=False if args.progress is False else None, counted=None)
    try:
        failed, unsourced = _count(args, counter, fields, progress)
    finally:
        progress.close()
    repeated = counter.repeated(args.min_docs, args.min_share)
    pack = rule_pack(
        repeated,
        counter.documents,
        by=args.by,
        id_prefix=args.id_prefix,
        max_lines=args.max_lines,
    )
    if args.output:
        try:
            Path(args.output).write_text(pack, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot write {args.output}: {exc.strerror}") from None
    else:
        sys.stdout.write(pack)
    sources = len({r.source for r in repeated})
    print(
        f"newslint mine: {sum(counter.documents.values()):,} documents from "
        f"{len(counter.documents):,} sources; {len(repeated):,} repeated lines in "
        f"{sources:,} rules"
        + (f"; {unsourced:,} documents without {args.by!r} skipped" if unsourced else "")
        + (f"; counts may be low by up to {counter.error:,}" if counter.error else ""),
        file=sys.stderr,
    )
    return 2 if failed else 0


def _count(
    args: argparse.Namespace, counter: LineCounter, fields: FieldMap, progress: Progress
) -> tuple[int, int]:
    """Count the lines of every document; return the inputs that failed and the documents
    without a source."""
    failed = unsourced = 0
    for source in iter_sources(args.paths, fields=fields, stdin_filename=args.stdin_filename):
        if isinstance(source, InputError):
            print(f"newslint: {source}", file=sys.stderr)
            failed += 1
            continue
        for document in source.documents():
            if isinstance(document, InputError):
                print(f"newslint: {document}", file=sys.stderr)
                failed += 1
                continue
            progress.update()
            name = document_source(document, args.by)
            if not name or not name.strip():  # none, or "": no rule could be limited to it
                unsourced += 1
                continue
            counter.add(name, document.text)
    return failed, unsourced


def _valid_prefix(prefix: str) -> bool:
    return re.fullmatch(RULE_ID, f"{prefix}001") is not None
