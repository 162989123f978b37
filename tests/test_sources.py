"""The input layer: reading text and JSONL sources, walking directories, rewriting in place."""

from __future__ import annotations

import gzip
import io
import json
import os
import sys
from pathlib import Path

import pytest

from newslint.document import Document
from newslint.sources import (
    FieldMap,
    InputError,
    JsonlSource,
    Source,
    StdinSource,
    TextFileSource,
    input_holding,
    iter_sources,
)
from newslint.writing import splice_line, splice_yaml, value_spans


def squeeze(document: Document) -> dict[str, str] | None:
    """A transform like the fixer's: collapse double spaces in every text field."""
    changed = {k: v.replace("  ", " ") for k, v in document.fields.items()}
    changed = {k: v for k, v in changed.items() if v != document.fields[k]}
    return changed or None


def read_all(source: Source) -> list[Document | InputError]:
    return list(source.documents())


def only_documents(items: list) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def only_errors(items: list) -> list[InputError]:
    return [item for item in items if isinstance(item, InputError)]


def temp_files(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.endswith(".tmp"))


# --- Data types ------------------------------------------------------------------------------


def test_input_error_prints_path_and_line():
    assert str(InputError("a.jsonl", 3, "invalid JSON")) == "a.jsonl:3: invalid JSON"
    assert str(InputError("a.txt", None, "cannot read")) == "a.txt: cannot read"


def test_field_map_defaults():
    fields = FieldMap()
    assert (fields.text, fields.id, fields.title, dict(fields.metadata)) == (
        "text",
        "id",
        "title",
        {},
    )
    assert fields.renames() == {}


# --- Text files ------------------------------------------------------------------------------


def test_plain_text_file(tmp_path):
    path = tmp_path / "story-1.txt"
    path.write_text("First line.\nSecond line.\n", encoding="utf-8")
    [doc] = read_all(TextFileSource(path, "story-1.txt"))
    assert doc.text == "First line.\nSecond line.\n"
    assert doc.id == "story-1"
    assert doc.record is None
    assert doc.path == "story-1.txt"
    assert dict(doc.metadata) == {}
    assert doc.index("text").position(12) == (2, 1)


def test_front_matter_becomes_metadata_and_shifts_lines(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: Storm hits coast\nurl: https://example.org/a\nauthors: [A, B]\n---\n"
        "Body line one.\nBody line two.\n",
        encoding="utf-8",
    )
    [doc] = read_all(TextFileSource(path))
    assert doc.text == "Body line one.\nBody line two.\n"
    assert doc.metadata == {
        "title": "Storm hits coast",
        "url": "https://example.org/a",
        "authors": ["A", "B"],
    }
    assert doc.fields["title"] == "Storm hits coast"
    assert doc.line_bases["text"] == 5
    # Line 2 of the body is line 7 of the file.
    assert doc.index("text").position(doc.text.index("Body line two")) == (7, 1)
    # The title is on line 2 of the file.
    assert doc.index("title").position(0) == (2, 1)


def test_front_matter_with_dots_terminator_and_empty_block(tmp_path):
    dots = tmp_path / "dots.md"
    dots.write_text("---\nsource: Wire\n...\nText.\n", encoding="utf-8")
    [doc] = read_all(TextFileSource(dots))
    assert (doc.metadata, doc.text, doc.line_bases["text"]) == ({"source": "Wire"}, "Text.\n", 3)
    empty = tmp_path / "empty.md"
    empty.write_text("---\n---\nText.\n", encoding="utf-8")
    [doc] = read_all(TextFileSource(empty))
    assert (dict(doc.metadata), doc.text) == ({}, "Text.\n")


def test_unclosed_front_matter_is_text(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\nA horizontal rule opened the text.\n", encoding="utf-8")
    [doc] = read_all(TextFileSource(path))
    assert doc.text == "---\nA horizontal rule opened the text.\n"
    assert doc.line_bases == {}


def test_invalid_front_matter_is_an_error_and_skips_the_file(tmp_path):
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: ok\nurl: [unclosed\n---\nBody\n", encoding="utf-8")
    [error] = read_all(TextFileSource(path, "bad.md"))
    assert isinstance(error, InputError)
    assert error.path == "bad.md"
    assert error.line is not None and error.line >= 3
    assert "front matter" in error.message


def test_front_matter_that_is_not_a_mapping(tmp_path):
    path = tmp_path / "list.md"
    path.write_text("---\n- a\n- b\n---\nBody\n", encoding="utf-8")
    [error] = read_all(TextFileSource(path))
    assert isinstance(error, InputError)
    assert "not a YAML mapping" in error.message


def test_invalid_utf8_text_file(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"ok\ncaf\xe9\n")
    [error] = read_all(TextFileSource(path, "latin1.txt"))
    assert isinstance(error, InputError)
    assert (error.path, error.line) == ("latin1.txt", 2)
    assert "UTF-8" in error.message


def test_crlf_is_linted_as_lf_and_written_back_as_crlf(tmp_path):
    path = tmp_path / "win.md"
    front = b"---\r\ntitle:   Spaced   title\r\n---\r\n"
    path.write_bytes(front + b"One  two.\r\nThree.\r\n")
    [doc] = read_all(TextFileSource(path))
    assert doc.text == "One  two.\nThree.\n"
    assert doc.line_bases["text"] == 3
    stats = TextFileSource(path).rewrite(lambda d: {"text": d.text.replace("  ", " ")})
    assert (stats.documents, stats.changed, stats.written) == (1, 1, True)
    assert path.read_bytes() == front + b"One two.\r\nThree.\r\n"


def test_mixed_line_endings_are_kept(tmp_path):
    path = tmp_path / "mixed.txt"
    path.write_bytes(b"a  b\r\nc\nd\r\n")
    [doc] = read_all(TextFileSource(path))
    assert doc.text == "a  b\r\nc\nd\r\n"
    TextFileSource(path).rewrite(squeeze)
    assert path.read_bytes() == b"a b\r\nc\nd\r\n"


def test_bom_is_not_text_and_is_written_back(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbfHello  world\n")
    [doc] = read_all(TextFileSource(path))
    assert doc.text == "Hello  world\n"
    TextFileSource(path).rewrite(squeeze)
    assert path.read_bytes() == b"\xef\xbb\xbfHello world\n"


def test_bom_before_front_matter(tmp_path):
    path = tmp_path / "bom.md"
    path.write_bytes(b"\xef\xbb\xbf---\ntitle: T\n---\nBody  text\n")
    [doc] = read_all(TextFileSource(path))
    assert (doc.metadata, doc.text) == ({"title": "T"}, "Body  text\n")
    TextFileSource(path).rewrite(squeeze)
    assert path.read_bytes() == b"\xef\xbb\xbf---\ntitle: T\n---\nBody text\n"


def test_text_rewrite_keeps_front_matter_byte_for_byte(tmp_path):
    path = tmp_path / "a.md"
    front = "---\n# a comment\ntitle:    'Quoted'\ndate: 2024-05-01   \ntags: [x,  y]\n---\n"
    path.write_text(front + "Body  text\n", encoding="utf-8")
    TextFileSource(path).rewrite(lambda d: {"text": d.text.replace("  ", " ")})
    assert path.read_text(encoding="utf-8") == front + "Body text\n"


def test_fixed_title_is_written_into_the_front_matter(tmp_path):
    path = tmp_path / "a.md"
    path.write_text(
        "---\ntitle: Storm  hits  coast  # from the feed\nsource: Wire\n---\nBody\n",
        encoding="utf-8",
    )
    stats = TextFileSource(path).rewrite(squeeze)
    assert stats.errors == []
    assert path.read_text(encoding="utf-8") == (
        "---\ntitle: Storm hits coast  # from the feed\nsource: Wire\n---\nBody\n"
    )
    [doc] = read_all(TextFileSource(path))
    assert doc.fields["title"] == "Storm hits coast"


def test_fixed_title_that_needs_quotes(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: 'Breaking:  news'\n---\nBody\n", encoding="utf-8")
    TextFileSource(path).rewrite(squeeze)
    assert path.read_text(encoding="utf-8") == '---\ntitle: "Breaking: news"\n---\nBody\n'


def test_stem_is_the_id_and_unknown_suffix_is_text(tmp_path):
    path = tmp_path / "article.html"
    path.write_text("<p>Hi</p>\n", encoding="utf-8")
    [source] = iter_sources([str(path)])
    assert isinstance(source, TextFileSource)
    [doc] = read_all(source)
    assert (doc.id, doc.text) == ("article", "<p>Hi</p>\n")


# --- JSON Lines ------------------------------------------------------------------------------


def write_lines(path: Path, lines: list[str], end: str = "\n") -> None:
    path.write_bytes("".join(line + end for line in lines).encode("utf-8"))


def test_jsonl_records(tmp_path):
    path = tmp_path / "c.jsonl"
    write_lines(
        path,
        [
            '{"id": 7, "text": "Alpha.", "title": "A", "url": "https://a"}',
            "",
            '{"id": "b-2", "text": "Beta.", "lang": "fr"}',
            '{"text": "Gamma."}',
        ],
    )
    docs = read_all(JsonlSource(path, "c.jsonl"))
    assert [d.text for d in docs] == ["Alpha.", "Beta.", "Gamma."]
    assert [d.id for d in docs] == ["7", "b-2", None]
    assert [d.record for d in docs] == [0, 1, 2]  # the blank line is no record
    assert {d.path for d in docs} == {"c.jsonl"}
    assert docs[0].metadata == {"id": 7, "title": "A", "url": "https://a"}
    assert docs[0].fields == {"text": "Alpha.", "title": "A"}
    assert docs[1].metadata == {"id": "b-2", "lang": "fr"}


def test_broken_lines_are_errors_and_reading_goes_on(tmp_path):
    path = tmp_path / "broken.jsonl"
    lines = [
        b'{"id": 1, "text": "one"}',
        b'{"id": 2, "text": "tw',  # cut short
        b'{"id": 3, "text": "caf\xe9"}',  # latin-1, not UTF-8
        b'["not", "an", "object"]',
        b'{"id": 5, "body": "no text key"}',
        b'{"id": 6, "text": 42}',
        b"",
        b'{"id": 7, "text": "seven"}',
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    items = read_all(JsonlSource(path, "broken.jsonl"))
    errors = only_errors(items)
    assert [(e.path, e.line) for e in errors] == [("broken.jsonl", n) for n in (2, 3, 4, 5, 6)]
    assert "invalid JSON" in errors[0].message
    assert "UTF-8" in errors[1].message
    assert "not an object" in errors[2].message
    assert "no 'text' field" in errors[3].message
    assert "not a string" in errors[4].message
    docs = only_documents(items)
    assert [(d.id, d.record) for d in docs] == [("1", 0), ("7", 6)]
    assert str(errors[0]).startswith("broken.jsonl:2: invalid JSON")


def test_a_json_error_says_where_on_its_line(tmp_path):
    path = tmp_path / "c.jsonl"
    lines = [
        b'{"id": 1, "text": "cut short"',
        b'{"id": 2, "text": "x",, "y": 1}',
        b'{"a": }\r',
        b'{"id": 4, "text": "unterminated',
        b'{"id": 5, "text": "a\tb"}',
    ]
    path.write_bytes(b"\n".join(lines) + b"\n")
    errors = only_errors(read_all(JsonlSource(path, "c.jsonl")))
    assert [str(e) for e in errors] == [
        "c.jsonl:1: invalid JSON: Expecting ',' delimiter at the end of the line",
        "c.jsonl:2: invalid JSON: Expecting property name enclosed in double quotes at column 23",
        "c.jsonl:3: invalid JSON: Expecting value at column 7",
        "c.jsonl:4: invalid JSON: Unterminated string at the end of the line",
        "c.jsonl:5: invalid JSON: Invalid control character at column 21",
    ]


def test_jsonl_values_a_fast_parser_might_refuse_or_round(tmp_path):
    path = tmp_path / "big.jsonl"
    write_lines(
        path,
        [
            '{"id": 123456789012345678901234567890, "text": "a"}',
            '{"id": 1, "text": "b", "score": NaN}',
            '{"id": 2, "text": "lone \\ud800 surrogate"}',
        ],
    )
    docs = read_all(JsonlSource(path))
    assert [d.id for d in docs] == ["123456789012345678901234567890", "1", "2"]
    assert docs[2].text == "lone \ud800 surrogate"


def test_jsonl_with_bom_and_crlf(tmp_path):
    path = tmp_path / "win.jsonl"
    path.write_bytes(b'\xef\xbb\xbf{"text": "a  b"}\r\n{"text": "c"}\r\n')
    assert [d.text for d in read_all(JsonlSource(path))] == ["a  b", "c"]
    JsonlSource(path).rewrite(squeeze)
    assert path.read_bytes() == b'\xef\xbb\xbf{"text": "a b"}\r\n{"text": "c"}\r\n'


def test_gzip_jsonl_read_and_rewrite(tmp_path):
    path = tmp_path / "c.jsonl.gz"
    raw = b'{"id": 1, "text": "fine"}\n{"id": 2, "text": "too  many  spaces"}\n'
    path.write_bytes(gzip.compress(raw))
    [source] = iter_sources([str(path)])
    assert isinstance(source, JsonlSource)
    assert [d.text for d in read_all(source)] == ["fine", "too  many  spaces"]
    stats = source.rewrite(squeeze)
    assert (stats.changed, stats.written) == (1, True)
    assert gzip.decompress(path.read_bytes()) == raw.replace(b"  ", b" ")


def test_corrupt_gzip_is_an_error_and_the_file_is_left_alone(tmp_path):
    path = tmp_path / "c.ndjson.gz"
    whole = gzip.compress(b'{"text": "a  b"}\n' * 1000)
    path.write_bytes(whole[: len(whole) // 2])
    items = read_all(JsonlSource(path, "c.ndjson.gz"))
    assert isinstance(items[-1], InputError)
    assert items[-1].path == "c.ndjson.gz"
    stats = JsonlSource(path).rewrite(squeeze)
    assert stats.errors and not stats.written
    assert path.read_bytes() == whole[: len(whole) // 2]
    assert temp_files(tmp_path) == []


def test_field_map(tmp_path):
    path = tmp_path / "m.jsonl"
    write_lines(
        path,
        ['{"uid": 9, "body": "Text.", "headline": "H", "title": "old", "published": "2024-01-02"}'],
    )
    fields = FieldMap(text="body", id="uid", title="headline", metadata={"date": "published"})
    [doc] = read_all(JsonlSource(path, fields=fields))
    assert (doc.text, doc.id) == ("Text.", "9")
    # headline is the title; the record's own "title" key is shadowed by it.
    assert doc.metadata == {"uid": 9, "title": "H", "date": "2024-01-02"}
    assert doc.fields == {"text": "Text.", "title": "H"}


def test_a_renamed_field_is_read_from_its_key_alone_and_a_dotted_key_is_a_path(tmp_path):
    path = tmp_path / "m.jsonl"
    write_lines(
        path,
        [
            '{"text": "A.", "date": "2024-01-02", "meta": {"date": "2021-02-09"}}',
            '{"text": "B.", "date": "2024-01-02", "meta": {}}',  # no meta.date: no date
            '{"text": "C.", "date": "2024-01-02", "meta.date": "2020-05-06"}',  # a flat key
        ],
    )
    fields = FieldMap(metadata={"date": "meta.date"})
    docs = read_all(JsonlSource(path, fields=fields))
    assert [d.metadata.get("date") for d in docs] == ["2021-02-09", None, "2020-05-06"]
    assert all("2024-01-02" not in d.metadata.values() for d in docs)


def test_field_map_applies_to_front_matter(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\nheadline: H  x\npublished: x\n---\nBody\n", encoding="utf-8")
    fields = FieldMap(title="headline", metadata={"date": "published"})
    [doc] = read_all(TextFileSource(path, fields=fields))
    assert doc.metadata == {"title": "H  x", "date": "x"}
    TextFileSource(path, fields=fields).rewrite(squeeze)
    assert path.read_text(encoding="utf-8") == "---\nheadline: H x\npublished: x\n---\nBody\n"


# --- JSONL rewrite ---------------------------------------------------------------------------


def test_rewrite_splices_only_the_changed_value(tmp_path):
    path = tmp_path / "c.jsonl"
    lines = [
        '{"id":1,  "text": "a\\u00e9  b", "n": 1.50e3, "nested": {"text": "x  y"}}',
        '{"id": 2, "text": "untouched",   "z": [1,2 ,3]}',
        '{"title": "T  T", "id": 3, "text": "caf\u00e9  ok", "x": "\\/"}',
    ]
    write_lines(path, lines)
    stats = JsonlSource(path).rewrite(squeeze)
    assert (stats.documents, stats.changed) == (3, 2)
    assert path.read_text(encoding="utf-8").splitlines() == [
        # Escaped before, so escaped after; every other byte as written.
        '{"id":1,  "text": "a\\u00e9 b", "n": 1.50e3, "nested": {"text": "x  y"}}',
        '{"id": 2, "text": "untouched",   "z": [1,2 ,3]}',
        # Raw non-ASCII stays raw; key order (title first) is kept.
        '{"title": "T T", "id": 3, "text": "caf\u00e9 ok", "x": "\\/"}',
    ]


def test_rewrite_keeps_blank_lines_broken_lines_and_missing_final_newline(tmp_path):
    path = tmp_path / "c.jsonl"
    raw = b'{"text": "a  b"}\n\n   \nnot json\r\n{"text": "c  d"}'
    path.write_bytes(raw)
    stats = JsonlSource(path, "c.jsonl").rewrite(squeeze)
    assert [(e.line, e.path) for e in stats.errors] == [(4, "c.jsonl")]
    assert stats.changed == 2
    assert path.read_bytes() == b'{"text": "a b"}\n\n   \nnot json\r\n{"text": "c d"}'


def test_rewrite_writes_mapped_fields_back_to_their_keys(tmp_path):
    path = tmp_path / "m.jsonl"
    write_lines(path, ['{"headline": "Big  news", "body": "Text  here.", "title": "x  y"}'])
    fields = FieldMap(text="body", title="headline")
    JsonlSource(path, fields=fields).rewrite(squeeze)
    assert path.read_text(encoding="utf-8") == (
        '{"headline": "Big news", "body": "Text here.", "title": "x  y"}\n'
    )


def test_rewrite_only_the_last_record_of_many(tmp_path):
    path = tmp_path / "many.jsonl"
    lines = [json.dumps({"id": i, "text": f"record {i}"}) for i in range(5000)]
    lines.append('{"id": "last", "text": "the  end"}')
    write_lines(path, lines)
    stats = JsonlSource(path).rewrite(squeeze)
    assert (stats.documents, stats.changed) == (5001, 1)
    assert path.read_text(encoding="utf-8").splitlines() == [
        *lines[:-1],
        '{"id": "last", "text": "the end"}',
    ]


def test_nothing_changed_means_no_write(tmp_path):
    path = tmp_path / "c.jsonl"
    write_lines(path, ['{"text": "clean"}', '{"text": "also clean"}'])
    text = tmp_path / "a.txt"
    text.write_text("clean\n", encoding="utf-8")
    past = 1_000_000_000
    for p in (path, text):
        os.utime(p, ns=(past, past))
    before = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (path, text)}
    # Returning the same values is no change either.
    for source in iter_sources([str(tmp_path)]):
        stats = source.rewrite(lambda d: {"text": d.text})
        assert (stats.changed, stats.written) == (0, False)
        assert source.rewrite(lambda d: None).written is False
    assert {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (path, text)} == before
    assert temp_files(tmp_path) == []


def test_rewrite_keeps_the_file_mode(tmp_path):
    for name in ("a.jsonl", "b.txt"):
        path = tmp_path / name
        path.write_text('{"text": "a  b"}\n' if name.endswith("jsonl") else "a  b\n")
        path.chmod(0o640)
        [source] = iter_sources([str(path)])
        assert source.rewrite(squeeze).written
        assert path.stat().st_mode & 0o777 == 0o640


def test_rewrite_through_a_symlink_keeps_the_symlink(tmp_path):
    target = tmp_path / "real.txt"
    target.write_text("a  b\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    TextFileSource(link).rewrite(squeeze)
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "a b\n"


def test_transform_raising_midway_leaves_the_original(tmp_path):
    path = tmp_path / "c.jsonl"
    lines = [json.dumps({"id": i, "text": f"record  {i}"}) for i in range(100)]
    write_lines(path, lines)
    original = path.read_bytes()
    seen = []

    def explode(document: Document) -> dict[str, str] | None:
        seen.append(document.record)
        if len(seen) == 50:
            raise RuntimeError("boom")
        return squeeze(document)

    with pytest.raises(RuntimeError, match="boom"):
        JsonlSource(path).rewrite(explode)
    assert path.read_bytes() == original
    assert temp_files(tmp_path) == []
    assert sorted(os.listdir(tmp_path)) == ["c.jsonl"]


def test_text_transform_raising_leaves_the_original(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("a  b\n", encoding="utf-8")

    def explode(document: Document) -> dict[str, str] | None:
        raise ValueError("bad fix")

    with pytest.raises(ValueError):
        TextFileSource(path).rewrite(explode)
    assert path.read_text(encoding="utf-8") == "a  b\n"
    assert sorted(os.listdir(tmp_path)) == ["a.txt"]


def test_unreadable_file_is_one_error(tmp_path):
    missing = tmp_path / "gone.jsonl"
    items = read_all(JsonlSource(missing, "gone.jsonl"))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert items[0].path == "gone.jsonl" and items[0].line is None
    stats = TextFileSource(tmp_path / "gone.txt", "gone.txt").rewrite(squeeze)
    assert [e.path for e in stats.errors] == ["gone.txt"]
    # A directory named as if it were a file cannot be read either.
    [error] = read_all(TextFileSource(tmp_path, "dir"))
    assert isinstance(error, InputError) and error.path == "dir"


# --- Splicing --------------------------------------------------------------------------------


def test_value_spans():
    line = '{"a": {"b": "}"}, "t":"x\\"y" ,"n" : -1.5e3, "a": [1, "]"]}'
    spans = value_spans(line)
    assert {key: line[slice(*span)] for key, span in spans.items()} == {
        "a": '[1, "]"]',  # a key given twice: the last one counts, as in json.loads
        "t": '"x\\"y"',
        "n": "-1.5e3",
    }
    assert value_spans("  { }  ") == {}


def test_splice_line_with_a_lone_surrogate():
    raw = b'{"text": "a\\ud800  b"}\n'
    doc_text = json.loads(raw)["text"]
    fixed, missing = splice_line(raw, {"text": doc_text.replace("  ", " ")})
    assert missing == []
    assert fixed == b'{"text": "a\\ud800 b"}\n'
    assert splice_line(b'{"a": 1}', {"text": "x"}) == (b'{"a": 1}', ["text"])


def test_splice_yaml_refuses_what_it_cannot_write():
    assert splice_yaml("title: [a, b]\n", "title", "x") is None
    assert splice_yaml("source: x\n", "title", "x") is None
    assert splice_yaml("title: yes\n", "title", "no") == 'title: "no"\n'


# --- Finding sources -------------------------------------------------------------------------


def make_tree(root: Path) -> None:
    for rel in (
        "b.txt",
        "a.md",
        "notes.rst",
        "data/x.jsonl",
        "data/y.ndjson.gz",
        "data/raw/z.jsonl",
        "data/w.jsonl.gz",
        "deep/er/c.txt",
        ".git/HEAD.txt",
        ".hidden.txt",
        "build/out.txt",
    ):
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x\n", encoding="utf-8")


def displays(items: list) -> list[str]:
    return [item.display if isinstance(item, Source) else f"error:{item.path}" for item in items]


def test_directories_are_walked_in_sorted_order(tmp_path):
    make_tree(tmp_path)
    root = str(tmp_path)
    found = list(iter_sources([root]))
    assert displays(found) == [
        f"{root}/a.md",
        f"{root}/b.txt",
        f"{root}/build/out.txt",
        f"{root}/data/raw/z.jsonl",
        f"{root}/data/w.jsonl.gz",
        f"{root}/data/x.jsonl",
        f"{root}/data/y.ndjson.gz",
        f"{root}/deep/er/c.txt",
    ]
    kinds = {s.display.rsplit("/", 1)[1]: type(s) for s in found}
    assert kinds["y.ndjson.gz"] is JsonlSource and kinds["a.md"] is TextFileSource


def test_exclude_globs(tmp_path, monkeypatch):
    make_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    found = list(iter_sources(["."], exclude=["build", "data/raw/*", "*.gz"]))
    assert displays(found) == ["a.md", "b.txt", "data/x.jsonl", "deep/er/c.txt"]


def test_explicit_files_are_always_taken(tmp_path, monkeypatch):
    make_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    found = list(iter_sources(["notes.rst", ".hidden.txt", "b.txt"], exclude=["*.txt"]))
    assert displays(found) == ["notes.rst", ".hidden.txt", "b.txt"]


def test_the_input_that_would_read_a_file_is_the_walk_s_own_answer(tmp_path, monkeypatch):
    # input_holding says which input would read a file, as iter_sources would: for every
    # file of the tree, and for new ones (made for the walk, then removed), against what
    # the walk of each input yields.
    make_tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    exclude = ["build", "data/raw/*", "*.gz"]
    new = ["new.jsonl", "data/new.txt", "data/raw/new.jsonl", "new.json", ".new.jsonl"]
    files = [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()]
    for paths in (["."], ["data"], ["b.txt", "deep"], ["-", "notes.rst"]):
        for name in new:
            (tmp_path / name).write_text("x\n")
        read = {
            Path(s.display).resolve()
            for s in iter_sources(paths, exclude=exclude)
            if isinstance(s, Source) and s.display != "<stdin>"
        }
        for name in new:
            (tmp_path / name).unlink()
        for name in files + new:
            expected = (tmp_path / name).resolve() in read
            assert (input_holding(paths, name, exclude) is not None) == expected, (paths, name)
    assert input_holding(["b.txt", "data"], str(tmp_path / "data/x.jsonl")) == "data"
    assert input_holding(["./b.txt"], "b.txt") == "./b.txt"


def test_missing_path_is_an_error(tmp_path):
    missing = str(tmp_path / "nope.jsonl")
    [error] = iter_sources([missing])
    assert error == InputError(missing, None, "no such file or directory")


# --- Standard input --------------------------------------------------------------------------


def fake_stdin(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def fake_stdout(monkeypatch) -> io.BytesIO:
    buffer = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(buffer, encoding="utf-8"))
    return buffer


def test_stdin_text_by_default(monkeypatch):
    fake_stdin(monkeypatch, b"---\ntitle: T\n---\nFrom  stdin.\n")
    [source] = iter_sources(["-"])
    assert isinstance(source, StdinSource) and source.display == "-"
    [doc] = read_all(source)
    assert (doc.text, doc.metadata, doc.path, doc.id) == (
        "From  stdin.\n",
        {"title": "T"},
        "-",
        None,
    )


def test_stdin_fix_goes_to_stdout(monkeypatch):
    fake_stdin(monkeypatch, b"---\ntitle: T\n---\nFrom  stdin.\n")
    out = fake_stdout(monkeypatch)
    [source] = iter_sources(["-"])
    stats = source.rewrite(squeeze)
    assert (stats.documents, stats.changed) == (1, 1)
    assert out.getvalue() == b"---\ntitle: T\n---\nFrom stdin.\n"


def test_stdin_unchanged_still_goes_to_stdout(monkeypatch):
    fake_stdin(monkeypatch, b"Clean.\r\n")
    out = fake_stdout(monkeypatch)
    [source] = iter_sources(["-"])
    assert source.rewrite(squeeze).changed == 0
    assert out.getvalue() == b"Clean.\r\n"


def test_stdin_jsonl_by_filename(monkeypatch):
    data = b'{"id": 1, "text": "a  b"}\nbroken\n{"id": 2, "text": "c"}\n'
    fake_stdin(monkeypatch, data)
    [source] = iter_sources(["-"], stdin_filename="feed/corpus.jsonl")
    assert source.display == "feed/corpus.jsonl"
    items = read_all(source)
    assert [d.id for d in only_documents(items)] == ["1", "2"]
    assert [(e.path, e.line) for e in only_errors(items)] == [("feed/corpus.jsonl", 2)]
    out = fake_stdout(monkeypatch)
    stats = source.rewrite(squeeze)  # stdin is read once and kept
    assert (stats.documents, stats.changed, len(stats.errors)) == (2, 1, 1)
    assert out.getvalue() == data.replace(b"a  b", b"a b")


def test_stdin_gzip_jsonl(monkeypatch):
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BytesIO(gzip.compress(b'{"text": "a  b"}\n')))
    )
    [source] = iter_sources(["-"], stdin_filename="c.jsonl.gz")
    out = fake_stdout(monkeypatch)
    source.rewrite(squeeze)
    assert gzip.decompress(out.getvalue()) == b'{"text": "a b"}\n'
