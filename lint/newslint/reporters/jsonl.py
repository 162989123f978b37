"""``--format jsonl``: one finding per line, as each document is checked.

Every line is the finding object of the documented contract (DESIGN.md), keys in contract
order, non-ASCII text kept as is; a clean run writes nothing. Lines are written as documents
are checked, so a consumer can follow a long run.
"""

from __future__ import annotations

import json

import orjson

from newslint.document import Document
from newslint.finding import Finding
from newslint.reporters.base import Reporter


class JsonLinesReporter(Reporter):
    """Findings as JSON Lines, streamed."""

    streaming = True

    def handle(self, document: Document, finding: Finding) -> None:
        """Write the finding's contract object on one line."""
        record = finding.to_dict()
        try:
            line = orjson.dumps(record).decode()  # several times faster than json
        except orjson.JSONEncodeError:  # a lone surrogate (from a "\ud800" escape) in the text
            line = json.dumps(record, ensure_ascii=False)
        self.write(line)
