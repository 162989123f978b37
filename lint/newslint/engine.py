"""The engine: compiled rules run over documents, their findings in text order."""

from __future__ import annotations

from collections.abc import Iterable
from operator import attrgetter

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
        self._conditional = {r.id: r for r in self.rules if r.when}
        self.by_id = {r.id: r for r in self.rules}

    def lint(self, document: Document) -> list[Finding]:
        """All findings in ``document``, in text order."""
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
        if self._conditional:
            findings = [
                f
                for f in findings
                if f.rule not in self._conditional or self._conditional[f.rule].applies_to(document)
            ]
        findings.sort(key=_position)
        return findings


#: findings of one document in text order
_position = attrgetter("field", "start", "end", "rule")
