"""newslint on Apache Spark: findings of a DataFrame of records, as a DataFrame.

:func:`lint_dataframe` runs the rules on every row of a DataFrame through ``mapInArrow``:
each executor compiles the rules once (a compiled linter is kept per process and
configuration) and lints Arrow record batches with the same batch core as the CLI and the
local runner (:func:`newslint.lint_batch`), so Spark finds exactly what ``newslint check``
finds in the same records. The result has the columns of the JSON Lines findings contract
(``fix`` as its JSON text).

:mod:`newslint.spark.corpus` runs the corpus passes as Spark aggregations:
:func:`corpus_findings` (duplicate ids, urls with different dates or titles),
:func:`majority_findings` (records whose date format or field names differ from most of
their source's: the ``date-formats`` and ``field-spellings`` rules of ``newslint corpus``)
and :func:`mined_rules` (the rule pack of ``newslint mine``).

From the command line (``spark-submit`` runs it the same way)::

    python -m newslint.spark corpus/*.jsonl.gz --output findings/ --format parquet

writes the findings (Parquet or JSON Lines) and prints a per-rule summary; ``--corpus`` adds
the corpus checks, ``--mine FILE`` writes a mined rule pack. PySpark is an extra:
``pip install newslint[spark]``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from newslint.api import lint_batch
from newslint.sources import InputError
from newslint.spark.batch import (
    FINDINGS_SCHEMA,
    Settings,
    arrow_schema,
    batch_records,
    finding_row,
    linter_of,
)
from newslint.spark.corpus import corpus_findings, majority_findings, mined_rules, repeated_lines

if TYPE_CHECKING:  # imported only when Spark is used: it is an extra
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

__all__ = [
    "FINDINGS_SCHEMA",
    "corpus_findings",
    "finding_row",
    "lint_dataframe",
    "main",
    "majority_findings",
    "mined_rules",
    "read_corpus",
    "repeated_lines",
]


def _lint_batches(
    batches: Iterator[pa.RecordBatch], settings: Settings, path_column: str | None
) -> Iterator[pa.RecordBatch]:
    import pyarrow as pa

    schema = arrow_schema()
    linter = linter_of(settings)
    for batch in batches:
        records, paths = batch_records(batch, path_column)
        out = []
        unreadable: list[InputError] = []  # a row without text has nothing to check
        for finding in lint_batch(
            records, linter=linter, fields=settings.fields(), errors=unreadable
        ):
            row = finding_row(finding)
            row["path"] = paths[finding.record] if paths else None
            row["record"] = None
            out.append(row)
        yield pa.RecordBatch.from_pylist(out, schema=schema)


def lint_dataframe(
    df: DataFrame,
    text_col: str = "text",
    id_col: str = "id",
    *,
    path_col: str | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    rule_files: Sequence[str] = (),
    metadata: dict[str, str] | None = None,
) -> DataFrame:
    """The findings of every row of ``df`` as a DataFrame in the findings contract's columns.

    Every column but ``text_col`` is the row's metadata (``metadata`` maps canonical names to
    columns, as ``--metadata-field`` does); ``id_col`` is the record id. ``path_col`` names a
    column holding each row's file (from ``input_file_name()``, say); ``record`` is null,
    since a DataFrame has no line numbers. ``select``, ``ignore`` and ``rule_files`` choose
    the rules as the CLI's options do.
    """
    settings = Settings.of(text_col, id_col, select, ignore, rule_files, metadata)
    return df.mapInArrow(
        lambda batches: _lint_batches(batches, settings, path_col), FINDINGS_SCHEMA
    )


def read_corpus(spark: SparkSession, paths: Sequence[str]) -> DataFrame:
    """JSONL (plain or compressed) and Parquet files as one DataFrame, each row with the
    file it came from in ``_path``."""
    from pyspark.sql import functions as F

    parquet = [p for p in paths if p.endswith(".parquet")]
    jsonl = [p for p in paths if not p.endswith(".parquet")]
    frames = []
    if jsonl:
        frames.append(spark.read.json(jsonl))
    if parquet:
        frames.append(spark.read.parquet(*parquet))
    df = frames[0]
    for more in frames[1:]:
        df = df.unionByName(more, allowMissingColumns=True)
    return df.withColumn("_path", F.input_file_name())


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m newslint.spark``: findings of files, written by Spark, and a summary; the
    exit code is 1 when anything was found, as ``newslint check``'s."""
    parser = argparse.ArgumentParser(
        prog="python -m newslint.spark", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("paths", nargs="+", help="JSONL (.jsonl, .jsonl.gz) or Parquet files")
    parser.add_argument("--output", required=True, help="directory for the findings")
    parser.add_argument("--format", choices=["parquet", "json"], default="parquet")
    parser.add_argument("--text-field", default="text")
    parser.add_argument("--id-field", default="id")
    parser.add_argument("--select", help="comma-separated rule ids, prefixes or categories")
    parser.add_argument("--ignore", default="")
    parser.add_argument("--rules", action="append", default=[], help="extra rule files")
    corpus = parser.add_argument_group("corpus passes")
    corpus.add_argument(
        "--corpus",
        action="store_true",
        help="also run the corpus checks: date formats and field names that differ from "
        "most of a source's records (their findings join the others), duplicate ids and "
        "urls with several dates or titles (counted in the summary)",
    )
    corpus.add_argument(
        "--by", default="domain", metavar="FIELD", help="what names a record's source (domain)"
    )
    corpus.add_argument(
        "--mine",
        metavar="FILE",
        help="also write the rule pack `newslint mine` would for these files",
    )
    corpus.add_argument(
        "--min-docs",
        type=int,
        default=5,
        metavar="N",
        help="for --mine: a line in N documents of its source (5)",
    )
    corpus.add_argument(
        "--min-share",
        type=float,
        default=0.02,
        metavar="F",
        help="for --mine: and this share (0.02)",
    )
    args = parser.parse_args(argv)
    select = args.select.split(",") if args.select else None
    ignore = [s for s in args.ignore.split(",") if s]

    from pyspark.sql import SparkSession

    running = SparkSession.getActiveSession()  # under spark-submit, or a caller's session
    spark = running or SparkSession.builder.appName("newslint").getOrCreate()
    df = read_corpus(spark, args.paths)
    findings = lint_dataframe(
        df,
        args.text_field,
        args.id_field,
        path_col="_path",
        select=select,
        ignore=ignore,
        rule_files=args.rules,
    )
    groups = None
    if args.corpus:
        more = majority_findings(
            df,
            args.text_field,
            args.id_field,
            by=args.by,
            path_col="_path",
            select=select,
            ignore=ignore,
            rule_files=args.rules,
        )
        if more is not None:
            findings = findings.unionByName(more)
        groups = corpus_findings(df, args.id_field).groupBy("check").count().collect()
    findings = findings.cache()
    findings.write.mode("overwrite").format(args.format).save(args.output)
    summary = findings.groupBy("rule", "name", "category", "severity").count().orderBy("rule")
    for row in summary.collect():
        print(f"{row['rule']}  {row['name']:<32} {row['category']:<14} {row['count']:>10,}")
    for row in sorted(groups or [], key=lambda r: r["check"]):
        print(f"{row['check']}: {row['count']:,} groups")
    if args.mine:
        pack = mined_rules(
            df,
            args.text_field,
            by=args.by,
            min_documents=args.min_docs,
            min_share=args.min_share,
        )
        Path(args.mine).write_text(pack, encoding="utf-8")
        print(f"mined rules written to {args.mine}")
    total = findings.count()
    print(f"{total:,} findings in {df.count():,} records; written to {args.output}")
    if running is None:
        spark.stop()
    return 1 if total else 0


if __name__ == "__main__":  # spark-submit runs this file as a script
    sys.exit(main())
