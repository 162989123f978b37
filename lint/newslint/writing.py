"""Writing fixed articles back: in their own format, atomically, changing nothing else.

A fixed JSONL record is not re-serialised: the raw span of each changed value is found in
the raw line and only that span is replaced, so every other byte (key order, spacing,
number spelling, escapes) stays as written; untouched lines are copied as they are. YAML
front matter is edited the same way, one scalar at a time. Files are replaced through a
temporary file in the same directory, and only when something changed.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import json
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import BinaryIO, Protocol

import yaml

from newslint import compressed
from newslint.document import Document
from newslint.sources import (
    IO_ERRORS,
    InputError,
    RewriteStats,
    Source,
    StdinSource,
    TextLayout,
    Transform,
    describe,
    metadata_keys,
    parse_text,
    read_records,
)

_WHITESPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
_BUFFER_SIZE = 1 << 20


def rewrite_source(source: Source, transform: Transform) -> RewriteStats:
    """Read ``source`` again and write back what ``transform`` changes (see Source.rewrite)."""
    stats = RewriteStats()
    if not rewritable(source):
        message = f"cannot write fixes to {source.format} files; left as it was"
        stats.errors.append(InputError(source.display, None, message))
        return stats
    try:
        stream = source.open()
    except IO_ERRORS as exc:
        stats.errors.append(InputError(source.display, None, f"cannot read: {describe(exc)}"))
        return stats
    out: Sink
    if isinstance(source, StdinSource):
        out = StdoutSink(compression=source.compression)
    else:
        out = LazyFile(source.path, compression=source.compression, reopen=source.open)
    try:
        with stream:
            _WRITERS[source.format](source, stream, transform, out, stats)
        stats.written = out.commit()
    except IO_ERRORS as exc:
        out.discard()
        message = f"cannot rewrite, left as it was: {describe(exc)}"
        stats.errors.append(InputError(source.display, None, message))
    except BaseException:
        out.discard()
        raise
    return stats


def _changes(document: Document, changes: Mapping[str, str] | None) -> dict[str, str]:
    """The fields whose new value really differs from the document's."""
    if not changes:
        return {}
    return {k: v for k, v in changes.items() if document.fields.get(k) != v}


def _rewrite_text(
    source: Source, stream: BinaryIO, transform: Transform, out: Sink, stats: RewriteStats
) -> None:
    data = stream.read()
    parsed = parse_text(data, source.display, source.fields, source.id)
    if isinstance(parsed, InputError):
        stats.errors.append(parsed)
        out.keep(data)
        return
    stats.documents += 1
    changes = _changes(parsed.document, transform(parsed.document))
    body = changes.pop("text", parsed.document.text)
    front = {parsed.origin.get(name, name): value for name, value in changes.items()}
    fixed, failed = render_text(parsed.layout, body, front)
    for key in failed:
        message = f"cannot write the fixed {key!r} into the front matter; left as it was"
        stats.errors.append(InputError(source.display, 1, message))
    if fixed == data:
        out.keep(data)
    else:
        stats.changed += 1
        out.put(fixed)


def _rewrite_jsonl(
    source: Source, stream: BinaryIO, transform: Transform, out: Sink, stats: RewriteStats
) -> None:
    fields = source.fields
    renames = fields.renames()
    # A renamed name the record lacks goes to its key all the same, never to the key of the
    # canonical name (which was not read as it): a nested path is then reported missing.
    back = {name: key for key, name in renames.items()}
    for number, raw, item in read_records(stream, source.display, fields):
        if not isinstance(item, Document):
            if item is not None:
                stats.errors.append(item)
            out.keep(raw)
            continue
        stats.documents += 1
        changes = _changes(item, transform(item))
        if not changes:
            out.keep(raw)
            continue
        origin = {}
        if renames:  # metadata names go back to the keys they were read from
            body = raw[3:] if number == 1 and raw.startswith(codecs.BOM_UTF8) else raw
            origin = metadata_keys(json.loads(body.decode("utf-8")), renames, fields.text)
        origin["text"] = fields.text
        keys = {k: origin.get(k, back.get(k, k)) for k in changes}
        fixed, missing = splice_line(raw, {keys[k]: v for k, v in changes.items()})
        for key in missing:
            message = f"record has no {key!r} key for the fixed text; left as it was"
            stats.errors.append(InputError(source.display, number, message))
        if fixed == raw:
            out.keep(raw)
        else:
            stats.changed += 1
            out.put(fixed)


_WRITERS = {"text": _rewrite_text, "jsonl": _rewrite_jsonl}


def rewritable(source: Source) -> bool:
    """Whether fixes can be written back to ``source``: text and JSONL, not Parquet (a
    rewrite that kept every other column, type and row group as it was is not written)."""
    return source.format in _WRITERS


class Sink(Protocol):
    """Where a rewrite sends content: unchanged parts to ``keep``, changed ones to ``put``."""

    def keep(self, raw: bytes) -> None: ...
    def put(self, data: bytes) -> None: ...
    def commit(self) -> bool: ...
    def discard(self) -> None: ...


class AtomicFile:
    """Bytes written to a temporary file beside ``path`` that replace ``path`` on commit.

    Readers of ``path`` see the old file or the new one, never a half-written one; if the
    process dies or :meth:`discard` is called, the original stays as it was.
    """

    def __init__(self, path: Path | str, *, compression: str | None = None) -> None:
        # Replace the file a symlink points to, not the symlink itself.
        self.target = Path(os.path.realpath(path))
        fd, name = tempfile.mkstemp(
            dir=self.target.parent, prefix=f".{self.target.name}.", suffix=".tmp"
        )
        self.temp = Path(name)
        self._raw = os.fdopen(fd, "wb")
        self._out = compressed.open_writer(self._raw, compression, self.target.name)
        self.committed = False

    def write(self, data: bytes) -> None:
        """Append ``data`` to the new content."""
        self._out.write(data)

    def commit(self) -> None:
        """Make the new content durable, give it the original's mode, and move it in place."""
        mode = stat.S_IMODE(os.stat(self.target).st_mode)
        try:
            if self._out is not self._raw:
                self._out.close()  # ends the compressed stream; leaves the raw file open
            self._raw.flush()
            os.fchmod(self._raw.fileno(), mode)
            os.fsync(self._raw.fileno())
            self._raw.close()
            os.replace(self.temp, self.target)
        except BaseException:
            self.discard()
            raise
        self.committed = True
        # The rename itself is durable only once the directory is synced too.
        with contextlib.suppress(OSError):
            fd = os.open(self.target.parent, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)

    def discard(self) -> None:
        """Forget the new content; the original file stays as it was."""
        for stream in (self._out, self._raw):
            with contextlib.suppress(OSError, ValueError):
                stream.close()
        self.temp.unlink(missing_ok=True)


class LazyFile:
    """A :class:`Sink` into an :class:`AtomicFile` that is made only at the first change.

    Most files of a clean corpus need no fix, and for them nothing is written at all. Until
    the first change, unchanged lines are only counted; then the unchanged prefix is copied
    from a fresh reader of the original (``reopen``), and writing goes on from there.
    """

    def __init__(
        self, path: Path, *, compression: str | None, reopen: Callable[[], BinaryIO]
    ) -> None:
        self.path = path
        self.compression = compression
        self.reopen = reopen
        self.file: AtomicFile | None = None
        self._pending = 0

    def keep(self, raw: bytes) -> None:
        """An unchanged part: copied as it is (later, if a change ever comes)."""
        if self.file is None:
            self._pending += len(raw)
        else:
            self.file.write(raw)

    def put(self, data: bytes) -> None:
        """A changed part."""
        if self.file is None:
            self.file = AtomicFile(self.path, compression=self.compression)
            with self.reopen() as original:
                size = self._pending
                while size > 0:
                    chunk = original.read(min(size, _BUFFER_SIZE))
                    if not chunk:
                        raise OSError("the file became shorter while it was being fixed")
                    self.file.write(chunk)
                    size -= len(chunk)
        self.file.write(data)

    def commit(self) -> bool:
        """Replace the original if anything changed; return whether it was replaced."""
        if self.file is None:
            return False
        self.file.commit()
        return True

    def discard(self) -> None:
        """Leave the original as it was."""
        if self.file is not None:
            self.file.discard()


class StdoutSink:
    """A :class:`Sink` that writes everything, changed or not, to standard output on commit.

    Fixed standard input goes to standard output, as with ruff. Collecting it first means a
    failure halfway leaves standard output empty rather than holding half the input.
    """

    def __init__(self, *, compression: str | None = None) -> None:
        self.compression = compression
        self.data = io.BytesIO()

    def keep(self, raw: bytes) -> None:
        """Pass ``raw`` through."""
        self.data.write(raw)

    put = keep

    def commit(self) -> bool:
        """Write everything collected to standard output."""
        data = self.data.getvalue()
        data = compressed.compress(data, self.compression)
        sys.stdout.flush()
        target = getattr(sys.stdout, "buffer", None)
        if target is not None:
            target.write(data)
            target.flush()
        else:  # a replaced sys.stdout (tests, notebooks) may have no binary layer
            sys.stdout.write(data.decode("utf-8", "surrogateescape"))
        return True

    def discard(self) -> None:
        """Write nothing."""


def value_spans(line: str, start: int = 0) -> dict[str, tuple[int, int]]:
    """Where each top-level value of the JSON object in ``line`` is: key -> (start, end).

    ``line`` must hold a valid JSON object from ``start`` on. For a key given twice the
    last one counts, as it does for ``json.loads``.
    """
    spans: dict[str, tuple[int, int]] = {}
    i = _WHITESPACE.match(line, start).end()  # type: ignore[union-attr]
    if line[i : i + 1] != "{":
        raise ValueError("not a JSON object")
    i = _WHITESPACE.match(line, i + 1).end()  # type: ignore[union-attr]
    if line[i : i + 1] == "}":
        return spans
    while True:
        key, i = json.decoder.scanstring(line, i + 1)  # type: ignore[attr-defined]
        i = _WHITESPACE.match(line, i).end() + 1  # type: ignore[union-attr]  # past the ":"
        i = _WHITESPACE.match(line, i).end()  # type: ignore[union-attr]
        _, end = _DECODER.raw_decode(line, i)
        spans[key] = (i, end)
        i = _WHITESPACE.match(line, end).end()  # type: ignore[union-attr]
        if line[i : i + 1] != ",":
            return spans
        i = _WHITESPACE.match(line, i + 1).end()  # type: ignore[union-attr]


def splice_json(
    line: str, changes: Mapping[str, str], start: int = 0, *, force_ascii: bool = False
) -> tuple[str, list[str]]:
    """``line`` with the top-level values named in ``changes`` replaced by new strings.

    A new string is written ASCII-only with ``\\u`` escapes if the value it replaces was
    (or with ``force_ascii``), else with its characters as they are. ``line`` holds a valid
    JSON object from ``start`` on. Returns the new line and the keys the record lacks.
    """
    spans = value_spans(line, start)
    edits = []
    for key, value in changes.items():
        if key in spans:
            old = line[slice(*spans[key])]
            escape = force_ascii or (old.isascii() and "\\u" in old)
            edits.append((spans[key], json.dumps(value, ensure_ascii=escape)))
    parts = []
    pos = 0
    for (begin, end), replacement in sorted(edits):
        parts += [line[pos:begin], replacement]
        pos = end
    parts.append(line[pos:])
    return "".join(parts), [key for key in changes if key not in spans]


def splice_line(raw: bytes, changes: Mapping[str, str]) -> tuple[bytes, list[str]]:
    """A raw JSONL line (ending included) with top-level values replaced: key -> new text.

    Keeps the line ending and a leading byte order mark. Returns the new bytes and the keys
    the record lacks.
    """
    content = raw.rstrip(b"\r\n")
    ending = raw[len(content) :]
    line = content.decode("utf-8")
    start = 1 if line.startswith("\ufeff") else 0
    fixed, missing = splice_json(line, changes, start)
    try:
        return fixed.encode("utf-8") + ending, missing
    except UnicodeEncodeError:
        # A lone surrogate (the record had a "\ud800" escape) can only be written escaped.
        fixed, missing = splice_json(line, changes, start, force_ascii=True)
        return fixed.encode("utf-8") + ending, missing


def splice_yaml(front: str, key: str, value: str) -> str | None:
    """YAML mapping text ``front`` with the scalar under top-level ``key`` set to ``value``.

    A plain value stays plain when the new one reads back as the same string; otherwise it
    is written double-quoted (a JSON string is a valid YAML double-quoted scalar).
    Everything else stays byte for byte. Returns None when that cannot be done faithfully:
    no such key, a value that is not a scalar, or no spelling that reads back right.
    """
    loader = yaml.SafeLoader(front)
    try:
        root = loader.get_single_node()
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    if not isinstance(root, yaml.MappingNode):
        return None
    found = [v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == key]
    if not found or not isinstance(found[-1], yaml.ScalarNode):
        return None
    node = found[-1]
    begin, end = node.start_mark.index, node.end_mark.index
    old = front[begin:end]
    # A block scalar's span takes in the line breaks after it; they must stay.
    trailing = old[len(old.rstrip("\r\n")) :]
    spellings = [value] if node.style is None and value.strip() == value else []
    spellings.append(json.dumps(value, ensure_ascii=False))
    for spelling in spellings:
        result = front[:begin] + spelling + trailing + front[end:]
        try:
            data = yaml.safe_load(result)
        except yaml.YAMLError:
            continue
        if isinstance(data, dict) and data.get(key) == value:
            return result
    return None


def render_text(
    layout: TextLayout, body: str, front_changes: Mapping[str, str]
) -> tuple[bytes, list[str]]:
    """A text file's bytes: ``body`` (LF line ends) and changed front matter values.

    Returns the bytes and the front matter keys that could not be written.
    """
    yaml_text = layout.front[layout.yaml_start : layout.yaml_end]
    failed = []
    for key, value in front_changes.items():
        spliced = splice_yaml(yaml_text, key, value)
        if spliced is None:
            failed.append(key)
        else:
            yaml_text = spliced
    front = layout.front[: layout.yaml_start] + yaml_text + layout.front[layout.yaml_end :]
    if layout.crlf:
        body = body.replace("\n", "\r\n")
    data = (front + body).encode("utf-8")
    return (codecs.BOM_UTF8 + data if layout.bom else data), failed
