"""The corpus passes on Spark: checks across records, and mining repeated lines.

What ``newslint corpus`` and ``newslint mine`` do in one streaming process, done here as
Spark aggregations, with the same code deciding what each record contributes:

- :func:`corpus_findings`: duplicate ids, and urls found with several dates or titles, as
  groups (columns ``check``, ``key``, ``count``, ``values``);
- :func:`majority_findings`: the records whose date format or field names differ from most
  records of their source (rules of checks ``date-formats`` and ``field-spellings``), as
  findings in the contract's columns, as ``newslint corpus`` reports them. Each executor
  tallies its records with the rules' own checks, Spark adds the tallies up, and a second
  pass reports the records that write a thing otherwise than most, only where a source
  mixes;
- :func:`repeated_lines` / :func:`mined_rules`: the lines that recur across documents of a
  source, counted exactly (no bounded counters are needed on Spark) and written as the
  rule pack ``newslint mine`` writes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from newslint.document import Document, document_source
from newslint.kinds.corpus import CHECKS, MajorityCheck, Records, Rule
from newslint.miner import RepeatedLine, by_frequency, countable_lines, rule_pack
from newslint.sources import InputError, record_document
from newslint.spark.batch import (
    FINDINGS_SCHEMA,
    Settings,
    batch_records,
    contract_batches,
    finding_row,
    linter_of,
)

if TYPE_CHECKING:
    import pyarrow as pa
    from pyspark.sql import DataFrame

#: what an executor's tally of a majority check says: records per way of writing a thing,
#: and the first of them in the DataFrame's order (ties go to the way seen first)
TALLY_SCHEMA = "rule string, source string, thing string, way string, count long, first long"
LINES_SCHEMA = "source string, line string"
#: the column that numbers the rows, in the DataFrame's order
_POSITION = "_newslint_position"
_TALLY_KEY = ("rule", "source", "thing", "way")


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


def _documents(
    batches: Iterator[pa.RecordBatch], settings: Settings, path_column: str | None
) -> Iterator[tuple[Document, Any, int]]:
    """Each readable row as a document (as the JSONL reader makes it), with its file and
    its place in the DataFrame's order."""
    fields = settings.fields()
    renames = fields.renames()
    for batch in batches:
        records, paths = batch_records(batch, path_column, nested=True)
        for k, record in enumerate(records):
            position = record.pop(_POSITION, 0)
            document = record_document(record, fields, renames, None, None, 0)
            if not isinstance(document, InputError):
                yield document, paths[k] if paths else None, position


def _majority_rules(settings: Settings) -> list[Rule]:
    return [
        rule
        for rule in linter_of(settings).rules
        if isinstance(rule, Rule) and issubclass(CHECKS[rule.check], MajorityCheck)
    ]


def _checks(settings: Settings, by: str, keys: tuple[tuple[str, str], ...]) -> list[MajorityCheck]:
    records = Records(by, dict(keys))
    return [CHECKS[rule.check](rule, records) for rule in _majority_rules(settings)]  # type: ignore[misc]


def majority_findings(
    df: DataFrame,
    text_col: str = "text",
    id_col: str = "id",
    *,
    by: str = "domain",
    keys: dict[str, str] | None = None,
    path_col: str | None = None,
    select: Sequence[str] | None = None,
    ignore: Sequence[str] = (),
    rule_files: Sequence[str] = (),
) -> DataFrame | None:
    """The records that write a date or a field name otherwise than most records of their
    source, as findings in the contract's columns (``record`` null), or None when the rules
    chosen have no such check.

    ``by`` names the field that tells sources apart (``domain``: else the url's host) and
    ``keys`` maps metadata names to keys (``{"date": "fields.date"}``), as ``newslint
    corpus``'s ``--by`` and ``--metadata-field`` do; ``select``, ``ignore`` and
    ``rule_files`` choose the rules as the CLI's options do. A tie between two ways goes to
    the one seen first in the DataFrame's order.
    """
    from pyspark.sql import functions as F

    settings = Settings.of(text_col, id_col, select, ignore, rule_files)
    if not _majority_rules(settings):
        return None
    by_keys = tuple(sorted((keys or {}).items()))
    numbered = df.withColumn(_POSITION, F.monotonically_increasing_id())

    def tally(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        import pyarrow as pa

        checks = _checks(settings, by, by_keys)
        # as MajorityCheck.first tallies, with the first place of each way besides
        count: Counter[tuple[str, str, str, str]] = Counter()
        first: dict[tuple[str, str, str, str], int] = {}
        for document, _, position in _documents(batches, settings, path_col):
            for check in checks:
                source = check.records.source(document)
                if source is None or not check.rule.applies_to(document):
                    continue
                for thing, way, _ in check.ways(document):
                    key = (check.rule.id, source, thing, way)
                    count[key] += 1
                    first.setdefault(key, position)
        rows = [
            {**dict(zip(_TALLY_KEY, key, strict=True)), "count": n, "first": first[key]}
            for key, n in count.items()
        ]
        yield pa.RecordBatch.from_pylist(rows, schema=_tally_schema())

    totals = (
        numbered.mapInArrow(tally, TALLY_SCHEMA)
        .groupBy("rule", "source", "thing", "way")
        .agg(F.sum("count").alias("count"), F.min("first").alias("first"))
        .collect()
    )
    majority = _majorities(totals)

    def report(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        checks = _checks(settings, by, by_keys)
        for check in checks:
            # what the local check learns on its first pass, learnt here from all executors
            check.__dict__["majority"] = majority.get(check.rule.id, {})

        def rows() -> Iterator[dict[str, Any]]:
            for document, path, _ in _documents(batches, settings, path_col):
                for check in checks:
                    if check.majority and check.rule.applies_to(document):
                        for finding in check.second(document):
                            row = finding_row(finding)
                            row["path"], row["record"] = path, None
                            yield row

        yield from contract_batches(rows())

    return numbered.mapInArrow(report, FINDINGS_SCHEMA)


def _majorities(totals: Sequence[Any]) -> dict[str, dict[tuple[str, str], str]]:
    """Per rule, the usual way of each thing a source writes in more than one way: the
    commonest, and of equally common ones the first seen."""
    ways: dict[tuple[str, str, str], list[tuple[int, int, str]]] = {}
    for row in totals:
        key = (row["rule"], row["source"], row["thing"])
        ways.setdefault(key, []).append((-row["count"], row["first"], row["way"]))
    majority: dict[str, dict[tuple[str, str], str]] = {}
    for (rule, source, thing), options in ways.items():
        if len(options) > 1:
            majority.setdefault(rule, {})[source, thing] = min(options)[2]
    return majority


def _tally_schema() -> pa.Schema:
    import pyarrow as pa

    return pa.schema(
        [("rule", pa.string()), ("source", pa.string()), ("thing", pa.string()),
         ("way", pa.string()), ("count", pa.int64()), ("first", pa.int64())]
    )  # fmt: skip


def repeated_lines(
    df: DataFrame,
    text_col: str = "text",
    *,
    by: str = "domain",
    min_documents: int = 5,
    min_share: float = 0.02,
    min_chars: int = 3,
) -> tuple[list[RepeatedLine], Counter[str]]:
    """The lines in at least ``min_documents`` documents of their source and at least
    ``min_share`` of them (as :meth:`newslint.miner.LineCounter.repeated` orders them), and
    the documents per source; documents without a source are left out, as by ``newslint
    mine``. Counted exactly: each line's documents are added up by Spark."""
    from pyspark.sql import functions as F

    settings = Settings(text_field=text_col)

    def lines(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.RecordBatch]:
        import pyarrow as pa

        schema = pa.schema([("source", pa.string()), ("line", pa.string())])
        for batch in batches:
            rows = []
            for document, _, _ in _documents(iter([batch]), settings, None):
                source = document_source(document, by)
                if source is None:
                    continue
                rows.append({"source": source, "line": None})  # one per document
                found = countable_lines(document.text, min_chars)
                rows += [{"source": source, "line": line} for line in found]
            yield pa.RecordBatch.from_pylist(rows, schema=schema)

    counted = df.mapInArrow(lines, LINES_SCHEMA).groupBy("source", "line").count()
    documents: Counter[str] = Counter(
        {row["source"]: row["count"] for row in counted.where(F.col("line").isNull()).collect()}
    )
    frequent = counted.where(F.col("line").isNotNull() & (F.col("count") >= min_documents))
    repeated = [
        RepeatedLine(row["source"], row["line"], row["count"])
        for row in frequent.collect()
        if row["count"] >= min_share * documents[row["source"]]
    ]
    return by_frequency(repeated), documents


def mined_rules(
    df: DataFrame, text_col: str = "text", *, by: str = "domain", **options: Any
) -> str:
    """The YAML rule pack ``newslint mine`` writes for the lines :func:`repeated_lines`
    finds (``options``: its thresholds, and :func:`newslint.miner.rule_pack`'s
    ``id_prefix`` and ``max_lines``)."""
    pack_options = {k: options.pop(k) for k in ("id_prefix", "max_lines") if k in options}
    repeated, documents = repeated_lines(df, text_col, by=by, **options)
    return rule_pack(repeated, documents, by=by, **pack_options)
