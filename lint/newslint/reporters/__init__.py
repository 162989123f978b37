"""Output formats: one small class per format behind :class:`Reporter`, found by name here.

The registry is a plain dict, so a format is added by writing its module and one entry.
"""

from __future__ import annotations

from typing import TextIO

from newslint.reporters.base import Reporter, Summary
from newslint.reporters.github import GithubReporter
from newslint.reporters.json import JsonReporter
from newslint.reporters.jsonl import JsonLinesReporter
from newslint.reporters.junit import JunitReporter
from newslint.reporters.sarif import SarifReporter
from newslint.reporters.statistics import StatisticsReporter
from newslint.reporters.text import TextReporter

REPORTERS: dict[str, type[Reporter]] = {
    "text": TextReporter,
    "json": JsonReporter,
    "jsonl": JsonLinesReporter,
    "github": GithubReporter,
    "sarif": SarifReporter,
    "junit": JunitReporter,
    "statistics": StatisticsReporter,
}


def make_reporter(name: str, stream: TextIO, **options) -> Reporter:
    """The reporter called ``name``, writing to ``stream``; ``options`` go to its constructor
    (``rules``, ``show_source``, ``unsafe_fixes``)."""
    try:
        cls = REPORTERS[name]
    except KeyError:
        valid = ", ".join(REPORTERS)
        raise ValueError(f"unknown output format {name!r} (expected one of: {valid})") from None
    return cls(stream, **options)


__all__ = [
    "REPORTERS",
    "GithubReporter",
    "JsonLinesReporter",
    "JsonReporter",
    "JunitReporter",
    "Reporter",
    "SarifReporter",
    "StatisticsReporter",
    "Summary",
    "TextReporter",
    "make_reporter",
]
