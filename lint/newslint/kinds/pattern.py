"""Kind ``pattern``: a regular expression over lines or over the whole document.

Options:

``pattern``
    the regular expression (Python syntax).
``engine``: ``re`` (default) or ``regex``
    ``regex`` enables the third-party engine's extras (``\\p{Lu}``, fuzzy matching…); keep
    ``re`` where the pattern needs none of them: it is much faster on alternations.
``ignore_case`` (default false)
``scope``: ``line`` (default) or ``document``
    at ``line`` scope the pattern sees one line at a time (``^`` and ``$`` are the line's
    ends and a match never spans lines); at ``document`` scope it sees the whole text.
``head`` / ``tail``
    look only at the first / last N lines.
``report``: ``match`` (default) or ``line``
    report the match, or the whole line(s) it is on.
``max_line_length``
    take a match only on a line of at most this many characters (without its surrounding
    blanks): a phrase that marks a short line of page furniture may also stand in a
    paragraph of the story.
``prefilter``
    literal strings (matched ignoring case where ``ignore_case`` is set, else exactly) of
    which a text must contain at least one for the pattern to be run on it: a fast
    pre-check for slow patterns (the literals of all rules are looked for in one pass; at
    line scope, only the lines that hold one are searched before the pattern runs over the
    text). Every match of the pattern must contain one of them, or the rule would miss it.

A ``replace`` fix may refer to the pattern's groups (``\\1``, ``\\g<name>``), and the message
may name its named groups (``{name}``) besides ``{match}``.

Example (YAML)::

    - id: NL140
      name: wire-advisory
      kind: pattern
      pattern: '\\((?:Adds|Updates|Recasts) [^()\\n]{1,200}\\)'
      fix: {action: delete, applicability: safe}
"""

from __future__ import annotations

import re
import re._constants as re_constants
import re._parser as re_parser
from collections.abc import Callable, Iterator, Sequence
from functools import cached_property
from typing import Annotated, Any, Literal

import ahocorasick_rs
import regex
from pydantic import Field, model_validator

from newslint.document import Document, head_end
from newslint.finding import Finding
from newslint.kinds.accelerator import Accelerator
from newslint.kinds.phrase import line_bounds, matches_in
from newslint.rule import RuleBase


class Rule(RuleBase):
    kind: Literal["pattern"]
    pattern: str = Field(min_length=1)
    engine: Literal["re", "regex"] = "re"
    ignore_case: bool = False
    scope: Literal["line", "document"] = "line"
    head: int | None = Field(default=None, ge=1)
    tail: int | None = Field(default=None, ge=1)
    report: Literal["match", "line"] = "match"
    max_line_length: int | None = Field(default=None, ge=1)
    #: literal strings of which the text must contain one for the pattern to match at all
    #: (case-sensitive); a text with none is skipped without running the pattern
    prefilter: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _pattern_compiles(cls, data: Any) -> Any:
        # Checked before the other validators so that the error names the 'pattern' field.
        if isinstance(data, dict) and isinstance(data.get("pattern"), str):
            try:
                _compile(data["pattern"], data.get("engine", "re"), bool(data.get("ignore_case")))
            except (re.error, regex.error) as exc:
                raise ValueError(f"pattern does not compile: {exc}") from None
        return data

    @model_validator(mode="after")
    def _one_window(self) -> Rule:
        if self.head is not None and self.tail is not None:
            raise ValueError("give 'head' or 'tail', not both")
        return self

    @cached_property
    def compiled(self) -> Any:
        return _compile(self.pattern, self.engine, self.ignore_case)

    def placeholders(self) -> frozenset[str]:
        return self.PLACEHOLDERS | frozenset(self.compiled.groupindex)


def _compile(source: str, engine: str, ignore_case: bool) -> Any:
    module = regex if engine == "regex" else re
    flags = module.MULTILINE | (module.IGNORECASE if ignore_case else 0)
    if engine == "regex":
        flags |= regex.VERSION0
    return module.compile(source, flags)


def _window(rule: Rule, text: str) -> tuple[int, int]:
    """The part of ``text`` the rule looks at, as offsets."""
    if rule.head is not None:
        return 0, head_end(text, rule.head)
    if rule.tail is not None:
        start = len(text)
        if text.endswith("\n"):
            start -= 1
        for _ in range(rule.tail):
            nl = text.rfind("\n", 0, start)
            if nl == -1:
                return 0, len(text)
            start = nl
        return start + 1, len(text)
    return 0, len(text)


def _line_matches(compiled: Any, text: str, lo: int, hi: int) -> Iterator[Any]:
    """Matches of ``compiled`` in ``text[lo:hi]`` as if it had been run line by line.

    The pattern runs once over the window in MULTILINE mode, which is what line scope means
    for almost every pattern; a match that crosses a newline (``\\s`` can) is discarded and
    the lines it crossed are searched again one by one.
    """
    seen: set[tuple[int, int]] = set()
    for m in compiled.finditer(text, lo, hi):
        if "\n" not in m.group():
            if m.span() not in seen:
                seen.add(m.span())
                yield m
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        while line_start < m.end():
            line_end = text.find("\n", line_start)
            line_end = hi if line_end == -1 else min(line_end, hi)
            for sub in compiled.finditer(text, line_start, line_end):
                if sub.span() not in seen:
                    seen.add(sub.span())
                    yield sub
            line_start = line_end + 1


#: references to groups (by name or number, or conditions on them): a pattern with one
#: cannot be taken apart and put together with others
_BACK_REFERENCE = re.compile(r"\(\?P=|\\[1-9]|\\g<|\(\?\(")


class LineStartGate:
    """A quick test of whether a pattern anchored at line starts matches a text at all.

    Python's regex engine tries a pattern that starts with ``^`` at every position of the
    text; the same pattern after a ``\\n`` lets it skip from newline to newline, several
    times faster. A rule whose every match starts at a line start matches somewhere if and
    only if its pattern matches at the start of the text or right after a newline. The
    gates of many rules also make one gate (:meth:`union`): most texts hold no page
    furniture at all, and then one scan says so for all of those rules at once.

    Its expressions are compiled when first asked: where the accelerator rules out a rule,
    its gate is never needed, and compiling every gate of the built-in rules would add a
    tenth of a second to every start. Should one not compile on its own, the gate always
    opens (the rule's own pattern decides, as without a gate).
    """

    def __init__(self, body: str, flags: int = 0) -> None:
        """``body``: the pattern without its leading ``^``."""
        self._body = body
        self._flags = flags

    @cached_property
    def _compiled(self) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
        body, flags = self._body, re.MULTILINE | self._flags
        try:
            return re.compile(f"(?:{body})", flags), re.compile(f"\\n(?:{body})", flags)
        except re.error:
            return None

    def opens(self, text: str, lo: int, hi: int) -> bool:
        compiled = self._compiled
        if compiled is None:
            return True
        at_start, after_newline = compiled
        if lo == 0 and at_start.match(text, 0, hi):
            return True
        return after_newline.search(text, max(lo - 1, 0), hi) is not None

    def opens_whole(self, text: str) -> bool:
        """:meth:`opens` over the whole text (the common case, with less to compute)."""
        compiled = self._compiled
        if compiled is None:
            return True
        at_start, after_newline = compiled
        return bool(at_start.match(text) or after_newline.search(text))

    @classmethod
    def of(cls, rule: Rule) -> LineStartGate | None:
        """The gate of ``rule``, or None unless every match of it starts a line."""
        source = rule.pattern
        if rule.engine != "re" or not source.startswith("^") or _BACK_REFERENCE.search(source):
            return None
        try:  # the parser is the re module's own (private, but the only one that knows)
            first = re_parser.parse(source, re.MULTILINE).data[:1]
        except Exception:
            return None
        # "^a|b" parses as a branch: only a pattern whose first item is the anchor is anchored.
        if first != [(re_constants.AT, re_constants.AT_BEGINNING)]:
            return None
        return cls(source[1:], re.IGNORECASE if rule.ignore_case else 0)

    @classmethod
    def union(cls, rules: Sequence[Rule]) -> LineStartGate:
        """One gate for rules that each have one (should their patterns not combine, it
        always opens, and each rule's own gate decides)."""
        bodies = []
        for rule in rules:
            body = _GROUP_NAME.sub("(?:", rule.pattern[1:])  # names would clash here
            bodies.append(f"(?i:{body})" if rule.ignore_case else f"(?:{body})")
        return cls("|".join(bodies))


_GROUP_NAME = re.compile(r"\(\?P<\w+>")


class _Prefilter:
    """Which rules have one of their prefilter literals in a text: one pass of an
    Aho-Corasick automaton over the text for the literals of all rules, however many (and
    one over the text in lower case for the literals of ``ignore_case`` rules)."""

    def __init__(self, rules: Sequence[Rule]) -> None:
        exact: dict[str, set[str]] = {}
        folded: dict[str, set[str]] = {}
        for rule in rules:
            for literal in rule.prefilter:
                if rule.ignore_case:
                    folded.setdefault(literal.lower(), set()).add(rule.id)
                else:
                    exact.setdefault(literal, set()).add(rule.id)
        self._exact = self._automaton(exact)
        self._folded = self._automaton(folded)
        self._folded_ids = frozenset(i for ids in folded.values() for i in ids)

    @staticmethod
    def _automaton(
        by_literal: dict[str, set[str]],
    ) -> tuple[ahocorasick_rs.AhoCorasick, list[frozenset[str]]] | None:
        if not by_literal:
            return None
        return ahocorasick_rs.AhoCorasick(by_literal), [frozenset(i) for i in by_literal.values()]

    def hits(self, text: str) -> dict[str, list[int] | None]:
        """Where the literals of each rule start in ``text``, by rule id (None: somewhere,
        where lower case changes the text's length, as "İ" does); a rule with no literal in
        it is left out."""
        hits: dict[str, list[int] | None] = {}
        if self._exact is not None:
            _found(self._exact, text, hits)
        if self._folded is not None:
            lowered = text.lower()
            if len(lowered) == len(text):
                _found(self._folded, lowered, hits)
            else:  # offsets in the lowered text are not the text's: search it whole
                hits.update(dict.fromkeys(self._folded_ids))
        return hits


def _found(
    automaton: tuple[ahocorasick_rs.AhoCorasick, list[frozenset[str]]],
    text: str,
    hits: dict[str, list[int] | None],
) -> None:
    matcher, ids = automaton
    # Overlapping: a literal inside or across another one still counts.
    for index, start, _ in matches_in(matcher, text, overlapping=True):
        for rule_id in ids[index]:
            starts = hits.setdefault(rule_id, [])
            if starts is not None:
                starts.append(start)


def hit_lines(text: str, starts: Sequence[int]) -> list[tuple[int, int]]:
    """The spans of the lines of ``text`` that hold the offsets ``starts``, each once."""
    spans = {}
    for start in starts:
        line_start = text.rfind("\n", 0, start) + 1
        if line_start not in spans:
            line_end = text.find("\n", start)
            spans[line_start] = len(text) if line_end == -1 else line_end
    return sorted(spans.items())


def _looks_ahead(rule: Rule) -> bool:
    """Whether the pattern has a lookahead that must match (``(?=...)``), which could look
    past the end of a line; unknown (true) if the re module cannot parse it."""
    if rule.engine != "re":
        return True
    try:
        tree = re_parser.parse(rule.pattern, re.IGNORECASE if rule.ignore_case else 0)
    except re.error:
        return True
    return any(op is re_constants.ASSERT and av[0] == 1 for op, av in _items(tree))


def _items(tree: Any) -> Iterator[tuple[Any, Any]]:
    """Every (opcode, argument) item of a parsed pattern, nested ones included."""
    for op, av in tree:
        yield op, av
        for part in av if isinstance(av, tuple | list) else (av,):
            if isinstance(part, re_parser.SubPattern):
                yield from _items(part)
            elif isinstance(part, list):  # the alternatives of a branch
                for branch in part:
                    if isinstance(branch, re_parser.SubPattern):
                        yield from _items(branch)


#: where a rule looks for a match before it is run: the lines that hold its literals, or
#: (None) all of the text
Lines = list[tuple[int, int]] | None


class _FieldPlan:
    """The pattern rules that read one field, sorted by how they are gated."""

    def __init__(self, rules: Sequence[Rule], gates: dict[str, LineStartGate | None]) -> None:
        self.accelerator = Accelerator.of(rules)
        self.accelerated = self.accelerator.rule_ids if self.accelerator else frozenset()
        self.prefiltered = [r for r in rules if r.prefilter]
        self.prefilter = _Prefilter(self.prefiltered) if self.prefiltered else None
        # Whole-text line-start rules without a prefilter share one gate before their own.
        united = [
            r
            for r in rules
            if gates[r.id] and not r.prefilter and r.head is None and r.tail is None
        ]
        self.union = LineStartGate.union(united) if len(united) > 1 else None
        self.united = united if self.union else []
        # Where the accelerator rules on all of them, their shared gate is not needed.
        self.union_needed = any(r.id not in self.accelerated for r in self.united)
        self.always = [r for r in rules if not r.prefilter and r not in self.united]
        # Every match of a prefiltered rule holds one of its literals, and what a rule of
        # line scope reports lies within one line: only the lines with a literal can hold
        # one. A lookahead could look past such a line, and a window is its own limit.
        self.narrowable = {
            r.id
            for r in self.prefiltered
            if r.scope == "line" and r.head is None and r.tail is None and not _looks_ahead(r)
        }

    def active(self, text: str) -> list[tuple[Rule, Lines]]:
        """The rules worth running on ``text`` (most texts pass few gates), each with the
        lines where a match of it must lie if it has any."""
        verdict = self.accelerator.matches(text) if self.accelerator else None
        # The rules the accelerator takes and did not report cannot match: skipped.
        out = self.accelerated - verdict if verdict is not None else frozenset()
        if verdict is None:
            opens = self.union is not None and self.union.opens_whole(text)
        else:
            opens = self.union_needed and self.union.opens_whole(text)  # type: ignore[union-attr]
        active: list[tuple[Rule, Lines]] = [(r, None) for r in self.always if r.id not in out]
        for rule in self.united:
            if rule.id in self.accelerated and verdict is not None:
                if rule.id in verdict:
                    active.append((rule, None))
            elif opens:
                active.append((rule, None))
        candidates = [r for r in self.prefiltered if r.id not in out]
        if self.prefilter is not None and candidates:
            hits = self.prefilter.hits(text)
            for rule in candidates:
                if rule.id in hits:
                    starts = hits[rule.id]
                    narrow = starts is not None and rule.id in self.narrowable
                    active.append((rule, hit_lines(text, starts or []) if narrow else None))
        return active


def build(rules: Sequence[Rule]) -> Callable[[Document], list[Finding]]:
    """Each pattern rule runs its own compiled expression over the fields it reads, after
    its prefilter (all rules' prefilters in one pass) and, for a rule anchored at line
    starts, quick gates (one for all such rules, then its own)."""
    gates = {rule.id: LineStartGate.of(rule) for rule in rules}
    fields = sorted({field for rule in rules for field in rule.fields})
    plans = {f: _FieldPlan([r for r in rules if f in r.fields], gates) for f in fields}

    def check(document: Document) -> list[Finding]:
        findings = []
        for field, plan in plans.items():
            text = document.fields.get(field)
            if not text:
                continue
            for rule, lines in plan.active(text):
                gate = gates[rule.id]
                findings.extend(_rule_findings(rule, gate, document, field, text, lines))
        return findings

    return check


def _rule_findings(
    rule: Rule,
    gate: LineStartGate | None,
    document: Document,
    field: str,
    text: str,
    lines: Lines = None,
) -> list[Finding]:
    compiled = rule.compiled
    # Most texts match no rule: one scan in C says so, with nothing set up.
    if rule.head is None and rule.tail is None:
        lo, hi = 0, len(text)
        if lines is not None:
            if not any(
                gate.opens(text, a, b) if gate else compiled.search(text, a, b) for a, b in lines
            ):
                return []
        elif not (gate.opens_whole(text) if gate else compiled.search(text)):
            return []
    else:
        lo, hi = _window(rule, text)
        if not (gate.opens(text, lo, hi) if gate else compiled.search(text, lo, hi)):
            return []
    if rule.scope == "line":
        matches: Any = _line_matches(compiled, text, lo, hi)
    else:
        matches = compiled.finditer(text, lo, hi)
    findings = []
    reported: set[tuple[int, int]] = set()
    for m in matches:
        if m.end() == m.start() and rule.report == "match":
            continue
        start, end = m.span()
        if rule.report == "line" or rule.max_line_length is not None:
            line_start, line_end = line_bounds(text, start, end)
            if rule.max_line_length is not None and line_end - line_start > rule.max_line_length:
                continue
            if rule.report == "line":
                start, end = line_start, line_end
            if (start, end) in reported:
                continue  # one finding per line, however often it matches
            reported.add((start, end))
        replacement = None
        if rule.fix is not None and rule.fix.action == "replace":
            replacement = m.expand(rule.fix.replacement)
        fix = rule.make_fix(text, start, end, replacement)
        groups = {k: v or "" for k, v in m.groupdict().items()}
        findings.append(rule.finding(document, field, start, end, fix, **groups))
    return findings
