"""The plain data types every part of newslint passes around: edits, fixes and findings.

They are named tuples, not pydantic models or frozen dataclasses: millions of them are made
on a large corpus (a frozen dataclass takes five times as long to build), nothing about them
needs validating because the engine builds them, and a tuple is immutable by construction.
"""

from __future__ import annotations

import enum
from typing import NamedTuple


class Severity(enum.IntEnum):
    """How bad a finding is; ordered, so ``--fail-on`` is a comparison."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        if isinstance(value, Severity):
            return value
        try:
            return cls[value.upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {value!r} (expected error, warning or info)"
            ) from None


class Applicability(enum.StrEnum):
    """Whether a fix may run unattended (``safe``) or only with ``--unsafe-fixes``."""

    SAFE = "safe"
    UNSAFE = "unsafe"


class Edit(NamedTuple):
    """Replace ``text[start:end]`` (code points, end exclusive) with ``replacement``.

    ``field`` names another field the edit applies to, where a fix changes two at once (a
    header moved from the text into the record's empty metadata field); None, the field of
    the finding.
    """

    start: int
    end: int
    replacement: str = ""
    field: str | None = None

    def to_dict(self) -> dict:
        """The edit as the contract writes it (``field`` only where it is another one)."""
        out = {"start": self.start, "end": self.end, "replacement": self.replacement}
        if self.field is not None:
            out["field"] = self.field
        return out


class Fix(NamedTuple):
    """One or more non-overlapping edits that are applied together or not at all."""

    edits: tuple[Edit, ...]
    applicability: Applicability = Applicability.SAFE

    @property
    def span(self) -> tuple[int, int]:
        """The span the fix changes in the finding's own field."""
        own = [e for e in self.edits if e.field is None] or list(self.edits)
        return (min(e.start for e in own), max(e.end for e in own))

    def to_dict(self) -> dict:
        return {
            "applicability": str(self.applicability),
            "edits": [e.to_dict() for e in self.edits],
        }


class Finding(NamedTuple):
    """One problem at one place: the unit of the JSON Lines findings contract (DESIGN.md).

    ``start``/``end`` are 0-based code-point offsets into ``field``'s text, end exclusive;
    ``line``/``column`` are 1-based. ``path``, ``record`` and ``id`` say which document the
    finding belongs to. A finding is made complete, where it is found
    (:meth:`newslint.rule.RuleBase.finding`).
    """

    rule: str
    name: str
    category: str
    severity: Severity
    message: str
    field: str
    start: int
    end: int
    line: int = 0
    column: int = 0
    end_line: int = 0
    end_column: int = 0
    fix: Fix | None = None
    path: str | None = None
    record: int | None = None
    id: str | None = None

    def to_dict(self) -> dict:
        """The finding as the documented JSON object, keys in contract order."""
        return {
            "path": self.path,
            "record": self.record,
            "id": self.id,
            "rule": self.rule,
            "name": self.name,
            "category": self.category,
            "severity": str(self.severity),
            "message": self.message,
            "field": self.field,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "start": self.start,
            "end": self.end,
            "fix": self.fix.to_dict() if self.fix else None,
        }
