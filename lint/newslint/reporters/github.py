"""``--format github``: GitHub Actions workflow commands, which annotate the checked files.

One command per finding, written as each document is checked::

    ::error file=a.txt,line=3,col=12,endLine=3,endColumn=33,title=NL101 [paywall-fields]::Paywall…

Severity ``error`` gives an ``error`` annotation, ``warning`` a ``warning``, ``info`` a
``notice``. ``endColumn`` is exclusive, as in the findings contract. A finding in a JSONL
record is annotated on the record's line of the file (``line=``, no column: a field's line
and column are not the file's), and its message starts with where in the record it is, as
in ``record 17 (id 3f2a) text:3:5: …`` (``record`` is the 0-based index of the contract).
Fields of a text file other than ``text`` have no line properties and the same prefix, as
``title:1:4: …``. Run errors (inputs that could not be read, fixes that did not settle)
become ``error`` annotations at the end.
"""

from __future__ import annotations

from newslint.document import Document
from newslint.finding import Finding, Severity
from newslint.reporters.base import STDIN, Reporter, Summary, position_label, record_label

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """``text`` made safe as a command's message (after ``::``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """``text`` made safe as a property value (``file=…``), where ``:`` and ``,`` end it."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(name: str, properties: dict[str, object], message: str) -> str:
    """One workflow command line: ``::name key=value,…::message``."""
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{name}{' ' if props else ''}{props}::{escape_data(message)}"


class GithubReporter(Reporter):
    """Findings as GitHub Actions annotations, streamed."""

    streaming = True

    def handle(self, document: Document, finding: Finding) -> None:
        """Write the annotation of one finding."""
        properties: dict[str, object] = {}
        if finding.path and finding.path != STDIN:
            properties["file"] = finding.path
        message = finding.message
        if finding.record is None and finding.field == "text":
            properties.update(
                line=finding.line,
                col=finding.column,
                endLine=finding.end_line,
                endColumn=finding.end_column,
            )
        else:
            where = position_label(finding)
            if finding.record is not None:
                where = f"{record_label(finding)} {where}"
                if document.source_line is not None:
                    properties["line"] = document.source_line
            message = f"{where}: {message}"
        properties["title"] = f"{finding.rule} [{finding.name}]"
        self.write(command(COMMANDS[finding.severity], properties, message))

    def finish(self, summary: Summary) -> None:
        """Annotate each run error, so that a CI run shows what was not checked."""
        for error in summary.errors:
            self.write(command("error", {"title": "newslint"}, error))
