"""Running a rule's own examples: the texts it must flag, must pass, and how it must fix.

This is what ``newslint test-rules`` runs for people writing rules, and what the test suite
runs over every built-in rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from newslint.document import Document
from newslint.engine import Linter
from newslint.fixer import fix_document
from newslint.kinds import KINDS
from newslint.rule import Example, RuleBase


@dataclass(frozen=True)
class Failure:
    """One example that did not behave as its rule says."""

    rule: str
    section: str  # "flag", "pass" or "fix"
    index: int
    message: str

    def __str__(self) -> str:
        return f"{self.rule} examples.{self.section}[{self.index}]: {self.message}"


def example_document(rule: RuleBase, text: str, metadata: dict) -> Document:
    """A document holding ``text`` in every field the rule reads."""
    return Document(text=text, metadata=metadata, fields={f: text for f in rule.fields})


def _reported(rule: RuleBase, linter: Linter, example: Example) -> list[str]:
    """What ``rule`` reports in the example: the text of each finding's span, or, for a
    kind with its own ``run_example`` (its examples are not single documents), what that
    says it reports."""
    run_example = getattr(KINDS[rule.kind], "run_example", None)
    if run_example is not None:
        return run_example(rule, example.text)
    doc = example_document(rule, example.text, example.metadata)
    return [doc.text_of(f.field)[f.start : f.end] for f in linter.lint(doc)]


def _flag(rule: RuleBase, linter: Linter, i: int, example: Example) -> Failure | None:
    got = _reported(rule, linter, example)
    if not got:
        return Failure(rule.id, "flag", i, f"not flagged: {example.text!r}")
    if example.match is not None and example.match not in got:
        return Failure(
            rule.id, "flag", i, f"expected to report {example.match!r}, reported {got!r}"
        )
    return None


def _pass(rule: RuleBase, linter: Linter, i: int, example: Example) -> Failure | None:
    got = _reported(rule, linter, example)
    if got:
        return Failure(rule.id, "pass", i, f"flagged {got!r} in {example.text!r}")
    return None


def check_rule(rule: RuleBase) -> list[Failure]:
    """Every way in which ``rule`` disagrees with its own examples."""
    linter = Linter([rule])
    failures = []
    for i, example in enumerate(rule.examples.flag):
        failures.append(_flag(rule, linter, i, example))
    for i, example in enumerate(rule.examples.pass_):
        failures.append(_pass(rule, linter, i, example))
    for i, example in enumerate(rule.examples.fix):
        doc = example_document(rule, example.before, example.metadata)
        result = fix_document(linter, doc, unsafe=True)
        fixed = {f: result.document.fields[f] for f in rule.fields}
        if not result.applied:
            failures.append(Failure(rule.id, "fix", i, f"no fix applied to {example.before!r}"))
        elif any(v != example.after for v in fixed.values()):
            got = next(v for v in fixed.values() if v != example.after)
            failures.append(Failure(rule.id, "fix", i, f"expected {example.after!r}, got {got!r}"))
        elif any(result.document.metadata.get(k) != v for k, v in example.metadata_after.items()):
            got = {k: result.document.metadata.get(k) for k in example.metadata_after}
            failures.append(
                Failure(rule.id, "fix", i, f"expected {example.metadata_after!r}, got {got!r}")
            )
        elif not result.converged:
            failures.append(Failure(rule.id, "fix", i, "fixes did not reach a fixed point"))
    return [f for f in failures if f is not None]


def check_rules(rules: Iterable[RuleBase]) -> list[Failure]:
    """Failures of every rule's examples, rule by rule."""
    return [failure for rule in rules for failure in check_rule(rule)]
