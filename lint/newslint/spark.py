"""newslint on Apache Spark: findings of a DataFrame of records, as a DataFrame.

:func:`lint_dataframe` runs the rules on every row of a DataFrame through ``mapInArrow``:
each executor compiles the rules once (a compiled linter is kept per process and
configuration) and lints Arrow record batches with the same batch core as the CLI and the
local runner (:func:`newslint.lint_batch`), so Spark finds exactly what ``newslint check``
finds in the same records. The result has the columns of the JSON Lines findings contract
(``fix`` as its JSON text).

:func:`corpus_findings` runs the corpus-level checks as Spark aggregations: duplicate ids,
and urls that occur with different dates or titles.

From the command line (``spark-submit`` runs it the same way)::

    python -m newslint.spark corpus/*.jsonl.gz --output findings/ --format parquet

writes the findings (Parquet or JSON Lines) and prints a per-rule summary. PySpark is an
extra: ``pip install newslint[spark]``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from newslint.api import lint_batch, make_linter
from newslint.engine import Linter
from newslint.finding import Finding
from newslint.sources import FieldMap, InputError

if TYPE_CHECKING:  # imported only when Spark is used: it is an extra
    import pyarrow as pa
    from pyspark.sql import DataFrame, SparkSession

#: the findings contract (DESIGN.md) as a Spark schema; ``fix`` is the fix's JSON text
FINDINGS_SCHEMA = (
    "path string, record long, id string, rule string, name string, category string, "
    "severity string, message string, field string, line int, column int, end_line int, "
    "end_column int, start int, end int, fix string"
)


@dataclass(frozen=True)
class Settings:
    """What an executor needs to build the linter and read the rows (picklable, hashable)."""

    text_field: str = "text"
    id_field: str = "id"
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    rule_files: tuple[str, ...] = ()
    metadata: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    def fields(self) -> FieldMap:
        return FieldMap(text=self.text_field, id=self.id_field, metadata=dict(self.metadata))


@cache
def _linter(settings: Settings) -> Linter:
    """The compiled rules of ``settings``, once per executor process."""
    return make_linter(
        select=settings.select, ignore=settings.ignore, rule_files=settings.rule_files
    )


def finding_row(finding: Finding) -> dict[str, Any]:
    """A finding as a row of :data:`FINDINGS_SCHEMA`."""
    row = finding.to_dict()
    row["fix"] = None if finding.fix is None else json.dumps(row["fix"], ensure_ascii=False)
    return row


def _lint_batches(
    batches: Iterator[pa.RecordBatch], settings: Settings, path_column: str | None
) -> Iterator[pa.RecordBatch]:
    import pyarrow as pa

    schema = _arrow_schema()
    linter = _linter(settings)
    for batch in batches:
        rows = batch.to_pylist()
        paths = [row.pop(path_column, None) for row in rows] if path_column else None
        # A DataFrame has a column for every key of any record, null where a record has
        # none: null is taken as absent, as the record was before Spark read it.
        records = [{k: v for k, v in row.items() if v is not None} for row in rows]
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


@cache
def _arrow_schema() -> pa.Schema:
    import pyarrow as pa

    types = {"string": pa.string(), "long": pa.int64(), "int": pa.int32()}
    columns = [part.strip().split(" ") for part in FINDINGS_SCHEMA.split(",")]
    return pa.schema([(name, types[kind]) for name, kind in columns])


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
    settings = Settings(
        text_field=text_col,
        id_field=id_col,
        select=tuple(select) if select is not None else None,
        ignore=tuple(ignore),
        rule_files=tuple(os.path.abspath(p) for p in rule_files),
        metadata=tuple(sorted((metadata or {}).items())),
    )
    return df.mapInArrow(
        lambda batches: _lint_batches(batches, settings, path_col), FINDINGS_SCHEMA
    )


def corpus_findings(df: DataFrame, id_col: str = "id", url_col: str = "url") -> DataFrame:
    """Records whose id another record has, and urls found with several dates or titles, as
    Spark aggregations: columns ``check``, ``key``, ``count``, ``values``."""
    from pyspark.sql import functions as F

    findings = []
    if id_col in df.columns:
        findings.append(
            df.groupBy(F.col(id_col).cast("string").alias("key"))
            .agg(F.count("*").alias("count"))
            .where(F.col("count") > 1)
            .select(
                F.lit("duplicate-id").alias("check"),
                "key",
                "count",
                F.lit(None).cast("array<string>").alias("values"),
            )
        )
    if url_col in df.columns:
        for column in ("date", "title"):
            if column not in df.columns:
                continue
            findings.append(
                df.where(F.col(url_col).isNotNull())
                .groupBy(F.lower(F.col(url_col)).alias("key"))
                .agg(
                    F.count("*").alias("count"),
                    F.collect_set(F.col(column).cast("string")).alias("values"),
                )
                .where(F.size("values") > 1)
                .select(F.lit(f"url-{column}-conflict").alias("check"), "key", "count", "values")
            )
    result = findings[0]
    for more in findings[1:]:
        result = result.unionByName(more)
    return result


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
    args = parser.parse_args(argv)

    from pyspark.sql import SparkSession

    running = SparkSession.getActiveSession()  # under spark-submit, or a caller's session
    spark = running or SparkSession.builder.appName("newslint").getOrCreate()
    df = read_corpus(spark, args.paths)
    findings = lint_dataframe(
        df,
        args.text_field,
        args.id_field,
        path_col="_path",
        select=args.select.split(",") if args.select else None,
        ignore=[s for s in args.ignore.split(",") if s],
        rule_files=args.rules,
    ).cache()
    findings.write.mode("overwrite").format(args.format).save(args.output)
    summary = findings.groupBy("rule", "name", "category", "severity").count().orderBy("rule")
    for row in summary.collect():
        print(f"{row['rule']}  {row['name']:<32} {row['category']:<14} {row['count']:>10,}")
    total = findings.count()
    print(f"{total:,} findings in {df.count():,} records; written to {args.output}")
    if running is None:
        spark.stop()
    return 1 if total else 0


if __name__ == "__main__":
    sys.exit(main())
