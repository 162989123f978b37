"""Dates in metadata: ISO 8601, the other formats scrapers write, and when a rewrite as ISO
8601 is sure of its meaning."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from dateutil import parser as date_parser

#: month names (English, German, French, Spanish; full and three-letter) -> month number
MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        [
            "january januar janvier enero jan janv ene",
            "february februar février febrero feb févr fév",
            "march märz mars marzo mar mär",
            "april avril abril apr avr abr",
            "may mai mayo",
            "june juni juin junio jun",
            "july juli juillet julio jul juil",
            "august août agosto aug ago",
            "september septembre septiembre sep sept",
            "october oktober octobre octubre oct okt",
            "november novembre noviembre nov",
            "december dezember décembre diciembre dec dez déc dic",
        ],
        start=1,
    )
    for name in names.split()
}
#: a date written with numbers only and the year last: day and month may be either way
_AMBIGUOUS = re.compile(r"\s*(\d{1,2})[./-](\d{1,2})[./-]\d{2,4}\b")


def iso_date(value: str) -> dt.date | dt.datetime | None:
    """``value`` as ISO 8601 reads it (a date, or a date and time), else None."""
    text = value.strip().replace("Z", "+00:00")
    try:
        return dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text)
    except ValueError:
        return None


def parse_date(value: Any) -> dt.date | dt.datetime | None:
    """A date or date and time in any common format, or None."""
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    found = iso_date(value)
    if found is not None:
        return found
    try:
        return date_parser.parse(value)
    except (ValueError, OverflowError):
        return None


def lossless_iso(value: str) -> str | None:
    """``value`` rewritten as ISO 8601, when the rewrite cannot change its meaning: None for
    ISO already, for what does not parse, and for "09/02/2021" (which is day, which month?)."""
    if iso_date(value) is not None:
        return None
    ambiguous = _AMBIGUOUS.match(value)
    if ambiguous and int(ambiguous.group(1)) <= 12 and int(ambiguous.group(2)) <= 12:
        return None
    parsed = parse_date(value)
    if not isinstance(parsed, dt.datetime):
        return None
    has_time = re.search(r"\d{1,2}:\d{2}", value) is not None
    return parsed.isoformat() if has_time else parsed.date().isoformat()


def unambiguous_date(value: Any) -> dt.date | None:
    """The day ``value`` names, when it names one for sure (ISO 8601, or a format whose
    rewrite as ISO 8601 is lossless), else None."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    found = iso_date(value)
    if found is None and lossless_iso(value) is not None:
        found = parse_date(value)
    if isinstance(found, dt.datetime):
        return found.date()
    return found
