"""Inputs: the files, directories and standard input that articles are read from.

A :class:`Source` yields :class:`~newslint.document.Document` objects, or an
:class:`InputError` for a part it cannot read, and carries on: one broken record in a corpus
of millions must not stop the run. A source can also be rewritten with fixed text, in its
own format and atomically (the mechanics are in :mod:`newslint.writing`).

JSONL is read one line at a time from a binary stream (decompressed on the fly when
gzip or Zstandard), and Parquet one record batch at a time, so a corpus never has to fit
in memory; a text file holds one article and is read whole.
"""

from __future__ import annotations

import codecs
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from fnmatch import fnmatch
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from newslint import compressed
from newslint.corpus import lookup
from newslint.document import Document

try:  # orjson parses several times faster; json gives the same results without it.
    import orjson

    _fast_loads: Callable[[bytes], Any] | None = orjson.loads
except ImportError:  # pragma: no cover - depends on the environment
    _fast_loads = None

TEXT_SUFFIXES = (".txt", ".md")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
PARQUET_SUFFIXES = (".parquet",)
# What a failing disk, a truncated or corrupt compressed stream or a full file system raise.
IO_ERRORS = (OSError, *compressed.ERRORS)

Transform = Callable[[Document], "dict[str, str] | None"]


@dataclass(frozen=True)
class FieldMap:
    """Which record keys hold the text, the id, the title and other metadata.

    ``metadata`` maps canonical names (date, url, source, authors, language…) to record
    keys. It applies to JSONL records and to YAML front matter alike.
    """

    text: str = "text"
    id: str = "id"
    title: str = "title"
    metadata: Mapping[str, str] = field(default_factory=dict)

    def renames(self) -> dict[Any, str]:
        """Record key -> canonical name, for the keys whose name changes."""
        pairs = [("title", self.title), *self.metadata.items()]
        return {key: name for name, key in pairs if key not in (name, self.text)}


def metadata_keys(
    keys: Iterable[Any], renames: Mapping[Any, str], text: str | None = None
) -> dict[Any, Any]:
    """Canonical metadata name -> the record key its value is taken from, in record order.

    Every key but the ``text`` key is metadata. A renamed key wins over a key that already
    has the canonical name: with ``title = "headline"``, a ``title`` key is not the title,
    whether the record has a ``headline`` or not (then it has no title).
    """
    keys = [k for k in keys if k != text]
    shadowed = set(renames.values())
    return {renames.get(k, k): k for k in keys if k in renames or k not in shadowed}


@dataclass(frozen=True)
class InputError:
    """A file, or one line or record of it, that could not be read; reading goes on after it.

    ``record`` is set for a record that has no line (a Parquet row, counted from 0 like a
    finding's ``record``), and then written ``path#record`` as findings are.
    """

    path: str
    line: int | None
    message: str
    record: int | None = None

    def __str__(self) -> str:
        if self.line is not None:
            where = f"{self.path}:{self.line}"
        elif self.record is not None:
            where = f"{self.path}#{self.record}"
        else:
            where = self.path
        return f"{where}: {self.message}"


@dataclass
class RewriteStats:
    """What :meth:`Source.rewrite` did: documents seen and changed, errors, file written."""

    documents: int = 0
    changed: int = 0
    errors: list[InputError] = field(default_factory=list)
    written: bool = False


def describe(exc: BaseException) -> str:
    """The short reason an I/O error gives ("Permission denied"), for an InputError."""
    return getattr(exc, "strerror", None) or str(exc) or type(exc).__name__


def input_format(name: str) -> str:
    """The format a file name says: "jsonl" for .jsonl/.ndjson, "parquet" for .parquet,
    else "text"; a compression suffix (.gz, .zst) is looked through."""
    base = compressed.strip_suffix(name.lower())
    if base.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if base.endswith(PARQUET_SUFFIXES):
        return "parquet"
    return "text"


class Source:
    """Somewhere documents come from: a text file, a JSONL or Parquet file, or standard input.

    ``format`` is "text" (one article), "jsonl" (one record a line) or "parquet" (one record
    a row); ``open`` gives the raw, uncompressed bytes (``compression`` names what they were
    stored in, None for none); ``id`` is the id of a text source's article.
    """

    display: str
    fields: FieldMap
    format: str = "text"
    compression: str | None = None
    path: Path | None = None
    id: str | None = None

    def open(self) -> BinaryIO:
        """A fresh binary stream of the source's uncompressed content."""
        raise NotImplementedError

    def documents(self) -> Iterator[Document | InputError]:
        """The documents of this source in order, and an error for each unreadable part."""
        try:
            stream = self.open()
        except IO_ERRORS as exc:
            yield InputError(self.display, None, f"cannot read: {describe(exc)}")
            return
        with stream:
            try:
                if self.format == "jsonl":
                    for _, _, item in read_records(stream, self.display, self.fields):
                        if item is not None:
                            yield item
                elif self.format == "parquet":
                    yield from read_parquet(stream, self.display, self.fields)
                else:
                    parsed = parse_text(stream.read(), self.display, self.fields, self.id)
                    yield parsed if isinstance(parsed, InputError) else parsed.document
            except IO_ERRORS as exc:
                yield InputError(self.display, None, f"cannot read: {describe(exc)}")

    def rewrite(self, transform: Transform) -> RewriteStats:
        """Read the source again and write back the text fields ``transform`` changes.

        ``transform`` gets each document and returns its changed fields (``{"text": …}``)
        or None. Unchanged parts are written back byte for byte, through a temporary file
        that replaces the original only once complete; a file where nothing changed is not
        touched at all, and a read or write failure leaves it as it was. Standard input is
        written to standard output, changed or not.
        """
        # writing builds on this module; importing it here keeps the import graph acyclic.
        from newslint.writing import rewrite_source

        return rewrite_source(self, transform)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.display!r})"


class _FileSource(Source):
    def __init__(
        self, path: Path | str, display: str | None = None, fields: FieldMap = FieldMap()
    ) -> None:
        self.path = Path(path)
        self.display = str(path) if display is None else display
        self.fields = fields
        name = self.path.name
        self.compression = compressed.compression_of(name)
        self.id = Path(compressed.strip_suffix(name)).stem

    def open(self) -> BinaryIO:
        """The file, opened for binary reading (and decompressed on the fly)."""
        return compressed.open_reader(self.path, self.compression)


class TextFileSource(_FileSource):
    """A ``.txt`` or ``.md`` file (or any file named explicitly): one article.

    Its id is the file's stem; YAML front matter becomes its metadata.
    """


class JsonlSource(_FileSource):
    """A JSON Lines file, plain or compressed (``.gz``, ``.zst``): one record a line, streamed."""

    format = "jsonl"


class ParquetSource(_FileSource):
    """A Parquet file: one record a row, streamed a record batch at a time (needs pyarrow).

    Its records are mapped to documents as JSONL records are; it cannot be rewritten.
    """

    format = "parquet"


class StdinSource(Source):
    """Standard input, read whole; ``stdin_filename``'s suffix says its format (default text).

    ``display``, and the path of its documents, is ``stdin_filename`` when one is given
    (as with ruff's ``--stdin-filename``), else ``-``.
    """

    def __init__(self, fields: FieldMap = FieldMap(), stdin_filename: str | None = None) -> None:
        self.fields = fields
        self.stdin_filename = stdin_filename
        self.display = stdin_filename or "-"
        name = stdin_filename or ""
        self.format = input_format(name)
        self.compression = compressed.compression_of(name)
        if self.format == "text" and stdin_filename:
            self.id = Path(compressed.strip_suffix(stdin_filename)).stem
        self._data: bytes | None = None

    def open(self) -> BinaryIO:
        """All of standard input, uncompressed; read once and kept for the rewrite."""
        if self._data is None:
            if sys.stdin is None:  # started without one, as daemons and some IDEs do
                raise OSError("there is no standard input")
            buffer = getattr(sys.stdin, "buffer", None)
            data = buffer.read() if buffer is not None else sys.stdin.read().encode()
            self._data = compressed.decompress(data, self.compression)
        return io.BytesIO(self._data)


# --- Text: one article, optional YAML front matter -----------------------------------------


@dataclass
class TextLayout:
    """How a text file was written: BOM, front matter as written, line endings.

    ``front`` is the front matter block as written, both ``---`` lines included (empty
    when there is none); the YAML inside it is ``front[yaml_start:yaml_end]``.
    """

    bom: bool = False
    front: str = ""
    yaml_start: int = 0
    yaml_end: int = 0
    crlf: bool = False


@dataclass
class TextArticle:
    """A text file's article and what it takes to write it back as it was written."""

    document: Document
    layout: TextLayout
    origin: dict[Any, Any]  # canonical metadata name -> front matter key


def parse_text(
    data: bytes, display: str, fields: FieldMap, id: str | None = None
) -> TextArticle | InputError:
    """A text file's bytes as one article; YAML front matter becomes its metadata."""
    layout = TextLayout(bom=data.startswith(codecs.BOM_UTF8))
    if layout.bom:
        data = data[len(codecs.BOM_UTF8) :]
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        return InputError(display, line, f"invalid UTF-8 (byte {exc.start + 1 + 3 * layout.bom})")
    # Rules see LF only; a file that is CRLF throughout gets CRLF back when written.
    newlines = raw.count("\n")
    layout.crlf = newlines > 0 and raw.count("\r\n") == newlines
    meta: dict[Any, Any] = {}
    origin: dict[Any, Any] = {}
    bases: dict[str, int] = {}
    block = _front_matter(raw)
    if block is not None:
        layout.yaml_start, layout.yaml_end, end = block
        layout.front = raw[:end]
        loaded = _load_yaml(raw[layout.yaml_start : layout.yaml_end], display)
        if isinstance(loaded, InputError):
            return loaded
        values, lines = loaded
        origin = metadata_keys(values, fields.renames())
        meta = {name: values[key] for name, key in origin.items()}
        bases = {name: lines[key] for name, key in origin.items() if key in lines}
        bases["text"] = layout.front.count("\n")
    body = raw[len(layout.front) :]
    if layout.crlf:
        body = body.replace("\r\n", "\n")
    document = Document(text=body, metadata=meta, id=id, path=display, line_bases=bases)
    return TextArticle(document, layout, origin)


def _front_matter(raw: str) -> tuple[int, int, int] | None:
    """(YAML start, YAML end, block end) of a leading ``---`` block, or None without one.

    A ``---`` first line with no closing ``---`` or ``...`` line is text (a rule, say).
    """
    first = raw.find("\n")
    if first == -1 or raw[:first].rstrip() != "---":
        return None
    pos = first + 1
    while pos < len(raw):
        nl = raw.find("\n", pos)
        end = len(raw) if nl == -1 else nl + 1
        if raw[pos:end].rstrip() in ("---", "..."):
            return first + 1, pos, end
        pos = end
    return None


def _load_yaml(text: str, display: str) -> tuple[dict, dict] | InputError:
    """Front matter as a mapping, and for each top-level scalar the line base of its value."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        values = {} if node is None else loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = 1 if mark is None else mark.line + 2  # after the "---" line, 1-based
        problem = getattr(exc, "problem", None) or str(exc)
        return InputError(display, line, f"invalid YAML front matter: {problem}")
    finally:
        loader.dispose()
    if not isinstance(values, dict):
        return InputError(display, 1, "front matter is not a YAML mapping")
    lines = {}
    for key, value in node.value if node is not None else ():
        if isinstance(key, yaml.ScalarNode) and isinstance(value, yaml.ScalarNode):
            # The YAML starts on file line 2; a block scalar's text on the line after "|".
            lines[key.value] = value.start_mark.line + 1 + (value.style in ("|", ">"))
    return values, lines


# --- JSON Lines: one record a line, streamed -----------------------------------------------


def _load_record(raw: bytes) -> Any:
    """The JSON value of one line; raises UnicodeDecodeError or ValueError."""
    if _fast_loads is not None:
        try:
            return _fast_loads(raw)
        except ValueError:
            pass  # json has the last word: it takes big integers and NaN, and words errors better
    return json.loads(raw.decode("utf-8"))


def _json_problem(exc: json.JSONDecodeError) -> str:
    """What is wrong with a line's JSON, and where on the line: json counts the line's own
    newline as a line of its own, so a record cut short would be "at column 1" of it."""
    content = exc.doc.rstrip("\r\n")
    message = exc.msg.removesuffix(" at")  # json's "Invalid control character at"
    if exc.pos >= len(content):
        if message == "Invalid control character":  # the line's own newline, in a string
            message = "Unterminated string"
        return f"{message} at the end of the line"
    return f"{message} at column {exc.pos + 1}"


def read_records(
    lines: Iterable[bytes],
    display: str,
    fields: FieldMap,
    *,
    first_line: int = 1,
    first_record: int = 0,
) -> Iterator[tuple[int, bytes, Document | InputError | None]]:
    """Each raw line with its 1-based number and its document, error, or None if blank.

    ``record`` counts the non-blank lines, broken ones included, so that one broken record
    does not shift the numbers of those after it. ``first_line`` and ``first_record`` place
    ``lines`` in their file when they are a part of it (a chunk a worker process reads).
    """
    renames = fields.renames()
    index = first_record - 1
    for number, raw in enumerate(lines, first_line):
        if not raw.strip():
            yield number, raw, None
            continue
        index += 1
        body = raw[3:] if number == 1 and raw.startswith(codecs.BOM_UTF8) else raw
        try:
            record = _load_record(body)
        except UnicodeDecodeError as exc:
            message = f"invalid UTF-8 (byte {exc.start + 1} of the line)"
            yield number, raw, InputError(display, number, message)
            continue
        except ValueError as exc:
            reason = _json_problem(exc) if isinstance(exc, json.JSONDecodeError) else exc
            yield number, raw, InputError(display, number, f"invalid JSON: {reason}")
            continue
        if _fast_loads and isinstance(record, dict) and isinstance(record.get(fields.id), float):
            # orjson reads integers beyond 64 bits as floats; an id must stay exact.
            record = json.loads(body.decode("utf-8"))
        yield number, raw, record_document(record, fields, renames, display, number, index)


def record_document(
    record: Any,
    fields: FieldMap,
    renames: Mapping[Any, str],
    path: str | None,
    number: int | None,
    index: int,
) -> Document | InputError:
    """The document of one parsed record, or the error that says why it has none.

    The one place a record becomes a document, for JSONL files and for batches of records
    from elsewhere alike (:func:`newslint.api.lint_batch`), so that both give the same
    findings. ``renames`` is ``fields.renames()``, computed once by the caller; ``path``
    is where the record is from, ``number`` its line there (None: not from a file's line;
    an error names the record then) and ``index`` its record number.
    """
    if not isinstance(record, dict):
        message = f"record is a JSON {_json_type(record)}, not an object"
        return _record_error(path, number, index, message)
    text = record.get(fields.text)
    if not isinstance(text, str):
        if fields.text not in record:
            return _record_error(path, number, index, f"record has no {fields.text!r} field")
        message = f"field {fields.text!r} is a JSON {_json_type(text)}, not a string"
        return _record_error(path, number, index, message)
    return _document(record, text, fields, renames, path, index, number)


def _document(
    record: Mapping[Any, Any],
    text: str,
    fields: FieldMap,
    renames: Mapping[Any, str],
    path: str | None,
    index: int,
    line: int | None = None,
) -> Document:
    """The document of a record (a JSONL line, a Parquet row) whose text is ``text``: every
    other key is metadata, under its canonical name; a renamed key with dots that the record
    does not have is a path into its nested objects (``meta.date``). ``line``: the record's
    line in its file, where it has one."""
    if renames:
        origin = metadata_keys(record, renames, fields.text)
        meta = {name: record[key] for name, key in origin.items()}
        for key, name in renames.items():
            if name not in meta and isinstance(key, str) and "." in key:
                value = lookup(record, key)
                if value is not None:
                    meta[name] = value
    else:
        meta = {k: v for k, v in record.items() if k != fields.text}
    ident = record.get(fields.id)
    ident = None if ident is None else str(ident)
    return Document(text=text, metadata=meta, id=ident, path=path, record=index, source_line=line)


def _record_error(path: str | None, number: int | None, index: int, message: str) -> InputError:
    if number is None:
        message = f"record {index}: {message}"
    return InputError(path or "<records>", number, message)


def _json_type(value: Any) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    return names.get(type(value), "number")


# --- Parquet: one record a row, streamed a batch at a time ----------------------------------

PARQUET_EXTRA = "pip install 'newslint[parquet]'"
#: rows converted to Python at a time: a few MB of news text, whatever the file's size
PARQUET_BATCH_ROWS = 1024
PARQUET_READ_BUFFER = 1 << 20


def read_parquet(
    stream: BinaryIO, display: str, fields: FieldMap, batch_rows: int = PARQUET_BATCH_ROWS
) -> Iterator[Document | InputError]:
    """Each row of a Parquet file as a document, or an error for a row whose text is null.

    A row's ``record`` is its index in the file, from 0; its columns are mapped as a JSONL
    record's keys are. A file without a string ``text`` column is one error, not one per
    row: every row would fail alike. pyarrow is imported here, only when Parquet is read.
    """
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        yield InputError(display, None, f"reading Parquet needs pyarrow: {PARQUET_EXTRA}")
        return
    try:
        # Without pre-buffering and with a read buffer, pages are read as they are decoded:
        # memory is that of a batch, not of a whole row group (which can be gigabytes).
        parquet = pyarrow.parquet.ParquetFile(
            stream, pre_buffer=False, buffer_size=PARQUET_READ_BUFFER
        )
        problem = _text_column_problem(parquet.schema_arrow, fields.text)
        if problem:
            yield InputError(display, None, problem)
            return
        renames = fields.renames()
        row = 0
        for batch in parquet.iter_batches(batch_size=batch_rows):
            for record in batch.to_pylist():
                text = record[fields.text]
                if text is None:  # the column holds strings: a null is the only other value
                    message = f"field {fields.text!r} is null, not a string"
                    yield InputError(display, None, message, record=row)
                else:
                    meta = {key: _plain(value) for key, value in record.items()}
                    yield _document(meta, text, fields, renames, display, row)
                row += 1
    except pyarrow.ArrowException as exc:
        yield InputError(display, None, f"invalid Parquet: {exc}")


def _text_column_problem(schema: Any, name: str) -> str | None:
    """Why a Parquet schema has no usable text column ``name``, or None if it has one."""
    import pyarrow.types as types

    if name not in schema.names:
        return f"no {name!r} column (columns: {', '.join(schema.names)})"
    kind = schema.field(name).type
    if types.is_dictionary(kind):
        kind = kind.value_type
    if types.is_string(kind) or types.is_large_string(kind) or types.is_string_view(kind):
        return None
    return f"column {name!r} is {kind}, not a string"


def _plain(value: Any) -> Any:
    """A Parquet value as JSON would give it, so that metadata rules see the same values in
    either format: dates and times as ISO 8601 strings, other non-JSON scalars (decimals,
    bytes) as strings, structs as objects, lists as lists and maps as lists of pairs."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


# --- Finding the sources --------------------------------------------------------------------


_SOURCES: dict[str, type[_FileSource]] = {
    "text": TextFileSource,
    "jsonl": JsonlSource,
    "parquet": ParquetSource,
}


def source_for(
    path: Path | str, display: str | None = None, fields: FieldMap = FieldMap()
) -> Source:
    """The source for one file, by suffix (see :func:`input_format`)."""
    kind = _SOURCES[input_format(Path(path).name)]
    return kind(path, display, fields)


def iter_sources(
    paths: Sequence[str],
    *,
    fields: FieldMap = FieldMap(),
    exclude: Sequence[str] = (),
    stdin_filename: str | None = None,
) -> Iterator[Source | InputError]:
    """The sources named by ``paths``, in order; directories are searched recursively.

    In a directory, files ending in .txt, .md, .jsonl, .ndjson (each of those two also
    with .gz or .zst) or .parquet are taken, in sorted order, except hidden files and
    directories and those matching an ``exclude`` glob (against the path relative to the
    directory, and against the name). A file named explicitly is always taken. ``-`` is
    standard input.
    """
    for given in paths:
        if given == "-":
            yield StdinSource(fields, stdin_filename)
            continue
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, path, exclude, fields)
        elif path.exists():
            yield source_for(path, given, fields)
        else:
            yield InputError(given, None, "no such file or directory")


def _walk(
    root: Path, directory: Path, exclude: Sequence[str], fields: FieldMap
) -> Iterator[Source | InputError]:
    try:
        with os.scandir(directory) as scan:
            entries = sorted(scan, key=lambda e: e.name)
    except OSError as exc:
        yield InputError(str(directory), None, f"cannot read directory: {describe(exc)}")
        return
    for entry in entries:
        path = directory / entry.name
        if _left_out(root, path, exclude):
            continue
        try:
            # Symlinked directories are not followed: they can loop.
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(root, path, exclude, fields)
        elif _walked(entry.name):
            yield source_for(path, str(path), fields)


def _left_out(root: Path, path: Path, exclude: Sequence[str]) -> bool:
    """Whether a walk of ``root`` leaves ``path`` (a file or directory in it) out: hidden,
    or matching an ``exclude`` glob, against its path from ``root`` or its name."""
    relative = path.relative_to(root).as_posix()
    return path.name.startswith(".") or any(
        fnmatch(relative, p) or fnmatch(path.name, p) for p in exclude
    )


def input_holding(paths: Sequence[str], target: str, exclude: Sequence[str] = ()) -> str | None:
    """The one of ``paths`` through which :func:`iter_sources` would read the file
    ``target`` (it, or a directory whose walk takes it); None where none would: so that a
    report is never written over what is being read."""
    goal = Path(target).resolve()
    for given in paths:
        if given == "-":
            continue
        path = Path(given)
        if not path.is_dir():
            if goal.exists() and path.exists() and os.path.samefile(path, goal):
                return given
            continue
        root = path.resolve()
        if not goal.is_relative_to(root) or goal == root:
            continue
        parts = goal.relative_to(root).parts
        steps = [root.joinpath(*parts[: i + 1]) for i in range(len(parts))]
        if _walked(goal.name) and not any(_left_out(root, step, exclude) for step in steps):
            return given
    return None


def _walked(name: str) -> bool:
    """Whether a file met in a directory is an input: text files only uncompressed (a
    ``.txt.gz`` is more likely an archive than an article), records also compressed."""
    name = name.lower()
    if name.endswith(TEXT_SUFFIXES + PARQUET_SUFFIXES):
        return True
    return compressed.strip_suffix(name).endswith(JSONL_SUFFIXES)
