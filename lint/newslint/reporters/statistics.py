"""``--statistics``: how many findings each rule made, most frequent first, like ruff's.

One line per rule that found anything, written when the run ends::

    12  NL101  [*] paywall-fields
     3  NL140  [ ] wire-advisory

``[*]`` marks a rule some of whose findings ``--fix`` repairs. Ties are in rule id order. A
clean run writes nothing.
"""

from __future__ import annotations

from collections import Counter
from typing import TextIO

from newslint.document import Document
from newslint.finding import Finding
from newslint.reporters.base import Reporter, Summary


class StatisticsReporter(Reporter):
    """Counts of findings per rule."""

    def __init__(self, stream: TextIO, **options) -> None:
        super().__init__(stream, **options)
        self.counts: Counter[str] = Counter()
        self.names: dict[str, str] = {}
        self.fixable_rules: set[str] = set()

    def handle(self, document: Document, finding: Finding) -> None:
        """Count one finding."""
        self.counts[finding.rule] += 1
        self.names[finding.rule] = finding.name
        if self.fixable(finding):
            self.fixable_rules.add(finding.rule)

    def finish(self, summary: Summary) -> None:
        """Write the table."""
        if not self.counts:
            return
        rows = sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))
        count_width = len(str(rows[0][1]))
        rule_width = max(len(rule) for rule in self.counts)
        for rule, count in rows:
            mark = "[*]" if rule in self.fixable_rules else "[ ]"
            self.write(f"{count:>{count_width}}  {rule:<{rule_width}}  {mark} {self.names[rule]}")
