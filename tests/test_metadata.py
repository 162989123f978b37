"""Metadata against a declared schema: required fields, formats, dates, and the ISO fix."""

from __future__ import annotations

import json

import pytest
from helpers import make_rule

from newslint.cli import main
from newslint.document import Document
from newslint.engine import Linter
from newslint.kinds.metadata import lossless_iso

SCHEMA = {
    "title": {"type": "string", "required": True},
    "date": {"type": "date", "required": True},
    "url": {"type": "url"},
    "language": {"type": "language"},
    "authors": {"type": "list"},
}


def found(check: str, metadata: dict, **params) -> list[tuple[str, str]]:
    rule = make_rule("metadata", check=check, schema=SCHEMA, message="{key}: {reason}", **params)
    return [(f.field, f.message) for f in Linter([rule]).lint(Document("Text.", metadata=metadata))]


def test_required_fields_absent_or_empty():
    missing = found("required", {"title": "", "url": "https://a.example/x"})
    assert [field for field, _ in missing] == ["date", "title"]
    assert found("required", {"title": "T", "date": "2021-02-09"}) == []
    assert found("required", {}) == []  # a plain text: nothing to check


@pytest.mark.parametrize(
    ("metadata", "field", "reason"),
    [
        ({"url": "www.example.com/a"}, "url", "not an http(s) address with a host"),
        ({"url": "https://"}, "url", "not an http(s) address with a host"),
        ({"language": "english"}, "language", "not a language code"),
        ({"language": "xx"}, "language", "not a language code"),
        ({"authors": "Jane Doe"}, "authors", "not a list of strings"),
        ({"title": 42}, "title", "not a string"),
        ({"date": "yesterday morning"}, "date", "not a date"),
        ({"date": "Feb 9, 2021"}, "date", "not ISO 8601"),
    ],
)
def test_format_errors_name_field_and_reason(metadata, field, reason):
    ((got_field, message),) = found("format", metadata)
    assert got_field == field and message.startswith(f"{field}: {reason}")


def test_well_formed_metadata_passes():
    metadata = {
        "title": "T",
        "date": "2021-02-09T10:00:00Z",
        "url": "https://www.example.com/a?b=1",
        "language": "pt-BR",
        "authors": ["Jane Doe", "John Roe"],
    }
    assert found("format", metadata) == []


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("Feb 9, 2021", "2021-02-09"),
        ("9 February 2021", "2021-02-09"),
        ("2021/02/09", "2021-02-09"),
        ("Tue, 09 Feb 2021 10:00:00 GMT", "2021-02-09T10:00:00+00:00"),
        ("25/12/2021", "2021-12-25"),  # 25 cannot be a month: no doubt
        ("09/02/2021", None),  # 9 February or 2 September
        ("2021-02-09", None),  # already ISO 8601
        ("no date here", None),
    ],
)
def test_lossless_iso(value, iso):
    assert lossless_iso(value) == iso


def test_future_dates_against_the_crawl():
    assert found("future", {"date": "2021-03-01", "crawled_at": "2021-02-10"})
    assert found("future", {"date": "2021-02-11", "crawled_at": "2021-02-10"}) == []
    assert (
        found("future", {"date": "2021-02-12", "crawled_at": "2021-02-10"}, max_future_days=2) == []
    )
    assert found("future", {"date": "2999-01-01"})  # no crawl date: today


def test_fix_rewrites_the_date_in_the_jsonl_record(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "newslint.yaml").write_text("select: [NL502]\n")
    records = [
        {"id": "a", "text": "Body.", "date": "Feb 9, 2021", "extra": [1, 2]},
        {"id": "b", "text": "Body.", "date": "09/02/2021"},
    ]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    assert main(["--fix", "c.jsonl"]) == 1  # the ambiguous date stays, reported
    capsys.readouterr()
    after = [json.loads(line) for line in path.read_text().splitlines()]
    assert after[0] == {**records[0], "date": "2021-02-09"}
    assert after[1] == records[1]
