"""Documents: the text fields a rule reads, the metadata beside them, and line lookup."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

DEFAULT_LANGUAGE = "en"
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")


def document_language(document: Document, default: str = DEFAULT_LANGUAGE) -> str:
    """The document's language code from its metadata (``language`` or ``lang``), else default.

    Regional variants count as their language: ``en-GB`` and ``en_US`` are ``en``; a value
    that is not a language code is ignored.
    """
    for key in ("language", "lang"):
        value = document.metadata.get(key)
        if isinstance(value, str):
            code = value.strip().lower().replace("_", "-").split("-")[0]
            # Only an ISO 639 code counts: "mixed (mostly en)" or "English" says nothing
            # rules can use, so the default stands.
            if _LANGUAGE_CODE.fullmatch(code):
                return code
    return default


def document_source(document: Document, key: str) -> str | None:
    """The document's metadata value ``key`` as a string; ``domain`` falls back to the host
    of its ``url`` (lower-case, without ``www.``), so sources can be told apart by either."""
    value = document.metadata.get(key)
    if value is None and key == "domain":
        value = url_host(document.metadata.get("url"))
    return None if value is None else str(value)


def url_host(url: Any) -> str | None:
    """The host of ``url`` as a source name: lower-case, without ``www.``; None without one."""
    if not isinstance(url, str):
        return None
    host = urlsplit(url.strip()).hostname or ""
    return host.removeprefix("www.") or None


#: a lone half of a UTF-16 surrogate pair: a code point a str may hold (from JSON's
#: "\ud800" escape) but UTF-8 cannot
_SURROGATE = re.compile("[\ud800-\udfff]")


def encodable(text: str) -> str:
    """``text`` with each lone surrogate as U+FFFD: the same length and offsets, and UTF-8
    (which a native matcher needs) can hold it. Nothing a rule looks for holds either."""
    return _SURROGATE.sub("\ufffd", text)


#: a line of a text: start and end offsets (without surrounding blanks) and its content
Line = tuple[int, int, str]


def stripped_lines(text: str) -> list[Line]:
    """(start, end, content) of every line of ``text``, its surrounding blanks left out of
    the span and the content (a blank line is ``(start, start, "")``)."""
    out = []
    pos = 0
    for raw in text.split("\n"):
        content = raw.strip()
        lead = len(raw) - len(raw.lstrip()) if content else 0
        out.append((pos + lead, pos + lead + len(content), content))
        pos += len(raw) + 1
    return out


def first_line_span(text: str) -> tuple[int, int]:
    """The span of the text's first non-blank line, without its surrounding blanks."""
    start = len(text) - len(text.lstrip())
    end = text.find("\n", start)
    end = len(text) if end == -1 else end
    return start, len(text[:end].rstrip())


def head_end(text: str, lines: int) -> int:
    """Where the first ``lines`` lines of ``text`` end (after their newline), or its end."""
    end = 0
    for _ in range(lines):
        nl = text.find("\n", end)
        if nl == -1:
            return len(text)
        end = nl + 1
    return end


class LineIndex:
    """Maps code-point offsets in one text to 1-based (line, column) pairs.

    Built lazily: most documents of a clean corpus have no findings and never need it.
    """

    __slots__ = ("_starts", "line_base")

    def __init__(self, text: str, line_base: int = 0) -> None:
        starts = [0]
        find = text.find
        i = find("\n")
        while i != -1:
            starts.append(i + 1)
            i = find("\n", i + 1)
        self._starts = starts
        self.line_base = line_base

    def position(self, offset: int) -> tuple[int, int]:
        """Return the 1-based (line, column) of ``offset``."""
        row = bisect.bisect_right(self._starts, offset) - 1
        return row + 1 + self.line_base, offset - self._starts[row] + 1

    def line_start(self, line: int) -> int:
        """Offset where 1-based ``line`` (counted from this text's own start) begins."""
        return self._starts[line - 1]

    def __len__(self) -> int:
        return len(self._starts)


@dataclass
class Document:
    """One article: its lintable text fields, its metadata, and where it came from.

    ``fields`` holds the text fields rules may read (``text`` always; ``title`` and others when
    the record has them). ``line_bases`` shifts reported line numbers, so that a finding in the
    body of a file with YAML front matter points at the right line of the file.
    """

    text: str
    metadata: Mapping[str, Any] = field(default_factory=dict)
    id: str | None = None
    path: str | None = None
    record: int | None = None
    fields: dict[str, str] = field(default_factory=dict)
    line_bases: dict[str, int] = field(default_factory=dict)
    #: set by the engine from the metadata or its default; rules read it from here
    language: str | None = None
    #: the line of its file a record was read from (a JSONL line), for reporters that
    #: annotate files; None for a text file or a record from elsewhere
    source_line: int | None = None
    _indexes: dict[str, LineIndex] = field(default_factory=dict, repr=False)
    _derived: dict[Any, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.fields.setdefault("text", self.text)
        for name in ("title", "headline"):
            value = self.metadata.get(name)
            if isinstance(value, str) and name not in self.fields:
                self.fields[name] = value

    def with_field(self, name: str, value: str) -> Document:
        """A copy of this document with one text field replaced (used by the fixer)."""
        fields = dict(self.fields)
        fields[name] = value
        metadata = self.metadata
        if name in metadata and name != "text":  # a metadata value, fixed as text
            metadata = {**metadata, name: value}
        return Document(
            text=fields["text"],
            metadata=metadata,
            id=self.id,
            path=self.path,
            record=self.record,
            fields=fields,
            line_bases=self.line_bases,
            language=self.language,
        )

    def derived(self, key: Any, compute: Callable[..., Any], *args: Any) -> Any:
        """``compute(*args)``, computed from this document once however many rules ask for
        it (the reading of a story's opening, say); ``key`` names what and from what."""
        if key not in self._derived:
            self._derived[key] = compute(*args)
        return self._derived[key]

    def text_of(self, name: str) -> str:
        """The text of field ``name``: a text field, else the metadata value of that name as
        a string (metadata rules report positions in it), else ""."""
        text = self.fields.get(name)
        if text is not None:
            return text
        value = self.metadata.get(name)
        return "" if value is None else str(value)

    def index(self, name: str) -> LineIndex:
        idx = self._indexes.get(name)
        if idx is None:
            idx = LineIndex(self.text_of(name), self.line_bases.get(name, 0))
            self._indexes[name] = idx
        return idx
