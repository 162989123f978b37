"""``--format junit``: JUnit XML, the test-report format every CI service can show.

One ``testsuite`` per input file, in input order, one failed ``testcase`` per finding::

    <testsuite name="corpus.jsonl" tests="2" failures="2" errors="0">
      <testcase classname="corpus.jsonl" name="NL101 [paywall-fields] #17 (id x) text:3:1"
                file="corpus.jsonl">
        <failure message="Paywall field leaked…" type="NL101">corpus.jsonl#17 (id x) …</failure>

Test-report views (GitHub's test reporters, GitLab's test tab, Jenkins) list failures by
suite and case, so a suite per file groups a corpus's findings where people look for them,
and a case per finding keeps each one to a single ``failure``, which is all some readers
accept. A file without findings gets one passing case, ``newslint``, so that it is seen to
have been checked. ``line`` is set for findings in a text file's ``text``; findings in
records carry their place in the case's name. Run errors form a last suite, ``newslint``,
with an ``error`` case each. Every finding written is a failure, whatever ``--fail-on``
and ``--max-rate`` decide: the exit code, not the count of failures, is the verdict.

Characters XML 1.0 cannot hold (most C0 controls, lone surrogates, U+FFFE/U+FFFF), which
scraped text does contain, are written as ``\\uXXXX`` so that the report stays well-formed.
The whole report is written when the run ends (a suite's counts come before its cases).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import TextIO

from newslint.document import Document
from newslint.finding import Finding
from newslint.reporters.base import STDIN, Reporter, Summary, position_label
from newslint.reporters.text import location

SUITE_COUNTS = ("tests", "failures", "errors")
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(text: str) -> str:
    """``text`` with every character XML 1.0 cannot hold written as ``\\uXXXX``."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def case_name(finding: Finding) -> str:
    """``RULE [name] where``: the rule first, so that a report sorted by name groups rules."""
    if finding.record is None and finding.field == "text":
        where = f"line {finding.line}:{finding.column}"
    elif finding.record is None:
        where = position_label(finding)
    else:
        record = f"#{finding.record}" + (f" (id {finding.id})" if finding.id is not None else "")
        where = f"{record} {position_label(finding)}"
    return f"{finding.rule} [{finding.name}] {where}"


def element(tag: str, text: str | None = None, **attributes: object) -> ET.Element:
    """An element with its attributes and text made safe for XML."""
    node = ET.Element(tag, {k: xml_text(str(v)) for k, v in attributes.items()})
    if text is not None:
        node.text = xml_text(text)
    return node


class JunitReporter(Reporter):
    """Findings as a JUnit XML report, written when the run ends."""

    def __init__(self, stream: TextIO, **options) -> None:
        super().__init__(stream, **options)
        # File -> its cases; a dict keeps the input order and finds a file's suite again.
        self.suites: dict[str, list[ET.Element]] = {}

    def document(self, document: Document, findings: Sequence[Finding]) -> None:
        """Make sure the document's file has a suite, then add a case per finding."""
        self.suites.setdefault(document.path or STDIN, [])
        super().document(document, findings)

    def handle(self, document: Document, finding: Finding) -> None:
        """Keep the failed case of one finding."""
        path = finding.path or STDIN
        extra = {"line": finding.line} if finding.record is None and finding.field == "text" else {}
        case = element("testcase", classname=path, name=case_name(finding), file=path, **extra)
        detail = (
            f"{location(finding)}: {finding.rule} [{finding.name}] {finding.severity} "
            f"({finding.category}): {finding.message}"
        )
        case.append(element("failure", detail, message=finding.message, type=finding.rule))
        self.suites[path].append(case)

    def finish(self, summary: Summary) -> None:
        """Write the report: a suite per file, then the run errors."""
        root = element("testsuites", name="newslint")
        for path, cases in self.suites.items():
            failures = len(cases)
            cases = cases or [element("testcase", classname=path, name="newslint", file=path)]
            root.append(suite(path, cases, failures=failures))
        if summary.errors:
            errors = []
            for number, message in enumerate(summary.errors, 1):
                case = element("testcase", classname="newslint", name=f"error {number}")
                case.append(element("error", message, message=message, type="error"))
                errors.append(case)
            root.append(suite("newslint", errors, errors=len(errors)))
        totals = {key: sum(int(s.get(key, 0)) for s in root) for key in SUITE_COUNTS}
        root.attrib.update({key: str(value) for key, value in totals.items()})
        ET.indent(root)
        self.write('<?xml version="1.0" encoding="UTF-8"?>')
        self.write(ET.tostring(root, encoding="unicode"))


def suite(name: str, cases: list[ET.Element], *, failures: int = 0, errors: int = 0) -> ET.Element:
    """A ``testsuite`` holding ``cases``, with its counts."""
    node = element("testsuite", name=name, tests=len(cases), failures=failures, errors=errors)
    node.extend(cases)
    return node
