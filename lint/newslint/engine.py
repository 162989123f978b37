"""The engine: compiled rules run over documents, findings located and ordered."""

from __future__ import annotations

from collections.abc import Iterable

from newslint.document import DEFAULT_LANGUAGE, Document, document_language
from newslint.finding import Finding
from newslint.kinds import KINDS
from newslint.rule import RuleBase


class Linter:
    """A set of rules compiled once, then run over any number of documents.

    Rules are grouped by kind and each kind's ``build`` compiles its group (phrase rules
    into a single matcher), so the cost of a document does not grow rule by rule where a
    kind can share work.
    """

    def __init__(self, rules: Iterable[RuleBase], *, language: str = DEFAULT_LANGUAGE) -> None:
        self.rules: tuple[RuleBase, ...] = tuple(rules)
        self.language = language
        by_kind: dict[str, list[RuleBase]] = {}
        for rule in self.rules:
            by_kind.setdefault(rule.kind, []).append(rule)
        self._checks = [KINDS[kind].build(group) for kind, group in by_kind.items()]
        self._languages = {r.id: frozenset(r.languages) for r in self.rules if r.languages}
        self.by_id = {r.id: r for r in self.rules}

    def lint(self, document: Document) -> list[Finding]:
        """All findings in ``document``, located (line, column) and in text order."""
        if document.language is None:
            document.language = document_language(document, self.language)
        findings: list[Finding] = []
        for check in self._checks:
            findings.extend(check(document))
        if not findings:
            return findings
        if self._languages:
            language = document.language
            findings = [
                f
                for f in findings
                if f.rule not in self._languages or language in self._languages[f.rule]
            ]
        return sorted((locate(document, f) for f in findings), key=lambda f: f.sort_key)


def locate(document: Document, finding: Finding) -> Finding:
    """``finding`` with its line/column and its document's path, record and id filled in."""
    index = document.index(finding.field)
    line, column = index.position(finding.start)
    end_line, end_column = index.position(finding.end)
    # Built field by field: dataclasses.replace is several times slower, and a document
    # of joined words can have a finding every line.
    return Finding(
        finding.rule,
        finding.name,
        finding.category,
        finding.severity,
        finding.message,
        finding.field,
        finding.start,
        finding.end,
        line,
        column,
        end_line,
        end_column,
        finding.fix,
        document.path,
        document.record,
        document.id,
    )
