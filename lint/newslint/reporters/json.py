"""``--format json``: one JSON array of findings, written when the run ends.

Each element is the finding object of the documented contract (DESIGN.md), keys in contract
order; a clean run writes ``[]``. Use ``jsonl`` to stream a large corpus instead: this format
holds every finding until the end so that the output is a single JSON value.
"""

from __future__ import annotations

import json
from typing import TextIO

from newslint.document import Document
from newslint.finding import Finding
from newslint.reporters.base import Reporter, Summary


class JsonReporter(Reporter):
    """All findings as one indented JSON array."""

    def __init__(self, stream: TextIO, **options) -> None:
        super().__init__(stream, **options)
        self.findings: list[dict] = []

    def handle(self, document: Document, finding: Finding) -> None:
        """Keep the finding's contract object (not the document, which may be large)."""
        self.findings.append(finding.to_dict())

    def finish(self, summary: Summary) -> None:
        """Write the array."""
        self.write(json.dumps(self.findings, indent=2, ensure_ascii=False))
