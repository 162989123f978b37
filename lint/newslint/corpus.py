"""What the corpus rules (``newslint.kinds.corpus``) compare, and where they keep it.

A corpus pass keeps state for every record it has seen, so what it keeps must be small:
ids and urls are remembered as 64-bit digests, compared values as 32-bit digests, and a
record's place as one integer, all in the flat arrays of a :class:`DigestTable` rather
than in a dict (which spends some 120 bytes an entry on its slots and int objects).

A date's *format* is its shape with the numbers and month names abstracted ("Feb 9, 2021"
is ``Month NN, YYYY``), so that the records of a source can be compared by how they write
dates, not by which dates they hold.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from array import array
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from newslint.dates import MONTHS

WEEKDAYS = frozenset(
    {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
    | {"mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"}
)
_TOKEN = re.compile(r"\d+|[^\W\d_]+|\s+|.", re.S)
_ISO_DAY = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_WORDY_DAY = re.compile(
    r"\s*(?:[^\W\d_]+\.?,?\s+)??(?:(\d{1,2})\.?\s+([^\W\d_]+)\.?|([^\W\d_]+)\.?\s+(\d{1,2}))"
    r"(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)"
)
_KEY_NOISE = re.compile(r"[\s_\-]+")
_BLANKS = re.compile(r"\s+")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def digest(text: str, size: int = 8) -> int:
    """A ``size``-byte blake2b digest of ``text`` as an int: what a corpus pass keeps of an
    id or a url instead of the string (8 bytes: one false match in ~10^19 pairs)."""
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=size).digest(), "big")


def date_format(value: str) -> str:
    """The shape of a written date: ``YYYY`` for a four-digit number, ``NN`` for a one- or
    two-digit one (so a day written without a leading zero is the same format), ``Month``
    for a month name, full or abbreviated, with or without a dot (AP style writes "Feb. 9"
    and "May 9": one format), ``Day`` for a weekday name, ``9`` per digit of other numbers;
    blanks become one space, other words and punctuation stay as written."""
    shapes: list[str] = []
    for token in _TOKEN.findall(value.strip()):
        if token == "." and shapes and shapes[-1] in ("Month", "Day"):
            continue
        shapes.append(_shape(token))
    return "".join(shapes)


def _shape(token: str) -> str:
    if token.isdigit():
        return "YYYY" if len(token) == 4 else "NN" if len(token) <= 2 else "9" * len(token)
    if token.isspace():
        return " "
    word = token.casefold()
    if word in MONTHS:
        return "Month"
    if word in WEEKDAYS:
        return "Day"
    return token


def calendar_day(value: str) -> datetime.date | None:
    """The day an unambiguous written date names (``2021-02-09``, ``2021-02-09T10:00Z``,
    ``Feb 9, 2021``, ``Tuesday 9 February 2021``), or None (``09/02/2021`` may be either
    9 February or 2 September)."""
    iso = _ISO_DAY.match(value)
    if iso:
        year, month, day = (int(g) for g in iso.groups())
    else:
        wordy = _WORDY_DAY.match(value)
        if not wordy:
            return None
        day_first, month_after, month_first, day_after, year_text = wordy.groups()
        month = MONTHS.get((month_after or month_first).casefold())
        if month is None:
            return None
        day, year = int(day_first or day_after), int(year_text)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def comparable(value: Any) -> str | None:
    """A metadata value in the form two records are compared in: the day of a date, else the
    text with case and runs of blanks ignored; None for a missing or empty value."""
    if value is None or isinstance(value, (dict, list)):
        return None
    text = _BLANKS.sub(" ", str(value)).strip()
    if not text:
        return None
    day = calendar_day(text)
    return day.isoformat() if day else text.casefold()


def normalise_url(url: str) -> str:
    """``url`` with scheme and host lower-cased, the default port, the fragment and a
    trailing slash removed, and the query kept: one page under the spellings a crawl gives it."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").removesuffix(".")
    try:
        port = parts.port
    except ValueError:  # a port that is not a number: keep the netloc as written
        port, host = None, parts.netloc.lower()
    netloc = host if port in (None, _DEFAULT_PORTS.get(scheme)) else f"{host}:{port}"
    if parts.username or parts.password:
        netloc = parts.netloc.rpartition("@")[0] + "@" + netloc
    return urlunsplit((scheme, netloc, parts.path.rstrip("/"), parts.query, ""))


def normalise_key(key: str) -> str:
    """A field name without case, underscores, hyphens and blanks: ``publishedDate``,
    ``published_date`` and ``Published-Date`` are all ``publisheddate``."""
    return _KEY_NOISE.sub("", key).casefold()


def field_paths(metadata: Mapping[Any, Any], prefix: str = "") -> Iterator[str]:
    """Every field name of a record, nested objects' as ``parent.child``."""
    for key, value in metadata.items():
        path = f"{prefix}{key}"
        yield path
        if isinstance(value, Mapping):
            yield from field_paths(value, path + ".")


def lookup(metadata: Mapping[Any, Any], path: str) -> Any:
    """The value at ``path`` in a record's metadata: the key itself, else a dotted path into
    nested objects (``fields.date``); None when there is none."""
    if path in metadata:
        return metadata[path]
    value: Any = metadata
    for part in path.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


class DigestTable:
    """A map from 64-bit digests to a few machine integers each, in flat arrays.

    ``columns`` gives the array typecode of each value (``"QI"``: a 64-bit and a 32-bit
    one). A slot costs 8 bytes for the digest plus the columns' sizes, and the table is
    kept between a third and two thirds full (open addressing, linear probing: digests are
    uniform, so their low bits make good slots), so an entry costs 1.5 to 3 slots.
    """

    def __init__(self, columns: str, slots: int = 1 << 10) -> None:
        self.columns = columns
        self.count = 0
        self._allocate(slots)

    def _allocate(self, slots: int) -> None:
        self._keys = array("Q", bytes(8 * slots))
        self._values = [array(code, bytes(array(code).itemsize * slots)) for code in self.columns]
        self._mask = slots - 1

    def setdefault(self, digest: int, values: tuple[int, ...]) -> tuple[int, ...]:
        """The values kept for ``digest``; ``values`` are kept first if it has none."""
        key = digest or 1  # 0 marks a free slot
        slot = self._slot(key)
        if self._keys[slot]:
            return tuple(column[slot] for column in self._values)
        self._put(slot, key, values)
        self.count += 1
        if 3 * self.count > 2 * len(self._keys):
            self._grow()
        return values

    def _slot(self, key: int) -> int:
        """The slot that holds ``key``, or the free one where it goes."""
        keys, mask = self._keys, self._mask
        slot = key & mask
        while keys[slot] and keys[slot] != key:
            slot = (slot + 1) & mask
        return slot

    def _put(self, slot: int, key: int, values: tuple[int, ...]) -> None:
        self._keys[slot] = key
        for column, value in zip(self._values, values, strict=True):
            column[slot] = value

    def _grow(self) -> None:
        keys, values = self._keys, self._values
        self._allocate(2 * len(keys))
        for slot, key in enumerate(keys):
            if key:
                self._put(self._slot(key), key, tuple(column[slot] for column in values))
