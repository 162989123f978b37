"""A one-line progress display on stderr for long runs: documents, rate, findings.

Shown only when stderr is a terminal, so logs and CI output stay clean.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO


class Progress:
    """Counts documents and findings; redraws at most every ``interval`` seconds."""

    def __init__(
        self,
        enabled: bool | None = None,
        stream: TextIO | None = None,
        interval: float = 0.2,
        counted: str | None = "findings",
    ) -> None:
        """``counted`` names what the second count counts (None: show documents only)."""
        self.stream = stream or sys.stderr
        self.counted = counted
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.interval = interval
        self.documents = 0
        self.findings = 0
        self._start = time.monotonic()
        self._drawn = self._start  # the first line after ``interval``: a rate over time
        self._width = 0

    def update(self, documents: int = 1, findings: int = 0) -> None:
        self.documents += documents
        self.findings += findings
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._drawn >= self.interval:
            self._drawn = now
            rate = self.documents / max(now - self._start, 1e-9)
            documents = "document" if self.documents == 1 else "documents"
            line = f"newslint: {self.documents:,} {documents}, {rate:,.0f}/s"
            if self.counted:
                line += f", {self.findings:,} {self.counted}"
            # A line wider than the terminal wraps, and "\r" then redraws only its last row.
            line = line[: self._columns() - 1]
            self._width = max(self._width, len(line))
            self.stream.write("\r" + line.ljust(self._width))
            self.stream.flush()

    def _columns(self) -> int:
        try:
            return os.get_terminal_size(self.stream.fileno()).columns
        except (AttributeError, OSError, ValueError):  # not a terminal (a test's stream)
            return 1 << 16

    def close(self) -> None:
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
