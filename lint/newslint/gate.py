"""The CI gate of ``newslint check``: a baseline of known findings, and maximum rates.

A corpus rarely starts clean, so a CI job that fails on every finding is switched off in a
week. The gate makes it fail only on what is new: ``--write-baseline`` records the current
findings' fingerprints, ``--baseline`` suppresses those, and ``--max-rate SELECTOR=RATE``
tolerates a selector's findings while no more than RATE of the documents have one.

A fingerprint names a finding without its position, so that an edit elsewhere in the
document (a line inserted above, a record's other field) does not change it: the document
(its record id; else ``path#record``; a text file by its path), the rule id, and a digest
of the field and the matched text with its whitespace collapsed. Identical matches of one
rule in one document are told apart by their occurrence index in document order, so a
baseline counts them: two known copies of a paywall line suppress two findings, not three.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path, PurePath
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from newslint.document import Document
from newslint.finding import Finding, Severity
from newslint.reporters.base import plural
from newslint.rule import RuleBase
from newslint.selection import Selection, UnknownSelector, specificity

FORMAT_VERSION = 1


class GateError(Exception):
    """A baseline that cannot be read or written, or a bad ``--max-rate``: exit code 2."""


class Fingerprint(NamedTuple):
    """A finding's identity across runs: which document, which rule, what text, which copy."""

    document: str
    rule: str
    digest: str
    occurrence: int

    @property
    def key(self) -> tuple[str, str, str]:
        """The fingerprint without its occurrence index: what a baseline entry counts."""
        return self.document, self.rule, self.digest


def document_key(document: Document) -> str:
    """How a baseline names ``document``: a record by its id (which survives records being
    added or moved), a record without one by ``path#record``, a text file by its path (a
    text file's id is only its file name's stem, which two directories may share)."""
    path = PurePath(document.path or "-").as_posix()
    if document.record is None:
        return path
    return document.id if document.id is not None else f"{path}#{document.record}"


def text_digest(field_name: str, text: str) -> str:
    """16 hex digits of blake2b over the field and the text, whitespace collapsed: a re-wrap
    of the same words keeps the digest, and the baseline never holds corpus text."""
    material = f"{field_name}\0{' '.join(text.split())}".encode("utf-8", "surrogatepass")
    return hashlib.blake2b(material, digest_size=8).hexdigest()


def fingerprints(document: Document, findings: Sequence[Finding]) -> list[Fingerprint]:
    """The fingerprint of each of ``document``'s findings, in their order."""
    name = document_key(document)
    seen: Counter[tuple[str, str, str]] = Counter()
    out = []
    for finding in findings:
        matched = document.text_of(finding.field)[finding.start : finding.end]
        key = (name, finding.rule, text_digest(finding.field, matched))
        out.append(Fingerprint(*key, seen[key]))
        seen[key] += 1
    return out


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    document: str
    rule: str
    hash: str = Field(pattern=r"^[0-9a-f]{16}$")
    count: int = Field(ge=1)


class _BaselineFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    newslint_baseline: Literal[1]
    entries: list[_Entry]


@dataclass
class Baseline:
    """How many findings of each (document, rule, digest) are known."""

    counts: Counter[tuple[str, str, str]] = field(default_factory=Counter)

    @classmethod
    def load(cls, path: str) -> Baseline:
        """The baseline in ``path``; :class:`GateError` naming the file if it is missing or
        is not a baseline (a CI gate must not pass because its baseline went astray)."""
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise GateError(f"cannot read baseline {path}: {exc.strerror or exc}") from None
        try:
            # json, not pydantic's parser, which refuses the escape of a lone surrogate (an id
            # read from a JSON "\\ud800" escape is written back as one).
            raw = json.loads(data)
        except ValueError as exc:
            raise GateError(f"{path} is not a newslint baseline: invalid JSON: {exc}") from None
        try:
            parsed = _BaselineFile.model_validate(raw)
        except ValidationError as exc:
            problem = exc.errors()[0]
            where = ".".join(str(part) for part in problem["loc"])
            detail = f"{where}: {problem['msg']}" if where else problem["msg"]
            raise GateError(f"{path} is not a newslint baseline: {detail}") from None
        counts: Counter[tuple[str, str, str]] = Counter()
        for entry in parsed.entries:
            counts[entry.document, entry.rule, entry.hash] += entry.count
        return cls(counts)

    def write(self, path: str) -> None:
        """Write the baseline to ``path``: one JSON value, one entry a line, sorted, so that
        a changed baseline reads as a small diff in review."""
        # ASCII with escapes: an id may hold a lone surrogate, which UTF-8 cannot encode.
        lines = [
            json.dumps({"document": document, "rule": rule, "hash": digest, "count": count})
            for (document, rule, digest), count in sorted(self.counts.items())
        ]
        entries = "[\n" + ",\n".join(lines) + "\n]" if lines else "[]"
        text = f'{{"newslint_baseline": {FORMAT_VERSION}, "entries": {entries}}}\n'
        try:
            Path(path).write_text(text, "ascii")
        except OSError as exc:
            raise GateError(f"cannot write baseline {path}: {exc.strerror or exc}") from None

    def covers(self, fingerprint: Fingerprint) -> bool:
        """Whether the baseline knows this finding (as many copies as it counted)."""
        return fingerprint.occurrence < self.counts.get(fingerprint.key, 0)

    def missing_from(self, current: Counter[tuple[str, str, str]]) -> int:
        """How many of the baseline's findings no longer occur (fixed, or their text changed)."""
        return sum(max(count - current.get(key, 0), 0) for key, count in self.counts.items())


@dataclass(frozen=True)
class RateLimit:
    """``--max-rate SELECTOR=RATE``: at most RATE of the documents may have a failing
    finding of a rule SELECTOR names (a rule id, id prefix, name or category)."""

    selector: str
    rate: Fraction

    @classmethod
    def parse(cls, text: str) -> RateLimit:
        """``boilerplate=0.01`` (also ``1/100`` or ``1%``); the rate is kept exact, so that
        1 document in 100 is within 0.01 whatever binary floats would say."""
        selector, sep, value = text.partition("=")
        selector, value = selector.strip(), value.strip()
        try:
            rate = Fraction(value[:-1]) / 100 if value.endswith("%") else Fraction(value)
        except (ValueError, ZeroDivisionError):
            rate = Fraction(-1)
        if not sep or not selector or not 0 <= rate <= 1:
            raise GateError(
                f"--max-rate expects SELECTOR=RATE with RATE from 0 to 1 (or a percentage), "
                f"got {text!r}"
            )
        return cls(selector, rate)


@dataclass(eq=False)
class Tally:
    """A rate limit and the documents it has counted so far."""

    limit: RateLimit
    documents: int = 0

    def line(self, checked: int) -> tuple[bool, str]:
        """Whether the limit is exceeded after ``checked`` documents, and the summary line."""
        observed = Fraction(self.documents, checked) if checked else Fraction(0)
        over = observed > self.limit.rate
        verdict = "exceeded" if over else "within"
        return over, (
            f"max-rate {self.limit.selector}: {self.documents} of {checked} documents "
            f"({_percent(observed)}) have a failing finding, allowed {_percent(self.limit.rate)}: "
            f"{verdict}"
        )


def _percent(value: Fraction) -> str:
    return f"{float(value) * 100:.2f}%"


@dataclass
class GateCounts:
    """What a gate counts as documents go by: fingerprints seen, findings suppressed, and
    per rate limit the documents with a failing finding."""

    current: Counter[tuple[str, str, str]]
    suppressed: int
    documents: list[int]


class Gate:
    """Decides which findings of a run are reported and which of them fail it.

    Order: the baseline first (a suppressed finding is neither reported nor counted), then
    the rates, over the new findings at or above ``--fail-on``. A finding whose rule some
    ``--max-rate`` selector names does not fail the run by itself; each limit is checked on
    its own, so a rule two selectors name counts towards both.
    """

    def __init__(
        self,
        rules: Sequence[RuleBase],
        fail_on: Severity,
        *,
        baseline: Baseline | None = None,
        limits: Iterable[RateLimit] = (),
        fingerprint: bool = False,
    ) -> None:
        self.fail_on = fail_on
        self.baseline = baseline
        self.tallies = [Tally(limit) for limit in limits]
        try:
            Selection(select=tuple(t.limit.selector for t in self.tallies)).validate(rules)
        except UnknownSelector as exc:
            raise GateError(f"--max-rate: {exc}") from None
        self.limited: dict[str, tuple[Tally, ...]] = {
            rule.id: tuple(t for t in self.tallies if specificity(t.limit.selector, rule))
            for rule in rules
        }
        self.fingerprinting = fingerprint or baseline is not None
        self.current: Counter[tuple[str, str, str]] = Counter()
        self.suppressed = 0

    def admit(self, document: Document, findings: list[Finding]) -> list[Finding]:
        """The findings of ``document`` to report: those the baseline does not cover. Counts
        the current fingerprints, the suppressed findings and the rate tallies."""
        if self.fingerprinting:
            prints = fingerprints(document, findings)
            self.current.update(p.key for p in prints)
            if self.baseline is not None:
                covers = self.baseline.covers
                kept = [f for f, p in zip(findings, prints, strict=True) if not covers(p)]
                self.suppressed += len(findings) - len(kept)
                findings = kept
        if self.tallies:
            self.count_rates(findings)
        return findings

    def count_rates(self, findings: list[Finding]) -> None:
        """Count one document for each limit that names the rule of a failing finding."""
        hit = {
            tally
            for f in findings
            if f.severity >= self.fail_on
            for tally in self.limited.get(f.rule, ())
        }
        for tally in hit:
            tally.documents += 1

    def fails(self, finding: Finding) -> bool:
        """Whether ``finding`` (an admitted one) fails the run by itself."""
        return finding.severity >= self.fail_on and not self.limited.get(finding.rule)

    def verdict(self, checked: int) -> tuple[bool, list[str]]:
        """Whether a rate limit is exceeded after ``checked`` documents, and the summary
        lines of the gate (baseline counts, one line per limit)."""
        lines = []
        if self.baseline is not None:
            fixed = self.baseline.missing_from(self.current)
            lines.append(
                f"baseline: {plural(self.suppressed, 'finding')} suppressed, "
                f"{plural(fixed, 'baseline finding')} no longer found"
            )
        over = False
        for tally in self.tallies:
            exceeded, line = tally.line(checked)
            over |= exceeded
            lines.append(line)
        return over, lines

    def take_counts(self) -> GateCounts:
        """What this gate has counted since the last call, and start again from zero.

        A worker process checks documents with its own copy of the run's gate (the baseline
        and limits are read only); the run adds each share with :meth:`add_counts`.
        """
        counts = GateCounts(self.current, self.suppressed, [t.documents for t in self.tallies])
        self.current = Counter()
        self.suppressed = 0
        for tally in self.tallies:
            tally.documents = 0
        return counts

    def add_counts(self, counts: GateCounts) -> None:
        """Add the counts a copy of this gate took (:meth:`take_counts`) to this gate's."""
        self.current.update(counts.current)
        self.suppressed += counts.suppressed
        for tally, documents in zip(self.tallies, counts.documents, strict=True):
            tally.documents += documents

    def snapshot(self) -> Baseline:
        """The run's findings as a baseline (all of them, suppressed ones included)."""
        return Baseline(Counter(self.current))
