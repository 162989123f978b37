"""Applying fixes: pick non-overlapping fixes, apply, re-lint, until nothing is left to fix.

Overlaps are resolved deterministically: fixes are taken in order of their start, then the
longer first, then rule id, and a fix that overlaps one already taken (an insertion counts
as touching an edit at whose edge it sits) waits for the next round (the text
it targets may be gone by then). The loop stops at a fixed point or after
``max_iterations`` rounds; not converging is reported, not hidden.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from newslint.document import Document
from newslint.engine import Linter
from newslint.finding import Applicability, Edit, Finding

MAX_ITERATIONS = 10


@dataclass
class FixResult:
    """What fixing one document did.

    ``document`` is the fixed document; ``found`` the findings in the text before any fix;
    ``applied`` the findings whose fixes were applied
    (positions as they were in the text of the round that applied them); ``remaining`` the
    findings left in the fixed text (without the fixes that were refused: they cannot be
    made); ``dropped`` fixes refused because they broke an
    invariant; ``converged`` is false when the loop hit its cap with fixes still to apply.
    """

    document: Document
    found: list[Finding] = field(default_factory=list)
    applied: list[Finding] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)
    dropped: list[tuple[Finding, str]] = field(default_factory=list)
    iterations: int = 0
    converged: bool = True

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def metadata(self) -> dict[str, Any]:
        """The fixed document's metadata: a fix may write a value (NL510 moves a leaked
        "date 2021-02-09" into the empty ``date``; NL502 rewrites a date as ISO 8601)."""
        return dict(self.document.metadata)

    @property
    def changed(self) -> bool:
        return bool(self.applied)


def fixable(finding: Finding, unsafe: bool) -> bool:
    """Whether ``finding`` has a fix that may run at this level of consent."""
    fix = finding.fix
    return fix is not None and (unsafe or fix.applicability is Applicability.SAFE)


def choose(findings: list[Finding]) -> list[Finding]:
    """The fixes to apply together in one round: no two of them touch the same text."""
    taken: list[Finding] = []
    spans: list[tuple[int, int]] = []
    # At one start the longer edit goes first: deleting "(Adds comments…)" beats inserting
    # a space before it.
    ordered = sorted(findings, key=_fix_order)
    elsewhere: set[str] = set()  # other fields a taken fix writes to
    for finding in ordered:
        edits = [e for e in finding.fix.edits if e.field is None]  # type: ignore[union-attr]
        others = {e.field for e in finding.fix.edits if e.field is not None}  # type: ignore[union-attr]
        if any(_overlaps(e, s) for e in edits for s in spans) or others & elsewhere:
            continue
        taken.append(finding)
        spans.extend((e.start, e.end) for e in edits)
        elsewhere |= others
    return taken


def _fix_order(finding: Finding) -> tuple[int, int, str]:
    start, end = finding.fix.span  # type: ignore[union-attr]
    return (start, -end, finding.rule)


def _overlaps(edit: Edit, span: tuple[int, int]) -> bool:
    start, end = span
    if edit.start == edit.end or start == end:
        # An insertion conflicts with an edit it touches (inside it or at either end: the
        # text there is about to change) and with another insertion at the same point.
        return start <= edit.start <= end or edit.start <= start <= edit.end
    return edit.start < end and start < edit.end


def apply_edits(text: str, edits: list[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` applied."""
    parts = []
    pos = 0
    for edit in sorted(edits):
        parts.append(text[pos : edit.start])
        parts.append(edit.replacement)
        pos = edit.end
    parts.append(text[pos:])
    return "".join(parts)


def _survivors(text: str, chosen: list[Finding]) -> tuple[list[Finding], list[Finding]]:
    """Never let fixes empty a field (the article would be lost): the fixes kept, in order,
    while the text survives them, and those refused, each of which would not."""
    kept: list[Finding] = []
    refused: list[Finding] = []
    for f in chosen:
        if apply_edits(text, _own_edits([*kept, f])).strip():
            kept.append(f)
        else:
            refused.append(f)
    return kept, refused


def without_refused_fixes(
    document: Document, findings: list[Finding], unsafe: bool = False
) -> list[Finding]:
    """``findings`` with the fixes :func:`fix_document` would refuse because they would
    delete the whole text left out, so that a report does not call fixable what ``--fix``
    will not do. As the fixer does over its rounds, deletions are kept in order while some
    text survives them. Most documents are passed back at once: their fixes delete too
    little to empty anything."""
    by_field: dict[str, list[Finding]] = {}
    for f in findings:
        # Only a fix that deletes (no text put in, something taken out) can empty a text.
        if fixable(f, unsafe) and any(
            e.end > e.start and not e.replacement.strip()
            for e in f.fix.edits  # type: ignore[union-attr]
        ):
            by_field.setdefault(f.field, []).append(f)
    refused: set[int] = set()
    for name, group in by_field.items():
        deletions = [f for f in group if not any(e.replacement.strip() for e in _own_edits([f]))]
        spans = sorted((e.start, e.end) for e in _own_edits(deletions))
        if not spans:
            continue
        text = document.text_of(name)
        if _deleted(spans) < len(text) and _deleted(spans) < len("".join(text.split())):
            continue  # fewer characters deleted than the text has besides spaces
        kept: list[tuple[int, int]] = []
        for f in sorted(deletions, key=_fix_order):
            trial = sorted([*kept, *((e.start, e.end) for e in _own_edits([f]))])
            if _survives(text, trial):
                kept = trial
            else:
                refused.add(id(f))
    if not refused:
        return findings
    return [f._replace(fix=None) if id(f) in refused else f for f in findings]


def _deleted(spans: list[tuple[int, int]]) -> int:
    """How many characters the sorted ``spans`` cover together."""
    total, reach = 0, 0
    for start, end in spans:
        start = max(start, reach)
        if end > start:
            total += end - start
            reach = end
    return total


def _survives(text: str, spans: list[tuple[int, int]]) -> bool:
    """Whether ``text`` keeps something besides spaces outside the sorted ``spans``."""
    pos = 0
    for start, end in spans:
        if text[pos:start].strip():
            return True
        pos = max(pos, end)
    return bool(text[pos:].strip())


def _own_edits(findings: list[Finding]) -> list[Edit]:
    """The edits of ``findings`` to their own field."""
    return [e for f in findings for e in f.fix.edits if e.field is None]  # type: ignore[union-attr]


def _edits_elsewhere(findings: list[Finding]) -> dict[str, list[Edit]]:
    """The edits of ``findings`` to other fields than their own, by field."""
    out: dict[str, list[Edit]] = {}
    for f in findings:
        for edit in f.fix.edits:  # type: ignore[union-attr]
            if edit.field is not None:
                out.setdefault(edit.field, []).append(edit)
    return out


def fix_document(
    linter: Linter,
    document: Document,
    *,
    unsafe: bool = False,
    max_iterations: int = MAX_ITERATIONS,
) -> FixResult:
    """Fix ``document`` to a fixed point with ``linter``'s rules.

    The linter's time limit holds for the document as a whole, all rounds together.
    """
    deadline = linter.deadline()
    findings = linter.lint(document, deadline=deadline)
    result = FixResult(document, found=findings)
    refused: set[tuple[str, str, int, int]] = set()
    while True:
        candidates = [
            f
            for f in findings
            if fixable(f, unsafe) and (f.rule, f.field, f.start, f.end) not in refused
        ]
        if not candidates:
            break
        if result.iterations >= max_iterations:
            result.converged = False
            break
        result.iterations += 1
        by_field: dict[str, list[Finding]] = {}
        for f in candidates:
            by_field.setdefault(f.field, []).append(f)
        for name, group in by_field.items():
            chosen = choose(group)
            text = document.text_of(name)
            fixed = apply_edits(text, _own_edits(chosen))
            if text.strip() and not fixed.strip():
                chosen, emptying = _survivors(text, chosen)
                for f in emptying:
                    result.dropped.append((f, "it would delete the whole text"))
                    refused.add((f.rule, f.field, f.start, f.end))
                fixed = apply_edits(text, _own_edits(chosen))
            if fixed == text:
                # A fix that changes nothing would be offered again forever.
                refused.update((f.rule, f.field, f.start, f.end) for f in chosen)
                continue
            document = document.with_field(name, fixed)
            for other, edits in _edits_elsewhere(chosen).items():
                document = document.with_field(other, apply_edits(document.text_of(other), edits))
            result.applied.extend(chosen)
        findings = linter.lint(document, deadline=deadline)
    result.document = document
    # A fix refused here would be refused again: what is left of it is not fixable.
    result.remaining = [
        f._replace(fix=None) if (f.rule, f.field, f.start, f.end) in refused else f
        for f in findings
    ]
    return result
