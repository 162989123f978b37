"""Record formats beyond plain JSONL: NDJSON names, Zstandard and Parquet, read as JSONL is."""

from __future__ import annotations

import datetime
import gzip
import io
import json
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard

from newslint import compressed
from newslint.cli import main
from newslint.document import Document
from newslint.sources import (
    FieldMap,
    InputError,
    JsonlSource,
    ParquetSource,
    StdinSource,
    iter_sources,
    read_parquet,
)

RECORDS = [
    {"id": 1, "text": "fine", "title": "One"},
    {"id": 2, "text": "too  many  spaces", "title": "Two"},
]
RAW = b"".join(json.dumps(record).encode() + b"\n" for record in RECORDS)


def squeeze(document: Document) -> dict[str, str] | None:
    """A transform like the fixer's: collapse double spaces in the text."""
    fixed = document.text.replace("  ", " ")
    return None if fixed == document.text else {"text": fixed}


def summary(items: list) -> list[tuple]:
    """What a reader gave, comparable across formats."""
    return [
        (item.text, item.id, item.record, dict(item.metadata))
        if isinstance(item, Document)
        else str(item)
        for item in items
    ]


def jsonl_documents(tmp_path: Path) -> list[tuple]:
    path = tmp_path / "reference.jsonl"
    path.write_bytes(RAW)
    return summary(list(JsonlSource(path).documents()))


# --- NDJSON names and compression -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "pack"),
    [
        ("c.ndjson", lambda data: data),
        ("c.ndjson.gz", gzip.compress),
        ("c.ndjson.zst", zstandard.compress),
        ("c.jsonl.zst", zstandard.compress),
        ("C.JSONL.ZST", zstandard.compress),
    ],
)
def test_record_files_read_like_jsonl(tmp_path, name, pack):
    path = tmp_path / name
    path.write_bytes(pack(RAW))
    [source] = iter_sources([str(path)])
    assert isinstance(source, JsonlSource)
    assert summary(list(source.documents())) == jsonl_documents(tmp_path)


def test_a_directory_takes_compressed_records_but_not_compressed_text(tmp_path):
    for name in ("a.jsonl.zst", "b.ndjson.gz", "c.ndjson", "d.parquet", "e.txt"):
        (tmp_path / name).write_bytes(b"")
    for name in ("f.txt.gz", "g.zst", "h.json"):
        (tmp_path / name).write_bytes(b"")
    found = [Path(s.display).name for s in iter_sources([str(tmp_path)])]
    assert found == ["a.jsonl.zst", "b.ndjson.gz", "c.ndjson", "d.parquet", "e.txt"]


def test_zstd_read_across_frames_and_rewrite(tmp_path):
    path = tmp_path / "c.jsonl.zst"
    # Two frames, as `cat a.zst b.zst` gives.
    path.write_bytes(zstandard.compress(RAW[:30]) + zstandard.compress(RAW[30:]))
    source = JsonlSource(path)
    assert [d.text for d in source.documents()] == ["fine", "too  many  spaces"]
    stats = source.rewrite(squeeze)
    assert (stats.changed, stats.written) == (1, True)
    assert compressed.decompress(path.read_bytes(), "zstd") == RAW.replace(b"  ", b" ")


def test_truncated_zstd_is_an_error_and_the_file_is_left_alone(tmp_path):
    path = tmp_path / "c.jsonl.zst"
    whole = zstandard.compress(RAW * 1000)
    path.write_bytes(whole[:-10])
    items = list(JsonlSource(path, "c.jsonl.zst").documents())
    assert isinstance(items[-1], InputError)
    assert "ended before the end-of-stream marker" in str(items[-1])
    stats = JsonlSource(path).rewrite(squeeze)
    assert stats.errors and not stats.written
    assert path.read_bytes() == whole[:-10]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.jsonl.zst"]


def test_corrupt_zstd_is_an_error(tmp_path):
    path = tmp_path / "c.jsonl.zst"
    path.write_bytes(b"not zstandard at all\n")
    [error] = list(JsonlSource(path, "c.jsonl.zst").documents())
    assert isinstance(error, InputError)
    assert "invalid Zstandard data" in error.message


def test_zstd_standard_input(monkeypatch):
    data = zstandard.compress(RAW)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    source = StdinSource(stdin_filename="in.jsonl.zst")
    assert [d.id for d in source.documents()] == ["1", "2"]


def test_zstd_compress_round_trip():
    assert compressed.decompress(compressed.compress(RAW, "zstd"), "zstd") == RAW
    assert compressed.compress(RAW, None) == RAW


# --- Parquet ------------------------------------------------------------------------------------


def write_parquet(path: Path, columns: dict, **options) -> None:
    pq.write_table(pa.table(columns), path, **options)


def test_parquet_reads_like_jsonl(tmp_path):
    path = tmp_path / "c.parquet"
    write_parquet(path, {key: [r[key] for r in RECORDS] for key in ("id", "text", "title")})
    [source] = iter_sources([str(path)])
    assert isinstance(source, ParquetSource)
    assert summary(list(source.documents())) == jsonl_documents(tmp_path)


def test_parquet_field_mapping_and_values(tmp_path):
    path = tmp_path / "m.parquet"
    write_parquet(
        path,
        {
            "uid": ["a-1", "a-2"],
            "body": ["Text one.", "Text two."],
            "headline": ["H1", "H2"],
            "published": [datetime.date(2024, 1, 2), datetime.date(2024, 1, 3)],
            "crawled": pa.array([datetime.datetime(2024, 1, 4, 10, 30), None], pa.timestamp("s")),
            "tags": [["a", "b"], []],
            "extra": [{"site": "x.example"}, {"site": "y.example"}],
        },
    )
    fields = FieldMap(text="body", id="uid", title="headline", metadata={"date": "published"})
    first, second = ParquetSource(path, fields=fields).documents()
    assert (first.text, first.id, first.record, second.record) == ("Text one.", "a-1", 0, 1)
    assert first.fields == {"text": "Text one.", "title": "H1"}
    assert first.metadata == {
        "uid": "a-1",
        "title": "H1",
        "date": "2024-01-02",
        "crawled": "2024-01-04T10:30:00",
        "tags": ["a", "b"],
        "extra": {"site": "x.example"},
    }
    assert second.metadata["crawled"] is None


def test_parquet_null_text_rows_are_errors_with_their_row(tmp_path):
    path = tmp_path / "c.parquet"
    texts = ["a", None, "c", "d", None, "f", "g"]
    # Row groups of 3 and batches of 2: row numbers must run on across both.
    write_parquet(path, {"text": texts}, row_group_size=3)
    items = list(read_parquet(path.open("rb"), "c.parquet", FieldMap(), batch_rows=2))
    assert [i.record for i in items if isinstance(i, InputError)] == [1, 4]
    assert [(d.text, d.record) for d in items if isinstance(d, Document)] == [
        ("a", 0),
        ("c", 2),
        ("d", 3),
        ("f", 5),
        ("g", 6),
    ]
    assert str(items[1]) == "c.parquet#1: field 'text' is null, not a string"


def test_parquet_without_a_string_text_column_is_one_error(tmp_path):
    missing = tmp_path / "missing.parquet"
    write_parquet(missing, {"body": ["a", "b"], "id": [1, 2]})
    [error] = list(ParquetSource(missing, "missing.parquet").documents())
    assert str(error) == "missing.parquet: no 'text' column (columns: body, id)"
    numbers = tmp_path / "numbers.parquet"
    write_parquet(numbers, {"text": [1, 2]})
    [error] = list(ParquetSource(numbers, "numbers.parquet").documents())
    assert str(error) == "numbers.parquet: column 'text' is int64, not a string"


def test_parquet_dictionary_and_large_strings_are_text(tmp_path):
    path = tmp_path / "c.parquet"
    write_parquet(path, {"text": pa.array(["x", "y", "x"]).dictionary_encode()})
    assert [d.text for d in ParquetSource(path).documents()] == ["x", "y", "x"]
    write_parquet(path, {"text": pa.array(["z"], pa.large_string())})
    assert [d.text for d in ParquetSource(path).documents()] == ["z"]


def test_not_parquet_is_an_error(tmp_path):
    path = tmp_path / "c.parquet"
    path.write_bytes(b'{"text": "JSON, not Parquet"}\n')
    [error] = list(ParquetSource(path, "c.parquet").documents())
    assert error.message.startswith("invalid Parquet:")


def test_parquet_standard_input(tmp_path, monkeypatch):
    path = tmp_path / "c.parquet"
    write_parquet(path, {"text": ["from stdin"]})
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(path.read_bytes())))
    [doc] = StdinSource(stdin_filename="in.parquet").documents()
    assert (doc.text, doc.path, doc.record) == ("from stdin", "in.parquet", 0)


def test_without_pyarrow_parquet_names_the_extra(tmp_path, monkeypatch):
    path = tmp_path / "c.parquet"
    write_parquet(path, {"text": ["a"]})
    monkeypatch.setitem(sys.modules, "pyarrow", None)  # import pyarrow now fails
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    [error] = list(ParquetSource(path, "c.parquet").documents())
    assert str(error) == (
        "c.parquet: reading Parquet needs pyarrow: pip install 'newslint[parquet]'"
    )


# --- The command line ---------------------------------------------------------------------------


@pytest.fixture
def workdir(tmp_path, monkeypatch):
    """An empty current directory with an empty configuration."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "newslint.yaml").write_text("{}\n")
    return tmp_path


def findings_of(out: str) -> list[tuple]:
    return [(f["path"], f["record"], f["rule"]) for f in map(json.loads, out.splitlines())]


DIRTY = "Shares rose.\nAdvertisement\nThey fell later.\n"


def test_cli_without_pyarrow_still_checks_the_other_inputs(workdir, monkeypatch, capsys):
    write_parquet(workdir / "a.parquet", {"text": [DIRTY]})
    (workdir / "b.jsonl.zst").write_bytes(zstandard.compress(json.dumps({"text": DIRTY}).encode()))
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    code = main(["check", "--select", "NL180", "--format", "jsonl", "a.parquet", "b.jsonl.zst"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "a.parquet: reading Parquet needs pyarrow: pip install 'newslint[parquet]'" in err
    assert findings_of(out) == [("b.jsonl.zst", 0, "NL180")]


def test_cli_checks_parquet_and_refuses_to_fix_it(workdir, capsys):
    path = workdir / "a.parquet"
    write_parquet(path, {"id": ["x", "y"], "text": ["Clean.\n", DIRTY]})
    before = path.read_bytes()
    assert main(["check", "--select", "NL180", "--format", "jsonl", "a.parquet"]) == 1
    assert findings_of(capsys.readouterr().out) == [("a.parquet", 1, "NL180")]
    code = main(["check", "--select", "NL180", "--fix", "--format", "jsonl", "a.parquet"])
    out, err = capsys.readouterr()
    assert code == 2
    assert "a.parquet: --fix cannot write parquet files; checked without fixing" in err
    assert findings_of(out) == [("a.parquet", 1, "NL180")]
    assert path.read_bytes() == before
    assert main(["check", "--select", "NL180", "--diff", "a.parquet"]) == 1
    assert "-Advertisement" in capsys.readouterr().out


def test_parquet_rewrite_is_refused(tmp_path):
    path = tmp_path / "a.parquet"
    write_parquet(path, {"text": ["a  b"]})
    before = path.read_bytes()
    stats = ParquetSource(path, "a.parquet").rewrite(squeeze)
    assert [str(e) for e in stats.errors] == [
        "a.parquet: cannot write fixes to parquet files; left as it was"
    ]
    assert (stats.documents, stats.written, path.read_bytes()) == (0, False, before)
