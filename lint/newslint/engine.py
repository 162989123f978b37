"""The engine: compiled rules run over documents, their findings in text order."""

from __future__ import annotations

import time
from collections.abc import Iterable
from operator import attrgetter

from newslint.document import DEFAULT_LANGUAGE, Document, document_language
from newslint.finding import Finding, Severity
from newslint.kinds import KINDS, checks_documents
from newslint.rule import RuleBase
from newslint.timeout import ALARM, DEFAULT_TIMEOUT, Expired

#: the id of the finding that says a document was cut short by its time limit; reserved,
#: it belongs to the engine and to no rule file
TIMEOUT_RULE = "NL000"


class Linter:
    """A set of rules compiled once, then run over any number of documents.

    Rules are grouped by kind and each kind's ``build`` compiles its group (phrase rules
    into a single matcher), so the cost of a document does not grow rule by rule where a
    kind can share work.

    ``timeout`` is the time in seconds one document may take (0: no limit). A document
    that takes longer is cut short (:mod:`newslint.timeout` says how): it keeps the
    findings of the kinds that finished and gets a :data:`TIMEOUT_RULE` finding naming
    those that did not, and the next document starts afresh.
    """

    def __init__(
        self,
        rules: Iterable[RuleBase],
        *,
        language: str = DEFAULT_LANGUAGE,
        timeout: float = DEFAULT_TIMEOUT,
    ) -> None:
        self.rules: tuple[RuleBase, ...] = tuple(rules)
        self.language = language
        self.timeout = timeout
        by_kind: dict[str, list[RuleBase]] = {}
        for rule in self.rules:
            # A kind with nothing to find in one document (corpus) is not run, nor named
            # among those a time limit stopped.
            if checks_documents(rule.kind):
                by_kind.setdefault(rule.kind, []).append(rule)
        self._kinds = list(by_kind)
        self._sizes = {kind: len(group) for kind, group in by_kind.items()}
        self._checks = [KINDS[kind].build(group) for kind, group in by_kind.items()]
        self._languages = {r.id: frozenset(r.languages) for r in self.rules if r.languages}
        self._conditional = {r.id: r for r in self.rules if r.when}
        self.by_id = {r.id: r for r in self.rules}

    def deadline(self) -> float | None:
        """When a document whose checks start now must be done (``time.monotonic``), or
        None without a limit. The fixer takes one for all its rounds over a document."""
        return time.monotonic() + self.timeout if self.timeout > 0 else None

    def lint(self, document: Document, *, deadline: float | None = None) -> list[Finding]:
        """All findings in ``document``, in text order, found by ``deadline`` (by default
        this linter's ``timeout`` from now)."""
        if document.language is None:
            document.language = document_language(document, self.language)
        found, unfinished = self._run(document, self.deadline() if deadline is None else deadline)
        findings = [f for part in found for f in part]
        if unfinished:
            findings.append(self._cut_short(document, unfinished))
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

    def _run(
        self, document: Document, deadline: float | None
    ) -> tuple[list[list[Finding]], list[str]]:
        """The findings of each kind that finished by ``deadline``, in order, and the names
        of the kinds that did not."""
        done: list[list[Finding]] = []
        # Expired may be raised anywhere in the outer try, even in arm() or before
        # disarm(); the alarm rings once, so there is nothing left to disarm then.
        try:
            armed = deadline is not None and ALARM.arm(deadline)
            try:
                for check in self._checks:
                    if deadline is not None and time.monotonic() >= deadline:
                        break
                    # One append: a kind's findings are kept whole or not at all, wherever
                    # the alarm strikes.
                    done.append(check(document))
            finally:
                if armed:
                    ALARM.disarm()
        except Expired:
            pass
        return done, self._kinds[len(done) :]

    def _cut_short(self, document: Document, unfinished: list[str]) -> Finding:
        """The finding that says the time limit stopped ``document``'s checks: at the
        start of its text, with no span and no fix."""
        rules = sum(self._sizes[kind] for kind in unfinished)
        kinds = "kind" if len(unfinished) == 1 else "kinds"
        message = (
            f"Checking cut short by the time limit of {self.timeout:g} s per document: "
            f"{rules} rule(s) of {kinds} {', '.join(unfinished)} did not finish"
        )
        line, column = document.index("text").position(0)
        return Finding(
            TIMEOUT_RULE,
            "document-timeout",
            "engine",
            Severity.WARNING,
            message,
            "text",
            0,
            0,
            line,
            column,
            line,
            column,
            None,
            document.path,
            document.record,
            document.id,
        )


#: findings of one document in text order
_position = attrgetter("field", "start", "end", "rule")
