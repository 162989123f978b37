"""What every newslint job on Spark shares: how an executor reads the rows of an Arrow
record batch as records, and how findings become rows of the findings contract."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from newslint.api import make_linter
from newslint.engine import Linter
from newslint.finding import Finding
from newslint.sources import FieldMap

if TYPE_CHECKING:  # imported only when Spark is used: it is an extra
    import pyarrow as pa

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

    @classmethod
    def of(
        cls,
        text_col: str,
        id_col: str,
        select: Sequence[str] | None,
        ignore: Sequence[str],
        rule_files: Sequence[str],
        metadata: dict[str, str] | None = None,
    ) -> Settings:
        """The settings of an API call's arguments: rule files by absolute path (executors
        may run elsewhere), everything hashable."""
        return cls(
            text_field=text_col,
            id_field=id_col,
            select=tuple(select) if select is not None else None,
            ignore=tuple(ignore),
            rule_files=tuple(os.path.abspath(p) for p in rule_files),
            metadata=tuple(sorted((metadata or {}).items())),
        )

    def fields(self) -> FieldMap:
        return FieldMap(text=self.text_field, id=self.id_field, metadata=dict(self.metadata))


@cache
def linter_of(settings: Settings) -> Linter:
    """The compiled rules of ``settings``, once per executor process."""
    return make_linter(
        select=settings.select, ignore=settings.ignore, rule_files=settings.rule_files
    )


def finding_row(finding: Finding) -> dict[str, Any]:
    """A finding as a row of :data:`FINDINGS_SCHEMA`."""
    row = finding.to_dict()
    row["fix"] = None if finding.fix is None else json.dumps(row["fix"], ensure_ascii=False)
    return row


def batch_records(
    batch: pa.RecordBatch, path_column: str | None, *, nested: bool = False
) -> tuple[list[dict[str, Any]], list[Any] | None]:
    """The records of an Arrow batch, and each one's file when ``path_column`` names it.

    A DataFrame has a column for every key of any record, null where a record has none:
    null is taken as absent, as the record was before Spark read it (with ``nested``, in
    nested objects too, whose struct columns have every key of any record's object).
    """
    rows = batch.to_pylist()
    paths = [row.pop(path_column, None) for row in rows] if path_column else None
    strip = _without_nulls if nested else _top_without_nulls
    return [strip(row) for row in rows], paths


def _top_without_nulls(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if v is not None}


def _without_nulls(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_nulls(v) for k, v in value.items() if v is not None}
    return value


def contract_batches(rows: Iterator[dict[str, Any]], size: int = 4096) -> Iterator[pa.RecordBatch]:
    """Rows of :data:`FINDINGS_SCHEMA` as Arrow record batches of at most ``size`` rows."""
    import pyarrow as pa

    schema = arrow_schema()
    chunk: list[dict[str, Any]] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield pa.RecordBatch.from_pylist(chunk, schema=schema)
            chunk = []
    yield pa.RecordBatch.from_pylist(chunk, schema=schema)


@cache
def arrow_schema() -> pa.Schema:
    """:data:`FINDINGS_SCHEMA` as an Arrow schema."""
    import pyarrow as pa

    types = {"string": pa.string(), "long": pa.int64(), "int": pa.int32()}
    columns = [part.strip().split(" ") for part in FINDINGS_SCHEMA.split(",")]
    return pa.schema([(name, types[kind]) for name, kind in columns])
