"""``--format sarif``: a SARIF 2.1.0 log, for code-scanning services and SARIF viewers.

One run whose ``tool.driver.rules`` describes the run's rules; one result per finding. A
finding in a file has a ``region`` (lines and code-point columns, ``endColumn`` exclusive as
SARIF wants) and, if it has a fix, ``fixes`` whose replacements give their regions the same
way, so that they stay right when front matter shifts a field's lines. A finding in a JSONL
record has the record's line of the file as its region, with no column (a field's line
and column are not the file's): its message starts with ``record N (id X)
field:line:column:`` and its ``properties`` and ``logicalLocations`` say which record and
field, with the contract's ``fix`` object in place of SARIF ``fixes``. Every result's
``properties`` also carries the field and its offsets. Run errors go to
``invocations[0].toolExecutionNotifications``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO
from urllib.parse import quote

import newslint
from newslint.document import Document
from newslint.finding import Finding, Fix, Severity
from newslint.reporters.base import STDIN, Reporter, Summary, position_label, record_label
from newslint.rule import RuleBase

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://example.invalid/newslint"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_uri(path: str | None) -> str:
    """A URI reference for ``path``: relative and posix where it can be, else ``file:``."""
    if not path or path == STDIN:
        return STDIN
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            return p.as_uri()
    return quote(p.as_posix(), safe="/")


def rule_descriptor(rule: RuleBase) -> dict:
    """The ``reportingDescriptor`` of one rule."""
    # The message is the better short description, unless it is a template ("… {match}").
    short = rule.message if "{" not in rule.message else rule.name.replace("-", " ")
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": short},
        "fullDescription": {"text": rule.description.strip()},
        "defaultConfiguration": {"level": LEVELS[rule.level]},
        "properties": {"category": rule.category, "tags": [rule.category]},
    }


def region(document: Document, field: str, start: int, end: int) -> dict:
    """The SARIF region of ``[start, end)`` of ``field``, in lines and columns."""
    index = document.index(field)
    start_line, start_column = index.position(start)
    end_line, end_column = index.position(end)
    return {
        "startLine": start_line,
        "startColumn": start_column,
        "endLine": end_line,
        "endColumn": end_column,
    }


def sarif_fix(document: Document, field: str, fix: Fix, uri: str) -> dict:
    """The SARIF ``fix`` object of a fix to ``field`` of a document read from a file."""
    replacements = [
        {
            "deletedRegion": region(document, field, edit.start, edit.end),
            "insertedContent": {"text": edit.replacement},
        }
        for edit in fix.edits
    ]
    return {
        "description": {"text": f"{fix.applicability} fix"},
        "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": replacements}],
        "properties": {"applicability": str(fix.applicability)},
    }


class SarifReporter(Reporter):
    """All findings as one SARIF log, written when the run ends."""

    def __init__(self, stream: TextIO, **options) -> None:
        super().__init__(stream, **options)
        self.descriptors = [rule_descriptor(rule) for rule in self.rules]
        self.rule_index = {rule.id: i for i, rule in enumerate(self.rules)}
        self.results: list[dict] = []

    def index_of(self, finding: Finding) -> int:
        """The finding's rule's index in the driver's rules, adding it if it is not there."""
        index = self.rule_index.get(finding.rule)
        if index is None:
            # A finding of a rule the run did not pass in still needs a descriptor for ruleIndex.
            index = self.rule_index[finding.rule] = len(self.descriptors)
            self.descriptors.append({"id": finding.rule, "name": finding.name})
        return index

    def handle(self, document: Document, finding: Finding) -> None:
        """Keep the SARIF result of one finding."""
        uri = artifact_uri(finding.path)
        physical: dict = {"artifactLocation": {"uri": uri}}
        properties: dict = {"field": finding.field, "start": finding.start, "end": finding.end}
        result: dict = {
            "ruleId": finding.rule,
            "ruleIndex": self.index_of(finding),
            "level": LEVELS[finding.severity],
            "message": {"text": finding.message},
            "locations": [{"physicalLocation": physical}],
        }
        if finding.record is None:
            physical["region"] = {
                "startLine": finding.line,
                "startColumn": finding.column,
                "endLine": finding.end_line,
                "endColumn": finding.end_column,
            }
            if finding.fix is not None:
                result["fixes"] = [sarif_fix(document, finding.field, finding.fix, uri)]
        else:
            result["message"]["text"] = (
                f"{record_label(finding)} {position_label(finding)}: {finding.message}"
            )
            result["locations"][0]["logicalLocations"] = [
                {
                    "name": finding.field,
                    "fullyQualifiedName": f"records[{finding.record}].{finding.field}",
                    "kind": "member",
                }
            ]
            properties.update(record=finding.record, id=finding.id)
            if document.source_line is not None:  # the record's line; no column in it
                physical["region"] = {"startLine": document.source_line}
            if finding.fix is not None:
                properties["fix"] = finding.fix.to_dict()
        result["properties"] = properties
        self.results.append(result)

    def finish(self, summary: Summary) -> None:
        """Write the log."""
        driver = {
            "name": "newslint",
            "version": newslint.__version__,
            "informationUri": INFORMATION_URI,
            "rules": self.descriptors,
        }
        invocation = {
            "executionSuccessful": not summary.errors,
            "toolExecutionNotifications": [
                {"level": "error", "message": {"text": error}} for error in summary.errors
            ],
        }
        log = {
            "$schema": SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {"driver": driver},
                    "invocations": [invocation],
                    "columnKind": "unicodeCodePoints",
                    "results": self.results,
                }
            ],
        }
        self.write(json.dumps(log, indent=2, ensure_ascii=False))
